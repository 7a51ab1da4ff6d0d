--liquibase formatted sql

--changeset leadflow:0004-key-check
-- One row per master key: a known value encrypted with it, so a wrong key is caught at start.
CREATE TABLE crypto_key_check (
    key_id     text        PRIMARY KEY,
    ciphertext text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
--rollback DROP TABLE crypto_key_check;

--changeset leadflow:0004-credentials
-- Credentials of plugin credential types. Every field is inside the AES-GCM ciphertext; the
-- non-secret fields are also kept in public_fields so lists need no decryption.
CREATE TABLE credential (
    id            uuid        PRIMARY KEY,
    name          text        NOT NULL,
    type_id       text        NOT NULL,
    ciphertext    text        NOT NULL,
    public_fields jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_by    uuid        REFERENCES app_user (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credential_type_idx ON credential (type_id);
--rollback DROP TABLE credential;
