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
    if (reason)
        json_object_set_new (args, "reasons", json_pack ("[s]", reason));
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

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/report/by-category", test_by_category);
    g_test_add_func ("/report/by-window-and-clerk", test_by_window_and_clerk);
    g_test_add_func ("/report/by-hour-and-day", test_by_hour_and_day);
    g_test_add_func ("/report/refused", test_refused);
    g_test_add_func ("/report/csv-same-numbers", test_csv_same_numbers);
    return g_test_run ();
}
