-- Error budgets per availability objective (issue 20): one row per agreement, objective key and budget window (a calendar month,
-- quarter or rolling window), brought up to date at the data time of every upload that feeds it and whenever a report of its
-- period is computed. Durations are milliseconds; data_time is the newest instant of data the figures stand at; burn_rates and
-- points (remaining budget at the end of each day up to data_time) are JSON for the API and the chart.
CREATE TABLE error_budgets (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_error_budgets PRIMARY KEY,
    agreement_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_error_budgets_agreements REFERENCES agreements (id),
    objective_key NVARCHAR(100) NOT NULL,
    service NVARCHAR(200) NOT NULL,
    window_start DATETIMEOFFSET(7) NOT NULL,
    window_end DATETIMEOFFSET(7) NOT NULL,
    version_number INTEGER NOT NULL,
    target_percent FLOAT NOT NULL,
    has_budget BIT NOT NULL,
    budget_ms BIGINT NOT NULL,
    consumed_ms BIGINT NOT NULL,
    remaining_ms BIGINT NOT NULL,
    data_time DATETIMEOFFSET(7) NOT NULL,
    burn_rates NVARCHAR(MAX) NOT NULL,
    points NVARCHAR(MAX) NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT uq_error_budgets_window UNIQUE (agreement_id, objective_key, window_start)
);
GO

-- One row per burn-rate alert episode, written once with the email that reports it, so a crash or a re-upload sends nothing
-- twice: unique by agreement, objective, alert and the data time the episode started. late: found in data older than the
-- newest already seen for the objective. resolved_at: when the short window fell below the alert's factor.
CREATE TABLE error_budget_episodes (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_error_budget_episodes PRIMARY KEY,
    agreement_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_error_budget_episodes_agreements REFERENCES agreements (id),
    objective_key NVARCHAR(100) NOT NULL,
    service NVARCHAR(200) NOT NULL,
    alert NVARCHAR(50) NOT NULL,
    severity NVARCHAR(20) NOT NULL,
    factor FLOAT NOT NULL,
    started_at DATETIMEOFFSET(7) NOT NULL,
    resolved_at DATETIMEOFFSET(7) NULL,
    late BIT NOT NULL,
    long_rate FLOAT NULL,
    short_rate FLOAT NULL,
    remaining_ms BIGINT NOT NULL,
    budget_ms BIGINT NOT NULL,
    upload_id UNIQUEIDENTIFIER NULL,
    found_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT uq_error_budget_episodes UNIQUE (agreement_id, objective_key, alert, started_at)
);
GO

-- The agreement's error-budget policy triggered for an objective's window: recorded once per window with what the policy asked,
-- so OpenChangeRequest refuses non-emergency changes while changes_frozen and the window lasts, and the month-end close finds
-- breach_review_required.
CREATE TABLE error_budget_exhaustions (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_error_budget_exhaustions PRIMARY KEY,
    agreement_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_error_budget_exhaustions_agreements REFERENCES agreements (id),
    objective_key NVARCHAR(100) NOT NULL,
    service NVARCHAR(200) NOT NULL,
    window_start DATETIMEOFFSET(7) NOT NULL,
    window_end DATETIMEOFFSET(7) NOT NULL,
    version_number INTEGER NOT NULL,
    triggered_at DATETIMEOFFSET(7) NOT NULL,
    budget_ms BIGINT NOT NULL,
    remaining_ms BIGINT NOT NULL,
    changes_frozen BIT NOT NULL,
    board_notified BIT NOT NULL,
    breach_review_required BIT NOT NULL,
    recorded_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT uq_error_budget_exhaustions UNIQUE (agreement_id, objective_key, window_start)
);
GO
