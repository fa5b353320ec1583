-- Exit execution: one exit per agreement (a later trigger joins it), the workflow that runs it, the vendor requests it opened, when
-- the data came back and the checklist kept at its end.
CREATE TABLE exits (
    agreement_id UUID NOT NULL,
    status VARCHAR(20) NOT NULL,
    ends_on DATE NOT NULL,
    started_by VARCHAR(300) NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    workflow_id UUID NULL,
    certificate_required BOOLEAN NOT NULL,
    data_request_id UUID NULL,
    certificate_request_id UUID NULL,
    data_received_at TIMESTAMPTZ NULL,
    data_received_by VARCHAR(300) NULL,
    checklist BYTEA NULL,
    completed_at TIMESTAMPTZ NULL,
    revision INTEGER NOT NULL,
    CONSTRAINT pk_exits PRIMARY KEY (agreement_id)
);

-- What started or joined an exit, each once (a replayed step finds its key).
CREATE TABLE exit_triggers (
    agreement_id UUID NOT NULL,
    trigger_key VARCHAR(200) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    why TEXT NOT NULL,
    triggered_by VARCHAR(300) NOT NULL,
    triggered_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_exit_triggers PRIMARY KEY (agreement_id, trigger_key)
);

-- Exit plans, versioned per agreement: each save is a new version, never updated.
CREATE TABLE exit_plans (
    agreement_id UUID NOT NULL,
    version INTEGER NOT NULL,
    owner VARCHAR(300) NOT NULL,
    strategy VARCHAR(40) NOT NULL,
    strategy_notes TEXT NULL,
    data_inventory TEXT NOT NULL,
    transition_days INTEGER NOT NULL,
    key_people TEXT NOT NULL,
    estimated_cost DECIMAL(18,2) NOT NULL,
    currency VARCHAR(3) NOT NULL,
    estimated_duration_days INTEGER NOT NULL,
    created_by VARCHAR(300) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_exit_plans PRIMARY KEY (agreement_id, version)
);
