-- The organisation's budget calendar (one row; its zone is organisation.time_zone): the fiscal year's first day, the budget
-- milestones before it and procurement's lead time per agreement category (both as JSON text), versioned for If-Match.
CREATE TABLE budget_calendar (
    id INT NOT NULL CONSTRAINT pk_budget_calendar PRIMARY KEY,
    fiscal_year_start_month INT NOT NULL,
    fiscal_year_start_day INT NOT NULL,
    default_lead_time_days INT NOT NULL,
    milestones NVARCHAR(MAX) NOT NULL,
    lead_times NVARCHAR(MAX) NOT NULL,
    version INT NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL,
    updated_by NVARCHAR(200) NOT NULL
);
GO
-- Read-only calendar feed tokens: calendar applications send no headers, so the secret travels in the feed's URL; only its
-- SHA-256 is kept, and a revoked token answers nothing.
CREATE TABLE calendar_feed_tokens (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_calendar_feed_tokens PRIMARY KEY,
    user_id UNIQUEIDENTIFIER NOT NULL,
    token_prefix NVARCHAR(20) NOT NULL,
    token_hash NVARCHAR(64) NOT NULL CONSTRAINT uq_calendar_feed_tokens_hash UNIQUE,
    created_at DATETIMEOFFSET(7) NOT NULL,
    revoked_at DATETIMEOFFSET(7) NULL,
    last_used_at DATETIMEOFFSET(7) NULL
);
GO
CREATE INDEX ix_calendar_feed_tokens_user ON calendar_feed_tokens (user_id);
