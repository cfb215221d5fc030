-- 008: the visitor's phone (hall-web).  Each ticket gets an unguessable
-- token at issue (the ticket's QR carries the hall's public base URL and
-- it, never the day and number); the token is never published.  A visitor
-- may leave a mobile number for an SMS when their turn is near and when
-- they are called: kept in the ticket row only until the hall's day ends.
-- notification: one row per (ticket, kind) the hall owes a message for
-- ('near', 'called'), so nothing is sent twice; hall-web sends them and
-- marks them sent.  The day change deletes the unsent ones.
ALTER TABLE ticket ADD COLUMN token TEXT;
ALTER TABLE ticket ADD COLUMN phone TEXT;
CREATE UNIQUE INDEX ticket_token ON ticket (token) WHERE token IS NOT NULL;
CREATE INDEX ticket_phone ON ticket (day) WHERE phone IS NOT NULL;
CREATE TABLE notification (
    id         INTEGER PRIMARY KEY,
    ticket     INTEGER NOT NULL REFERENCES ticket (id),
    kind       TEXT NOT NULL,                  -- 'near' or 'called'
    key        TEXT NOT NULL UNIQUE,           -- idempotency key sent with every try
    window     INTEGER,                        -- for 'called': the window
    ahead      INTEGER,                        -- for 'near': people ahead then
    created_at INTEGER NOT NULL,
    sent_at    INTEGER,                        -- NULL: still owed
    tries      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (ticket, kind)
);
CREATE INDEX notification_owed ON notification (created_at) WHERE sent_at IS NULL
