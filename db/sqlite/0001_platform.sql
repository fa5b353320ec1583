-- Platform foundation: organisation, identity, API tokens, Data Protection keys, audit log, vendors.
-- GUIDs are canonical upper-case TEXT (bound as DbType.Guid), times are UTC ISO-8601 TEXT, booleans INTEGER.
CREATE TABLE organisation (
    id BLOB NOT NULL CONSTRAINT pk_organisation PRIMARY KEY,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id BLOB NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    user_name TEXT NOT NULL,
    user_name_normalized TEXT NOT NULL CONSTRAINT uq_users_user_name UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT NULL,
    password_hash TEXT NULL,
    time_zone TEXT NOT NULL,
    is_active INTEGER NOT NULL,
    failed_login_count INTEGER NOT NULL,
    lockout_end TEXT NULL,
    external_subject TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
);

CREATE UNIQUE INDEX ix_users_external_subject ON users (external_subject) WHERE external_subject IS NOT NULL;

CREATE TABLE user_roles (
    user_id BLOB NOT NULL CONSTRAINT fk_user_roles_users REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    CONSTRAINT pk_user_roles PRIMARY KEY (user_id, role)
);

CREATE TABLE api_tokens (
    id BLOB NOT NULL CONSTRAINT pk_api_tokens PRIMARY KEY,
    user_id BLOB NOT NULL CONSTRAINT fk_api_tokens_users REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL CONSTRAINT uq_api_tokens_hash UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NULL,
    revoked_at TEXT NULL,
    last_used_at TEXT NULL
);

CREATE INDEX ix_api_tokens_user ON api_tokens (user_id);

CREATE TABLE data_protection_keys (
    id BLOB NOT NULL CONSTRAINT pk_data_protection_keys PRIMARY KEY,
    friendly_name TEXT NOT NULL,
    xml TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    sequence INTEGER NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NULL,
    summary TEXT NULL,
    before_state TEXT NULL,
    after_state TEXT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE INDEX ix_audit_log_entity ON audit_log (entity_type, entity_id);

CREATE TABLE vendors (
    id BLOB NOT NULL CONSTRAINT pk_vendors PRIMARY KEY,
    name TEXT NOT NULL,
    name_normalized TEXT NOT NULL CONSTRAINT uq_vendors_name UNIQUE,
    contact_name TEXT NULL,
    contact_email TEXT NULL,
    risk_tier TEXT NOT NULL,
    notes TEXT NULL,
    is_archived INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
