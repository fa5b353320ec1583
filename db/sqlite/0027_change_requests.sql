-- Change control: every change to an agreement with an approved version is a change request, with its reason, its class,
-- the proposed version (none for a termination), the effective date, and the impact computed when it was submitted (JSON,
-- enums by name) with its one-line summary. Numbered per agreement (CR-1, CR-2...).
CREATE TABLE change_requests (
    id BLOB NOT NULL,
    agreement_id BLOB NOT NULL,
    number INTEGER NOT NULL,
    change_class TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NULL,
    base_version INTEGER NOT NULL,
    proposed_version INTEGER NULL,
    effective_on TEXT NULL,
    impact TEXT NULL,
    impact_summary TEXT NULL,
    workflow_id BLOB NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    submitted_at TEXT NULL,
    decided_at TEXT NULL,
    reverts_change_id BLOB NULL,
    revision INTEGER NOT NULL,
    CONSTRAINT pk_change_requests PRIMARY KEY (id),
    CONSTRAINT uq_change_requests_number UNIQUE (agreement_id, number)
);

CREATE INDEX ix_change_requests_effective ON change_requests (effective_on, status);

-- The one open (drafted or in approval) change request of an agreement: a second one fails on the key, on every engine.
CREATE TABLE change_request_open (
    agreement_id BLOB NOT NULL,
    change_request_id BLOB NOT NULL,
    CONSTRAINT pk_change_request_open PRIMARY KEY (agreement_id)
);
