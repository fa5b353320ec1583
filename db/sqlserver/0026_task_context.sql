-- What a task tells the person holding it: its subject in words, its place among the approval stages the request is routed
-- through and why it was routed there, the votes its stage needs, the comment it carries from an earlier answer, and the
-- outcome the application closes it with (a draft resubmitted).
ALTER TABLE wf_tasks ADD
    subject_summary NVARCHAR(MAX) NULL,
    stage_number INT NULL,
    stage_count INT NULL,
    route_reason NVARCHAR(MAX) NULL,
    approvals_required INT NULL,
    closes_on NVARCHAR(100) NULL,
    note NVARCHAR(MAX) NULL;
GO
CREATE INDEX ix_wf_tasks_subject ON wf_tasks (subject_type, subject_id, status);
