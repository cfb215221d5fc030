/*  it-county.c — three halls and the county (docs/COUNTY.md): a real
 *  PostgreSQL 15 in a private folder (tests/lib/pg/pg-harness.h), and per
 *  hall its own hall-server (test clock) and hall-uplink, each running a
 *  day of its own.
 *
 *  What the county holds is checked against each hall's own database: its
 *  events exactly once (every seq from 1 to the hall's last, none twice —
 *  the key (hall, seq) refuses a second), and its tickets, ratings and
 *  cases row for row; the county's report of a hall equals the hall's own
 *  report, figure for figure.  The link is cut (PostgreSQL stopped for
 *  real minutes: HALL_COUNTY_OUTAGE seconds, 120 by default) while the
 *  halls go on issuing and calling, and the county catches up; an uplink
 *  is SIGKILLed 10 times inside its transaction; a hall's role can
 *  neither write another hall's rows nor read them.
 */
#include "harness.h"
#include "pg-harness.h"
#include "county-report.h"
#include "session.h"

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MORNING ((gint64) 1795741200)     /* Friday 2026-11-27 09:00 Asia/Shanghai */
#define PATIENCE_US (90 * G_USEC_PER_SEC)
#define HALLS 3

typedef struct {
    const char     *id;          /* the county's id for it */
    server_t       *server;
    hall_session_t *kiosk, *desk[2], *pad[2], *admin;
    char           *key;         /* hall-uplink's device key */
    char           *config;      /* hall-uplink's config */
    char           *log;
    GPid            uplink;      /* 0 while stopped */
    GRand          *rand;
    int             served;
} hall_t;

static pg_t *s_pg;
static hall_t s_halls[HALLS];
static const char *const s_ids[HALLS] = { "t1", "t2", "t3" };
static const char *const s_names[HALLS] = { "城关镇便民服务中心", "石桥镇便民服务中心", "河口村便民服务站" };

static char *
s_hall_config (int i)
{
    return g_strdup_printf (
        "[hall]\nname=%s\ntimezone=Asia/Shanghai\narea_code=33010%d\ncounty_lag_alert=%d\n"
        "[category business]\nprefix=A\nname=企业登记\ntarget_wait=10\ndepartment=市场监管所\n"
        "[category social]\nprefix=B\nname=社保医保\ntarget_wait=15\ndepartment=人力社保所\n"
        "[category consult]\nprefix=C\nname=综合咨询\n"
        "[window 1]\nprimary=business\nbackup=consult\n[window 2]\nprimary=social\nbackup=consult\n"
        "[staff 1001]\nname=王芳\n[staff 1002]\nname=李强\n", s_names[i], i + 1,
        /* Hall 1 watches the county's lag (link-cut); the others never
         * warn: their clocks run hours in seconds, so a busy machine's
         * second of lag is many of their minutes. */
        i == 0 ? 10 : 0);
}

/* ---- hall-uplink ----------------------------------------------------------- */

static void
s_child_setup (gpointer data)
{
    prctl (PR_SET_PDEATHSIG, SIGKILL);      /* never outlives a failed test */
}

static void
s_uplink_start (hall_t *h, int delay_ms)
{
    g_autofree char *program = harness_program ("hall-uplink");
    char *argv[] = { program, "--config", h->config, NULL };
    char delay[16];
    g_snprintf (delay, sizeof delay, "%d", delay_ms);
    g_auto (GStrv) env = g_environ_setenv (g_get_environ (), "HALL_UPLINK_TEST_DELAY_MS", delay, TRUE);
    int fd = open (h->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    GError *error = NULL;
    g_spawn_async_with_fds (h->server->dir, argv, env, G_SPAWN_DO_NOT_REAP_CHILD, s_child_setup, NULL,
                            &h->uplink, -1, fd, fd, &error);
    close (fd);
    g_assert_no_error (error);
}

static void
s_uplink_stop (hall_t *h, int signum)
{
    if (!h->uplink)
        return;
    kill (h->uplink, signum);
    int status;
    waitpid (h->uplink, &status, 0);
    g_spawn_close_pid (h->uplink);
    h->uplink = 0;
}

static void
s_hall_start (hall_t *h, int i)
{
    h->id = s_ids[i];
    g_autofree char *config = s_hall_config (i);
    h->server = server_start (config, MORNING);
    h->kiosk = harness_session (h->server, HALL_ROLE_KIOSK, 0);
    for (int w = 0; w < 2; w++) {
        h->desk[w] = harness_session (h->server, HALL_ROLE_COUNTER, w + 1);
        h->pad[w] = harness_session (h->server, HALL_ROLE_RATING_PAD, w + 1);
    }
    h->admin = harness_session (h->server, HALL_ROLE_ADMIN, 0);
    h->rand = g_rand_new_with_seed (1000 + i);
    h->key = g_build_filename (h->server->dir, "uplink.key", NULL);
    int status;
    g_free (hallctl (h->server, &status, "enroll", "uplink", "--name", "县级平台上传", "--out", h->key, NULL));
    g_assert_cmpint (status, ==, 0);
    g_autofree char *password = g_strdup_printf ("pw-%s", h->id);
    g_autofree char *role = g_strdup_printf ("hall_%s", h->id);
    g_autofree char *conninfo = pg_conninfo (s_pg, role, password);
    g_autofree char *text = g_strdup_printf ("[server]\nrequests=%s\nevents=%s\nkey=%s\n"
                                             "[county]\nhall=%s\nconninfo=%s\n[sync]\npage=200\nheartbeat=1\n",
                                             h->server->requests, h->server->events, h->key, h->id, conninfo);
    h->config = g_build_filename (h->server->dir, "uplink.conf", NULL);
    g_assert_true (g_file_set_contents (h->config, text, -1, NULL));
    chmod (h->config, 0600);
    h->log = g_build_filename (h->server->dir, "uplink.log", NULL);
    s_uplink_start (h, 0);
}

/* ---- a day at a hall ---------------------------------------------------------- */

static void
s_advance (hall_t *h, int seconds)
{
    json_decref (harness_ok (h->admin, HALL_OP_CLOCK, json_pack ("{s:i}", "advance", seconds)));
}

/* One step of a hall's day: a visitor or two arrive, each window moves
 * its visitor on (call, start, finish and a rating, now and then a
 * no-show or a 差评), the clock goes on a minute or two. */
static void
s_step (hall_t *h)
{
    static const char *const categories[] = { "business", "social", "consult" };
    int arrivals = g_rand_int_range (h->rand, 0, 3);
    for (int a = 0; a < arrivals; a++)
        json_decref (harness_ok (h->kiosk, HALL_OP_ISSUE,
                           json_pack ("{s:s}", "category", categories[g_rand_int_range (h->rand, 0, 3)])));
    if (g_rand_int_range (h->rand, 0, 20) == 0) {         /* a visitor who gives up */
        json_t *issued = harness_ok (h->kiosk, HALL_OP_ISSUE, json_pack ("{s:s}", "category", "consult"));
        const char *number = json_string_value (json_object_get (json_object_get (issued, "ticket"), "number"));
        g_assert_cmpint (harness_try (h->kiosk, HALL_OP_CANCEL, json_pack ("{s:s}", "ticket", number)), ==, HALL_OK);
        json_decref (issued);
    }
    for (int w = 0; w < 2; w++) {
        json_t *args = json_pack ("{s:i}", "window", w + 1);
        hall_reply_t reply;
        hall_error_t rc = hall_session_call (h->desk[w], HALL_OP_CALL, args, &reply);
        json_decref (args);
        bool called = rc == HALL_OK && json_is_object (json_object_get (reply.result, "ticket"));
        hall_reply_clear (&reply);
        if (!called)
            continue;
        if (g_rand_int_range (h->rand, 0, 10) == 0) {
            s_advance (h, 100);
            g_assert_cmpint (harness_try (h->desk[w], HALL_OP_NOSHOW, json_pack ("{s:i}", "window", w + 1)), ==, HALL_OK);
            continue;
        }
        json_decref (harness_ok (h->desk[w], HALL_OP_START, json_pack ("{s:i}", "window", w + 1)));
        s_advance (h, g_rand_int_range (h->rand, 30, 240));
        json_decref (harness_ok (h->desk[w], HALL_OP_FINISH, json_pack ("{s:i}", "window", w + 1)));
        h->served++;
        int level = g_rand_int_range (h->rand, 0, 8) == 0 ? 2 : g_rand_int_range (h->rand, 3, 6);
        json_t *rate = json_pack ("{s:i, s:i}", "window", w + 1, "level", level);
        if (level <= 2)
            json_object_set_new (rate, "reasons", json_pack ("[s]", "wait_long"));
        if (g_rand_int_range (h->rand, 0, 4))              /* some leave without rating */
            json_decref (harness_ok (h->pad[w], HALL_OP_RATE, rate));
        else
            json_decref (rate);
    }
    s_advance (h, g_rand_int_range (h->rand, 20, 120));
}

static void
s_signin (hall_t *h)
{
    const char *staff[] = { "1001", "1002" };
    for (int w = 0; w < 2; w++) {
        hall_error_t rc = harness_try (h->desk[w], HALL_OP_SIGNIN, json_pack ("{s:i, s:s}", "window", w + 1,
                                                                          "staff", staff[w]));
        g_assert_true (rc == HALL_OK || rc == HALL_E_BAD_STATE);
    }
}

/* ---- what the county holds ------------------------------------------------------ */

static gint64
s_county_int (const char *format, ...) G_GNUC_PRINTF (1, 2);
static gint64
s_county_int (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    g_autofree char *sql = g_strdup_vprintf (format, args);
    va_end (args);
    return pg_int (s_pg, sql);
}

static char *
s_county_text (const char *format, ...) G_GNUC_PRINTF (1, 2);
static char *
s_county_text (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    g_autofree char *sql = g_strdup_vprintf (format, args);
    va_end (args);
    char *text = pg_query1 (s_pg, sql);
    return text ? text : g_strdup ("");
}

static gint64
s_hall_last (hall_t *h)
{
    return db_int (h->server, "SELECT coalesce (max (seq), 0) FROM event");
}

static gint64
s_lag_alerts (hall_t *h)
{
    return db_int (h->server, "SELECT count(*) FROM alert WHERE subject = 'county:lag' AND cleared_at IS NULL");
}

/* Waits until the county holds every event of H, and H does not think
 * it behind (an open county:lag would add its alert.cleared event). */
static void
s_wait_caught_up (hall_t *h)
{
    gint64 until = g_get_monotonic_time () + PATIENCE_US, last = 0, held = 0;
    while (g_get_monotonic_time () < until) {
        last = s_hall_last (h);
        held = s_county_int ("SELECT last_seq FROM county.hall WHERE id = '%s'", h->id);
        if (held == last && s_lag_alerts (h) == 0)
            return;
        g_usleep (50000);
    }
    g_autofree char *log = NULL;
    g_file_get_contents (h->log, &log, NULL, NULL);
    g_error ("hall %s: the county holds events up to %" G_GINT64_FORMAT ", the hall has %" G_GINT64_FORMAT
             "; the uplink said:\n%s", h->id, held, last, log ? log : "");
}

/* The hall's events are at the county exactly once: 1..last, each once. */
static void
s_assert_events_once (hall_t *h)
{
    gint64 last = s_hall_last (h);
    g_assert_cmpint (s_county_int ("SELECT count(*) FROM county.event WHERE hall = '%s'", h->id), ==, last);
    g_assert_cmpint (s_county_int ("SELECT count(DISTINCT seq) FROM county.event WHERE hall = '%s'", h->id), ==, last);
    g_assert_cmpint (s_county_int ("SELECT coalesce (max (seq), 0) FROM county.event WHERE hall = '%s'", h->id),
                     ==, last);
    g_autofree char *types_hall = db_query (h->server,
        "SELECT group_concat (seq || type, ',') FROM (SELECT seq, type FROM event ORDER BY seq)");
    g_autofree char *types_county = s_county_text (
        "SELECT string_agg (seq || type, ',' ORDER BY seq) FROM county.event WHERE hall = '%s'", h->id);
    g_assert_cmpstr (types_county, ==, types_hall);
}

/* The county's tickets, ratings and cases of H are the hall's, row for row. */
static void
s_assert_rows_equal (hall_t *h)
{
    static const struct { const char *hall, *county; } tables[] = {
        { "SELECT group_concat (r, ';') FROM (SELECT id || ',' || day || ',' || number || ',' || category || ','"
          " || state || ',' || issued_at || ',' || coalesce (called_at, '') || ',' || coalesce (started_at, '')"
          " || ',' || coalesce (finished_at, '') || ',' || coalesce (window, '') || ',' || coalesce (clerk, '')"
          " || ',' || calls AS r FROM ticket ORDER BY id)",
          "SELECT string_agg (id || ',' || day || ',' || number || ',' || category || ',' || state || ','"
          " || issued_at || ',' || coalesce (called_at::text, '') || ',' || coalesce (started_at::text, '')"
          " || ',' || coalesce (finished_at::text, '') || ',' || coalesce (\"window\"::text, '') || ','"
          " || coalesce (clerk, '') || ',' || calls, ';' ORDER BY id) FROM county.ticket WHERE hall = '%s'" },
        { "SELECT group_concat (r, ';') FROM (SELECT id || ',' || ticket || ',' || level || ',' || is_default"
          " || ',' || excluded || ',' || channel || ',' || time AS r FROM rating ORDER BY id)",
          "SELECT string_agg (id || ',' || ticket || ',' || level || ',' || is_default::int || ','"
          " || excluded::int || ',' || channel || ',' || time, ';' ORDER BY id) FROM county.rating"
          " WHERE hall = '%s'" },
        { "SELECT group_concat (r, ';') FROM (SELECT id || ',' || kind || ',' || ticket || ',' || state || ','"
          " || opened_at || ',' || contact_due AS r FROM service_case ORDER BY id)",
          "SELECT string_agg (id || ',' || kind || ',' || ticket || ',' || state || ',' || opened_at || ','"
          " || contact_due, ';' ORDER BY id) FROM county.service_case WHERE hall = '%s'" },
    };
    for (size_t t = 0; t < G_N_ELEMENTS (tables); t++) {
        g_autofree char *hall = db_query (h->server, tables[t].hall);
        g_autofree char *county = s_county_text (tables[t].county, h->id);
        g_assert_cmpstr (county, ==, hall ? hall : "");
    }
}

/* The county's report of H equals the hall's own, figure for figure
 * (by category, and the totals). */
static void
s_assert_report_equal (hall_t *h)
{
    json_t *day = harness_ok (h->admin, HALL_OP_CLOCK, json_object ());
    const char *today = json_string_value (json_object_get (day, "day"));
    /* Figures that run to "now" (an open shift's time signed in, a case
     * overdue) are the county's as of the hall's clock its uplink last
     * wrote: wait until that is the hall's clock now (a heartbeat). */
    gint64 now = json_integer_value (json_object_get (day, "time"));
    gint64 until = g_get_monotonic_time () + PATIENCE_US;
    while (s_county_int ("SELECT coalesce (hall_time, 0) FROM county.hall WHERE id = '%s'", h->id) != now
           && g_get_monotonic_time () < until)
        g_usleep (50000);
    g_assert_cmpint (s_county_int ("SELECT coalesce (hall_time, 0) FROM county.hall WHERE id = '%s'", h->id), ==, now);
    json_t *mine = harness_ok (h->admin, HALL_OP_REPORT, json_pack ("{s:s, s:s, s:s}", "from", today, "to", today,
                                                                "by", "category"));
    g_autofree char *conninfo = pg_conninfo (s_pg, "reader", "pw-reader");
    PGconn *db = pg_try_connect (conninfo);
    g_assert_nonnull (db);
    GError *error = NULL;
    json_t *county = county_report (db, today, today, "category", h->id, &error);
    g_assert_no_error (error);
    PQfinish (db);
    static const char *const figures[] = {
        "issued", "served", "noshow", "expired", "cancelled", "active", "called", "wait_avg", "wait_p90",
        "service_avg", "service_level", "service_time", "ratings_given", "ratings_default", "ratings_excluded",
        "ratings_valid", "ratings_good", "ratings_bad", "good_rate", "bad_rate", "active_rate",
        "cases_opened", "cases_closed", "cases_overdue", "revisit_rate", "signed_in", "utilisation",
        "bookings", "bookings_cancelled", "checkins", "booking_noshows", "checkin_rate", "noshow_rate",
        "appointment_wait_avg",
    };
    json_t *rows_mine = json_object_get (mine, "rows"), *rows_county = json_object_get (county, "rows");
    g_assert_cmpuint (json_array_size (rows_county), ==, json_array_size (rows_mine));
    for (size_t r = 0; r <= json_array_size (rows_mine); r++) {
        json_t *a = r < json_array_size (rows_mine) ? json_array_get (rows_mine, r) : json_object_get (mine, "totals");
        json_t *b = r < json_array_size (rows_mine) ? json_array_get (rows_county, r)
                                                    : json_object_get (county, "totals");
        g_assert_cmpstr (json_string_value (json_object_get (b, "key")), ==,
                         json_string_value (json_object_get (a, "key")));
        for (size_t f = 0; f < G_N_ELEMENTS (figures); f++) {
            json_t *x = json_object_get (a, figures[f]), *y = json_object_get (b, figures[f]);
            if (!json_equal (x, y) && !(json_is_number (x) && json_is_number (y)
                                        && json_number_value (x) == json_number_value (y))) {
                g_autofree char *tx = json_dumps (x, JSON_ENCODE_ANY), *ty = json_dumps (y, JSON_ENCODE_ANY);
                g_error ("hall %s, row %s: %s is %s at the hall and %s at the county", h->id,
                         json_string_value (json_object_get (a, "key")), figures[f], tx, ty);
            }
        }
    }
    g_test_message ("hall %s: %" G_GINT64_FORMAT " tickets, report equal at the county",
                    h->id, (gint64) json_integer_value (json_object_get (json_object_get (mine, "totals"), "issued")));
    json_decref (county);
    json_decref (mine);
    json_decref (day);
}

/* ---- the tests ------------------------------------------------------------------ */

/* Each hall a morning (120 steps), the uplinks copying as it goes. */
static void
test_three_halls_a_day (void)
{
    for (int i = 0; i < HALLS; i++)
        s_signin (&s_halls[i]);
    for (int step = 0; step < 120; step++)
        for (int i = 0; i < HALLS; i++)
            s_step (&s_halls[i]);
    for (int i = 0; i < HALLS; i++) {
        hall_t *h = &s_halls[i];
        s_wait_caught_up (h);
        s_assert_events_once (h);
        s_assert_rows_equal (h);
        s_assert_report_equal (h);
        g_assert_cmpint (h->served, >, 50);
    }
    /* The county's own view of each hall: its name, day and clock. */
    for (int i = 0; i < HALLS; i++) {
        g_autofree char *name = s_county_text ("SELECT hall_name FROM county.hall WHERE id = '%s'", s_ids[i]);
        g_assert_cmpstr (name, ==, s_names[i]);
    }
}

/* PostgreSQL stopped for real minutes while every hall goes on; the
 * hall's server warns when the county is 10 minutes (of its clock)
 * behind, and the county catches up once it is back. */
static void
test_link_cut (void)
{
    const char *env = g_getenv ("HALL_COUNTY_OUTAGE");
    int outage = env ? atoi (env) : 120;
    gint64 held[HALLS];
    for (int i = 0; i < HALLS; i++)
        held[i] = s_county_int ("SELECT last_seq FROM county.hall WHERE id = '%s'", s_ids[i]);
    pg_stop (s_pg);
    gint64 until = g_get_monotonic_time () + (gint64) outage * G_USEC_PER_SEC;
    int steps = 0;
    while (g_get_monotonic_time () < until) {
        for (int i = 0; i < HALLS; i++)
            s_step (&s_halls[i]);                /* kiosks and desks go on: every call succeeds */
        steps++;
        g_usleep (G_USEC_PER_SEC);               /* about a hall's step a second */
    }
    /* The clock of hall 1 on past the limit: its server raises county:lag. */
    s_advance (&s_halls[0], 11 * 60);
    gint64 alert_until = g_get_monotonic_time () + PATIENCE_US;
    while (s_lag_alerts (&s_halls[0]) == 0 && g_get_monotonic_time () < alert_until)
        g_usleep (50000);
    g_assert_cmpint (s_lag_alerts (&s_halls[0]), ==, 1);
    g_test_message ("%d steps in each hall during a %d s outage", steps, outage);
    pg_restart (s_pg);
    /* Back: hall 1's sweep (a minute of its clock apart) clears the alert
     * once its uplink has caught up and said so. */
    alert_until = g_get_monotonic_time () + PATIENCE_US;
    while (s_lag_alerts (&s_halls[0]) > 0 && g_get_monotonic_time () < alert_until) {
        s_advance (&s_halls[0], 61);
        g_usleep (200000);
    }
    g_assert_cmpint (s_lag_alerts (&s_halls[0]), ==, 0);
    for (int i = 0; i < HALLS; i++) {
        hall_t *h = &s_halls[i];
        g_assert_cmpint (s_hall_last (h), >, held[i]);
        s_wait_caught_up (h);
        s_assert_events_once (h);
        s_assert_rows_equal (h);
    }
    s_assert_report_equal (&s_halls[0]);
}

/* Is hall H's uplink inside a transaction at the county now? */
static bool
s_mid_batch (hall_t *h)
{
    return s_county_int ("SELECT count(*) FROM pg_stat_activity WHERE usename = 'hall_%s'"
                         " AND xact_start IS NOT NULL AND state <> 'idle'", h->id) > 0;
}

/* hall-uplink SIGKILLed 10 times inside its transaction (it sleeps there
 * 150 ms before COMMIT: HALL_UPLINK_TEST_DELAY_MS), the hall busy the
 * while: 0 events lost, 0 twice. */
static void
test_sigkill_mid_batch (void)
{
    hall_t *h = &s_halls[1];
    s_uplink_stop (h, SIGTERM);
    s_uplink_start (h, 150);
    int kills = 0;
    while (kills < 10) {
        for (int k = 0; k < 3; k++)
            s_step (h);
        /* Inside its transaction: it sleeps 150 ms there, so the kill
         * that follows the sighting lands before the COMMIT. */
        gint64 until = g_get_monotonic_time () + PATIENCE_US;
        bool inside = false;
        while (!(inside = s_mid_batch (h)) && g_get_monotonic_time () < until)
            g_usleep (5000);
        g_assert_true (inside);
        s_uplink_stop (h, SIGKILL);
        kills++;
        /* Its backend gone (the transaction rolled back) before the next
         * one starts, so the next sighting is the new uplink's. */
        until = g_get_monotonic_time () + PATIENCE_US;
        while (s_county_int ("SELECT count(*) FROM pg_stat_activity WHERE usename = 'hall_%s'", h->id) > 0
               && g_get_monotonic_time () < until)
            g_usleep (5000);
        s_uplink_start (h, 150);
    }
    s_uplink_stop (h, SIGTERM);
    s_uplink_start (h, 0);
    s_wait_caught_up (h);
    s_assert_events_once (h);
    s_assert_rows_equal (h);
    g_test_message ("%d kills mid-batch: %" G_GINT64_FORMAT " events at the county, once each", kills,
                    s_hall_last (h));
}

/* A hall's own role (the uplink's) cannot write another hall's rows nor
 * read them. */
static void
test_hall_role_confined (void)
{
    PGconn *db = pg_connect (s_pg, "hall_t1", "pw-t1");
    g_autofree char *state = pg_conn_sqlstate (db,
        "INSERT INTO county.ticket (hall, id, day, number, category, state, issued_at)"
        " VALUES ('t2', 999999, '2026-11-27', 'Z999', 'business', 'waiting', 1)");
    g_assert_cmpstr (state, ==, "42501");
    g_autofree char *state2 = pg_conn_sqlstate (db,
        "INSERT INTO county.event (hall, seq, time, type) VALUES ('t3', 999999, 1, 'ticket.issued')");
    g_assert_cmpstr (state2, ==, "42501");
    g_assert_cmpint (pg_conn_int (db, "SELECT count(*) FROM county.event WHERE hall <> 't1'"), ==, 0);
    g_assert_cmpint (pg_conn_int (db, "SELECT count(*) FROM county.ticket WHERE hall <> 't1'"), ==, 0);
    g_assert_cmpint (pg_conn_int (db, "SELECT count(*) FROM county.hall"), ==, 1);
    g_assert_cmpint (pg_conn_ok (db, "UPDATE county.hall SET last_seq = 0 WHERE id = 't2'"), ==, 0);
    g_assert_cmpint (pg_conn_int (db, "SELECT count(*) FROM county.event"), >, 0);
    PQfinish (db);
    /* The others' rows are there, as the reader sees. */
    PGconn *reader = pg_connect (s_pg, "reader", "pw-reader");
    g_assert_cmpint (pg_conn_int (reader, "SELECT count(DISTINCT hall) FROM county.event"), ==, HALLS);
    PQfinish (reader);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    s_pg = pg_start ();
    pg_county_setup (s_pg, s_ids, s_names, HALLS);
    for (int i = 0; i < HALLS; i++)
        s_hall_start (&s_halls[i], i);
    g_test_add_func ("/county/three-halls-a-day", test_three_halls_a_day);
    g_test_add_func ("/county/link-cut-and-catch-up", test_link_cut);
    g_test_add_func ("/county/uplink-sigkill-mid-batch", test_sigkill_mid_batch);
    g_test_add_func ("/county/hall-role-confined", test_hall_role_confined);
    int rc = g_test_run ();
    for (int i = 0; i < HALLS; i++) {
        hall_t *h = &s_halls[i];
        s_uplink_stop (h, SIGTERM);
        hall_session_destroy (&h->kiosk);
        for (int w = 0; w < 2; w++) {
            hall_session_destroy (&h->desk[w]);
            hall_session_destroy (&h->pad[w]);
        }
        hall_session_destroy (&h->admin);
        server_free (h->server);
        g_rand_free (h->rand);
        g_free (h->key);
        g_free (h->config);
        g_free (h->log);
    }
    pg_free (s_pg);
    return rc;
}
