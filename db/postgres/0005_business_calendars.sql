-- Business calendars: a zone, weekly working hours and holiday dates (both as JSON text); one is the default,
-- against which due dates and business-day timers count.
CREATE TABLE business_calendars (
    id UUID NOT NULL CONSTRAINT pk_business_calendars PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    name_normalized VARCHAR(200) NOT NULL CONSTRAINT uq_business_calendars_name UNIQUE,
    time_zone VARCHAR(100) NOT NULL,
    working_hours TEXT NOT NULL,
    holidays TEXT NOT NULL,
    is_default BOOLEAN NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by VARCHAR(200) NOT NULL
);
