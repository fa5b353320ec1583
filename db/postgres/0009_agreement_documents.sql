-- Documents kept with an agreement version (the signed copy; generated contracts later), and the signature record.
CREATE TABLE agreement_documents (
    id UUID NOT NULL CONSTRAINT pk_agreement_documents PRIMARY KEY,
    agreement_id UUID NOT NULL,
    version_number INTEGER NOT NULL,
    kind VARCHAR(300) NOT NULL,
    file_name VARCHAR(300) NOT NULL,
    content_type VARCHAR(300) NOT NULL,
    content BYTEA NOT NULL,
    sha256 VARCHAR(300) NOT NULL,
    size_bytes INTEGER NOT NULL,
    created_by VARCHAR(300) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_agreement_documents_agreement ON agreement_documents (agreement_id, version_number);

CREATE TABLE agreement_signatures (
    agreement_id UUID NOT NULL,
    version_number INTEGER NOT NULL,
    signed_on DATE NOT NULL,
    signatories TEXT NOT NULL,
    document_id UUID NOT NULL,
    recorded_by VARCHAR(300) NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_agreement_signatures PRIMARY KEY (agreement_id, version_number)
);
