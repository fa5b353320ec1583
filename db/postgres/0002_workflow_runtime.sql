-- Workflow runtime: WorkflowCore instances (execution pointers as allow-listed JSON), subscriptions, events,
-- scheduled commands, execution errors, and the lease table for distributed locks.
CREATE TABLE wf_instances (
    id UUID NOT NULL CONSTRAINT pk_wf_instances PRIMARY KEY,
    definition_id VARCHAR(200) NOT NULL,
    definition_version INTEGER NOT NULL,
    description VARCHAR(500) NULL,
    reference VARCHAR(200) NULL,
    status INTEGER NOT NULL,
    data TEXT NULL,
    pointers TEXT NOT NULL,
    next_execution BIGINT NULL,
    create_time TIMESTAMPTZ NOT NULL,
    complete_time TIMESTAMPTZ NULL,
    row_version INTEGER NOT NULL
);

CREATE TABLE wf_subscriptions (
    id UUID NOT NULL CONSTRAINT pk_wf_subscriptions PRIMARY KEY,
    workflow_id UUID NOT NULL,
    step_id INTEGER NOT NULL,
    execution_pointer_id VARCHAR(100) NOT NULL,
    event_name VARCHAR(200) NOT NULL,
    event_key VARCHAR(200) NOT NULL,
    subscribe_as_of TIMESTAMPTZ NOT NULL,
    subscription_data TEXT NULL,
    external_token VARCHAR(200) NULL,
    external_worker_id VARCHAR(200) NULL,
    external_token_expiry TIMESTAMPTZ NULL
);

CREATE TABLE wf_events (
    id UUID NOT NULL CONSTRAINT pk_wf_events PRIMARY KEY,
    event_name VARCHAR(200) NOT NULL,
    event_key VARCHAR(200) NOT NULL,
    event_data TEXT NULL,
    event_time TIMESTAMPTZ NOT NULL,
    is_processed BOOLEAN NOT NULL
);

CREATE TABLE wf_scheduled_commands (
    id UUID NOT NULL CONSTRAINT pk_wf_scheduled_commands PRIMARY KEY,
    command_name VARCHAR(200) NOT NULL,
    data VARCHAR(500) NOT NULL,
    execute_time BIGINT NOT NULL
);

CREATE TABLE wf_execution_errors (
    id UUID NOT NULL CONSTRAINT pk_wf_execution_errors PRIMARY KEY,
    workflow_id UUID NOT NULL,
    execution_pointer_id VARCHAR(100) NULL,
    error_time TIMESTAMPTZ NOT NULL,
    message TEXT NOT NULL
);

CREATE TABLE wf_locks (
    resource VARCHAR(200) NOT NULL CONSTRAINT pk_wf_locks PRIMARY KEY,
    owner VARCHAR(100) NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_wf_instances_runnable ON wf_instances (status, next_execution);

CREATE INDEX ix_wf_instances_definition ON wf_instances (definition_id, status, create_time);

CREATE INDEX ix_wf_subscriptions_event ON wf_subscriptions (event_name, event_key, subscribe_as_of);

CREATE INDEX ix_wf_subscriptions_workflow ON wf_subscriptions (workflow_id);

CREATE INDEX ix_wf_events_runnable ON wf_events (is_processed, event_time);

CREATE INDEX ix_wf_events_name ON wf_events (event_name, event_key, event_time);

CREATE UNIQUE INDEX uq_wf_scheduled_commands ON wf_scheduled_commands (command_name, data);

CREATE INDEX ix_wf_scheduled_commands_due ON wf_scheduled_commands (execute_time);

CREATE INDEX ix_wf_execution_errors_workflow ON wf_execution_errors (workflow_id);
