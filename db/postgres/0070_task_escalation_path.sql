-- A task may climb an escalation path its subject gives (an agreement's levels of contacts and minutes after the due time): the
-- levels as JSON, how many were reached, and when the next is due, so the deadline sweep finds it by an index.
ALTER TABLE wf_tasks ADD COLUMN escalation_path TEXT NULL;
ALTER TABLE wf_tasks ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wf_tasks ADD COLUMN next_escalation_at TIMESTAMPTZ NULL;

CREATE INDEX ix_wf_tasks_next_escalation ON wf_tasks (status, next_escalation_at);
