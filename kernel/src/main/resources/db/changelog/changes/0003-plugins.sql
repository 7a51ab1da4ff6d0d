--liquibase formatted sql

--changeset leadflow:0003-plugins
-- Installed plugins and whether they are started; the jars themselves live in LEADFLOW_DATA_DIR/plugins.
CREATE TABLE plugin (
    id           text        PRIMARY KEY,
    version      text        NOT NULL,
    file_name    text        NOT NULL,
    sha256       text        NOT NULL,
    enabled      boolean     NOT NULL DEFAULT true,
    installed_at timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
--rollback DROP TABLE plugin;
