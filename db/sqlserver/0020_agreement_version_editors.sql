-- Who drafted, edited and submitted each version, so segregation of duties can keep them from deciding it.
CREATE TABLE agreement_version_editors (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    version_number INT NOT NULL,
    user_name NVARCHAR(300) NOT NULL,
    part NVARCHAR(20) NOT NULL,
    first_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_agreement_version_editors PRIMARY KEY (agreement_id, version_number, user_name, part)
);
GO

INSERT INTO agreement_version_editors (agreement_id, version_number, user_name, part, first_at)
SELECT agreement_id, number, created_by, 'Drafted', created_at FROM agreement_versions;

INSERT INTO agreement_version_editors (agreement_id, version_number, user_name, part, first_at)
SELECT agreement_id, version_number, submitted_by, 'Submitted', MIN(submitted_at) FROM agreement_submissions
GROUP BY agreement_id, version_number, submitted_by;
GO
