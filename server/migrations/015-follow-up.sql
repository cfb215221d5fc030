-- 015: 差评 follow-up a visitor could verify (issue 17).
-- service_case: the visitor's consented contact number (phone, erased
-- hall.case_phone_days after the close) or anonymous = 1 (a 差评 left
-- without one: no contact possible); the visitor's link (link_token,
-- link_expires) to their case on the phone page; where the verdict came
-- from (verdict_source: 'visitor' by the link, 'phone_call', 'visit') and
-- the number a phone-call verdict was heard on (verdict_phone, masked).
-- case_action: each step's record (method, at: when it happened, by: who
-- did the rectification, evidence: the files' ids as JSON, source).
-- case_evidence: files the server keeps for a case (rectification and
-- appeal evidence), at most 2 MiB each, sent in pieces.
-- case_appeal: the clerk's 申诉, decided by a manager other than the
-- clerk; one per case; kept with who and when.
-- rating.round: 1 the visitor's first rating, 2 the second one after the
-- revisit (by the case's link).  notification: a message may be owed for
-- a case (kind 'revisit': the link), so the table is rebuilt.
ALTER TABLE service_case ADD COLUMN phone TEXT;
ALTER TABLE service_case ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0;
ALTER TABLE service_case ADD COLUMN link_token TEXT;
ALTER TABLE service_case ADD COLUMN link_expires INTEGER;
ALTER TABLE service_case ADD COLUMN verdict_source TEXT;
ALTER TABLE service_case ADD COLUMN verdict_phone TEXT;
ALTER TABLE service_case ADD COLUMN phone_erased_at INTEGER;
CREATE UNIQUE INDEX service_case_link ON service_case (link_token) WHERE link_token IS NOT NULL;
CREATE INDEX service_case_phone ON service_case (closed_at) WHERE phone IS NOT NULL;
CREATE INDEX service_case_opened ON service_case (opened_at);
ALTER TABLE case_action ADD COLUMN method TEXT;
ALTER TABLE case_action ADD COLUMN at INTEGER;
ALTER TABLE case_action ADD COLUMN by_whom TEXT;
ALTER TABLE case_action ADD COLUMN evidence TEXT;
ALTER TABLE case_action ADD COLUMN source TEXT;
CREATE TABLE case_evidence (
    id           INTEGER PRIMARY KEY,
    service_case INTEGER NOT NULL REFERENCES service_case (id),
    name         TEXT NOT NULL,
    type         TEXT NOT NULL,
    size         INTEGER NOT NULL,       -- the whole file's bytes
    received     INTEGER NOT NULL DEFAULT 0,  -- bytes of it received: complete when = size
    sha256       TEXT,                   -- once complete
    data         BLOB NOT NULL DEFAULT x'',
    added_at     INTEGER NOT NULL,
    added_by     TEXT,
    action       INTEGER                 -- the case_action it was attached to, or NULL
);
CREATE INDEX case_evidence_case ON case_evidence (service_case);
CREATE TABLE case_appeal (
    id            INTEGER PRIMARY KEY,
    service_case  INTEGER NOT NULL UNIQUE REFERENCES service_case (id),
    filed_by      TEXT NOT NULL,
    filed_at      INTEGER NOT NULL,
    reason        TEXT NOT NULL,
    evidence      TEXT,
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected')),
    decided_by    TEXT,
    decided_at    INTEGER,
    decision_note TEXT,
    client        TEXT
);
-- Appeals of before schema 15 (case.update action appeal) were upheld at once.
INSERT INTO case_appeal (service_case, filed_by, filed_at, reason, state, decided_by, decided_at, client)
    SELECT c.id, coalesce (c.clerk, ''), c.appealed_at, coalesce (r.excluded_reason, ''), 'accepted',
           r.excluded_by, c.appealed_at, r.excluded_by
    FROM service_case c JOIN rating r ON r.id = c.rating WHERE c.appealed_at IS NOT NULL;
ALTER TABLE rating ADD COLUMN round INTEGER NOT NULL DEFAULT 1;
DROP INDEX rating_once;
CREATE UNIQUE INDEX rating_once ON rating (ticket, coalesce (step, -1), round);
CREATE TABLE notification_new (
    id           INTEGER PRIMARY KEY,
    ticket       INTEGER REFERENCES ticket (id),
    booking      INTEGER REFERENCES booking (id),
    service_case INTEGER REFERENCES service_case (id),
    kind         TEXT NOT NULL,          -- 'near', 'called', 'booking_day', 'booking_hour', 'revisit'
    key          TEXT NOT NULL UNIQUE,   -- idempotency key sent with every try
    window       INTEGER,                -- for 'called': the window
    ahead        INTEGER,                -- for 'near': people ahead then
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER,                -- NULL: still owed
    tries        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (ticket, kind),
    UNIQUE (booking, kind),
    UNIQUE (service_case, kind),
    CHECK ((ticket IS NOT NULL) + (booking IS NOT NULL) + (service_case IS NOT NULL) = 1)
);
INSERT INTO notification_new (id, ticket, booking, kind, key, window, ahead, created_at, sent_at, tries)
    SELECT id, ticket, booking, kind, key, window, ahead, created_at, sent_at, tries FROM notification;
DROP TABLE notification;
ALTER TABLE notification_new RENAME TO notification;
CREATE INDEX notification_owed ON notification (created_at) WHERE sent_at IS NULL;
