-- 003: 好差评 ratings and 差评 follow-up cases.  See schema.sql for the
-- tables' comments.
CREATE TABLE rating (
    id              INTEGER PRIMARY KEY,
    ticket          INTEGER NOT NULL UNIQUE,
    category        TEXT NOT NULL,
    window          INTEGER,
    clerk           TEXT,
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    reasons         TEXT NOT NULL DEFAULT '[]',
    text            TEXT,
    reasons_version TEXT NOT NULL,
    is_default      INTEGER NOT NULL DEFAULT 0,
    channel         TEXT NOT NULL,
    client          TEXT,
    time            INTEGER NOT NULL,
    excluded        INTEGER NOT NULL DEFAULT 0,
    excluded_reason TEXT,
    excluded_at     INTEGER,
    excluded_by     TEXT
);
CREATE INDEX rating_time ON rating (time);
CREATE TABLE service_case (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('rating', 'complaint')),
    ticket          INTEGER NOT NULL,
    rating          INTEGER,
    category        TEXT NOT NULL,
    window          INTEGER,
    clerk           TEXT,
    owner           TEXT,
    state           TEXT NOT NULL,
    opened_at       INTEGER NOT NULL,
    contact_due     INTEGER NOT NULL,
    rectify_due     INTEGER NOT NULL,
    contacted_at    INTEGER,
    rectified_at    INTEGER,
    revisited_at    INTEGER,
    verdict         TEXT,
    verdict_at      INTEGER,
    appealed_at     INTEGER,
    closed_at       INTEGER,
    overdue         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX service_case_state ON service_case (state);
CREATE INDEX service_case_ticket ON service_case (ticket);
CREATE TABLE case_action (
    id      INTEGER PRIMARY KEY,
    service_case INTEGER NOT NULL,
    time    INTEGER NOT NULL,
    action  TEXT NOT NULL,
    note    TEXT,
    verdict TEXT,
    reason  TEXT,
    client  TEXT
);
CREATE INDEX case_action_case ON case_action (service_case);
CREATE TABLE supervisor (
    staff      TEXT PRIMARY KEY,
    supervisor TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE case_category (
    category TEXT PRIMARY KEY
) WITHOUT ROWID;
