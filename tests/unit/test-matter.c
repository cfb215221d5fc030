/*  test-matter.c — 好差评 by 办件 (server/matter.c) in the engine on an
 *  in-memory database with the test clock: the 事项 and department of a
 *  category, the 统一社会信用代码 check, the 办件编号 a desk records while
 *  serving, the category that needs one before finish, and the rating that
 *  carries them — for a journey, step by step.
 */
#include "engine-fixture.h"
#include "matter.h"
#include <string.h>
#include <unistd.h>

static const char *s_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\narea_code=330102\n"
    "[category business]\nprefix=A\nname=企业登记\nitem_code=330102-001-XK-01\n"
    "department=市场监管所\ndepartment_code=11330102MB1234567B\nmatter_required=true\n"
    "[category seal]\nprefix=B\nname=印章刻制\nitem_code=330102-002-GG-01\ndepartment=公安窗口\n"
    "[category general]\nprefix=D\nname=综合\n"
    "[journey kaiban]\nname=企业开办一件事\nsteps=business; seal\n"
    "[window 1]\nprimary=business;general\n[window 2]\nprimary=seal\n"
    "[staff 1001]\nname=王芳\n[staff 1002]\nname=李娜\n";

static fixture_t *
s_open (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    for (int w = 1; w <= 2; w++) {
        char staff[8];
        g_snprintf (staff, sizeof staff, "100%d", w);
        json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin", json_pack ("{s:i, s:s}", "window", w, "staff", staff)));
    }
    return fx;
}

static const char *
s_matter (fixture_t *fx, const char *op, int window, const char *number)
{
    static char error[32];
    json_t *reply = fixture_op (fx, HALL_ROLE_COUNTER, window, op,
                                json_pack ("{s:i, s:s}", "window", window, "number", number));
    g_strlcpy (error, fx_error (reply), sizeof error);
    json_decref (reply);
    return error;
}

static json_t *
s_category (fixture_t *fx, const char *code)
{
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "snapshot", NULL);
    json_t *found = NULL;
    size_t i;
    json_t *category;
    json_array_foreach (json_object_get (json_object_get (reply, "result"), "categories"), i, category)
        if (strcmp (json_string_value (json_object_get (category, "code")), code) == 0)
            found = json_incref (category);
    json_decref (reply);
    return found;
}

static void
test_credit_code (void)
{
    g_assert_true (hall_credit_code_valid ("91350100M000100Y43"));   /* the standard's own example */
    g_assert_true (hall_credit_code_valid ("11330102MB1234567B"));
    g_assert_false (hall_credit_code_valid ("11330102MB1234567C"));  /* check character */
    g_assert_false (hall_credit_code_valid ("11330102MB123456"));    /* length */
    g_assert_false (hall_credit_code_valid ("11330102IB1234567B"));  /* I is not in the alphabet */
    g_assert_false (hall_credit_code_valid (NULL));
}

/* The configuration is checked: a wrong credit code, area code or flag
 * names its group and key; nothing is applied. */
static void
test_config_checked (void)
{
    const char *bad[][2] = {
        { "department_code=11330102MB1234567B", "department_code=11330102MB1234567C" },
        { "area_code=330102", "area_code=33010" },
        { "matter_required=true", "matter_required=maybe" },
        { "item_code=330102-001-XK-01", "item_code=330 102" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (bad); i++) {
        GString *text = g_string_new (s_hall);
        g_string_replace (text, bad[i][0], bad[i][1], 1);
        g_autofree char *path = NULL;
        int fd = g_file_open_tmp ("hall-matter-XXXXXX.conf", &path, NULL);
        g_assert_cmpint (fd, >=, 0);
        close (fd);
        g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
        GError *error = NULL;
        hall_config_t *config = hall_config_load (path, &error);
        g_assert_null (config);
        g_assert_nonnull (error);
        const char *key = strchr (bad[i][1], '=');
        g_autofree char *name = g_strndup (bad[i][1], (gsize) (key - bad[i][1]));
        g_assert_nonnull (strstr (error->message, name));
        g_clear_error (&error);
        unlink (path);
        g_string_free (text, TRUE);
    }
}

/* The category and the hall carry their codes; the 办件编号 is recorded only
 * while serving, once, and finish waits for it where the category says. */
static void
test_record_and_require (void)
{
    fixture_t *fx = s_open ();
    json_t *business = s_category (fx, "business");
    g_assert_cmpstr (json_string_value (json_object_get (business, "item_code")), ==, "330102-001-XK-01");
    g_assert_cmpstr (json_string_value (json_object_get (business, "department")), ==, "市场监管所");
    g_assert_cmpstr (json_string_value (json_object_get (business, "department_code")), ==, "11330102MB1234567B");
    g_assert_true (json_is_true (json_object_get (business, "matter_required")));
    json_decref (business);
    json_t *general = s_category (fx, "general");
    g_assert_true (json_is_null (json_object_get (general, "item_code")));
    g_assert_true (json_is_false (json_object_get (general, "matter_required")));
    json_decref (general);
    json_t *snapshot = fixture_op (fx, HALL_ROLE_ADMIN, 0, "snapshot", NULL);
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (json_object_get (snapshot, "result"), "hall"),
                                                         "area_code")), ==, "330102");
    json_decref (snapshot);

    g_assert_cmpstr (fx_issue (fx, "business"), ==, "A001");
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    /* Called, not yet served: nothing to record. */
    g_assert_cmpstr (s_matter (fx, "matter.add", 1, "BJ20261127001"), ==, "bad_state");
    g_assert_cmpstr (fx_do (fx, "start", 1), ==, "A001");
    /* The category needs its 办件编号: finish is refused, nothing changes. */
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "!matter_required");
    g_assert_cmpstr (s_matter (fx, "matter.add", 1, "BJ 1"), ==, "bad_field");
    g_assert_cmpstr (s_matter (fx, "matter.add", 1, "BJ20261127001"), ==, "ok");
    g_assert_cmpstr (s_matter (fx, "matter.add", 1, "BJ20261127001"), ==, "duplicate_matter");
    g_assert_cmpstr (s_matter (fx, "matter.add", 1, "BJ20261127002"), ==, "ok");
    /* One typed wrong comes off; one the visit does not carry cannot. */
    g_assert_cmpstr (s_matter (fx, "matter.remove", 1, "BJ20261127002"), ==, "ok");
    g_assert_cmpstr (s_matter (fx, "matter.remove", 1, "BJ20261127002"), ==, "unknown_ticket");
    /* Another window's desk may not record on window 1's visit. */
    json_t *reply = fixture_op (fx, HALL_ROLE_COUNTER, 2, "matter.add",
                                json_pack ("{s:i, s:s}", "window", 1, "number", "BJ20261127003"));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "A001");
    /* The rating carries the 办件, the 事项 and the department. */
    reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 1, "rate", json_pack ("{s:s, s:i}", "ticket", "A001", "level", 5));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *rating = json_object_get (json_object_get (reply, "result"), "rating");
    json_t *matters = json_object_get (rating, "matters");
    g_assert_cmpint (json_array_size (matters), ==, 1);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (matters, 0), "number")), ==, "BJ20261127001");
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (matters, 0), "item_code")), ==,
                     "330102-001-XK-01");
    g_assert_cmpstr (json_string_value (json_object_get (rating, "department_code")), ==, "11330102MB1234567B");
    g_assert_cmpstr (json_string_value (json_object_get (rating, "channel")), ==, "pad");
    json_decref (reply);
    /* A category without the requirement finishes without one. */
    g_assert_cmpstr (fx_issue (fx, "general"), ==, "D001");
    g_assert_cmpstr (fx_call (fx, 1), ==, "D001");
    g_assert_cmpstr (fx_do (fx, "start", 1), ==, "D001");
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "D001");
    fixture_free (fx);
}

/* A journey: each step's 办件 with its step; the visit's rating after the
 * last step covers every step no rating of its own covers. */
static void
test_journey (void)
{
    fixture_t *fx = s_open ();
    json_t *reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "journey.issue", json_pack ("{s:s}", "journey", "kaiban"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    g_assert_cmpstr (fx_do (fx, "start", 1), ==, "A001");
    g_assert_cmpstr (s_matter (fx, "matter.add", 1, "BJ-STEP-1"), ==, "ok");
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "A001");
    g_assert_cmpstr (fx_call (fx, 2), ==, "A001");
    g_assert_cmpstr (fx_do (fx, "start", 2), ==, "A001");
    /* Step 1's number is not this step's to remove. */
    g_assert_cmpstr (s_matter (fx, "matter.remove", 2, "BJ-STEP-1"), ==, "unknown_ticket");
    g_assert_cmpstr (s_matter (fx, "matter.add", 2, "BJ-STEP-2"), ==, "ok");
    g_assert_cmpstr (fx_do (fx, "finish", 2), ==, "A001");
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "ticket.find", json_pack ("{s:s}", "number", "A001"));
    json_t *matters = json_object_get (json_object_get (json_object_get (reply, "result"), "ticket"), "matters");
    g_assert_cmpint (json_array_size (matters), ==, 2);
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (matters, 0), "step")), ==, 0);
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (matters, 1), "step")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (matters, 1), "window")), ==, 2);
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 2, "rate", json_pack ("{s:s, s:i}", "ticket", "A001", "level", 4));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *rating = json_object_get (json_object_get (reply, "result"), "rating");
    matters = json_object_get (rating, "matters");
    g_assert_cmpint (json_array_size (matters), ==, 2);
    g_assert_cmpstr (json_string_value (json_object_get (rating, "department")), ==, "公安窗口");
    json_decref (reply);
    fixture_free (fx);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/matter/credit-code", test_credit_code);
    g_test_add_func ("/matter/config-checked", test_config_checked);
    g_test_add_func ("/matter/record-and-require", test_record_and_require);
    g_test_add_func ("/matter/journey", test_journey);
    return g_test_run ();
}
