--liquibase formatted sql

--changeset leadflow:0020-audit-hash-chain splitStatements:false
-- Every audit row carries chain_seq (its place in one linear chain), prev_hash (the hash of the
-- row before it) and hash = sha256(prev_hash || its content). A BEFORE INSERT trigger takes the
-- single tail row FOR UPDATE, so appends are serialised until their transaction ends and the chain
-- stays linear in commit order; a rolled-back append rolls the tail back with it.
ALTER TABLE audit_log ADD COLUMN chain_seq bigint, ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea;

CREATE TABLE audit_chain_tail (
    id        integer PRIMARY KEY CHECK (id = 1),
    chain_seq bigint  NOT NULL,
    hash      bytea   NOT NULL
);

-- The content a row's hash covers. Time as epoch microseconds and detail as jsonb's canonical
-- text, so the digest does not depend on the session's time zone or on key order.
CREATE FUNCTION audit_row_digest(prev bytea, r audit_log) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(prev || convert_to(concat_ws(E'\x1f',
        r.chain_seq::text, r.id::text,
        (extract(epoch FROM r.occurred_at) * 1000000)::bigint::text,
        coalesce(r.actor_type, E'\x1e'), coalesce(r.actor_id, E'\x1e'), coalesce(r.actor_name, E'\x1e'),
        r.action, r.outcome, coalesce(r.target_type, E'\x1e'), coalesce(r.target_id, E'\x1e'),
        coalesce(r.client_ip, E'\x1e'), r.detail::text), 'UTF8'))
$$;

CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tail audit_chain_tail;
BEGIN
    SELECT * INTO tail FROM audit_chain_tail WHERE id = 1 FOR UPDATE;
    NEW.chain_seq := tail.chain_seq + 1;
    NEW.prev_hash := tail.hash;
    NEW.hash := audit_row_digest(tail.hash, NEW);
    UPDATE audit_chain_tail SET chain_seq = NEW.chain_seq, hash = NEW.hash WHERE id = 1;
    RETURN NEW;
END;
$$;

-- Rows written before the chain existed are chained now, in id order, from a zero genesis hash.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete;
DO $$
DECLARE
    r audit_log;
    prev bytea := decode(repeat('00', 32), 'hex');
    seq bigint := 0;
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
        seq := seq + 1;
        r.chain_seq := seq;
        UPDATE audit_log SET chain_seq = seq, prev_hash = prev, hash = audit_row_digest(prev, r) WHERE id = r.id
            RETURNING hash INTO prev;
    END LOOP;
    INSERT INTO audit_chain_tail (id, chain_seq, hash) VALUES (1, seq, prev);
END;
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_or_delete;

ALTER TABLE audit_log ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_log_chain_idx ON audit_log (chain_seq);
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--rollback DROP TRIGGER audit_log_chain ON audit_log; DROP FUNCTION audit_log_chain(); DROP FUNCTION audit_row_digest(bytea, audit_log); DROP TABLE audit_chain_tail; ALTER TABLE audit_log DROP COLUMN hash, DROP COLUMN prev_hash, DROP COLUMN chain_seq;
