-- Exit execution: one exit per agreement (a later trigger joins it), the workflow that runs it, the vendor requests it opened, when
-- the data came back and the checklist kept at its end.
CREATE TABLE exits (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    status NVARCHAR(20) NOT NULL,
    ends_on DATE NOT NULL,
    started_by NVARCHAR(300) NOT NULL,
    started_at DATETIMEOFFSET(7) NOT NULL,
    workflow_id UNIQUEIDENTIFIER NULL,
    certificate_required BIT NOT NULL,
    data_request_id UNIQUEIDENTIFIER NULL,
    certificate_request_id UNIQUEIDENTIFIER NULL,
    data_received_at DATETIMEOFFSET(7) NULL,
    data_received_by NVARCHAR(300) NULL,
    checklist VARBINARY(MAX) NULL,
    completed_at DATETIMEOFFSET(7) NULL,
    revision INT NOT NULL,
    CONSTRAINT pk_exits PRIMARY KEY (agreement_id)
);
GO

-- What started or joined an exit, each once (a replayed step finds its key).
CREATE TABLE exit_triggers (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    trigger_key NVARCHAR(200) NOT NULL,
    kind NVARCHAR(40) NOT NULL,
    why NVARCHAR(MAX) NOT NULL,
    triggered_by NVARCHAR(300) NOT NULL,
    triggered_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_exit_triggers PRIMARY KEY (agreement_id, trigger_key)
);
GO

-- Exit plans, versioned per agreement: each save is a new version, never updated.
CREATE TABLE exit_plans (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    version INT NOT NULL,
    owner NVARCHAR(300) NOT NULL,
    strategy NVARCHAR(40) NOT NULL,
    strategy_notes NVARCHAR(MAX) NULL,
    data_inventory NVARCHAR(MAX) NOT NULL,
    transition_days INT NOT NULL,
    key_people NVARCHAR(MAX) NOT NULL,
    estimated_cost DECIMAL(18,2) NOT NULL,
    currency NVARCHAR(3) NOT NULL,
    estimated_duration_days INT NOT NULL,
    created_by NVARCHAR(300) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_exit_plans PRIMARY KEY (agreement_id, version)
);
