-- County schema, version 1 (issue 19): every town hall and village point
-- of the county in one PostgreSQL 15 database.
--
-- Each hall's own hall-server stays the source of truth for the hall.  Its
-- hall-uplink reads the hall's event log (`events.read`, docs/PROTOCOL.md)
-- and writes here, one PostgreSQL transaction per page of events: the
-- events themselves (unique on hall and seq), the current rows of what
-- they touched (tickets, ratings, cases, bookings; the hall's categories,
-- windows and staff), and the hall's new position (county.hall.last_seq).
-- The rows are the hall's own, not re-derived here: the hall's server
-- already applied its rules once, so the county cannot count differently.
--
-- Roles (docs/OPERATIONS.md, "The county"):
--   county_owner   owns the schema, runs `hall-county migrate`
--   county_hall    group of the halls' login roles: may insert, update
--                  and read its own hall's rows only (row-level security)
--   county_reader  group of dashboards and BI tools: reads everything
-- A hall's login role is named in county.hall.db_role (`hall-county
-- enroll`).  No personal data comes here: no visitor's ID number, name or
-- phone number, no free text; staff by id and name.
--
-- Times are the hall's clock, unix seconds (bigint), as in the hall's
-- database; days are the hall's local days.

CREATE SCHEMA IF NOT EXISTS county;

-- The schema's version (hall-county migrate applies what is missing).
CREATE TABLE county.meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- The halls, from the county's configuration (hall-county enroll).
CREATE TABLE county.hall (
    id            text PRIMARY KEY CHECK (id ~ '^[0-9A-Za-z_-]{1,32}$'),  -- the hall's county id
    name          text NOT NULL,                 -- '城关镇便民服务中心'
    level         text NOT NULL DEFAULT 'town' CHECK (level IN ('county', 'town', 'village')),
    parent        text REFERENCES county.hall (id),  -- the town of a village point
    db_role       name NOT NULL UNIQUE,          -- the login role its hall-uplink uses
    enrolled_at   timestamptz NOT NULL DEFAULT now(),
    -- Written by the hall's uplink:
    hall_name     text,                          -- the name in the hall's own configuration
    area_code     text,                          -- its 区划代码
    timezone      text,                          -- its time zone ('Asia/Shanghai')
    last_seq      bigint NOT NULL DEFAULT 0,     -- the last event of the hall held here
    last_event_at bigint,                        -- that event's time (hall clock)
    hall_seq      bigint,                        -- the hall's own last event when last asked
    hall_time     bigint,                        -- the hall's clock then
    hall_day      date,                          -- the hall's day then
    seen_at       timestamptz                    -- the county's clock then (link state)
);

-- The event log of every hall, as the hall's `event` table holds it.
CREATE TABLE county.event (
    hall     text NOT NULL REFERENCES county.hall (id),
    seq      bigint NOT NULL,                    -- the hall's seq: exactly once per hall
    time     bigint NOT NULL,
    type     text NOT NULL,                      -- 'ticket.issued', …
    ticket   bigint,                             -- county.ticket.id of the same hall
    number   text,
    category text,
    "window" integer,
    clerk    text,
    detail   jsonb,
    PRIMARY KEY (hall, seq)
);

-- The hall's categories, with their department (事项 of category_item).
CREATE TABLE county.category (
    hall            text NOT NULL REFERENCES county.hall (id),
    code            text NOT NULL,
    name            text NOT NULL,
    name_en         text NOT NULL DEFAULT '',
    department      text,                        -- 科室/部门, or NULL
    department_code text,
    target_wait     integer NOT NULL DEFAULT 0,  -- seconds; 0 = none
    position        integer NOT NULL DEFAULT 0,
    open            boolean NOT NULL DEFAULT true,
    PRIMARY KEY (hall, code)
);

-- The hall's windows now: open = a clerk signed in and not paused.
CREATE TABLE county.service_window (
    hall       text NOT NULL REFERENCES county.hall (id),
    number     integer NOT NULL,
    name       text NOT NULL,
    green      boolean NOT NULL DEFAULT false,
    paused     boolean NOT NULL DEFAULT false,
    clerk      text,
    categories text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (hall, number)
);

-- Staff: id and name only.
CREATE TABLE county.staff (
    hall     text NOT NULL REFERENCES county.hall (id),
    id       text NOT NULL,
    name     text NOT NULL,
    role     text NOT NULL DEFAULT 'clerk',
    disabled boolean NOT NULL DEFAULT false,
    PRIMARY KEY (hall, id)
);

-- Tickets, as the hall's `ticket` rows (no person, phone or token).
CREATE TABLE county.ticket (
    hall            text NOT NULL REFERENCES county.hall (id),
    id              bigint NOT NULL,             -- the hall's ticket.id
    day             date NOT NULL,
    number          text NOT NULL,               -- per hall and day: 'A001'
    category        text NOT NULL,
    state           text NOT NULL,               -- waiting called serving finished noshow cancelled expired
    green           boolean NOT NULL DEFAULT false,
    issued_at       bigint NOT NULL,
    queued_at       bigint,
    called_at       bigint,
    started_at      bigint,
    finished_at     bigint,
    "window"        integer,
    clerk           text,
    calls           integer NOT NULL DEFAULT 0,
    requeues        integer NOT NULL DEFAULT 0,
    transfers       integer NOT NULL DEFAULT 0,
    appointment_at  bigint,
    journey         text,
    journey_current integer,
    PRIMARY KEY (hall, id)
);
CREATE INDEX ticket_day ON county.ticket (day, hall);
CREATE INDEX ticket_active ON county.ticket (hall, category) WHERE state IN ('waiting', 'called', 'serving');

-- Ratings (no free text).
CREATE TABLE county.rating (
    hall       text NOT NULL REFERENCES county.hall (id),
    id         bigint NOT NULL,
    ticket     bigint NOT NULL,
    step       integer,
    round      integer NOT NULL DEFAULT 1,
    category   text NOT NULL,
    "window"   integer,
    clerk      text,
    level      integer NOT NULL CHECK (level BETWEEN 1 AND 5),
    reasons    jsonb NOT NULL DEFAULT '[]',
    is_default boolean NOT NULL DEFAULT false,
    excluded   boolean NOT NULL DEFAULT false,
    channel    text NOT NULL,
    time       bigint NOT NULL,
    PRIMARY KEY (hall, id)
);
CREATE INDEX rating_ticket ON county.rating (hall, ticket);

-- Follow-up cases (no phone number, no link token).
CREATE TABLE county.service_case (
    hall           text NOT NULL REFERENCES county.hall (id),
    id             bigint NOT NULL,
    kind           text NOT NULL,                -- 'rating' or 'complaint'
    ticket         bigint NOT NULL,
    rating         bigint,
    category       text NOT NULL,
    "window"       integer,
    clerk          text,
    state          text NOT NULL,
    opened_at      bigint NOT NULL,
    contact_due    bigint NOT NULL,
    rectify_due    bigint NOT NULL,
    contacted_at   bigint,
    rectified_at   bigint,
    revisited_at   bigint,
    verdict_at     bigint,
    closed_at      bigint,
    anonymous      boolean NOT NULL DEFAULT false,
    verdict_source text,
    PRIMARY KEY (hall, id)
);
CREATE INDEX service_case_ticket ON county.service_case (hall, ticket);
CREATE INDEX service_case_open ON county.service_case (hall) WHERE state <> 'closed';

-- Appointments (no code, person, name or phone).
CREATE TABLE county.booking (
    hall          text NOT NULL REFERENCES county.hall (id),
    id            bigint NOT NULL,
    category      text NOT NULL,
    day           date NOT NULL,
    slot_start    integer NOT NULL,              -- minutes of the day
    slot_end      integer NOT NULL,
    state         text NOT NULL,                 -- booked cancelled checked_in noshow
    channel       text NOT NULL,
    created_at    bigint NOT NULL,
    cancelled_at  bigint,
    checked_in_at bigint,
    ticket        bigint,
    PRIMARY KEY (hall, id)
);
CREATE INDEX booking_day ON county.booking (day, hall);

-- The hall a login role writes for (NULL for any other role).  SECURITY
-- DEFINER: a hall's role cannot read county.hall beyond its own row.
CREATE FUNCTION county.my_hall () RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = county, pg_temp
    AS $$ SELECT id FROM county.hall WHERE db_role = session_user $$;

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'county_hall') THEN
        CREATE ROLE county_hall NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'county_reader') THEN
        CREATE ROLE county_reader NOLOGIN;
    END IF;
END $$;

GRANT USAGE ON SCHEMA county TO county_hall, county_reader;
GRANT EXECUTE ON FUNCTION county.my_hall () TO county_hall, county_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA county TO county_reader;
GRANT SELECT ON county.meta TO county_hall;
GRANT SELECT, UPDATE (hall_name, area_code, timezone, last_seq, last_event_at, hall_seq, hall_time,
                      hall_day, seen_at) ON county.hall TO county_hall;
GRANT SELECT, INSERT ON county.event TO county_hall;
GRANT SELECT, INSERT, UPDATE, DELETE ON county.category, county.service_window, county.staff
    TO county_hall;
GRANT SELECT, INSERT, UPDATE ON county.ticket, county.rating, county.service_case, county.booking
    TO county_hall;

-- Row-level security: a hall's role sees and writes its own rows only;
-- readers see all.  The owner (county_owner) is not subject to it.
ALTER TABLE county.hall ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON county.hall TO county_hall USING (db_role = session_user);
CREATE POLICY reader ON county.hall FOR SELECT TO county_reader USING (true);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['event', 'category', 'service_window', 'staff', 'ticket', 'rating',
                             'service_case', 'booking'] LOOP
        EXECUTE format ('ALTER TABLE county.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format ('CREATE POLICY own ON county.%I TO county_hall'
                        ' USING (hall = county.my_hall ()) WITH CHECK (hall = county.my_hall ())', t);
        EXECUTE format ('CREATE POLICY reader ON county.%I FOR SELECT TO county_reader USING (true)', t);
    END LOOP;
END $$;

INSERT INTO county.meta (key, value) VALUES ('schema_version', '1');
