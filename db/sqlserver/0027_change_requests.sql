-- Change control: every change to an agreement with an approved version is a change request, with its reason, its class,
-- the proposed version (none for a termination), the effective date, and the impact computed when it was submitted (JSON,
-- enums by name) with its one-line summary. Numbered per agreement (CR-1, CR-2...).
GO
CREATE TABLE change_requests (
    id UNIQUEIDENTIFIER NOT NULL,
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    number INT NOT NULL,
    change_class NVARCHAR(20) NOT NULL,
    status NVARCHAR(20) NOT NULL,
    reason NVARCHAR(MAX) NULL,
    base_version INT NOT NULL,
    proposed_version INT NULL,
    effective_on DATE NULL,
    impact NVARCHAR(MAX) NULL,
    impact_summary NVARCHAR(2000) NULL,
    workflow_id UNIQUEIDENTIFIER NULL,
    requested_by NVARCHAR(300) NOT NULL,
    requested_at DATETIMEOFFSET(7) NOT NULL,
    submitted_at DATETIMEOFFSET(7) NULL,
    decided_at DATETIMEOFFSET(7) NULL,
    reverts_change_id UNIQUEIDENTIFIER NULL,
    revision INT NOT NULL,
    CONSTRAINT pk_change_requests PRIMARY KEY (id),
    CONSTRAINT uq_change_requests_number UNIQUE (agreement_id, number)
);

GO
CREATE INDEX ix_change_requests_effective ON change_requests (effective_on, status);

-- The one open (drafted or in approval) change request of an agreement: a second one fails on the key, on every engine.
GO
CREATE TABLE change_request_open (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    change_request_id UNIQUEIDENTIFIER NOT NULL,
    CONSTRAINT pk_change_request_open PRIMARY KEY (agreement_id)
);
