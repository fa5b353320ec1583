-- Exit readiness tests of critical vendors: one per vendor and year, the workflow that runs it, the sample export asked for through the
-- vendor's inbox, its receipt with the file's SHA-256, and the outcome (Ready, or Gaps with actions).
CREATE TABLE exit_readiness_tests (
    id UNIQUEIDENTIFIER NOT NULL,
    vendor_id UNIQUEIDENTIFIER NOT NULL,
    test_year INT NOT NULL,
    status NVARCHAR(20) NOT NULL,
    due_on DATE NOT NULL,
    started_by NVARCHAR(300) NOT NULL,
    started_at DATETIMEOFFSET(7) NOT NULL,
    workflow_id UNIQUEIDENTIFIER NULL,
    request_id UNIQUEIDENTIFIER NULL,
    received_at DATETIMEOFFSET(7) NULL,
    received_by NVARCHAR(300) NULL,
    evidence_id UNIQUEIDENTIFIER NULL,
    file_name NVARCHAR(300) NULL,
    sha256 NVARCHAR(64) NULL,
    outcome_at DATETIMEOFFSET(7) NULL,
    outcome_by NVARCHAR(300) NULL,
    notes NVARCHAR(MAX) NULL,
    revision INT NOT NULL,
    CONSTRAINT pk_exit_readiness_tests PRIMARY KEY (id),
    CONSTRAINT uq_exit_readiness_tests_vendor_year UNIQUE (vendor_id, test_year)
);

-- The gaps a test found, each with the action that closes it, its owner and due date; written once with the outcome.
CREATE TABLE exit_readiness_gaps (
    test_id UNIQUEIDENTIFIER NOT NULL,
    gap_number INT NOT NULL,
    gap NVARCHAR(500) NOT NULL,
    action NVARCHAR(500) NOT NULL,
    owner NVARCHAR(500) NOT NULL,
    due_on DATE NOT NULL,
    CONSTRAINT pk_exit_readiness_gaps PRIMARY KEY (test_id, gap_number)
);
