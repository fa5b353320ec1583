-- A critical vendor's exit plan goes to the Governance board: each version's approval status (null when none is needed), the
-- workflow deciding it and when it was decided.
ALTER TABLE exit_plans ADD COLUMN approval_status VARCHAR(20) NULL;
ALTER TABLE exit_plans ADD COLUMN approval_workflow_id UUID NULL;
ALTER TABLE exit_plans ADD COLUMN approval_decided_at TIMESTAMPTZ NULL;
