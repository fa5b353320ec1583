-- Exit readiness tests of critical vendors: one per vendor and year, the workflow that runs it, the sample export asked for through the
-- vendor's inbox, its receipt with the file's SHA-256, and the outcome (Ready, or Gaps with actions).
CREATE TABLE exit_readiness_tests (
    id UUID NOT NULL,
    vendor_id UUID NOT NULL,
    test_year INTEGER NOT NULL,
    status VARCHAR(20) NOT NULL,
    due_on DATE NOT NULL,
    started_by VARCHAR(300) NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    workflow_id UUID NULL,
    request_id UUID NULL,
    received_at TIMESTAMPTZ NULL,
    received_by VARCHAR(300) NULL,
    evidence_id UUID NULL,
    file_name VARCHAR(300) NULL,
    sha256 VARCHAR(64) NULL,
    outcome_at TIMESTAMPTZ NULL,
    outcome_by VARCHAR(300) NULL,
    notes TEXT NULL,
    revision INTEGER NOT NULL,
    CONSTRAINT pk_exit_readiness_tests PRIMARY KEY (id),
    CONSTRAINT uq_exit_readiness_tests_vendor_year UNIQUE (vendor_id, test_year)
);

-- The gaps a test found, each with the action that closes it, its owner and due date; written once with the outcome.
CREATE TABLE exit_readiness_gaps (
    test_id UUID NOT NULL,
    gap_number INTEGER NOT NULL,
    gap VARCHAR(500) NOT NULL,
    action VARCHAR(500) NOT NULL,
    owner VARCHAR(500) NOT NULL,
    due_on DATE NOT NULL,
    CONSTRAINT pk_exit_readiness_gaps PRIMARY KEY (test_id, gap_number)
);
