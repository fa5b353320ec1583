-- Emails may carry files, such as an iCalendar event for the deadline a reminder is about: a JSON list of
-- {fileName, contentType, content (base64)}, NULL for a plain text email.
ALTER TABLE email_outbox ADD attachments TEXT NULL;

-- One renewal decision per term of an agreement: the renewal workflow that runs it, and how it ended (renewed as is or
-- tacitly, renegotiated, terminated, lapsed). Keyed by the term's last day, so two nodes start a term's workflow once.
CREATE TABLE renewal_cycles (
    agreement_id BLOB NOT NULL,
    term_end TEXT NOT NULL,
    term_index INTEGER NOT NULL,
    workflow_id BLOB NULL,
    status TEXT NOT NULL,
    decision TEXT NULL,
    decided_by TEXT NULL,
    decided_at TEXT NULL,
    started_at TEXT NOT NULL,
    CONSTRAINT pk_renewal_cycles PRIMARY KEY (agreement_id, term_end)
);

CREATE INDEX ix_renewal_cycles_status ON renewal_cycles (status);
