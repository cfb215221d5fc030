/*  gui-a11y.c — accessible names over AT-SPI in the GUI suites (issue 18).
 */
#include "gui-a11y.h"
#include "gui-test.h"
#include <unistd.h>

/* Set in the environment of the subprocess that runs a test with the
 * bridge on. */
#define BRIDGE_VARIABLE "HALL_A11Y_BRIDGE"

static gboolean s_bridge_on;

void
gui_a11y_prepare (void)
{
    if (!g_getenv (BRIDGE_VARIABLE))
        return;
    g_unsetenv ("GTK_A11Y");
    g_unsetenv ("NO_AT_BRIDGE");
    s_bridge_on = TRUE;
}

gboolean
gui_a11y_bridge_on (void)
{
    return s_bridge_on;
}

void
gui_a11y_run_in_subprocess (void)
{
    /* The names do not depend on the date or on memory checking: the
     * sanitizer build and make check-clock (HALL_SKIP_A11Y=1) leave these
     * slow walks to the plain pass. */
    if (g_getenv ("HALL_SKIP_A11Y")) {
        g_test_skip ("accessible names are checked in the plain pass (HALL_SKIP_A11Y)");
        return;
    }
    g_setenv (BRIDGE_VARIABLE, "1", TRUE);
    g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_unsetenv (BRIDGE_VARIABLE);
    /* Not g_test_trap_assert_passed: it repeats the subprocess's standard
     * error, already shown, escaped. */
    if (!g_test_trap_has_passed ())
        g_test_fail_printf ("%s with the AT-SPI bridge on failed (see above)", g_test_get_path ());
}

typedef struct {
    gboolean done;          /* the checker exited and its output is read */
    char    *out;           /* its standard output */
    char    *err;           /* its standard error */
    GError  *error;         /* why it could not be run or read */
} check_t;

static void
s_communicated (GObject *source, GAsyncResult *result, gpointer data)
{
    check_t *check = data;
    g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result,
                                          &check->out, &check->err, &check->error);
    check->done = TRUE;
}

static gboolean
s_done (gpointer data)
{
    return ((check_t *) data)->done;
}

char *
gui_a11y_unnamed (void)
{
    const char *source = g_getenv ("HALL_SOURCE") ? g_getenv ("HALL_SOURCE") : ".";
    g_autofree char *script = g_build_filename (source, "tests", "tools", "a11y-check.py", NULL);
    g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
    GError *error = NULL;
    g_autoptr (GSubprocess) checker = g_subprocess_new (
        G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
        "/usr/bin/python3", script, pid, NULL);
    if (!checker) {
        char *text = g_strdup_printf ("a11y-check.py could not start: %s\n", error->message);
        g_error_free (error);
        return text;
    }
    check_t check = { 0 };
    g_subprocess_communicate_utf8_async (checker, NULL, NULL, s_communicated, &check);
    if (!gui_wait_until (s_done, &check, 30000)) {
        g_subprocess_force_exit (checker);
        gui_wait_until (s_done, &check, 5000);
        g_free (check.out);
        g_free (check.err);
        g_clear_error (&check.error);
        return g_strdup ("a11y-check.py did not finish in 30 s\n");
    }
    char *text = NULL;
    if (check.error)
        text = g_strdup_printf ("a11y-check.py: %s\n", check.error->message);
    else if (!g_subprocess_get_if_exited (checker) || g_subprocess_get_exit_status (checker) != 0)
        text = g_strdup_printf ("%s%s", check.out ? check.out : "", check.err ? check.err : "");
    g_free (check.out);
    g_free (check.err);
    g_clear_error (&check.error);
    if (text && !*text) {
        g_free (text);
        text = g_strdup ("a11y-check.py failed and said nothing\n");
    }
    return text;
}

void
gui_a11y_assert_named (const char *what)
{
    g_autofree char *unnamed = gui_a11y_unnamed ();
    if (!unnamed)
        return;
    /* On standard error, which the parent of gui_a11y_run_in_subprocess
     * passes through (its standard output it keeps). */
    g_printerr ("%s: controls without an accessible name:\n%s", what, unnamed);
    g_test_fail_printf ("%s: controls without an accessible name", what);
}
