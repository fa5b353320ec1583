-- Month-end close: one row per agreement and period, the close workflow that runs it, and what its breach review decided.
CREATE TABLE compliance_closes (
    agreement_id BLOB NOT NULL,
    period TEXT NOT NULL,
    status TEXT NOT NULL,
    close_at TEXT NOT NULL,
    workflow_id BLOB NULL,
    report_revision INTEGER NULL,
    review_outcome TEXT NULL,
    review_by TEXT NULL,
    review_reason TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT pk_compliance_closes PRIMARY KEY (agreement_id, period)
);

-- Credit claims: each from a report revision, with the objectives and figures that ground it; settled by Finance in one or more
-- credit notes. credit_claim_objectives keys a claim's objectives by period, so a second claim for the same objective fails.
CREATE TABLE credit_claims (
    id BLOB NOT NULL,
    agreement_id BLOB NOT NULL,
    number INTEGER NOT NULL,
    period TEXT NOT NULL,
    report_revision INTEGER NOT NULL,
    grounds TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    claim_deadline TEXT NOT NULL,
    vendor_request_id BLOB NULL,
    workflow_id BLOB NULL,
    letter BLOB NULL,
    vendor_response TEXT NULL,
    vendor_comment TEXT NULL,
    legal_outcome TEXT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    revision INTEGER NOT NULL,
    CONSTRAINT pk_credit_claims PRIMARY KEY (id),
    CONSTRAINT uq_credit_claims_number UNIQUE (agreement_id, number)
);

CREATE INDEX ix_credit_claims_period ON credit_claims (agreement_id, period);

CREATE TABLE credit_claim_objectives (
    agreement_id BLOB NOT NULL,
    period TEXT NOT NULL,
    objective TEXT NOT NULL,
    claim_id BLOB NOT NULL,
    CONSTRAINT pk_credit_claim_objectives PRIMARY KEY (agreement_id, period, objective)
);

CREATE TABLE credit_settlements (
    id BLOB NOT NULL,
    claim_id BLOB NOT NULL,
    credit_note TEXT NOT NULL,
    amount TEXT NOT NULL,
    settled_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    CONSTRAINT pk_credit_settlements PRIMARY KEY (id),
    CONSTRAINT uq_credit_settlements_note UNIQUE (claim_id, credit_note)
);

-- How a vendor answered a request that asks it to decide (acknowledge or dispute a claim).
ALTER TABLE vendor_requests ADD COLUMN answer_decision TEXT NULL;
