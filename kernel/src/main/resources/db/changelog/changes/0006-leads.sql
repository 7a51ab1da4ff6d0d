--liquibase formatted sql

--changeset leadflow:0006-leads
-- Leads. Names, company, emails, phones and custom fields exist here only as AES-GCM ciphertexts
-- ("v1:<keyId>:..."), each bound to "lead:<id>:<field>". Status, source, tags, owner, consent and
-- dates stay plain so they can be filtered and indexed. A deleted lead keeps an anonymous
-- tombstone (deleted_at set, every ciphertext NULL) for statistics and the audit trail.
CREATE TABLE lead (
    id                uuid        PRIMARY KEY,
    first_name_ct     text,
    last_name_ct      text,
    company_ct        text,
    emails_ct         text,
    phones_ct         text,
    custom_fields_ct  text,
    consent           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    source            text,
    status            text        NOT NULL DEFAULT 'new'
                                  CHECK (status IN ('new', 'contacted', 'qualified', 'won', 'lost')),
    tags              text[]      NOT NULL DEFAULT '{}',
    owner_id          uuid        REFERENCES app_user (id) ON DELETE SET NULL,
    created_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    deleted_at        timestamptz
);
-- keyset pagination newest first, and the plain filters, all on live leads only
CREATE INDEX lead_created_idx ON lead (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX lead_status_idx ON lead (status, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX lead_source_idx ON lead (source, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX lead_owner_idx ON lead (owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX lead_tags_idx ON lead USING gin (tags) WHERE deleted_at IS NULL;

-- Blind indexes: keyed HMAC-SHA256 tokens of the normalised email / phone, and of lower-cased
-- word prefixes (1..10 characters) of the names and the company. No plaintext, no reversible data.
CREATE TABLE lead_search (
    lead_id uuid  NOT NULL REFERENCES lead (id) ON DELETE CASCADE,
    kind    text  NOT NULL CHECK (kind IN ('email', 'phone', 'name_prefix', 'company_prefix')),
    token   bytea NOT NULL,
    PRIMARY KEY (kind, token, lead_id)
);
CREATE INDEX lead_search_lead_idx ON lead_search (lead_id);
--rollback DROP TABLE lead_search; DROP TABLE lead;
