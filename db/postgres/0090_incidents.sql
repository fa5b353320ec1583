-- Services as incidents name them (a service name agreements' objectives use, until a service catalogue exists): its owner, each
-- channel's communication owner and email list, a test list for simulations and its recovery playbook, kept by an Admin.
CREATE TABLE incident_services (
    name VARCHAR(300) NOT NULL,
    owner VARCHAR(300) NOT NULL,
    channels TEXT NOT NULL,
    test_recipients TEXT NOT NULL,
    playbook TEXT NOT NULL,
    playbook_version INTEGER NOT NULL,
    updated_by VARCHAR(300) NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    revision INTEGER NOT NULL,
    CONSTRAINT pk_incident_services PRIMARY KEY (name)
);

-- Incidents: entered here or delivered by a tool (one per source and source id), the services affected, their times, the technical
-- severity and the business impact assessed against the criteria version it names; major once a person declares it. A simulation
-- (a game day) sends its updates to the services' test lists only.
CREATE TABLE incidents (
    id UUID NOT NULL,
    title VARCHAR(300) NOT NULL,
    services TEXT NOT NULL,
    severity VARCHAR(40) NOT NULL,
    status VARCHAR(40) NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    detected_at TIMESTAMPTZ NULL,
    mitigated_at TIMESTAMPTZ NULL,
    resolved_at TIMESTAMPTZ NULL,
    impact TEXT NOT NULL,
    criteria_version INTEGER NOT NULL,
    major BOOLEAN NOT NULL,
    simulation BOOLEAN NOT NULL,
    declared_by VARCHAR(300) NULL,
    declared_at TIMESTAMPTZ NULL,
    declaration_reason TEXT NULL,
    commander VARCHAR(300) NULL,
    workflow_id UUID NULL,
    source VARCHAR(40) NOT NULL,
    source_id VARCHAR(300) NOT NULL,
    source_url TEXT NULL,
    payload_sha256 VARCHAR(64) NULL,
    created_by VARCHAR(300) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_by VARCHAR(300) NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    revision INTEGER NOT NULL,
    CONSTRAINT pk_incidents PRIMARY KEY (id),
    CONSTRAINT uq_incidents_source UNIQUE (source, source_id)
);

-- A major incident's channels: who owns each channel's updates, its list, its cadence and when the next update is due; the reminder
-- and the escalation are each recorded once per due instant.
CREATE TABLE incident_channels (
    incident_id UUID NOT NULL,
    channel VARCHAR(40) NOT NULL,
    owner VARCHAR(300) NOT NULL,
    recipients TEXT NOT NULL,
    every_minutes INTEGER NOT NULL,
    remind_before_minutes INTEGER NOT NULL,
    next_due_at TIMESTAMPTZ NOT NULL,
    last_update_at TIMESTAMPTZ NULL,
    reminded_for TIMESTAMPTZ NULL,
    escalated_for TIMESTAMPTZ NULL,
    CONSTRAINT pk_incident_channels PRIMARY KEY (incident_id, channel)
);

-- Each update sent on a channel, as sent, with its recipients: the record of what was said to whom and when.
CREATE TABLE incident_updates (
    id UUID NOT NULL,
    incident_id UUID NOT NULL,
    channel VARCHAR(40) NOT NULL,
    body TEXT NOT NULL,
    recipients TEXT NOT NULL,
    posted_by VARCHAR(300) NOT NULL,
    posted_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_incident_updates PRIMARY KEY (id)
);

-- What happened when, in order: deliveries, times, declaration, updates, reminders, escalations, recovery; the review's timeline.
CREATE TABLE incident_timeline (
    id UUID NOT NULL,
    incident_id UUID NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    what TEXT NOT NULL,
    by_whom VARCHAR(300) NOT NULL,
    CONSTRAINT pk_incident_timeline PRIMARY KEY (id)
);

-- The recovery playbook's steps and compensatory actions once the incident is resolved, each kept once by its key.
CREATE TABLE incident_actions (
    id UUID NOT NULL,
    incident_id UUID NOT NULL,
    action_key VARCHAR(300) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    title TEXT NOT NULL,
    owner VARCHAR(300) NOT NULL,
    due_at TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ NULL,
    completed_by VARCHAR(300) NULL,
    note TEXT NULL,
    CONSTRAINT pk_incident_actions PRIMARY KEY (id),
    CONSTRAINT uq_incident_actions_key UNIQUE (incident_id, action_key)
);

CREATE INDEX ix_incident_timeline_incident ON incident_timeline (incident_id, at);
CREATE INDEX ix_incident_updates_incident ON incident_updates (incident_id, posted_at);

-- A token scoped to one purpose ('incident-intake'): it authenticates with that purpose's role only, never as its issuer.
ALTER TABLE api_tokens ADD COLUMN scope VARCHAR(40) NULL;
