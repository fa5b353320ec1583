-- The audit programme (issue 18): audits of a vendor under one agreement's audit rights, their documents (the notice and the
-- report), findings with one remediation action each, and every update of an action.
CREATE TABLE vendor_audits (
    id UUID NOT NULL CONSTRAINT pk_vendor_audits PRIMARY KEY,
    number INT NOT NULL,
    vendor_id UUID NOT NULL,
    agreement_id UUID NOT NULL,
    status VARCHAR(40) NOT NULL,
    lead_user VARCHAR(300) NOT NULL,
    scope TEXT NOT NULL,
    periods VARCHAR(300) NOT NULL,
    items TEXT NOT NULL,
    fieldwork_on DATE NOT NULL,
    notice_days INT NOT NULL,
    time_zone VARCHAR(100) NOT NULL,
    scheduled BOOLEAN NOT NULL,
    evidence_request_id UUID NULL,
    workflow_id UUID NULL,
    started_by VARCHAR(300) NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    closed_at TIMESTAMPTZ NULL,
    -- The audited periods recomputed from raw data against the vendor's figures, as JSON: a snapshot of what the lead saw.
    recomputation TEXT NULL,
    version INT NOT NULL
);
CREATE UNIQUE INDEX ux_vendor_audits_number ON vendor_audits (number);
CREATE INDEX ix_vendor_audits_vendor ON vendor_audits (vendor_id, status);
CREATE INDEX ix_vendor_audits_agreement ON vendor_audits (agreement_id, fieldwork_on);

-- One row per document kind: a replayed step finds its document and writes nothing.
CREATE TABLE vendor_audit_documents (
    id UUID NOT NULL CONSTRAINT pk_vendor_audit_documents PRIMARY KEY,
    audit_id UUID NOT NULL,
    kind VARCHAR(40) NOT NULL,
    file_name VARCHAR(300) NOT NULL,
    content BYTEA NOT NULL,
    sha256 VARCHAR(64) NOT NULL,
    created_by VARCHAR(300) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_vendor_audit_documents_kind ON vendor_audit_documents (audit_id, kind);

CREATE TABLE vendor_audit_findings (
    id UUID NOT NULL CONSTRAINT pk_vendor_audit_findings PRIMARY KEY,
    audit_id UUID NOT NULL,
    number INT NOT NULL,
    title VARCHAR(300) NOT NULL,
    severity VARCHAR(20) NOT NULL,
    concerns VARCHAR(300) NOT NULL,
    evidence TEXT NOT NULL,
    evidence_file_id UUID NULL,
    vendor_owner VARCHAR(300) NOT NULL,
    action_text TEXT NOT NULL,
    action_due_on DATE NOT NULL,
    action_owner VARCHAR(300) NOT NULL,
    status VARCHAR(40) NOT NULL,
    escalation_level INT NOT NULL,
    recorded_by VARCHAR(300) NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    closed_by VARCHAR(300) NULL,
    closed_at TIMESTAMPTZ NULL,
    closing_note TEXT NULL,
    version INT NOT NULL
);
CREATE UNIQUE INDEX ux_vendor_audit_findings_number ON vendor_audit_findings (audit_id, number);
CREATE INDEX ix_vendor_audit_findings_due ON vendor_audit_findings (status, action_due_on);

CREATE TABLE vendor_audit_action_updates (
    id UUID NOT NULL CONSTRAINT pk_vendor_audit_action_updates PRIMARY KEY,
    finding_id UUID NOT NULL,
    update_text TEXT NOT NULL,
    evidence_file_id UUID NULL,
    by_name VARCHAR(300) NOT NULL,
    by_vendor BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_vendor_audit_action_updates_finding ON vendor_audit_action_updates (finding_id, updated_at);
