-- Who drafted, edited and submitted each version, so segregation of duties can keep them from deciding it.
CREATE TABLE agreement_version_editors (
    agreement_id BLOB NOT NULL,
    version_number INTEGER NOT NULL,
    user_name TEXT NOT NULL,
    part TEXT NOT NULL,
    first_at TEXT NOT NULL,
    CONSTRAINT pk_agreement_version_editors PRIMARY KEY (agreement_id, version_number, user_name, part)
);

INSERT INTO agreement_version_editors (agreement_id, version_number, user_name, part, first_at)
SELECT agreement_id, number, created_by, 'Drafted', created_at FROM agreement_versions;

INSERT INTO agreement_version_editors (agreement_id, version_number, user_name, part, first_at)
SELECT agreement_id, version_number, submitted_by, 'Submitted', MIN(submitted_at) FROM agreement_submissions
GROUP BY agreement_id, version_number, submitted_by;
