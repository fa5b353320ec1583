-- Documents kept with an agreement version (the signed copy; generated contracts later), and the signature record.
CREATE TABLE agreement_documents (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_agreement_documents PRIMARY KEY,
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    version_number INT NOT NULL,
    kind NVARCHAR(300) NOT NULL,
    file_name NVARCHAR(300) NOT NULL,
    content_type NVARCHAR(300) NOT NULL,
    content VARBINARY(MAX) NOT NULL,
    sha256 NVARCHAR(300) NOT NULL,
    size_bytes INT NOT NULL,
    created_by NVARCHAR(300) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL
);
GO
CREATE INDEX ix_agreement_documents_agreement ON agreement_documents (agreement_id, version_number);
GO
CREATE TABLE agreement_signatures (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    version_number INT NOT NULL,
    signed_on DATE NOT NULL,
    signatories NVARCHAR(MAX) NOT NULL,
    document_id UNIQUEIDENTIFIER NOT NULL,
    recorded_by NVARCHAR(300) NOT NULL,
    recorded_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_agreement_signatures PRIMARY KEY (agreement_id, version_number)
);
