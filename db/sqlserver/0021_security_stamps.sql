-- A user's security stamp changes when their password is changed or reset or they are deactivated: sessions signed in under
-- another stamp end. Vendor tokens issued by such a user are marked for an administrator's review.
ALTER TABLE users ADD security_stamp NVARCHAR(64) NOT NULL CONSTRAINT df_users_security_stamp DEFAULT '';
ALTER TABLE api_tokens ADD review_reason NVARCHAR(500) NULL;
GO
