-- The organisation's budget calendar (one row; its zone is organisation.time_zone): the fiscal year's first day, the budget
-- milestones before it and procurement's lead time per agreement category (both as JSON text), versioned for If-Match.
CREATE TABLE budget_calendar (
    id INTEGER NOT NULL CONSTRAINT pk_budget_calendar PRIMARY KEY,
    fiscal_year_start_month INTEGER NOT NULL,
    fiscal_year_start_day INTEGER NOT NULL,
    default_lead_time_days INTEGER NOT NULL,
    milestones TEXT NOT NULL,
    lead_times TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by VARCHAR(200) NOT NULL
);

-- Read-only calendar feed tokens: calendar applications send no headers, so the secret travels in the feed's URL; only its
-- SHA-256 is kept, and a revoked token answers nothing.
CREATE TABLE calendar_feed_tokens (
    id UUID NOT NULL CONSTRAINT pk_calendar_feed_tokens PRIMARY KEY,
    user_id UUID NOT NULL,
    token_prefix VARCHAR(20) NOT NULL,
    token_hash VARCHAR(64) NOT NULL CONSTRAINT uq_calendar_feed_tokens_hash UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ NULL,
    last_used_at TIMESTAMPTZ NULL
);

CREATE INDEX ix_calendar_feed_tokens_user ON calendar_feed_tokens (user_id);
