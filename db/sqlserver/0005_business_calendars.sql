-- Business calendars: a zone, weekly working hours and holiday dates (both as JSON text); one is the default,
-- against which due dates and business-day timers count.
CREATE TABLE business_calendars (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_business_calendars PRIMARY KEY,
    name NVARCHAR(200) NOT NULL,
    name_normalized NVARCHAR(200) NOT NULL CONSTRAINT uq_business_calendars_name UNIQUE,
    time_zone NVARCHAR(100) NOT NULL,
    working_hours NVARCHAR(MAX) NOT NULL,
    holidays NVARCHAR(MAX) NOT NULL,
    is_default BIT NOT NULL,
    version INT NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL,
    updated_by NVARCHAR(200) NOT NULL
);
