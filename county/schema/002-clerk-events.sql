-- County schema, version 2: the clerks' sign-in events, indexed for the
-- report's time signed in (county/county-report.c): each window's last
-- event before a period and its events within it, without reading the
-- whole log.
CREATE INDEX event_clerk ON county.event (hall, (coalesce ("window", 0)), time)
    WHERE type IN ('clerk.signin', 'clerk.signout');

UPDATE county.meta SET value = '2' WHERE key = 'schema_version';
