-- Month-end close: one row per agreement and period, the close workflow that runs it, and what its breach review decided.
CREATE TABLE compliance_closes (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    period NVARCHAR(10) NOT NULL,
    status NVARCHAR(20) NOT NULL,
    close_at DATETIMEOFFSET(7) NOT NULL,
    workflow_id UNIQUEIDENTIFIER NULL,
    report_revision INT NULL,
    review_outcome NVARCHAR(MAX) NULL,
    review_by NVARCHAR(MAX) NULL,
    review_reason NVARCHAR(MAX) NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_compliance_closes PRIMARY KEY (agreement_id, period)
);
GO

-- Credit claims: each from a report revision, with the objectives and figures that ground it; settled by Finance in one or more
-- credit notes. credit_claim_objectives keys a claim's objectives by period, so a second claim for the same objective fails.
CREATE TABLE credit_claims (
    id UNIQUEIDENTIFIER NOT NULL,
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    number INT NOT NULL,
    period NVARCHAR(10) NOT NULL,
    report_revision INT NOT NULL,
    grounds NVARCHAR(MAX) NOT NULL,
    amount DECIMAL(18,2) NOT NULL,
    currency NVARCHAR(3) NOT NULL,
    status NVARCHAR(20) NOT NULL,
    claim_deadline DATE NOT NULL,
    vendor_request_id UNIQUEIDENTIFIER NULL,
    workflow_id UNIQUEIDENTIFIER NULL,
    letter VARBINARY(MAX) NULL,
    vendor_response NVARCHAR(MAX) NULL,
    vendor_comment NVARCHAR(MAX) NULL,
    legal_outcome NVARCHAR(MAX) NULL,
    requested_by NVARCHAR(300) NOT NULL,
    requested_at DATETIMEOFFSET(7) NOT NULL,
    revision INT NOT NULL,
    CONSTRAINT pk_credit_claims PRIMARY KEY (id),
    CONSTRAINT uq_credit_claims_number UNIQUE (agreement_id, number)
);
GO

CREATE INDEX ix_credit_claims_period ON credit_claims (agreement_id, period);
GO

CREATE TABLE credit_claim_objectives (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    period NVARCHAR(10) NOT NULL,
    objective NVARCHAR(200) NOT NULL,
    claim_id UNIQUEIDENTIFIER NOT NULL,
    CONSTRAINT pk_credit_claim_objectives PRIMARY KEY (agreement_id, period, objective)
);
GO

CREATE TABLE credit_settlements (
    id UNIQUEIDENTIFIER NOT NULL,
    claim_id UNIQUEIDENTIFIER NOT NULL,
    credit_note NVARCHAR(100) NOT NULL,
    amount DECIMAL(18,2) NOT NULL,
    settled_on DATE NOT NULL,
    recorded_by NVARCHAR(300) NOT NULL,
    recorded_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_credit_settlements PRIMARY KEY (id),
    CONSTRAINT uq_credit_settlements_note UNIQUE (claim_id, credit_note)
);
GO

-- How a vendor answered a request that asks it to decide (acknowledge or dispute a claim).
ALTER TABLE vendor_requests ADD answer_decision NVARCHAR(20) NULL;
