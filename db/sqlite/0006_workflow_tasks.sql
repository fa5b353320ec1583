-- Human tasks opened by workflow steps: one per step execution (workflow + pointer), assigned to a role or a
-- person, due on a business day, completed once with an outcome and comment.
CREATE TABLE wf_tasks (
    id BLOB NOT NULL CONSTRAINT pk_wf_tasks PRIMARY KEY,
    workflow_id BLOB NOT NULL,
    pointer_id TEXT NOT NULL,
    definition_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    title TEXT NOT NULL,
    assignee_role TEXT NULL,
    assignee_user_id BLOB NULL,
    requested_by TEXT NULL,
    outcomes TEXT NOT NULL,
    comment_required_for TEXT NOT NULL,
    status TEXT NOT NULL,
    due_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    completed_at TEXT NULL,
    completed_by TEXT NULL,
    outcome TEXT NULL,
    comment TEXT NULL,
    CONSTRAINT uq_wf_tasks_step UNIQUE (workflow_id, pointer_id)
);

CREATE INDEX ix_wf_tasks_open ON wf_tasks (status, assignee_role, due_at);
