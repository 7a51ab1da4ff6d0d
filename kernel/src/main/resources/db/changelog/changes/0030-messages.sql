--liquibase formatted sql

--changeset leadflow:0030-messages
-- Messages to and from leads through channels. Addresses, subject and bodies are personal data:
-- they exist here only as AES-GCM ciphertexts bound to "message:<id>:<field>". The sender of an
-- inbound message is also kept as a keyed blind index (HMAC of "<medium>:<address>") so a reply
-- from a page-scoped id (Messenger, Instagram) finds its lead without the address in clear.
CREATE TABLE message (
    id                   uuid        PRIMARY KEY,
    lead_id              uuid        NOT NULL REFERENCES lead (id),
    direction            text        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    medium               text        NOT NULL,
    channel_id           text        NOT NULL,
    provider_message_id  text,
    status               text        NOT NULL CHECK (status IN ('received', 'sent', 'failed')),
    error                text,
    from_ct              text,
    to_ct                text,
    subject_ct           text,
    text_ct              text,
    html_ct              text,
    from_index           bytea,
    idempotency_key      text,
    execution_id         uuid,
    created_at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    occurred_at          timestamptz NOT NULL
);
CREATE INDEX message_lead_idx ON message (lead_id, created_at DESC, id DESC);
-- a provider that redelivers a webhook must not store (or opt out, or trigger) twice
CREATE UNIQUE INDEX message_inbound_provider_idx ON message (channel_id, provider_message_id)
    WHERE direction = 'inbound' AND provider_message_id IS NOT NULL;
-- one outbound message per node-run idempotency key: a retried node never sends twice
CREATE UNIQUE INDEX message_idempotency_idx ON message (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX message_from_idx ON message (from_index, created_at DESC) WHERE from_index IS NOT NULL;
--rollback DROP TABLE message;
