-- Emails leave through this outbox: one row per idempotency key, a stable Message-ID per row, retries with
-- back-off, and dead letters an administrator can resend.
CREATE TABLE email_outbox (
    id BLOB NOT NULL CONSTRAINT pk_email_outbox PRIMARY KEY,
    idempotency_key TEXT NOT NULL CONSTRAINT uq_email_outbox_key UNIQUE,
    message_id TEXT NOT NULL,
    recipients TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT NULL,
    last_error TEXT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT NULL
);

CREATE INDEX ix_email_outbox_due ON email_outbox (status, next_attempt_at);
