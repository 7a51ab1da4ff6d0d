--liquibase formatted sql

--changeset leadflow:0022-lead-search-recent
-- A name or company prefix search must return the newest matching leads without visiting every
-- lead a common prefix matches: each token row carries its lead's created_at (which never changes),
-- and this index hands out a token's leads newest first, so the search stops after a page.
ALTER TABLE lead_search ADD COLUMN created_at timestamptz;
UPDATE lead_search s SET created_at = l.created_at FROM lead l WHERE l.id = s.lead_id;
ALTER TABLE lead_search ALTER COLUMN created_at SET NOT NULL;
CREATE INDEX lead_search_recent_idx ON lead_search (kind, token, created_at DESC, lead_id DESC);
-- Short prefixes are shared by many leads, long ones by few: a long most-common-values list lets
-- the planner tell them apart (the default keeps 100, far too few for millions of tokens).
ALTER TABLE lead_search ALTER COLUMN token SET STATISTICS 2000;
--rollback ALTER TABLE lead_search ALTER COLUMN token SET STATISTICS -1; DROP INDEX lead_search_recent_idx; ALTER TABLE lead_search DROP COLUMN created_at;
