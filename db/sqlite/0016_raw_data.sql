-- Raw performance data: each upload (a file of one kind for one agreement) and one table per kind of row it holds.
-- The same file for the same agreement and kind is one upload: (agreement, kind, sha256) is unique.
CREATE TABLE data_uploads (
    id BLOB NOT NULL CONSTRAINT pk_data_uploads PRIMARY KEY,
    agreement_id BLOB NOT NULL CONSTRAINT fk_data_uploads_agreements REFERENCES agreements (id),
    kind TEXT NOT NULL,
    format TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploader_is_vendor INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    CONSTRAINT uq_data_uploads_file UNIQUE (agreement_id, kind, sha256)
);

CREATE INDEX ix_data_uploads_agreement ON data_uploads (agreement_id, uploaded_at);

CREATE TABLE outages (
    id BLOB NOT NULL CONSTRAINT pk_outages PRIMARY KEY,
    upload_id BLOB NOT NULL CONSTRAINT fk_outages_uploads REFERENCES data_uploads (id),
    agreement_id BLOB NOT NULL,
    service TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    cause TEXT NULL
);

CREATE INDEX ix_outages_read ON outages (agreement_id, service, started_at);

-- The bulk table (a year of per-minute samples is 525,600 rows per service): no key, no foreign keys (each costs a
-- check per row on COPY; rows are only written with their upload, in its transaction) and one index for the read.
CREATE TABLE probe_samples (
    upload_id BLOB NOT NULL,
    agreement_id BLOB NOT NULL,
    service TEXT NOT NULL,
    observed_at TEXT NOT NULL,
    up INTEGER NOT NULL,
    latency_ms INTEGER NULL
);

CREATE INDEX ix_probe_samples_read ON probe_samples (agreement_id, service, observed_at);

CREATE TABLE tickets (
    id BLOB NOT NULL CONSTRAINT pk_tickets PRIMARY KEY,
    upload_id BLOB NOT NULL CONSTRAINT fk_tickets_uploads REFERENCES data_uploads (id),
    agreement_id BLOB NOT NULL,
    service TEXT NOT NULL,
    external_id TEXT NOT NULL,
    priority TEXT NOT NULL,
    created_at TEXT NOT NULL,
    first_response_at TEXT NULL,
    resolved_at TEXT NULL
);

CREATE INDEX ix_tickets_read ON tickets (agreement_id, service, created_at);

CREATE TABLE ticket_pauses (
    id BLOB NOT NULL CONSTRAINT pk_ticket_pauses PRIMARY KEY,
    ticket_id BLOB NOT NULL CONSTRAINT fk_ticket_pauses_tickets REFERENCES tickets (id),
    upload_id BLOB NOT NULL,
    agreement_id BLOB NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    reason TEXT NOT NULL
);

CREATE INDEX ix_ticket_pauses_ticket ON ticket_pauses (ticket_id);

CREATE TABLE csat_responses (
    id BLOB NOT NULL CONSTRAINT pk_csat_responses PRIMARY KEY,
    upload_id BLOB NOT NULL CONSTRAINT fk_csat_responses_uploads REFERENCES data_uploads (id),
    agreement_id BLOB NOT NULL,
    service TEXT NOT NULL,
    responded_at TEXT NOT NULL,
    score INTEGER NOT NULL
);

CREATE INDEX ix_csat_responses_read ON csat_responses (agreement_id, service, responded_at);

CREATE TABLE event_counts (
    id BLOB NOT NULL CONSTRAINT pk_event_counts PRIMARY KEY,
    upload_id BLOB NOT NULL CONSTRAINT fk_event_counts_uploads REFERENCES data_uploads (id),
    agreement_id BLOB NOT NULL,
    service TEXT NOT NULL,
    interval_start TEXT NOT NULL,
    interval_end TEXT NOT NULL,
    good INTEGER NOT NULL,
    total INTEGER NOT NULL
);

CREATE INDEX ix_event_counts_read ON event_counts (agreement_id, service, interval_start);

-- An exclusion covers one SLO (service and metric), every SLO of a service (no metric) or the whole agreement (neither).
-- One a vendor uploads is Proposed and counts only once staff accept it; staff uploads are Accepted as they arrive.
CREATE TABLE exclusion_records (
    id BLOB NOT NULL CONSTRAINT pk_exclusion_records PRIMARY KEY,
    upload_id BLOB NOT NULL CONSTRAINT fk_exclusion_records_uploads REFERENCES data_uploads (id),
    agreement_id BLOB NOT NULL,
    exclusion_type TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    service TEXT NULL,
    metric TEXT NULL,
    reason TEXT NOT NULL,
    evidence TEXT NULL,
    status TEXT NOT NULL,
    decided_by TEXT NULL,
    decided_at TEXT NULL
);

CREATE INDEX ix_exclusion_records_read ON exclusion_records (agreement_id, service, started_at);

-- The vendor's own figure for one SLO (service and metric) over one period [period_start, period_end).
CREATE TABLE reported_attainment (
    id BLOB NOT NULL CONSTRAINT pk_reported_attainment PRIMARY KEY,
    upload_id BLOB NOT NULL CONSTRAINT fk_reported_attainment_uploads REFERENCES data_uploads (id),
    agreement_id BLOB NOT NULL,
    service TEXT NOT NULL,
    metric TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    attainment_percent TEXT NOT NULL
);

CREATE INDEX ix_reported_attainment_read ON reported_attainment (agreement_id, service, period_start);

-- A vendor-scoped token writes raw data for its vendor's agreements only and reads nothing; user_id is who issued it.
ALTER TABLE api_tokens ADD vendor_id BLOB NULL CONSTRAINT fk_api_tokens_vendors REFERENCES vendors (id);
