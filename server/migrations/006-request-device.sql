-- 006: a stored reply belongs to the device whose key the request came
-- over.  Keyed by (client, req) alone, a device could send another's client
-- id and number and read its stored reply, or take the number first so
-- that the owner's request was never run.  Replies stored before this
-- version keep device '' and so answer only key-less (--insecure) servers:
-- a retry that spans the upgrade runs again (see OPERATIONS.md, upgrades).
CREATE TABLE request_6 (
    device TEXT NOT NULL DEFAULT '',
    client TEXT NOT NULL,
    req    INTEGER NOT NULL,
    time   INTEGER NOT NULL,
    reply  TEXT NOT NULL,
    PRIMARY KEY (device, client, req)
) WITHOUT ROWID;
INSERT INTO request_6 (device, client, req, time, reply) SELECT '', client, req, time, reply FROM request;
DROP TABLE request;
ALTER TABLE request_6 RENAME TO request;
