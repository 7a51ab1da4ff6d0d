--liquibase formatted sql

--changeset leadflow:0007-executions
-- An execution pins the workflow version it started on; node runs are its checkpoints.
CREATE TABLE execution (
    id               uuid        PRIMARY KEY,
    workflow_id      uuid        NOT NULL REFERENCES workflow (id),
    workflow_version integer     NOT NULL,
    status           text        NOT NULL CHECK (status IN ('running', 'waiting', 'succeeded', 'failed', 'canceled')),
    mode             text        NOT NULL,
    trigger_node     text        NOT NULL,
    error            text,
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
);
CREATE INDEX execution_workflow_idx ON execution (workflow_id, started_at DESC, id);
CREATE INDEX execution_started_idx ON execution (started_at DESC, id);

CREATE TABLE node_run (
    id              uuid        PRIMARY KEY,
    execution_id    uuid        NOT NULL REFERENCES execution (id) ON DELETE CASCADE,
    node_id         text        NOT NULL,
    attempt         integer     NOT NULL,
    status          text        NOT NULL CHECK (status IN ('succeeded', 'failed', 'waiting')),
    idempotency_key text        NOT NULL,
    input           jsonb,
    output          jsonb,
    error           text,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX node_run_execution_idx ON node_run (execution_id, finished_at);

-- The durable work queue: one row per node run to do, claimed with FOR UPDATE SKIP LOCKED under a lease.
CREATE TABLE work_item (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    execution_id    uuid        NOT NULL REFERENCES execution (id) ON DELETE CASCADE,
    node_id         text        NOT NULL,
    input           jsonb       NOT NULL,
    attempt         integer     NOT NULL DEFAULT 1,
    idempotency_key text        NOT NULL,
    resume          jsonb,
    due_at          timestamptz NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    leased_by       text
);
CREATE INDEX work_item_due_idx ON work_item (due_at);
CREATE INDEX work_item_execution_idx ON work_item (execution_id);
--rollback DROP TABLE work_item; DROP TABLE node_run; DROP TABLE execution;

--changeset leadflow:0007-plugin-state
-- Each plugin's durable key-value state (cursors, loop queues, seen webhook tokens).
CREATE TABLE plugin_state (
    plugin_id  text        NOT NULL,
    key        text        NOT NULL,
    value      jsonb       NOT NULL,
    expires_at timestamptz,
    PRIMARY KEY (plugin_id, key)
);
--rollback DROP TABLE plugin_state;
