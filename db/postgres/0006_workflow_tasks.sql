-- Human tasks opened by workflow steps: one per step execution (workflow + pointer), assigned to a role or a
-- person, due on a business day, completed once with an outcome and comment.
CREATE TABLE wf_tasks (
    id UUID NOT NULL CONSTRAINT pk_wf_tasks PRIMARY KEY,
    workflow_id UUID NOT NULL,
    pointer_id VARCHAR(100) NOT NULL,
    definition_id VARCHAR(100) NOT NULL,
    step_id VARCHAR(100) NOT NULL,
    subject_type VARCHAR(100) NOT NULL,
    subject_id VARCHAR(100) NOT NULL,
    title VARCHAR(300) NOT NULL,
    assignee_role VARCHAR(50) NULL,
    assignee_user_id UUID NULL,
    requested_by VARCHAR(200) NULL,
    outcomes TEXT NOT NULL,
    comment_required_for TEXT NOT NULL,
    status VARCHAR(20) NOT NULL,
    due_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ NULL,
    completed_by VARCHAR(200) NULL,
    outcome VARCHAR(100) NULL,
    comment TEXT NULL,
    CONSTRAINT uq_wf_tasks_step UNIQUE (workflow_id, pointer_id)
);

CREATE INDEX ix_wf_tasks_open ON wf_tasks (status, assignee_role, due_at);
