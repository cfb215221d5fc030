/*  it-settings.c — the hall's settings kept in the database, against the
 *  real hall-server and hallctl with the test clock: config export, config
 *  import showing its diff and applying it only when told, the change
 *  effective at the next issue and still there after a restart with the
 *  original file, in the audit; a manager key with nobody signed in is
 *  refused.
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

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/settings/export-import-restart", test_export_import_restart);
    return g_test_run ();
}
