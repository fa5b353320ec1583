-- The content of each round as it was submitted, so an approver sees what changed since the round before
-- (a version's row holds only its latest content).
CREATE TABLE agreement_submissions (
    agreement_id UUID NOT NULL,
    version_number INTEGER NOT NULL,
    round INTEGER NOT NULL,
    content TEXT NOT NULL,
    content_hash VARCHAR(300) NOT NULL,
    submitted_by VARCHAR(300) NOT NULL,
    submitted_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_agreement_submissions PRIMARY KEY (agreement_id, version_number, round)
);
