-- The signed terms an agreement runs under: the version signed last, its term in the agreement's zone (the end moved by each
-- tacit renewal), the renewal term when it renews itself, and an early end. The sweeper reads it to make agreements Active,
-- Expired or Terminated.
CREATE TABLE agreement_terms (
    agreement_id UUID NOT NULL CONSTRAINT pk_agreement_terms PRIMARY KEY,
    version_number INTEGER NOT NULL,
    term_start DATE NOT NULL,
    term_end DATE NOT NULL,
    time_zone VARCHAR(300) NOT NULL,
    renewal_amount INTEGER NULL,
    renewal_unit VARCHAR(300) NULL,
    renewals INTEGER NOT NULL,
    ends_on DATE NULL,
    termination_reason TEXT NULL,
    terminated_by VARCHAR(300) NULL,
    terminated_at TIMESTAMPTZ NULL
);

-- One row per tacit renewal, keyed by the end it moved, so two sweepers renew a term once.
CREATE TABLE agreement_renewals (
    agreement_id UUID NOT NULL,
    previous_end DATE NOT NULL,
    new_end DATE NOT NULL,
    periods INTEGER NOT NULL,
    renewed_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_agreement_renewals PRIMARY KEY (agreement_id, previous_end)
);
