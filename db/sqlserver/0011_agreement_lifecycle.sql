-- The signed terms an agreement runs under: the version signed last, its term in the agreement's zone (the end moved by each
-- tacit renewal), the renewal term when it renews itself, and an early end. The sweeper reads it to make agreements Active,
-- Expired or Terminated.
CREATE TABLE agreement_terms (
    agreement_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_agreement_terms PRIMARY KEY,
    version_number INT NOT NULL,
    term_start DATE NOT NULL,
    term_end DATE NOT NULL,
    time_zone NVARCHAR(300) NOT NULL,
    renewal_amount INT NULL,
    renewal_unit NVARCHAR(300) NULL,
    renewals INT NOT NULL,
    ends_on DATE NULL,
    termination_reason NVARCHAR(MAX) NULL,
    terminated_by NVARCHAR(300) NULL,
    terminated_at DATETIMEOFFSET(7) NULL
);
GO
-- One row per tacit renewal, keyed by the end it moved, so two sweepers renew a term once.
CREATE TABLE agreement_renewals (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    previous_end DATE NOT NULL,
    new_end DATE NOT NULL,
    periods INT NOT NULL,
    renewed_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_agreement_renewals PRIMARY KEY (agreement_id, previous_end)
);
