-- Compliance reports, archived immutably: one row per revision of an agreement's report for one period ('2026-03' or
-- '2026-Q1'), never updated. inputs lists what fed the revision (terms hash, upload hashes, exclusion decisions) and
-- inputs_sha256 is its SHA-256, so a recalculation can tell whether anything changed; result is the report as JSON.
CREATE TABLE compliance_reports (
    id UUID NOT NULL CONSTRAINT pk_compliance_reports PRIMARY KEY,
    agreement_id UUID NOT NULL CONSTRAINT fk_compliance_reports_agreements REFERENCES agreements (id),
    period VARCHAR(10) NOT NULL,
    revision INTEGER NOT NULL,
    version_number INTEGER NOT NULL,
    inputs_sha256 VARCHAR(64) NOT NULL,
    inputs TEXT NOT NULL,
    result TEXT NOT NULL,
    reason VARCHAR(2000) NOT NULL,
    computed_by VARCHAR(300) NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT uq_compliance_reports_revision UNIQUE (agreement_id, period, revision)
);
