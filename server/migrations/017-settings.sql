-- 017: the hall's settings live in the database (issue 18).  meta
-- hall.settings keeps them as the configuration file's text (a file seeds
-- a new hall only; the first start after this migration takes the file
-- given as the hall's settings).  manager_session: who is signed in at
-- each manager device (a device key alone does not change settings).
-- setting_change: every change, who, when, from which device, old -> new.
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
