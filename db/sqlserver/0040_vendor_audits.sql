-- The audit programme (issue 18): audits of a vendor under one agreement's audit rights, their documents (the notice and the
-- report), findings with one remediation action each, and every update of an action.
CREATE TABLE vendor_audits (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_vendor_audits PRIMARY KEY,
    number INT NOT NULL,
    vendor_id UNIQUEIDENTIFIER NOT NULL,
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    status NVARCHAR(40) NOT NULL,
    lead_user NVARCHAR(300) NOT NULL,
    scope NVARCHAR(MAX) NOT NULL,
    periods NVARCHAR(300) NOT NULL,
    items NVARCHAR(MAX) NOT NULL,
    fieldwork_on DATE NOT NULL,
    notice_days INT NOT NULL,
    time_zone NVARCHAR(100) NOT NULL,
    scheduled BIT NOT NULL,
    evidence_request_id UNIQUEIDENTIFIER NULL,
    workflow_id UNIQUEIDENTIFIER NULL,
    started_by NVARCHAR(300) NOT NULL,
    started_at DATETIMEOFFSET(7) NOT NULL,
    closed_at DATETIMEOFFSET(7) NULL,
    -- The audited periods recomputed from raw data against the vendor's figures, as JSON: a snapshot of what the lead saw.
    recomputation NVARCHAR(MAX) NULL,
    version INT NOT NULL
);
GO
CREATE UNIQUE INDEX ux_vendor_audits_number ON vendor_audits (number);
GO
CREATE INDEX ix_vendor_audits_vendor ON vendor_audits (vendor_id, status);
GO
CREATE INDEX ix_vendor_audits_agreement ON vendor_audits (agreement_id, fieldwork_on);
GO

-- One row per document kind: a replayed step finds its document and writes nothing.
CREATE TABLE vendor_audit_documents (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_vendor_audit_documents PRIMARY KEY,
    audit_id UNIQUEIDENTIFIER NOT NULL,
    kind NVARCHAR(40) NOT NULL,
    file_name NVARCHAR(300) NOT NULL,
    content VARBINARY(MAX) NOT NULL,
    sha256 NVARCHAR(64) NOT NULL,
    created_by NVARCHAR(300) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL
);
GO
CREATE UNIQUE INDEX ux_vendor_audit_documents_kind ON vendor_audit_documents (audit_id, kind);
GO

CREATE TABLE vendor_audit_findings (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_vendor_audit_findings PRIMARY KEY,
    audit_id UNIQUEIDENTIFIER NOT NULL,
    number INT NOT NULL,
    title NVARCHAR(300) NOT NULL,
    severity NVARCHAR(20) NOT NULL,
    concerns NVARCHAR(300) NOT NULL,
    evidence NVARCHAR(MAX) NOT NULL,
    evidence_file_id UNIQUEIDENTIFIER NULL,
    vendor_owner NVARCHAR(300) NOT NULL,
    action_text NVARCHAR(MAX) NOT NULL,
    action_due_on DATE NOT NULL,
    action_owner NVARCHAR(300) NOT NULL,
    status NVARCHAR(40) NOT NULL,
    escalation_level INT NOT NULL,
    recorded_by NVARCHAR(300) NOT NULL,
    recorded_at DATETIMEOFFSET(7) NOT NULL,
    closed_by NVARCHAR(300) NULL,
    closed_at DATETIMEOFFSET(7) NULL,
    closing_note NVARCHAR(MAX) NULL,
    version INT NOT NULL
);
GO
CREATE UNIQUE INDEX ux_vendor_audit_findings_number ON vendor_audit_findings (audit_id, number);
GO
CREATE INDEX ix_vendor_audit_findings_due ON vendor_audit_findings (status, action_due_on);
GO

CREATE TABLE vendor_audit_action_updates (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_vendor_audit_action_updates PRIMARY KEY,
    finding_id UNIQUEIDENTIFIER NOT NULL,
    update_text NVARCHAR(MAX) NOT NULL,
    evidence_file_id UNIQUEIDENTIFIER NULL,
    by_name NVARCHAR(300) NOT NULL,
    by_vendor BIT NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL
);
GO
CREATE INDEX ix_vendor_audit_action_updates_finding ON vendor_audit_action_updates (finding_id, updated_at);
GO
