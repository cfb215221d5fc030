-- 009: appointments (预约).  booking_rule: a category's bookable hours,
-- slot length and places, how many working days ahead, the cut-offs.
-- booking: one real-name booking.  The ID number is kept only as a keyed
-- hash (for check-in and the one-booking-per-person rule) and masked;
-- name and phone are deleted after the hall's retention period.
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
CREATE INDEX booking_person ON booking (person_hash, state)
