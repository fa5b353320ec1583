-- Emails leave through this outbox: one row per idempotency key, a stable Message-ID per row, retries with
-- back-off, and dead letters an administrator can resend.
CREATE TABLE email_outbox (
    id UUID NOT NULL CONSTRAINT pk_email_outbox PRIMARY KEY,
    idempotency_key VARCHAR(300) NOT NULL CONSTRAINT uq_email_outbox_key UNIQUE,
    message_id VARCHAR(300) NOT NULL,
    recipients TEXT NOT NULL,
    subject VARCHAR(500) NOT NULL,
    text_body TEXT NOT NULL,
    status VARCHAR(20) NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_until TIMESTAMPTZ NULL,
    last_error TEXT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    sent_at TIMESTAMPTZ NULL
);

CREATE INDEX ix_email_outbox_due ON email_outbox (status, next_attempt_at);
