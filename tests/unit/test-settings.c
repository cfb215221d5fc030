/*  test-settings.c — the hall's settings kept in the database, in-process
 *  on an in-memory database with the test clock: a manager signed in to
 *  change them, each change checked with the field named, effective at
 *  once, kept when the file is given again (a restart), audited; the
 *  day's re-mapping and closing not undone by a later change; the whole
 *  text imported with its diff; staff added, made supervisor, disabled
 *  (signed out at once) and given a new password, devices enrolled and
 *  revoked by a signed-in manager, audited.
 */
#include "engine-fixture.h"
#include "config.h"
#include <string.h>

static const char *s_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\n"
    "[category a]\nprefix=A\nname=甲\ntarget_wait=10\n"
    "[category b]\nprefix=B\nname=乙\ntarget_wait=15\n"
    "[window 1]\nprimary=a\n"
    "[window 2]\nprimary=b\n"
    "[staff 1001]\nname=王芳\n"
    "[staff 9001]\nname=周主任\nrole=manager\n";

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

static const char *
s_set (fixture_t *fx, const char *client, const char *group, const char *key, const char *value)
{
    static char error[512];
    static int64_t req = 5000;
    json_t *args = json_pack ("{s:s, s:s}", "group", group, "key", key);
    if (value)
        json_object_set_new (args, "value", json_string (value));
    else
        json_object_set_new (args, "remove", json_true ());
    json_t *reply = fixture_op_as (fx, client, req++, HALL_ROLE_MANAGER, 0, "settings.set", args);
    const char *message = json_string_value (json_object_get (json_object_get (reply, "error"), "message"));
    g_snprintf (error, sizeof error, "%s%s%s", fx_error (reply), message ? ": " : "", message ? message : "");
    json_decref (reply);
    return error;
}

static json_t *
s_as (fixture_t *fx, const char *client, const char *op, json_t *args)
{
    static int64_t req = 9000;
    return fixture_op_as (fx, client, req++, HALL_ROLE_MANAGER, 0, op, args);
}

static fixture_t *
s_fixture (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    s_done (fixture_op (fx, HALL_ROLE_ADMIN, 0, "staff.password",
                                       json_pack ("{s:s, s:s}", "staff", "9001", "password", "zhou-9001")));
    s_done (fixture_op (fx, HALL_ROLE_ADMIN, 0, "staff.password",
                                       json_pack ("{s:s, s:s}", "staff", "1001", "password", "wang-1001")));
    return fx;
}

static int64_t
s_target (fixture_t *fx, const char *code)
{
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "snapshot", NULL);
    json_t *categories = json_object_get (s_result (reply), "categories");
    int64_t target = -1;
    size_t i;
    json_t *category;
    json_array_foreach (categories, i, category)
        if (strcmp (json_string_value (json_object_get (category, "code")), code) == 0)
            target = json_integer_value (json_object_get (category, "target_wait"));
    json_decref (reply);
    return target;
}

static void
test_manager_signs_in (void)
{
    fixture_t *fx = s_fixture ();
    /* A manager device alone may not. */
    g_assert_true (g_str_has_prefix (s_set (fx, "dash-1", "category a", "target_wait", "20"), "not_signed_in"));
    struct { const char *staff, *password, *error; } tries[] = {
        { "1001", "wang-1001", "forbidden" }, { "9001", "wrong", "auth" }, { "9999", "x", "unknown_staff" },
        { "9001", "zhou-9001", "ok" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (tries); i++) {
        json_t *reply = s_as (fx, "dash-1", "manager.signin",
                              json_pack ("{s:s, s:s}", "staff", tries[i].staff, "password", tries[i].password));
        g_assert_cmpstr (fx_error (reply), ==, tries[i].error);
        json_decref (reply);
    }
    g_assert_cmpstr (s_set (fx, "dash-1", "category a", "target_wait", "20"), ==, "ok");
    /* Another dashboard, not signed in, still may not; signing out ends it. */
    g_assert_true (g_str_has_prefix (s_set (fx, "dash-2", "category a", "target_wait", "25"), "not_signed_in"));
    json_decref (s_as (fx, "dash-1", "manager.signout", NULL));
    g_assert_true (g_str_has_prefix (s_set (fx, "dash-1", "category a", "target_wait", "25"), "not_signed_in"));
    g_assert_cmpint (s_target (fx, "a"), ==, 1200);
    fixture_free (fx);
}

static void
test_change_checked_live_kept_audited (void)
{
    fixture_t *fx = s_fixture ();
    json_decref (s_as (fx, "dash-1", "manager.signin", json_pack ("{s:s, s:s}", "staff", "9001", "password", "zhou-9001")));
    /* Checked by the hall's own rules, the field named. */
    const char *refused = s_set (fx, "dash-1", "category a", "prefix", "B");
    g_test_message ("%s", refused);
    g_assert_true (g_str_has_prefix (refused, "bad_field"));
    g_assert_nonnull (strstr (refused, "prefix"));
    refused = s_set (fx, "dash-1", "window 1", "primary", "nosuch");
    g_assert_true (g_str_has_prefix (refused, "bad_field"));
    g_assert_nonnull (strstr (refused, "window 1"));
    g_assert_true (g_str_has_prefix (s_set (fx, "dash-1", "staff 1001", "password_hash", "x"), "bad_field"));
    /* Live: the next issue uses the new target. */
    g_assert_cmpstr (s_set (fx, "dash-1", "category a", "target_wait", "20"), ==, "ok");
    gboolean resync = FALSE;
    for (guint i = 0; i < fx->last_events->len; i++)
        resync |= strcmp (json_string_value (json_object_get (g_ptr_array_index (fx->last_events, i), "type")),
                          "config.changed") == 0;
    g_assert_true (resync);
    g_assert_cmpint (s_target (fx, "a"), ==, 1200);
    g_assert_cmpstr (s_set (fx, "dash-1", "hall", "name", "示范县政务服务中心"), ==, "ok");
    json_t *reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "snapshot", NULL);
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (s_result (reply), "hall"), "name")), ==,
                     "示范县政务服务中心");
    json_decref (reply);
    /* The day's re-mapping and a closed category survive a later change. */
    s_done (fixture_op (fx, HALL_ROLE_MANAGER, 0, "window.map",
                 json_pack ("{s:i, s:[s], s:[s]}", "window", 1, "primary", "b", "backup", "a")));
    s_done (fixture_op (fx, HALL_ROLE_MANAGER, 0, "category.open",
                 json_pack ("{s:s, s:b}", "category", "b", "open", false)));
    g_assert_cmpstr (s_set (fx, "dash-1", "category a", "daily_cap", "80"), ==, "ok");
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "snapshot", NULL);
    json_t *snapshot = s_result (reply);
    size_t i;
    json_t *item;
    json_array_foreach (json_object_get (snapshot, "categories"), i, item)
        if (strcmp (json_string_value (json_object_get (item, "code")), "b") == 0)
            g_assert_false (json_is_true (json_object_get (item, "open")));
    json_array_foreach (json_object_get (snapshot, "windows"), i, item)
        if (json_integer_value (json_object_get (item, "number")) == 1)
            g_assert_cmpstr (json_string_value (json_array_get (json_object_get (item, "primary"), 0)), ==, "b");
    json_decref (reply);
    /* Kept: the file given again at a restart changes nothing. */
    GError *error = NULL;
    hall_config_t *file = hall_config_from_text (s_hall, "hall.conf", &error);
    g_assert_nonnull (file);
    g_assert_cmpint (hall_config_apply (file, fx->store, &error), ==, 0);
    hall_config_destroy (&file);
    hall_engine_reload (fx->engine);
    g_assert_cmpint (s_target (fx, "a"), ==, 1200);
    /* Audited: who, from where, old -> new; window.map and category.open too. */
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "settings.audit", NULL);
    json_t *changes = json_object_get (s_result (reply), "changes");
    json_t *last = json_array_get (changes, 0);
    g_assert_cmpstr (json_string_value (json_object_get (last, "key")), ==, "daily_cap");
    g_assert_cmpstr (json_string_value (json_object_get (last, "staff")), ==, "9001");
    g_assert_cmpstr (json_string_value (json_object_get (last, "staff_name")), ==, "周主任");
    g_assert_cmpstr (json_string_value (json_object_get (last, "device")), ==, "dash-1");
    g_assert_true (json_is_null (json_object_get (last, "old")));
    g_assert_cmpstr (json_string_value (json_object_get (last, "new")), ==, "80");
    bool target_seen = false, map_seen = false;
    json_array_foreach (changes, i, item) {
        const char *key = json_string_value (json_object_get (item, "key"));
        if (strcmp (key, "target_wait") == 0)
            target_seen = strcmp (json_string_value (json_object_get (item, "old")), "10") == 0;
        map_seen |= strcmp (json_string_value (json_object_get (item, "op")), "window.map") == 0;
    }
    g_assert_true (target_seen);
    g_assert_true (map_seen);
    json_decref (reply);
    /* Never shown: the staff's password hashes. */
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "settings.get", NULL);
    g_assert_null (strstr (json_string_value (json_object_get (s_result (reply), "settings")), "password_hash"));
    g_assert_null (strstr (json_string_value (json_object_get (s_result (reply), "settings")), "$argon2"));
    json_decref (reply);
    fixture_free (fx);
}

static void
test_import_with_diff (void)
{
    fixture_t *fx = s_fixture ();
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "settings.get", NULL);
    g_autofree char *text = g_strdup (json_string_value (json_object_get (s_result (reply), "settings")));
    json_decref (reply);
    /* A new category and window, a changed target. */
    GString *changed = g_string_new (text);
    g_string_replace (changed, "target_wait=15", "target_wait=30", 1);
    g_string_append (changed, "\n[category c]\nprefix=C\nname=丙\n[window 3]\nprimary=c\n");
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "settings.import",
                        json_pack ("{s:s, s:b}", "settings", changed->str, "dry_run", true));
    json_t *diff = json_object_get (s_result (reply), "diff");
    g_assert_false (json_is_true (json_object_get (s_result (reply), "applied")));
    g_assert_cmpuint (json_array_size (diff), ==, 4);     /* target_wait, c's prefix and name, window 3 */
    json_decref (reply);
    g_assert_cmpint (s_target (fx, "c"), ==, -1);
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "settings.import", json_pack ("{s:s}", "settings", changed->str));
    g_assert_true (json_is_true (json_object_get (s_result (reply), "applied")));
    json_decref (reply);
    g_assert_cmpint (s_target (fx, "b"), ==, 1800);
    g_assert_cmpstr (fx_issue (fx, "c"), ==, "C001");
    /* The staff's passwords stay: 1001 still signs in with theirs. */
    reply = fixture_op (fx, HALL_ROLE_COUNTER, 1, "signin",
                        json_pack ("{s:i, s:s, s:s}", "window", 1, "staff", "1001", "password", "wang-1001"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    /* A bad text changes nothing, and says where. */
    g_string_append (changed, "[window 4]\nprimary=nosuch\n");
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "settings.import", json_pack ("{s:s}", "settings", changed->str));
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    g_assert_nonnull (strstr (json_string_value (json_object_get (json_object_get (reply, "error"), "message")),
                      "window 4"));
    json_decref (reply);
    g_string_free (changed, TRUE);
    fixture_free (fx);
}

/* The window's clerk as the snapshot shows it ("" for nobody). */
static const char *
s_clerk (fixture_t *fx, int number)
{
    static char clerk[64];
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "snapshot", NULL);
    size_t i;
    json_t *window;
    clerk[0] = 0;
    json_array_foreach (json_object_get (s_result (reply), "windows"), i, window)
        if (json_integer_value (json_object_get (window, "number")) == number) {
            const char *who = json_string_value (json_object_get (json_object_get (window, "clerk"), "id"));
            g_snprintf (clerk, sizeof clerk, "%s", who ? who : "");
        }
    json_decref (reply);
    return clerk;
}

static const char *
s_signin (fixture_t *fx, const char *staff, const char *password)
{
    static char error[64];
    json_t *reply = fixture_op (fx, HALL_ROLE_COUNTER, 1, "signin",
                                json_pack ("{s:i, s:s, s:s}", "window", 1, "staff", staff, "password", password));
    g_snprintf (error, sizeof error, "%s", fx_error (reply));
    json_decref (reply);
    return error;
}

/* The newest audit entry's op, group, key, old and new, joined by '|'. */
static const char *
s_last_change (fixture_t *fx)
{
    static char line[512];
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "settings.audit", json_pack ("{s:i}", "limit", 1));
    json_t *change = json_array_get (json_object_get (s_result (reply), "changes"), 0);
    const char *fields[] = { "staff", "op", "group", "key", "old", "new" };
    line[0] = 0;
    for (size_t i = 0; i < G_N_ELEMENTS (fields); i++) {
        const char *value = json_string_value (json_object_get (change, fields[i]));
        g_strlcat (line, i ? "|" : "", sizeof line);
        g_strlcat (line, value ? value : "-", sizeof line);
    }
    json_decref (reply);
    return line;
}

static void
test_staff_and_devices (void)
{
    fixture_t *fx = s_fixture ();
    json_decref (s_as (fx, "dash-1", "manager.signin", json_pack ("{s:s, s:s}", "staff", "9001", "password", "zhou-9001")));
    /* A new supervisor: may sign in at a dashboard but not change settings. */
    g_assert_cmpstr (s_set (fx, "dash-1", "staff 1002", "name", "李明"), ==, "ok");
    g_assert_cmpstr (s_set (fx, "dash-1", "staff 1002", "role", "lead"), ==,
                     "bad_field: the hall's settings: [staff 1002] role must be clerk, supervisor or manager");
    g_assert_cmpstr (s_set (fx, "dash-1", "staff 1002", "role", "supervisor"), ==, "ok");
    s_done (fixture_op (fx, HALL_ROLE_ADMIN, 0, "staff.password",
                        json_pack ("{s:s, s:s}", "staff", "1002", "password", "li-1002")));
    s_done (s_as (fx, "dash-2", "manager.signin", json_pack ("{s:s, s:s}", "staff", "1002", "password", "li-1002")));
    g_assert_true (g_str_has_prefix (s_set (fx, "dash-2", "category a", "target_wait", "20"), "forbidden"));
    json_t *reply = s_as (fx, "dash-2", "device.list", NULL);
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    reply = s_as (fx, "dash-3", "device.list", NULL);
    g_assert_cmpstr (fx_error (reply), ==, "not_signed_in");
    json_decref (reply);

    /* Disabling a clerk signs them out at once and keeps them out. */
    g_assert_cmpstr (s_signin (fx, "1001", "wang-1001"), ==, "ok");
    g_assert_cmpstr (s_clerk (fx, 1), ==, "1001");
    g_assert_cmpstr (s_set (fx, "dash-1", "staff 1001", "disabled", "maybe"), ==,
                     "bad_field: the hall's settings: [staff 1001] disabled must be true or false");
    g_assert_cmpstr (s_set (fx, "dash-1", "staff 1001", "disabled", "true"), ==, "ok");
    g_assert_cmpstr (s_clerk (fx, 1), ==, "");
    g_assert_cmpstr (s_signin (fx, "1001", "wang-1001"), ==, "forbidden");
    reply = s_as (fx, "dash-1", "settings.get", NULL);
    json_t *staff = json_array_get (json_object_get (s_result (reply), "staff"), 0);
    g_assert_cmpstr (json_string_value (json_object_get (staff, "id")), ==, "1001");
    g_assert_true (json_is_true (json_object_get (staff, "disabled")));
    g_assert_true (json_is_true (json_object_get (staff, "password")));
    g_assert_cmpstr (json_string_value (json_object_get (s_result (reply), "signed_in_role")), ==, "manager");
    json_decref (reply);
    g_assert_true (g_str_has_prefix (s_set (fx, "dash-1", "staff 1001", NULL, NULL), "bad_field"));
    g_assert_cmpstr (s_set (fx, "dash-1", "staff 1001", "disabled", "false"), ==, "ok");
    /* A forgotten password: locked out, then reset by the manager. */
    for (int i = 0; i < 5; i++)
        g_assert_cmpstr (s_signin (fx, "1001", "guess"), ==, "auth");
    g_assert_cmpstr (s_signin (fx, "1001", "wang-1001"), ==, "locked");
    s_done (s_as (fx, "dash-1", "staff.password", json_pack ("{s:s, s:s}", "staff", "1001", "password", "new-1001")));
    g_assert_cmpstr (s_last_change (fx), ==, "9001|staff.password|staff 1001|password|******|******");
    g_assert_cmpstr (s_signin (fx, "1001", "new-1001"), ==, "ok");

    /* Devices: the manager enrolls a public key and revokes it, audited. */
    reply = s_as (fx, "dash-1", "device.enroll", json_pack ("{s:s, s:i, s:s, s:s}", "role", "counter", "window", 2,
                  "name", "2号窗口", "public_key", "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"));
    g_assert_cmpstr (json_string_value (json_object_get (s_result (reply), "id")), ==, "counter-2");
    json_decref (reply);
    g_assert_cmpstr (s_last_change (fx), ==, "9001|device.enroll|device counter-2|role|-|counter");
    s_done (s_as (fx, "dash-1", "device.revoke", json_pack ("{s:s}", "id", "counter-2")));
    g_assert_cmpstr (s_last_change (fx), ==, "9001|device.revoke|device counter-2|role|counter|-");
    reply = s_as (fx, "dash-1", "device.revoke", json_pack ("{s:s}", "id", "dash-1"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    json_decref (reply);
    /* Admin keys (which act without a signed-in manager) are hallctl's on
     * the server: a dashboard neither makes nor revokes one. */
    reply = s_as (fx, "dash-1", "device.enroll", json_pack ("{s:s, s:s}", "role", "admin",
                  "public_key", "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "device.enroll", json_pack ("{s:s, s:s}", "role", "admin",
                        "public_key", "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"));
    const char *second_admin = json_string_value (json_object_get (s_result (reply), "id"));
    g_assert_nonnull (second_admin);
    g_autofree char *admin_id = g_strdup (second_admin);
    json_decref (reply);
    reply = s_as (fx, "dash-1", "device.revoke", json_pack ("{s:s}", "id", admin_id));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    /* Disabling the signed-in manager ends their session. */
    g_assert_cmpstr (s_set (fx, "dash-1", "staff 1002", "disabled", "true"), ==, "ok");
    reply = s_as (fx, "dash-2", "settings.get", NULL);
    g_assert_null (json_string_value (json_object_get (s_result (reply), "signed_in")));
    json_decref (reply);
    fixture_free (fx);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/settings/manager-signs-in", test_manager_signs_in);
    g_test_add_func ("/settings/checked-live-kept-audited", test_change_checked_live_kept_audited);
    g_test_add_func ("/settings/import-with-diff", test_import_with_diff);
    g_test_add_func ("/settings/staff-and-devices", test_staff_and_devices);
    return g_test_run ();
}
