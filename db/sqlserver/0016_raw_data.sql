-- Raw performance data: each upload (a file of one kind for one agreement) and one table per kind of row it holds.
-- The same file for the same agreement and kind is one upload: (agreement, kind, sha256) is unique.
CREATE TABLE data_uploads (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_data_uploads PRIMARY KEY,
    agreement_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_data_uploads_agreements REFERENCES agreements (id),
    kind NVARCHAR(40) NOT NULL,
    format NVARCHAR(10) NOT NULL,
    file_name NVARCHAR(300) NOT NULL,
    sha256 NVARCHAR(80) NOT NULL,
    uploaded_by NVARCHAR(300) NOT NULL,
    uploader_is_vendor BIT NOT NULL,
    uploaded_at DATETIMEOFFSET(7) NOT NULL,
    row_count BIGINT NOT NULL,
    CONSTRAINT uq_data_uploads_file UNIQUE (agreement_id, kind, sha256)
);
GO

CREATE INDEX ix_data_uploads_agreement ON data_uploads (agreement_id, uploaded_at);
GO

CREATE TABLE outages (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_outages PRIMARY KEY,
    upload_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_outages_uploads REFERENCES data_uploads (id),
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    service NVARCHAR(200) NOT NULL,
    started_at DATETIMEOFFSET(7) NOT NULL,
    ended_at DATETIMEOFFSET(7) NOT NULL,
    cause NVARCHAR(1000) NULL
);
GO

CREATE INDEX ix_outages_read ON outages (agreement_id, service, started_at);
GO

-- The bulk table (a year of per-minute samples is 525,600 rows per service): no key, no foreign keys (each costs a
-- check per row on bulk copy; rows are only written with their upload, in its transaction) and one clustered index for the read.
CREATE TABLE probe_samples (
    upload_id UNIQUEIDENTIFIER NOT NULL,
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    service NVARCHAR(200) NOT NULL,
    observed_at DATETIMEOFFSET(7) NOT NULL,
    up BIT NOT NULL,
    latency_ms INTEGER NULL
);
GO

CREATE CLUSTERED INDEX ix_probe_samples_read ON probe_samples (agreement_id, service, observed_at);
GO

CREATE TABLE tickets (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_tickets PRIMARY KEY,
    upload_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_tickets_uploads REFERENCES data_uploads (id),
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    service NVARCHAR(200) NOT NULL,
    external_id NVARCHAR(200) NOT NULL,
    priority NVARCHAR(50) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    first_response_at DATETIMEOFFSET(7) NULL,
    resolved_at DATETIMEOFFSET(7) NULL
);
GO

CREATE INDEX ix_tickets_read ON tickets (agreement_id, service, created_at);
GO

CREATE TABLE ticket_pauses (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_ticket_pauses PRIMARY KEY,
    ticket_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_ticket_pauses_tickets REFERENCES tickets (id),
    upload_id UNIQUEIDENTIFIER NOT NULL,
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    started_at DATETIMEOFFSET(7) NOT NULL,
    ended_at DATETIMEOFFSET(7) NOT NULL,
    reason NVARCHAR(300) NOT NULL
);
GO

CREATE INDEX ix_ticket_pauses_ticket ON ticket_pauses (ticket_id);
GO

CREATE TABLE csat_responses (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_csat_responses PRIMARY KEY,
    upload_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_csat_responses_uploads REFERENCES data_uploads (id),
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    service NVARCHAR(200) NOT NULL,
    responded_at DATETIMEOFFSET(7) NOT NULL,
    score INTEGER NOT NULL
);
GO

CREATE INDEX ix_csat_responses_read ON csat_responses (agreement_id, service, responded_at);
GO

CREATE TABLE event_counts (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_event_counts PRIMARY KEY,
    upload_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_event_counts_uploads REFERENCES data_uploads (id),
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    service NVARCHAR(200) NOT NULL,
    interval_start DATETIMEOFFSET(7) NOT NULL,
    interval_end DATETIMEOFFSET(7) NOT NULL,
    good BIGINT NOT NULL,
    total BIGINT NOT NULL
);
GO

CREATE INDEX ix_event_counts_read ON event_counts (agreement_id, service, interval_start);
GO

-- An exclusion covers one SLO (service and metric), every SLO of a service (no metric) or the whole agreement (neither).
-- One a vendor uploads is Proposed and counts only once staff accept it; staff uploads are Accepted as they arrive.
CREATE TABLE exclusion_records (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_exclusion_records PRIMARY KEY,
    upload_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_exclusion_records_uploads REFERENCES data_uploads (id),
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    exclusion_type NVARCHAR(50) NOT NULL,
    started_at DATETIMEOFFSET(7) NOT NULL,
    ended_at DATETIMEOFFSET(7) NOT NULL,
    service NVARCHAR(200) NULL,
    metric NVARCHAR(50) NULL,
    reason NVARCHAR(2000) NOT NULL,
    evidence NVARCHAR(2000) NULL,
    status NVARCHAR(20) NOT NULL,
    decided_by NVARCHAR(300) NULL,
    decided_at DATETIMEOFFSET(7) NULL
);
GO

CREATE INDEX ix_exclusion_records_read ON exclusion_records (agreement_id, service, started_at);
GO

-- The vendor's own figure for one SLO (service and metric) over one period [period_start, period_end).
CREATE TABLE reported_attainment (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_reported_attainment PRIMARY KEY,
    upload_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_reported_attainment_uploads REFERENCES data_uploads (id),
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    service NVARCHAR(200) NOT NULL,
    metric NVARCHAR(50) NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    attainment_percent DECIMAL(9,6) NOT NULL
);
GO

CREATE INDEX ix_reported_attainment_read ON reported_attainment (agreement_id, service, period_start);
GO

-- A vendor-scoped token writes raw data for its vendor's agreements only and reads nothing; user_id is who issued it.
ALTER TABLE api_tokens ADD vendor_id UNIQUEIDENTIFIER NULL CONSTRAINT fk_api_tokens_vendors REFERENCES vendors (id);
GO
