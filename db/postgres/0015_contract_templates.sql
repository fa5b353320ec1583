-- Word templates for generated contracts, kept as uploaded; the latest one not removed is used, none means the built-in layout.
CREATE TABLE contract_templates (
    id UUID NOT NULL CONSTRAINT pk_contract_templates PRIMARY KEY,
    file_name VARCHAR(300) NOT NULL,
    content BYTEA NOT NULL,
    sha256 VARCHAR(300) NOT NULL,
    size_bytes INTEGER NOT NULL,
    uploaded_by VARCHAR(300) NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL,
    removed_by VARCHAR(300) NULL,
    removed_at TIMESTAMPTZ NULL
);

