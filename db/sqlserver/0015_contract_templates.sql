-- Word templates for generated contracts, kept as uploaded; the latest one not removed is used, none means the built-in layout.
CREATE TABLE contract_templates (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_contract_templates PRIMARY KEY,
    file_name NVARCHAR(300) NOT NULL,
    content VARBINARY(MAX) NOT NULL,
    sha256 NVARCHAR(300) NOT NULL,
    size_bytes INT NOT NULL,
    uploaded_by NVARCHAR(300) NOT NULL,
    uploaded_at DATETIMEOFFSET(7) NOT NULL,
    removed_by NVARCHAR(300) NULL,
    removed_at DATETIMEOFFSET(7) NULL
);
GO
