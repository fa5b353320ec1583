-- The clause library Legal keeps: a clause per row, its wordings as versions 1..latest_version. A version is never
-- changed once published; publishing moves latest_version on from the number the publisher saw.
CREATE TABLE clauses (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_clauses PRIMARY KEY,
    category NVARCHAR(300) NOT NULL,
    category_normalized NVARCHAR(300) NOT NULL,
    title NVARCHAR(300) NOT NULL,
    latest_version INT NOT NULL,
    is_retired BIT NOT NULL,
    created_by NVARCHAR(300) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    retired_by NVARCHAR(300) NULL,
    retired_at DATETIMEOFFSET(7) NULL
);
GO
CREATE INDEX ix_clauses_category ON clauses (category_normalized, title);
GO
CREATE TABLE clause_versions (
    clause_id UNIQUEIDENTIFIER NOT NULL,
    number INT NOT NULL,
    text NVARCHAR(MAX) NOT NULL,
    published_by NVARCHAR(300) NOT NULL,
    published_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_clause_versions PRIMARY KEY (clause_id, number)
);
GO
-- Agreements refer to a clause version by number, so its text must read the same for as long as they exist.
CREATE TRIGGER tr_clause_versions_append_only ON clause_versions AFTER UPDATE AS
BEGIN
    THROW 51000, 'A published clause version never changes; publish a new version instead.', 1;
END;
