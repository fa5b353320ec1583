-- Documents kept with an agreement version (the signed copy; generated contracts later), and the signature record.
CREATE TABLE agreement_documents (
    id BLOB NOT NULL CONSTRAINT pk_agreement_documents PRIMARY KEY,
    agreement_id BLOB NOT NULL,
    version_number INTEGER NOT NULL,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_agreement_documents_agreement ON agreement_documents (agreement_id, version_number);
CREATE TABLE agreement_signatures (
    agreement_id BLOB NOT NULL,
    version_number INTEGER NOT NULL,
    signed_on TEXT NOT NULL,
    signatories TEXT NOT NULL,
    document_id BLOB NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    CONSTRAINT pk_agreement_signatures PRIMARY KEY (agreement_id, version_number)
);
