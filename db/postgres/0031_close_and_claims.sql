-- Month-end close: one row per agreement and period, the close workflow that runs it, and what its breach review decided.
CREATE TABLE compliance_closes (
    agreement_id UUID NOT NULL,
    period VARCHAR(10) NOT NULL,
    status VARCHAR(20) NOT NULL,
    close_at TIMESTAMPTZ NOT NULL,
    workflow_id UUID NULL,
    report_revision INTEGER NULL,
    review_outcome TEXT NULL,
    review_by TEXT NULL,
    review_reason TEXT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_compliance_closes PRIMARY KEY (agreement_id, period)
);

-- Credit claims: each from a report revision, with the objectives and figures that ground it; settled by Finance in one or more
-- credit notes. credit_claim_objectives keys a claim's objectives by period, so a second claim for the same objective fails.
CREATE TABLE credit_claims (
    id UUID NOT NULL,
    agreement_id UUID NOT NULL,
    number INTEGER NOT NULL,
    period VARCHAR(10) NOT NULL,
    report_revision INTEGER NOT NULL,
    grounds TEXT NOT NULL,
    amount NUMERIC(18,2) NOT NULL,
    currency VARCHAR(3) NOT NULL,
    status VARCHAR(20) NOT NULL,
    claim_deadline DATE NOT NULL,
    vendor_request_id UUID NULL,
    workflow_id UUID NULL,
    letter BYTEA NULL,
    vendor_response TEXT NULL,
    vendor_comment TEXT NULL,
    legal_outcome TEXT NULL,
    requested_by VARCHAR(300) NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    revision INTEGER NOT NULL,
    CONSTRAINT pk_credit_claims PRIMARY KEY (id),
    CONSTRAINT uq_credit_claims_number UNIQUE (agreement_id, number)
);

CREATE INDEX ix_credit_claims_period ON credit_claims (agreement_id, period);

CREATE TABLE credit_claim_objectives (
    agreement_id UUID NOT NULL,
    period VARCHAR(10) NOT NULL,
    objective VARCHAR(200) NOT NULL,
    claim_id UUID NOT NULL,
    CONSTRAINT pk_credit_claim_objectives PRIMARY KEY (agreement_id, period, objective)
);

CREATE TABLE credit_settlements (
    id UUID NOT NULL,
    claim_id UUID NOT NULL,
    credit_note VARCHAR(100) NOT NULL,
    amount NUMERIC(18,2) NOT NULL,
    settled_on DATE NOT NULL,
    recorded_by VARCHAR(300) NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_credit_settlements PRIMARY KEY (id),
    CONSTRAINT uq_credit_settlements_note UNIQUE (claim_id, credit_note)
);

-- How a vendor answered a request that asks it to decide (acknowledge or dispute a claim).
ALTER TABLE vendor_requests ADD COLUMN answer_decision VARCHAR(20) NULL;
