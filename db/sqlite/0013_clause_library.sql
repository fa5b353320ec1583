-- The clause library Legal keeps: a clause per row, its wordings as versions 1..latest_version. A version is never
-- changed once published; publishing moves latest_version on from the number the publisher saw.
CREATE TABLE clauses (
    id BLOB NOT NULL CONSTRAINT pk_clauses PRIMARY KEY,
    category TEXT NOT NULL,
    category_normalized TEXT NOT NULL,
    title TEXT NOT NULL,
    latest_version INTEGER NOT NULL,
    is_retired INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_by TEXT NULL,
    retired_at TEXT NULL
);

CREATE INDEX ix_clauses_category ON clauses (category_normalized, title);

CREATE TABLE clause_versions (
    clause_id BLOB NOT NULL,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at TEXT NOT NULL,
    CONSTRAINT pk_clause_versions PRIMARY KEY (clause_id, number)
);

-- Agreements refer to a clause version by number, so its text must read the same for as long as they exist.
CREATE TRIGGER tr_clause_versions_append_only BEFORE UPDATE ON clause_versions
BEGIN
    SELECT RAISE(ABORT, 'A published clause version never changes; publish a new version instead.');
END;
