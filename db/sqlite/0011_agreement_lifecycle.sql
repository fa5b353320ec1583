-- The signed terms an agreement runs under: the version signed last, its term in the agreement's zone (the end moved by each
-- tacit renewal), the renewal term when it renews itself, and an early end. The sweeper reads it to make agreements Active,
-- Expired or Terminated.
CREATE TABLE agreement_terms (
    agreement_id BLOB NOT NULL CONSTRAINT pk_agreement_terms PRIMARY KEY,
    version_number INTEGER NOT NULL,
    term_start TEXT NOT NULL,
    term_end TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    renewal_amount INTEGER NULL,
    renewal_unit TEXT NULL,
    renewals INTEGER NOT NULL,
    ends_on TEXT NULL,
    termination_reason TEXT NULL,
    terminated_by TEXT NULL,
    terminated_at TEXT NULL
);
-- One row per tacit renewal, keyed by the end it moved, so two sweepers renew a term once.
CREATE TABLE agreement_renewals (
    agreement_id BLOB NOT NULL,
    previous_end TEXT NOT NULL,
    new_end TEXT NOT NULL,
    periods INTEGER NOT NULL,
    renewed_at TEXT NOT NULL,
    CONSTRAINT pk_agreement_renewals PRIMARY KEY (agreement_id, previous_end)
);
