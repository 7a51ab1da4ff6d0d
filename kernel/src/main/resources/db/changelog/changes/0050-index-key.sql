--liquibase formatted sql

--changeset leadflow:0050-index-key
-- The key of the search tokens (blind indexes), wrapped (AES-GCM) by the master key. It is derived
-- from the master key the first time; kept here so that a new master key only re-wraps it instead
-- of invalidating every search token.
CREATE TABLE crypto_index_key (
    id          smallint    PRIMARY KEY CHECK (id = 1),
    wrapped_key text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
--rollback DROP TABLE crypto_index_key;
