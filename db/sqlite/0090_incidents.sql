-- Services as incidents name them (a service name agreements' objectives use, until a service catalogue exists): its owner, each
-- channel's communication owner and email list, a test list for simulations and its recovery playbook, kept by an Admin.
CREATE TABLE incident_services (
    name TEXT NOT NULL,
    owner TEXT NOT NULL,
    channels TEXT NOT NULL,
    test_recipients TEXT NOT NULL,
    playbook TEXT NOT NULL,
    playbook_version INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL,
    CONSTRAINT pk_incident_services PRIMARY KEY (name)
);

-- Incidents: entered here or delivered by a tool (one per source and source id), the services affected, their times, the technical
-- severity and the business impact assessed against the criteria version it names; major once a person declares it. A simulation
-- (a game day) sends its updates to the services' test lists only.
CREATE TABLE incidents (
    id BLOB NOT NULL,
    title TEXT NOT NULL,
    services TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    detected_at TEXT NULL,
    mitigated_at TEXT NULL,
    resolved_at TEXT NULL,
    impact TEXT NOT NULL,
    criteria_version INTEGER NOT NULL,
    major INTEGER NOT NULL,
    simulation INTEGER NOT NULL,
    declared_by TEXT NULL,
    declared_at TEXT NULL,
    declaration_reason TEXT NULL,
    commander TEXT NULL,
    workflow_id BLOB NULL,
    source TEXT NOT NULL,
    source_id TEXT NOT NULL,
    source_url TEXT NULL,
    payload_sha256 TEXT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL,
    CONSTRAINT pk_incidents PRIMARY KEY (id),
    CONSTRAINT uq_incidents_source UNIQUE (source, source_id)
);

-- A major incident's channels: who owns each channel's updates, its list, its cadence and when the next update is due; the reminder
-- and the escalation are each recorded once per due instant.
CREATE TABLE incident_channels (
    incident_id BLOB NOT NULL,
    channel TEXT NOT NULL,
    owner TEXT NOT NULL,
    recipients TEXT NOT NULL,
    every_minutes INTEGER NOT NULL,
    remind_before_minutes INTEGER NOT NULL,
    next_due_at TEXT NOT NULL,
    last_update_at TEXT NULL,
    reminded_for TEXT NULL,
    escalated_for TEXT NULL,
    CONSTRAINT pk_incident_channels PRIMARY KEY (incident_id, channel)
);

-- Each update sent on a channel, as sent, with its recipients: the record of what was said to whom and when.
CREATE TABLE incident_updates (
    id BLOB NOT NULL,
    incident_id BLOB NOT NULL,
    channel TEXT NOT NULL,
    body TEXT NOT NULL,
    recipients TEXT NOT NULL,
    posted_by TEXT NOT NULL,
    posted_at TEXT NOT NULL,
    CONSTRAINT pk_incident_updates PRIMARY KEY (id)
);

-- What happened when, in order: deliveries, times, declaration, updates, reminders, escalations, recovery; the review's timeline.
CREATE TABLE incident_timeline (
    id BLOB NOT NULL,
    incident_id BLOB NOT NULL,
    at TEXT NOT NULL,
    what TEXT NOT NULL,
    by_whom TEXT NOT NULL,
    CONSTRAINT pk_incident_timeline PRIMARY KEY (id)
);

-- The recovery playbook's steps and compensatory actions once the incident is resolved, each kept once by its key.
CREATE TABLE incident_actions (
    id BLOB NOT NULL,
    incident_id BLOB NOT NULL,
    action_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_at TEXT NOT NULL,
    completed_at TEXT NULL,
    completed_by TEXT NULL,
    note TEXT NULL,
    CONSTRAINT pk_incident_actions PRIMARY KEY (id),
    CONSTRAINT uq_incident_actions_key UNIQUE (incident_id, action_key)
);

CREATE INDEX ix_incident_timeline_incident ON incident_timeline (incident_id, at);
CREATE INDEX ix_incident_updates_incident ON incident_updates (incident_id, posted_at);

-- A token scoped to one purpose ('incident-intake'): it authenticates with that purpose's role only, never as its issuer.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NULL;
