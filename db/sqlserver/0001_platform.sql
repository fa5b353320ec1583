-- Platform foundation: organisation, identity, API tokens, Data Protection keys, audit log, vendors.
CREATE TABLE organisation (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_organisation PRIMARY KEY,
    name NVARCHAR(200) NOT NULL,
    time_zone NVARCHAR(100) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL
);
GO
CREATE TABLE users (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    user_name NVARCHAR(100) NOT NULL,
    user_name_normalized NVARCHAR(100) NOT NULL CONSTRAINT uq_users_user_name UNIQUE,
    display_name NVARCHAR(200) NOT NULL,
    email NVARCHAR(254) NULL,
    password_hash NVARCHAR(500) NULL,
    time_zone NVARCHAR(100) NOT NULL,
    is_active BIT NOT NULL,
    failed_login_count INT NOT NULL,
    lockout_end DATETIMEOFFSET(7) NULL,
    external_subject NVARCHAR(400) NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL,
    version INT NOT NULL
);
GO
CREATE UNIQUE INDEX ix_users_external_subject ON users (external_subject) WHERE external_subject IS NOT NULL;
GO
CREATE TABLE user_roles (
    user_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_user_roles_users REFERENCES users (id) ON DELETE CASCADE,
    role NVARCHAR(50) NOT NULL,
    CONSTRAINT pk_user_roles PRIMARY KEY (user_id, role)
);
GO
CREATE TABLE api_tokens (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_api_tokens PRIMARY KEY,
    user_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_api_tokens_users REFERENCES users (id) ON DELETE CASCADE,
    name NVARCHAR(200) NOT NULL,
    token_prefix NVARCHAR(20) NOT NULL,
    token_hash NVARCHAR(64) NOT NULL CONSTRAINT uq_api_tokens_hash UNIQUE,
    created_at DATETIMEOFFSET(7) NOT NULL,
    expires_at DATETIMEOFFSET(7) NULL,
    revoked_at DATETIMEOFFSET(7) NULL,
    last_used_at DATETIMEOFFSET(7) NULL
);
GO
CREATE INDEX ix_api_tokens_user ON api_tokens (user_id);
GO
CREATE TABLE data_protection_keys (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_data_protection_keys PRIMARY KEY,
    friendly_name NVARCHAR(200) NOT NULL,
    xml NVARCHAR(MAX) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL
);
GO
CREATE TABLE audit_log (
    sequence BIGINT NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    occurred_at DATETIMEOFFSET(7) NOT NULL,
    actor NVARCHAR(200) NOT NULL,
    action NVARCHAR(100) NOT NULL,
    entity_type NVARCHAR(100) NOT NULL,
    entity_id NVARCHAR(100) NULL,
    summary NVARCHAR(MAX) NULL,
    before_state NVARCHAR(MAX) NULL,
    after_state NVARCHAR(MAX) NULL,
    previous_hash NCHAR(64) NOT NULL,
    hash NCHAR(64) NOT NULL
);
GO
CREATE INDEX ix_audit_log_entity ON audit_log (entity_type, entity_id);
GO
CREATE TABLE vendors (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_vendors PRIMARY KEY,
    name NVARCHAR(200) NOT NULL,
    name_normalized NVARCHAR(200) NOT NULL CONSTRAINT uq_vendors_name UNIQUE,
    contact_name NVARCHAR(200) NULL,
    contact_email NVARCHAR(254) NULL,
    risk_tier NVARCHAR(20) NOT NULL,
    notes NVARCHAR(4000) NULL,
    is_archived BIT NOT NULL,
    version INT NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    created_by NVARCHAR(200) NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL,
    updated_by NVARCHAR(200) NOT NULL
);
GO
