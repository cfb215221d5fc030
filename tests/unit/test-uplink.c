/*  test-uplink.c — the event log for the county (`events.read`) and the
 *  county's lag watch, in-process on an in-memory database with the test
 *  clock: pages in order with nothing twice and nothing missed, the rows
 *  they touched as they are now, nothing personal, the role, and the
 *  alert `county:lag` raised and cleared.
 */
#include "engine-fixture.h"
#include <string.h>

static const char *s_hall =
    "[hall]\nname=城关镇便民服务中心\ntimezone=Asia/Shanghai\narea_code=330102\ncounty_lag_alert=10\n"
    "[category a]\nprefix=A\nname=甲\ntarget_wait=10\ndepartment=市场监管局\n"
    "[category b]\nprefix=B\nname=乙\n"
    "[window 1]\nprimary=a\nbackup=b\n[window 2]\nprimary=b\n[staff 1001]\nname=王芳\n";

static json_t *
s_read (fixture_t *fx, hall_role_t role, json_int_t after, json_int_t limit, const char *expect)
{
    json_t *reply = fixture_op (fx, role, role == HALL_ROLE_COUNTER || role == HALL_ROLE_RATING_PAD, "events.read", json_pack ("{s:I, s:I}", "after", after, "limit", limit));
    g_assert_cmpstr (fx_error (reply), ==, expect);
    json_t *result = json_incref (json_object_get (reply, "result"));
    json_decref (reply);
    return result;
}

static void
s_ok (json_t *reply)
{
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
}

/* A morning: issued with an ID number and a phone, called, served, rated
 * with text, a 差评 with a contact number. */
static void
s_morning (fixture_t *fx)
{
    s_ok (fixture_op (fx, HALL_ROLE_ADMIN, 0, "issue",
                      json_pack ("{s:s, s:s}", "category", "a", "person", "330102199001011234")));
    fx_issue (fx, "a");
    fx_issue (fx, "b");
    s_ok (fixture_op (fx, HALL_ROLE_COUNTER, 1, "signin", json_pack ("{s:i, s:s}", "window", 1, "staff", "1001")));
    fx_advance (fx, 120);
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    fx_do (fx, "start", 1);
    fx_advance (fx, 300);
    fx_do (fx, "finish", 1);
    s_ok (fixture_op (fx, HALL_ROLE_RATING_PAD, 1, "rate",
                      json_pack ("{s:i, s:i, s:[s], s:s, s:s, s:b}", "window", 1, "level", 1, "reasons", "impolite",
                                 "text", "态度很差", "contact_phone", "13800138000", "consent", 1)));
    g_assert_cmpstr (fx_call (fx, 1), ==, "A002");
}

static void
test_pages (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    s_morning (fx);
    json_t *all = s_read (fx, HALL_ROLE_UPLINK, 0, 2000, "ok");
    json_int_t last_seq = json_integer_value (json_object_get (all, "last_seq"));
    g_assert_cmpint (json_array_size (json_object_get (all, "events")), ==, last_seq);
    g_assert_false (json_is_true (json_object_get (all, "more")));
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (all, "hall"), "name")), ==, "城关镇便民服务中心");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (all, "hall"), "area_code")), ==, "330102");
    g_assert_cmpstr (json_string_value (json_object_get (all, "day")), ==, "2026-11-27");

    /* Pages of 3: every event once, in order, `more` until the last. */
    json_int_t after = 0;
    int pages = 0;
    for (;;) {
        json_t *page = s_read (fx, HALL_ROLE_UPLINK, after, 3, "ok");
        json_t *events = json_object_get (page, "events");
        g_assert_cmpuint (json_array_size (events), <=, 3);
        size_t i;
        json_t *event;
        json_array_foreach (events, i, event)
            g_assert_cmpint (json_integer_value (json_object_get (event, "seq")), ==, ++after);
        pages++;
        bool more = json_is_true (json_object_get (page, "more"));
        json_decref (page);
        if (!more)
            break;
    }
    g_assert_cmpint (after, ==, last_seq);
    g_assert_cmpint (pages, ==, (last_seq + 2) / 3);

    /* The rows as they are now: A001 finished, with its times; A002
     * called; its rating and case; the categories with their department;
     * the windows with their clerk and categories; staff by id and name. */
    json_t *tickets = json_object_get (all, "tickets");
    g_assert_cmpuint (json_array_size (tickets), ==, 3);
    json_t *a001 = json_array_get (tickets, 0);
    g_assert_cmpstr (json_string_value (json_object_get (a001, "number")), ==, "A001");
    g_assert_cmpstr (json_string_value (json_object_get (a001, "state")), ==, "finished");
    g_assert_cmpint (json_integer_value (json_object_get (a001, "called_at"))
                     - json_integer_value (json_object_get (a001, "issued_at")), ==, 120);
    g_assert_cmpint (json_integer_value (json_object_get (a001, "finished_at"))
                     - json_integer_value (json_object_get (a001, "started_at")), ==, 300);
    g_assert_true (json_is_false (json_object_get (a001, "green")));
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (tickets, 1), "state")), ==, "called");
    json_t *rating = json_array_get (json_object_get (all, "ratings"), 0);
    g_assert_cmpint (json_integer_value (json_object_get (rating, "level")), ==, 1);
    g_assert_true (json_is_false (json_object_get (rating, "is_default")));
    g_assert_true (json_is_array (json_object_get (rating, "reasons")));
    g_assert_cmpuint (json_array_size (json_object_get (all, "cases")), ==, 1);
    json_t *category = json_array_get (json_object_get (all, "categories"), 0);
    g_assert_cmpstr (json_string_value (json_object_get (category, "department")), ==, "市场监管局");
    g_assert_cmpint (json_integer_value (json_object_get (category, "target_wait")), ==, 600);
    json_t *window = json_array_get (json_object_get (all, "windows"), 0);
    g_assert_cmpstr (json_string_value (json_object_get (window, "clerk")), ==, "1001");
    g_assert_cmpuint (json_array_size (json_object_get (window, "categories")), ==, 2);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (json_object_get (all, "staff"), 0), "name")),
                     ==, "王芳");

    /* A page names only what its events touched: the first event's page
     * has A001 alone. */
    json_t *first = s_read (fx, HALL_ROLE_UPLINK, 0, 1, "ok");
    g_assert_cmpuint (json_array_size (json_object_get (first, "tickets")), ==, 1);
    json_decref (first);

    /* Nothing personal anywhere: no ID number, no rating text, no phone,
     * no token. */
    char *text = json_dumps (all, JSON_COMPACT);
    g_assert_null (strstr (text, "330102199001011234"));
    g_assert_null (strstr (text, "13800138000"));
    g_assert_null (strstr (text, "态度很差"));
    g_assert_null (strstr (text, "\"person\""));
    g_assert_null (strstr (text, "\"token\""));
    g_assert_null (strstr (text, "\"phone\""));
    free (text);
    json_decref (all);
    fixture_free (fx);
}

static void
test_refusals (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    fx_issue (fx, "a");
    hall_role_t others[] = { HALL_ROLE_KIOSK, HALL_ROLE_COUNTER, HALL_ROLE_DISPLAY, HALL_ROLE_MANAGER,
                             HALL_ROLE_WEB, HALL_ROLE_GOV_SYNC, HALL_ROLE_RECEPTION, HALL_ROLE_RATING_PAD };
    for (size_t i = 0; i < G_N_ELEMENTS (others); i++)
        json_decref (s_read (fx, others[i], 0, 10, "forbidden"));
    json_decref (s_read (fx, HALL_ROLE_UPLINK, -1, 10, "bad_field"));
    json_decref (s_read (fx, HALL_ROLE_UPLINK, 0, 0, "bad_field"));
    json_decref (s_read (fx, HALL_ROLE_UPLINK, 0, 2001, "bad_field"));
    /* The uplink may call nothing that writes. */
    json_t *reply = fixture_op (fx, HALL_ROLE_UPLINK, 0, "issue", json_pack ("{s:s}", "category", "a"));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_UPLINK, 0, "snapshot", NULL);
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    /* Past the end: an empty page. */
    json_t *page = s_read (fx, HALL_ROLE_UPLINK, 1000, 10, "ok");
    g_assert_cmpuint (json_array_size (json_object_get (page, "events")), ==, 0);
    g_assert_false (json_is_true (json_object_get (page, "more")));
    json_decref (page);
    fixture_free (fx);
}

static bool
s_lag_open (fixture_t *fx)
{
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "alerts", NULL);
    json_t *alerts = json_object_get (json_object_get (reply, "result"), "alerts");
    bool open = false;
    size_t i;
    json_t *alert;
    json_array_foreach (alerts, i, alert)
        open |= strcmp (json_string_value (json_object_get (alert, "subject")), "county:lag") == 0
                && json_is_null (json_object_get (alert, "cleared_at"));
    json_decref (reply);
    return open;
}

static void
test_lag_alert (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    /* A hall no county ever read: no watch, however old its events. */
    fx_issue (fx, "a");
    fx_advance (fx, 3600);
    fx_tick (fx);
    g_assert_false (s_lag_open (fx));

    /* The county read once and holds everything; then the link is cut. */
    json_t *page = s_read (fx, HALL_ROLE_UPLINK, 0, 2000, "ok");
    json_int_t held = json_integer_value (json_object_get (page, "last_seq"));
    json_decref (page);
    json_decref (s_read (fx, HALL_ROLE_UPLINK, held, 2000, "ok"));
    fx_issue (fx, "a");                       /* the first event the county lacks */
    fx_advance (fx, 9 * 60);
    fx_tick (fx);
    g_assert_false (s_lag_open (fx));         /* 9 minutes: within the limit */
    fx_advance (fx, 2 * 60);
    g_test_expect_message ("hall-county", G_LOG_LEVEL_WARNING, "the county is 11 minutes behind*");
    fx_tick (fx);
    g_test_assert_expected_messages ();
    g_assert_true (s_lag_open (fx));          /* 11 minutes */

    /* Back: the uplink reads from where the county is, and catches up. */
    page = s_read (fx, HALL_ROLE_UPLINK, held, 2000, "ok");
    held = json_integer_value (json_object_get (page, "last_seq"));
    json_decref (page);
    json_decref (s_read (fx, HALL_ROLE_UPLINK, held, 2000, "ok"));
    fx_advance (fx, 60);
    fx_tick (fx);
    g_assert_false (s_lag_open (fx));
    fixture_free (fx);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/uplink/pages-in-order-with-their-rows", test_pages);
    g_test_add_func ("/uplink/refusals", test_refusals);
    g_test_add_func ("/uplink/lag-alert", test_lag_alert);
    return g_test_run ();
}
