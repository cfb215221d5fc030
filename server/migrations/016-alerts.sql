-- 016: alerts kept by the server (issue 18), so that a dashboard shows
-- today's after a restart and a manager can look back.  One row per
-- alert: raised once per subject while it holds (a reminder counts on the
-- row: count, last_at), cleared when its condition ends.  Devices report
-- their own trouble (device.trouble: a kiosk's printer); dashboards
-- record the alerts their rules raise (alert.raise).
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
