-- Vendor due diligence (issue 18): an assessment of a vendor with its criticality factors, the inherent and residual risk it computed
-- and the tier that followed; one review per area (information security, Legal, Finance, the vendor manager) answering a versioned
-- questionnaire. cause_key makes each start happen once: one for a new vendor, one per assessment it falls due after.
CREATE TABLE vendor_assessments (
    id UUID NOT NULL CONSTRAINT pk_vendor_assessments PRIMARY KEY,
    number INT NOT NULL,
    vendor_id UUID NOT NULL,
    cause VARCHAR(40) NOT NULL,
    cause_key VARCHAR(100) NOT NULL,
    status VARCHAR(40) NOT NULL,
    questionnaires VARCHAR(400) NOT NULL,
    owner_user VARCHAR(300) NOT NULL,
    data_access INT NULL,
    service_criticality INT NULL,
    annual_spend INT NULL,
    substitutability INT NULL,
    regulatory_relevance INT NULL,
    inherent_risk INT NULL,
    control_effectiveness INT NULL,
    residual_risk INT NULL,
    result_tier VARCHAR(20) NULL,
    tier_before VARCHAR(20) NOT NULL,
    board_decision VARCHAR(40) NULL,
    next_due_on DATE NULL,
    workflow_id UUID NULL,
    started_by VARCHAR(300) NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ NULL,
    version INT NOT NULL
);
CREATE UNIQUE INDEX ux_vendor_assessments_number ON vendor_assessments (number);
CREATE UNIQUE INDEX ux_vendor_assessments_cause ON vendor_assessments (vendor_id, cause_key);
CREATE INDEX ix_vendor_assessments_status ON vendor_assessments (status, next_due_on);

CREATE TABLE vendor_assessment_reviews (
    id UUID NOT NULL CONSTRAINT pk_vendor_assessment_reviews PRIMARY KEY,
    assessment_id UUID NOT NULL,
    area VARCHAR(40) NOT NULL,
    questionnaire_id VARCHAR(100) NOT NULL,
    questionnaire_version INT NOT NULL,
    -- The answers as submitted, checked against the questionnaire version: {"questionId": value, ...}.
    answers TEXT NOT NULL,
    score INT NOT NULL,
    comment TEXT NOT NULL,
    submitted_by VARCHAR(300) NOT NULL,
    submitted_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_vendor_assessment_reviews_area ON vendor_assessment_reviews (assessment_id, area);
