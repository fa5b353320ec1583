-- Human tasks opened by workflow steps: one per step execution (workflow + pointer), assigned to a role or a
-- person, due on a business day, completed once with an outcome and comment.
CREATE TABLE wf_tasks (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_wf_tasks PRIMARY KEY,
    workflow_id UNIQUEIDENTIFIER NOT NULL,
    pointer_id NVARCHAR(100) NOT NULL,
    definition_id NVARCHAR(100) NOT NULL,
    step_id NVARCHAR(100) NOT NULL,
    subject_type NVARCHAR(100) NOT NULL,
    subject_id NVARCHAR(100) NOT NULL,
    title NVARCHAR(300) NOT NULL,
    assignee_role NVARCHAR(50) NULL,
    assignee_user_id UNIQUEIDENTIFIER NULL,
    requested_by NVARCHAR(200) NULL,
    outcomes NVARCHAR(MAX) NOT NULL,
    comment_required_for NVARCHAR(MAX) NOT NULL,
    status NVARCHAR(20) NOT NULL,
    due_at DATETIMEOFFSET(7) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    completed_at DATETIMEOFFSET(7) NULL,
    completed_by NVARCHAR(200) NULL,
    outcome NVARCHAR(100) NULL,
    comment NVARCHAR(MAX) NULL,
    CONSTRAINT uq_wf_tasks_step UNIQUE (workflow_id, pointer_id)
);
GO
CREATE INDEX ix_wf_tasks_open ON wf_tasks (status, assignee_role, due_at);
