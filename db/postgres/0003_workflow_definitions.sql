-- Every loaded version of every workflow definition file, with its content and hash, so running instances finish
-- on the version they started with after the file has moved on.
CREATE TABLE wf_definitions (
    id VARCHAR(100) NOT NULL,
    version INTEGER NOT NULL,
    hash CHAR(64) NOT NULL,
    source_file VARCHAR(500) NOT NULL,
    content TEXT NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_wf_definitions PRIMARY KEY (id, version)
);
