-- An exit records the vendor's acknowledgement of its notice (the inbox request asking for it, who answered and when).
ALTER TABLE exits ADD notice_request_id UNIQUEIDENTIFIER NULL;
ALTER TABLE exits ADD notice_acknowledged_at DATETIMEOFFSET(7) NULL;
ALTER TABLE exits ADD notice_acknowledged_by NVARCHAR(300) NULL;
