--liquibase formatted sql

--changeset leadflow:0011-trigger-cursors
-- A polling trigger's cursor and its next poll: a kernel polls only after moving next_poll_at
-- forward itself, so with several kernels each poll happens once.
CREATE TABLE trigger_cursor (
    workflow_id  uuid        NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
    node_id      text        NOT NULL,
    cursor       text,
    next_poll_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_id, node_id)
);
--rollback DROP TABLE trigger_cursor;
