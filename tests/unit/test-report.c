/*  test-report.c — every report figure (docs/METRICS.md) checked exactly
 *  over a simulated day whose waits, service times, sign-in times and
 *  ratings are known by construction, by category, window, clerk, hour and
 *  day; and the CSV export carries the same numbers.
 */
#include "engine-fixture.h"
#include "report-table.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* a: target 10 min, window 1 (clerk 1001); b: target 20 min, window 2
 * (clerk 1002). */
static const char *s_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\nrating_default_days=7\ncase_owner=9001\n"
    "[category a]\nprefix=A\nname=甲\ntarget_wait=10\n"
    "[category b]\nprefix=B\nname=乙\ntarget_wait=20\n"
    "[window 1]\nprimary=a\n"
    "[window 2]\nprimary=b\n"
    "[staff 1001]\nname=王芳\n"
    "[staff 1002]\nname=李娜\n"
    "[staff 9001]\nname=周主任\nrole=manager\n";

static int64_t s_t0;

/* Moves the clock to T seconds after 09:00. */
static void
s_at (fixture_t *fx, int64_t t)
{
    int64_t now = hall_engine_now (fx->engine);
    g_assert_cmpint (s_t0 + t, >=, now);
    if (s_t0 + t > now)
        fx_advance (fx, s_t0 + t - now);
}

static void
s_ok (json_t *reply)
{
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
}

static void
s_window_op (fixture_t *fx, const char *op, int window, const char *staff)
{
    json_t *args = json_pack ("{s:i}", "window", window);
    if (staff)
        json_object_set_new (args, "staff", json_string (staff));
    s_ok (fixture_op (fx, HALL_ROLE_ADMIN, 0, op, args));
}

static void
s_rate (fixture_t *fx, int window, int level, const char *reason)
{
    json_t *args = json_pack ("{s:i, s:i}", "window", window, "level", level);
    if (reason)      /* a 差评, with the visitor's number: a real-name case */
        json_object_set_new (args, "reasons", json_pack ("[s]", reason));
    if (level <= 2) {
        json_object_set_new (args, "contact_phone", json_string ("13800138000"));
        json_object_set_new (args, "consent", json_true ());
    }
    s_ok (fixture_op (fx, HALL_ROLE_RATING_PAD, window, "rate", args));
}

/* The day (t in seconds after 09:00, Friday 2026-11-27):
 *
 *   t=0     1001 signs in at 1, 1002 at 2; A001 A002 A003 B001 B002 issued
 *   t=60    A004 issued;  t=120 A004 cancelled
 *   t=300   1 calls A001 (wait 300);  t=360 starts
 *   t=600   2 calls B001 (wait 600) and starts
 *   t=960   1 finishes A001 (service 600), rated 5; calls A002 (wait 960)
 *   t=1020  A002 no-show; 1 calls A003 (wait 1020) and starts
 *   t=1320  1 finishes A003 (service 300), rated 2 (slow_handling): a case
 *   t=1500  2 finishes B001 (service 900), rated 4; calls B002 (wait 1500), starts
 *   t=1800  2 finishes B002 (service 300), not rated; B003 issued, never called
 *   t=3600  both sign out (3600 s signed in each)
 *   then midnight expires B003, and 7 days on B002 gets its default 基本满意;
 *   the case was never contacted: overdue.
 */
static fixture_t *
s_day (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    s_t0 = FX_MORNING;
    s_window_op (fx, "signin", 1, "1001");
    s_window_op (fx, "signin", 2, "1002");
    const char *first[] = { "A001", "A002", "A003" };
    for (int i = 0; i < 3; i++)
        g_assert_cmpstr (fx_issue (fx, "a"), ==, first[i]);
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B001");
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B002");
    s_at (fx, 60);
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A004");
    s_at (fx, 120);
    s_ok (fixture_op (fx, HALL_ROLE_ADMIN, 0, "cancel", json_pack ("{s:s}", "ticket", "A004")));
    s_at (fx, 300);
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    s_at (fx, 360);
    g_assert_cmpstr (fx_do (fx, "start", 1), ==, "A001");
    s_at (fx, 600);
    g_assert_cmpstr (fx_call (fx, 2), ==, "B001");
    g_assert_cmpstr (fx_do (fx, "start", 2), ==, "B001");
    s_at (fx, 960);
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "A001");
    s_rate (fx, 1, 5, NULL);
    g_assert_cmpstr (fx_call (fx, 1), ==, "A002");
    s_at (fx, 1020);
    g_assert_cmpstr (fx_do (fx, "noshow", 1), ==, "A002");
    g_assert_cmpstr (fx_call (fx, 1), ==, "A003");
    g_assert_cmpstr (fx_do (fx, "start", 1), ==, "A003");
    s_at (fx, 1320);
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "A003");
    s_rate (fx, 1, 2, "slow_handling");
    s_at (fx, 1500);
    g_assert_cmpstr (fx_do (fx, "finish", 2), ==, "B001");
    s_rate (fx, 2, 4, NULL);
    g_assert_cmpstr (fx_call (fx, 2), ==, "B002");
    g_assert_cmpstr (fx_do (fx, "start", 2), ==, "B002");
    s_at (fx, 1800);
    g_assert_cmpstr (fx_do (fx, "finish", 2), ==, "B002");
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B003");
    s_at (fx, 3600);
    s_window_op (fx, "signout", 1, NULL);
    s_window_op (fx, "signout", 2, NULL);
    /* Midnight (B003 expires), then past B002's seven days. */
    s_at (fx, 8 * 86400);
    GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
    g_assert_cmpint (hall_store_begin (fx->store), ==, 0);
    g_assert_cmpint (hall_engine_tick (fx->engine, events), ==, 0);
    g_assert_cmpint (hall_store_commit (fx->store), ==, 0);
    g_ptr_array_free (events, TRUE);
    return fx;
}

static json_t *
s_report (fixture_t *fx, const char *by)
{
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                                json_pack ("{s:s, s:s, s:s}", "from", "2026-11-27", "to", "2026-11-27", "by", by));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *report = json_incref (json_object_get (reply, "result"));
    json_decref (reply);
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
        g_assert_nonnull (value);
        if (strcmp (eq + 1, "null") == 0) {
            if (!json_is_null (value))
                g_error ("%s: %s is %f, not null", json_string_value (json_object_get (row, "key")),
                         *pair, json_number_value (value));
        }
        else if (json_number_value (value) != g_ascii_strtod (eq + 1, NULL) || json_is_null (value))
            g_error ("%s: %s is %s%f, not %s", json_string_value (json_object_get (row, "key")), *pair,
                     json_is_null (value) ? "null " : "", json_number_value (value), eq + 1);
    }
    g_strfreev (pairs);
}

static void
test_by_category (void)
{
    fixture_t *fx = s_day ();
    json_t *report = s_report (fx, "category");
    g_assert_cmpuint (json_array_size (json_object_get (report, "rows")), ==, 2);
    g_assert_cmpstr (json_string_value (json_object_get (s_row (report, "a"), "name")), ==, "甲");
    s_check (s_row (report, "a"),
             "issued=4 served=2 noshow=1 expired=0 cancelled=1 active=0 called=3"
             " wait_avg=760 wait_p90=1020 service_avg=450 service_level=0.3333 service_time=900"
             " signed_in=null utilisation=null"
             " ratings_given=2 ratings_default=0 ratings_excluded=0 ratings_valid=2 ratings_good=1 ratings_bad=1"
             " good_rate=0.5 bad_rate=0.5 active_rate=1"
             " cases_opened=1 cases_closed=0 cases_overdue=1 revisit_rate=0");
    s_check (s_row (report, "b"),
             "issued=3 served=2 noshow=0 expired=1 cancelled=0 active=0 called=2"
             " wait_avg=1050 wait_p90=1500 service_avg=600 service_level=0.5 service_time=1200"
             " ratings_given=1 ratings_default=1 ratings_excluded=0 ratings_valid=1 ratings_good=1 ratings_bad=0"
             " good_rate=1 bad_rate=0 active_rate=0.5"
             " cases_opened=0 cases_closed=0 cases_overdue=0 revisit_rate=null");
    s_check (s_row (report, "total"),
             "issued=7 served=4 noshow=1 expired=1 cancelled=1 called=5"
             " wait_avg=876 wait_p90=1500 service_avg=525 service_level=0.4"
             " service_time=2100 signed_in=7200 utilisation=0.2917"
             " ratings_given=3 ratings_default=1 ratings_valid=3 ratings_good=2 ratings_bad=1"
             " good_rate=0.6667 bad_rate=0.3333 active_rate=0.75"
             " cases_opened=1 cases_closed=0 cases_overdue=1 revisit_rate=0");
    json_decref (report);
    fixture_free (fx);
}

static void
test_by_window_and_clerk (void)
{
    fixture_t *fx = s_day ();
    json_t *report = s_report (fx, "window");
    /* Windows 1, 2, then "-": A004 (cancelled) and B003 (expired) were
     * never called. */
    g_assert_cmpuint (json_array_size (json_object_get (report, "rows")), ==, 3);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (json_object_get (report, "rows"), 2),
                     "key")), ==, "-");
    s_check (s_row (report, "1"), "issued=3 served=2 noshow=1 called=3 wait_avg=760 service_avg=450"
             " service_time=900 signed_in=3600 utilisation=0.25 good_rate=0.5 active_rate=1 cases_opened=1");
    s_check (s_row (report, "2"), "issued=2 served=2 called=2 wait_avg=1050 service_avg=600"
             " service_time=1200 signed_in=3600 utilisation=0.3333 good_rate=1 active_rate=0.5");
    s_check (s_row (report, "-"), "issued=2 served=0 expired=1 cancelled=1 called=0 wait_avg=null"
             " wait_p90=null service_avg=null service_level=null signed_in=0 active_rate=null");
    s_check (s_row (report, "total"), "signed_in=7200 utilisation=0.2917");
    json_decref (report);
    report = s_report (fx, "clerk");
    g_assert_cmpstr (json_string_value (json_object_get (s_row (report, "1001"), "name")), ==, "王芳");
    s_check (s_row (report, "1001"), "issued=3 served=2 signed_in=3600 utilisation=0.25");
    s_check (s_row (report, "1002"), "issued=2 served=2 signed_in=3600 utilisation=0.3333");
    json_decref (report);
    fixture_free (fx);
}

static void
test_by_hour_and_day (void)
{
    fixture_t *fx = s_day ();
    json_t *report = s_report (fx, "hour");
    g_assert_cmpuint (json_array_size (json_object_get (report, "rows")), ==, 1);
    s_check (s_row (report, "09"), "issued=7 served=4 wait_avg=876 utilisation=null");
    json_decref (report);
    report = s_report (fx, "day");
    s_check (s_row (report, "2026-11-27"), "issued=7 served=4 wait_p90=1500 good_rate=0.6667");
    json_decref (report);
    /* A day with nothing: no rows, zero totals, no ratios. */
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                                json_pack ("{s:s, s:s}", "from", "2026-11-28", "to", "2026-11-30"));
    report = json_object_get (reply, "result");
    g_assert_cmpuint (json_array_size (json_object_get (report, "rows")), ==, 0);
    s_check (s_row (report, "total"), "issued=0 wait_avg=null good_rate=null signed_in=0 utilisation=null");
    json_decref (reply);
    fixture_free (fx);
}

static void
test_refused (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    const char *bad[][3] = {
        { "2026-11-27", "2026-11-26", "category" },   /* from after to */
        { "2026-02-30", "2026-03-01", "category" },   /* no such day */
        { "27/11/2026", "2026-11-27", "category" },
        { "2026-11-27", "2026-11-27", "weekday" },
        { "2025-01-01", "2026-11-27", "category" },   /* more than 400 days */
    };
    for (size_t i = 0; i < G_N_ELEMENTS (bad); i++) {
        json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                                    json_pack ("{s:s, s:s, s:s}", "from", bad[i][0], "to", bad[i][1], "by", bad[i][2]));
        g_assert_cmpstr (fx_error (reply), ==, "bad_field");
        json_decref (reply);
    }
    hall_role_t roles[] = { HALL_ROLE_KIOSK, HALL_ROLE_COUNTER, HALL_ROLE_DISPLAY, HALL_ROLE_RATING_PAD };
    for (size_t i = 0; i < G_N_ELEMENTS (roles); i++) {
        json_t *reply = fixture_op (fx, roles[i], 1, "report",
                                    json_pack ("{s:s, s:s}", "from", "2026-11-27", "to", "2026-11-27"));
        g_assert_cmpstr (fx_error (reply), ==, "forbidden");
        json_decref (reply);
    }
    fixture_free (fx);
}

/* The CSV carries exactly the JSON's numbers, row by row. */
static void
test_csv_same_numbers (void)
{
    fixture_t *fx = s_day ();
    json_t *report = s_report (fx, "category");
    char *csv = hall_report_csv (report);
    g_assert_nonnull (csv);
    char **lines = g_strsplit (csv, "\r\n", -1);
    const hall_figure_t *columns = hall_report_columns ();
    char **header = g_strsplit (lines[0], ",", -1);
    for (int c = 0; columns[c].key; c++)
        g_assert_cmpstr (header[c], ==, columns[c].header);
    g_strfreev (header);
    const char *keys[] = { "a", "b", "total" };
    for (int r = 0; r < 3; r++) {
        char **fields = g_strsplit (lines[r + 1], ",", -1);
        g_assert_cmpstr (fields[0], ==, keys[r]);
        json_t *row = s_row (report, keys[r]);
        for (int c = 2; columns[c].key; c++) {
            json_t *value = json_object_get (row, columns[c].key);
            if (json_is_null (value))
                g_assert_cmpstr (fields[c], ==, "");
            else
                g_assert_cmpfloat (fabs (g_ascii_strtod (fields[c], NULL) - json_number_value (value)), <, 1e-9);
        }
        g_strfreev (fields);
    }
    g_assert_cmpstr (lines[4], ==, "");
    g_assert_null (lines[5]);
    /* Spot checks of the printed text. */
    g_assert_nonnull (strstr (lines[1], ",760.0,1020.0,450.0,0.3333,"));
    g_assert_true (g_str_has_prefix (lines[3], "total,,7,4,1,1,1,5,876.0,1500.0,525.0,0.4000,2100.0,7200.0,0.2917,"));
    g_strfreev (lines);
    free (csv);
    char *text = hall_report_text (report);
    g_assert_nonnull (strstr (text, "29.2%"));          /* utilisation */
    g_assert_nonnull (strstr (text, "14.6"));           /* 876 s = 14.6 min */
    g_test_message ("%s", text);
    free (text);
    json_decref (report);
    fixture_free (fx);
}

/* ---- many tickets, checked against a straightforward computation --------- */

/* A ticket as the random test wrote it, with what the report should make
 * of it. */
typedef struct {
    char     day[16], category[4], clerk[8], hour[4];
    int      window;                 /* 0: never called */
    const char *state;
    int64_t  issued, wait, service, target;
    bool     called, timed;
    int      level, is_default, excluded;   /* level 0: not rated */
    int      cases, cases_closed, cases_overdue, bad_cases, revisited;
} random_ticket_t;

static int
s_cmp_wait (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

/* The key of T for BY, as METRICS.md defines it. */
static const char *
s_random_key (random_ticket_t *t, const char *by, char key[16])
{
    if (strcmp (by, "category") == 0)
        return t->category;
    if (strcmp (by, "day") == 0)
        return t->day;
    if (strcmp (by, "hour") == 0)
        return t->hour;
    if (strcmp (by, "window") == 0)
        g_snprintf (key, 16, "%d", t->window);
    else
        g_snprintf (key, 16, "%s", t->clerk);
    return t->window ? key : "-";
}

/* Checks REPORT's row KEY against the N tickets of it, computed the plain
 * way: every wait in a sorted list, the ceil(0.9 n)-th taken. */
static void
s_check_random_row (json_t *report, const char *key, random_ticket_t **tickets, guint n)
{
    int issued = 0, served = 0, noshow = 0, expired = 0, cancelled = 0, active = 0;
    int target_in = 0, target_count = 0, service_count = 0;
    int given = 0, defaults = 0, excluded = 0, good = 0, bad = 0;
    int cases = 0, closed = 0, overdue = 0, bad_cases = 0, revisited = 0;
    int64_t wait_sum = 0, service_sum = 0;
    GArray *waits = g_array_new (FALSE, FALSE, sizeof (int64_t));
    for (guint i = 0; i < n; i++) {
        random_ticket_t *t = tickets[i];
        issued++;
        served += strcmp (t->state, "finished") == 0;
        noshow += strcmp (t->state, "noshow") == 0;
        expired += strcmp (t->state, "expired") == 0;
        cancelled += strcmp (t->state, "cancelled") == 0;
        active += hall_ticket_state_active (t->state);
        if (t->called) {
            g_array_append_val (waits, t->wait);
            wait_sum += t->wait;
            if (t->target > 0) {
                target_count++;
                target_in += t->wait <= t->target;
            }
        }
        if (t->timed) {
            service_sum += t->service;
            service_count++;
        }
        if (t->level && t->is_default)
            defaults++;
        else if (t->level) {
            given++;
            excluded += t->excluded;
            good += !t->excluded && t->level >= 3;
            bad += !t->excluded && t->level <= 2;
        }
        cases += t->cases;
        closed += t->cases_closed;
        overdue += t->cases_overdue;
        bad_cases += t->bad_cases;
        revisited += t->revisited;
    }
    g_array_sort (waits, s_cmp_wait);
    json_t *row = s_row (report, key);
    char *figures = g_strdup_printf (
        "issued=%d served=%d noshow=%d expired=%d cancelled=%d active=%d called=%u service_time=%" G_GINT64_FORMAT
        " ratings_given=%d ratings_default=%d ratings_excluded=%d ratings_valid=%d ratings_good=%d"
        " ratings_bad=%d cases_opened=%d cases_closed=%d cases_overdue=%d",
        issued, served, noshow, expired, cancelled, active, waits->len, service_sum,
        given, defaults, excluded, given - excluded, good, bad, cases, closed, overdue);
    s_check (row, figures);
    g_free (figures);
    if (waits->len == 0)
        s_check (row, "wait_avg=null wait_p90=null");
    else {
        guint rank = (guint) ceil (0.9 * waits->len);
        g_assert_cmpint (json_integer_value (json_object_get (row, "wait_p90")), ==,
                         g_array_index (waits, int64_t, rank - 1));
        g_assert_cmpfloat (json_real_value (json_object_get (row, "wait_avg")), ==,
                           round ((double) wait_sum / waits->len * 10.0) / 10.0);
    }
    if (service_count)
        g_assert_cmpfloat (json_real_value (json_object_get (row, "service_avg")), ==,
                           round ((double) service_sum / service_count * 10.0) / 10.0);
    if (target_count)
        g_assert_cmpfloat (json_real_value (json_object_get (row, "service_level")), ==,
                           round ((double) target_in / target_count * 10000.0) / 10000.0);
    if (bad_cases)
        g_assert_cmpfloat (json_real_value (json_object_get (row, "revisit_rate")), ==,
                           round ((double) revisited / bad_cases * 10000.0) / 10000.0);
    g_array_free (waits, TRUE);
}

/* 6,000 tickets with random waits (many alike, some over a day, some
 * negative after a clock step back), states, ratings and cases, on three
 * days of a hall in Europe/Berlin, two of them the days its clocks change:
 * every figure of every row, by each grouping, equals the plain
 * computation (the report keeps a histogram of the waits, not the list). */
static void
test_random_against_plain (void)
{
    fixture_t *fx = fixture_new (
        "[hall]\nname=随机\ntimezone=Europe/Berlin\n"
        "[category a]\nprefix=A\nname=甲\ntarget_wait=10\n"
        "[category b]\nprefix=B\nname=乙\ntarget_wait=30\n"
        "[category c]\nprefix=C\nname=丙\n"
        "[window 1]\nprimary=a\n[window 2]\nprimary=b\n[window 3]\nprimary=c\n"
        "[staff 1001]\nname=一\n[staff 1002]\nname=二\n[staff 1003]\nname=三\n", FX_MORNING);
    GTimeZone *tz = g_time_zone_new_identifier ("Europe/Berlin");
    GRand *rand = g_rand_new_with_seed (20261127);
    sqlite3 *db = hall_store_db (fx->store);
    int64_t now = hall_engine_now (fx->engine);
    const char *days[] = { "2026-03-29", "2026-10-24", "2026-10-25" };
    const char *states[] = { "finished", "finished", "finished", "finished", "noshow", "expired",
                             "cancelled", "waiting", "called", "serving" };
    const char *categories[] = { "a", "b", "c" };
    const int64_t targets[] = { 600, 1800, 0 };
    const int64_t common[] = { 0, 60, 120, 300, 301 };
    enum { N = 6000 };
    random_ticket_t *tickets = g_new0 (random_ticket_t, N);
    sqlite3_stmt *ticket, *rating, *service_case;
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "INSERT INTO ticket (day, category, seq, number, state, issued_at, queued_at, queue_key,"
        " window, clerk, called_at, started_at, finished_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6,"
        " ?7, ?8, ?9, ?10, ?11)", -1, &ticket, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "INSERT INTO rating (ticket, category, level, reasons_version, is_default, channel, time,"
        " excluded) VALUES (?1, ?2, ?3, '1', ?4, 'pad', ?5, ?6)", -1, &rating, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "INSERT INTO service_case (kind, ticket, rating, category, state, opened_at, contact_due,"
        " rectify_due, contacted_at, rectified_at, revisited_at, closed_at, verdict_source, anonymous)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", -1, &service_case, NULL),
        ==, SQLITE_OK);
    g_assert_cmpint (hall_store_begin (fx->store), ==, 0);
    for (int i = 0; i < N; i++) {
        random_ticket_t *t = &tickets[i];
        int d = g_rand_int_range (rand, 0, 3), c = g_rand_int_range (rand, 0, 3);
        int y, m, dd;
        g_assert_cmpint (sscanf (days[d], "%d-%d-%d", &y, &m, &dd), ==, 3);
        GDateTime *midnight = g_date_time_new (tz, y, m, dd, 0, 0, 0);
        GDateTime *next = g_date_time_add_days (midnight, 1);
        t->issued = g_date_time_to_unix (midnight)
                    + g_rand_int_range (rand, 0, (int) (g_date_time_to_unix (next) - g_date_time_to_unix (midnight)));
        GDateTime *utc = g_date_time_new_from_unix_utc (t->issued);
        GDateTime *there = g_date_time_to_timezone (utc, tz);
        g_snprintf (t->hour, sizeof t->hour, "%02d", g_date_time_get_hour (there));
        g_date_time_unref (there);
        g_date_time_unref (utc);
        g_date_time_unref (next);
        g_date_time_unref (midnight);
        g_snprintf (t->day, sizeof t->day, "%s", days[d]);
        g_snprintf (t->category, sizeof t->category, "%s", categories[c]);
        t->target = targets[c];
        t->state = states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
        t->called = strcmp (t->state, "waiting") && strcmp (t->state, "cancelled")
                    && (strcmp (t->state, "expired") || g_rand_boolean (rand));
        int kind = g_rand_int_range (rand, 0, 100);
        t->wait = kind < 30 ? common[g_rand_int_range (rand, 0, G_N_ELEMENTS (common))]
                : kind < 90 ? g_rand_int_range (rand, 0, 7200)
                : kind < 98 ? g_rand_int_range (rand, 7200, 200000)
                : -g_rand_int_range (rand, 1, 600);
        if (t->called) {
            t->window = g_rand_int_range (rand, 1, 4);
            if (g_rand_int_range (rand, 0, 10))
                g_snprintf (t->clerk, sizeof t->clerk, "100%d", t->window);
            else
                g_snprintf (t->clerk, sizeof t->clerk, "-");     /* an admin drove the window */
        }
        bool finished = strcmp (t->state, "finished") == 0;
        t->timed = finished && g_rand_int_range (rand, 0, 10);
        t->service = g_rand_int_range (rand, 30, 2000);
        char number[16];
        g_snprintf (number, sizeof number, "%s%04d", t->category, i);
        sqlite3_bind_text (ticket, 1, t->day, -1, SQLITE_STATIC);
        sqlite3_bind_text (ticket, 2, t->category, -1, SQLITE_STATIC);
        sqlite3_bind_int (ticket, 3, i);
        sqlite3_bind_text (ticket, 4, number, -1, SQLITE_STATIC);
        sqlite3_bind_text (ticket, 5, t->state, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (ticket, 6, t->issued);
        if (t->called) {
            sqlite3_bind_int (ticket, 7, t->window);
            if (strcmp (t->clerk, "-"))
                sqlite3_bind_text (ticket, 8, t->clerk, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (ticket, 9, t->issued + t->wait);
        }
        if (t->timed)
            sqlite3_bind_int64 (ticket, 10, t->issued + t->wait + 60);
        if (finished)
            sqlite3_bind_int64 (ticket, 11, t->issued + t->wait + 60 + t->service);
        g_assert_cmpint (sqlite3_step (ticket), ==, SQLITE_DONE);
        sqlite3_reset (ticket);
        sqlite3_clear_bindings (ticket);
        int64_t id = sqlite3_last_insert_rowid (db), rating_id = 0;
        if (finished && g_rand_int_range (rand, 0, 10) < 8) {
            t->level = g_rand_int_range (rand, 1, 6);
            t->is_default = t->level == 3 && g_rand_boolean (rand);
            t->excluded = !t->is_default && g_rand_int_range (rand, 0, 10) == 0;
            sqlite3_bind_int64 (rating, 1, id);
            sqlite3_bind_text (rating, 2, t->category, -1, SQLITE_STATIC);
            sqlite3_bind_int (rating, 3, t->level);
            sqlite3_bind_int (rating, 4, t->is_default);
            sqlite3_bind_int64 (rating, 5, t->issued + 86400);
            sqlite3_bind_int (rating, 6, t->excluded);
            g_assert_cmpint (sqlite3_step (rating), ==, SQLITE_DONE);
            sqlite3_reset (rating);
            rating_id = sqlite3_last_insert_rowid (db);
        }
        /* A case for each 差评, and a complaint for some finished tickets. */
        for (int k = 0; k < 2; k++) {
            bool is_rating = k == 0;
            if (is_rating ? !(rating_id && !t->is_default && t->level <= 2)
                          : !(finished && g_rand_int_range (rand, 0, 10) == 0))
                continue;
            int64_t opened = t->issued + 86400, due[2], at[4];
            due[0] = now + g_rand_int_range (rand, -86400, 86400);
            due[1] = due[0] + g_rand_int_range (rand, 0, 86400);
            for (int a = 0; a < 4; a++)     /* contacted, rectified, revisited, closed: or NULL */
                at[a] = g_rand_boolean (rand) ? now + g_rand_int_range (rand, -2 * 86400, 0) : 0;
            bool is_closed = at[3] != 0;
            /* Anonymous 差评 are outside the revisit rate; a revisit
             * counts once the visitor's verdict has its source. */
            bool anonymous = is_rating && g_rand_int_range (rand, 0, 4) == 0;
            bool heard = at[2] && g_rand_int_range (rand, 0, 5);
            sqlite3_bind_text (service_case, 1, is_rating ? "rating" : "complaint", -1, SQLITE_STATIC);
            sqlite3_bind_int64 (service_case, 2, id);
            if (is_rating)
                sqlite3_bind_int64 (service_case, 3, rating_id);
            sqlite3_bind_text (service_case, 4, t->category, -1, SQLITE_STATIC);
            sqlite3_bind_text (service_case, 5, is_closed ? "closed" : "contacted", -1, SQLITE_STATIC);
            sqlite3_bind_int64 (service_case, 6, opened);
            sqlite3_bind_int64 (service_case, 7, due[0]);
            sqlite3_bind_int64 (service_case, 8, due[1]);
            for (int a = 0; a < 4; a++)
                if (at[a])
                    sqlite3_bind_int64 (service_case, 9 + a, at[a]);
            if (heard)
                sqlite3_bind_text (service_case, 13, g_rand_boolean (rand) ? "visitor" : "phone_call", -1,
                                   SQLITE_STATIC);
            sqlite3_bind_int (service_case, 14, anonymous);
            g_assert_cmpint (sqlite3_step (service_case), ==, SQLITE_DONE);
            sqlite3_reset (service_case);
            sqlite3_clear_bindings (service_case);
            int64_t contact = at[0] ? at[0] : at[3] ? at[3] : now;
            int64_t rectify = at[1] ? at[1] : at[3] ? at[3] : now;
            t->cases++;
            t->cases_closed += is_closed;
            t->cases_overdue += contact >= due[0] || rectify >= due[1];
            t->bad_cases += is_rating && !t->excluded && !anonymous;
            t->revisited += is_rating && !t->excluded && !anonymous && heard;
        }
    }
    g_assert_cmpint (hall_store_commit (fx->store), ==, 0);
    sqlite3_finalize (ticket);
    sqlite3_finalize (rating);
    sqlite3_finalize (service_case);

    const char *groupings[] = { "category", "window", "clerk", "hour", "day" };
    for (size_t b = 0; b < G_N_ELEMENTS (groupings); b++) {
        json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                                    json_pack ("{s:s, s:s, s:s}", "from", "2026-03-01", "to", "2026-10-31",
                                               "by", groupings[b]));
        g_assert_cmpstr (fx_error (reply), ==, "ok");
        json_t *report = json_object_get (reply, "result");
        GHashTable *groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    (GDestroyNotify) g_ptr_array_unref);
        GPtrArray *all = g_ptr_array_new ();
        for (int i = 0; i < N; i++) {
            char buffer[16];
            const char *key = s_random_key (&tickets[i], groupings[b], buffer);
            GPtrArray *group = g_hash_table_lookup (groups, key);
            if (!group) {
                group = g_ptr_array_new ();
                g_hash_table_insert (groups, g_strdup (key), group);
            }
            g_ptr_array_add (group, &tickets[i]);
            g_ptr_array_add (all, &tickets[i]);
        }
        g_assert_cmpuint (json_array_size (json_object_get (report, "rows")), ==, g_hash_table_size (groups));
        GHashTableIter iter;
        gpointer key, group;
        g_hash_table_iter_init (&iter, groups);
        while (g_hash_table_iter_next (&iter, &key, &group))
            s_check_random_row (report, key, (random_ticket_t **) ((GPtrArray *) group)->pdata,
                                ((GPtrArray *) group)->len);
        s_check_random_row (report, "total", (random_ticket_t **) all->pdata, all->len);
        g_ptr_array_free (all, TRUE);
        g_hash_table_destroy (groups);
        json_decref (reply);
    }
    g_free (tickets);
    g_rand_free (rand);
    g_time_zone_unref (tz);
    fixture_free (fx);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/report/by-category", test_by_category);
    g_test_add_func ("/report/by-window-and-clerk", test_by_window_and_clerk);
    g_test_add_func ("/report/by-hour-and-day", test_by_hour_and_day);
    g_test_add_func ("/report/refused", test_refused);
    g_test_add_func ("/report/csv-same-numbers", test_csv_same_numbers);
    g_test_add_func ("/report/random-against-plain", test_random_against_plain);
    return g_test_run ();
}
