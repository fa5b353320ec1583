-- Emails may carry files, such as an iCalendar event for the deadline a reminder is about: a JSON list of
-- {fileName, contentType, content (base64)}, NULL for a plain text email.
ALTER TABLE email_outbox ADD attachments NVARCHAR(MAX) NULL;

-- One renewal decision per term of an agreement: the renewal workflow that runs it, and how it ended (renewed as is or
-- tacitly, renegotiated, terminated, lapsed). Keyed by the term's last day, so two nodes start a term's workflow once.
GO
CREATE TABLE renewal_cycles (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    term_end DATE NOT NULL,
    term_index INT NOT NULL,
    workflow_id UNIQUEIDENTIFIER NULL,
    status NVARCHAR(40) NOT NULL,
    decision NVARCHAR(40) NULL,
    decided_by NVARCHAR(300) NULL,
    decided_at DATETIMEOFFSET(7) NULL,
    started_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_renewal_cycles PRIMARY KEY (agreement_id, term_end)
);

GO
CREATE INDEX ix_renewal_cycles_status ON renewal_cycles (status);
