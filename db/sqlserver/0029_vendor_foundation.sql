-- The vendor as a user (issue 18): one evidence store, one inbox of requests to vendors, contacts by role, an internal owner,
-- certificates and attestations, and the subcontractors (fourth parties) behind each agreement.
ALTER TABLE vendors ADD owner_user_id UNIQUEIDENTIFIER NULL;
GO
-- 'Manual' until an assessment sets the tier; today's tiers were all set by hand.
ALTER TABLE vendors ADD risk_tier_source NVARCHAR(20) NOT NULL CONSTRAINT df_vendors_risk_tier_source DEFAULT 'Manual';
GO

-- Every file a vendor or a member of staff sends as evidence: typed by its content, kept with its SHA-256, never changed.
CREATE TABLE evidence_files (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_evidence_files PRIMARY KEY,
    vendor_id UNIQUEIDENTIFIER NOT NULL,
    file_name NVARCHAR(300) NOT NULL,
    file_type NVARCHAR(300) NOT NULL,
    content_type NVARCHAR(300) NOT NULL,
    content VARBINARY(MAX) NOT NULL,
    sha256 NVARCHAR(300) NOT NULL,
    size_bytes BIGINT NOT NULL,
    uploaded_by NVARCHAR(300) NOT NULL,
    uploader_is_vendor BIT NOT NULL,
    uploaded_at DATETIMEOFFSET(7) NOT NULL
);
GO
CREATE INDEX ix_evidence_files_vendor ON evidence_files (vendor_id, uploaded_at);
GO

-- Everything the organisation asks of a vendor, of a kind; subject_type/subject_id name the audit or assessment that asked.
CREATE TABLE vendor_requests (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_vendor_requests PRIMARY KEY,
    vendor_id UNIQUEIDENTIFIER NOT NULL,
    agreement_id UNIQUEIDENTIFIER NULL,
    kind NVARCHAR(300) NOT NULL,
    title NVARCHAR(300) NOT NULL,
    asked NVARCHAR(MAX) NOT NULL,
    due_on DATE NOT NULL,
    status NVARCHAR(300) NOT NULL,
    subject_type NVARCHAR(300) NULL,
    subject_id NVARCHAR(300) NULL,
    requested_by NVARCHAR(300) NOT NULL,
    requested_at DATETIMEOFFSET(7) NOT NULL,
    answer_text NVARCHAR(MAX) NULL,
    answered_by NVARCHAR(300) NULL,
    answered_at DATETIMEOFFSET(7) NULL,
    closed_at DATETIMEOFFSET(7) NULL,
    version INT NOT NULL
);
GO
CREATE INDEX ix_vendor_requests_vendor ON vendor_requests (vendor_id, status, due_on);
GO

CREATE TABLE vendor_request_evidence (
    request_id UNIQUEIDENTIFIER NOT NULL,
    evidence_id UNIQUEIDENTIFIER NOT NULL,
    CONSTRAINT pk_vendor_request_evidence PRIMARY KEY (request_id, evidence_id)
);
GO

CREATE TABLE vendor_contacts (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_vendor_contacts PRIMARY KEY,
    vendor_id UNIQUEIDENTIFIER NOT NULL,
    role NVARCHAR(300) NOT NULL,
    name NVARCHAR(300) NOT NULL,
    email NVARCHAR(300) NOT NULL,
    phone NVARCHAR(300) NULL,
    updated_by NVARCHAR(300) NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL
);
GO
CREATE INDEX ix_vendor_contacts_vendor ON vendor_contacts (vendor_id, role);
GO

CREATE TABLE vendor_certificates (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_vendor_certificates PRIMARY KEY,
    vendor_id UNIQUEIDENTIFIER NOT NULL,
    kind NVARCHAR(300) NOT NULL,
    issuer NVARCHAR(300) NOT NULL,
    scope NVARCHAR(MAX) NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL,
    evidence_id UNIQUEIDENTIFIER NULL,
    recorded_by NVARCHAR(300) NOT NULL,
    recorded_at DATETIMEOFFSET(7) NOT NULL
);
GO
CREATE INDEX ix_vendor_certificates_until ON vendor_certificates (valid_until);
GO

CREATE TABLE vendor_subcontractors (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_vendor_subcontractors PRIMARY KEY,
    vendor_id UNIQUEIDENTIFIER NOT NULL,
    agreement_id UNIQUEIDENTIFIER NULL,
    name NVARCHAR(300) NOT NULL,
    name_normalized NVARCHAR(300) NOT NULL,
    service NVARCHAR(300) NOT NULL,
    location NVARCHAR(300) NOT NULL,
    data_access NVARCHAR(MAX) NOT NULL,
    updated_by NVARCHAR(300) NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL
);
GO
CREATE INDEX ix_vendor_subcontractors_vendor ON vendor_subcontractors (vendor_id);
GO
