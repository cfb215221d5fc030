-- schema.sql — the hall server's database, at schema version 11 (HALL_SCHEMA_VERSION
-- in store.h).  A new database is made from this file; an older one is
-- brought here by migrations/NNN-name.sql, one version at a time.
--
-- The server is the one source of truth and this file is its shape.  Every
-- state change is a transaction over these tables that also appends to
-- `event`; the event's row id is the sequence number subscribers see.
-- Times are unix seconds on the server's clock; days are the hall's local
-- date as 'YYYY-MM-DD'.  Migrations are keyed by PRAGMA user_version
-- (store.c); a database newer than the code is refused.

-- Facts about this database: 'day' (the local day the counters are for),
-- 'config_hash' (of the configuration last loaded), hall settings
-- ('hall.name', 'hall.timezone', 'policy.missed', ...).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Business categories a visitor picks at the kiosk.
CREATE TABLE category (
    code            TEXT PRIMARY KEY,          -- ASCII code used in requests
    prefix          TEXT NOT NULL UNIQUE,      -- letter before the number: 'A'
    name            TEXT NOT NULL,             -- Chinese name
    name_en         TEXT NOT NULL DEFAULT '',  -- English name
    grp             TEXT NOT NULL DEFAULT '',  -- kiosk grouping: 办事 / 咨询 / 项目
    target_wait     INTEGER NOT NULL DEFAULT 0,-- target wait, seconds; 0 = none
    daily_cap       INTEGER NOT NULL DEFAULT 0,-- tickets per day; 0 = 999
    hours           TEXT NOT NULL DEFAULT '',  -- issuing hours 'HH:MM-HH:MM,...'; '' = always
    service_default INTEGER NOT NULL DEFAULT 300, -- assumed service time before history, s
    open            INTEGER NOT NULL DEFAULT 1,-- 0 when a manager closed issuing
    position        INTEGER NOT NULL           -- order on kiosk and boards
);

-- Service windows (窗口).
CREATE TABLE service_window (
    number       INTEGER PRIMARY KEY,          -- the number over the window
    name         TEXT NOT NULL,                -- '3号窗口'
    green        INTEGER NOT NULL DEFAULT 0,   -- green-channel window: takes green tickets of every category
    paused       INTEGER NOT NULL DEFAULT 0,
    pause_reason TEXT,
    clerk        TEXT,                         -- staff.id signed in here, or NULL
    ticket       INTEGER                       -- ticket.id called or in service here, or NULL
);

-- Which categories each window serves (一窗受理: many to many).
CREATE TABLE window_category (
    window   INTEGER NOT NULL,                 -- service_window.number
    category TEXT NOT NULL,                    -- category.code
    kind     TEXT NOT NULL CHECK (kind IN ('primary', 'backup')),
    PRIMARY KEY (window, category)
) WITHOUT ROWID;

-- Clerks and managers.
CREATE TABLE staff (
    id            TEXT PRIMARY KEY,            -- staff number
    name          TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'clerk',  -- 'clerk', 'supervisor' or 'manager'
    password_hash TEXT,                        -- libsodium crypto_pwhash_str, or NULL
    disabled      INTEGER NOT NULL DEFAULT 0   -- 1: no sign-in anywhere; history kept
);

-- The last number issued per category per day; numbers reset each day.
CREATE TABLE day_counter (
    day      TEXT NOT NULL,
    category TEXT NOT NULL,
    last     INTEGER NOT NULL,
    PRIMARY KEY (day, category)
) WITHOUT ROWID;

-- Every ticket ever issued.  A ticket is 'waiting', 'called', 'serving'
-- (active) or 'finished', 'noshow', 'cancelled', 'expired' (ended).
CREATE TABLE ticket (
    id            INTEGER PRIMARY KEY,
    day           TEXT NOT NULL,               -- local day of issue
    category      TEXT NOT NULL,               -- current category (changes on transfer)
    seq           INTEGER NOT NULL,            -- the 3-digit part of the number
    number        TEXT NOT NULL,               -- 'A001', unique per day
    state         TEXT NOT NULL,
    green         TEXT,                        -- green-channel reason, or NULL
    granted_by    TEXT,                        -- who granted the green channel
    person        TEXT,                        -- visitor's ID number when given (never published)
    issued_at     INTEGER NOT NULL,
    queued_at     INTEGER NOT NULL,            -- when it last joined a queue
    queue_key     REAL NOT NULL,               -- order in the queue: smaller is called first
    queue_seq     INTEGER NOT NULL DEFAULT 0,  -- among equal keys, the order of joining (schema 7)
    target_window INTEGER,                     -- transferred to this window only
    window        INTEGER,                     -- window that called it last
    clerk         TEXT,                        -- clerk at that window
    called_at     INTEGER,                     -- first call (wait = called_at - issued_at)
    started_at    INTEGER,
    finished_at   INTEGER,
    calls         INTEGER NOT NULL DEFAULT 0,  -- calls and recalls
    requeues      INTEGER NOT NULL DEFAULT 0,
    transfers     INTEGER NOT NULL DEFAULT 0,
    token         TEXT,                        -- the link's random token (schema 8), never published
    phone         TEXT,                        -- mobile number for SMS; erased at the day change (schema 8)
    appointment_at   INTEGER,                  -- an appointment ticket: its slot's start (schema 10)
    appointment_slot TEXT,                     -- ... and the slot as text, '09:00-09:30'
    journey       TEXT,                        -- a journey ticket: journey.code (schema 11)
    journey_current INTEGER,                   -- ... the step it is queued or served for (journey_step.position)
    helper        TEXT,                        -- ... the 帮办 clerk accompanying it
    UNIQUE (day, number)
);
CREATE UNIQUE INDEX ticket_token ON ticket (token) WHERE token IS NOT NULL;
CREATE INDEX ticket_phone ON ticket (day) WHERE phone IS NOT NULL;
CREATE INDEX ticket_active ON ticket (state) WHERE state IN ('waiting', 'called', 'serving');
-- The waiting queues: people ahead, call next, estimates (schema 4).  It
-- holds every column those read (schema 5), so walking a queue never
-- reads the ticket rows.
CREATE INDEX ticket_waiting ON ticket (category, queue_key, queue_seq, queued_at, green, target_window,
    appointment_at, state) WHERE state = 'waiting';
-- Waiting tickets sent to one window, in the green channel or of an
-- appointment: few, and always candidates for "call next" (schema 5, 10).
CREATE INDEX ticket_special ON ticket (category)
    WHERE state = 'waiting' AND (target_window IS NOT NULL OR green IS NOT NULL OR appointment_at IS NOT NULL);
CREATE INDEX ticket_person ON ticket (day, category, person) WHERE person IS NOT NULL;
CREATE INDEX ticket_finished ON ticket (category, finished_at) WHERE state = 'finished';
-- Only tickets a window has called (schema 5).
CREATE INDEX ticket_window_day ON ticket (window, day) WHERE window IS NOT NULL;

-- The append-only event log.  seq is the sequence number published with
-- the event.  Statistics are computed from here.
CREATE TABLE event (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    time     INTEGER NOT NULL,
    type     TEXT NOT NULL,                    -- 'ticket.issued', 'window.paused', ...
    ticket   INTEGER,                          -- ticket.id
    number   TEXT,                             -- ticket number at the time
    category TEXT,                             -- ticket's category at the time
    window   INTEGER,
    clerk    TEXT,
    detail   TEXT                              -- JSON: reason, transfer target, ...
);
CREATE INDEX event_ticket ON event (ticket);
CREATE INDEX event_type_time ON event (type, time);

-- Replies to writing requests, by device, client and request number, so
-- that a retry gets the first reply and changes nothing.  The device is the
-- one whose key the request came over (schema 6): another device sending
-- the same client id and number neither reads this reply nor takes the
-- number from its owner.  Pruned after two days.
CREATE TABLE request (
    device TEXT NOT NULL DEFAULT '',           -- device id ('kiosk-1'); '' without keys
    client TEXT NOT NULL,
    req    INTEGER NOT NULL,
    time   INTEGER NOT NULL,
    reply  TEXT NOT NULL,
    PRIMARY KEY (device, client, req)
) WITHOUT ROWID;
-- No index on time (schema 5): the daily prune reads the two days kept.

-- Devices allowed to connect (CURVE public keys) and the role each acts
-- as.  The server takes a connection's role from here, not from the
-- message.  Revoking sets revoked_at: the device can no longer connect and
-- its open connections are refused at once; the row stays for the audit.
CREATE TABLE device (
    id         TEXT PRIMARY KEY,               -- 'kiosk-1', 'counter-3', 'admin'
    public_key TEXT NOT NULL UNIQUE,           -- Z85 CURVE public key
    role       TEXT NOT NULL,                  -- kiosk, counter, display, manager, admin, rating_pad
    window     INTEGER,                        -- for counter and rating_pad
    name       TEXT NOT NULL DEFAULT '',       -- where it is: '一楼自助取号机'
    created_at INTEGER NOT NULL,
    revoked_at INTEGER                         -- NULL while valid
);

-- Failed clerk sign-ins, for rate limiting (pruned with old requests).
CREATE TABLE signin_failure (
    staff TEXT NOT NULL,                       -- staff id tried
    time  INTEGER NOT NULL
);
CREATE INDEX signin_failure_staff ON signin_failure (staff, time);

-- One rating per ticket (好差评), given on the window's rating pad, by an
-- admin or online, or given by the server as the default 基本满意 when the
-- visitor did not rate within hall.rating_default_days.  Never deleted: an
-- appeal marks it excluded.  A journey ticket's rating is its last step's
-- (step: that journey_step.position); with hall.journey_rate_steps each
-- earlier step may be rated too, once (schema 12).
CREATE TABLE rating (
    id              INTEGER PRIMARY KEY,
    ticket          INTEGER NOT NULL,          -- ticket.id: once per ticket and step (rating_once)
    step            INTEGER,                   -- journey_step.position rated; NULL: not a journey ticket
    category        TEXT NOT NULL,             -- the ticket's category when rated
    window          INTEGER,                   -- window that served the ticket
    clerk           TEXT,                      -- staff.id who served it
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),  -- 5 非常满意 .. 1 非常不满意
    reasons         TEXT NOT NULL DEFAULT '[]',-- JSON array of reason codes
    text            TEXT,                      -- the visitor's free text, or NULL
    reasons_version TEXT NOT NULL,             -- version of the reason list the codes belong to
    is_default      INTEGER NOT NULL DEFAULT 0,-- 1: the server's default 基本满意, never a given rating
    channel         TEXT NOT NULL,             -- 'pad', 'phone', 'admin' or 'default'
    client          TEXT,                      -- client id that sent it (NULL for defaults)
    time            INTEGER NOT NULL,          -- when it was given
    excluded        INTEGER NOT NULL DEFAULT 0,-- 1 after an upheld appeal: kept, not counted
    excluded_reason TEXT,                      -- why (the appeal's reason)
    excluded_at     INTEGER,
    excluded_by     TEXT,                      -- staff id of the manager who accepted the appeal
    round           INTEGER NOT NULL DEFAULT 1 -- 1: the first rating; 2: the second, after the revisit (schema 15)
);
CREATE INDEX rating_time ON rating (time);
CREATE UNIQUE INDEX rating_once ON rating (ticket, coalesce (step, -1), round);

-- Follow-up cases: one per 差评 (kind 'rating') and one per ticket finished
-- in a category with opens_case (kind 'complaint', 办不成事反映).
CREATE TABLE service_case (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('rating', 'complaint')),
    ticket          INTEGER NOT NULL,          -- ticket.id the case is about
    rating          INTEGER,                   -- rating.id for kind 'rating', else NULL
    category        TEXT NOT NULL,             -- the ticket's category
    window          INTEGER,                   -- window that served it
    clerk           TEXT,                      -- the responsible clerk
    owner           TEXT,                      -- staff.id following it up: the clerk's supervisor or hall.case_owner
    state           TEXT NOT NULL,             -- 'open', 'contacted', 'rectified', 'revisited', 'verdict', 'closed'
    opened_at       INTEGER NOT NULL,
    contact_due     INTEGER NOT NULL,          -- end of the contact deadline (working days), unix seconds
    rectify_due     INTEGER NOT NULL,          -- end of the rectification deadline
    contacted_at    INTEGER,
    rectified_at    INTEGER,
    revisited_at    INTEGER,
    verdict         TEXT,                      -- the visitor's verdict on the fix: 满意 / 基本满意 / 不满意
    verdict_at      INTEGER,
    appealed_at     INTEGER,                   -- when an appeal excluded the rating
    closed_at       INTEGER,
    overdue         INTEGER NOT NULL DEFAULT 0,-- deadlines already announced by case.overdue: 1 contact, 2 rectify (bits)
    phone           TEXT,                      -- the visitor's consented contact number (erased hall.case_phone_days after the close)
    anonymous       INTEGER NOT NULL DEFAULT 0,-- 1: a 差评 left without a number, no contact possible
    link_token      TEXT,                      -- the visitor's link to the case on the phone page
    link_expires    INTEGER,
    verdict_source  TEXT,                      -- 'visitor' (by the link), 'phone_call', 'visit'
    verdict_phone   TEXT,                      -- a phone-call verdict's number, masked
    phone_erased_at INTEGER
);
CREATE INDEX service_case_state ON service_case (state);
CREATE INDEX service_case_ticket ON service_case (ticket);
CREATE UNIQUE INDEX service_case_link ON service_case (link_token) WHERE link_token IS NOT NULL;
CREATE INDEX service_case_phone ON service_case (closed_at) WHERE phone IS NOT NULL;
CREATE INDEX service_case_opened ON service_case (opened_at);

-- Every action on a case, in order: the audit trail.
CREATE TABLE case_action (
    id      INTEGER PRIMARY KEY,
    service_case INTEGER NOT NULL,             -- service_case.id
    time    INTEGER NOT NULL,
    action  TEXT NOT NULL,                     -- 'open', 'contact', 'rectify', 'revisit', 'verdict', 'appeal', 'close'
    note    TEXT,                              -- what was done or said
    verdict TEXT,                              -- for 'verdict'
    reason  TEXT,                              -- for 'appeal'
    client  TEXT,                              -- client id that recorded it ('server' for open)
    method  TEXT,                              -- contact/revisit: 'phone', 'sms', 'visit', 'link'
    at      INTEGER,                           -- when the contact or revisit happened
    by_whom TEXT,                              -- rectify: who did it
    evidence TEXT,                             -- JSON array of case_evidence ids
    source  TEXT                               -- revisit: 'visitor', 'phone_call', 'visit'
);
CREATE INDEX case_action_case ON case_action (service_case);

-- Files kept with a case (rectification and appeal evidence), at most 2
-- MiB each, sent in pieces (schema 15).
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

-- The clerk's 申诉, decided by a manager other than the clerk; one per
-- case; kept with who and when (schema 15).
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

-- Who supervises whom ([staff ID] supervisor=): a clerk's 差评 cases go to
-- the supervisor.
CREATE TABLE supervisor (
    staff      TEXT PRIMARY KEY,               -- staff.id of the clerk
    supervisor TEXT NOT NULL                   -- staff.id of the supervisor
) WITHOUT ROWID;

-- Categories whose finished tickets each open a case ([category CODE]
-- opens_case=true): the 办不成事反映 desk.
CREATE TABLE case_category (
    category TEXT PRIMARY KEY                  -- category.code
) WITHOUT ROWID;

-- The SMS the hall owes (schema 8, 10): to visitors who left a number for
-- their ticket, and the reminders of a booking; one per (ticket or
-- booking, kind), so nothing is sent twice; hall-web sends them and marks
-- them sent; the day change deletes those still owed.  A case's revisit
-- link (schema 15) is owed to the case's number and outlives the day.
CREATE TABLE notification (
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
CREATE INDEX notification_owed ON notification (created_at) WHERE sent_at IS NULL;

-- Appointments (预约, schema 9): see migrations/009-bookings.sql.
CREATE TABLE booking_rule (
    category      TEXT PRIMARY KEY,            -- category.code
    hours         TEXT NOT NULL,               -- "09:00-11:30,14:00-16:30"
    slot_minutes  INTEGER NOT NULL,
    capacity      INTEGER NOT NULL,            -- places per slot
    days_ahead    INTEGER NOT NULL,            -- working days, today not counted
    cutoff        INTEGER NOT NULL,            -- minutes before a slot's start: no booking after
    cancel_before INTEGER NOT NULL             -- minutes before a slot's start: no cancelling after
) WITHOUT ROWID;
CREATE TABLE booking (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,        -- 8 digits, shown to the visitor (typed or scanned at the kiosk)
    category      TEXT NOT NULL,
    day           TEXT NOT NULL,               -- the slot's local day
    slot_start    INTEGER NOT NULL,            -- minutes of that day
    slot_end      INTEGER NOT NULL,
    state         TEXT NOT NULL,               -- 'booked', 'cancelled', 'checked_in', 'noshow'
    document      TEXT NOT NULL,               -- 'id' (resident ID), 'passport', 'hk_macao', 'taiwan', 'other'
    person_hash   TEXT NOT NULL,               -- HMAC of document and number (hall secret)
    person_masked TEXT NOT NULL,               -- 330102********1234
    name          TEXT,                        -- deleted after the retention period
    phone         TEXT,                        -- deleted after the retention period
    credit_code   TEXT,                        -- 统一社会信用代码 of an enterprise matter, or NULL
    channel       TEXT NOT NULL,               -- 'phone', 'desk', 'manager', 'admin'
    created_at    INTEGER NOT NULL,
    cancelled_at  INTEGER,
    checked_in_at INTEGER,
    ticket        INTEGER                      -- ticket.id once checked in
);
CREATE INDEX booking_slot ON booking (category, day, slot_start) WHERE state IN ('booked', 'checked_in');
CREATE UNIQUE INDEX booking_person_day ON booking (person_hash, category, day)
    WHERE state IN ('booked', 'checked_in');
CREATE INDEX booking_person ON booking (person_hash, state);
-- The no-show sweep's and the retention sweep's work (schema 10).
CREATE INDEX booking_open ON booking (day, slot_end) WHERE state = 'booked';
CREATE INDEX booking_kept ON booking (day) WHERE name IS NOT NULL OR phone IS NOT NULL;

-- "一件事" journeys (schema 11): see migrations/011-journeys.sql.
CREATE TABLE journey (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    name_en   TEXT NOT NULL DEFAULT '',
    steps     TEXT NOT NULL,                     -- "business; seal, social?; bank?"
    position  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX ticket_journey ON ticket (day) WHERE journey IS NOT NULL;
CREATE TABLE journey_step (
    ticket      INTEGER NOT NULL REFERENCES ticket (id),
    position    INTEGER NOT NULL,                -- 0, 1, ... in the order written
    category    TEXT NOT NULL,
    stage       INTEGER NOT NULL,
    optional    INTEGER NOT NULL,
    state       TEXT NOT NULL,                   -- 'pending', 'current', 'done', 'skipped', 'dropped'
    window      INTEGER,                         -- where it was done
    clerk       TEXT,
    helper      TEXT,                            -- the 帮办 clerk then
    joined_at   INTEGER,                         -- joined the step's queue (last time)
    called_at   INTEGER,
    started_at  INTEGER,
    finished_at INTEGER,                         -- done, skipped or dropped
    PRIMARY KEY (ticket, position)
) WITHOUT ROWID;
CREATE INDEX journey_step_done ON journey_step (category, finished_at) WHERE state = 'done';

-- 好差评 by 办件 (schema 13): see migrations/013-matters.sql.
CREATE TABLE category_item (
    category        TEXT PRIMARY KEY,
    item_code       TEXT,                      -- 事项编码
    department      TEXT,                      -- 科室/部门
    department_code TEXT,                      -- its 统一社会信用代码
    matter_required INTEGER NOT NULL DEFAULT 0 -- finish needs a 办件编号
) WITHOUT ROWID;
CREATE TABLE matter (
    id          INTEGER PRIMARY KEY,
    ticket      INTEGER NOT NULL REFERENCES ticket (id),
    step        INTEGER,                       -- journey_step.position; NULL: not a journey ticket
    number      TEXT NOT NULL UNIQUE,          -- 办件编号, as the clerk gave it
    category    TEXT NOT NULL,
    item_code   TEXT,                          -- the category's 事项编码 then
    window      INTEGER NOT NULL,
    clerk       TEXT,
    added_at    INTEGER NOT NULL
);
CREATE INDEX matter_ticket ON matter (ticket);

-- 好差评 to the provincial platform (schema 14): see migrations/014-gov-records.sql.
CREATE TABLE gov_record (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('rating', 'case')),
    rating       INTEGER,                      -- rating.id for kind 'rating'
    service_case INTEGER,                      -- service_case.id for kind 'case'
    matter       TEXT,                         -- the 办件编号 the rating covers, or NULL
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'held')),
    tries        INTEGER NOT NULL DEFAULT 0,
    next_try_at  INTEGER NOT NULL,             -- pending: not before
    reason       TEXT,                         -- the platform's, for a retry or a refusal
    created_at   INTEGER NOT NULL,
    delivered_at INTEGER,
    platform_id  TEXT                          -- the platform's id of it, if it gave one
);
CREATE UNIQUE INDEX gov_record_once ON gov_record (kind, coalesce (rating, service_case), coalesce (matter, ''));
CREATE INDEX gov_record_due ON gov_record (next_try_at) WHERE state = 'pending';
INSERT OR IGNORE INTO meta (key, value) VALUES ('gov.hall_id', lower (hex (randomblob (4))));

-- Alerts kept by the server (schema 16): raised once per subject while it
-- holds (reminders count on the row), cleared when its condition ends.
-- Devices report their trouble (device.trouble); dashboards record what
-- their rules raise (alert.raise).
CREATE TABLE alert (
    id         INTEGER PRIMARY KEY,
    subject    TEXT NOT NULL,        -- 'printer:kiosk-1', 'wait:business', 'rating:12' ...
    kind       TEXT NOT NULL,        -- 'device', 'wait', 'crowd', 'idle', 'unserved', 'rating', 'case', 'gov', 'other'
    urgency    TEXT NOT NULL CHECK (urgency IN ('low', 'normal', 'critical')),
    summary    TEXT NOT NULL,
    body       TEXT,
    source     TEXT,                 -- the device (or client) that raised it
    day        TEXT NOT NULL,        -- the hall day it was raised on
    raised_at  INTEGER NOT NULL,
    last_at    INTEGER NOT NULL,
    count      INTEGER NOT NULL DEFAULT 1,
    cleared_at INTEGER
);
CREATE UNIQUE INDEX alert_open ON alert (subject) WHERE cleared_at IS NULL;
CREATE INDEX alert_day ON alert (day);

-- The hall's settings live in the database (schema 17): meta
-- hall.settings keeps them as configuration text (a file seeds a new hall
-- only).  Who is signed in at each manager device, and every change.
CREATE TABLE manager_session (
    device TEXT PRIMARY KEY,
    staff  TEXT NOT NULL,
    since  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE setting_change (
    id      INTEGER PRIMARY KEY,
    time    INTEGER NOT NULL,
    staff   TEXT,                 -- the signed-in manager ('admin' for hallctl on the server)
    device  TEXT NOT NULL,
    op      TEXT NOT NULL,        -- the operation: settings.set, settings.import, window.map, ...
    grp     TEXT,                 -- [group] of the key
    key     TEXT,
    old     TEXT,                 -- NULL: it was not set
    new     TEXT                  -- NULL: removed
);
CREATE INDEX setting_change_time ON setting_change (time);
