-- Approval stages, reminders, escalation and the moves people make with tasks.
-- A task of an approval stage belongs to a group (one per stage execution) that decides the stage by quorum.
ALTER TABLE wf_tasks ADD COLUMN group_id UUID NULL;
ALTER TABLE wf_tasks ADD COLUMN approve_outcome VARCHAR(100) NULL;
ALTER TABLE wf_tasks ADD COLUMN exclude_prior_approvers BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE wf_tasks ADD COLUMN escalate_to_role VARCHAR(50) NULL;
ALTER TABLE wf_tasks ADD COLUMN escalated_at TIMESTAMPTZ NULL;
ALTER TABLE wf_tasks ADD COLUMN reminders TEXT NOT NULL DEFAULT '[]';
ALTER TABLE wf_tasks ADD COLUMN reminders_sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wf_tasks ADD COLUMN next_reminder_at TIMESTAMPTZ NULL;

CREATE INDEX ix_wf_tasks_workflow ON wf_tasks (workflow_id);
CREATE INDEX ix_wf_tasks_group ON wf_tasks (group_id);
CREATE INDEX ix_wf_tasks_user ON wf_tasks (status, assignee_user_id);
CREATE INDEX ix_wf_tasks_reminder ON wf_tasks (status, next_reminder_at);
CREATE INDEX ix_wf_tasks_due ON wf_tasks (status, escalated_at, due_at);

CREATE TABLE wf_task_groups (
    id UUID NOT NULL CONSTRAINT pk_wf_task_groups PRIMARY KEY,
    workflow_id UUID NOT NULL,
    step_id VARCHAR(100) NOT NULL,
    role VARCHAR(50) NOT NULL,
    approve_outcome VARCHAR(100) NOT NULL,
    required INTEGER NOT NULL,
    eligible INTEGER NOT NULL,
    status VARCHAR(20) NOT NULL,
    outcome VARCHAR(100) NULL,
    decided_at TIMESTAMPTZ NULL,
    version INTEGER NOT NULL
);

CREATE TABLE wf_task_log (
    id UUID NOT NULL CONSTRAINT pk_wf_task_log PRIMARY KEY,
    task_id UUID NOT NULL,
    workflow_id UUID NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    action VARCHAR(50) NOT NULL,
    actor VARCHAR(200) NOT NULL,
    detail TEXT NOT NULL
);

CREATE INDEX ix_wf_task_log_workflow ON wf_task_log (workflow_id, at);
