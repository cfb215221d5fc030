/*  it-settings.c — the hall's settings kept in the database, against the
 *  real hall-server and hallctl with the test clock: config export, config
 *  import showing its diff and applying it only when told, the change
 *  effective at the next issue and still there after a restart with the
 *  original file, in the audit; a manager key with nobody signed in is
 *  refused; each kind of change (a category's cap and hours, a new
 *  category, a window's categories, the hall's no-show rule, a clerk
 *  disabled, the holidays) effective at once, a bad value refused with
 *  its field named, kept across a restart and audited.
 */
#include "harness.h"
#include <signal.h>
#include <string.h>

#define MORNING ((gint64) 1795741200)   /* 2026-11-27 09:00 Asia/Shanghai */

static const char *s_hall =
    "[hall]\nname=设置测试大厅\ntimezone=Asia/Shanghai\n"
    "[category a]\nprefix=A\nname=甲\ntarget_wait=10\n"
    "[window 1]\nprimary=a\n"
    "[staff 1001]\nname=王芳\n"
    "[staff 9001]\nname=周主任\nrole=manager\n";

static void
test_export_import_restart (void)
{
    server_t *server = server_start (s_hall, MORNING);
    int status;
    g_autofree char *text = hallctl (server, &status, "config", "export", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (text, "target_wait=10"));
    /* A new category and its window, a changed target. */
    GString *changed = g_string_new (text);
    g_string_replace (changed, "target_wait=10", "target_wait=20", 1);
    g_string_append (changed, "\n[category b]\nprefix=B\nname=乙\n[window 2]\nprimary=b\n");
    g_autofree char *path = g_build_filename (server->dir, "changed.conf", NULL);
    g_assert_true (g_file_set_contents (path, changed->str, -1, NULL));
    g_string_free (changed, TRUE);
    /* Not confirmed (no terminal, no --yes): the diff, and nothing changed. */
    g_autofree char *shown = hallctl (server, &status, "config", "import", path, NULL);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (shown, "[category a] target_wait: 10 -> 20"));
    g_assert_nonnull (strstr (shown, "[category b] prefix: (unset) -> B"));
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM category WHERE code = 'b'"), ==, 0);
    g_autofree char *applied = hallctl (server, &status, "config", "import", path, "--yes", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (applied, "applied 4 changes"));
    /* At once: the next issue of b. */
    g_autofree char *b1 = hallctl (server, &status, "issue", "b", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (b1, "B001"));
    /* One key; a refused one names its field and changes nothing. */
    g_autofree char *set = hallctl (server, &status, "config", "set", "category b", "daily_cap", "50", NULL);
    g_assert_cmpint (status, ==, 0);
    g_autofree char *bad = hallctl (server, &status, "config", "set", "category b", "prefix", "A", NULL);
    g_assert_cmpint (status, ==, 1);
    g_autofree char *prefix = db_query (server, "SELECT prefix FROM category WHERE code = 'b'");
    g_assert_cmpstr (prefix, ==, "B");
    /* Restarted with the first file: the settings kept stay. */
    server_kill (server, SIGTERM);
    server_restart (server);
    g_assert_cmpint (db_int (server, "SELECT target_wait FROM category WHERE code = 'a'"), ==, 1200);
    g_assert_cmpint (db_int (server, "SELECT daily_cap FROM category WHERE code = 'b'"), ==, 50);
    g_autofree char *b2 = hallctl (server, &status, "issue", "b", NULL);
    g_assert_true (g_str_has_prefix (b2, "B002"));
    /* In the audit: who, from where, old -> new. */
    g_autofree char *audit = hallctl (server, &status, "config", "audit", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (audit, "settings.set\t[category b] daily_cap: (unset) -> 50"));
    g_assert_nonnull (strstr (audit, "settings.import\t[category a] target_wait: 10 -> 20"));
    /* A manager's key with nobody signed in may not change settings. */
    g_autofree char *refused = hallctl (server, &status, "--role", "manager", "config", "set", "category a",
                                        "target_wait", "30", NULL);
    g_assert_cmpint (status, ==, 1);
    g_assert_cmpint (db_int (server, "SELECT target_wait FROM category WHERE code = 'a'"), ==, 1200);
    server_free (server);
}

/* Runs hallctl with the arguments and asserts it was refused (exit 1)
 * with NEEDLE in what it said. */
#define S_REFUSED(needle, ...) do { int status_; char *out_ = hallctl (server, &status_, __VA_ARGS__, NULL); \
                                     s_refused_check (out_, status_, needle); } while (0)
static void
s_refused_check (char *out, int status, const char *needle)
{
    if (status != 1 || !strstr (hallctl_last_error (), needle))
        g_error ("expected a refusal naming '%s' (exit 1), got exit %d: %s%s", needle, status, out,
                 hallctl_last_error ());
    g_free (out);
}

/* Each kind of change: effective at the next issue, call or sign-in, a bad
 * value refused with its field named, every one still there after a
 * restart, and in the audit. */
static void
test_every_kind (void)
{
    server_t *server = server_start (s_hall, MORNING);
    /* A category: its daily cap, then hours it is closed in now. */
    g_free (hallctl_ok (server, "config", "set", "category a", "daily_cap", "1", NULL));
    g_free (hallctl_ok (server, "issue", "a", NULL));
    S_REFUSED ("daily_cap", "issue", "a");
    S_REFUSED ("[category a] hours", "config", "set", "category a", "hours", "25:00-26:00");
    g_free (hallctl_ok (server, "config", "set", "category a", "daily_cap", "100", NULL));
    g_free (hallctl_ok (server, "config", "set", "category a", "hours", "14:00-17:00", NULL));
    S_REFUSED ("outside_hours", "issue", "a");
    g_free (hallctl_ok (server, "config", "set", "category a", "hours", "08:30-17:00", NULL));
    /* A new category, then a window made to serve it: the next call there. */
    S_REFUSED ("[category c] needs a name", "config", "set", "category c", "prefix", "C");
    int status;
    g_autofree char *text = hallctl (server, &status, "config", "export", NULL);
    g_autofree char *with_c = g_strconcat (text, "\n[category c]\nprefix=C\nname=丙\n", NULL);
    g_autofree char *path = g_build_filename (server->dir, "with-c.conf", NULL);
    g_assert_true (g_file_set_contents (path, with_c, -1, NULL));
    g_free (hallctl_ok (server, "config", "import", path, "--yes", NULL));
    S_REFUSED ("[window 1] primary: no category 'nosuch'", "config", "set", "window 1", "primary", "a;nosuch");
    g_free (hallctl_ok (server, "config", "set", "window 1", "primary", "c", NULL));
    g_free (hallctl_ok (server, "issue", "c", NULL));
    g_free (hallctl_ok (server, "signin", "1", "1001", NULL));
    g_autofree char *called = hallctl_ok (server, "call", "1", NULL);
    g_assert_true (g_str_has_prefix (called, "C001"));
    g_free (hallctl_ok (server, "noshow", "1", NULL));
    /* The hall: a no-show only 2 minutes after the call. */
    S_REFUSED ("noshow_after", "config", "set", "hall", "noshow_after", "soon");
    g_free (hallctl_ok (server, "config", "set", "hall", "noshow_after", "120", NULL));
    g_free (hallctl_ok (server, "issue", "c", NULL));
    g_free (hallctl_ok (server, "call", "1", NULL));
    S_REFUSED ("too_soon", "noshow", "1");
    g_free (hallctl_ok (server, "start", "1", NULL));
    g_free (hallctl_ok (server, "finish", "1", NULL));
    /* Staff: disabled signs the clerk out and keeps them out. */
    g_free (hallctl_ok (server, "config", "set", "staff 1001", "disabled", "true", NULL));
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM service_window WHERE clerk IS NOT NULL"), ==, 0);
    S_REFUSED ("disabled", "signin", "1", "1001");
    g_autofree char *staff = hallctl (server, &status, "staff", NULL);
    g_assert_nonnull (strstr (staff, "1001\t王芳\tclerk\tdisabled, no password"));
    /* The calendar: a holiday is checked as a date. */
    S_REFUSED ("holidays", "config", "set", "hall", "holidays", "2026-13-01");
    g_free (hallctl_ok (server, "config", "set", "hall", "holidays", "2026-11-30;2026-12-01", NULL));

    /* All of it kept across a restart with the first file. */
    server_kill (server, SIGTERM);
    server_restart (server);
    g_autofree char *again = hallctl (server, &status, "staff", NULL);
    g_assert_nonnull (strstr (again, "1001\t王芳\tclerk\tdisabled"));
    S_REFUSED ("disabled", "signin", "1", "1001");
    g_autofree char *windows = hallctl (server, &status, "windows", NULL);
    g_assert_nonnull (strstr (windows, "c"));
    g_autofree char *holidays = db_query (server, "SELECT value FROM meta WHERE key = 'hall.holidays'");
    g_assert_cmpstr (holidays, ==, "2026-11-30;2026-12-01");
    g_assert_cmpint (db_int (server, "SELECT daily_cap FROM category WHERE code = 'a'"), ==, 100);
    g_autofree char *audit = hallctl (server, &status, "config", "audit", NULL);
    const char *kinds[] = { "[category a] hours: 14:00-17:00 -> 08:30-17:00", "[category c] prefix: (unset) -> C",
                            "[window 1] primary: a -> c", "[hall] noshow_after: (unset) -> 120",
                            "[staff 1001] disabled: (unset) -> true", "[hall] holidays: (unset) -> 2026-11-30;2026-12-01" };
    for (size_t i = 0; i < G_N_ELEMENTS (kinds); i++)
        if (!strstr (audit, kinds[i]))
            g_error ("the audit lacks '%s':\n%s", kinds[i], audit);
    /* Nothing refused is in it. */
    g_assert_null (strstr (audit, "nosuch"));
    server_free (server);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/settings/export-import-restart", test_export_import_restart);
    g_test_add_func ("/settings/every-kind", test_every_kind);
    return g_test_run ();
}
