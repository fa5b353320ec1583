-- Keyed seals of the audit log's head (entry count, newest entry and its hash), written on a schedule and at every
-- verification. The seal is an HMAC under a key kept outside the database, so one who can write these tables can cut or
-- rewrite the log but cannot seal the result; verification holds the log to the newest checkpoint under the current key.
CREATE TABLE audit_checkpoints (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_audit_checkpoints PRIMARY KEY,
    taken_at DATETIMEOFFSET(7) NOT NULL,
    entry_count BIGINT NOT NULL,
    head_sequence BIGINT NOT NULL,
    head_hash NCHAR(64) NOT NULL,
    key_id NVARCHAR(16) NOT NULL,
    seal NCHAR(64) NOT NULL,
    reason NVARCHAR(20) NOT NULL
);
GO
CREATE INDEX ix_audit_checkpoints_newest ON audit_checkpoints (key_id, head_sequence, taken_at);
GO
-- The audit log and its checkpoints are append-only for the application's own connections: an UPDATE or DELETE is refused.
-- TRUNCATE TABLE fires no DELETE trigger; it is an owner's operation (the tests' reset uses it) and verification reports its effect.
CREATE TRIGGER tr_audit_log_append_only ON audit_log AFTER UPDATE, DELETE AS
BEGIN
    THROW 51001, 'audit_log is append-only: UPDATE and DELETE are refused.', 1;
END;
GO
CREATE TRIGGER tr_audit_checkpoints_append_only ON audit_checkpoints AFTER UPDATE, DELETE AS
BEGIN
    THROW 51001, 'audit_checkpoints is append-only: UPDATE and DELETE are refused.', 1;
END;
