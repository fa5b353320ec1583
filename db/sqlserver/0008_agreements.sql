-- Agreements and their versions. A version's content is one JSON document (SlaGovernance.Domain.Agreements.AgreementContent)
-- with its SHA-256; the columns beside it are copies for listing, filtering and the renewal calendar.
CREATE TABLE agreements (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_agreements PRIMARY KEY,
    vendor_id UNIQUEIDENTIFIER NULL,
    kind NVARCHAR(300) NOT NULL,
    title NVARCHAR(300) NOT NULL,
    category NVARCHAR(300) NULL,
    owner NVARCHAR(300) NULL,
    status NVARCHAR(300) NOT NULL,
    current_version INT NOT NULL,
    term_start DATE NOT NULL,
    term_end DATE NOT NULL,
    monthly_fee DECIMAL(19,4) NOT NULL,
    currency NVARCHAR(300) NOT NULL,
    annual_value DECIMAL(19,4) NOT NULL,
    cost_centre NVARCHAR(300) NULL,
    time_zone NVARCHAR(300) NOT NULL,
    created_by NVARCHAR(300) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL,
    version INT NOT NULL
);
GO
CREATE INDEX ix_agreements_status ON agreements (status, title);
GO
CREATE TABLE agreement_versions (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    number INT NOT NULL,
    status NVARCHAR(300) NOT NULL,
    content NVARCHAR(MAX) NOT NULL,
    content_hash NVARCHAR(300) NOT NULL,
    round INT NOT NULL,
    workflow_id UNIQUEIDENTIFIER NULL,
    created_by NVARCHAR(300) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    updated_by NVARCHAR(300) NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL,
    submitted_at DATETIMEOFFSET(7) NULL,
    decided_at DATETIMEOFFSET(7) NULL,
    CONSTRAINT pk_agreement_versions PRIMARY KEY (agreement_id, number)
);
GO
-- One row per status change a workflow step made, so a replayed step changes nothing twice.
CREATE TABLE agreement_status_changes (
    idempotency_key NVARCHAR(300) NOT NULL CONSTRAINT pk_agreement_status_changes PRIMARY KEY,
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    status NVARCHAR(300) NOT NULL,
    at DATETIMEOFFSET(7) NOT NULL
);
