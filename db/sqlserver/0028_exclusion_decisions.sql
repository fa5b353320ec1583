-- A decision on an exclusion a vendor proposed says why (required from now on; earlier decisions have none).
ALTER TABLE exclusion_records ADD decision_reason NVARCHAR(2000) NULL;
