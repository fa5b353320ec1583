-- Business calendars: a zone, weekly working hours and holiday dates (both as JSON text); one is the default,
-- against which due dates and business-day timers count.
CREATE TABLE business_calendars (
    id BLOB NOT NULL CONSTRAINT pk_business_calendars PRIMARY KEY,
    name TEXT NOT NULL,
    name_normalized TEXT NOT NULL CONSTRAINT uq_business_calendars_name UNIQUE,
    time_zone TEXT NOT NULL,
    working_hours TEXT NOT NULL,
    holidays TEXT NOT NULL,
    is_default INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
