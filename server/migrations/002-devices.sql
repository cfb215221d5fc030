-- 002: device keys (CURVE).  See schema.sql for the table's comments.
CREATE TABLE device (
    id         TEXT PRIMARY KEY,
    public_key TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    window     INTEGER,
    name       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE TABLE signin_failure (
    staff TEXT NOT NULL,
    time  INTEGER NOT NULL
);
CREATE INDEX signin_failure_staff ON signin_failure (staff, time);
