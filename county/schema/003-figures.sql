-- County schema, version 3: the report's figures, kept as the rows change
-- (docs/COUNTY.md, "How the report stays fast").
--
-- Derived data only: the rows stay the halls' own (county.ticket, rating,
-- service_case, booking, as the uplinks write them), and these tables are
-- sums over them, kept by triggers in the same transaction as the rows
-- (an uplink's page, a loader's COPY), so a report reads them in the same
-- snapshot as the rows.  county.refigure () rebuilds them from the rows.
--
-- What a sum cannot hold is counted by the report: wait_p90 (the exact
-- wait of a rank: the bucket from wait_bucket's counts, the wait from that
-- bucket's tickets, index ticket_wait), and the overdue of the cases whose
-- deadlines are still open (as of the hall's clock).  service_level counts
-- waits within the category's target as it is *now*: a change of a
-- category (county.category's trigger) counts its tickets' target_in
-- again, every day.
--
-- A ticket's visit rating is the round-1 rating of the step it ended at
-- (r.step IS NOT DISTINCT FROM t.journey_current), at most one per ticket
-- as the hall's own rating_once index ensures.

-- Each day's counters per hall and category, as county/county-report.c
-- adds them up (server/report.c's ticket pass).  A row may be left all
-- zero when its tickets move away.
CREATE TABLE county.day_figure (
    hall                 text NOT NULL,
    day                  date NOT NULL,          -- ticket.day
    category             text NOT NULL,          -- ticket.category (at the end: a transfer moves it)
    issued               bigint NOT NULL DEFAULT 0,
    served               bigint NOT NULL DEFAULT 0,   -- state finished
    noshow               bigint NOT NULL DEFAULT 0,
    expired              bigint NOT NULL DEFAULT 0,
    cancelled            bigint NOT NULL DEFAULT 0,
    active               bigint NOT NULL DEFAULT 0,   -- waiting, called, serving
    called               bigint NOT NULL DEFAULT 0,   -- called_at set
    wait_sum             bigint NOT NULL DEFAULT 0,   -- of called_at - issued_at
    service_sum          bigint NOT NULL DEFAULT 0,   -- finished: coalesce (finished_at, 0) - started_at
    service_count        bigint NOT NULL DEFAULT 0,   -- finished with started_at
    given                bigint NOT NULL DEFAULT 0,   -- visit ratings not default
    defaults             bigint NOT NULL DEFAULT 0,
    excluded             bigint NOT NULL DEFAULT 0,   -- not default, excluded
    good                 bigint NOT NULL DEFAULT 0,   -- not default, not excluded, level >= 3
    bad                  bigint NOT NULL DEFAULT 0,   -- not default, not excluded, level <= 2
    appointment_wait_sum bigint NOT NULL DEFAULT 0,   -- called: greatest (called_at - greatest (issued_at, appointment_at), 0)
    appointment_called   bigint NOT NULL DEFAULT 0,   -- called with appointment_at
    target_in            bigint NOT NULL DEFAULT 0,   -- called within the category's target_wait (> 0) as it is now
    PRIMARY KEY (hall, day, category)
);
CREATE INDEX day_figure_day ON county.day_figure (day);

-- The called tickets' waits in 5-minute buckets: bucket = (called_at -
-- issued_at) / 300 (integer division, toward zero: a wait of -299 .. 299
-- is bucket 0; the bucket never decreases as the wait grows, which is all
-- the report needs).
CREATE TABLE county.wait_bucket (
    hall     text NOT NULL,
    day      date NOT NULL,
    category text NOT NULL,
    bucket   bigint NOT NULL,
    n        bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (hall, day, category, bucket)
);
CREATE INDEX wait_bucket_day ON county.wait_bucket (day);

-- The exact waits of one bucket of a hall's category over some days, read
-- from the index alone (after VACUUM): the report's rank of wait_p90 and
-- the target's bucket of service_level.
CREATE INDEX ticket_wait ON county.ticket (hall, category, ((called_at - issued_at) / 300), day)
    INCLUDE (called_at, issued_at) WHERE called_at IS NOT NULL;

-- Bookings per slot day, category and state.
CREATE TABLE county.day_booking (
    hall     text NOT NULL,
    day      date NOT NULL,                      -- booking.day
    category text NOT NULL,
    state    text NOT NULL,
    n        bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (hall, day, category, state)
);
CREATE INDEX day_booking_day ON county.day_booking (day);

-- A case's ticket's day and category (NULL while the county has no such
-- ticket) and its rating's excluded (NULL: no such rating), kept by
-- triggers: the report finds a period's cases by their ticket's day, and
-- a case's figures are of its own row.
ALTER TABLE county.service_case ADD COLUMN ticket_day date, ADD COLUMN ticket_category text,
    ADD COLUMN rating_excluded boolean;
CREATE INDEX service_case_rating ON county.service_case (hall, rating) WHERE rating IS NOT NULL;
-- The cases whose overdue depends on the hall's clock (a deadline not met
-- yet, coalesce (..., now)): the report counts their overdue as of now.
CREATE INDEX service_case_unsettled ON county.service_case (ticket_day, hall)
    INCLUDE (ticket_category, contact_due, rectify_due, contacted_at, rectified_at)
    WHERE closed_at IS NULL AND (contacted_at IS NULL OR rectified_at IS NULL);

-- Each day's cases per hall and category of their ticket, as
-- server/report.c's case pass counts them, but for the overdue of the
-- unsettled cases above (overdue: the settled ones' only).
CREATE TABLE county.day_case (
    hall      text NOT NULL,
    day       date NOT NULL,                     -- the ticket's day
    category  text NOT NULL,                     -- the ticket's category
    opened    bigint NOT NULL DEFAULT 0,
    closed    bigint NOT NULL DEFAULT 0,         -- state closed
    overdue   bigint NOT NULL DEFAULT 0,         -- settled and overdue
    bad       bigint NOT NULL DEFAULT 0,         -- kind rating, rating not excluded, not anonymous
    revisited bigint NOT NULL DEFAULT 0,         -- bad with the visitor's verdict
    PRIMARY KEY (hall, day, category)
);
CREATE INDEX day_case_day ON county.day_case (day);

-- ---- a ticket's contribution ------------------------------------------------

-- What ticket T with visit rating R (NULL: none) adds to day_figure, its
-- category's target wait being TARGET (0: none).
CREATE FUNCTION county.ticket_figure (t county.ticket, r county.rating, target integer) RETURNS county.day_figure
    LANGUAGE sql IMMUTABLE AS $$
    SELECT ROW (t.hall, t.day, t.category, 1::bigint,
        (t.state = 'finished')::int::bigint, (t.state = 'noshow')::int::bigint,
        (t.state = 'expired')::int::bigint, (t.state = 'cancelled')::int::bigint,
        (t.state IN ('waiting', 'called', 'serving'))::int::bigint,
        (t.called_at IS NOT NULL)::int::bigint,
        coalesce (t.called_at - t.issued_at, 0),
        CASE WHEN t.state = 'finished' THEN coalesce (coalesce (t.finished_at, 0) - t.started_at, 0) ELSE 0 END,
        (t.state = 'finished' AND t.started_at IS NOT NULL)::int::bigint,
        (r.id IS NOT NULL AND NOT r.is_default)::int::bigint,
        (r.id IS NOT NULL AND r.is_default)::int::bigint,
        (r.id IS NOT NULL AND NOT r.is_default AND r.excluded)::int::bigint,
        (r.id IS NOT NULL AND NOT r.is_default AND NOT r.excluded AND r.level >= 3)::int::bigint,
        (r.id IS NOT NULL AND NOT r.is_default AND NOT r.excluded AND r.level <= 2)::int::bigint,
        CASE WHEN t.called_at IS NOT NULL AND t.appointment_at IS NOT NULL
             THEN greatest (t.called_at - greatest (t.issued_at, t.appointment_at), 0) ELSE 0 END,
        (t.called_at IS NOT NULL AND t.appointment_at IS NOT NULL)::int::bigint,
        (t.called_at IS NOT NULL AND target > 0 AND t.called_at - t.issued_at <= target)::int::bigint)::county.day_figure
$$;

-- The target wait of hall HALL's category CODE now (0: none, or no such category).
CREATE FUNCTION county.target_of (p_hall text, p_code text) RETURNS integer
    LANGUAGE sql STABLE AS $$
    SELECT coalesce ((SELECT target_wait FROM county.category WHERE hall = p_hall AND code = p_code), 0)
$$;

-- What case S adds to day_case (its hall NULL: nothing, no ticket).
CREATE FUNCTION county.case_figure (s county.service_case) RETURNS county.day_case
    LANGUAGE sql IMMUTABLE AS $$
    SELECT ROW (CASE WHEN s.ticket_day IS NOT NULL THEN s.hall END, s.ticket_day, s.ticket_category, 1::bigint,
        (s.state = 'closed')::int::bigint,
        (NOT (s.closed_at IS NULL AND (s.contacted_at IS NULL OR s.rectified_at IS NULL))
         AND (coalesce (s.contacted_at, s.closed_at) >= s.contact_due
              OR coalesce (s.rectified_at, s.closed_at) >= s.rectify_due))::int::bigint,
        (s.kind = 'rating' AND NOT coalesce (s.rating_excluded, false) AND NOT s.anonymous)::int::bigint,
        (s.kind = 'rating' AND NOT coalesce (s.rating_excluded, false) AND NOT s.anonymous
         AND s.verdict_source IS NOT NULL)::int::bigint)::county.day_case
$$;

-- Ticket T's visit rating, or NULL.
CREATE FUNCTION county.visit_rating (t county.ticket) RETURNS county.rating
    LANGUAGE sql STABLE AS $$
    SELECT r FROM county.rating r WHERE r.hall = t.hall AND r.ticket = t.id AND r.round = 1
        AND r.step IS NOT DISTINCT FROM t.journey_current ORDER BY r.id LIMIT 1
$$;

-- Adds N - O (either NULL: nothing) to day_figure's row HALL, DAY, CATEGORY.
CREATE FUNCTION county.figure_add (p_hall text, p_day date, p_category text, o county.day_figure,
                                   n county.day_figure) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO county.day_figure AS f VALUES (p_hall, p_day, p_category,
        coalesce (n.issued, 0) - coalesce (o.issued, 0), coalesce (n.served, 0) - coalesce (o.served, 0),
        coalesce (n.noshow, 0) - coalesce (o.noshow, 0), coalesce (n.expired, 0) - coalesce (o.expired, 0),
        coalesce (n.cancelled, 0) - coalesce (o.cancelled, 0), coalesce (n.active, 0) - coalesce (o.active, 0),
        coalesce (n.called, 0) - coalesce (o.called, 0), coalesce (n.wait_sum, 0) - coalesce (o.wait_sum, 0),
        coalesce (n.service_sum, 0) - coalesce (o.service_sum, 0),
        coalesce (n.service_count, 0) - coalesce (o.service_count, 0),
        coalesce (n.given, 0) - coalesce (o.given, 0), coalesce (n.defaults, 0) - coalesce (o.defaults, 0),
        coalesce (n.excluded, 0) - coalesce (o.excluded, 0), coalesce (n.good, 0) - coalesce (o.good, 0),
        coalesce (n.bad, 0) - coalesce (o.bad, 0),
        coalesce (n.appointment_wait_sum, 0) - coalesce (o.appointment_wait_sum, 0),
        coalesce (n.appointment_called, 0) - coalesce (o.appointment_called, 0),
        coalesce (n.target_in, 0) - coalesce (o.target_in, 0))
    ON CONFLICT (hall, day, category) DO UPDATE SET
        issued = f.issued + excluded.issued, served = f.served + excluded.served,
        noshow = f.noshow + excluded.noshow, expired = f.expired + excluded.expired,
        cancelled = f.cancelled + excluded.cancelled, active = f.active + excluded.active,
        called = f.called + excluded.called, wait_sum = f.wait_sum + excluded.wait_sum,
        service_sum = f.service_sum + excluded.service_sum, service_count = f.service_count + excluded.service_count,
        given = f.given + excluded.given, defaults = f.defaults + excluded.defaults,
        excluded = f.excluded + excluded.excluded, good = f.good + excluded.good, bad = f.bad + excluded.bad,
        appointment_wait_sum = f.appointment_wait_sum + excluded.appointment_wait_sum,
        appointment_called = f.appointment_called + excluded.appointment_called,
        target_in = f.target_in + excluded.target_in;
END $$;

-- Adds DELTA to the wait bucket of wait W (NULL: not called) of the row
-- HALL, DAY, CATEGORY.
CREATE FUNCTION county.bucket_add (p_hall text, p_day date, p_category text, w bigint, delta integer)
    RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF w IS NOT NULL THEN
        INSERT INTO county.wait_bucket AS b VALUES (p_hall, p_day, p_category, w / 300, delta)
            ON CONFLICT (hall, day, category, bucket) DO UPDATE SET n = b.n + excluded.n;
    END IF;
END $$;

-- Adds SIGN times C to its row of day_case.
CREATE FUNCTION county.case_add (c county.day_case, sign integer) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO county.day_case AS d VALUES (c.hall, c.day, c.category, sign * c.opened, sign * c.closed,
        sign * c.overdue, sign * c.bad, sign * c.revisited)
    ON CONFLICT (hall, day, category) DO UPDATE SET opened = d.opened + excluded.opened,
        closed = d.closed + excluded.closed, overdue = d.overdue + excluded.overdue, bad = d.bad + excluded.bad,
        revisited = d.revisited + excluded.revisited;
END $$;

-- A ticket's contribution changed from O (wait OW) to N (wait NW); either
-- NULL: no ticket.
CREATE FUNCTION county.figure_change (o county.day_figure, ow bigint, n county.day_figure, nw bigint)
    RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF o.hall IS NOT NULL AND n.hall IS NOT NULL
       AND (o.hall, o.day, o.category) IS NOT DISTINCT FROM (n.hall, n.day, n.category) THEN
        IF o IS DISTINCT FROM n THEN
            PERFORM county.figure_add (n.hall, n.day, n.category, o, n);
        END IF;
        IF ow / 300 IS DISTINCT FROM nw / 300 THEN
            PERFORM county.bucket_add (o.hall, o.day, o.category, ow, -1);
            PERFORM county.bucket_add (n.hall, n.day, n.category, nw, 1);
        END IF;
        RETURN;
    END IF;
    IF o.hall IS NOT NULL THEN
        PERFORM county.figure_add (o.hall, o.day, o.category, o, NULL);
        PERFORM county.bucket_add (o.hall, o.day, o.category, ow, -1);
    END IF;
    IF n.hall IS NOT NULL THEN
        PERFORM county.figure_add (n.hall, n.day, n.category, NULL, n);
        PERFORM county.bucket_add (n.hall, n.day, n.category, nw, 1);
    END IF;
END $$;

-- day_figure.target_in of hall P_HALL's category P_CODE, every day, from
-- the tickets and the category's target now.
CREATE FUNCTION county.retarget (p_hall text, p_code text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    target integer := county.target_of (p_hall, p_code);
BEGIN
    UPDATE county.day_figure f SET target_in = coalesce (w.n, 0)
        FROM county.day_figure g LEFT JOIN (
            SELECT x.day, count(*) AS n FROM county.ticket x
            WHERE x.hall = p_hall AND x.category = p_code AND x.called_at IS NOT NULL AND target > 0
              AND (x.called_at - x.issued_at) / 300 <= target / 300 AND x.called_at - x.issued_at <= target
            GROUP BY x.day) w ON w.day = g.day
        WHERE g.hall = p_hall AND g.category = p_code AND (f.hall, f.day, f.category) = (g.hall, g.day, g.category)
          AND f.target_in <> coalesce (w.n, 0);
END $$;

-- ---- the triggers -------------------------------------------------------------
-- SECURITY DEFINER (the owner's): the halls' roles write their rows, the
-- figures are the owner's (they may not write them, nor read others').

CREATE FUNCTION county.ticket_changed () RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = county, pg_temp AS $$
DECLARE
    o county.day_figure;
    n county.day_figure;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        o := county.ticket_figure (OLD, county.visit_rating (OLD), county.target_of (OLD.hall, OLD.category));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        n := county.ticket_figure (NEW, county.visit_rating (NEW), county.target_of (NEW.hall, NEW.category));
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM county.figure_change (NULL, NULL, n, NEW.called_at - NEW.issued_at);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM county.figure_change (o, OLD.called_at - OLD.issued_at, NULL, NULL);
    ELSE
        PERFORM county.figure_change (o, OLD.called_at - OLD.issued_at, n, NEW.called_at - NEW.issued_at);
    END IF;
    -- The cases' copy of the ticket's day and category.
    IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR (OLD.hall, OLD.id) IS DISTINCT FROM (NEW.hall, NEW.id)) THEN
        UPDATE county.service_case SET ticket_day = NULL, ticket_category = NULL
            WHERE hall = OLD.hall AND ticket = OLD.id AND ticket_day IS NOT NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE county.service_case SET ticket_day = NEW.day, ticket_category = NEW.category
            WHERE hall = NEW.hall AND ticket = NEW.id
              AND (ticket_day, ticket_category) IS DISTINCT FROM (NEW.day, NEW.category);
    END IF;
    RETURN NULL;
END $$;

-- A rating is a ticket's visit rating when it is round 1 of the step the
-- ticket ended at: its change is the change of that ticket's contribution.
CREATE FUNCTION county.rating_changed () RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = county, pg_temp AS $$
DECLARE
    t county.ticket;
    b county.rating;
    a county.rating;
    target integer;
    key record;
BEGIN
    FOR key IN SELECT DISTINCT k.hall, k.ticket FROM (VALUES (OLD.hall, OLD.ticket), (NEW.hall, NEW.ticket)) k (hall, ticket)
               WHERE k.hall IS NOT NULL LOOP
        SELECT * INTO t FROM county.ticket WHERE hall = key.hall AND id = key.ticket;
        CONTINUE WHEN NOT FOUND;
        b := NULL;
        a := NULL;
        IF TG_OP <> 'INSERT' AND OLD.hall = t.hall AND OLD.ticket = t.id AND OLD.round = 1
           AND OLD.step IS NOT DISTINCT FROM t.journey_current THEN
            b := OLD;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.hall = t.hall AND NEW.ticket = t.id AND NEW.round = 1
           AND NEW.step IS NOT DISTINCT FROM t.journey_current THEN
            a := NEW;
        END IF;
        IF b.id IS NOT NULL OR a.id IS NOT NULL THEN
            target := county.target_of (t.hall, t.category);
            PERFORM county.figure_change (county.ticket_figure (t, b, target), NULL,
                                          county.ticket_figure (t, a, target), NULL);
        END IF;
    END LOOP;
    -- The cases of the rating: its excluded.
    IF TG_OP <> 'UPDATE' OR (OLD.hall, OLD.id, OLD.excluded) IS DISTINCT FROM (NEW.hall, NEW.id, NEW.excluded) THEN
        UPDATE county.service_case s SET rating_excluded = r.excluded
            FROM (VALUES (OLD.hall, OLD.id), (NEW.hall, NEW.id)) k (hall, id)
            LEFT JOIN county.rating r ON r.hall = k.hall AND r.id = k.id
            WHERE s.hall = k.hall AND s.rating = k.id AND s.rating_excluded IS DISTINCT FROM r.excluded;
    END IF;
    RETURN NULL;
END $$;

-- Before a case is written: its ticket's day and category, its rating's
-- excluded, as they are now.
CREATE FUNCTION county.case_ticket () RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = county, pg_temp AS $$
BEGIN
    SELECT day, category INTO NEW.ticket_day, NEW.ticket_category
        FROM county.ticket WHERE hall = NEW.hall AND id = NEW.ticket;
    SELECT excluded INTO NEW.rating_excluded FROM county.rating WHERE hall = NEW.hall AND id = NEW.rating;
    RETURN NEW;
END $$;

-- After: its figures move from the old row's to the new row's.
CREATE FUNCTION county.case_changed () RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = county, pg_temp AS $$
DECLARE
    o county.day_case;
    n county.day_case;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        o := county.case_figure (OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        n := county.case_figure (NEW);
    END IF;
    IF o IS NOT DISTINCT FROM n THEN
        RETURN NULL;
    END IF;
    IF o.hall IS NOT NULL THEN
        PERFORM county.case_add (o, -1);
    END IF;
    IF n.hall IS NOT NULL THEN
        PERFORM county.case_add (n, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION county.booking_changed () RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = county, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.hall, OLD.day, OLD.category, OLD.state)
                            IS NOT DISTINCT FROM (NEW.hall, NEW.day, NEW.category, NEW.state) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO county.day_booking AS b VALUES (OLD.hall, OLD.day, OLD.category, OLD.state, -1)
            ON CONFLICT (hall, day, category, state) DO UPDATE SET n = b.n + excluded.n;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO county.day_booking AS b VALUES (NEW.hall, NEW.day, NEW.category, NEW.state, 1)
            ON CONFLICT (hall, day, category, state) DO UPDATE SET n = b.n + excluded.n;
    END IF;
    RETURN NULL;
END $$;

-- A category's target wait is service_level's as it is now: when it
-- changes (or the category comes or goes), its tickets' target_in, every
-- day of them, counted again (from the index ticket_wait).
CREATE FUNCTION county.category_changed () RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = county, pg_temp AS $$
DECLARE
    key record;
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.hall, OLD.code, OLD.target_wait) IS NOT DISTINCT FROM (NEW.hall, NEW.code, NEW.target_wait) THEN
        RETURN NULL;
    END IF;
    FOR key IN SELECT DISTINCT k.hall, k.code FROM (VALUES (OLD.hall, OLD.code), (NEW.hall, NEW.code)) k (hall, code)
               WHERE k.hall IS NOT NULL LOOP
        PERFORM county.retarget (key.hall, key.code);
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER figures AFTER INSERT OR UPDATE OR DELETE ON county.category
    FOR EACH ROW EXECUTE FUNCTION county.category_changed ();

CREATE TRIGGER figures AFTER INSERT OR UPDATE OR DELETE ON county.ticket
    FOR EACH ROW EXECUTE FUNCTION county.ticket_changed ();
CREATE TRIGGER figures AFTER INSERT OR UPDATE OR DELETE ON county.rating
    FOR EACH ROW EXECUTE FUNCTION county.rating_changed ();
CREATE TRIGGER copies BEFORE INSERT OR UPDATE ON county.service_case
    FOR EACH ROW EXECUTE FUNCTION county.case_ticket ();
CREATE TRIGGER figures AFTER INSERT OR UPDATE OR DELETE ON county.service_case
    FOR EACH ROW EXECUTE FUNCTION county.case_changed ();
CREATE TRIGGER figures AFTER INSERT OR UPDATE OR DELETE ON county.booking
    FOR EACH ROW EXECUTE FUNCTION county.booking_changed ();

-- ---- the rebuild ----------------------------------------------------------------

-- The figures of hall P_HALL (NULL: every hall) rebuilt from the rows: for
-- this migration, and for a bulk load that wrote the rows with the
-- triggers off (hall-county load).
CREATE FUNCTION county.refigure (p_hall text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql SET search_path = county, pg_temp SET work_mem = '256MB' AS $$
BEGIN
    DELETE FROM county.day_figure WHERE p_hall IS NULL OR hall = p_hall;
    DELETE FROM county.wait_bucket WHERE p_hall IS NULL OR hall = p_hall;
    DELETE FROM county.day_booking WHERE p_hall IS NULL OR hall = p_hall;
    INSERT INTO county.day_figure
        SELECT (f).hall, (f).day, (f).category, sum ((f).issued), sum ((f).served), sum ((f).noshow),
               sum ((f).expired), sum ((f).cancelled), sum ((f).active), sum ((f).called), sum ((f).wait_sum),
               sum ((f).service_sum), sum ((f).service_count), sum ((f).given), sum ((f).defaults),
               sum ((f).excluded), sum ((f).good), sum ((f).bad), sum ((f).appointment_wait_sum),
               sum ((f).appointment_called), sum ((f).target_in)
        FROM (SELECT county.ticket_figure (t, r, coalesce (c.target_wait, 0)) AS f
              FROM county.ticket t LEFT JOIN county.rating r ON r.hall = t.hall AND r.ticket = t.id
                   AND r.round = 1 AND r.step IS NOT DISTINCT FROM t.journey_current
              LEFT JOIN county.category c ON c.hall = t.hall AND c.code = t.category
              WHERE p_hall IS NULL OR t.hall = p_hall OFFSET 0) s
        GROUP BY 1, 2, 3;
    INSERT INTO county.wait_bucket
        SELECT hall, day, category, (called_at - issued_at) / 300, count(*) FROM county.ticket
        WHERE called_at IS NOT NULL AND (p_hall IS NULL OR hall = p_hall) GROUP BY 1, 2, 3, 4;
    INSERT INTO county.day_booking
        SELECT hall, day, category, state, count(*) FROM county.booking
        WHERE p_hall IS NULL OR hall = p_hall GROUP BY 1, 2, 3, 4;
    UPDATE county.service_case s SET ticket_day = c.day, ticket_category = c.category, rating_excluded = c.excluded
        FROM (SELECT s.hall, s.id, t.day, t.category, r.excluded FROM county.service_case s
              LEFT JOIN county.ticket t ON t.hall = s.hall AND t.id = s.ticket
              LEFT JOIN county.rating r ON r.hall = s.hall AND r.id = s.rating
              WHERE p_hall IS NULL OR s.hall = p_hall) c
        WHERE s.hall = c.hall AND s.id = c.id
        AND (s.ticket_day, s.ticket_category, s.rating_excluded) IS DISTINCT FROM (c.day, c.category, c.excluded);
    DELETE FROM county.day_case WHERE p_hall IS NULL OR hall = p_hall;
    INSERT INTO county.day_case
        SELECT (f).hall, (f).day, (f).category, sum ((f).opened), sum ((f).closed), sum ((f).overdue),
               sum ((f).bad), sum ((f).revisited)
        FROM (SELECT county.case_figure (s) AS f FROM county.service_case s
              WHERE p_hall IS NULL OR s.hall = p_hall OFFSET 0) c
        WHERE (f).hall IS NOT NULL GROUP BY 1, 2, 3;
END $$;

-- Read by the readers; written by the owner's triggers alone (no grant
-- to county_hall).  Under row-level security as every table of a hall's
-- rows: the readers see all.
GRANT SELECT ON county.day_figure, county.wait_bucket, county.day_booking, county.day_case TO county_reader;
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['day_figure', 'wait_bucket', 'day_booking', 'day_case'] LOOP
        EXECUTE format ('ALTER TABLE county.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format ('CREATE POLICY reader ON county.%I FOR SELECT TO county_reader USING (true)', t);
    END LOOP;
END $$;
REVOKE ALL ON FUNCTION county.refigure (text) FROM PUBLIC;

SELECT county.refigure ();

UPDATE county.meta SET value = '3' WHERE key = 'schema_version';
