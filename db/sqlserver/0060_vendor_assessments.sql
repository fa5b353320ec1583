-- Vendor due diligence (issue 18): an assessment of a vendor with its criticality factors, the inherent and residual risk it computed
-- and the tier that followed; one review per area (information security, Legal, Finance, the vendor manager) answering a versioned
-- questionnaire. cause_key makes each start happen once: one for a new vendor, one per assessment it falls due after.
CREATE TABLE vendor_assessments (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_vendor_assessments PRIMARY KEY,
    number INT NOT NULL,
    vendor_id UNIQUEIDENTIFIER NOT NULL,
    cause NVARCHAR(40) NOT NULL,
    cause_key NVARCHAR(100) NOT NULL,
    status NVARCHAR(40) NOT NULL,
    questionnaires NVARCHAR(400) NOT NULL,
    owner_user NVARCHAR(300) NOT NULL,
    data_access INT NULL,
    service_criticality INT NULL,
    annual_spend INT NULL,
    substitutability INT NULL,
    regulatory_relevance INT NULL,
    inherent_risk INT NULL,
    control_effectiveness INT NULL,
    residual_risk INT NULL,
    result_tier NVARCHAR(20) NULL,
    tier_before NVARCHAR(20) NOT NULL,
    board_decision NVARCHAR(40) NULL,
    next_due_on DATE NULL,
    workflow_id UNIQUEIDENTIFIER NULL,
    started_by NVARCHAR(300) NOT NULL,
    started_at DATETIMEOFFSET(7) NOT NULL,
    completed_at DATETIMEOFFSET(7) NULL,
    version INT NOT NULL
);
GO
CREATE UNIQUE INDEX ux_vendor_assessments_number ON vendor_assessments (number);
GO
CREATE UNIQUE INDEX ux_vendor_assessments_cause ON vendor_assessments (vendor_id, cause_key);
GO
CREATE INDEX ix_vendor_assessments_status ON vendor_assessments (status, next_due_on);
GO

CREATE TABLE vendor_assessment_reviews (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_vendor_assessment_reviews PRIMARY KEY,
    assessment_id UNIQUEIDENTIFIER NOT NULL,
    area NVARCHAR(40) NOT NULL,
    questionnaire_id NVARCHAR(100) NOT NULL,
    questionnaire_version INT NOT NULL,
    -- The answers as submitted, checked against the questionnaire version: {"questionId": value, ...}.
    answers NVARCHAR(MAX) NOT NULL,
    score INT NOT NULL,
    comment NVARCHAR(MAX) NOT NULL,
    submitted_by NVARCHAR(300) NOT NULL,
    submitted_at DATETIMEOFFSET(7) NOT NULL
);
GO
CREATE UNIQUE INDEX ux_vendor_assessment_reviews_area ON vendor_assessment_reviews (assessment_id, area);
GO
