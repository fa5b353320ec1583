-- The vendor as a user (issue 18): one evidence store, one inbox of requests to vendors, contacts by role, an internal owner,
-- certificates and attestations, and the subcontractors (fourth parties) behind each agreement.
ALTER TABLE vendors ADD COLUMN owner_user_id BLOB NULL;
-- 'Manual' until an assessment sets the tier; today's tiers were all set by hand.
ALTER TABLE vendors ADD COLUMN risk_tier_source TEXT NOT NULL DEFAULT 'Manual';

-- Every file a vendor or a member of staff sends as evidence: typed by its content, kept with its SHA-256, never changed.
CREATE TABLE evidence_files (
    id BLOB NOT NULL CONSTRAINT pk_evidence_files PRIMARY KEY,
    vendor_id BLOB NOT NULL,
    file_name TEXT NOT NULL,
    file_type TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploader_is_vendor INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX ix_evidence_files_vendor ON evidence_files (vendor_id, uploaded_at);

-- Everything the organisation asks of a vendor, of a kind; subject_type/subject_id name the audit or assessment that asked.
CREATE TABLE vendor_requests (
    id BLOB NOT NULL CONSTRAINT pk_vendor_requests PRIMARY KEY,
    vendor_id BLOB NOT NULL,
    agreement_id BLOB NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    asked TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    subject_type TEXT NULL,
    subject_id TEXT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    answer_text TEXT NULL,
    answered_by TEXT NULL,
    answered_at TEXT NULL,
    closed_at TEXT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX ix_vendor_requests_vendor ON vendor_requests (vendor_id, status, due_on);

CREATE TABLE vendor_request_evidence (
    request_id BLOB NOT NULL,
    evidence_id BLOB NOT NULL,
    CONSTRAINT pk_vendor_request_evidence PRIMARY KEY (request_id, evidence_id)
);

CREATE TABLE vendor_contacts (
    id BLOB NOT NULL CONSTRAINT pk_vendor_contacts PRIMARY KEY,
    vendor_id BLOB NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_vendor_contacts_vendor ON vendor_contacts (vendor_id, role);

CREATE TABLE vendor_certificates (
    id BLOB NOT NULL CONSTRAINT pk_vendor_certificates PRIMARY KEY,
    vendor_id BLOB NOT NULL,
    kind TEXT NOT NULL,
    issuer TEXT NOT NULL,
    scope TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    evidence_id BLOB NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX ix_vendor_certificates_until ON vendor_certificates (valid_until);

CREATE TABLE vendor_subcontractors (
    id BLOB NOT NULL CONSTRAINT pk_vendor_subcontractors PRIMARY KEY,
    vendor_id BLOB NOT NULL,
    agreement_id BLOB NULL,
    name TEXT NOT NULL,
    name_normalized TEXT NOT NULL,
    service TEXT NOT NULL,
    location TEXT NOT NULL,
    data_access TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_vendor_subcontractors_vendor ON vendor_subcontractors (vendor_id);
