--liquibase formatted sql

--changeset leadflow:0002-audit-log
CREATE TABLE audit_log (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_type  text        NOT NULL,
    actor_id    text,
    actor_name  text,
    action      text        NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('success', 'failure')),
    target_type text,
    target_id   text,
    client_ip   text,
    detail      jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, id);
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at);
--rollback DROP TABLE audit_log;

--changeset leadflow:0002-audit-log-append-only splitStatements:false
-- The audit trail is append-only: the database itself refuses to change or remove a row.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--rollback DROP TRIGGER audit_log_no_truncate ON audit_log; DROP TRIGGER audit_log_no_update_or_delete ON audit_log; DROP FUNCTION audit_log_refuse_change();
