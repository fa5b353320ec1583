-- The clause library Legal keeps: a clause per row, its wordings as versions 1..latest_version. A version is never
-- changed once published; publishing moves latest_version on from the number the publisher saw.
CREATE TABLE clauses (
    id UUID NOT NULL CONSTRAINT pk_clauses PRIMARY KEY,
    category VARCHAR(300) NOT NULL,
    category_normalized VARCHAR(300) NOT NULL,
    title VARCHAR(300) NOT NULL,
    latest_version INTEGER NOT NULL,
    is_retired BOOLEAN NOT NULL,
    created_by VARCHAR(300) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    retired_by VARCHAR(300) NULL,
    retired_at TIMESTAMPTZ NULL
);

CREATE INDEX ix_clauses_category ON clauses (category_normalized, title);

CREATE TABLE clause_versions (
    clause_id UUID NOT NULL,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    published_by VARCHAR(300) NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_clause_versions PRIMARY KEY (clause_id, number)
);

-- Agreements refer to a clause version by number, so its text must read the same for as long as they exist.
CREATE FUNCTION clause_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'A published clause version never changes; publish a new version instead.';
END;
$$;

CREATE TRIGGER tr_clause_versions_append_only BEFORE UPDATE ON clause_versions
    FOR EACH ROW EXECUTE FUNCTION clause_versions_append_only();
