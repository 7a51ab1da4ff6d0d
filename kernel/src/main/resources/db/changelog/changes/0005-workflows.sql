--liquibase formatted sql

--changeset leadflow:0005-workflows
-- A workflow and its immutable versions: every save adds a version; one version may be active.
CREATE TABLE workflow (
    id             uuid        PRIMARY KEY,
    name           text        NOT NULL,
    latest_version integer     NOT NULL,
    active_version integer,
    created_by     uuid        REFERENCES app_user (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);
CREATE INDEX workflow_updated_idx ON workflow (updated_at DESC, id) WHERE deleted_at IS NULL;

CREATE TABLE workflow_version (
    workflow_id uuid        NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
    version     integer     NOT NULL,
    document    jsonb       NOT NULL,
    created_by  uuid        REFERENCES app_user (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_id, version)
);
--rollback DROP TABLE workflow_version; DROP TABLE workflow;
