/*  test-alerts.c — what a hall's people are told and what forgives a slip,
 *  in-process on an in-memory database with the test clock: alerts kept
 *  by the server (a kiosk's printer trouble raised and cleared, a
 *  dashboard's rules recorded, a day's alerts and the open ones after a
 *  day change), the desk's no-show rule (noshow_after, noshow_recalls)
 *  and the reception desk's role.
 */
#include "engine-fixture.h"
#include <string.h>

static const char *s_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\nnoshow_after=90\nnoshow_recalls=1\n"
    "[category a]\nprefix=A\nname=甲\ntarget_wait=10\n"
    "[window 1]\nprimary=a\n[staff 1001]\nname=王芳\n";

static json_t *
s_result (json_t *reply)
{
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    return json_object_get (reply, "result");
}

/* Asserts REPLY is ok, and frees it. */
static void
s_done (json_t *reply)
{
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
}

static int
s_count (GPtrArray *events, const char *type)
{
    int n = 0;
    for (guint i = 0; events && i < events->len; i++)
        n += strcmp (json_string_value (json_object_get (g_ptr_array_index (events, i), "type")), type) == 0;
    return n;
}

static const char *
s_trouble (fixture_t *fx, const char *state)
{
    static char error[32];
    static int64_t req = 1000;
    json_t *reply = fixture_op_as (fx, "kiosk-1-77aa", req++, HALL_ROLE_KIOSK, 0, "device.trouble",
                                   json_pack ("{s:s, s:s, s:s}", "part", "printer", "state", state,
                                              "detail", "tcp:127.0.0.1:9100: connection refused"));
    g_snprintf (error, sizeof error, "%s", fx_error (reply));
    json_decref (reply);
    return error;
}

static json_t *
s_alerts (fixture_t *fx, const char *from)
{
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "alerts", from ? json_pack ("{s:s}", "from", from) : NULL);
    json_t *result = json_incref (s_result (reply));
    json_decref (reply);
    return result;
}

static void
test_printer_trouble (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    g_assert_cmpstr (s_trouble (fx, "jammed"), ==, "bad_field");
    g_assert_cmpstr (s_trouble (fx, "unreachable"), ==, "ok");
    g_assert_cmpint (s_count (fx->last_events, "alert.raised"), ==, 1);
    /* Reported again while it holds: one alert, counted. */
    fx_advance (fx, 60);
    g_assert_cmpstr (s_trouble (fx, "unreachable"), ==, "ok");
    json_t *alerts = s_alerts (fx, NULL);
    g_assert_cmpint (json_integer_value (json_object_get (alerts, "open")), ==, 1);
    json_t *alert = json_array_get (json_object_get (alerts, "alerts"), 0);
    g_assert_cmpstr (json_string_value (json_object_get (alert, "subject")), ==, "printer:kiosk-1-77aa");
    g_assert_cmpstr (json_string_value (json_object_get (alert, "kind")), ==, "device");
    g_assert_cmpstr (json_string_value (json_object_get (alert, "urgency")), ==, "critical");
    g_assert_cmpint (json_integer_value (json_object_get (alert, "count")), ==, 2);
    g_assert_nonnull (strstr (json_string_value (json_object_get (alert, "summary")), "无法连接"));
    json_decref (alerts);
    /* It prints again: cleared, once. */
    g_assert_cmpstr (s_trouble (fx, "ok"), ==, "ok");
    g_assert_cmpint (s_count (fx->last_events, "alert.cleared"), ==, 1);
    g_assert_cmpstr (s_trouble (fx, "ok"), ==, "ok");
    g_assert_cmpint (s_count (fx->last_events, "alert.cleared"), ==, 0);
    alerts = s_alerts (fx, NULL);
    g_assert_cmpint (json_integer_value (json_object_get (alerts, "open")), ==, 0);
    g_assert_cmpuint (json_array_size (json_object_get (alerts, "alerts")), ==, 1);
    json_decref (alerts);
    /* Only devices report their own trouble; a display may, a manager not. */
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "device.trouble",
                                json_pack ("{s:s, s:s}", "part", "printer", "state", "failed"));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "alert.raise", json_pack ("{s:s, s:s, s:s, s:s}",
                        "subject", "printer:kiosk-1-77aa", "kind", "other", "urgency", "low", "summary", "x"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    json_decref (reply);
    fixture_free (fx);
}

static void
test_dashboard_alerts_kept (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    const char *bad[][3] = { { "wait:a", "sleepy", "normal" }, { "wait:a", "wait", "loud" } };
    for (size_t i = 0; i < G_N_ELEMENTS (bad); i++) {
        json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "alert.raise", json_pack ("{s:s, s:s, s:s, s:s}",
                                    "subject", bad[i][0], "kind", bad[i][1], "urgency", bad[i][2], "summary", "甲 等候超时"));
        g_assert_cmpstr (fx_error (reply), ==, "bad_field");
        json_decref (reply);
    }
    /* Two dashboards raising the same subject: one alert. */
    for (int i = 0; i < 2; i++)
        s_done (fixture_op (fx, HALL_ROLE_MANAGER, 0, "alert.raise", json_pack ("{s:s, s:s, s:s, s:s, s:s}",
                     "subject", "wait:a", "kind", "wait", "urgency", "normal", "summary", "甲 等候超时",
                     "body", "A003 已等 12 分钟")));
    s_done (fixture_op (fx, HALL_ROLE_MANAGER, 0, "alert.raise", json_pack ("{s:s, s:s, s:s, s:s}",
                 "subject", "crowd:a", "kind", "crowd", "urgency", "normal", "summary", "甲 人多")));
    s_done (fixture_op (fx, HALL_ROLE_MANAGER, 0, "alert.clear",
                                       json_pack ("{s:s}", "subject", "crowd:a")));
    json_t *alerts = s_alerts (fx, NULL);
    g_assert_cmpuint (json_array_size (json_object_get (alerts, "alerts")), ==, 2);
    g_assert_cmpint (json_integer_value (json_object_get (alerts, "open")), ==, 1);
    json_decref (alerts);
    /* The next day: the still-open one is there, with yesterday's by asking. */
    fx_advance (fx, 86400);
    fx_tick (fx);
    alerts = s_alerts (fx, NULL);
    g_assert_cmpuint (json_array_size (json_object_get (alerts, "alerts")), ==, 1);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (json_object_get (alerts, "alerts"), 0),
                     "subject")), ==, "wait:a");
    json_decref (alerts);
    alerts = s_alerts (fx, "2026-11-27");
    g_assert_cmpuint (json_array_size (json_object_get (alerts, "alerts")), ==, 2);
    json_decref (alerts);
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "alerts", json_pack ("{s:s, s:s}", "from", "2026-11-28",
                                "to", "2026-11-27"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    json_decref (reply);
    fixture_free (fx);
}

/* A no-show only once the visitor had their time or a recall. */
static void
test_noshow_rule (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin", json_pack ("{s:i, s:s}", "window", 1, "staff", "1001")));
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A002");
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    fx_advance (fx, 30);
    g_assert_cmpstr (fx_do (fx, "noshow", 1), ==, "!too_soon");
    fx_advance (fx, 59);
    g_assert_cmpstr (fx_do (fx, "noshow", 1), ==, "!too_soon");
    fx_advance (fx, 1);
    g_assert_cmpstr (fx_do (fx, "noshow", 1), ==, "A001");
    /* A recall is enough, whatever the time. */
    g_assert_cmpstr (fx_call (fx, 1), ==, "A002");
    g_assert_cmpstr (fx_do (fx, "noshow", 1), ==, "!too_soon");
    g_assert_cmpstr (fx_do (fx, "recall", 1), ==, "A002");
    g_assert_cmpstr (fx_do (fx, "noshow", 1), ==, "A002");
    /* The desks know the rule. */
    json_t *reply = fixture_op (fx, HALL_ROLE_COUNTER, 1, "snapshot", NULL);
    json_t *hall = json_object_get (s_result (reply), "hall");
    g_assert_cmpint (json_integer_value (json_object_get (hall, "noshow_after")), ==, 90);
    g_assert_cmpint (json_integer_value (json_object_get (hall, "noshow_recalls")), ==, 1);
    json_decref (reply);
    fixture_free (fx);
}

/* The reception desk (导服台): re-queues a missed ticket, re-prints one,
 * issues a green-channel ticket granted by a staff member verified by
 * their password, cancels and looks up; it does not drive windows. */
static void
test_reception_desk (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    s_done (fixture_op (fx, HALL_ROLE_ADMIN, 0, "staff.password",
                                       json_pack ("{s:s, s:s}", "staff", "1001", "password", "wang-1001")));
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin",
                             json_pack ("{s:i, s:s, s:s}", "window", 1, "staff", "1001", "password", "wang-1001")));
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    g_assert_cmpstr (fx_do (fx, "recall", 1), ==, "A001");
    g_assert_cmpstr (fx_do (fx, "noshow", 1), ==, "A001");
    json_t *reply = fixture_op (fx, HALL_ROLE_RECEPTION, 0, "requeue", json_pack ("{s:s}", "ticket", "A001"));
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (s_result (reply), "ticket"), "state")), ==,
                     "waiting");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_RECEPTION, 0, "ticket.reprint", json_pack ("{s:s}", "ticket", "A001"));
    g_assert_nonnull (json_object_get (s_result (reply), "token"));
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_RECEPTION, 0, "ticket.find", json_pack ("{s:s}", "number", "A001"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    /* A green channel needs a granter who proves who they are. */
    struct { const char *granter, *password, *error; } greens[] = {
        { "1001", NULL, "auth" }, { "1001", "wrong", "auth" }, { "9999", "x", "unknown_staff" },
        { "1001", "wang-1001", "ok" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (greens); i++) {
        json_t *args = json_pack ("{s:s, s:s, s:s}", "category", "a", "green", "军人优先", "granted_by", greens[i].granter);
        if (greens[i].password)
            json_object_set_new (args, "password", json_string (greens[i].password));
        reply = fixture_op (fx, HALL_ROLE_RECEPTION, 0, "issue", args);
        g_assert_cmpstr (fx_error (reply), ==, greens[i].error);
        json_decref (reply);
    }
    reply = fixture_op (fx, HALL_ROLE_RECEPTION, 0, "cancel", json_pack ("{s:s}", "ticket", "A002"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    const char *not_its[] = { "call", "finish", "pause", "case.update", "window.map" };
    for (size_t i = 0; i < G_N_ELEMENTS (not_its); i++) {
        reply = fixture_op (fx, HALL_ROLE_RECEPTION, 0, not_its[i],
                            json_loads (hall_op_example (hall_op_from_name (not_its[i])), 0, NULL));
        g_assert_cmpstr (fx_error (reply), ==, "forbidden");
        json_decref (reply);
    }
    fixture_free (fx);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/alerts/printer-trouble", test_printer_trouble);
    g_test_add_func ("/alerts/dashboard-alerts-kept", test_dashboard_alerts_kept);
    g_test_add_func ("/desk/noshow-rule", test_noshow_rule);
    g_test_add_func ("/reception/desk", test_reception_desk);
    return g_test_run ();
}
