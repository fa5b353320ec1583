-- Services as incidents name them (a service name agreements' objectives use, until a service catalogue exists): its owner, each
-- channel's communication owner and email list, a test list for simulations and its recovery playbook, kept by an Admin.
CREATE TABLE incident_services (
    name NVARCHAR(300) NOT NULL,
    owner NVARCHAR(300) NOT NULL,
    channels NVARCHAR(MAX) NOT NULL,
    test_recipients NVARCHAR(MAX) NOT NULL,
    playbook NVARCHAR(MAX) NOT NULL,
    playbook_version INT NOT NULL,
    updated_by NVARCHAR(300) NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL,
    revision INT NOT NULL,
    CONSTRAINT pk_incident_services PRIMARY KEY (name)
);
GO

-- Incidents: entered here or delivered by a tool (one per source and source id), the services affected, their times, the technical
-- severity and the business impact assessed against the criteria version it names; major once a person declares it. A simulation
-- (a game day) sends its updates to the services' test lists only.
CREATE TABLE incidents (
    id UNIQUEIDENTIFIER NOT NULL,
    title NVARCHAR(300) NOT NULL,
    services NVARCHAR(MAX) NOT NULL,
    severity NVARCHAR(40) NOT NULL,
    status NVARCHAR(40) NOT NULL,
    started_at DATETIMEOFFSET(7) NOT NULL,
    detected_at DATETIMEOFFSET(7) NULL,
    mitigated_at DATETIMEOFFSET(7) NULL,
    resolved_at DATETIMEOFFSET(7) NULL,
    impact NVARCHAR(MAX) NOT NULL,
    criteria_version INT NOT NULL,
    major BIT NOT NULL,
    simulation BIT NOT NULL,
    declared_by NVARCHAR(300) NULL,
    declared_at DATETIMEOFFSET(7) NULL,
    declaration_reason NVARCHAR(MAX) NULL,
    commander NVARCHAR(300) NULL,
    workflow_id UNIQUEIDENTIFIER NULL,
    source NVARCHAR(40) NOT NULL,
    source_id NVARCHAR(300) NOT NULL,
    source_url NVARCHAR(MAX) NULL,
    payload_sha256 NVARCHAR(64) NULL,
    created_by NVARCHAR(300) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    updated_by NVARCHAR(300) NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL,
    revision INT NOT NULL,
    CONSTRAINT pk_incidents PRIMARY KEY (id),
    CONSTRAINT uq_incidents_source UNIQUE (source, source_id)
);
GO

-- A major incident's channels: who owns each channel's updates, its list, its cadence and when the next update is due; the reminder
-- and the escalation are each recorded once per due instant.
CREATE TABLE incident_channels (
    incident_id UNIQUEIDENTIFIER NOT NULL,
    channel NVARCHAR(40) NOT NULL,
    owner NVARCHAR(300) NOT NULL,
    recipients NVARCHAR(MAX) NOT NULL,
    every_minutes INT NOT NULL,
    remind_before_minutes INT NOT NULL,
    next_due_at DATETIMEOFFSET(7) NOT NULL,
    last_update_at DATETIMEOFFSET(7) NULL,
    reminded_for DATETIMEOFFSET(7) NULL,
    escalated_for DATETIMEOFFSET(7) NULL,
    CONSTRAINT pk_incident_channels PRIMARY KEY (incident_id, channel)
);
GO

-- Each update sent on a channel, as sent, with its recipients: the record of what was said to whom and when.
CREATE TABLE incident_updates (
    id UNIQUEIDENTIFIER NOT NULL,
    incident_id UNIQUEIDENTIFIER NOT NULL,
    channel NVARCHAR(40) NOT NULL,
    body NVARCHAR(MAX) NOT NULL,
    recipients NVARCHAR(MAX) NOT NULL,
    posted_by NVARCHAR(300) NOT NULL,
    posted_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_incident_updates PRIMARY KEY (id)
);
GO

-- What happened when, in order: deliveries, times, declaration, updates, reminders, escalations, recovery; the review's timeline.
CREATE TABLE incident_timeline (
    id UNIQUEIDENTIFIER NOT NULL,
    incident_id UNIQUEIDENTIFIER NOT NULL,
    at DATETIMEOFFSET(7) NOT NULL,
    what NVARCHAR(MAX) NOT NULL,
    by_whom NVARCHAR(300) NOT NULL,
    CONSTRAINT pk_incident_timeline PRIMARY KEY (id)
);
GO

-- The recovery playbook's steps and compensatory actions once the incident is resolved, each kept once by its key.
CREATE TABLE incident_actions (
    id UNIQUEIDENTIFIER NOT NULL,
    incident_id UNIQUEIDENTIFIER NOT NULL,
    action_key NVARCHAR(300) NOT NULL,
    kind NVARCHAR(40) NOT NULL,
    title NVARCHAR(MAX) NOT NULL,
    owner NVARCHAR(300) NOT NULL,
    due_at DATETIMEOFFSET(7) NOT NULL,
    completed_at DATETIMEOFFSET(7) NULL,
    completed_by NVARCHAR(300) NULL,
    note NVARCHAR(MAX) NULL,
    CONSTRAINT pk_incident_actions PRIMARY KEY (id),
    CONSTRAINT uq_incident_actions_key UNIQUE (incident_id, action_key)
);
GO

CREATE INDEX ix_incident_timeline_incident ON incident_timeline (incident_id, at);
GO
CREATE INDEX ix_incident_updates_incident ON incident_updates (incident_id, posted_at);
GO

-- A token scoped to one purpose ('incident-intake'): it authenticates with that purpose's role only, never as its issuer.
ALTER TABLE api_tokens ADD scope NVARCHAR(40) NULL;
GO
