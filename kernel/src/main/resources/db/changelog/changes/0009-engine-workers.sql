--liquibase formatted sql

--changeset leadflow:0009-engine-workers
-- Live engine workers: a lease held by a worker that stopped beating is free at once, so a crashed
-- kernel's in-flight node runs resume within seconds instead of waiting out the lease.
CREATE TABLE engine_worker (
    id           text        PRIMARY KEY,
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);
--rollback DROP TABLE engine_worker;
