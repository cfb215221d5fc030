-- 012: ratings of a journey's steps.  rating.step: the index of the
-- journey step (journey_step.position) the rating is about; NULL for a
-- ticket without a journey.  A journey ticket's rating after its last step
-- is that step's; with hall.journey_rate_steps the visitor may rate each
-- earlier step too.  Once per ticket and step: rating.ticket is no longer
-- unique, so the table is rebuilt (service_case.rating keeps the ids).
CREATE TABLE rating_new (
    id              INTEGER PRIMARY KEY,
    ticket          INTEGER NOT NULL,
    step            INTEGER,
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
INSERT INTO rating_new (id, ticket, step, category, window, clerk, level, reasons, text, reasons_version,
                        is_default, channel, client, time, excluded, excluded_reason, excluded_at, excluded_by)
    SELECT r.id, r.ticket, t.journey_current, r.category, r.window, r.clerk, r.level, r.reasons, r.text,
           r.reasons_version, r.is_default, r.channel, r.client, r.time, r.excluded, r.excluded_reason,
           r.excluded_at, r.excluded_by
    FROM rating r JOIN ticket t ON t.id = r.ticket;
DROP TABLE rating;
ALTER TABLE rating_new RENAME TO rating;
CREATE INDEX rating_time ON rating (time);
CREATE UNIQUE INDEX rating_once ON rating (ticket, coalesce (step, -1));
