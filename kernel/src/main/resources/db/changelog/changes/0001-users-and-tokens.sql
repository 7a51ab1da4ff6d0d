--liquibase formatted sql

--changeset leadflow:0001-users-and-tokens
CREATE TABLE app_user (
    id            uuid        PRIMARY KEY,
    username      text        NOT NULL,
    display_name  text,
    role          text        NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    password_hash text        NOT NULL,
    disabled      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_username_key ON app_user (lower(username));

-- Bearer tokens: login sessions and named API tokens. Only a SHA-256 of the secret is kept.
CREATE TABLE api_token (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind         text        NOT NULL CHECK (kind IN ('session', 'api')),
    name         text        NOT NULL,
    secret_hash  bytea       NOT NULL,
    hint         text        NOT NULL,
    role         text        CHECK (role IN ('admin', 'editor', 'viewer')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    revoked_at   timestamptz
);
CREATE UNIQUE INDEX api_token_secret_hash_key ON api_token (secret_hash);
CREATE INDEX api_token_user_idx ON api_token (user_id, created_at);
--rollback DROP TABLE api_token; DROP TABLE app_user;
