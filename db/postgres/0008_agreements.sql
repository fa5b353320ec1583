-- Agreements and their versions. A version's content is one JSON document (SlaGovernance.Domain.Agreements.AgreementContent)
-- with its SHA-256; the columns beside it are copies for listing, filtering and the renewal calendar.
CREATE TABLE agreements (
    id UUID NOT NULL CONSTRAINT pk_agreements PRIMARY KEY,
    vendor_id UUID NULL,
    kind VARCHAR(300) NOT NULL,
    title VARCHAR(300) NOT NULL,
    category VARCHAR(300) NULL,
    owner VARCHAR(300) NULL,
    status VARCHAR(300) NOT NULL,
    current_version INTEGER NOT NULL,
    term_start DATE NOT NULL,
    term_end DATE NOT NULL,
    monthly_fee NUMERIC(19,4) NOT NULL,
    currency VARCHAR(300) NOT NULL,
    annual_value NUMERIC(19,4) NOT NULL,
    cost_centre VARCHAR(300) NULL,
    time_zone VARCHAR(300) NOT NULL,
    created_by VARCHAR(300) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL
);

CREATE INDEX ix_agreements_status ON agreements (status, title);

CREATE TABLE agreement_versions (
    agreement_id UUID NOT NULL,
    number INTEGER NOT NULL,
    status VARCHAR(300) NOT NULL,
    content TEXT NOT NULL,
    content_hash VARCHAR(300) NOT NULL,
    round INTEGER NOT NULL,
    workflow_id UUID NULL,
    created_by VARCHAR(300) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_by VARCHAR(300) NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    submitted_at TIMESTAMPTZ NULL,
    decided_at TIMESTAMPTZ NULL,
    CONSTRAINT pk_agreement_versions PRIMARY KEY (agreement_id, number)
);

-- One row per status change a workflow step made, so a replayed step changes nothing twice.
CREATE TABLE agreement_status_changes (
    idempotency_key VARCHAR(300) NOT NULL CONSTRAINT pk_agreement_status_changes PRIMARY KEY,
    agreement_id UUID NOT NULL,
    status VARCHAR(300) NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
