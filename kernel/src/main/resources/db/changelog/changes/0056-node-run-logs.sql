--liquibase formatted sql

--changeset leadflow:0056-node-run-logs
-- The lines a node logged during its run (a Code node's console.log, a plugin's info and warn),
-- bounded by the engine, so a successful run shows what it printed, as in n8n and Kestra.
ALTER TABLE node_run ADD COLUMN logs jsonb;
--rollback ALTER TABLE node_run DROP COLUMN logs;
