-- Workflow runtime: WorkflowCore instances (execution pointers as allow-listed JSON), subscriptions, events,
-- scheduled commands, execution errors, and the lease table for distributed locks.
CREATE TABLE wf_instances (
    id BLOB NOT NULL CONSTRAINT pk_wf_instances PRIMARY KEY,
    definition_id TEXT NOT NULL,
    definition_version INTEGER NOT NULL,
    description TEXT NULL,
    reference TEXT NULL,
    status INTEGER NOT NULL,
    data TEXT NULL,
    pointers TEXT NOT NULL,
    next_execution INTEGER NULL,
    create_time TEXT NOT NULL,
    complete_time TEXT NULL,
    row_version INTEGER NOT NULL
);

CREATE TABLE wf_subscriptions (
    id BLOB NOT NULL CONSTRAINT pk_wf_subscriptions PRIMARY KEY,
    workflow_id BLOB NOT NULL,
    step_id INTEGER NOT NULL,
    execution_pointer_id TEXT NOT NULL,
    event_name TEXT NOT NULL,
    event_key TEXT NOT NULL,
    subscribe_as_of TEXT NOT NULL,
    subscription_data TEXT NULL,
    external_token TEXT NULL,
    external_worker_id TEXT NULL,
    external_token_expiry TEXT NULL
);

CREATE TABLE wf_events (
    id BLOB NOT NULL CONSTRAINT pk_wf_events PRIMARY KEY,
    event_name TEXT NOT NULL,
    event_key TEXT NOT NULL,
    event_data TEXT NULL,
    event_time TEXT NOT NULL,
    is_processed INTEGER NOT NULL
);

CREATE TABLE wf_scheduled_commands (
    id BLOB NOT NULL CONSTRAINT pk_wf_scheduled_commands PRIMARY KEY,
    command_name TEXT NOT NULL,
    data TEXT NOT NULL,
    execute_time INTEGER NOT NULL
);

CREATE TABLE wf_execution_errors (
    id BLOB NOT NULL CONSTRAINT pk_wf_execution_errors PRIMARY KEY,
    workflow_id BLOB NOT NULL,
    execution_pointer_id TEXT NULL,
    error_time TEXT NOT NULL,
    message TEXT NOT NULL
);

CREATE TABLE wf_locks (
    resource TEXT NOT NULL CONSTRAINT pk_wf_locks PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at TEXT NOT NULL
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
