--liquibase formatted sql

--changeset leadflow:0057-marketplace-sequence
-- The highest marketplace index sequence accepted per index location, so a replayed older (validly
-- signed) index that would hide a yank or an advisory is refused, across restarts and kernels.
-- The hash tells a re-read of the very index accepted last from a different one with its sequence.
CREATE TABLE marketplace_sequence (
    source           text        PRIMARY KEY,
    highest_sequence bigint      NOT NULL CHECK (highest_sequence >= 0),
    index_sha256     text        NOT NULL,
    seen_at          timestamptz NOT NULL DEFAULT now()
);
--rollback DROP TABLE marketplace_sequence;
