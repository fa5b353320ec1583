-- Platform foundation: organisation, identity, API tokens, Data Protection keys, audit log, vendors.
CREATE TABLE organisation (
    id UUID NOT NULL CONSTRAINT pk_organisation PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    time_zone VARCHAR(100) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE users (
    id UUID NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    user_name VARCHAR(100) NOT NULL,
    user_name_normalized VARCHAR(100) NOT NULL CONSTRAINT uq_users_user_name UNIQUE,
    display_name VARCHAR(200) NOT NULL,
    email VARCHAR(254) NULL,
    password_hash VARCHAR(500) NULL,
    time_zone VARCHAR(100) NOT NULL,
    is_active BOOLEAN NOT NULL,
    failed_login_count INTEGER NOT NULL,
    lockout_end TIMESTAMPTZ NULL,
    external_subject VARCHAR(400) NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL
);

CREATE UNIQUE INDEX ix_users_external_subject ON users (external_subject) WHERE external_subject IS NOT NULL;

CREATE TABLE user_roles (
    user_id UUID NOT NULL CONSTRAINT fk_user_roles_users REFERENCES users (id) ON DELETE CASCADE,
    role VARCHAR(50) NOT NULL,
    CONSTRAINT pk_user_roles PRIMARY KEY (user_id, role)
);

CREATE TABLE api_tokens (
    id UUID NOT NULL CONSTRAINT pk_api_tokens PRIMARY KEY,
    user_id UUID NOT NULL CONSTRAINT fk_api_tokens_users REFERENCES users (id) ON DELETE CASCADE,
    name VARCHAR(200) NOT NULL,
    token_prefix VARCHAR(20) NOT NULL,
    token_hash VARCHAR(64) NOT NULL CONSTRAINT uq_api_tokens_hash UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NULL,
    revoked_at TIMESTAMPTZ NULL,
    last_used_at TIMESTAMPTZ NULL
);

CREATE INDEX ix_api_tokens_user ON api_tokens (user_id);

CREATE TABLE data_protection_keys (
    id UUID NOT NULL CONSTRAINT pk_data_protection_keys PRIMARY KEY,
    friendly_name VARCHAR(200) NOT NULL,
    xml TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
    sequence BIGINT NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor VARCHAR(200) NOT NULL,
    action VARCHAR(100) NOT NULL,
    entity_type VARCHAR(100) NOT NULL,
    entity_id VARCHAR(100) NULL,
    summary TEXT NULL,
    before_state TEXT NULL,
    after_state TEXT NULL,
    previous_hash CHAR(64) NOT NULL,
    hash CHAR(64) NOT NULL
);

CREATE INDEX ix_audit_log_entity ON audit_log (entity_type, entity_id);

CREATE TABLE vendors (
    id UUID NOT NULL CONSTRAINT pk_vendors PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    name_normalized VARCHAR(200) NOT NULL CONSTRAINT uq_vendors_name UNIQUE,
    contact_name VARCHAR(200) NULL,
    contact_email VARCHAR(254) NULL,
    risk_tier VARCHAR(20) NOT NULL,
    notes VARCHAR(4000) NULL,
    is_archived BOOLEAN NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by VARCHAR(200) NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by VARCHAR(200) NOT NULL
);
