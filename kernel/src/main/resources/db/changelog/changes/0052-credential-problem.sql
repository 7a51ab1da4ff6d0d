--liquibase formatted sql

--changeset leadflow:0052-credential-problem
-- Set when a provider refused the credential itself (an expired or revoked token) during a send,
-- so the editor can say which credential to renew; cleared by a passing connection test.
ALTER TABLE credential ADD COLUMN problem text;
ALTER TABLE credential ADD COLUMN problem_at timestamptz;
--rollback ALTER TABLE credential DROP COLUMN problem_at; ALTER TABLE credential DROP COLUMN problem;
