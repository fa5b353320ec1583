-- Exit readiness tests of critical vendors: one per vendor and year, the workflow that runs it, the sample export asked for through the
-- vendor's inbox, its receipt with the file's SHA-256, and the outcome (Ready, or Gaps with actions).
CREATE TABLE exit_readiness_tests (
    id BLOB NOT NULL,
    vendor_id BLOB NOT NULL,
    test_year INTEGER NOT NULL,
    status TEXT NOT NULL,
    due_on TEXT NOT NULL,
    started_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    workflow_id BLOB NULL,
    request_id BLOB NULL,
    received_at TEXT NULL,
    received_by TEXT NULL,
    evidence_id BLOB NULL,
    file_name TEXT NULL,
    sha256 TEXT NULL,
    outcome_at TEXT NULL,
    outcome_by TEXT NULL,
    notes TEXT NULL,
    revision INTEGER NOT NULL,
    CONSTRAINT pk_exit_readiness_tests PRIMARY KEY (id),
    CONSTRAINT uq_exit_readiness_tests_vendor_year UNIQUE (vendor_id, test_year)
);

-- The gaps a test found, each with the action that closes it, its owner and due date; written once with the outcome.
CREATE TABLE exit_readiness_gaps (
    test_id BLOB NOT NULL,
    gap_number INTEGER NOT NULL,
    gap TEXT NOT NULL,
    action TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT NOT NULL,
    CONSTRAINT pk_exit_readiness_gaps PRIMARY KEY (test_id, gap_number)
);
