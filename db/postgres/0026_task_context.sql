-- What a task tells the person holding it: its subject in words, its place among the approval stages the request is routed
-- through and why it was routed there, the votes its stage needs, the comment it carries from an earlier answer, and the
-- outcome the application closes it with (a draft resubmitted).
ALTER TABLE wf_tasks ADD COLUMN subject_summary TEXT NULL;
ALTER TABLE wf_tasks ADD COLUMN stage_number INTEGER NULL;
ALTER TABLE wf_tasks ADD COLUMN stage_count INTEGER NULL;
ALTER TABLE wf_tasks ADD COLUMN route_reason TEXT NULL;
ALTER TABLE wf_tasks ADD COLUMN approvals_required INTEGER NULL;
ALTER TABLE wf_tasks ADD COLUMN closes_on VARCHAR(100) NULL;
ALTER TABLE wf_tasks ADD COLUMN note TEXT NULL;

CREATE INDEX ix_wf_tasks_subject ON wf_tasks (subject_type, subject_id, status);
