--liquibase formatted sql

--changeset leadflow:0055-node-run-failure-details
-- A failed node run keeps its failure's stable code (e.g. layout-changed, login-failed) and
-- details (plain JSON from the node: the selector that matched nothing, a screenshot as a data:
-- URL), so GET /api/v1/executions/{id} shows why, not only the message.
ALTER TABLE node_run ADD COLUMN error_code text, ADD COLUMN error_details jsonb;
--rollback ALTER TABLE node_run DROP COLUMN error_code, DROP COLUMN error_details;
