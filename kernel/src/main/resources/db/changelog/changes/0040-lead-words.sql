--liquibase formatted sql

--changeset leadflow:0040-lead-words
-- Name and company search, one token kind for both: a row per distinct lower-cased word prefix
-- (2 to 10 characters) of the lead's first name, last name and company, holding the first 8 bytes
-- of the prefix's keyed HMAC (see SearchTokens). The primary key hands out one token's leads newest
-- first, so a search stops after a page; status and tags ride along in the index so a filtered
-- search is answered from the index alone (an index-only scan) until the page is full. They are
-- rewritten with the lead's tokens whenever the lead changes. No foreign key: rows are written and
-- removed with their lead in one transaction, and a key check per row would double the writes.
CREATE TABLE lead_word (
    token      bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    lead_id    uuid        NOT NULL,
    status     text        NOT NULL,
    tags       text[]      NOT NULL,
    CONSTRAINT lead_word_pkey PRIMARY KEY (token, created_at, lead_id) INCLUDE (status, tags)
);
-- lead_search keeps the email and phone tokens only, found by exact token: the per-date index of
-- the old prefix search is no longer needed.
DELETE FROM lead_search WHERE kind IN ('name_prefix', 'company_prefix');
DROP INDEX lead_search_recent_idx;
ALTER TABLE lead_search ALTER COLUMN token SET STATISTICS -1;
-- Leads written before this change get their word tokens from a walk at start (LeadWordBackfill);
-- new leads are written with theirs.
ALTER TABLE lead ADD COLUMN words_pending boolean NOT NULL DEFAULT false;
UPDATE lead SET words_pending = true WHERE deleted_at IS NULL;
CREATE INDEX lead_words_pending_idx ON lead (id) WHERE words_pending;
--rollback DROP INDEX lead_words_pending_idx; ALTER TABLE lead DROP COLUMN words_pending; CREATE INDEX lead_search_recent_idx ON lead_search (kind, token, created_at DESC, lead_id DESC); DROP TABLE lead_word;
