-- Vendor due diligence (issue 18): an assessment of a vendor with its criticality factors, the inherent and residual risk it computed
-- and the tier that followed; one review per area (information security, Legal, Finance, the vendor manager) answering a versioned
-- questionnaire. cause_key makes each start happen once: one for a new vendor, one per assessment it falls due after.
CREATE TABLE vendor_assessments (
    id BLOB NOT NULL CONSTRAINT pk_vendor_assessments PRIMARY KEY,
    number INTEGER NOT NULL,
    vendor_id BLOB NOT NULL,
    cause TEXT NOT NULL,
    cause_key TEXT NOT NULL,
    status TEXT NOT NULL,
    questionnaires TEXT NOT NULL,
    owner_user TEXT NOT NULL,
    data_access INTEGER NULL,
    service_criticality INTEGER NULL,
    annual_spend INTEGER NULL,
    substitutability INTEGER NULL,
    regulatory_relevance INTEGER NULL,
    inherent_risk INTEGER NULL,
    control_effectiveness INTEGER NULL,
    residual_risk INTEGER NULL,
    result_tier TEXT NULL,
    tier_before TEXT NOT NULL,
    board_decision TEXT NULL,
    next_due_on TEXT NULL,
    workflow_id BLOB NULL,
    started_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    completed_at TEXT NULL,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_vendor_assessments_number ON vendor_assessments (number);
CREATE UNIQUE INDEX ux_vendor_assessments_cause ON vendor_assessments (vendor_id, cause_key);
CREATE INDEX ix_vendor_assessments_status ON vendor_assessments (status, next_due_on);

CREATE TABLE vendor_assessment_reviews (
    id BLOB NOT NULL CONSTRAINT pk_vendor_assessment_reviews PRIMARY KEY,
    assessment_id BLOB NOT NULL,
    area TEXT NOT NULL,
    questionnaire_id TEXT NOT NULL,
    questionnaire_version INTEGER NOT NULL,
    -- The answers as submitted, checked against the questionnaire version: {"questionId": value, ...}.
    answers TEXT NOT NULL,
    score INTEGER NOT NULL,
    comment TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_vendor_assessment_reviews_area ON vendor_assessment_reviews (assessment_id, area);
