-- Every loaded version of every workflow definition file, with its content and hash, so running instances finish
-- on the version they started with after the file has moved on.
CREATE TABLE wf_definitions (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    source_file TEXT NOT NULL,
    content TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    CONSTRAINT pk_wf_definitions PRIMARY KEY (id, version)
);
