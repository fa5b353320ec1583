-- Emails leave through this outbox: one row per idempotency key, a stable Message-ID per row, retries with
-- back-off, and dead letters an administrator can resend.
CREATE TABLE email_outbox (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_email_outbox PRIMARY KEY,
    idempotency_key NVARCHAR(300) NOT NULL CONSTRAINT uq_email_outbox_key UNIQUE,
    message_id NVARCHAR(300) NOT NULL,
    recipients NVARCHAR(MAX) NOT NULL,
    subject NVARCHAR(500) NOT NULL,
    text_body NVARCHAR(MAX) NOT NULL,
    status NVARCHAR(20) NOT NULL,
    attempts INT NOT NULL,
    next_attempt_at DATETIMEOFFSET(7) NOT NULL,
    claimed_until DATETIMEOFFSET(7) NULL,
    last_error NVARCHAR(MAX) NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    sent_at DATETIMEOFFSET(7) NULL
);
GO
CREATE INDEX ix_email_outbox_due ON email_outbox (status, next_attempt_at);
