/*  it-county-tool.c — hall-county (docs/COUNTY.md) against a real
 *  PostgreSQL 15 (tests/lib/pg): migrate applies the schema and is a no-op
 *  the second time; enroll makes a hall's login role and row, and refuses
 *  a hall enrolled already; halls shows the links; report's figures
 *  (docs/METRICS.md) over two halls' rows written here by hand, where
 *  every number is known by construction (as tests/unit/test-report.c
 *  does for a hall), by hall, department, category and month; CSV carries
 *  the same numbers, PDF is written; load makes the rows the uplinks
 *  would, the same for the same seed, once.  And the goal itself: a hall's
 *  own report (its engine, in-process, over random rows of every kind)
 *  and the county's over the same rows copied are equal, figure for
 *  figure.
 *
 *  One server for the suite.  Each test starts with what it needs
 *  (s_migrated, s_enrolled, s_loaded: each done once), so any one of them
 *  can run alone (-p).  hall-county runs as the owner or as a reader, the
 *  password in PGPASSWORD, never on its command line.
 */
#include "pg-harness.h"
#include "engine-fixture.h"
#include "county-db.h"
#include "county-report.h"
#include "report.h"
#include "store.h"

#include <glib/gstdio.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static pg_t *s_pg;

typedef struct {
    int   status;              /* exit status */
    char *out, *err;
} run_t;

static void
s_run_clear (run_t *run)
{
    g_free (run->out);
    g_free (run->err);
}

/* Runs hall-county as USER with PASSWORD and the arguments that follow,
 * NULL-terminated. */
static run_t
s_tool (const char *user, const char *password, ...)
{
    const char *build = g_getenv ("HALL_BUILD");
    g_autofree char *tool = g_build_filename (build && *build ? build : "build", "hall-county", NULL);
    g_autofree char *conninfo = pg_conninfo (s_pg, user, NULL);
    GPtrArray *argv = g_ptr_array_new ();
    g_ptr_array_add (argv, tool);
    g_ptr_array_add (argv, "--db");
    g_ptr_array_add (argv, conninfo);
    va_list ap;
    va_start (ap, password);
    for (const char *arg; (arg = va_arg (ap, const char *));)
        g_ptr_array_add (argv, (char *) arg);
    va_end (ap);
    g_ptr_array_add (argv, NULL);
    char **env = g_get_environ ();
    env = g_environ_setenv (env, "PGPASSWORD", password, TRUE);
    env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
    run_t run = { 0 };
    GError *error = NULL;
    int wait = 0;
    g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &run.out, &run.err, &wait,
                  &error);
    g_assert_no_error (error);
    run.status = WIFEXITED (wait) ? WEXITSTATUS (wait) : 128;
    g_strfreev (env);
    g_ptr_array_free (argv, TRUE);
    return run;
}

#define OWNER(...)  s_tool (PG_OWNER, PG_OWNER_PASSWORD, __VA_ARGS__, NULL)
#define READER(...) s_tool ("reader", "pw-reader", __VA_ARGS__, NULL)

static void
s_assert_ok (run_t *run)
{
    if (run->status != 0)
        g_error ("hall-county exited %d: %s", run->status, run->err);
}

/* ---- what the tests start from ----------------------------------------------- */

/* The owner, as the county makes it (OPERATIONS): LOGIN, CREATEROLE, CREATE
 * on the database. */
static void
s_owner (void)
{
    static bool done;
    if (done)
        return;
    pg_exec (s_pg, "CREATE ROLE " PG_OWNER " LOGIN CREATEROLE PASSWORD '" PG_OWNER_PASSWORD "';"
                   "GRANT CREATE ON DATABASE county TO " PG_OWNER);
    done = true;
}

static bool s_is_migrated;

/* The reader's role, once county_reader exists. */
static void
s_reader (void)
{
    pg_exec (s_pg, "CREATE ROLE reader LOGIN PASSWORD 'pw-reader' IN ROLE county_reader");
}

static void
s_migrated (void)
{
    if (s_is_migrated)
        return;
    s_owner ();
    run_t run = OWNER ("migrate");
    s_assert_ok (&run);
    s_run_clear (&run);
    s_reader ();
    s_is_migrated = true;
}

static void
s_enrolled (void)
{
    static bool done;
    if (done)
        return;
    s_migrated ();
    run_t a = OWNER ("enroll", "a", "--name", "甲镇便民服务中心");
    s_assert_ok (&a);
    run_t b = OWNER ("enroll", "b", "--name", "乙村代办点", "--level", "village", "--parent", "a");
    s_assert_ok (&b);
    s_run_clear (&a);
    s_run_clear (&b);
    done = true;
}

/* Two halls' rows, as their uplinks would have written them.  Days are
 * 2026-11-26 and 2026-12-01 (Asia/Shanghai): midnights M26 = 1795622400,
 * M01 = 1796054400.  Tickets of 11-26 are issued from I = M26 + 9 h =
 * 1795654800, those of 12-01 from J = M01 + 9 h = 1796086800; both halls'
 * clocks (hall_time, "now") are M01 + 12 h = 1796097600; the cases open at
 * T = M26 + 10 h = 1795658400.
 *
 *   hall a, c1 户籍 (公安, target 600 s), c2 社保 (no department, no target)
 *     a1 11-26 c1 finished  wait 100  service 200   rated 5 (and a step-1 rating: not the visit's)
 *     a2 11-26 c1 finished  wait 700  service 400   rated 1: case, contacted in time, not rectified
 *                                                   by its due (overdue), the visitor's verdict
 *     a3 11-26 c2 noshow    wait 50                 complaint, contacted late (overdue), closed
 *     a4 11-26 c2 cancelled
 *     a5 12-01 c1 waiting
 *     a6 12-01 c1 finished  wait 300  service 100   appointment: slot start J+160, called J+360
 *                                                   (its wait 200); default rating
 *     bookings: 11-26 c1 checked in, 11-26 c2 no-show, 12-01 c1 cancelled, 12-01 c1 booked,
 *               12-02 c1 (outside every range here)
 *     signed in: window 3 11-25 23:30 .. 11-26 00:30 (1800 s in range), window 1 09:00 .. 10:00
 *               (3600 s), window 2 from 12-01 09:00, still signed in at 12:00 (10800 s)
 *   hall b, c1 户籍办理 (公安, target 300 s)
 *     b1 11-26 c1 finished  wait 200  service 300   rated 2, excluded by an appeal; its case
 *     b2 11-26 c1 expired   wait 400 (called, never served)
 *     b3 12-01 c1 finished  wait 250  not started   rated 4 (and a second rating, round 2: not
 *                                                   counted); an anonymous case
 *     bookings: 11-26 c1 checked in
 *     signed in: window 1 08:00, again 09:00 (closes the first: 3600 s), out 11:00 (7200 s)
 */
static void
s_loaded (void)
{
    static bool done;
    if (done)
        return;
    s_enrolled ();
    pg_exec (s_pg,
        "UPDATE county.hall SET timezone = 'Asia/Shanghai', hall_time = 1796097600, hall_day = '2026-12-01',"
        " last_seq = 6, seen_at = now () WHERE id IN ('a', 'b');"
        "INSERT INTO county.category (hall, code, name, department, target_wait) VALUES"
        " ('a', 'c1', '户籍', '公安', 600), ('a', 'c2', '社保', NULL, 0), ('b', 'c1', '户籍办理', '公安', 300);"
        "INSERT INTO county.ticket (hall, id, day, number, category, state, issued_at, called_at, started_at,"
        " finished_at, appointment_at) VALUES"
        " ('a', 1, '2026-11-26', 'A001', 'c1', 'finished', 1795654800, 1795654900, 1795654910, 1795655110, NULL),"
        " ('a', 2, '2026-11-26', 'A002', 'c1', 'finished', 1795654860, 1795655560, 1795655570, 1795655970, NULL),"
        " ('a', 3, '2026-11-26', 'B001', 'c2', 'noshow', 1795654920, 1795654970, NULL, NULL, NULL),"
        " ('a', 4, '2026-11-26', 'B002', 'c2', 'cancelled', 1795654980, NULL, NULL, NULL, NULL),"
        " ('a', 5, '2026-12-01', 'A001', 'c1', 'waiting', 1796086800, NULL, NULL, NULL, NULL),"
        " ('a', 6, '2026-12-01', 'A002', 'c1', 'finished', 1796086860, 1796087160, 1796087170, 1796087270,"
        "  1796086960),"
        " ('b', 1, '2026-11-26', 'A001', 'c1', 'finished', 1795654800, 1795655000, 1795655010, 1795655310, NULL),"
        " ('b', 2, '2026-11-26', 'A002', 'c1', 'expired', 1795654860, 1795655260, NULL, NULL, NULL),"
        " ('b', 3, '2026-12-01', 'A001', 'c1', 'finished', 1796086800, 1796087050, NULL, 1796087400, NULL);"
        "INSERT INTO county.rating (hall, id, ticket, step, round, category, level, is_default, excluded,"
        " channel, time) VALUES"
        " ('a', 1, 1, NULL, 1, 'c1', 5, false, false, 'pad', 1795655200),"
        " ('a', 2, 2, NULL, 1, 'c1', 1, false, false, 'pad', 1795656000),"
        " ('a', 3, 6, NULL, 1, 'c1', 3, true, false, 'default', 1796700000),"
        " ('a', 4, 1, 1, 1, 'c1', 1, false, false, 'pad', 1795655200),"
        " ('b', 1, 1, NULL, 1, 'c1', 2, false, true, 'pad', 1795655400),"
        " ('b', 2, 3, NULL, 1, 'c1', 4, false, false, 'pad', 1796087500),"
        " ('b', 3, 3, NULL, 2, 'c1', 1, false, false, 'phone', 1796090000);"
        "INSERT INTO county.service_case (hall, id, kind, ticket, rating, category, state, opened_at,"
        " contact_due, rectify_due, contacted_at, rectified_at, closed_at, anonymous, verdict_source) VALUES"
        " ('a', 1, 'rating', 2, 2, 'c1', 'verdict', 1795658400, 1795659400, 1795663400, 1795658900, NULL, NULL,"
        "  false, 'visitor'),"
        " ('a', 2, 'complaint', 3, NULL, 'c2', 'closed', 1795658400, 1795659400, 1795663400, 1795660400, NULL,"
        "  1795661400, false, NULL),"
        " ('b', 1, 'rating', 1, 1, 'c1', 'open', 1795658400, 1796197600, 1796297600, NULL, NULL, NULL, false, NULL),"
        " ('b', 2, 'rating', 3, 2, 'c1', 'open', 1796087500, 1796197600, 1796297600, NULL, NULL, NULL, true, NULL);"
        "INSERT INTO county.booking (hall, id, category, day, slot_start, slot_end, state, channel, created_at)"
        " VALUES"
        " ('a', 1, 'c1', '2026-11-26', 540, 570, 'checked_in', 'phone', 1795500000),"
        " ('a', 2, 'c2', '2026-11-26', 600, 630, 'noshow', 'phone', 1795500000),"
        " ('a', 3, 'c1', '2026-12-01', 540, 570, 'cancelled', 'phone', 1795500000),"
        " ('a', 4, 'c1', '2026-12-01', 600, 630, 'booked', 'desk', 1795500000),"
        " ('a', 5, 'c1', '2026-12-02', 540, 570, 'checked_in', 'phone', 1795500000),"
        " ('b', 1, 'c1', '2026-11-26', 540, 570, 'checked_in', 'phone', 1795500000);"
        "INSERT INTO county.event (hall, seq, time, type, \"window\", clerk) VALUES"
        " ('a', 1, 1795620600, 'clerk.signin', 3, '1003'),"
        " ('a', 2, 1795624200, 'clerk.signout', 3, '1003'),"
        " ('a', 3, 1795654800, 'clerk.signin', 1, '1001'),"
        " ('a', 4, 1795654800, 'ticket.issued', NULL, NULL),"
        " ('a', 5, 1795658400, 'clerk.signout', 1, '1001'),"
        " ('a', 6, 1796086800, 'clerk.signin', 2, '1002'),"
        " ('b', 1, 1795651200, 'clerk.signin', 1, '2001'),"
        " ('b', 2, 1795654800, 'clerk.signin', 1, '2002'),"
        " ('b', 3, 1795662000, 'clerk.signout', 1, '2002');");
    done = true;
}

/* The report as JSON, as a reader runs it: ARGS after "report --json". */
static json_t *
s_report (const char *by, const char *from, const char *to, const char *hall)
{
    run_t run = hall ? READER ("report", "--json", "--by", by, "--from", from, "--to", to, "--hall", hall)
                     : READER ("report", "--json", "--by", by, "--from", from, "--to", to);
    s_assert_ok (&run);
    json_error_t error;
    json_t *report = json_loads (run.out, 0, &error);
    if (!report)
        g_error ("not JSON (%s): %s", error.text, run.out);
    s_run_clear (&run);
    g_assert_cmpstr (json_string_value (json_object_get (report, "by")), ==, by);
    return report;
}

static json_t *
s_row (json_t *report, const char *key)
{
    if (strcmp (key, "total") == 0)
        return json_object_get (report, "totals");
    size_t i;
    json_t *row;
    json_array_foreach (json_object_get (report, "rows"), i, row)
        if (strcmp (json_string_value (json_object_get (row, "key")), key) == 0)
            return row;
    g_error ("no row %s", key);
    return NULL;
}

/* The rows' keys in order, joined by spaces. */
static char *
s_keys (json_t *report)
{
    GString *out = g_string_new (NULL);
    size_t i;
    json_t *row;
    json_array_foreach (json_object_get (report, "rows"), i, row)
        g_string_append_printf (out, "%s%s", i ? " " : "", json_string_value (json_object_get (row, "key")));
    return g_string_free (out, FALSE);
}

/* Checks the figures of ROW: "name=value" pairs; "null" for none. */
static void
s_check (json_t *row, const char *figures)
{
    char **pairs = g_strsplit (figures, " ", -1);
    for (char **pair = pairs; *pair; pair++) {
        if (!**pair)
            continue;
        char *eq = strchr (*pair, '=');
        g_assert_nonnull (eq);
        *eq = 0;
        json_t *value = json_object_get (row, *pair);
        if (!value)
            g_error ("%s: no %s", json_string_value (json_object_get (row, "key")), *pair);
        if (strcmp (eq + 1, "null") == 0) {
            if (!json_is_null (value))
                g_error ("%s: %s is %f, not null", json_string_value (json_object_get (row, "key")),
                         *pair, json_number_value (value));
        }
        else if (json_is_null (value) || json_number_value (value) != g_ascii_strtod (eq + 1, NULL))
            g_error ("%s: %s is %s%f, not %s", json_string_value (json_object_get (row, "key")), *pair,
                     json_is_null (value) ? "null " : "", json_number_value (value), eq + 1);
    }
    g_strfreev (pairs);
}

/* The figures of the rows below, over 2026-11-26 .. 2026-12-01. */
#define HALL_A \
    "issued=6 served=3 noshow=1 expired=0 cancelled=1 active=1 called=4 wait_avg=287.5 wait_p90=700" \
    " service_avg=233.3 service_level=0.6667 service_time=700" \
    " ratings_given=2 ratings_default=1 ratings_excluded=0 ratings_valid=2 ratings_good=1 ratings_bad=1" \
    " good_rate=0.5 bad_rate=0.5 active_rate=0.6667 cases_opened=2 cases_closed=1 cases_overdue=2" \
    " revisit_rate=1 bookings=4 bookings_cancelled=1 checkins=1 booking_noshows=1 checkin_rate=0.5" \
    " noshow_rate=0.5 appointment_wait_avg=200"
#define HALL_B \
    "issued=3 served=2 noshow=0 expired=1 cancelled=0 active=0 called=3 wait_avg=283.3 wait_p90=400" \
    " service_avg=300 service_level=0.6667 service_time=300" \
    " ratings_given=2 ratings_default=0 ratings_excluded=1 ratings_valid=1 ratings_good=1 ratings_bad=0" \
    " good_rate=1 bad_rate=0 active_rate=1 cases_opened=2 cases_closed=0 cases_overdue=0" \
    " revisit_rate=null bookings=1 bookings_cancelled=0 checkins=1 booking_noshows=0 checkin_rate=1" \
    " noshow_rate=0 appointment_wait_avg=null"
#define ALL_HALLS \
    "issued=9 served=5 noshow=1 expired=1 cancelled=1 active=1 called=7 wait_avg=285.7 wait_p90=700" \
    " service_avg=250 service_level=0.6667 service_time=1000 signed_in=27000 utilisation=0.037" \
    " ratings_given=4 ratings_default=1 ratings_excluded=1 ratings_valid=3 ratings_good=2 ratings_bad=1" \
    " good_rate=0.6667 bad_rate=0.3333 active_rate=0.8 cases_opened=4 cases_closed=1 cases_overdue=2" \
    " revisit_rate=1 bookings=5 bookings_cancelled=1 checkins=2 booking_noshows=1 checkin_rate=0.6667" \
    " noshow_rate=0.3333 appointment_wait_avg=200"
/* c1 of both halls: department 公安. */
#define POLICE \
    "issued=7 served=5 noshow=0 expired=1 cancelled=0 active=1 called=6 wait_avg=325 wait_p90=700" \
    " service_avg=250 service_level=0.6667 service_time=1000 signed_in=null utilisation=null" \
    " ratings_given=4 ratings_default=1 ratings_excluded=1 ratings_valid=3 ratings_good=2 ratings_bad=1" \
    " good_rate=0.6667 bad_rate=0.3333 active_rate=0.8 cases_opened=3 cases_closed=0 cases_overdue=1" \
    " revisit_rate=1 bookings=4 bookings_cancelled=1 checkins=2 booking_noshows=0 checkin_rate=1" \
    " noshow_rate=0 appointment_wait_avg=200"
/* c2 of hall a: no department. */
#define NO_DEPARTMENT \
    "issued=2 served=0 noshow=1 expired=0 cancelled=1 active=0 called=1 wait_avg=50 wait_p90=50" \
    " service_avg=null service_level=null service_time=0 signed_in=null utilisation=null" \
    " ratings_given=0 ratings_default=0 ratings_valid=0 good_rate=null bad_rate=null active_rate=null" \
    " cases_opened=1 cases_closed=1 cases_overdue=1 revisit_rate=null bookings=1 bookings_cancelled=0" \
    " checkins=0 booking_noshows=1 checkin_rate=0 noshow_rate=1 appointment_wait_avg=null"

/* ---- migrate, enroll, halls ------------------------------------------------------ */

static void
test_migrate_twice (void)
{
    if (s_is_migrated) {
        g_test_skip ("migrated already");
        return;
    }
    s_owner ();
    run_t before = OWNER ("halls");
    g_assert_cmpint (before.status, ==, 1);
    g_assert_nonnull (strstr (before.err, "hall-county migrate"));
    s_run_clear (&before);

    run_t first = OWNER ("migrate");
    s_assert_ok (&first);
    g_assert_nonnull (strstr (first.out, "migrated from 0"));
    s_run_clear (&first);
    s_reader ();
    s_is_migrated = true;
    g_autofree char *version = pg_query1 (s_pg, "SELECT value FROM county.meta WHERE key = 'schema_version'");
    g_assert_cmpstr (version, ==, "3");          /* county/schema/003-figures.sql */
    const char *objects = "SELECT count(*) FROM pg_class WHERE relnamespace = 'county'::regnamespace";
    gint64 relations = pg_int (s_pg, objects);
    gint64 policies = pg_int (s_pg, "SELECT count(*) FROM pg_policies WHERE schemaname = 'county'");
    g_assert_cmpint (relations, >, 10);
    g_assert_cmpint (policies, ==, 2 * 9 + 4);   /* 003: the figures' tables, a reader policy each */
    /* The tables are the owner's: row-level security binds everyone else. */
    g_autofree char *owner = pg_query1 (s_pg, "SELECT tableowner FROM pg_tables WHERE schemaname = 'county'"
                                              " AND tablename = 'ticket'");
    g_assert_cmpstr (owner, ==, PG_OWNER);

    /* The second time: nothing to do, nothing done. */
    run_t second = OWNER ("migrate");
    s_assert_ok (&second);
    g_assert_nonnull (strstr (second.out, "up to date"));
    s_run_clear (&second);
    g_assert_cmpint (pg_int (s_pg, objects), ==, relations);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM pg_policies WHERE schemaname = 'county'"), ==, policies);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.meta"), ==, 1);
}

static void
test_enroll (void)
{
    s_migrated ();
    run_t run = OWNER ("enroll", "c", "--name", "丙镇便民服务中心");
    s_assert_ok (&run);
    g_assert_nonnull (strstr (run.out, "hall_c"));
    s_run_clear (&run);
    /* Its uplink's login role, a member of county_hall, with no password
     * (the operator gives it one, or a certificate). */
    g_autofree char *role = pg_query1 (s_pg,
        "SELECT rolcanlogin::text || ' ' || (rolpassword IS NULL)::text || ' '"
        " || pg_has_role ('hall_c', 'county_hall', 'MEMBER')::text FROM pg_authid WHERE rolname = 'hall_c'");
    g_assert_cmpstr (role, ==, "true true true");
    g_autofree char *row = pg_query1 (s_pg, "SELECT name || ' ' || level || ' ' || db_role || ' ' || last_seq"
                                            " FROM county.hall WHERE id = 'c'");
    g_assert_cmpstr (row, ==, "丙镇便民服务中心 town hall_c 0");

    /* Twice: refused, and it says so; nothing changed. */
    run = OWNER ("enroll", "c", "--name", "另一个");
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "enrolled already"));
    s_run_clear (&run);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.hall WHERE id = 'c' AND name = '丙镇便民服务中心'"),
                     ==, 1);

    /* A role the county made beforehand (with its password) is kept, and
     * joins county_hall. */
    pg_exec (s_pg, "CREATE ROLE uplink_d LOGIN PASSWORD 'pw-d'");
    run = OWNER ("enroll", "d", "--name", "丁村", "--level", "village", "--parent", "c", "--role", "uplink_d");
    s_assert_ok (&run);
    s_run_clear (&run);
    g_autofree char *kept = pg_query1 (s_pg,
        "SELECT (rolpassword IS NOT NULL)::text || ' ' || pg_has_role ('uplink_d', 'county_hall', 'MEMBER')::text"
        " FROM pg_authid WHERE rolname = 'uplink_d'");
    g_assert_cmpstr (kept, ==, "true true");
    g_autofree char *village = pg_query1 (s_pg, "SELECT level || ' ' || parent FROM county.hall WHERE id = 'd'");
    g_assert_cmpstr (village, ==, "village c");
    /* Its role is its own: another hall cannot take it. */
    run = OWNER ("enroll", "e", "--name", "戊村", "--role", "uplink_d");
    g_assert_cmpint (run.status, ==, 1);
    s_run_clear (&run);

    /* A group is no hall's login role. */
    run = OWNER ("enroll", "e", "--name", "戊村", "--role", "county_reader");
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "group"));
    s_run_clear (&run);

    /* Refused, with nothing left behind: a bad level (a usage error), an
     * unknown parent, a bad id. */
    run = OWNER ("enroll", "f", "--name", "己", "--level", "city");
    g_assert_cmpint (run.status, ==, 2);
    s_run_clear (&run);
    run = OWNER ("enroll", "g", "--name", "庚", "--parent", "nowhere");
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "nowhere"));
    s_run_clear (&run);
    run = OWNER ("enroll", "h h", "--name", "辛");
    g_assert_cmpint (run.status, ==, 2);
    s_run_clear (&run);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.hall WHERE id IN ('e', 'f', 'g', 'h h')"), ==, 0);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM pg_roles WHERE rolname IN ('hall_e', 'hall_f', 'hall_g')"),
                     ==, 0);
    /* A reader may not enrol. */
    run = READER ("enroll", "r", "--name", "读者");
    g_assert_cmpint (run.status, ==, 1);
    s_run_clear (&run);
}

static void
test_halls (void)
{
    s_enrolled ();
    run_t run = READER ("halls", "--json");
    s_assert_ok (&run);
    json_t *halls = json_loads (run.out, 0, NULL);
    g_assert_true (json_is_array (halls));
    s_run_clear (&run);
    size_t i;
    json_t *hall;
    bool seen_b = false;
    json_array_foreach (halls, i, hall)
        if (strcmp (json_string_value (json_object_get (hall, "id")), "b") == 0) {
            seen_b = true;
            g_assert_cmpstr (json_string_value (json_object_get (hall, "name")), ==, "乙村代办点");
            g_assert_cmpstr (json_string_value (json_object_get (hall, "parent")), ==, "a");
        }
    g_assert_true (seen_b);
    json_decref (halls);
    /* Its uplink's first page: last_seq and seen_at move, it is online;
     * a minute without a word, offline. */
    pg_exec (s_pg, "UPDATE county.hall SET last_seq = 42, seen_at = now () WHERE id = 'b'");
    run = READER ("halls");
    s_assert_ok (&run);
    char **lines = g_strsplit (run.out, "\n", -1);
    bool up = false;
    for (char **line = lines; *line; line++)
        if (g_str_has_prefix (*line, "b "))
            up = strstr (*line, " online ") && strstr (*line, " 42 ");
    g_strfreev (lines);
    if (!up)
        g_error ("hall b not online at 42:\n%s", run.out);
    s_run_clear (&run);
    pg_exec (s_pg, "UPDATE county.hall SET seen_at = now () - interval '61 seconds' WHERE id = 'b'");
    run = READER ("halls", "--json");
    s_assert_ok (&run);
    halls = json_loads (run.out, 0, NULL);
    s_run_clear (&run);
    json_array_foreach (halls, i, hall)
        if (strcmp (json_string_value (json_object_get (hall, "id")), "b") == 0)
            g_assert_cmpstr (json_string_value (json_object_get (hall, "link")), ==, "offline");
        else if (strcmp (json_string_value (json_object_get (hall, "id")), "a") == 0)
            g_assert_cmpstr (json_string_value (json_object_get (hall, "link")), ==, "never");
    json_decref (halls);
}

/* ---- report ------------------------------------------------------------------------ */

static void
test_report_by_hall (void)
{
    s_loaded ();
    json_t *report = s_report ("hall", "2026-11-26", "2026-12-01", NULL);
    g_autofree char *keys = s_keys (report);
    g_assert_cmpstr (keys, ==, "a b");      /* halls with no rows have no row */
    g_assert_cmpstr (json_string_value (json_object_get (s_row (report, "a"), "name")), ==, "甲镇便民服务中心");
    s_check (s_row (report, "a"), HALL_A " signed_in=16200 utilisation=0.0432");
    s_check (s_row (report, "b"), HALL_B " signed_in=10800 utilisation=0.0278");
    s_check (s_row (report, "total"), ALL_HALLS);
    json_decref (report);

    /* One hall: its row and the totals are its own; the first day alone
     * (window 2's shift is after it, window 3's clipped to its midnight). */
    report = s_report ("hall", "2026-11-26", "2026-11-26", "a");
    g_autofree char *one = s_keys (report);
    g_assert_cmpstr (one, ==, "a");
    const char *first_day = "issued=4 served=2 noshow=1 cancelled=1 active=0 called=3 wait_avg=283.3 wait_p90=700"
                            " service_avg=300 service_time=600 signed_in=5400 utilisation=0.1111"
                            " cases_opened=2 bookings=2 checkins=1 booking_noshows=1 appointment_wait_avg=null";
    s_check (s_row (report, "a"), first_day);
    s_check (s_row (report, "total"), first_day);
    g_assert_cmpint (json_integer_value (json_object_get (report, "start")), ==, 1795622400);
    g_assert_cmpint (json_integer_value (json_object_get (report, "end")), ==, 1795708800);
    json_decref (report);

    /* A day without tickets: every figure there is, null where nothing
     * divides. */
    report = s_report ("hall", "2026-11-27", "2026-11-27", NULL);
    g_autofree char *none = s_keys (report);
    g_assert_cmpstr (none, ==, "");
    s_check (s_row (report, "total"), "issued=0 wait_avg=null wait_p90=null good_rate=null signed_in=0"
                                      " utilisation=null checkin_rate=null");
    json_decref (report);
}

static void
test_report_by_department (void)
{
    s_loaded ();
    json_t *report = s_report ("department", "2026-11-26", "2026-12-01", NULL);
    g_autofree char *keys = s_keys (report);
    g_assert_cmpstr (keys, ==, "公安 -");     /* none last */
    g_assert_cmpstr (json_string_value (json_object_get (s_row (report, "-"), "name")), ==, "(未设部门)");
    s_check (s_row (report, "公安"), POLICE);
    s_check (s_row (report, "-"), NO_DEPARTMENT);
    s_check (s_row (report, "total"), ALL_HALLS);
    json_decref (report);
}

static void
test_report_by_category (void)
{
    s_loaded ();
    /* Over all halls, by code: c1 of a and b in one row. */
    json_t *report = s_report ("category", "2026-11-26", "2026-12-01", NULL);
    g_autofree char *keys = s_keys (report);
    g_assert_cmpstr (keys, ==, "c1 c2");
    s_check (s_row (report, "c1"), POLICE);
    s_check (s_row (report, "c2"), NO_DEPARTMENT);
    g_assert_cmpstr (json_string_value (json_object_get (s_row (report, "c2"), "name")), ==, "社保");
    s_check (s_row (report, "total"), ALL_HALLS);
    json_decref (report);

    /* One hall: its categories by its names, as its own report has them. */
    report = s_report ("category", "2026-11-26", "2026-12-01", "b");
    g_autofree char *one = s_keys (report);
    g_assert_cmpstr (one, ==, "c1");
    g_assert_cmpstr (json_string_value (json_object_get (s_row (report, "c1"), "name")), ==, "户籍办理");
    s_check (s_row (report, "c1"), HALL_B " signed_in=null utilisation=null");
    s_check (s_row (report, "total"), HALL_B " signed_in=10800 utilisation=0.0278");
    json_decref (report);
}

static void
test_report_by_month (void)
{
    s_loaded ();
    json_t *report = s_report ("month", "2026-11-26", "2026-12-01", NULL);
    g_autofree char *keys = s_keys (report);
    g_assert_cmpstr (keys, ==, "2026-11 2026-12");
    s_check (s_row (report, "2026-11"),
             "issued=6 served=3 noshow=1 expired=1 cancelled=1 active=0 called=5 wait_avg=290 wait_p90=700"
             " service_avg=300 service_level=0.5 service_time=900 signed_in=null"
             " ratings_given=3 ratings_default=0 ratings_excluded=1 ratings_valid=2 ratings_good=1"
             " ratings_bad=1 good_rate=0.5 active_rate=1 cases_opened=3 cases_closed=1 cases_overdue=2"
             " revisit_rate=1 bookings=3 bookings_cancelled=0 checkins=2 booking_noshows=1"
             " checkin_rate=0.6667 noshow_rate=0.3333 appointment_wait_avg=null");
    s_check (s_row (report, "2026-12"),
             "issued=3 served=2 noshow=0 expired=0 cancelled=0 active=1 called=2 wait_avg=275 wait_p90=300"
             " service_avg=100 service_level=1 service_time=100"
             " ratings_given=1 ratings_default=1 ratings_good=1 good_rate=1 active_rate=0.5"
             " cases_opened=1 cases_closed=0 cases_overdue=0 revisit_rate=null bookings=2"
             " bookings_cancelled=1 checkins=0 booking_noshows=0 checkin_rate=null noshow_rate=null"
             " appointment_wait_avg=200");
    g_assert_cmpstr (json_string_value (json_object_get (s_row (report, "2026-12"), "name")), ==, "2026-12");
    s_check (s_row (report, "total"), ALL_HALLS);
    json_decref (report);
}

/* The CSV of the same report carries the same numbers: counts as
 * integers, seconds with one decimal, ratios with four. */
static void
test_report_csv (void)
{
    s_loaded ();
    g_autofree char *dir = g_dir_make_tmp ("it-county-tool-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "report.csv", NULL);
    run_t run = READER ("report", "--by", "hall", "--from", "2026-11-26", "--to", "2026-12-01", "--csv", path);
    s_assert_ok (&run);
    s_run_clear (&run);
    g_autofree char *csv = NULL;
    g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
    char **lines = g_strsplit (csv, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 5);        /* header, a, b, total, "" */
    g_assert_true (g_str_has_prefix (lines[0], "key,name,issued,served,"));
    g_assert_true (g_str_has_prefix (lines[1], "a,甲镇便民服务中心,6,3,1,0,1,4,287.5,700.0,233.3,0.6667,700.0,16200.0,0.0432,"));
    g_assert_true (g_str_has_prefix (lines[2], "b,乙村代办点,3,2,0,1,0,3,283.3,400.0,300.0,0.6667,300.0,10800.0,0.0278,"));
    g_assert_true (g_str_has_prefix (lines[3], "total,,9,5,1,1,1,7,285.7,700.0,250.0,0.6667,1000.0,27000.0,0.0370,"));
    g_strfreev (lines);
    g_unlink (path);
    g_rmdir (dir);
}

static void
test_report_refused (void)
{
    s_loaded ();
    run_t run = READER ("report", "--by", "window", "--from", "2026-11-26");
    g_assert_cmpint (run.status, ==, 2);
    s_run_clear (&run);
    run = READER ("report", "--from", "2026-02-30");
    g_assert_cmpint (run.status, ==, 2);
    s_run_clear (&run);
    run = READER ("report", "--from", "2026-11-27", "--to", "2026-11-26");
    g_assert_cmpint (run.status, ==, 2);
    s_run_clear (&run);
    run = READER ("report", "--hall", "nowhere", "--from", "2026-11-26");
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "nowhere"));
    s_run_clear (&run);
}

/* The PDF of a county report: the hall's layout (report/). */
static void
test_report_pdf (void)
{
    s_loaded ();
    g_autofree char *dir = g_dir_make_tmp ("it-county-tool-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
    run_t run = READER ("report", "--by", "department", "--from", "2026-11-26", "--to", "2026-12-01", "--pdf", path);
    s_assert_ok (&run);
    s_run_clear (&run);
    g_autofree char *pdf = NULL;
    gsize size = 0;
    g_assert_true (g_file_get_contents (path, &pdf, &size, NULL));
    g_assert_cmpuint (size, >, 1000);
    g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
    g_unlink (path);
    g_rmdir (dir);
}

/* load: the rows the uplinks would write, the same for the same seed,
 * each event once and in the order of time; a second load of the same
 * halls is refused. */
static void
test_load (void)
{
    s_migrated ();
    run_t run = OWNER ("load", "--halls", "2", "--days", "3", "--tickets-per-day", "50", "--seed", "7",
                       "--prefix", "ld", "--last-day", "2026-11-20");
    s_assert_ok (&run);
    g_assert_nonnull (strstr (run.out, "300 tickets"));
    s_run_clear (&run);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.hall WHERE id IN ('ld001', 'ld002')"), ==, 2);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.ticket WHERE hall LIKE 'ld%'"), ==, 300);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(DISTINCT day) FROM county.ticket WHERE hall = 'ld001'"), ==, 3);
    g_assert_cmpint (pg_int (s_pg, "SELECT (min (day) = '2026-11-18' AND max (day) = '2026-11-20')::int FROM county.ticket"
                                   " WHERE hall LIKE 'ld%'"), ==, 1);
    /* One ticket.issued per ticket, a ticket.called per called one, an
     * end per ticket. */
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.event WHERE hall LIKE 'ld%' AND type = 'ticket.issued'"),
                     ==, 300);
    g_assert_cmpint (pg_int (s_pg, "SELECT (SELECT count(*) FROM county.event WHERE hall LIKE 'ld%' AND type = 'ticket.called')"
                                   " - (SELECT count(*) FROM county.ticket WHERE hall LIKE 'ld%' AND called_at IS NOT NULL)"),
                     ==, 0);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.event WHERE hall LIKE 'ld%' AND type IN"
                                   " ('ticket.finished', 'ticket.noshow', 'ticket.cancelled', 'ticket.expired')"), ==, 300);
    /* seq 1..n per hall, in the order of time; the hall's last_seq is n. */
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM (SELECT time < lag (time) OVER (PARTITION BY hall ORDER BY seq)"
                                   " AS back FROM county.event WHERE hall LIKE 'ld%') e WHERE back"), ==, 0);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.hall h WHERE id LIKE 'ld%' AND last_seq ="
                                   " (SELECT max (seq) FROM county.event e WHERE e.hall = h.id)"
                                   " AND last_seq = (SELECT count(*) FROM county.event e WHERE e.hall = h.id)"), ==, 2);
    /* Ratings and cases belong to finished tickets of their hall. */
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.rating r LEFT JOIN county.ticket t ON t.hall = r.hall"
                                   " AND t.id = r.ticket WHERE r.hall LIKE 'ld%' AND t.state IS DISTINCT FROM 'finished'"),
                     ==, 0);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.service_case c LEFT JOIN county.rating r ON r.hall = c.hall"
                                   " AND r.id = c.rating WHERE c.hall LIKE 'ld%' AND c.kind = 'rating'"
                                   " AND (r.ticket IS DISTINCT FROM c.ticket OR r.level > 2)"), ==, 0);

    /* The same seed, the same rows (another prefix: other ids). */
    run = OWNER ("load", "--halls", "1", "--days", "3", "--tickets-per-day", "50", "--seed", "7",
                 "--prefix", "le", "--last-day", "2026-11-20");
    s_assert_ok (&run);
    s_run_clear (&run);
    const char *digest = "SELECT md5 (string_agg (concat_ws (',', id, day, number, state, issued_at, called_at,"
                         " started_at, finished_at), ';' ORDER BY id)) FROM county.ticket WHERE hall = '%s'";
    g_autofree char *q1 = g_strdup_printf (digest, "ld001"), *q2 = g_strdup_printf (digest, "le001");
    g_autofree char *d1 = pg_query1 (s_pg, q1), *d2 = pg_query1 (s_pg, q2);
    g_assert_cmpstr (d1, ==, d2);

    /* The report over them: every ticket of the days. */
    json_t *report = s_report ("hall", "2026-11-18", "2026-11-20", NULL);
    s_check (s_row (report, "ld001"), "issued=150");
    s_check (s_row (report, "total"), "issued=450");
    json_decref (report);

    /* Again: refused, nothing added. */
    run = OWNER ("load", "--halls", "2", "--days", "3", "--prefix", "ld", "--last-day", "2026-11-20");
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "ld001"));
    s_run_clear (&run);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.ticket WHERE hall LIKE 'ld%'"), ==, 300);
}

/* ---- the county equals the hall ------------------------------------------------ */

/* Copies the rows SELECT reads from the hall's SQLite into the county with
 * INSERT ($1 the hall, $2… the columns), on CONN. */
static void
s_copy_rows (sqlite3 *db, PGconn *conn, const char *hall, const char *select, const char *insert)
{
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (db, select, -1, &stmt, NULL), ==, SQLITE_OK);
    int n = sqlite3_column_count (stmt);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        const char *params[32] = { hall };
        for (int i = 0; i < n; i++)
            params[i + 1] = (const char *) sqlite3_column_text (stmt, i);
        PGresult *res = PQexecParams (conn, insert, n + 1, NULL, params, NULL, NULL, 0);
        if (PQresultStatus (res) != PGRES_COMMAND_OK)
            g_error ("%s: %s", insert, PQresultErrorMessage (res));
        PQclear (res);
    }
    sqlite3_finalize (stmt);
}

/* Every field of the hall's row HALL equals the county's COUNTY (the key
 * and name too unless FIGURES_ONLY). */
static void
s_assert_same (const char *what, json_t *hall, json_t *county, bool figures_only)
{
    g_assert_nonnull (county);
    const char *field;
    json_t *value;
    json_object_foreach (hall, field, value) {
        if (figures_only && (strcmp (field, "key") == 0 || strcmp (field, "name") == 0))
            continue;
        json_t *other = json_object_get (county, field);
        if (!other || !json_equal (value, other)) {
            g_autofree char *x = json_dumps (value, JSON_ENCODE_ANY);
            g_autofree char *y = other ? json_dumps (other, JSON_ENCODE_ANY) : g_strdup ("(none)");
            g_error ("%s: %s is %s at the hall, %s at the county", what, field, x, y);
        }
    }
    g_assert_cmpuint (json_object_size (county), ==, json_object_size (hall));
}

/* Inserts into the hall's SQLite, asserting it took. */
static void
s_sqlite (sqlite3 *db, const char *format, ...)
{
    va_list ap;
    va_start (ap, format);
    g_autofree char *sql = g_strdup_vprintf (format, ap);
    va_end (ap);
    if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
        g_error ("%s: %s", sqlite3_errmsg (db), sql);
}

static char *
s_opt (int64_t value, bool set)
{
    return set ? g_strdup_printf ("%" G_GINT64_FORMAT, value) : g_strdup ("NULL");
}

/* Three days of a hall (2026-10-26 .. 28, Asia/Shanghai) of random rows
 * of every kind the report reads — every state, waits of every length and
 * some negative (a clock stepped back), services not started, appointment
 * tickets, journey tickets whose rating is of another step, second
 * ratings, defaults, excluded ratings, cases of both kinds late and in
 * time, anonymous and real-name, with and without a verdict, bookings of
 * every state, sign-ins and sign-outs at windows and at none — written
 * into the hall's own database; its report by category (the hall's own
 * code, hall_report_build) against the county's over the same rows copied
 * twice, as halls x1 and x2. */
static void
test_report_equals_the_hall (void)
{
    s_migrated ();
    const int64_t morning = FX_MORNING - 30 * 86400;        /* 2026-10-28 09:00 */
    fixture_t *fx = fixture_new (
        "[hall]\nname=随机\ntimezone=Asia/Shanghai\n"
        "[category a]\nprefix=A\nname=甲\ntarget_wait=10\n"
        "[category b]\nprefix=B\nname=乙\ntarget_wait=30\n"
        "[category c]\nprefix=C\nname=丙\n"
        "[window 1]\nprimary=a\n[window 2]\nprimary=b\n[window 3]\nprimary=c\n"
        "[staff 1001]\nname=一\n[staff 1002]\nname=二\n[staff 1003]\nname=三\n", morning);
    sqlite3 *db = hall_store_db (fx->store);
    GRand *rand = g_rand_new_with_seed (20261028);
    int64_t now = hall_engine_now (fx->engine);
    const char *days[] = { "2026-10-26", "2026-10-27", "2026-10-28" };
    const char *states[] = { "finished", "finished", "finished", "finished", "noshow", "expired",
                             "cancelled", "waiting", "called", "serving" };
    const char *categories[] = { "a", "b", "c", "gone" };   /* "gone": a category the hall no longer has */
    const int64_t common[] = { 0, 60, 120, 300, 301 };
    s_sqlite (db, "BEGIN");
    for (int i = 0; i < 2000; i++) {
        int d = g_rand_int_range (rand, 0, 3), c = g_rand_int_range (rand, 0, 4);
        int64_t issued = morning - 9 * 3600 - (2 - d) * 86400 + g_rand_int_range (rand, 0, 86400);
        const char *state = states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
        bool called = strcmp (state, "waiting") && strcmp (state, "cancelled")
                      && (strcmp (state, "expired") || g_rand_boolean (rand));
        int kind = g_rand_int_range (rand, 0, 100);
        int64_t wait = kind < 30 ? common[g_rand_int_range (rand, 0, G_N_ELEMENTS (common))]
                     : kind < 95 ? g_rand_int_range (rand, 0, 7200) : -g_rand_int_range (rand, 1, 600);
        bool finished = strcmp (state, "finished") == 0, timed = finished && g_rand_int_range (rand, 0, 10);
        int window = g_rand_int_range (rand, 1, 4);
        bool journey = g_rand_int_range (rand, 0, 6) == 0;
        g_autofree char *w = s_opt (window, called);
        g_autofree char *clerk = called && window != 3 ? g_strdup_printf ("'100%d'", window) : g_strdup ("NULL");
        g_autofree char *call = s_opt (issued + wait, called);
        g_autofree char *start = s_opt (issued + wait + 60, timed);
        g_autofree char *finish = s_opt (issued + wait + 60 + g_rand_int_range (rand, 30, 2000), finished);
        g_autofree char *slot = s_opt (issued + g_rand_int_range (rand, -900, 900), g_rand_int_range (rand, 0, 5) == 0);
        g_autofree char *step = s_opt (g_rand_int_range (rand, 0, 3), journey);
        s_sqlite (db, "INSERT INTO ticket (day, category, seq, number, state, issued_at, queued_at, queue_key,"
                      " window, clerk, called_at, started_at, finished_at, appointment_at, journey, journey_current)"
                      " VALUES ('%s', '%s', %d, '%s%05d', '%s', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0,"
                      " %s, %s, %s, %s, %s, %s, %s, %s)", days[d], categories[c], i, categories[c], i, state,
                  issued, issued, w, clerk, call, start, finish, slot, journey ? "'j'" : "NULL", step);
        int64_t ticket = sqlite3_last_insert_rowid (db);
        if (!finished || g_rand_int_range (rand, 0, 10) >= 8)
            continue;
        int level = g_rand_int_range (rand, 1, 6);
        bool is_default = level == 3 && g_rand_boolean (rand);
        bool excluded = !is_default && g_rand_int_range (rand, 0, 8) == 0;
        /* The visit's step mostly; now and then another step's, or a second round. */
        g_autofree char *rated_step = journey ? (g_rand_int_range (rand, 0, 4)
                                                 ? g_strdup_printf ("(SELECT journey_current FROM ticket WHERE id = %"
                                                                    G_GINT64_FORMAT ")", ticket) : g_strdup ("7"))
                                              : g_strdup (g_rand_int_range (rand, 0, 10) ? "NULL" : "1");
        s_sqlite (db, "INSERT INTO rating (ticket, step, category, level, reasons_version, is_default, channel, time,"
                      " excluded, round) VALUES (%" G_GINT64_FORMAT ", %s, '%s', %d, '1', %d, 'pad', %" G_GINT64_FORMAT
                      ", %d, %d)", ticket, rated_step, categories[c], level, is_default, issued + 3000, excluded,
                  g_rand_int_range (rand, 0, 10) ? 1 : 2);
        int64_t rating = sqlite3_last_insert_rowid (db);
        if (level > 2 && g_rand_int_range (rand, 0, 20))
            continue;
        int64_t opened = issued + 3000, contact_due = opened + g_rand_int_range (rand, 0, 400000);
        int64_t rectify_due = contact_due + g_rand_int_range (rand, 0, 400000);
        g_autofree char *contacted = s_opt (opened + g_rand_int_range (rand, 0, 500000), g_rand_boolean (rand));
        g_autofree char *rectified = s_opt (opened + g_rand_int_range (rand, 0, 900000), g_rand_boolean (rand));
        bool closed = g_rand_int_range (rand, 0, 3) == 0;
        g_autofree char *closed_at = s_opt (opened + g_rand_int_range (rand, 0, 900000), closed);
        s_sqlite (db, "INSERT INTO service_case (kind, ticket, rating, category, state, opened_at, contact_due,"
                      " rectify_due, contacted_at, rectified_at, closed_at, verdict_source, anonymous) VALUES"
                      " ('%s', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '%s', '%s', %" G_GINT64_FORMAT ", %"
                      G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %s, %s, %s, %s, %d)",
                  g_rand_int_range (rand, 0, 5) ? "rating" : "complaint", ticket, rating, categories[c],
                  closed ? "closed" : "open", opened, contact_due, rectify_due, contacted, rectified, closed_at,
                  g_rand_boolean (rand) ? "'visitor'" : "NULL", g_rand_int_range (rand, 0, 4) == 0);
    }
    const char *booking_states[] = { "booked", "cancelled", "checked_in", "noshow" };
    const char *booking_days[] = { "2026-10-25", "2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29" };
    for (int i = 0; i < 300; i++)
        s_sqlite (db, "INSERT INTO booking (code, category, day, slot_start, slot_end, state, document, person_hash,"
                      " person_masked, channel, created_at) VALUES ('%08d', '%s', '%s', %d, %d, '%s', 'id', 'h%d',"
                      " 'm', 'phone', %" G_GINT64_FORMAT ")", i, categories[g_rand_int_range (rand, 0, 4)],
                  booking_days[g_rand_int_range (rand, 0, 5)], 540 + 30 * (i % 10), 570 + 30 * (i % 10),
                  booking_states[g_rand_int_range (rand, 0, 4)], i, now - 100000);
    for (int64_t t = morning - 9 * 3600 - 3 * 86400;;) {
        t += g_rand_int_range (rand, 60, 3 * 3600);
        if (t >= now)
            break;
        int window = g_rand_int_range (rand, 0, 4);     /* 0: none */
        g_autofree char *w = s_opt (window, window > 0);
        s_sqlite (db, "INSERT INTO event (time, type, window, clerk) VALUES (%" G_GINT64_FORMAT ", '%s', %s, '100%d')",
                  t, g_rand_boolean (rand) ? "clerk.signin" : "clerk.signout", w, window);
    }
    s_sqlite (db, "COMMIT");
    g_rand_free (rand);

    /* The county's copy, as an uplink writes it: twice, halls x1 and x2. */
    PGconn *conn = pg_connect (s_pg, PG_SUPERUSER, NULL);
    pg_conn_ok (conn, "BEGIN");
    const char *const halls[] = { "x1", "x2" };
    for (size_t h = 0; h < G_N_ELEMENTS (halls); h++) {
        g_autofree char *sql = g_strdup_printf (
            "INSERT INTO county.hall (id, name, db_role, timezone, hall_time, hall_day) VALUES"
            " ('%s', '随机', 'role_%s', 'Asia/Shanghai', %" G_GINT64_FORMAT ", '2026-10-28')", halls[h], halls[h], now);
        pg_conn_ok (conn, sql);
        s_copy_rows (db, conn, halls[h], "SELECT code, name, target_wait FROM category",
                     "INSERT INTO county.category (hall, code, name, target_wait) VALUES ($1, $2, $3, $4)");
        s_copy_rows (db, conn, halls[h], "SELECT id, day, number, category, state, issued_at, queued_at, called_at,"
                     " started_at, finished_at, window, clerk, appointment_at, journey, journey_current FROM ticket",
                     "INSERT INTO county.ticket (hall, id, day, number, category, state, issued_at, queued_at,"
                     " called_at, started_at, finished_at, \"window\", clerk, appointment_at, journey, journey_current)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)");
        s_copy_rows (db, conn, halls[h], "SELECT id, ticket, step, round, category, level, is_default, excluded,"
                     " channel, time FROM rating",
                     "INSERT INTO county.rating (hall, id, ticket, step, round, category, level, is_default, excluded,"
                     " channel, time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::int::boolean, $9::int::boolean, $10, $11)");
        s_copy_rows (db, conn, halls[h], "SELECT id, kind, ticket, rating, category, state, opened_at, contact_due,"
                     " rectify_due, contacted_at, rectified_at, closed_at, anonymous, verdict_source FROM service_case",
                     "INSERT INTO county.service_case (hall, id, kind, ticket, rating, category, state, opened_at,"
                     " contact_due, rectify_due, contacted_at, rectified_at, closed_at, anonymous, verdict_source)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::int::boolean, $15)");
        s_copy_rows (db, conn, halls[h], "SELECT id, category, day, slot_start, slot_end, state, channel, created_at"
                     " FROM booking",
                     "INSERT INTO county.booking (hall, id, category, day, slot_start, slot_end, state, channel,"
                     " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
        s_copy_rows (db, conn, halls[h], "SELECT seq, time, type, window, clerk FROM event",
                     "INSERT INTO county.event (hall, seq, time, type, \"window\", clerk) VALUES ($1, $2, $3, $4, $5, $6)");
    }
    pg_conn_ok (conn, "COMMIT");

    const char *ranges[][2] = { { "2026-10-26", "2026-10-28" }, { "2026-10-27", "2026-10-27" },
                                { "2026-10-28", "2026-10-28" }, { "2026-10-20", "2026-10-31" } };
    for (size_t r = 0; r < G_N_ELEMENTS (ranges); r++) {
        const char *from = ranges[r][0], *to = ranges[r][1];
        hall_outcome_t out = { 0 };
        json_t *hall = hall_report_build (fx->engine, from, to, "category", &out);
        g_assert_nonnull (hall);
        json_t *hall_totals = json_object_get (hall, "totals");
        g_assert_cmpint (json_integer_value (json_object_get (hall_totals, "issued")), >, 0);
        GError *error = NULL;
        /* By category, the one hall: row for row, and the totals. */
        json_t *county = county_report (conn, from, to, "category", "x1", &error);
        g_assert_no_error (error);
        json_t *rows = json_object_get (hall, "rows"), *row;
        g_assert_cmpuint (json_array_size (json_object_get (county, "rows")), ==, json_array_size (rows));
        size_t i;
        json_array_foreach (rows, i, row) {
            g_autofree char *what = g_strdup_printf ("%s..%s by category, row %zu", from, to, i);
            s_assert_same (what, row, json_array_get (json_object_get (county, "rows"), i), false);
        }
        g_autofree char *totals = g_strdup_printf ("%s..%s totals", from, to);
        s_assert_same (totals, hall_totals, json_object_get (county, "totals"), false);
        g_assert_cmpint (json_integer_value (json_object_get (county, "generated_at")), ==,
                         json_integer_value (json_object_get (hall, "generated_at")));
        g_assert_cmpint (json_integer_value (json_object_get (county, "start")), ==,
                         json_integer_value (json_object_get (hall, "start")));
        g_assert_cmpint (json_integer_value (json_object_get (county, "end")), ==,
                         json_integer_value (json_object_get (hall, "end")));
        /* By hall, over all halls: each hall's row is its own totals. */
        json_t *all = county_report (conn, from, to, "hall", NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (json_array_size (json_object_get (all, "rows")), ==, 2);
        json_array_foreach (json_object_get (all, "rows"), i, row) {
            g_autofree char *what = g_strdup_printf ("%s..%s by hall, %s", from, to,
                                                     json_string_value (json_object_get (row, "key")));
            s_assert_same (what, hall_totals, row, true);
        }
        /* One month: its row is the totals but for the sign-ins (by hall
         * and in the totals only). */
        json_t *month = county_report (conn, from, to, "month", "x1", &error);
        g_assert_no_error (error);
        row = json_array_get (json_object_get (month, "rows"), 0);
        g_assert_true (json_is_null (json_object_get (row, "signed_in")));
        json_object_set (row, "signed_in", json_object_get (hall_totals, "signed_in"));
        json_object_set (row, "utilisation", json_object_get (hall_totals, "utilisation"));
        s_assert_same ("by month", hall_totals, row, true);
        json_decref (month);
        json_decref (all);
        json_decref (county);
        json_decref (hall);
    }
    PQfinish (conn);
    fixture_free (fx);
}

/* ---- the figures the triggers keep ------------------------------------------------ */

/* The report's sums (county/schema/003-figures.sql) of halls r1 and r2 as
 * text: the rows of day_figure, wait_bucket and day_booking that are not
 * all zero (the triggers may leave those behind), and the cases' copy of
 * their ticket's day and category. */
static char *
s_figures_text (PGconn *conn)
{
    return pg_conn_query1 (conn,
        "SELECT concat_ws (E'\\n',"
        " (SELECT string_agg (f::text, E'\\n' ORDER BY f.hall, f.day, f.category) FROM county.day_figure f"
        "  WHERE f.hall IN ('r1', 'r2') AND (f.issued, f.served, f.noshow, f.expired, f.cancelled, f.active,"
        "   f.called, f.wait_sum, f.service_sum, f.service_count, f.given, f.defaults, f.excluded, f.good, f.bad,"
        "   f.appointment_wait_sum, f.appointment_called, f.target_in)"
        "   <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),"
        " (SELECT string_agg (b::text, E'\\n' ORDER BY b.hall, b.day, b.category, b.bucket) FROM county.wait_bucket b"
        "  WHERE b.hall IN ('r1', 'r2') AND b.n <> 0),"
        " (SELECT string_agg (b::text, E'\\n' ORDER BY b.hall, b.day, b.category, b.state) FROM county.day_booking b"
        "  WHERE b.hall IN ('r1', 'r2') AND b.n <> 0),"
        " (SELECT string_agg (c::text, E'\\n' ORDER BY c.hall, c.day, c.category) FROM county.day_case c"
        "  WHERE c.hall IN ('r1', 'r2') AND (c.opened, c.closed, c.overdue, c.bad, c.revisited) <> (0, 0, 0, 0, 0)),"
        " (SELECT string_agg (concat_ws (' ', s.hall, s.id, s.ticket_day, s.ticket_category, s.rating_excluded),"
        "   E'\\n' ORDER BY s.hall, s.id) FROM county.service_case s WHERE s.hall IN ('r1', 'r2')))");
}

/* Checks that the sums the triggers kept equal county.refigure ()'s from
 * the rows (which then stay: the next changes build on them). */
static void
s_assert_figures_rebuilt (PGconn *conn, const char *when)
{
    g_autofree char *kept = s_figures_text (conn);
    pg_conn_ok (conn, "SELECT county.refigure ()");
    g_autofree char *rebuilt = s_figures_text (conn);
    if (strcmp (kept, rebuilt) != 0) {
        g_autofree char *a = g_build_filename (g_get_tmp_dir (), "it-county-tool-kept.txt", NULL);
        g_autofree char *b = g_build_filename (g_get_tmp_dir (), "it-county-tool-rebuilt.txt", NULL);
        g_file_set_contents (a, kept, -1, NULL);
        g_file_set_contents (b, rebuilt, -1, NULL);
        g_error ("%s: the figures kept differ from a rebuild (diff %s %s)", when, a, b);
    }
    g_assert_cmpuint (strlen (kept), >, 100);
}

/* Random inserts, updates (an uplink's upserts and plain UPDATEs) and
 * deletes of tickets, ratings, cases, bookings and categories of two halls
 * (a category's target changed, the category gone or back): transfers
 * (a ticket's category changes), states and calls, a ticket moved to
 * another day, a journey's step moving on (its visit rating changes),
 * ratings excluded later, changed, made default or deleted, ratings and
 * cases arriving before their ticket, tickets deleted under their ratings
 * and cases.  After each few hundred, the sums the triggers kept equal a
 * rebuild from the rows (and the report over them is the rows' own: the
 * other report tests and equals-the-hall read these sums). */
static void
test_figures_equal_a_rebuild (void)
{
    s_migrated ();
    PGconn *conn = pg_connect (s_pg, PG_SUPERUSER, NULL);
    pg_conn_ok (conn, "INSERT INTO county.hall (id, name, db_role, timezone, hall_time) VALUES"
                      " ('r1', '随机一', 'role_r1', 'Asia/Shanghai', 1796097600),"
                      " ('r2', '随机二', 'role_r2', 'Asia/Shanghai', 1796097600);"
                      "INSERT INTO county.category (hall, code, name, target_wait) VALUES ('r1', 'a', '甲', 600),"
                      " ('r1', 'b', '乙', 0), ('r2', 'a', '甲', 300), ('r2', 'c', '丙', 900)");
    GRand *rand = g_rand_new_with_seed (20261203);
    const char *halls[] = { "r1", "r2" };
    const char *days[] = { "2026-11-25", "2026-11-26", "2026-11-27" };
    const char *categories[] = { "a", "b", "c" };
    const char *states[] = { "waiting", "called", "serving", "finished", "finished", "noshow", "cancelled",
                             "expired" };
    const char *booking_states[] = { "booked", "cancelled", "checked_in", "noshow" };
    const int tickets = 120;     /* ids 1..120 per hall; a rating or case may name one not there (yet) */
    /* The hall's rating_once: one rating per ticket, step and round. */
    GHashTable *once = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *rating_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    int ratings = 0, cases = 0, bookings = 0;
    for (int op = 1; op <= 3000; op++) {
        const char *hall = halls[g_rand_int_range (rand, 0, 2)];
        int kind = g_rand_int_range (rand, 0, 100);
        int64_t ticket = g_rand_int_range (rand, 1, tickets + 1);
        g_autofree char *sql = NULL;
        if (op % 97 == 0) {
            /* A category's target changes, or the category goes or comes
             * (service_level is of the target now). */
            const char *code = categories[g_rand_int_range (rand, 0, 3)];
            sql = g_rand_int_range (rand, 0, 4)
                ? g_strdup_printf ("INSERT INTO county.category (hall, code, name, target_wait) VALUES ('%s', '%s', '某', %d)"
                                   " ON CONFLICT (hall, code) DO UPDATE SET target_wait = EXCLUDED.target_wait", hall,
                                   code, g_rand_int_range (rand, 0, 4) ? 60 * g_rand_int_range (rand, 0, 40)
                                                                       : g_rand_int_range (rand, 1, 2000))
                : g_strdup_printf ("DELETE FROM county.category WHERE hall = '%s' AND code = '%s'", hall, code);
        }
        else if (kind < 40) {
            /* A ticket as an uplink writes it: new, or its new state. */
            const char *state = states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
            bool called = strcmp (state, "waiting") && strcmp (state, "cancelled")
                          && (strcmp (state, "expired") || g_rand_boolean (rand));
            bool started = !strcmp (state, "serving") || (!strcmp (state, "finished") && g_rand_int_range (rand, 0, 5));
            bool finished = !strcmp (state, "finished");
            int64_t issued = 1795654800 + g_rand_int_range (rand, 0, 30000);
            int64_t wait = g_rand_int_range (rand, 0, 10) ? g_rand_int_range (rand, 0, 4000)
                                                         : -g_rand_int_range (rand, 1, 700);
            g_autofree char *call = s_opt (issued + wait, called);
            g_autofree char *start = s_opt (issued + wait + 30, started);
            g_autofree char *finish = s_opt (issued + wait + 30 + g_rand_int_range (rand, 0, 900), finished);
            g_autofree char *slot = s_opt (issued + g_rand_int_range (rand, -900, 900), g_rand_int_range (rand, 0, 4) == 0);
            g_autofree char *step = s_opt (g_rand_int_range (rand, 0, 2), g_rand_int_range (rand, 0, 3) == 0);
            sql = g_strdup_printf (
                "INSERT INTO county.ticket (hall, id, day, number, category, state, issued_at, called_at, started_at,"
                " finished_at, appointment_at, journey, journey_current) VALUES ('%s', %" G_GINT64_FORMAT ", '%s',"
                " 'A%03" G_GINT64_FORMAT "', '%s', '%s', %" G_GINT64_FORMAT ", %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (hall, id) DO UPDATE SET day = EXCLUDED.day, category = EXCLUDED.category,"
                " state = EXCLUDED.state, issued_at = EXCLUDED.issued_at, called_at = EXCLUDED.called_at,"
                " started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,"
                " appointment_at = EXCLUDED.appointment_at, journey = EXCLUDED.journey,"
                " journey_current = EXCLUDED.journey_current",
                hall, ticket, days[g_rand_int_range (rand, 0, 3)], ticket, categories[g_rand_int_range (rand, 0, 3)],
                state, issued, call, start, finish, slot, strcmp (step, "NULL") ? "'j'" : "NULL", step);
        }
        else if (kind < 50) {
            /* One thing of a ticket changes: a transfer, its call, its
             * journey's step, its day; or nothing at all. */
            const char *sets[] = {
                "category = (ARRAY['a', 'b', 'c'])[1 + (id %% 3 + %d) %% 3], transfers = transfers + 1",
                "state = 'called', called_at = coalesce (called_at, issued_at + %d)",
                "state = 'finished', started_at = coalesce (called_at, issued_at) + %d, finished_at = coalesce (called_at, issued_at) + 900",
                "journey_current = CASE WHEN journey_current IS NULL THEN %d %% 2 WHEN journey_current = 0 THEN 1 END",
                "day = day + (%d %% 2) * 2 - 1",
                "called_at = NULL, state = 'waiting', number = number || '' || %d",
                "calls = calls + 0 * %d",
            };
            g_autofree char *set = g_strdup_printf (sets[g_rand_int_range (rand, 0, G_N_ELEMENTS (sets))],
                                                    g_rand_int_range (rand, 1, 1200));
            sql = g_strdup_printf ("UPDATE county.ticket SET %s WHERE hall = '%s' AND id = %" G_GINT64_FORMAT, set,
                                   hall, ticket);
        }
        else if (kind < 53)
            sql = g_strdup_printf ("DELETE FROM county.ticket WHERE hall = '%s' AND id = %" G_GINT64_FORMAT, hall,
                                   ticket);
        else if (kind < 73) {
            /* A new rating: of a ticket there or to come, its step or
             * another, round 1 mostly. */
            int step = g_rand_int_range (rand, -1, 2), round = g_rand_int_range (rand, 0, 8) ? 1 : 2;
            g_autofree char *key = g_strdup_printf ("%s %" G_GINT64_FORMAT " %d %d", hall, ticket, step, round);
            if (g_hash_table_contains (once, key))
                continue;
            int level = g_rand_int_range (rand, 1, 6);
            bool is_default = level == 3 && g_rand_boolean (rand);
            g_autofree char *step_sql = s_opt (step, step >= 0);
            sql = g_strdup_printf (
                "INSERT INTO county.rating (hall, id, ticket, step, round, category, level, is_default, excluded,"
                " channel, time) VALUES ('%s', %d, %" G_GINT64_FORMAT ", %s, %d, 'a', %d, %s, %s, 'pad', 1795660000)",
                hall, ++ratings, ticket, step_sql, round, level, is_default ? "true" : "false",
                !is_default && g_rand_int_range (rand, 0, 6) == 0 ? "true" : "false");
            g_hash_table_add (once, g_strdup (key));
            g_hash_table_insert (rating_key, g_strdup_printf ("%s %d", hall, ratings), g_strdup (key));
        }
        else if (kind < 85 && ratings) {
            /* A rating changes: excluded by an appeal (or the appeal
             * undone), its level, or it is deleted. */
            int id = g_rand_int_range (rand, 1, ratings + 1);
            g_autofree char *rid = g_strdup_printf ("%s %d", hall, id);
            if (!g_hash_table_contains (rating_key, rid))
                continue;
            int what = g_rand_int_range (rand, 0, 4);
            if (what == 3) {
                g_hash_table_remove (once, g_hash_table_lookup (rating_key, rid));
                g_hash_table_remove (rating_key, rid);
                sql = g_strdup_printf ("DELETE FROM county.rating WHERE hall = '%s' AND id = %d", hall, id);
            }
            else
                sql = g_strdup_printf ("UPDATE county.rating SET %s WHERE hall = '%s' AND id = %d",
                                       what == 0 ? "excluded = NOT excluded AND NOT is_default"
                                       : what == 1 ? "level = 1 + (level + 2) % 5, is_default = false"
                                       : "is_default = NOT is_default, level = 3, excluded = false", hall, id);
        }
        else if (kind < 92) {
            /* A case, as the hall's uplink upserts it (of a ticket there
             * or to come, of a rating there or to come, its deadlines met
             * or not), or deleted. */
            int id = g_rand_int_range (rand, 0, 3) || !cases ? ++cases : g_rand_int_range (rand, 1, cases + 1);
            bool closed = g_rand_int_range (rand, 0, 4) == 0;
            g_autofree char *contacted = s_opt (1795660000 + g_rand_int_range (rand, 0, 80000), g_rand_boolean (rand));
            g_autofree char *rectified = s_opt (1795660000 + g_rand_int_range (rand, 0, 200000), g_rand_boolean (rand));
            g_autofree char *closed_at = s_opt (1795660000 + g_rand_int_range (rand, 0, 200000), closed);
            g_autofree char *rating = s_opt (g_rand_int_range (rand, 1, ratings + 20), g_rand_int_range (rand, 0, 4));
            if (g_rand_int_range (rand, 0, 12) == 0)
                sql = g_strdup_printf ("DELETE FROM county.service_case WHERE hall = '%s' AND id = %d", hall, id);
            else
                sql = g_strdup_printf (
                    "INSERT INTO county.service_case (hall, id, kind, ticket, rating, category, state, opened_at,"
                    " contact_due, rectify_due, contacted_at, rectified_at, closed_at, anonymous, verdict_source)"
                    " VALUES ('%s', %d, '%s', %" G_GINT64_FORMAT ", %s, 'a', '%s', 1795660000, 1795700000,"
                    " 1795800000, %s, %s, %s, %s, %s) ON CONFLICT (hall, id) DO UPDATE SET ticket = EXCLUDED.ticket,"
                    " rating = EXCLUDED.rating, state = EXCLUDED.state, contacted_at = EXCLUDED.contacted_at,"
                    " rectified_at = EXCLUDED.rectified_at, closed_at = EXCLUDED.closed_at,"
                    " anonymous = EXCLUDED.anonymous, verdict_source = EXCLUDED.verdict_source",
                    hall, id, g_rand_int_range (rand, 0, 5) ? "rating" : "complaint", ticket, rating,
                    closed ? "closed" : "open", contacted, rectified, closed_at,
                    g_rand_int_range (rand, 0, 4) ? "false" : "true", g_rand_boolean (rand) ? "'visitor'" : "NULL");
        }
        else {
            /* A booking: new, its state or day changed, or deleted. */
            int id = g_rand_int_range (rand, 0, 2) || !bookings ? ++bookings : g_rand_int_range (rand, 1, bookings + 1);
            int what = g_rand_int_range (rand, 0, 5);
            if (what == 4)
                sql = g_strdup_printf ("DELETE FROM county.booking WHERE hall = '%s' AND id = %d", hall, id);
            else
                sql = g_strdup_printf (
                    "INSERT INTO county.booking (hall, id, category, day, slot_start, slot_end, state, channel,"
                    " created_at) VALUES ('%s', %d, '%s', '%s', 540, 570, '%s', 'phone', 1795500000)"
                    " ON CONFLICT (hall, id) DO UPDATE SET state = EXCLUDED.state, day = EXCLUDED.day%s",
                    hall, id, categories[g_rand_int_range (rand, 0, 3)], days[g_rand_int_range (rand, 0, 3)],
                    booking_states[g_rand_int_range (rand, 0, 4)], what == 3 ? ", category = EXCLUDED.category" : "");
        }
        pg_conn_ok (conn, sql);
        if (op % 500 == 0) {
            g_autofree char *when = g_strdup_printf ("after %d changes", op);
            s_assert_figures_rebuilt (conn, when);
        }
    }
    /* Several rows in one statement, as a page writes them. */
    pg_conn_ok (conn, "UPDATE county.ticket SET category = 'b' WHERE hall = 'r1' AND id % 7 = 0");
    pg_conn_ok (conn, "UPDATE county.rating SET excluded = true WHERE hall = 'r2' AND NOT is_default AND id % 5 = 0");
    pg_conn_ok (conn, "DELETE FROM county.ticket WHERE hall = 'r2' AND id % 11 = 0");
    s_assert_figures_rebuilt (conn, "at the end");
    /* The sums are of something: tickets of every kind, ratings counted. */
    g_assert_cmpint (pg_conn_int (conn, "SELECT sum (issued) FROM county.day_figure WHERE hall IN ('r1', 'r2')"), >, 150);
    g_assert_cmpint (pg_conn_int (conn, "SELECT sum (given + defaults) FROM county.day_figure WHERE hall IN ('r1', 'r2')"),
                     >, 20);
    g_assert_cmpint (pg_conn_int (conn, "SELECT count(*) FROM county.service_case WHERE hall IN ('r1', 'r2')"
                                        " AND ticket_day IS NULL"), >, 0);
    /* Not for the halls' roles: the figures are written by the owner's
     * triggers, read by the readers. */
    g_assert_cmpint (pg_conn_int (conn, "SELECT has_table_privilege ('county_hall', 'county.day_figure', 'SELECT')::int"
                                        " + has_table_privilege ('county_hall', 'county.wait_bucket', 'INSERT')::int"),
                     ==, 0);
    g_assert_cmpint (pg_conn_int (conn, "SELECT has_table_privilege ('county_reader', 'county.day_figure', 'SELECT')::int"),
                     ==, 1);
    g_hash_table_destroy (once);
    g_hash_table_destroy (rating_key);
    g_rand_free (rand);
    PQfinish (conn);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    s_pg = pg_start ();
    g_test_add_func ("/county-tool/migrate-twice-is-a-no-op", test_migrate_twice);
    g_test_add_func ("/county-tool/enroll", test_enroll);
    g_test_add_func ("/county-tool/halls", test_halls);
    g_test_add_func ("/county-tool/report/by-hall", test_report_by_hall);
    g_test_add_func ("/county-tool/report/by-department", test_report_by_department);
    g_test_add_func ("/county-tool/report/by-category", test_report_by_category);
    g_test_add_func ("/county-tool/report/by-month", test_report_by_month);
    g_test_add_func ("/county-tool/report/csv-same-numbers", test_report_csv);
    g_test_add_func ("/county-tool/report/refused", test_report_refused);
    g_test_add_func ("/county-tool/report/pdf", test_report_pdf);
    g_test_add_func ("/county-tool/report/equals-the-hall", test_report_equals_the_hall);
    g_test_add_func ("/county-tool/load", test_load);
    g_test_add_func ("/county-tool/figures/equal-a-rebuild", test_figures_equal_a_rebuild);
    int rc = g_test_run ();
    pg_free (s_pg);
    return rc;
}
