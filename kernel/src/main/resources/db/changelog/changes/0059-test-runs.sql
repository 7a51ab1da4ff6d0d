--liquibase formatted sql

--changeset leadflow:0059-test-runs
-- Test runs from the editor: "run up to this node" (and "run this node alone") stop after the
-- node named here, and run only the nodes that lead to it; null for every other execution. It is
-- stored so that an execution resumed by another kernel (after a wait, a crash) keeps its scope.
ALTER TABLE execution ADD COLUMN run_until text;
-- A test run replays a node's pinned output instead of running it: the node run says so, so the
-- editor never presents pinned data as what the node produced.
ALTER TABLE node_run ADD COLUMN pinned boolean NOT NULL DEFAULT false;
--rollback ALTER TABLE node_run DROP COLUMN pinned; ALTER TABLE execution DROP COLUMN run_until;
