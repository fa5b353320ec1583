-- The vendor as a user (issue 18): one evidence store, one inbox of requests to vendors, contacts by role, an internal owner,
-- certificates and attestations, and the subcontractors (fourth parties) behind each agreement.
ALTER TABLE vendors ADD COLUMN owner_user_id UUID NULL;
-- 'Manual' until an assessment sets the tier; today's tiers were all set by hand.
ALTER TABLE vendors ADD COLUMN risk_tier_source VARCHAR(20) NOT NULL DEFAULT 'Manual';

-- Every file a vendor or a member of staff sends as evidence: typed by its content, kept with its SHA-256, never changed.
CREATE TABLE evidence_files (
    id UUID NOT NULL CONSTRAINT pk_evidence_files PRIMARY KEY,
    vendor_id UUID NOT NULL,
    file_name VARCHAR(300) NOT NULL,
    file_type VARCHAR(300) NOT NULL,
    content_type VARCHAR(300) NOT NULL,
    content BYTEA NOT NULL,
    sha256 VARCHAR(300) NOT NULL,
    size_bytes BIGINT NOT NULL,
    uploaded_by VARCHAR(300) NOT NULL,
    uploader_is_vendor BOOLEAN NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_evidence_files_vendor ON evidence_files (vendor_id, uploaded_at);

-- Everything the organisation asks of a vendor, of a kind; subject_type/subject_id name the audit or assessment that asked.
CREATE TABLE vendor_requests (
    id UUID NOT NULL CONSTRAINT pk_vendor_requests PRIMARY KEY,
    vendor_id UUID NOT NULL,
    agreement_id UUID NULL,
    kind VARCHAR(300) NOT NULL,
    title VARCHAR(300) NOT NULL,
    asked TEXT NOT NULL,
    due_on DATE NOT NULL,
    status VARCHAR(300) NOT NULL,
    subject_type VARCHAR(300) NULL,
    subject_id VARCHAR(300) NULL,
    requested_by VARCHAR(300) NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    answer_text TEXT NULL,
    answered_by VARCHAR(300) NULL,
    answered_at TIMESTAMPTZ NULL,
    closed_at TIMESTAMPTZ NULL,
    version INTEGER NOT NULL
);
CREATE INDEX ix_vendor_requests_vendor ON vendor_requests (vendor_id, status, due_on);

CREATE TABLE vendor_request_evidence (
    request_id UUID NOT NULL,
    evidence_id UUID NOT NULL,
    CONSTRAINT pk_vendor_request_evidence PRIMARY KEY (request_id, evidence_id)
);

CREATE TABLE vendor_contacts (
    id UUID NOT NULL CONSTRAINT pk_vendor_contacts PRIMARY KEY,
    vendor_id UUID NOT NULL,
    role VARCHAR(300) NOT NULL,
    name VARCHAR(300) NOT NULL,
    email VARCHAR(300) NOT NULL,
    phone VARCHAR(300) NULL,
    updated_by VARCHAR(300) NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_vendor_contacts_vendor ON vendor_contacts (vendor_id, role);

CREATE TABLE vendor_certificates (
    id UUID NOT NULL CONSTRAINT pk_vendor_certificates PRIMARY KEY,
    vendor_id UUID NOT NULL,
    kind VARCHAR(300) NOT NULL,
    issuer VARCHAR(300) NOT NULL,
    scope TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL,
    evidence_id UUID NULL,
    recorded_by VARCHAR(300) NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_vendor_certificates_until ON vendor_certificates (valid_until);

CREATE TABLE vendor_subcontractors (
    id UUID NOT NULL CONSTRAINT pk_vendor_subcontractors PRIMARY KEY,
    vendor_id UUID NOT NULL,
    agreement_id UUID NULL,
    name VARCHAR(300) NOT NULL,
    name_normalized VARCHAR(300) NOT NULL,
    service VARCHAR(300) NOT NULL,
    location VARCHAR(300) NOT NULL,
    data_access TEXT NOT NULL,
    updated_by VARCHAR(300) NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_vendor_subcontractors_vendor ON vendor_subcontractors (vendor_id);
