--liquibase formatted sql

--changeset leadflow:0010-execution-ownership
-- One kernel owns a running execution at a time and runs its nodes in memory, checkpointing each
-- node run; an owner whose heartbeat stopped loses its executions to any other kernel at once.
-- due_at is when an execution nobody owns next has work (a wait ending, a retry, a resumed event).
ALTER TABLE execution ADD COLUMN owner text, ADD COLUMN due_at timestamptz;
CREATE INDEX execution_due_idx ON execution (due_at) WHERE due_at IS NOT NULL;
UPDATE execution e SET due_at = (SELECT min(w.due_at) FROM work_item w WHERE w.execution_id = e.id)
WHERE e.status IN ('running', 'waiting');

-- Work items get ids the engine assigns, so a checkpoint writes them in one batch; leases move to
-- the execution. Waits for an event are work items too: due at their timeout, made due at once
-- when the event arrives.
ALTER TABLE work_item DROP CONSTRAINT work_item_pkey;
ALTER TABLE work_item DROP COLUMN id, DROP COLUMN lease_until, DROP COLUMN leased_by;
ALTER TABLE work_item ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY;
ALTER TABLE work_item ADD COLUMN wait_event text, ADD COLUMN wait_key text, ADD COLUMN event jsonb,
    ADD COLUMN received_port text, ADD COLUMN timeout_port text;
DROP INDEX work_item_due_idx;
CREATE INDEX work_item_wait_idx ON work_item (wait_event, wait_key) WHERE wait_event IS NOT NULL;

-- Node runs of one execution in the order they finished, even when several commit together.
ALTER TABLE node_run ADD COLUMN seq integer NOT NULL DEFAULT 0;
DROP INDEX node_run_execution_idx;
CREATE INDEX node_run_execution_idx ON node_run (execution_id, seq);
--rollback ALTER TABLE node_run DROP COLUMN seq; ALTER TABLE execution DROP COLUMN owner, DROP COLUMN due_at;
