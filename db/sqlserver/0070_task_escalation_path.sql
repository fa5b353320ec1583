-- A task may climb an escalation path its subject gives (an agreement's levels of contacts and minutes after the due time): the
-- levels as JSON, how many were reached, and when the next is due, so the deadline sweep finds it by an index.
ALTER TABLE wf_tasks ADD
    escalation_path NVARCHAR(MAX) NULL,
    escalation_level INT NOT NULL CONSTRAINT df_wf_tasks_escalation_level DEFAULT 0,
    next_escalation_at DATETIMEOFFSET(7) NULL;
GO
CREATE INDEX ix_wf_tasks_next_escalation ON wf_tasks (status, next_escalation_at);
