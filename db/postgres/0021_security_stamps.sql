-- A user's security stamp changes when their password is changed or reset or they are deactivated: sessions signed in under
-- another stamp end. Vendor tokens issued by such a user are marked for an administrator's review.
ALTER TABLE users ADD COLUMN security_stamp VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN review_reason VARCHAR(500) NULL;
