--liquibase formatted sql

--changeset leadflow:0041-audit-lead-listings
-- A search writes one lead.listed row naming every lead it returned (detail.ids); this index finds
-- those rows by lead, for GET /api/v1/audit?leadId= and a lead's export, without reading them all.
CREATE INDEX audit_log_listed_ids_idx ON audit_log USING gin ((detail -> 'ids') jsonb_path_ops)
    WHERE action = 'lead.listed';
--rollback DROP INDEX audit_log_listed_ids_idx;
