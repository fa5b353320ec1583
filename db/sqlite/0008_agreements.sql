-- Agreements and their versions. A version's content is one JSON document (SlaGovernance.Domain.Agreements.AgreementContent)
-- with its SHA-256; the columns beside it are copies for listing, filtering and the renewal calendar.
CREATE TABLE agreements (
    id BLOB NOT NULL CONSTRAINT pk_agreements PRIMARY KEY,
    vendor_id BLOB NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    category TEXT NULL,
    owner TEXT NULL,
    status TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    term_start TEXT NOT NULL,
    term_end TEXT NOT NULL,
    monthly_fee TEXT NOT NULL,
    currency TEXT NOT NULL,
    annual_value TEXT NOT NULL,
    cost_centre TEXT NULL,
    time_zone TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
);

CREATE INDEX ix_agreements_status ON agreements (status, title);

CREATE TABLE agreement_versions (
    agreement_id BLOB NOT NULL,
    number INTEGER NOT NULL,
    status TEXT NOT NULL,
    content TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    round INTEGER NOT NULL,
    workflow_id BLOB NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT NULL,
    decided_at TEXT NULL,
    CONSTRAINT pk_agreement_versions PRIMARY KEY (agreement_id, number)
);

-- One row per status change a workflow step made, so a replayed step changes nothing twice.
CREATE TABLE agreement_status_changes (
    idempotency_key TEXT NOT NULL CONSTRAINT pk_agreement_status_changes PRIMARY KEY,
    agreement_id BLOB NOT NULL,
    status TEXT NOT NULL,
    at TEXT NOT NULL
);
