-- Word templates for generated contracts, kept as uploaded; the latest one not removed is used, none means the built-in layout.
CREATE TABLE contract_templates (
    id BLOB NOT NULL CONSTRAINT pk_contract_templates PRIMARY KEY,
    file_name TEXT NOT NULL,
    content BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    removed_by TEXT NULL,
    removed_at TEXT NULL
);

