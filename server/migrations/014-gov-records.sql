-- 014: 好差评 to the provincial platform.  gov_record: what is owed to the
-- province — a rating once per 办件 it covers (matter: the 办件编号, or NULL
-- when it covers none), a closed 差评 case once — made in the transaction
-- of the rating or the close, and its delivery by hall-gov-sync: pending
-- (next_try_at: not before), delivered, or held (the platform refused it:
-- reason) for a person.  meta gov.hall_id: this hall's part of the records'
-- keys, random, made once.  Ratings from before schema 14 are not owed.
CREATE TABLE gov_record (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('rating', 'case')),
    rating       INTEGER,
    service_case INTEGER,
    matter       TEXT,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'held')),
    tries        INTEGER NOT NULL DEFAULT 0,
    next_try_at  INTEGER NOT NULL,
    reason       TEXT,
    created_at   INTEGER NOT NULL,
    delivered_at INTEGER,
    platform_id  TEXT
);
CREATE UNIQUE INDEX gov_record_once ON gov_record (kind, coalesce (rating, service_case), coalesce (matter, ''));
CREATE INDEX gov_record_due ON gov_record (next_try_at) WHERE state = 'pending';
INSERT OR IGNORE INTO meta (key, value) VALUES ('gov.hall_id', lower (hex (randomblob (4))));
