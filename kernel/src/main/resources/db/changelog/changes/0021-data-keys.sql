--liquibase formatted sql

--changeset leadflow:0021-data-keys
-- The keyring: data keys that encrypt lead PII, each wrapped (AES-GCM) by the master key and never
-- stored in the clear. Exactly one is primary: it encrypts every new write. Older keys stay to
-- decrypt what they wrote until the re-encryption has moved it.
CREATE TABLE crypto_data_key (
    key_id      text        PRIMARY KEY,
    wrapped_key text        NOT NULL,
    is_primary  boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX crypto_data_key_one_primary ON crypto_data_key (is_primary) WHERE is_primary;

-- Re-encryption of leads to a new primary key: a resumable walk in id order whose cursor and
-- counts are committed with each batch, so a restarted kernel continues where it stopped.
CREATE TABLE lead_reencryption (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target_key_id text        NOT NULL REFERENCES crypto_data_key (key_id),
    status        text        NOT NULL CHECK (status IN ('running', 'finished', 'superseded', 'failed')),
    cursor_id     uuid,
    processed     bigint      NOT NULL DEFAULT 0,
    reencrypted   bigint      NOT NULL DEFAULT 0,
    total         bigint      NOT NULL,
    error         text,
    started_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at   timestamptz
);
CREATE UNIQUE INDEX lead_reencryption_one_running ON lead_reencryption (status) WHERE status = 'running';
--rollback DROP TABLE lead_reencryption; DROP TABLE crypto_data_key;
