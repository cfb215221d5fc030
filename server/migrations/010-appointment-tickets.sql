-- 010: appointment tickets (预约签到).  A booking checked in on time gets
-- a ticket with the slot's start (appointment_at, unix seconds) and its
-- text ("09:00-09:30"): the dispatch policy calls it before the walk-ins
-- of its category from that moment (docs/DISPATCH.md).  The waiting
-- queues' indexes carry the column, so "call next" still reads only them.
-- notification: a message may be owed for a booking (the reminders the
-- working day before and an hour before its slot) as well as for a
-- ticket, so its ticket becomes optional; the table is rebuilt.
ALTER TABLE ticket ADD COLUMN appointment_at INTEGER;
ALTER TABLE ticket ADD COLUMN appointment_slot TEXT;
DROP INDEX ticket_waiting;
CREATE INDEX ticket_waiting ON ticket (category, queue_key, queue_seq, queued_at, green, target_window,
    appointment_at, state) WHERE state = 'waiting';
DROP INDEX ticket_special;
CREATE INDEX ticket_special ON ticket (category)
    WHERE state = 'waiting' AND (target_window IS NOT NULL OR green IS NOT NULL OR appointment_at IS NOT NULL);
CREATE TABLE notification_new (
    id         INTEGER PRIMARY KEY,
    ticket     INTEGER REFERENCES ticket (id),
    booking    INTEGER REFERENCES booking (id),
    kind       TEXT NOT NULL,                  -- 'near', 'called', 'booking_day', 'booking_hour'
    key        TEXT NOT NULL UNIQUE,           -- idempotency key sent with every try
    window     INTEGER,                        -- for 'called': the window
    ahead      INTEGER,                        -- for 'near': people ahead then
    created_at INTEGER NOT NULL,
    sent_at    INTEGER,                        -- NULL: still owed
    tries      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (ticket, kind),
    UNIQUE (booking, kind),
    CHECK ((ticket IS NULL) != (booking IS NULL))
);
INSERT INTO notification_new (id, ticket, kind, key, window, ahead, created_at, sent_at, tries)
    SELECT id, ticket, kind, key, window, ahead, created_at, sent_at, tries FROM notification;
DROP TABLE notification;
ALTER TABLE notification_new RENAME TO notification;
CREATE INDEX notification_owed ON notification (created_at) WHERE sent_at IS NULL;
CREATE INDEX booking_open ON booking (day, slot_end) WHERE state = 'booked';
CREATE INDEX booking_kept ON booking (day) WHERE name IS NOT NULL OR phone IS NOT NULL
