-- An exit records the vendor's acknowledgement of its notice (the inbox request asking for it, who answered and when).
ALTER TABLE exits ADD COLUMN notice_request_id UUID NULL;
ALTER TABLE exits ADD COLUMN notice_acknowledged_at TIMESTAMPTZ NULL;
ALTER TABLE exits ADD COLUMN notice_acknowledged_by VARCHAR(300) NULL;
