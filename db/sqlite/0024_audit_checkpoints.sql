-- Keyed seals of the audit log's head (entry count, newest entry and its hash), written on a schedule and at every
-- verification. The seal is an HMAC under a key kept outside the database, so one who can write these tables can cut or
-- rewrite the log but cannot seal the result; verification holds the log to the newest checkpoint under the current key.
-- On SQLite whoever holds the file holds everything, so no trigger pretends otherwise; the checkpoints are what protect it.
CREATE TABLE audit_checkpoints (
    id BLOB NOT NULL CONSTRAINT pk_audit_checkpoints PRIMARY KEY,
    taken_at TEXT NOT NULL,
    entry_count INTEGER NOT NULL,
    head_sequence INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    key_id TEXT NOT NULL,
    seal TEXT NOT NULL,
    reason TEXT NOT NULL
);

CREATE INDEX ix_audit_checkpoints_newest ON audit_checkpoints (key_id, head_sequence, taken_at);
