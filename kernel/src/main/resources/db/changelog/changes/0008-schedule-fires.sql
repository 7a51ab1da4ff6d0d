--liquibase formatted sql

--changeset leadflow:0008-schedule-fires
-- One row per schedule firing: the kernel that inserts it starts the run, so several kernels
-- fire each schedule exactly once.
CREATE TABLE schedule_fire (
    workflow_id  uuid        NOT NULL,
    node_id      text        NOT NULL,
    due_at       timestamptz NOT NULL,
    execution_id uuid,
    fired_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_id, node_id, due_at)
);
--rollback DROP TABLE schedule_fire;
