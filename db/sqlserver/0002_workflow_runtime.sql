-- Workflow runtime: WorkflowCore instances (execution pointers as allow-listed JSON), subscriptions, events,
-- scheduled commands, execution errors, and the lease table for distributed locks.
CREATE TABLE wf_instances (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_wf_instances PRIMARY KEY,
    definition_id NVARCHAR(200) NOT NULL,
    definition_version INT NOT NULL,
    description NVARCHAR(500) NULL,
    reference NVARCHAR(200) NULL,
    status INT NOT NULL,
    data NVARCHAR(MAX) NULL,
    pointers NVARCHAR(MAX) NOT NULL,
    next_execution BIGINT NULL,
    create_time DATETIMEOFFSET(7) NOT NULL,
    complete_time DATETIMEOFFSET(7) NULL,
    row_version INT NOT NULL
);
GO
CREATE TABLE wf_subscriptions (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_wf_subscriptions PRIMARY KEY,
    workflow_id UNIQUEIDENTIFIER NOT NULL,
    step_id INT NOT NULL,
    execution_pointer_id NVARCHAR(100) NOT NULL,
    event_name NVARCHAR(200) NOT NULL,
    event_key NVARCHAR(200) NOT NULL,
    subscribe_as_of DATETIMEOFFSET(7) NOT NULL,
    subscription_data NVARCHAR(MAX) NULL,
    external_token NVARCHAR(200) NULL,
    external_worker_id NVARCHAR(200) NULL,
    external_token_expiry DATETIMEOFFSET(7) NULL
);
GO
CREATE TABLE wf_events (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_wf_events PRIMARY KEY,
    event_name NVARCHAR(200) NOT NULL,
    event_key NVARCHAR(200) NOT NULL,
    event_data NVARCHAR(MAX) NULL,
    event_time DATETIMEOFFSET(7) NOT NULL,
    is_processed BIT NOT NULL
);
GO
CREATE TABLE wf_scheduled_commands (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_wf_scheduled_commands PRIMARY KEY,
    command_name NVARCHAR(200) NOT NULL,
    data NVARCHAR(500) NOT NULL,
    execute_time BIGINT NOT NULL
);
GO
CREATE TABLE wf_execution_errors (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_wf_execution_errors PRIMARY KEY,
    workflow_id UNIQUEIDENTIFIER NOT NULL,
    execution_pointer_id NVARCHAR(100) NULL,
    error_time DATETIMEOFFSET(7) NOT NULL,
    message NVARCHAR(MAX) NOT NULL
);
GO
CREATE TABLE wf_locks (
    resource NVARCHAR(200) NOT NULL CONSTRAINT pk_wf_locks PRIMARY KEY,
    owner NVARCHAR(100) NOT NULL,
    expires_at DATETIMEOFFSET(7) NOT NULL
);
GO
CREATE INDEX ix_wf_instances_runnable ON wf_instances (status, next_execution);
GO
CREATE INDEX ix_wf_instances_definition ON wf_instances (definition_id, status, create_time);
GO
CREATE INDEX ix_wf_subscriptions_event ON wf_subscriptions (event_name, event_key, subscribe_as_of);
GO
CREATE INDEX ix_wf_subscriptions_workflow ON wf_subscriptions (workflow_id);
GO
CREATE INDEX ix_wf_events_runnable ON wf_events (is_processed, event_time);
GO
CREATE INDEX ix_wf_events_name ON wf_events (event_name, event_key, event_time);
GO
CREATE UNIQUE INDEX uq_wf_scheduled_commands ON wf_scheduled_commands (command_name, data);
GO
CREATE INDEX ix_wf_scheduled_commands_due ON wf_scheduled_commands (execute_time);
GO
CREATE INDEX ix_wf_execution_errors_workflow ON wf_execution_errors (workflow_id);
GO
