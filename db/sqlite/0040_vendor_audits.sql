-- The audit programme (issue 18): audits of a vendor under one agreement's audit rights, their documents (the notice and the
-- report), findings with one remediation action each, and every update of an action.
CREATE TABLE vendor_audits (
    id BLOB NOT NULL CONSTRAINT pk_vendor_audits PRIMARY KEY,
    number INTEGER NOT NULL,
    vendor_id BLOB NOT NULL,
    agreement_id BLOB NOT NULL,
    status TEXT NOT NULL,
    lead_user TEXT NOT NULL,
    scope TEXT NOT NULL,
    periods TEXT NOT NULL,
    items TEXT NOT NULL,
    fieldwork_on TEXT NOT NULL,
    notice_days INTEGER NOT NULL,
    time_zone TEXT NOT NULL,
    scheduled INTEGER NOT NULL,
    evidence_request_id BLOB NULL,
    workflow_id BLOB NULL,
    started_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    closed_at TEXT NULL,
    -- The audited periods recomputed from raw data against the vendor's figures, as JSON: a snapshot of what the lead saw.
    recomputation TEXT NULL,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_vendor_audits_number ON vendor_audits (number);
CREATE INDEX ix_vendor_audits_vendor ON vendor_audits (vendor_id, status);
CREATE INDEX ix_vendor_audits_agreement ON vendor_audits (agreement_id, fieldwork_on);

-- One row per document kind: a replayed step finds its document and writes nothing.
CREATE TABLE vendor_audit_documents (
    id BLOB NOT NULL CONSTRAINT pk_vendor_audit_documents PRIMARY KEY,
    audit_id BLOB NOT NULL,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_vendor_audit_documents_kind ON vendor_audit_documents (audit_id, kind);

CREATE TABLE vendor_audit_findings (
    id BLOB NOT NULL CONSTRAINT pk_vendor_audit_findings PRIMARY KEY,
    audit_id BLOB NOT NULL,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    concerns TEXT NOT NULL,
    evidence TEXT NOT NULL,
    evidence_file_id BLOB NULL,
    vendor_owner TEXT NOT NULL,
    action_text TEXT NOT NULL,
    action_due_on TEXT NOT NULL,
    action_owner TEXT NOT NULL,
    status TEXT NOT NULL,
    escalation_level INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    closed_by TEXT NULL,
    closed_at TEXT NULL,
    closing_note TEXT NULL,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_vendor_audit_findings_number ON vendor_audit_findings (audit_id, number);
CREATE INDEX ix_vendor_audit_findings_due ON vendor_audit_findings (status, action_due_on);

CREATE TABLE vendor_audit_action_updates (
    id BLOB NOT NULL CONSTRAINT pk_vendor_audit_action_updates PRIMARY KEY,
    finding_id BLOB NOT NULL,
    update_text TEXT NOT NULL,
    evidence_file_id BLOB NULL,
    by_name TEXT NOT NULL,
    by_vendor INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_vendor_audit_action_updates_finding ON vendor_audit_action_updates (finding_id, updated_at);
