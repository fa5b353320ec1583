-- Every loaded version of every workflow definition file, with its content and hash, so running instances finish
-- on the version they started with after the file has moved on.
CREATE TABLE wf_definitions (
    id NVARCHAR(100) NOT NULL,
    version INT NOT NULL,
    hash NCHAR(64) NOT NULL,
    source_file NVARCHAR(500) NOT NULL,
    content NVARCHAR(MAX) NOT NULL,
    loaded_at DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_wf_definitions PRIMARY KEY (id, version)
);
