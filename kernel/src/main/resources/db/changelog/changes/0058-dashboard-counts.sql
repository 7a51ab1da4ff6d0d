--liquibase formatted sql

--changeset leadflow:0058-dashboard-counts
-- The dashboard counts the leads created in a window, erased ones (tombstones) included, which the
-- partial lead_created_idx (live leads only) cannot serve. created_at never changes, so this index
-- costs an insert and no update. Executions are counted through execution_started_idx (0007);
-- status stays unindexed so the engine's status updates remain cheap.
CREATE INDEX lead_created_at_idx ON lead (created_at);
--rollback DROP INDEX lead_created_at_idx;
