-- The content of each round as it was submitted, so an approver sees what changed since the round before
-- (a version's row holds only its latest content).
CREATE TABLE agreement_submissions (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    version_number INT NOT NULL,
    round INT NOT NULL,
    content NVARCHAR(MAX) NOT NULL,
    content_hash NVARCHAR(300) NOT NULL,
    submitted_by NVARCHAR(300) NOT NULL,
    submitted_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_agreement_submissions PRIMARY KEY (agreement_id, version_number, round)
);
GO
