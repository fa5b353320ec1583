-- Error budgets per availability objective (issue 20): one row per agreement, objective key and budget window (a calendar month,
-- quarter or rolling window), brought up to date at the data time of every upload that feeds it and whenever a report of its
-- period is computed. Durations are milliseconds; data_time is the newest instant of data the figures stand at; burn_rates and
-- points (remaining budget at the end of each day up to data_time) are JSON for the API and the chart.
CREATE TABLE error_budgets (
    id BLOB NOT NULL CONSTRAINT pk_error_budgets PRIMARY KEY,
    agreement_id BLOB NOT NULL CONSTRAINT fk_error_budgets_agreements REFERENCES agreements (id),
    objective_key TEXT NOT NULL,
    service TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    version_number INTEGER NOT NULL,
    target_percent REAL NOT NULL,
    has_budget INTEGER NOT NULL,
    budget_ms INTEGER NOT NULL,
    consumed_ms INTEGER NOT NULL,
    remaining_ms INTEGER NOT NULL,
    data_time TEXT NOT NULL,
    burn_rates TEXT NOT NULL,
    points TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT uq_error_budgets_window UNIQUE (agreement_id, objective_key, window_start)
);

-- One row per burn-rate alert episode, written once with the email that reports it, so a crash or a re-upload sends nothing
-- twice: unique by agreement, objective, alert and the data time the episode started. late: found in data older than the
-- newest already seen for the objective. resolved_at: when the short window fell below the alert's factor.
CREATE TABLE error_budget_episodes (
    id BLOB NOT NULL CONSTRAINT pk_error_budget_episodes PRIMARY KEY,
    agreement_id BLOB NOT NULL CONSTRAINT fk_error_budget_episodes_agreements REFERENCES agreements (id),
    objective_key TEXT NOT NULL,
    service TEXT NOT NULL,
    alert TEXT NOT NULL,
    severity TEXT NOT NULL,
    factor REAL NOT NULL,
    started_at TEXT NOT NULL,
    resolved_at TEXT NULL,
    late INTEGER NOT NULL,
    long_rate REAL NULL,
    short_rate REAL NULL,
    remaining_ms INTEGER NOT NULL,
    budget_ms INTEGER NOT NULL,
    upload_id BLOB NULL,
    found_at TEXT NOT NULL,
    CONSTRAINT uq_error_budget_episodes UNIQUE (agreement_id, objective_key, alert, started_at)
);

-- The agreement's error-budget policy triggered for an objective's window: recorded once per window with what the policy asked,
-- so OpenChangeRequest refuses non-emergency changes while changes_frozen and the window lasts, and the month-end close finds
-- breach_review_required.
CREATE TABLE error_budget_exhaustions (
    id BLOB NOT NULL CONSTRAINT pk_error_budget_exhaustions PRIMARY KEY,
    agreement_id BLOB NOT NULL CONSTRAINT fk_error_budget_exhaustions_agreements REFERENCES agreements (id),
    objective_key TEXT NOT NULL,
    service TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    version_number INTEGER NOT NULL,
    triggered_at TEXT NOT NULL,
    budget_ms INTEGER NOT NULL,
    remaining_ms INTEGER NOT NULL,
    changes_frozen INTEGER NOT NULL,
    board_notified INTEGER NOT NULL,
    breach_review_required INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    CONSTRAINT uq_error_budget_exhaustions UNIQUE (agreement_id, objective_key, window_start)
);
