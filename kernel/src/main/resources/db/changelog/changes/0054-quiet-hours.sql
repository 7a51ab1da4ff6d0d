--liquibase formatted sql

--changeset leadflow:0054-quiet-hours
-- The workspace's quiet hours: one row. A send that falls inside them waits (durably, as a parked
-- work item) until they end in the lead's time zone.
CREATE TABLE quiet_hours (
    id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    enabled     boolean NOT NULL,
    starts      time NOT NULL,
    ends        time NOT NULL,
    time_zone   text NOT NULL,
    media       text[] NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  uuid
);
--rollback DROP TABLE quiet_hours;
