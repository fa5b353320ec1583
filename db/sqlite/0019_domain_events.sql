-- Facts one feature tells the others once they are committed (a version approved, an agreement signed or terminated, the budget
-- calendar changed), written in the transaction that made them true. A dispatcher hands each to every handler listening for its
-- type, at least once; handlers are idempotent.
CREATE TABLE domain_events (
    id BLOB NOT NULL CONSTRAINT pk_domain_events PRIMARY KEY,
    type TEXT NOT NULL,
    subject_id TEXT NULL,
    payload TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    dispatched_at TEXT NULL,
    claimed_until TEXT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT NULL
);

CREATE INDEX ix_domain_events_pending ON domain_events (next_attempt_at, id) WHERE dispatched_at IS NULL;

-- Which handler has had which event: a redelivery after a crash reaches only the handlers that had not finished.
CREATE TABLE domain_event_deliveries (
    event_id BLOB NOT NULL,
    handler TEXT NOT NULL,
    delivered_at TEXT NOT NULL,
    CONSTRAINT pk_domain_event_deliveries PRIMARY KEY (event_id, handler)
);

-- "Signed" is now a stored status: an approved agreement with a signed term was shown as Approved.
UPDATE agreements SET status = 'Signed'
WHERE status = 'Approved' AND EXISTS (SELECT 1 FROM agreement_terms t WHERE t.agreement_id = agreements.id);

-- An agreement whose first version was sent back for changes was shown as Draft.
UPDATE agreements SET status = 'ChangesRequested'
WHERE status = 'Draft' AND EXISTS (SELECT 1 FROM agreement_versions v
                                   WHERE v.agreement_id = agreements.id AND v.number = agreements.current_version AND v.status = 'ChangesRequested');

-- An approved version is superseded once a later version is signed.
UPDATE agreement_versions SET status = 'Superseded'
WHERE status = 'Approved' AND EXISTS (SELECT 1 FROM agreement_signatures s
                                      WHERE s.agreement_id = agreement_versions.agreement_id AND s.version_number > agreement_versions.number);
