-- Approval stages, reminders, escalation and the moves people make with tasks.
-- A task of an approval stage belongs to a group (one per stage execution) that decides the stage by quorum.
ALTER TABLE wf_tasks ADD
    group_id UNIQUEIDENTIFIER NULL,
    approve_outcome NVARCHAR(100) NULL,
    exclude_prior_approvers BIT NOT NULL CONSTRAINT df_wf_tasks_exclude_prior DEFAULT 0,
    escalate_to_role NVARCHAR(50) NULL,
    escalated_at DATETIMEOFFSET(7) NULL,
    reminders NVARCHAR(MAX) NOT NULL CONSTRAINT df_wf_tasks_reminders DEFAULT '[]',
    reminders_sent INT NOT NULL CONSTRAINT df_wf_tasks_reminders_sent DEFAULT 0,
    next_reminder_at DATETIMEOFFSET(7) NULL;
GO
CREATE INDEX ix_wf_tasks_workflow ON wf_tasks (workflow_id);
GO
CREATE INDEX ix_wf_tasks_group ON wf_tasks (group_id);
GO
CREATE INDEX ix_wf_tasks_user ON wf_tasks (status, assignee_user_id);
GO
CREATE INDEX ix_wf_tasks_reminder ON wf_tasks (status, next_reminder_at);
GO
CREATE INDEX ix_wf_tasks_due ON wf_tasks (status, escalated_at, due_at);
GO
CREATE TABLE wf_task_groups (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_wf_task_groups PRIMARY KEY,
    workflow_id UNIQUEIDENTIFIER NOT NULL,
    step_id NVARCHAR(100) NOT NULL,
    role NVARCHAR(50) NOT NULL,
    approve_outcome NVARCHAR(100) NOT NULL,
    required INT NOT NULL,
    eligible INT NOT NULL,
    status NVARCHAR(20) NOT NULL,
    outcome NVARCHAR(100) NULL,
    decided_at DATETIMEOFFSET(7) NULL,
    version INT NOT NULL
);
GO
CREATE TABLE wf_task_log (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_wf_task_log PRIMARY KEY,
    task_id UNIQUEIDENTIFIER NOT NULL,
    workflow_id UNIQUEIDENTIFIER NOT NULL,
    at DATETIMEOFFSET(7) NOT NULL,
    action NVARCHAR(50) NOT NULL,
    actor NVARCHAR(200) NOT NULL,
    detail NVARCHAR(MAX) NOT NULL
);
GO
CREATE INDEX ix_wf_task_log_workflow ON wf_task_log (workflow_id, at);
