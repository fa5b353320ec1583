-- A critical vendor's exit plan goes to the Governance board: each version's approval status (null when none is needed), the
-- workflow deciding it and when it was decided.
ALTER TABLE exit_plans ADD approval_status NVARCHAR(20) NULL, approval_workflow_id UNIQUEIDENTIFIER NULL, approval_decided_at DATETIMEOFFSET(7) NULL;
