-- Exit execution: one exit per agreement (a later trigger joins it), the workflow that runs it, the vendor requests it opened, when
-- the data came back and the checklist kept at its end.
CREATE TABLE exits (
    agreement_id BLOB NOT NULL,
    status TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    started_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    workflow_id BLOB NULL,
    certificate_required INTEGER NOT NULL,
    data_request_id BLOB NULL,
    certificate_request_id BLOB NULL,
    data_received_at TEXT NULL,
    data_received_by TEXT NULL,
    checklist BLOB NULL,
    completed_at TEXT NULL,
    revision INTEGER NOT NULL,
    CONSTRAINT pk_exits PRIMARY KEY (agreement_id)
);

-- What started or joined an exit, each once (a replayed step finds its key).
CREATE TABLE exit_triggers (
    agreement_id BLOB NOT NULL,
    trigger_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    why TEXT NOT NULL,
    triggered_by TEXT NOT NULL,
    triggered_at TEXT NOT NULL,
    CONSTRAINT pk_exit_triggers PRIMARY KEY (agreement_id, trigger_key)
);

-- Exit plans, versioned per agreement: each save is a new version, never updated.
CREATE TABLE exit_plans (
    agreement_id BLOB NOT NULL,
    version INTEGER NOT NULL,
    owner TEXT NOT NULL,
    strategy TEXT NOT NULL,
    strategy_notes TEXT NULL,
    data_inventory TEXT NOT NULL,
    transition_days INTEGER NOT NULL,
    key_people TEXT NOT NULL,
    estimated_cost TEXT NOT NULL,
    currency TEXT NOT NULL,
    estimated_duration_days INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT pk_exit_plans PRIMARY KEY (agreement_id, version)
);
