/*  test-gov.c — gov records (server/gov.c): every rating owed to the
 *  province once per 办件 it covers, a closed 差评 case once; delivery
 *  state kept by the server: accepted, retried with back-off, refused and
 *  held for a person; a lost reply answered again without change.
 */
#include "engine-fixture.h"
#include <string.h>

static const char *s_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\narea_code=330102\n"
    "[category business]\nprefix=A\nname=企业登记\nitem_code=330102-001-XK-01\n"
    "department=市场监管所\ndepartment_code=11330102MB1234567B\n"
    "[window 1]\nprimary=business\n[staff 1001]\nname=王芳\n";

static json_t *
s_op (fixture_t *fx, hall_role_t role, const char *op, json_t *args)
{
    json_t *reply = fixture_op (fx, role, 0, op, args);
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *result = json_incref (json_object_get (reply, "result"));
    json_decref (reply);
    return result;
}

static const char *
s_result (fixture_t *fx, int64_t id, const char *outcome, const char *reason)
{
    static char error[32];
    json_t *args = json_pack ("{s:I, s:s}", "id", (json_int_t) id, "outcome", outcome);
    if (reason)
        json_object_set_new (args, "reason", json_string (reason));
    json_t *reply = fixture_op (fx, HALL_ROLE_GOV_SYNC, 0, "gov.result", args);
    g_strlcpy (error, fx_error (reply), sizeof error);
    json_decref (reply);
    return error;
}

static void
s_serve (fixture_t *fx, const char *matter)
{
    fx_issue (fx, "business");
    fx_call (fx, 1);
    fx_do (fx, "start", 1);
    if (matter) {
        json_t *reply = fixture_op (fx, HALL_ROLE_COUNTER, 1, "matter.add",
                                    json_pack ("{s:i, s:s}", "window", 1, "number", matter));
        g_assert_cmpstr (fx_error (reply), ==, "ok");
        json_decref (reply);
    }
    fx_do (fx, "finish", 1);
}

static void
test_owed_and_delivered (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin", json_pack ("{s:i, s:s}", "window", 1, "staff", "1001")));
    s_serve (fx, "BJ-0001");                                   /* A001: one 办件 */
    json_decref (s_op (fx, HALL_ROLE_ADMIN, "rate", json_pack ("{s:s, s:i}", "ticket", "A001", "level", 5)));
    s_serve (fx, NULL);                                        /* A002: none */
    json_t *bad = s_op (fx, HALL_ROLE_ADMIN, "rate",
                        json_pack ("{s:s, s:i, s:[s], s:s, s:b}", "ticket", "A002", "level", 1, "reasons", "wait_long",
                                   "contact_phone", "13800138000", "consent", true));
    int64_t kase = json_integer_value (json_object_get (json_object_get (bad, "case"), "id"));
    json_decref (bad);
    /* Not for other roles. */
    json_t *reply = fixture_op (fx, HALL_ROLE_WEB, 0, "gov.pending", NULL);
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);

    json_t *pending = s_op (fx, HALL_ROLE_GOV_SYNC, "gov.pending", NULL);
    json_t *records = json_object_get (pending, "records");
    g_assert_cmpint (json_array_size (records), ==, 2);
    json_t *first = json_array_get (records, 0);
    g_assert_cmpstr (json_string_value (json_object_get (first, "matter")), ==, "BJ-0001");
    g_assert_cmpstr (json_string_value (json_object_get (first, "department_code")), ==, "11330102MB1234567B");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (first, "clerk"), "name")), ==, "王芳");
    g_assert_cmpstr (json_string_value (json_object_get (first, "ticket")), ==, "2026-11-27 A001");
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (first, "rating"), "level")), ==, 5);
    g_assert_true (g_str_has_prefix (json_string_value (json_object_get (first, "key")), "330102-"));
    json_t *second = json_array_get (records, 1);
    g_assert_true (json_is_null (json_object_get (second, "matter")));
    int64_t a = json_integer_value (json_object_get (first, "id"));
    int64_t b = json_integer_value (json_object_get (second, "id"));
    json_decref (pending);

    /* Accepted; accepted again (a lost reply) changes nothing. */
    g_assert_cmpstr (s_result (fx, a, "accepted", NULL), ==, "ok");
    g_assert_cmpstr (s_result (fx, a, "accepted", NULL), ==, "ok");
    g_assert_cmpstr (s_result (fx, a, "refused", "late"), ==, "bad_state");
    /* Down: tried again after a minute, then two. */
    g_assert_cmpstr (s_result (fx, b, "retry", "HTTP 503"), ==, "ok");
    pending = s_op (fx, HALL_ROLE_GOV_SYNC, "gov.pending", NULL);
    g_assert_cmpint (json_array_size (json_object_get (pending, "records")), ==, 0);
    g_assert_cmpint (json_integer_value (json_object_get (pending, "pending")), ==, 1);
    json_decref (pending);
    fx_advance (fx, 60);
    pending = s_op (fx, HALL_ROLE_GOV_SYNC, "gov.pending", NULL);
    g_assert_cmpint (json_array_size (json_object_get (pending, "records")), ==, 1);
    json_decref (pending);
    g_assert_cmpstr (s_result (fx, b, "retry", "timeout"), ==, "ok");
    fx_advance (fx, 119);
    pending = s_op (fx, HALL_ROLE_GOV_SYNC, "gov.pending", NULL);
    g_assert_cmpint (json_array_size (json_object_get (pending, "records")), ==, 0);
    json_decref (pending);
    fx_advance (fx, 1);
    /* Refused as invalid: held with the reason, for a person. */
    g_assert_cmpstr (s_result (fx, b, "refused", NULL), ==, "bad_field");
    g_assert_cmpstr (s_result (fx, b, "refused", "办件编号缺失"), ==, "ok");
    json_t *held = s_op (fx, HALL_ROLE_MANAGER, "gov.held", NULL);
    g_assert_cmpint (json_array_size (json_object_get (held, "records")), ==, 1);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (json_object_get (held, "records"), 0), "reason")),
                     ==, "办件编号缺失");
    json_decref (held);
    g_assert_cmpstr (s_result (fx, b, "retry", "x"), ==, "bad_state");

    /* The 差评 case closed: its outcome is owed once. */
    json_t *steps[] = {
        json_pack ("{s:s, s:s}", "action", "contact", "method", "phone"),
        json_pack ("{s:s, s:s}", "action", "rectify", "by", "陈科长"),
        json_pack ("{s:s, s:s, s:s, s:s}", "action", "revisit", "method", "phone", "called", "13800138000",
                   "verdict", "满意"),
        json_pack ("{s:s}", "action", "close"),
    };
    for (size_t i = 0; i < G_N_ELEMENTS (steps); i++) {
        json_object_set_new (steps[i], "case", json_integer (kase));
        json_object_set_new (steps[i], "note", json_string ("已处理"));
        json_decref (s_op (fx, HALL_ROLE_MANAGER, "case.update", steps[i]));
    }
    pending = s_op (fx, HALL_ROLE_GOV_SYNC, "gov.pending", NULL);
    records = json_object_get (pending, "records");
    g_assert_cmpint (json_array_size (records), ==, 1);
    json_t *outcome = json_object_get (json_array_get (records, 0), "case");
    g_assert_cmpstr (json_string_value (json_object_get (outcome, "verdict")), ==, "满意");
    g_assert_false (json_is_null (json_object_get (outcome, "closed_at")));
    json_decref (pending);
    fixture_free (fx);
}

/* The default 基本满意 is owed too, as a default. */
static void
test_default_owed (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin", json_pack ("{s:i, s:s}", "window", 1, "staff", "1001")));
    s_serve (fx, "BJ-0002");
    fx_advance (fx, 8 * 86400);
    fx_tick (fx);
    json_t *pending = s_op (fx, HALL_ROLE_GOV_SYNC, "gov.pending", NULL);
    json_t *records = json_object_get (pending, "records");
    g_assert_cmpint (json_array_size (records), ==, 1);
    json_t *rating = json_object_get (json_array_get (records, 0), "rating");
    g_assert_cmpstr (json_string_value (json_object_get (rating, "channel")), ==, "default");
    g_assert_true (json_is_true (json_object_get (rating, "is_default")));
    json_decref (pending);
    fixture_free (fx);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/gov/owed-and-delivered", test_owed_and_delivered);
    g_test_add_func ("/gov/default-owed", test_default_owed);
    return g_test_run ();
}
