-- Keyed seals of the audit log's head (entry count, newest entry and its hash), written on a schedule and at every
-- verification. The seal is an HMAC under a key kept outside the database, so one who can write these tables can cut or
-- rewrite the log but cannot seal the result; verification holds the log to the newest checkpoint under the current key.
CREATE TABLE audit_checkpoints (
    id UUID NOT NULL CONSTRAINT pk_audit_checkpoints PRIMARY KEY,
    taken_at TIMESTAMPTZ NOT NULL,
    entry_count BIGINT NOT NULL,
    head_sequence BIGINT NOT NULL,
    head_hash CHAR(64) NOT NULL,
    key_id VARCHAR(16) NOT NULL,
    seal CHAR(64) NOT NULL,
    reason VARCHAR(20) NOT NULL
);

CREATE INDEX ix_audit_checkpoints_newest ON audit_checkpoints (key_id, head_sequence, taken_at);

-- The audit log and its checkpoints are append-only for the application's own connections: an UPDATE or DELETE is refused.
-- TRUNCATE fires no row trigger; it is an owner's operation (the tests' reset uses it) and verification reports its effect.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused.', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER tr_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER tr_audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
