-- Raw performance data: each upload (a file of one kind for one agreement) and one table per kind of row it holds.
-- The same file for the same agreement and kind is one upload: (agreement, kind, sha256) is unique.
CREATE TABLE data_uploads (
    id UUID NOT NULL CONSTRAINT pk_data_uploads PRIMARY KEY,
    agreement_id UUID NOT NULL CONSTRAINT fk_data_uploads_agreements REFERENCES agreements (id),
    kind VARCHAR(40) NOT NULL,
    format VARCHAR(10) NOT NULL,
    file_name VARCHAR(300) NOT NULL,
    sha256 VARCHAR(80) NOT NULL,
    uploaded_by VARCHAR(300) NOT NULL,
    uploader_is_vendor BOOLEAN NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL,
    row_count BIGINT NOT NULL,
    CONSTRAINT uq_data_uploads_file UNIQUE (agreement_id, kind, sha256)
);

CREATE INDEX ix_data_uploads_agreement ON data_uploads (agreement_id, uploaded_at);

CREATE TABLE outages (
    id UUID NOT NULL CONSTRAINT pk_outages PRIMARY KEY,
    upload_id UUID NOT NULL CONSTRAINT fk_outages_uploads REFERENCES data_uploads (id),
    agreement_id UUID NOT NULL,
    service VARCHAR(200) NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ NOT NULL,
    cause VARCHAR(1000) NULL
);

CREATE INDEX ix_outages_read ON outages (agreement_id, service, started_at);

-- The bulk table (a year of per-minute samples is 525,600 rows per service): no key, no foreign keys (each costs a
-- check per row on COPY; rows are only written with their upload, in its transaction) and one index for the read.
CREATE TABLE probe_samples (
    upload_id UUID NOT NULL,
    agreement_id UUID NOT NULL,
    service VARCHAR(200) NOT NULL,
    observed_at TIMESTAMPTZ NOT NULL,
    up BOOLEAN NOT NULL,
    latency_ms INTEGER NULL
);

CREATE INDEX ix_probe_samples_read ON probe_samples (agreement_id, service, observed_at);

CREATE TABLE tickets (
    id UUID NOT NULL CONSTRAINT pk_tickets PRIMARY KEY,
    upload_id UUID NOT NULL CONSTRAINT fk_tickets_uploads REFERENCES data_uploads (id),
    agreement_id UUID NOT NULL,
    service VARCHAR(200) NOT NULL,
    external_id VARCHAR(200) NOT NULL,
    priority VARCHAR(50) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    first_response_at TIMESTAMPTZ NULL,
    resolved_at TIMESTAMPTZ NULL
);

CREATE INDEX ix_tickets_read ON tickets (agreement_id, service, created_at);

CREATE TABLE ticket_pauses (
    id UUID NOT NULL CONSTRAINT pk_ticket_pauses PRIMARY KEY,
    ticket_id UUID NOT NULL CONSTRAINT fk_ticket_pauses_tickets REFERENCES tickets (id),
    upload_id UUID NOT NULL,
    agreement_id UUID NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ NOT NULL,
    reason VARCHAR(300) NOT NULL
);

CREATE INDEX ix_ticket_pauses_ticket ON ticket_pauses (ticket_id);

CREATE TABLE csat_responses (
    id UUID NOT NULL CONSTRAINT pk_csat_responses PRIMARY KEY,
    upload_id UUID NOT NULL CONSTRAINT fk_csat_responses_uploads REFERENCES data_uploads (id),
    agreement_id UUID NOT NULL,
    service VARCHAR(200) NOT NULL,
    responded_at TIMESTAMPTZ NOT NULL,
    score INTEGER NOT NULL
);

CREATE INDEX ix_csat_responses_read ON csat_responses (agreement_id, service, responded_at);

CREATE TABLE event_counts (
    id UUID NOT NULL CONSTRAINT pk_event_counts PRIMARY KEY,
    upload_id UUID NOT NULL CONSTRAINT fk_event_counts_uploads REFERENCES data_uploads (id),
    agreement_id UUID NOT NULL,
    service VARCHAR(200) NOT NULL,
    interval_start TIMESTAMPTZ NOT NULL,
    interval_end TIMESTAMPTZ NOT NULL,
    good BIGINT NOT NULL,
    total BIGINT NOT NULL
);

CREATE INDEX ix_event_counts_read ON event_counts (agreement_id, service, interval_start);

-- An exclusion covers one SLO (service and metric), every SLO of a service (no metric) or the whole agreement (neither).
-- One a vendor uploads is Proposed and counts only once staff accept it; staff uploads are Accepted as they arrive.
CREATE TABLE exclusion_records (
    id UUID NOT NULL CONSTRAINT pk_exclusion_records PRIMARY KEY,
    upload_id UUID NOT NULL CONSTRAINT fk_exclusion_records_uploads REFERENCES data_uploads (id),
    agreement_id UUID NOT NULL,
    exclusion_type VARCHAR(50) NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ NOT NULL,
    service VARCHAR(200) NULL,
    metric VARCHAR(50) NULL,
    reason VARCHAR(2000) NOT NULL,
    evidence VARCHAR(2000) NULL,
    status VARCHAR(20) NOT NULL,
    decided_by VARCHAR(300) NULL,
    decided_at TIMESTAMPTZ NULL
);

CREATE INDEX ix_exclusion_records_read ON exclusion_records (agreement_id, service, started_at);

-- The vendor's own figure for one SLO (service and metric) over one period [period_start, period_end).
CREATE TABLE reported_attainment (
    id UUID NOT NULL CONSTRAINT pk_reported_attainment PRIMARY KEY,
    upload_id UUID NOT NULL CONSTRAINT fk_reported_attainment_uploads REFERENCES data_uploads (id),
    agreement_id UUID NOT NULL,
    service VARCHAR(200) NOT NULL,
    metric VARCHAR(50) NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    attainment_percent NUMERIC(9,6) NOT NULL
);

CREATE INDEX ix_reported_attainment_read ON reported_attainment (agreement_id, service, period_start);

-- A vendor-scoped token writes raw data for its vendor's agreements only and reads nothing; user_id is who issued it.
ALTER TABLE api_tokens ADD vendor_id UUID NULL CONSTRAINT fk_api_tokens_vendors REFERENCES vendors (id);
