/*  test-gui-manager.c — the manager's dashboard (hall-manager) against the
 *  real hall-server, under Xvfb and a private D-Bus session
 *  (tests/lib/with-display.sh) with python3-dbusmock's notification daemon.
 *
 *  The dashboard is built in-process (ManagerController + ManagerWindow);
 *  the hall is driven with hallctl (tickets, desks, the test clock,
 *  ratings).  The thresholds are the built-in ones: XDG_CONFIG_HOME points
 *  at an empty folder.
 */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "harness.h"
#include "gui-test.h"
#include "gui-a11y.h"
#include "manager-controller.h"
#include "manager-window.h"
#include "report-writer.h"
#include "manager-report-view.h"
#include "manager-booking-view.h"
#include "manager-case-view.h"
#include "manager-format.h"
#include "manager-admin-view.h"
#include "manager-admin-groups.h"
#include "manager-day-chart.h"

#define START_TIME 1795741200          /* Friday 2026-11-27 09:00 in the hall's zone */

typedef struct {
    gint64             start;          /* the test clock's first time */
    server_t          *server;
    ManagerController *controller;
    ManagerWindow     *window;
} dash_t;

static GDBusConnection *s_bus;         /* the private session bus, or NULL */
static GPid             s_mock;        /* the mock notification daemon */

/* ---- helpers ------------------------------------------------------------- */

static gboolean
s_ready (gpointer data)
{
    dash_t *dash = data;
    gint64 now = manager_controller_now (dash->controller);
    return manager_controller_online (dash->controller)
           && hall_mirror_loaded (manager_controller_mirror (dash->controller))
           && now >= dash->start && now < dash->start + 3600
           && gtk_widget_get_mapped (GTK_WIDGET (dash->window));
}

/* The server of CONFIG (NULL: the demo hall) at START, no dashboard yet. */
static dash_t *
dash_serve (const char *config, gint64 start)
{
    dash_t *dash = g_new0 (dash_t, 1);
    dash->start = start;
    dash->server = server_start (config, start);
    return dash;
}

/* The dashboard on DASH's server, shown and loaded. */
static void
dash_show (dash_t *dash)
{
    dash->controller = manager_controller_new (dash->server->requests, dash->server->events, NULL);
    dash->window = manager_window_new (dash->controller);
    gtk_window_present (GTK_WINDOW (dash->window));
    g_assert_true (gui_wait_until (s_ready, dash, 10000));
}

static dash_t *
dash_open_at (gint64 start)
{
    dash_t *dash = dash_serve (NULL, start);
    dash_show (dash);
    return dash;
}

static dash_t *
dash_open (void)
{
    return dash_open_at (START_TIME);
}

static void
dash_close (dash_t *dash)
{
    gtk_window_destroy (GTK_WINDOW (dash->window));
    g_object_unref (dash->controller);
    gui_spin (50);
    server_free (dash->server);
    g_free (dash);
}

/* hallctl against the test's server: the first word of its output. */
#define s_hallctl(dash, ...) hallctl_ok ((dash)->server, __VA_ARGS__)

#define HALLCTL(dash, ...) g_free (s_hallctl (dash, __VA_ARGS__, NULL))

/* Moves the server's test clock and waits for a heartbeat to bring it. */
static gboolean
s_clock_at (gpointer data)
{
    dash_t *dash = ((gpointer *) data)[0];
    gint64 want = *(gint64 *) ((gpointer *) data)[1];
    return manager_controller_now (dash->controller) >= want;
}

static void
s_advance (dash_t *dash, int seconds)
{
    gint64 want = manager_controller_now (dash->controller) + seconds;
    g_autofree char *by = g_strdup_printf ("%d", seconds);
    HALLCTL (dash, "clock", "--advance", by);
    gpointer data[2] = { dash, &want };
    g_assert_true (gui_wait_until (s_clock_at, data, 5000));
    gui_spin (1200);                             /* the 1-s tick checks the alerts */
}

static void
s_wait_label (dash_t *dash, const char *name, const char *text)
{
    if (!gui_wait_label (GTK_WIDGET (dash->window), name, text, 5000))
        g_error ("label %s is '%s', expected '%s'", name,
                 gui_label_text (GTK_WIDGET (dash->window), name), text);
}

/* ---- the mock notification daemon ----------------------------------------- */

/* The Notify calls from hall-manager the mock recorded: "summary | body"
 * each (g_strfreev). */
static GStrv
s_notifications (void)
{
    g_autoptr (GStrvBuilder) found = g_strv_builder_new ();
    g_autoptr (GVariant) reply = g_dbus_connection_call_sync (s_bus,
        "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
        "org.freedesktop.DBus.Mock", "GetCalls", NULL, G_VARIANT_TYPE ("(a(tsav))"),
        G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
    if (reply) {
        g_autoptr (GVariant) calls = g_variant_get_child_value (reply, 0);
        for (gsize i = 0; i < g_variant_n_children (calls); i++) {
            g_autoptr (GVariant) call = g_variant_get_child_value (calls, i);
            const char *method;
            g_autoptr (GVariant) args = NULL;
            g_variant_get (call, "(t&s@av)", NULL, &method, &args);
            if (g_strcmp0 (method, "Notify") != 0 || g_variant_n_children (args) < 5)
                continue;
            g_autoptr (GVariant) app = g_variant_get_child_value (args, 0);
            g_autoptr (GVariant) summary = g_variant_get_child_value (args, 3);
            g_autoptr (GVariant) body = g_variant_get_child_value (args, 4);
            g_autoptr (GVariant) app_s = g_variant_get_variant (app);
            g_autoptr (GVariant) summary_s = g_variant_get_variant (summary);
            g_autoptr (GVariant) body_s = g_variant_get_variant (body);
            if (g_strcmp0 (g_variant_get_string (app_s, NULL), "hall-manager") != 0)
                continue;
            g_autofree char *text = g_strdup_printf ("%s | %s", g_variant_get_string (summary_s, NULL),
                                                     g_variant_get_string (body_s, NULL));
            g_strv_builder_add (found, text);
        }
    }
    return g_strv_builder_end (found);
}

static void
s_clear_notifications (void)
{
    g_autoptr (GVariant) reply = g_dbus_connection_call_sync (s_bus,
        "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
        "org.freedesktop.DBus.Mock", "ClearCalls", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
    g_assert_nonnull (reply);
}

typedef struct {
    guint       count;       /* at least this many */
    const char *needle;      /* the last one holds this */
} notify_wait_t;

static gboolean
s_notified (gpointer data)
{
    notify_wait_t *wait = data;
    g_auto (GStrv) found = s_notifications ();
    guint n = g_strv_length (found);
    return n >= wait->count && (!wait->needle || strstr (found[n - 1], wait->needle));
}

static void
s_wait_notifications (guint count, const char *needle)
{
    notify_wait_t wait = { count, needle };
    if (!gui_wait_until (s_notified, &wait, 6000)) {
        g_auto (GStrv) found = s_notifications ();
        for (char **f = found; *f; f++)
            g_test_message ("notification: %s", *f);
        g_error ("expected %u notifications, the last with '%s'", count, needle ? needle : "");
    }
}

static gboolean
s_name_owned (const char *name)
{
    g_autoptr (GVariant) reply = g_dbus_connection_call_sync (s_bus, "org.freedesktop.DBus",
        "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
        G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
    gboolean owned = FALSE;
    if (reply)
        g_variant_get (reply, "(b)", &owned);
    return owned;
}

static gboolean
s_mock_start (void)
{
    if (!g_getenv ("DBUS_SESSION_BUS_ADDRESS"))
        return FALSE;
    g_autoptr (GError) error = NULL;
    s_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (s_name_owned ("org.freedesktop.Notifications"));
    /* python3-dbusmock's notification daemon: the system python has it. */
    const char *argv[] = { "/usr/bin/python3", "-m", "dbusmock", "--template", "notification_daemon", NULL };
    g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                   NULL, NULL, &s_mock, &error);
    g_assert_no_error (error);
    for (int i = 0; i < 100 && !s_name_owned ("org.freedesktop.Notifications"); i++)
        g_usleep (100 * 1000);
    g_assert_true (s_name_owned ("org.freedesktop.Notifications"));
    return TRUE;
}

static void
s_mock_stop (void)
{
    if (s_mock) {
        kill (s_mock, SIGTERM);
        waitpid (s_mock, NULL, 0);
        g_spawn_close_pid (s_mock);
    }
    g_clear_object (&s_bus);
}

/* ---- 1. live counts and window states ------------------------------------ */

static gboolean
s_avg_in_seconds (gpointer data)
{
    dash_t *dash = data;
    const char *avg = gui_label_text (GTK_WIDGET (dash->window), "avg-business");
    return avg && g_str_has_suffix (avg, "秒") && !strchr (avg, '.');
}

static void
test_live (void)
{
    dash_t *dash = dash_open ();
    g_autofree char *a1 = s_hallctl (dash, "issue", "business", NULL);
    HALLCTL (dash, "issue", "business");
    HALLCTL (dash, "issue", "business");
    HALLCTL (dash, "issue", "construction");
    HALLCTL (dash, "issue", "construction");
    HALLCTL (dash, "issue", "general");
    s_wait_label (dash, "waiting-business", "3");
    s_wait_label (dash, "waiting-construction", "2");
    s_wait_label (dash, "waiting-general", "1");
    s_wait_label (dash, "waiting-tender", "0");
    s_wait_label (dash, "window-state-1", "未登录");

    HALLCTL (dash, "signin", "1", "1001");
    HALLCTL (dash, "signin", "3", "1003");
    HALLCTL (dash, "signin", "5", "1005");
    HALLCTL (dash, "signin", "6", "1006");
    s_wait_label (dash, "window-state-6", "空闲");
    HALLCTL (dash, "call", "1");
    HALLCTL (dash, "start", "1");
    HALLCTL (dash, "call", "3");
    HALLCTL (dash, "pause", "5");
    s_wait_label (dash, "window-state-1", "办理中");
    s_wait_label (dash, "window-ticket-1", a1);
    s_wait_label (dash, "window-clerk-1", "王芳 1001");
    s_wait_label (dash, "window-state-3", "已呼叫");
    s_wait_label (dash, "window-state-5", "暂停");
    s_wait_label (dash, "window-state-6", "空闲");
    s_wait_label (dash, "window-state-2", "未登录");
    s_wait_label (dash, "waiting-business", "2");
    s_wait_label (dash, "waiting-construction", "1");
    s_wait_label (dash, "summary-waiting", "等待 4 人");

    /* Finish one: served today moves; today's report (throttled) follows. */
    HALLCTL (dash, "finish", "1");
    s_wait_label (dash, "window-served-1", "1");
    s_wait_label (dash, "window-state-1", "空闲");
    s_wait_label (dash, "summary-served", "今日取号 6 · 办结 1");

    /* The longest wait is the server's time less the oldest queued_at. */
    s_advance (dash, 600);
    s_wait_label (dash, "longest-business", "10分00秒");
    /* Today's mean wait in the same words as the longest ("16.9分" beside
     * "25分00秒", once). */
    g_assert_true (gui_wait_until (s_avg_in_seconds, dash, 10000));

    /* Management actions go through the server. */
    manager_controller_open_category (dash->controller, "tender", FALSE);
    manager_controller_resume (dash->controller, 5);
    const char *primary[] = { "general", NULL }, *backup[] = { "tender", NULL };
    manager_controller_map_window (dash->controller, 4, primary, backup);
    s_wait_label (dash, "window-state-5", "空闲");
    gui_spin (500);
    g_assert_cmpint (db_int (dash->server, "SELECT open FROM category WHERE code='tender'"), ==, 0);
    g_assert_true (json_is_false (json_object_get (
        hall_mirror_category (manager_controller_mirror (dash->controller), "tender"), "open")));
    json_t *w4 = hall_mirror_window (manager_controller_mirror (dash->controller), 4);
    g_assert_cmpstr (json_string_value (json_array_get (json_object_get (w4, "primary"), 0)), ==, "general");
    g_assert_true (harness_mirror_matches (manager_controller_session (dash->controller), dash->server));
    dash_close (dash);
}

/* ---- 2. alerts: a wait past its target, an idle window ------------------- */

static gboolean
s_has_alert (gpointer data)
{
    void **pair = data;
    GPtrArray *list = manager_alerts_list (manager_controller_alerts (pair[0]));
    for (guint i = 0; i < list->len; i++)
        if (g_strcmp0 (((manager_alert_t *) g_ptr_array_index (list, i))->subject, pair[1]) == 0)
            return TRUE;
    return FALSE;
}

static void
test_alerts (void)
{
    if (!s_bus) {
        g_test_skip ("no session bus (run under tests/lib/with-display.sh)");
        return;
    }
    s_clear_notifications ();
    dash_t *dash = dash_open ();
    /* Nobody is signed in for business: that alert has its own test. */
    manager_controller_config (dash->controller)->unserved_minutes = 600;
    g_autofree char *a1 = s_hallctl (dash, "issue", "business", NULL);   /* target 20 min */
    s_advance (dash, 1140);
    g_auto (GStrv) none = s_notifications ();
    g_assert_cmpuint (g_strv_length (none), ==, 0);

    s_advance (dash, 61);                                               /* 20 min 1 s */
    s_wait_notifications (1, a1);
    s_advance (dash, 120);                          /* within the quiet period: nothing more */
    gui_spin (1500);
    g_auto (GStrv) one = s_notifications ();
    g_assert_cmpuint (g_strv_length (one), ==, 1);
    g_test_message ("wait notification: %s", one[0]);
    g_assert_nonnull (strstr (one[0], "企业开办"));
    void *pair[2] = { dash->controller, "wait:business" };
    g_assert_true (s_has_alert (pair));

    /* Window 3 (construction) signs in and stays idle while B001 waits. */
    g_autofree char *b1 = s_hallctl (dash, "issue", "construction", NULL);
    HALLCTL (dash, "signin", "3", "1003");
    s_wait_label (dash, "window-state-3", "空闲");
    s_advance (dash, 240);                                              /* 4 min: not yet */
    gui_spin (500);
    g_auto (GStrv) still = s_notifications ();
    g_assert_cmpuint (g_strv_length (still), ==, 1);
    s_advance (dash, 61);                                               /* past 5 min */
    s_wait_notifications (2, b1);
    gui_spin (1500);
    g_auto (GStrv) two = s_notifications ();
    g_assert_cmpuint (g_strv_length (two), ==, 2);
    g_test_message ("idle notification: %s", two[1]);
    g_assert_nonnull (strstr (two[1], "3号窗口"));
    pair[1] = "idle:3";
    g_assert_true (s_has_alert (pair));
    g_assert_cmpint (manager_controller_notifications (dash->controller), ==, 2);
    dash_close (dash);
}

/* People wait in a category that no window can serve now: after
 * unserved_minutes (3 by default) the manager is told, once; when a clerk
 * signs in for it, a "cleared" notice follows. */
static void
test_unserved_alert (void)
{
    if (!s_bus) {
        g_test_skip ("no session bus (run under tests/lib/with-display.sh)");
        return;
    }
    s_clear_notifications ();
    dash_t *dash = dash_open ();
    g_assert_cmpint (manager_controller_config (dash->controller)->unserved_minutes, ==, 3);
    manager_controller_config (dash->controller)->idle_minutes = 600;
    g_autofree char *c1 = s_hallctl (dash, "issue", "complaint", NULL);   /* served only by window 7 */
    s_advance (dash, 150);                                                /* 2.5 min: not yet */
    g_auto (GStrv) none = s_notifications ();
    g_assert_cmpuint (g_strv_length (none), ==, 0);
    s_advance (dash, 60);
    s_wait_notifications (1, "无窗口办理");
    void *pair[2] = { dash->controller, "unserved:complaint" };
    g_assert_true (s_has_alert (pair));
    g_auto (GStrv) one = s_notifications ();
    g_test_message ("unserved notification: %s", one[0]);
    g_assert_nonnull (strstr (one[0], "1 人等待"));
    s_advance (dash, 120);                                   /* within the quiet period: nothing more */
    g_auto (GStrv) still = s_notifications ();
    g_assert_cmpuint (g_strv_length (still), ==, 1);

    HALLCTL (dash, "signin", "7", "1007");
    s_wait_label (dash, "window-state-7", "空闲");
    s_advance (dash, 2);
    pair[1] = "cleared:complaint";
    g_assert_true (gui_wait_until (s_has_alert, pair, 5000));
    s_wait_notifications (2, "已恢复办理");
    dash_close (dash);
}

/* ---- 3. a 非常不满意 rating ----------------------------------------------- */

/* OP with ARGS (stolen) through the raw protocol as role admin — a desk,
 * a rating pad or the province's answer, as the test needs.  The result
 * (json_decref) or, refused, NULL with *CODE (when given) its error. */
static json_t *
s_call_as (dash_t *dash, hall_op_t op, json_t *args, const char **code)
{
    hall_session_t *session = hall_session_new (dash->server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (session, op, args, &reply);
    json_t *result = rc == HALL_OK ? json_incref (reply.result) : NULL;
    if (code)
        *code = hall_error_name (rc);
    else if (rc != HALL_OK)
        g_error ("%s refused: %s %s", hall_op_name (op), hall_error_name (rc), reply.message);
    hall_reply_clear (&reply);
    json_decref (args);
    hall_session_destroy (&session);
    return result;
}

#define s_call(dash, op, args) s_call_as (dash, op, args, NULL)

/* A visitor of CATEGORY served at WINDOW by STAFF (signed in already or
 * not), with the 办件编号 MATTER recorded while serving (NULL: none); the
 * ticket's number (g_free). */
static char *
s_serve (dash_t *dash, int window, const char *staff, const char *category, const char *matter)
{
    g_autofree char *w = g_strdup_printf ("%d", window);
    int status;
    g_autofree char *signin = hallctl (dash->server, &status, "signin", w, staff, NULL);
    char *number = s_hallctl (dash, "issue", category, NULL);
    HALLCTL (dash, "call", w);
    HALLCTL (dash, "start", w);
    if (matter)
        json_decref (s_call (dash, HALL_OP_MATTER_ADD, json_pack ("{s:i, s:s}", "window", window, "number", matter)));
    HALLCTL (dash, "finish", w);
    return number;
}

/* A 差评 (level 1) of today's ticket NUMBER; PHONE: the visitor's
 * consented contact number (a real-name case), NULL: anonymous.  The
 * case's id. */
static gint64
s_bad_rating (dash_t *dash, const char *number, const char *phone)
{
    json_t *args = json_pack ("{s:s, s:i, s:[s], s:s}", "ticket", number, "level", 1, "reasons", "wait_long",
                              "text", "等了很久，窗口态度也不好");
    if (phone) {
        json_object_set_new (args, "contact_phone", json_string (phone));
        json_object_set_new (args, "consent", json_true ());
    }
    g_autoptr (json_t) result = s_call (dash, HALL_OP_RATE, args);
    return json_integer_value (json_object_get (json_object_get (result, "case"), "id"));
}

/* Whether a label under WIDGET says TEXT. */
static gboolean
s_any_label_says (GtkWidget *widget, const char *text)
{
    if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text))
        return TRUE;
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        if (s_any_label_says (child, text))
            return TRUE;
    return FALSE;
}

static gboolean
s_case_row_says (gpointer data)
{
    gpointer *args = data;
    GtkWidget *list = gui_find (GTK_WIDGET (((dash_t *) args[0])->window), "case-list");
    return list && s_any_label_says (list, args[1]);
}

static void
s_wait_case_row (dash_t *dash, const char *text)
{
    gpointer args[] = { dash, (gpointer) text };
    if (!gui_wait_until (s_case_row_says, args, 10000))
        g_error ("no case row says '%s'", text);
}

static void
test_bad_rating (void)
{
    if (!s_bus) {
        g_test_skip ("no session bus (run under tests/lib/with-display.sh)");
        return;
    }
    s_clear_notifications ();
    dash_t *dash = dash_open ();
    g_autofree char *a1 = s_serve (dash, 2, "1002", "business", NULL);
    json_decref (s_call (dash, HALL_OP_RATE, json_pack ("{s:s, s:i, s:[s, s], s:s, s:s, s:b}", "ticket", a1,
        "level", 1, "reasons", "wait_long", "unprofessional", "text", "等了很久", "contact_phone", "13800138000",
        "consent", TRUE)));
    s_wait_notifications (1, a1);
    g_auto (GStrv) found = s_notifications ();
    g_test_message ("差评 notification: %s", found[0]);
    g_assert_nonnull (strstr (found[0], "2号窗口"));
    g_assert_nonnull (strstr (found[0], "非常不满意"));
    g_assert_nonnull (strstr (found[0], "差评"));
    GPtrArray *list = manager_alerts_list (manager_controller_alerts (dash->controller));
    g_assert_cmpuint (list->len, ==, 1);
    manager_alert_t *alert = g_ptr_array_index (list, 0);
    g_assert_cmpint (alert->kind, ==, MANAGER_ALERT_BAD_RATING);
    g_assert_cmpint (alert->urgency, ==, MANAGER_URGENCY_CRITICAL);
    s_wait_label (dash, "alert-count", "共 1 条");
    /* The case it opened shows, and a step goes through the server. */
    s_wait_label (dash, "case-counts", "未结 1 件 · 超期 0 件");
    gint64 id = db_int (dash->server, "SELECT id FROM service_case");
    g_autoptr (json_t) record = json_pack ("{s:s, s:s}", "method", "phone", "note", "电话联系，约定三日内答复");
    g_assert_cmpint (manager_controller_update_case (dash->controller, id, "contact", record), >, 0);
    g_assert_true (gui_wait_label (GTK_WIDGET (dash->window), "case-summary", "差评案件 未结 1 · 超期 0", 5000));
    for (int i = 0; i < 50 && db_int (dash->server, "SELECT contacted_at IS NOT NULL FROM service_case") != 1; i++)
        gui_spin (100);
    g_assert_cmpint (db_int (dash->server, "SELECT contacted_at IS NOT NULL FROM service_case"), ==, 1);
    /* A step taken elsewhere (hallctl) shows at once: the case.updated
     * event carries the case, whatever the report refresh says (an hour
     * here: a dashboard that polled for cases would show it an hour late). */
    manager_controller_config (dash->controller)->report_refresh = 3600;
    int applied = manager_controller_cases_applied (dash->controller);
    json_decref (s_call (dash, HALL_OP_CASE_UPDATE, json_pack ("{s:I, s:s, s:s, s:s}", "case", (json_int_t) id,
                                                               "action", "rectify", "note", "已向群众道歉并整改",
                                                               "by", "1002")));
    s_wait_case_row (dash, "已整改，待回访");
    g_assert_cmpint (manager_controller_cases_applied (dash->controller), >, applied);
    dash_close (dash);
}

/* ---- 3b. the follow-up with its records ------------------------------------ */

/* Widgets of the dialogs and the record, by name under ROOT. */
static GtkWidget *
s_widget (GtkWidget *root, const char *name)
{
    GtkWidget *widget = gui_find (root, name);
    if (!widget)
        g_error ("no widget named %s", name);
    return widget;
}

static void
s_type (GtkWidget *root, const char *name, const char *text)
{
    gtk_editable_set_text (GTK_EDITABLE (s_widget (root, name)), text);
}

static void
s_note (GtkWidget *root, const char *text)
{
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (s_widget (root, "step-note"))), text, -1);
}

static void
s_click (GtkWidget *root, const char *name)
{
    GtkWidget *button = s_widget (root, name);
    g_assert_true (gtk_widget_get_sensitive (button));
    if (GTK_IS_CHECK_BUTTON (button))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
    else
        g_signal_emit_by_name (button, "clicked");
}

static gboolean
s_sensitive (GtkWidget *root, const char *name)
{
    return gtk_widget_get_sensitive (s_widget (root, name));
}

/* Some label under ROOT says TEXT (data: root, text). */
static gboolean
s_says (gpointer data)
{
    gpointer *args = data;
    return s_any_label_says (args[0], args[1]);
}

static void
s_wait_says (GtkWidget *root, const char *text)
{
    gpointer args[] = { root, (gpointer) text };
    if (!gui_wait_until (s_says, args, 10000))
        g_error ("nothing under %s says '%s'", G_OBJECT_TYPE_NAME (root), text);
}

/* A window was destroyed (data: a weak pointer's place). */
static gboolean
s_destroyed (gpointer data)
{
    return *(gpointer *) data == NULL;
}

static void
s_wait_destroyed (gpointer widget)
{
    gpointer place = widget;
    g_object_add_weak_pointer (G_OBJECT (widget), &place);
    if (!gui_wait_until (s_destroyed, &place, 10000)) {
        const char *error = gui_label_text (GTK_WIDGET (widget), "step-error");
        g_error ("the dialog stayed open: '%s'", error ? error : "");
    }
}

static gboolean
s_record_in (gpointer data)
{
    return manager_case_record_result (data) != NULL;
}

/* The case's record, shown and loaded. */
static ManagerCaseRecord *
s_open_record (dash_t *dash, gint64 id)
{
    ManagerCaseRecord *record = manager_window_open_case (dash->window, id);
    g_assert_true (gui_wait_until (s_record_in, record, 10000));
    return record;
}

/* The contact dialog: 确定 stays insensitive without what was agreed; a
 * time the server refuses (in the future) shows the server's reason in
 * the dialog, which stays open, and changes nothing; put right, the step
 * goes through and the dialog closes. */
static void
test_case_step_refused (void)
{
    dash_t *dash = dash_open ();
    g_autofree char *a1 = s_serve (dash, 2, "1002", "business", NULL);
    gint64 id = s_bad_rating (dash, a1, "13800138000");
    s_wait_label (dash, "case-counts", "未结 1 件 · 超期 0 件");
    s_advance (dash, 1800);                                          /* 09:30 */
    g_autofree char *button = g_strdup_printf ("case-%" G_GINT64_FORMAT "-contact", id);
    g_assert_nonnull (gui_find (GTK_WIDGET (dash->window), button));
    /* Nothing of the old five clicks is left. */
    g_autofree char *verdict = g_strdup_printf ("case-%" G_GINT64_FORMAT "-verdict-满意", id);
    g_assert_null (gui_find (GTK_WIDGET (dash->window), verdict));
    /* What the row's 联系… does. */
    ManagerCaseStepDialog *dialog = manager_window_case_step (dash->window, id, MANAGER_STEP_CONTACT);
    g_assert_nonnull (dialog);
    GtkWidget *root = GTK_WIDGET (dialog);
    gui_spin (200);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (s_widget (root, "step-date"))), ==, "2026-11-27");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (s_widget (root, "step-time"))), ==, "09:30");
    g_assert_false (s_sensitive (root, "step-ok"));                 /* no note */
    s_note (root, "   ");
    g_assert_false (s_sensitive (root, "step-ok"));                 /* blanks are no note */
    s_note (root, "电话联系访客，致歉并约定三个工作日内答复整改结果");
    g_assert_true (s_sensitive (root, "step-ok"));
    s_type (root, "step-time", "9点");
    g_assert_false (s_sensitive (root, "step-ok"));                 /* not a time */
    s_type (root, "step-time", "11:30");                            /* two and a half hours ahead */
    g_assert_true (s_sensitive (root, "step-ok"));
    s_click (root, "step-ok");
    s_wait_says (root, "服务器未接受");
    g_test_message ("refused: %s", gui_label_text (root, "step-error"));
    g_assert_true (gtk_widget_get_visible (s_widget (root, "step-error")));
    g_assert_cmpint (db_int (dash->server, "SELECT contacted_at IS NULL FROM service_case"), ==, 1);
    g_assert_cmpint (db_int (dash->server, "SELECT count(*) FROM case_action WHERE action='contact'"), ==, 0);
    g_assert_true (gtk_widget_get_visible (root));
    g_assert_true (s_sensitive (root, "step-ok"));                  /* may be put right */
    s_type (root, "step-time", "09:25");
    s_click (root, "step-ok");
    s_wait_destroyed (dialog);
    g_assert_cmpint (db_int (dash->server, "SELECT contacted_at IS NOT NULL FROM service_case"), ==, 1);
    g_autofree char *note = db_query (dash->server, "SELECT note || '|' || method || '|' || at FROM case_action"
                                                    " WHERE action='contact'");
    g_autofree char *expected = g_strdup_printf ("电话联系访客，致歉并约定三个工作日内答复整改结果|phone|%d",
                                                 START_TIME + 1500);
    g_assert_cmpstr (note, ==, expected);
    s_wait_case_row (dash, "已联系，待整改");
    dash_close (dash);
}

/* A photo of the rectification at PATH: a PNG of noise (binary, NUL
 * bytes and all, over 2 pieces of 32 KiB); its size, and its sha256
 * (g_free). */
static gsize
s_evidence_file (const char *path, char **sha256)
{
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 160, 160);
    guint32 *pixels = (guint32 *) cairo_image_surface_get_data (surface);
    GRand *rand = g_rand_new_with_seed (17);
    for (int i = 0; i < 160 * 160; i++)
        pixels[i] = g_rand_int (rand) & 0xffffff;
    g_rand_free (rand);
    cairo_surface_mark_dirty (surface);
    g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (surface);
    g_autofree char *data = NULL;
    gsize size = 0;
    g_assert_true (g_file_get_contents (path, &data, &size, NULL));
    g_assert_cmpuint (size, >, 2 * 32 * 1024);
    g_assert_nonnull (memchr (data, 0, size));
    *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, size);
    return size;
}

static gboolean
s_uploaded (gpointer data)
{
    return manager_case_step_dialog_uploading (data) == 0;
}

typedef struct {
    gint64 evidence;
    char  *path;
    char  *error;
    gboolean done;
} saved_t;

static void
s_on_saved (ManagerController *controller, gint64 evidence, const char *path, const char *error, saved_t *saved)
{
    saved->evidence = evidence;
    saved->path = g_strdup (path);
    saved->error = g_strdup (error);
    saved->done = TRUE;
}

static gboolean
s_saved_done (gpointer data)
{
    return ((saved_t *) data)->done;
}

/* Whether the case page shows case ID (data: view, &id). */
static gboolean
s_found (gpointer data)
{
    gpointer *args = data;
    g_autoptr (GArray) ids = manager_case_view_ids (args[0]);
    for (guint i = 0; i < ids->len; i++)
        if (g_array_index (ids, gint64, i) == *(gint64 *) args[1])
            return TRUE;
    return FALSE;
}

static void
s_search (dash_t *dash, const char *field, const char *value, gint64 id)
{
    GtkWidget *view = manager_window_case_view (dash->window);
    g_signal_emit_by_name (s_widget (view, "case-clear"), "clicked");
    manager_case_view_set_filter (MANAGER_CASE_VIEW (view), 2);
    s_type (view, field, value);
    s_click (view, "case-search");
    gpointer args[] = { view, &id };
    if (!gui_wait_until (s_found, args, 10000))
        g_error ("search by %s=%s: case %" G_GINT64_FORMAT " not found ('%s')", field, value, id,
                 gui_label_text (view, "case-total"));
}

/* A real-name case walked to its close, each step with its record, each
 * visible in the record: contact, rectify with an evidence file (stored:
 * its sha256 is the file's; fetched back in pieces, the same bytes),
 * revisit by phone (电话回访 and the masked number), close.  Then the
 * closed case is found again by its 办件编号 and by clerk. */
static void
test_case_walk (void)
{
    dash_t *dash = dash_open ();
    gtk_window_set_default_size (GTK_WINDOW (dash->window), 1680, 1000);
    g_autofree char *a1 = s_serve (dash, 2, "1002", "business", "330102202611270042");
    gint64 id = s_bad_rating (dash, a1, "13800138000");
    s_wait_label (dash, "case-counts", "未结 1 件 · 超期 0 件");
    s_advance (dash, 1800);
    ManagerCaseRecord *record = s_open_record (dash, id);
    GtkWidget *rec = GTK_WIDGET (record);
    s_wait_says (rec, "330102202611270042");
    s_wait_says (rec, "非常不满意");
    s_wait_says (rec, "138****8000");
    g_assert_null (gui_find (rec, "record-do-revisit"));
    /* The whole number, once asked for: the server keeps that it was shown. */
    s_click (rec, "record-reveal");
    s_wait_says (rec, "13800138000");
    g_assert_cmpint (db_int (dash->server, "SELECT count(*) FROM case_action WHERE action='phone_viewed'"), ==, 1);

    /* 联系 */
    s_wait_says (rec, "联系…");
    ManagerCaseStepDialog *dialog = manager_case_record_step (record, MANAGER_STEP_CONTACT);
    GtkWidget *root = GTK_WIDGET (dialog);
    s_note (root, "电话联系访客致歉，约定本周内增设叫号提示并回访");
    s_click (root, "step-ok");
    s_wait_destroyed (dialog);
    s_wait_says (rec, "约定：电话联系访客致歉，约定本周内增设叫号提示并回访");
    s_wait_says (rec, "已联系，待整改");

    /* 整改, with a file of 3 pieces and one refused before sending. */
    s_advance (dash, 3600);
    dialog = manager_case_record_step (record, MANAGER_STEP_RECTIFY);
    root = GTK_WIDGET (dialog);
    g_assert_false (s_sensitive (root, "step-ok"));
    s_note (root, "在叫号屏旁增设提示牌，窗口人员完成服务规范培训");
    g_assert_false (s_sensitive (root, "step-ok"));                 /* by whom */
    s_type (root, "step-by", "周主任 9001");
    g_assert_true (s_sensitive (root, "step-ok"));
    g_autofree char *dir = g_build_filename (g_getenv ("HALL_BUILD") ? g_getenv ("HALL_BUILD") : "build",
                                             "test-output", NULL);
    g_mkdir_with_parents (dir, 0755);
    g_autofree char *sha256 = NULL;
    g_autofree char *photo = g_build_filename (dir, "整改现场.png", NULL);
    gsize size = s_evidence_file (photo, &sha256);
    g_autofree char *exe_path = g_build_filename (dir, "tool.exe", NULL);
    g_assert_true (g_file_set_contents (exe_path, "MZ\x90\x00", 4, NULL));
    g_assert_false (manager_case_step_dialog_add_file (dialog, exe_path));
    g_assert_true (manager_case_step_dialog_add_file (dialog, photo));
    if (manager_case_step_dialog_uploading (dialog))
        g_assert_false (s_sensitive (root, "step-ok"));             /* not while a file is on its way */
    g_assert_true (gui_wait_until (s_uploaded, dialog, 10000));
    g_assert_true (gui_wait_label (root, "step-file-status-2", "已上传", 5000));
    g_assert_true (s_sensitive (root, "step-ok"));
    gui_spin (300);
    gui_screenshot_named (root, "manager-case-step");
    g_autofree char *stored = db_query (dash->server, "SELECT sha256 FROM case_evidence");
    g_assert_cmpstr (stored, ==, sha256);
    g_assert_cmpint (db_int (dash->server, "SELECT size FROM case_evidence"), ==, (gint64) size);
    g_assert_cmpint (db_int (dash->server, "SELECT length (CAST (data AS BLOB)) FROM case_evidence"), ==, (gint64) size);
    s_click (root, "step-ok");
    s_wait_destroyed (dialog);
    s_wait_says (rec, "整改内容：在叫号屏旁增设提示牌");
    s_wait_says (rec, "整改人：周主任 9001");
    s_wait_says (rec, "整改现场.png");
    gint64 evidence = db_int (dash->server, "SELECT id FROM case_evidence");
    g_assert_cmpint (db_int (dash->server, "SELECT action IS NOT NULL FROM case_evidence"), ==, 1);
    /* Fetched back in pieces: the same bytes. */
    saved_t saved = { 0 };
    gulong handler = g_signal_connect (dash->controller, "evidence-saved", G_CALLBACK (s_on_saved), &saved);
    g_autofree char *back = g_build_filename (dir, "evidence-back.png", NULL);
    manager_case_record_save_evidence (record, evidence, back);
    g_assert_true (gui_wait_until (s_saved_done, &saved, 10000));
    g_signal_handler_disconnect (dash->controller, handler);
    g_assert_null (saved.error);
    g_autofree char *bytes = NULL;
    gsize length = 0;
    g_assert_true (g_file_get_contents (back, &bytes, &length, NULL));
    g_autofree char *back_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, length);
    g_assert_cmpstr (back_sha, ==, sha256);
    g_free (saved.path);

    /* 回访 by phone: the visitor's own verdict, the number called. */
    s_advance (dash, 3600);
    dialog = manager_case_record_step (record, MANAGER_STEP_REVISIT);
    root = GTK_WIDGET (dialog);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (s_widget (root, "step-called"))), ==, "13800138000");
    g_assert_false (s_sensitive (root, "step-ok"));                 /* the visitor's verdict */
    s_click (root, "step-verdict-good");
    s_note (root, "访客表示提示牌很清楚");
    g_assert_true (s_sensitive (root, "step-ok"));
    s_click (root, "step-ok");
    s_wait_destroyed (dialog);
    s_wait_says (s_widget (rec, "record-verdict-section"), "电话回访");
    s_wait_says (s_widget (rec, "record-timeline"), "138****8000");
    s_wait_says (rec, "已回访：满意");
    g_autofree char *source = db_query (dash->server, "SELECT verdict_source FROM service_case");
    g_assert_cmpstr (source, ==, "phone_call");

    /* 结案 */
    dialog = manager_case_record_step (record, MANAGER_STEP_CLOSE);
    root = GTK_WIDGET (dialog);
    g_assert_false (s_sensitive (root, "step-ok"));
    s_note (root, "已联系、整改并电话回访，访客满意，结案");
    s_click (root, "step-ok");
    s_wait_destroyed (dialog);
    s_wait_says (rec, "已结案");
    s_wait_says (rec, "结案小结：已联系、整改并电话回访");
    g_assert_null (gui_find (rec, "record-do-close"));
    s_wait_label (dash, "case-counts", "未结 0 件 · 超期 0 件");
    gtk_window_set_default_size (GTK_WINDOW (record), 1100, 1000);
    gui_spin (500);
    gui_screenshot_named (rec, "manager-case-record");
    gtk_window_destroy (GTK_WINDOW (record));

    /* The closed case is found again: by 办件编号, by clerk. */
    g_autofree char *b1 = s_serve (dash, 3, "1003", "construction", NULL);   /* another case, open */
    gint64 other = s_bad_rating (dash, b1, NULL);
    manager_window_show_page (dash->window, "cases");
    s_search (dash, "case-matter", "330102202611270042", id);
    s_wait_label (dash, "case-total", "共找到 1 件（显示 1 件）· 全部未结 1 件 · 超期 0 件");
    g_autofree char *state = g_strdup_printf ("case-state-%" G_GINT64_FORMAT, id);
    s_wait_label (dash, state, "已结案");
    s_search (dash, "case-clerk", "1002", id);
    gpointer found[] = { manager_window_case_view (dash->window), &other };
    g_assert_false (s_found (found));
    /* All of today's: the closed one and the open one, for the picture. */
    s_search (dash, "case-from", "2026-11-27", other);
    g_assert_true (s_found ((gpointer[]) { manager_window_case_view (dash->window), &id }));
    gui_spin (300);
    gui_screenshot_named (GTK_WIDGET (dash->window), "manager-cases");
    s_search (dash, "case-number", a1, id);
    /* A double-click on its row opens its record. */
    GtkListBox *list = GTK_LIST_BOX (s_widget (manager_window_case_view (dash->window), "case-results"));
    g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 0));
    dash_close (dash);
}

/* The clerk appeals (the raw protocol, as the desk would); another
 * manager decides it in the dialog with their password: a wrong password
 * is refused in the dialog; accepted, the rating is excluded and still
 * there, the record says so, and the case may close. */
static void
test_case_appeal (void)
{
    dash_t *dash = dash_open ();
    json_decref (s_call (dash, HALL_OP_STAFF_PASSWORD, json_pack ("{s:s, s:s}", "staff", "9001",
                                                                  "password", "zhou-9001")));
    g_autofree char *a1 = s_serve (dash, 2, "1002", "business", NULL);
    gint64 id = s_bad_rating (dash, a1, "13900139000");
    json_decref (s_call (dash, HALL_OP_CASE_APPEAL, json_pack ("{s:I, s:s, s:s}", "case", (json_int_t) id,
                                                               "reason", "访客在评价器上误触，监控可见已当场表示满意",
                                                               "staff", "1002")));
    s_wait_case_row (dash, "申诉待裁决");
    ManagerCaseRecord *record = s_open_record (dash, id);
    GtkWidget *rec = GTK_WIDGET (record);
    s_wait_says (rec, "申诉待裁决");
    s_wait_says (rec, "误触");
    ManagerCaseStepDialog *dialog = manager_case_record_step (record, MANAGER_STEP_DECIDE);
    g_assert_nonnull (dialog);
    GtkWidget *root = GTK_WIDGET (dialog);
    g_assert_false (s_sensitive (root, "step-ok"));
    s_click (root, "step-accept");
    s_note (root, "调阅监控属实，采纳申诉");
    s_type (root, "step-staff", "9001");
    g_assert_false (s_sensitive (root, "step-ok"));                 /* no password */
    s_type (root, "step-password", "wrong-pass");
    s_click (root, "step-ok");
    s_wait_says (root, "服务器未接受");
    g_test_message ("refused: %s", gui_label_text (root, "step-error"));
    g_assert_cmpint (db_int (dash->server, "SELECT excluded FROM rating"), ==, 0);
    s_type (root, "step-password", "zhou-9001");
    s_click (root, "step-ok");
    s_wait_destroyed (dialog);
    s_wait_says (rec, "申诉已采纳");
    s_wait_says (rec, "已因申诉采纳不计入统计");
    s_wait_says (rec, "调阅监控属实");
    g_assert_cmpint (db_int (dash->server, "SELECT count(*) FROM rating"), ==, 1);
    g_assert_cmpint (db_int (dash->server, "SELECT excluded FROM rating"), ==, 1);
    g_autofree char *decided_by = db_query (dash->server, "SELECT decided_by FROM case_appeal");
    g_assert_cmpstr (decided_by, ==, "9001");
    s_wait_says (rec, "结案…");                                     /* it may close now */
    gtk_window_destroy (GTK_WINDOW (record));
    dash_close (dash);
}

/* An anonymous 差评: no contact, no revisit (匿名差评：无法联系); open →
 * 整改 → 结案. */
static void
test_case_anonymous (void)
{
    dash_t *dash = dash_open ();
    g_autofree char *a1 = s_serve (dash, 2, "1002", "business", NULL);
    gint64 id = s_bad_rating (dash, a1, NULL);
    s_wait_case_row (dash, "匿名：无法联系");
    ManagerCaseRecord *record = s_open_record (dash, id);
    GtkWidget *rec = GTK_WIDGET (record);
    s_wait_says (rec, "匿名差评：无法联系");
    g_assert_null (gui_find (rec, "record-do-contact"));
    g_assert_null (manager_case_record_step (record, MANAGER_STEP_CONTACT));
    ManagerCaseStepDialog *dialog = manager_case_record_step (record, MANAGER_STEP_RECTIFY);
    s_note (GTK_WIDGET (dialog), "窗口增设等候提示");
    s_type (GTK_WIDGET (dialog), "step-by", "1002");
    s_click (GTK_WIDGET (dialog), "step-ok");
    s_wait_destroyed (dialog);
    s_wait_says (rec, "已整改，待结案");
    g_assert_null (gui_find (rec, "record-do-revisit"));
    g_assert_null (gui_find (rec, "record-do-link"));
    dialog = manager_case_record_step (record, MANAGER_STEP_CLOSE);
    s_note (GTK_WIDGET (dialog), "匿名差评，已整改，无法回访");
    s_click (GTK_WIDGET (dialog), "step-ok");
    s_wait_destroyed (dialog);
    s_wait_says (rec, "已结案");
    gtk_window_destroy (GTK_WINDOW (record));
    dash_close (dash);
}

/* The province refuses a record (gov.result refused, as hall-gov-sync
 * would say it): the dashboard alerts with the platform's reason and
 * counts the held records. */
static void
test_gov_held (void)
{
    dash_t *dash = dash_open ();
    g_autofree char *a1 = s_serve (dash, 2, "1002", "business", "330102202611270099");
    HALLCTL (dash, "rate", a1, "5");
    gint64 record = db_int (dash->server, "SELECT id FROM gov_record");
    json_decref (s_call (dash, HALL_OP_GOV_RESULT, json_pack ("{s:I, s:s, s:s}", "id", (json_int_t) record,
                                                              "outcome", "refused", "reason", "事项编码不存在")));
    g_autofree char *subject = g_strdup_printf ("gov:%" G_GINT64_FORMAT, record);
    void *pair[2] = { dash->controller, subject };
    g_assert_true (gui_wait_until (s_has_alert, pair, 10000));
    g_autofree char *name = g_strdup_printf ("alert-%s", subject);
    GtkWidget *row = gui_find (GTK_WIDGET (dash->window), name);
    g_assert_nonnull (row);
    s_wait_says (row, "事项编码不存在");
    s_wait_says (row, "330102202611270099");
    s_wait_label (dash, "gov-held", "省平台退回 1 条");
    dash_close (dash);
}

/* ---- 4. a busy hall: screenshots, the reports view, the PDF ------------- */

/* hallctl that may be refused (a desk with nobody to call…). */
static void
s_try (dash_t *dash, const char *a, const char *b)
{
    int status;
    g_autofree char *out = hallctl (dash->server, &status, a, b, NULL);
}

static gboolean
s_reports_in (gpointer data)
{
    ManagerReportView *view = data;
    return manager_report_view_report (view) && manager_report_view_hours (view);
}

static char *
s_output (const char *name)
{
    const char *dir = g_getenv ("HALL_SCREENSHOTS");
    g_autofree char *fallback = g_build_filename (g_getenv ("HALL_BUILD") ? g_getenv ("HALL_BUILD") : "build",
                                                  "test-output", NULL);
    g_mkdir_with_parents (dir ? dir : fallback, 0755);
    return g_build_filename (dir ? dir : fallback, name, NULL);
}

/* A busy morning in DASH's hall: seven desks signed in, tickets every few
 * minutes, desks calling and finishing, eight ratings (one a 差评), desk 4
 * paused, and a rush at the end that queues business past its warning
 * level (alerts crowd:business and others). */
static void
s_busy_morning (dash_t *dash)
{
    const char *staff[] = { "1001", "1002", "1003", "1004", "1005", "1006", "1007" };
    for (int w = 0; w < 7; w++) {
        g_autofree char *n = g_strdup_printf ("%d", w + 1);
        HALLCTL (dash, "signin", n, staff[w]);
    }
    const char *categories[] = { "business", "general", "construction", "deregister", "business",
                                 "tender", "general", "assisted", "business", "general" };
    /* The morning: tickets every few minutes, desks calling and finishing. */
    for (int step = 0; step < 22; step++) {
        HALLCTL (dash, "issue", categories[step % 10]);
        HALLCTL (dash, "issue", categories[(step * 3 + 1) % 10]);
        if (step % 4 == 0)
            HALLCTL (dash, "issue", "business");
        for (int w = 1; w <= 7; w++) {
            g_autofree char *n = g_strdup_printf ("%d", w);
            if ((step + w) % 3 == 0) {
                s_try (dash, "finish", n);
                s_try (dash, "call", n);
                s_try (dash, "start", n);
            }
        }
        g_autofree char *by = g_strdup_printf ("%d", step < 12 ? 420 : 240);
        HALLCTL (dash, "clock", "--advance", by);
    }
    /* Ratings of the finished tickets, one of them a 差评. */
    int status;
    g_autofree char *finished = db_query (dash->server,
        "SELECT group_concat(number, ' ') FROM (SELECT number FROM ticket WHERE state='finished' ORDER BY id LIMIT 8)");
    g_auto (GStrv) numbers = g_strsplit (finished ? finished : "", " ", -1);
    for (int i = 0; numbers[i] && *numbers[i]; i++) {
        g_autofree char *out = i == 2
            ? hallctl (dash->server, &status, "rate", numbers[i], "2", "--reasons", "wait_long", NULL)
            : hallctl (dash->server, &status, "rate", numbers[i], i % 3 ? "5" : "4", NULL);
    }
    s_try (dash, "finish", "4");
    HALLCTL (dash, "pause", "4");
    /* A rush at the end: business queues past its target and warning level. */
    for (int i = 0; i < 9; i++)
        HALLCTL (dash, "issue", "business");
    s_advance (dash, 60);
    gui_spin (3500);                         /* today's figures refresh (throttled) */
}

/* The 统计报表 page showing today by category, the hourly load and waits
 * in. */
static ManagerReportView *
s_show_today_report (dash_t *dash)
{
    manager_window_show_page (dash->window, "reports");
    ManagerReportView *view = MANAGER_REPORT_VIEW (manager_window_report_view (dash->window));
    const char *day = hall_mirror_day (manager_controller_mirror (dash->controller));
    manager_report_view_select (view, "day", day, day, "category");
    manager_report_view_query (view);
    g_assert_true (gui_wait_until (s_reports_in, view, 5000));
    return view;
}

static void
test_busy_hall (void)
{
    dash_t *dash = dash_open ();
    gtk_window_set_default_size (GTK_WINDOW (dash->window), 1680, 1000);
    s_busy_morning (dash);
    int status;
    g_assert_cmpuint (manager_alerts_list (manager_controller_alerts (dash->controller))->len, >=, 3);
    void *pair[2] = { dash->controller, "crowd:business" };
    g_assert_true (s_has_alert (pair));
    gui_screenshot_named (GTK_WIDGET (dash->window), "manager");

    /* Reports: today by category, with the hourly load and waits. */
    ManagerReportView *view = s_show_today_report (dash);
    gui_spin (500);
    gui_screenshot_named (GTK_WIDGET (dash->window), "manager-reports");

    /* Exports: CSV carries the server's numbers, the PDF the table's. */
    json_t *report = manager_report_view_report (view);
    json_t *totals = json_object_get (report, "totals");
    g_autofree char *csv = s_output ("manager-report.csv");
    g_autofree char *pdf = s_output ("manager-report.pdf");
    g_autoptr (GError) error = NULL;
    g_assert_true (manager_report_view_export_csv (view, csv, &error));
    g_assert_true (manager_report_view_export_pdf (view, pdf, &error));
    g_assert_no_error (error);
    g_autofree char *csv_text = NULL;
    g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
    g_autofree char *issued = g_strdup_printf ("total,");
    g_assert_nonnull (strstr (csv_text, issued));
    g_autofree char *pdf_text = NULL;
    const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &pdf_text, NULL, &status, NULL));
    g_assert_nonnull (strstr (pdf_text, "统计报表"));
    g_assert_nonnull (strstr (pdf_text, "合计"));
    /* Every cell of the totals row, and of each row, is in the PDF's text. */
    const report_column_t *columns = report_columns ();
    size_t r;
    json_t *row;
    json_array_foreach (json_object_get (report, "rows"), r, row) {
        g_autofree char *label = report_label (report, row);
        g_assert_nonnull (strstr (pdf_text, label));
    }
    g_autofree char *total_line = NULL;
    for (char *line = pdf_text; line && *line; ) {
        char *end = strchr (line, '\n');
        if (strstr (line, "合计") && (!end || strstr (line, "合计") < end)) {
            total_line = end ? g_strndup (line, end - line) : g_strdup (line);
            break;
        }
        line = end ? end + 1 : NULL;
    }
    g_assert_nonnull (total_line);
    g_test_message ("PDF totals: %s", total_line);
    g_autoptr (GString) expected = g_string_new ("合计");
    for (int c = 0; columns[c].key; c++) {
        g_autofree char *cell = report_cell (totals, &columns[c]);
        g_string_append_printf (expected, " %s", cell);
        g_assert_nonnull (strstr (total_line, cell));
    }
    g_auto (GStrv) words = g_strsplit_set (total_line, " ", -1);
    g_autoptr (GString) got = g_string_new (NULL);
    for (char **w = words; *w; w++)
        if (**w)
            g_string_append_printf (got, "%s%s", got->len ? " " : "", *w);
    g_assert_cmpstr (got->str, ==, expected->str);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "issued")), ==,
                     db_int (dash->server, "SELECT count(*) FROM ticket"));

    /* The first page as a picture. */
    g_autofree char *prefix = s_output ("report-page");
    const char *ppm[] = { "pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, prefix, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) ppm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                 &status, NULL));
    g_assert_cmpint (status, ==, 0);
    dash_close (dash);
}

/* The report view's last table report is of DAY (data: view, day). */
static gboolean
s_report_of (gpointer data)
{
    ManagerReportView *view = ((gpointer *) data)[0];
    json_t *report = manager_report_view_report (view);
    return report && g_strcmp0 (json_string_value (json_object_get (report, "from")),
                                ((gpointer *) data)[1]) == 0;
}

/* 2027-12-31 16:30 UTC is 2028-01-01 00:30 in the hall, while this
 * process's zone is UTC (main): the dashboard's today, its report, the
 * export's file name and the PDF's header are all of the hall's day, and
 * follow it past the next midnight. */
static void
test_hall_day (void)
{
    dash_t *dash = dash_open_at (1830270600);
    HALLCTL (dash, "issue", "business");
    manager_window_show_page (dash->window, "reports");
    ManagerReportView *view = MANAGER_REPORT_VIEW (manager_window_report_view (dash->window));
    manager_report_view_query (view);
    gpointer data[2] = { view, "2028-01-01" };
    g_assert_true (gui_wait_until (s_report_of, data, 20000));
    json_t *report = manager_report_view_report (view);
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (report, "totals"), "issued")), ==, 1);
    g_autofree char *name = manager_report_view_export_name (view, TRUE);
    g_assert_cmpstr (name, ==, "report-2028-01-01-2028-01-01-category.pdf");
    g_autofree char *pdf = s_output ("manager-new-year.pdf");
    g_autoptr (GError) error = NULL;
    g_assert_true (manager_report_view_export_pdf (view, pdf, &error));
    g_assert_no_error (error);
    g_autofree char *pdf_text = NULL;
    int status = -1;
    const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &pdf_text, NULL, &status, NULL));
    g_assert_nonnull (strstr (pdf_text, "2028-01-01 至 2028-01-01"));
    g_assert_nonnull (strstr (pdf_text, "生成于 2028-01-01 00:30"));
    g_assert_null (strstr (pdf_text, "2027-12-31"));

    /* A day on, at 00:30 on 2 January in the hall: today is the new day. */
    s_advance (dash, 86400);
    manager_report_view_query (view);
    data[1] = "2028-01-02";
    g_assert_true (gui_wait_until (s_report_of, data, 20000));
    g_autofree char *next = manager_report_view_export_name (view, FALSE);
    g_assert_cmpstr (next, ==, "report-2028-01-02-2028-01-02-category.csv");
    dash_close (dash);
}

/* ---- 5. the 预约 page ---------------------------------------------------- */

/* The demo hall taking bookings: business 09:00-10:00 and 14:00-15:00 in
 * half hours of 4 places, construction 09:00-10:00 in half hours of 2,
 * today and the next 3 working days.  g_free. */
static char *
s_booking_hall (void)
{
    g_autofree char *path = g_build_filename (g_getenv ("HALL_SOURCE") ? g_getenv ("HALL_SOURCE") : ".",
                                              "data", "demo-hall.conf", NULL);
    g_autoptr (GKeyFile) keys = g_key_file_new ();
    g_autoptr (GError) error = NULL;
    g_assert_true (g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, &error));
    g_key_file_set_string (keys, "category business", "booking_hours", "09:00-10:00,14:00-15:00");
    g_key_file_set_integer (keys, "category business", "booking_capacity", 4);
    g_key_file_set_integer (keys, "category business", "booking_days", 3);
    g_key_file_set_string (keys, "category construction", "booking_hours", "09:00-10:00");
    g_key_file_set_integer (keys, "category construction", "booking_capacity", 2);
    g_key_file_set_integer (keys, "category construction", "booking_days", 3);
    return g_key_file_to_data (keys, NULL, NULL);
}

/* The N-th made-up resident ID number (born 1990-01-01), its GB 11643
 * check character right.  g_free. */
static char *
s_resident_id (int n)
{
    static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    char *id = g_strdup_printf ("11010519900101%03d?", n);
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (id[i] - '0') * weights[i];
    id[17] = "10X98765432"[sum % 11];
    return id;
}

/* Books SLOT of DAY in CATEGORY for the N-th person, through the server
 * as a desk would; the booking's code (g_free). */
static char *
s_book (dash_t *dash, const char *category, const char *day, const char *slot, int n)
{
    g_autofree char *id = s_resident_id (n);
    hall_session_t *session = hall_session_new (dash->server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    json_t *args = json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s}", "category", category, "day", day, "slot", slot,
                              "name", "张三", "id_number", id, "phone", "13800138000");
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (session, HALL_OP_BOOKING_CREATE, args, &reply);
    if (rc != HALL_OK)
        g_error ("booking %s %s %s: %s %s", category, day, slot, hall_error_name (rc), reply.message);
    char *code = g_strdup (json_string_value (json_object_get (json_object_get (reply.result, "booking"), "code")));
    hall_reply_clear (&reply);
    json_decref (args);
    hall_session_destroy (&session);
    return code;
}

/* No widget named NAME is under the dashboard (data: dash, name). */
static gboolean
s_gone (gpointer data)
{
    gpointer *args = data;
    return !gui_find (GTK_WIDGET (((dash_t *) args[0])->window), args[1]);
}

static gboolean
s_showing_day (gpointer data)
{
    gpointer *args = data;
    return g_strcmp0 (manager_booking_view_day (args[0]), args[1]) == 0;
}

/* Bookings made through the server show on the 预约 page, per category
 * and slot; a booking made, a check-in and a no-show while the page is
 * open change its counts as they happen; past midnight the page moves on
 * to the new today.  The page fits in the dashboard's minimum size. */
static void
test_bookings (void)
{
    g_autofree char *config = s_booking_hall ();
    dash_t *dash = dash_serve (config, START_TIME);        /* Friday 2026-11-27 09:00 */
    g_autofree char *kept1 = s_book (dash, "business", "2026-11-27", "14:00", 1);
    g_autofree char *kept2 = s_book (dash, "business", "2026-11-27", "14:00", 2);
    g_autofree char *dropped = s_book (dash, "business", "2026-11-27", "14:00", 3);
    g_autofree char *came = s_book (dash, "business", "2026-11-27", "09:30", 4);
    g_autofree char *missed = s_book (dash, "business", "2026-11-27", "09:30", 5);
    g_autofree char *monday = s_book (dash, "construction", "2026-11-30", "09:00", 6);
    HALLCTL (dash, "booking", "cancel", dropped);
    g_autofree char *ticket = s_hallctl (dash, "booking", "checkin", came, NULL);   /* on time: 09:00-10:00 */
    g_assert_cmpstr (ticket, ==, "A001");

    dash_show (dash);
    manager_window_show_page (dash->window, "bookings");
    ManagerBookingView *view = MANAGER_BOOKING_VIEW (manager_window_booking_view (dash->window));
    s_wait_label (dash, "booking-day-2026-11-27", "11-27 周五 今天");
    s_wait_label (dash, "booking-title", "11-27 周五 今天");
    s_wait_label (dash, "booking-capacity-business-14:00", "4");
    s_wait_label (dash, "booking-booked-business-14:00", "2");
    s_wait_label (dash, "booking-free-business-14:00", "2");
    s_wait_label (dash, "booking-cancelled-business-14:00", "1");
    s_wait_label (dash, "booking-booked-business-09:30", "2");
    s_wait_label (dash, "booking-checked-in-business-09:30", "1");
    s_wait_label (dash, "booking-noshow-business-09:30", "0");
    s_wait_label (dash, "booking-booked-business-14:30", "0");
    s_wait_label (dash, "booking-booked-business", "4");                 /* the category's subtotal */
    s_wait_label (dash, "booking-capacity-business", "16");
    s_wait_label (dash, "booking-booked-construction-09:00", "0");
    s_wait_label (dash, "booking-day-booked-2026-11-27", "已约 4/20");
    s_wait_label (dash, "booking-day-booked-2026-11-30", "已约 1/20");
    s_wait_label (dash, "booking-day-2026-11-30", "11-30 周一");
    s_wait_label (dash, "booking-totals", "名额 20 · 已约 4 · 已签到 1 · 未到 0 · 已取消 1");
    g_assert_null (gui_find (GTK_WIDGET (dash->window), "booking-day-2026-11-28"));   /* the weekend */
    /* Today and 3 working days take bookings: Thursday 3 December not yet. */
    s_wait_label (dash, "booking-day-booked-2026-12-02", "已约 0/20");
    gpointer thursday[2] = { dash, "booking-day-2026-12-03" };
    g_assert_true (gui_wait_until (s_gone, thursday, 5000));

    /* A booking made now shows at once (its booking.created event). */
    g_autofree char *late = s_book (dash, "business", "2026-11-27", "14:30", 7);
    s_wait_label (dash, "booking-booked-business-14:30", "1");
    s_wait_label (dash, "booking-free-business-14:30", "3");
    s_wait_label (dash, "booking-day-booked-2026-11-27", "已约 5/20");
    s_wait_label (dash, "booking-booked-business", "5");

    /* Another day, chosen as a click does. */
    manager_booking_view_select_day (view, "2026-11-30");
    s_wait_label (dash, "booking-title", "11-30 周一");
    s_wait_label (dash, "booking-booked-construction-09:00", "1");
    s_wait_label (dash, "booking-booked-business-14:00", "0");
    manager_booking_view_select_day (view, "2026-11-27");
    s_wait_label (dash, "booking-title", "11-27 周五 今天");

    /* 10:01: the 09:30 check-in window has closed; who did not come is a
     * no-show (booking.noshow). */
    s_advance (dash, 3660);
    s_wait_label (dash, "booking-noshow-business-09:30", "1");
    s_wait_label (dash, "booking-booked-business-09:30", "1");
    s_wait_label (dash, "booking-totals", "名额 20 · 已约 4 · 已签到 1 · 未到 1 · 已取消 1");

    /* The page fits in the dashboard's minimum size: the window does not
     * grow for it. */
    GtkStack *pages = GTK_STACK (gui_find (GTK_WIDGET (dash->window), "pages"));
    GtkWidget *live = gtk_stack_get_child_by_name (pages, "dashboard");
    GtkWidget *bookings = gtk_stack_get_child_by_name (pages, "bookings");
    for (int o = GTK_ORIENTATION_HORIZONTAL; o <= GTK_ORIENTATION_VERTICAL; o++) {
        int live_min = 0, bookings_min = 0;
        gtk_widget_measure (live, o, -1, &live_min, NULL, NULL, NULL);
        gtk_widget_measure (bookings, o, -1, &bookings_min, NULL, NULL, NULL);
        g_test_message ("minimum %s: dashboard %d, 预约 %d", o == GTK_ORIENTATION_HORIZONTAL ? "width" : "height",
                        live_min, bookings_min);
        g_assert_cmpint (bookings_min, <=, live_min);
    }
    gtk_window_set_default_size (GTK_WINDOW (dash->window), 1680, 1000);
    gui_spin (500);
    gui_screenshot_named (GTK_WIDGET (dash->window), "manager-bookings");

    /* Monday 09:00: the new today comes first and is shown; Friday is gone. */
    s_advance (dash, 3 * 86400 - 3660);
    s_wait_label (dash, "booking-day-2026-11-30", "11-30 周一 今天");
    gpointer showing[2] = { view, "2026-11-30" };
    g_assert_true (gui_wait_until (s_showing_day, showing, 5000));
    s_wait_label (dash, "booking-title", "11-30 周一 今天");
    s_wait_label (dash, "booking-booked-construction-09:00", "1");
    g_assert_null (gui_find (GTK_WIDGET (dash->window), "booking-day-2026-11-27"));
    s_wait_label (dash, "booking-day-booked-2026-12-03", "已约 0/20");      /* one day further now */
    dash_close (dash);
}

/* ---- 5. 好差评 in the national form: the reports view's 全国好差评口径（月） ---- */

static const char *s_national_hall =
    "[hall]\nname=示范县政务服务中心\ntimezone=Asia/Shanghai\nrating_default_days=7\ncase_owner=9001\n"
    "[category a]\nprefix=A\nname=企业登记\ndepartment=市场监管所\ndepartment_code=11330102MB1234567B\n"
    "[category b]\nprefix=B\nname=税务登记\ndepartment=税务分局\ndepartment_code=11330102MB76543218\n"
    "[category c]\nprefix=C\nname=综合咨询\n"
    "[window 1]\nprimary=a\n[window 2]\nprimary=b\n[window 3]\nprimary=c\n"
    "[staff 1001]\nname=王芳\n[staff 1002]\nname=李娜\n[staff 1003]\nname=赵强\n"
    "[staff 9001]\nname=周主任\nrole=manager\n";

/* Until the window forwards "query-national" to the controller, the test
 * answers it the way the server would: report.national, through hallctl. */
static void
s_national_query (ManagerReportView *view, const char *month, const char *by, dash_t *dash)
{
    g_autofree char *out = hallctl_ok (dash->server, "--json", "report", "national", "--month", month,
                                       "--by", by, NULL);
    json_t *report = json_loads (out, 0, NULL);
    manager_report_view_set_report (view, "national", report);
    json_decref (report);
}

static gboolean
s_national_in (gpointer data)
{
    gpointer *pair = data;
    json_t *report = manager_report_view_national (pair[0]);
    return report && g_strcmp0 (json_string_value (json_object_get (report, "by")), pair[1]) == 0;
}

static void
test_national (void)
{
    dash_t *dash = dash_serve (s_national_hall, START_TIME);
    if (db_int (dash->server, "PRAGMA user_version") < 15) {     /* case_appeal, rating.round */
        g_test_skip ("the database is not yet at schema 15");
        server_free (dash->server);
        g_free (dash);
        return;
    }
    dash_show (dash);
    gtk_window_set_default_size (GTK_WINDOW (dash->window), 1680, 1000);
    for (int w = 1; w <= 3; w++) {
        g_autofree char *n = g_strdup_printf ("%d", w), *staff = g_strdup_printf ("100%d", w);
        HALLCTL (dash, "signin", n, staff);
    }
    /* Visits of the three departments, rated at every level, some not;
     * the 差评 at window 1 with the visitor's number (real-name), the one
     * at window 2 without (anonymous). */
    const char *visits[][3] = {
        { "a", "1", "5" }, { "a", "1", "5" }, { "a", "1", "4" }, { "a", "1", "2" }, { "a", "1", "" },
        { "b", "2", "5" }, { "b", "2", "3" }, { "b", "2", "1" }, { "b", "2", "4" },
        { "c", "3", "5" }, { "c", "3", "" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (visits); i++) {
        HALLCTL (dash, "issue", visits[i][0]);
        HALLCTL (dash, "call", visits[i][1]);
        HALLCTL (dash, "start", visits[i][1]);
        HALLCTL (dash, "clock", "--advance", "240");
        HALLCTL (dash, "finish", visits[i][1]);
        if (atoi (visits[i][2]) > 2)
            HALLCTL (dash, "rate", visits[i][1], visits[i][2]);
        else if (*visits[i][2] && strcmp (visits[i][1], "1") == 0)
            HALLCTL (dash, "rate", visits[i][1], visits[i][2], "--reasons", "slow_handling",
                     "--contact-phone", "13800138000", "--consent");
        else if (*visits[i][2])
            HALLCTL (dash, "rate", visits[i][1], visits[i][2], "--reasons", "slow_handling");
    }
    /* Their follow-up.  The real-name one: contacted, rectified, the
     * visitor's own verdict by their link and their second rating, closed.
     * The anonymous one: rectified; its clerk's appeal rejected by a
     * manager with their password; closed. */
    g_autofree char *real = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             db_int (dash->server, "SELECT id FROM service_case WHERE NOT anonymous"));
    g_autofree char *anon = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             db_int (dash->server, "SELECT id FROM service_case WHERE anonymous"));
    HALLCTL (dash, "case", real, "contact", "--method", "phone", "--note", "约定三个工作日内答复");
    HALLCTL (dash, "case", real, "rectify", "--note", "窗口增设材料清单", "--by", "王芳");
    json_t *link = s_call (dash, HALL_OP_CASE_LINK, json_pack ("{s:I, s:b}", "case", (json_int_t) atoll (real),
                                                                "send", TRUE));
    const char *token = json_string_value (json_object_get (link, "token"));
    json_decref (s_call (dash, HALL_OP_CASE_VERDICT, json_pack ("{s:s, s:s}", "token", token, "verdict", "满意")));
    json_decref (s_call (dash, HALL_OP_RATE, json_pack ("{s:s, s:i}", "case_token", token, "level", 5)));
    json_decref (link);
    HALLCTL (dash, "case", real, "close", "--note", "已整改，访客满意");
    HALLCTL (dash, "case", anon, "rectify", "--note", "优化叫号顺序", "--by", "李娜");
    json_decref (s_call (dash, HALL_OP_STAFF_PASSWORD, json_pack ("{s:s, s:s}", "staff", "9001",
                                                                  "password", "zhou-9001")));
    json_decref (s_call (dash, HALL_OP_CASE_APPEAL, json_pack ("{s:I, s:s, s:s}", "case", (json_int_t) atoll (anon),
                                                               "reason", "访客误触评价器", "staff", "1002")));
    json_decref (s_call (dash, HALL_OP_CASE_DECIDE, json_pack ("{s:I, s:s, s:s, s:s, s:s}", "case",
                                                               (json_int_t) atoll (anon), "decision", "rejected",
                                                               "note", "监控未见误触", "staff", "9001",
                                                               "password", "zhou-9001")));
    HALLCTL (dash, "case", anon, "close", "--note", "已整改，结案");
    manager_window_show_page (dash->window, "reports");
    ManagerReportView *view = MANAGER_REPORT_VIEW (manager_window_report_view (dash->window));
    g_signal_connect (view, "query-national", G_CALLBACK (s_national_query), dash);
    manager_report_view_select (view, "national", "2026-11", NULL, "department");
    g_assert_false (gtk_widget_get_visible (gui_find (GTK_WIDGET (view), "report-by")));
    g_assert_true (gtk_widget_get_visible (gui_find (GTK_WIDGET (view), "report-national-by")));
    g_assert_false (gtk_widget_is_visible (gui_find (GTK_WIDGET (view), "chart-hourly")));
    manager_report_view_query (view);
    gpointer pair[2] = { view, "department" };
    g_assert_true (gui_wait_until (s_national_in, pair, 5000));
    gui_spin (500);
    gui_screenshot_named (GTK_WIDGET (dash->window), "manager-national");
    /* The table shows the report's totals: 11 visits, 9 given, the levels. */
    s_wait_label (dash, "national-total-visits", "11");
    s_wait_label (dash, "national-total-ratings_given", "9");
    s_wait_label (dash, "national-total-level_5", "4");
    s_wait_label (dash, "national-total-level_1", "1");
    s_wait_label (dash, "national-total-good_rate", "77.8%");
    s_wait_label (dash, "national-total-active_rate", "81.8%");
    /* The follow-up: both 差评 rectified, one real-name revisited by the
     * visitor, one anonymous; an appeal decided, not accepted; a second
     * rating, good. */
    s_wait_label (dash, "national-total-bad_rectified", "2");
    s_wait_label (dash, "national-total-real_name", "1");
    s_wait_label (dash, "national-total-anonymous", "1");
    s_wait_label (dash, "national-total-revisit_rate", "100.0%");
    s_wait_label (dash, "national-total-appeals_decided", "1");
    s_wait_label (dash, "national-total-appeal_accept_rate", "0.0%");
    s_wait_label (dash, "national-total-second_good", "1");
    json_t *rows = json_object_get (manager_report_view_national (view), "rows");
    g_assert_cmpuint (json_array_size (rows), ==, 3);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (rows, 2), "name")), ==, "(未设部门)");

    /* Its exports: the national CSV (BOM, Chinese headers) and PDF. */
    g_autofree char *name = manager_report_view_export_name (view, FALSE);
    g_assert_cmpstr (name, ==, "national-2026-11-department.csv");
    g_autofree char *csv_path = s_output ("manager-national.csv");
    g_autofree char *pdf_path = s_output ("manager-national.pdf");
    g_autoptr (GError) error = NULL;
    g_assert_true (manager_report_view_export_csv (view, csv_path, &error));
    g_assert_true (manager_report_view_export_pdf (view, pdf_path, &error));
    g_autofree char *csv = NULL;
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "月份,部门编码,部门,统一社会信用代码,办结人次,"));
    g_assert_nonnull (strstr (csv, "\r\n2026-11,11330102MB1234567B,市场监管所,11330102MB1234567B,5,4,"));

    /* By clerk: the clerks by name. */
    gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_find (GTK_WIDGET (view), "report-national-by")), 2);
    manager_report_view_query (view);
    pair[1] = "clerk";
    g_assert_true (gui_wait_until (s_national_in, pair, 5000));
    rows = json_object_get (manager_report_view_national (view), "rows");
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (rows, 0), "name")), ==, "王芳");

    /* Back to a day's report: the charts and the usual grouping return. */
    gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_find (GTK_WIDGET (view), "report-period")), 0);
    g_assert_true (gtk_widget_get_visible (gui_find (GTK_WIDGET (view), "report-by")));
    g_assert_true (gtk_widget_is_visible (gui_find (GTK_WIDGET (view), "chart-hourly")));
    dash_close (dash);
}

/* ---- alerts kept by the server: a kiosk's printer ------------------------ */

static gboolean
s_printer_alert (gpointer data)
{
    dash_t *dash = data;
    GPtrArray *list = manager_alerts_list (manager_controller_alerts (dash->controller));
    for (guint i = 0; i < list->len; i++) {
        manager_alert_t *alert = g_ptr_array_index (list, i);
        if (g_str_has_prefix (alert->subject, "printer:") && alert->kind == MANAGER_ALERT_DEVICE)
            return TRUE;
    }
    return FALSE;
}

static manager_alert_t *
s_printer_entry (dash_t *dash)
{
    GPtrArray *list = manager_alerts_list (manager_controller_alerts (dash->controller));
    for (guint i = 0; i < list->len; i++)
        if (g_str_has_prefix (((manager_alert_t *) g_ptr_array_index (list, i))->subject, "printer:"))
            return g_ptr_array_index (list, i);
    return NULL;
}

static gboolean
s_printer_cleared (gpointer data)
{
    manager_alert_t *entry = s_printer_entry (data);
    return entry && entry->cleared_at > 0;
}

static gboolean
s_accepting (GSocketService *service, GSocketConnection *connection, GObject *source, gpointer data)
{
    GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
    guint8 buffer[4096];
    while (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
        (*(int *) data)++;
    return TRUE;
}

/* A real hall-kiosk whose printer is a closed TCP port checks it at start:
 * the server's alert printer:DEVICE reaches the dashboard (a critical row
 * marked 设备, a notification); a listener on the port (the printer back)
 * and the kiosk's probe clears it: the row greys with 已解除.  A dashboard
 * started again shows the day's alerts from the server, its own rule's
 * alert (kept by alert.raise) once; 历史… shows another day's. */
static void
test_printer_alert (void)
{
    if (!s_bus) {
        g_test_skip ("no session bus (run under tests/lib/with-display.sh)");
        return;
    }
    s_clear_notifications ();
    dash_t *dash = dash_open ();
    gtk_window_set_default_size (GTK_WINDOW (dash->window), 1280, 720);
    manager_controller_config (dash->controller)->unserved_minutes = 600;

    /* A port nobody listens on. */
    g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
    g_autoptr (GSocketAddress) bound = g_socket_get_local_address (socket, NULL);
    guint16 port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    g_socket_close (socket, NULL);
    g_autofree char *printer = g_strdup_printf ("--printer=tcp:127.0.0.1:%u", port);
    g_autofree char *server = g_strdup_printf ("--server=%s", dash->server->requests);
    g_autofree char *events = g_strdup_printf ("--events=%s", dash->server->events);
    g_autofree char *program = harness_program ("hall-kiosk");
    const char *argv[] = { program, server, events, printer, NULL };
    GPid kiosk = 0;
    g_autoptr (GError) error = NULL;
    g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                   | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &kiosk, &error);
    g_assert_no_error (error);

    g_assert_true (gui_wait_until (s_printer_alert, dash, 15000));
    manager_alert_t *entry = s_printer_entry (dash);
    g_test_message ("the dashboard's alert %s: %s — %s", entry->subject, entry->summary, entry->body);
    g_assert_cmpint (entry->urgency, ==, MANAGER_URGENCY_CRITICAL);
    g_assert_cmpint (entry->cleared_at, ==, 0);
    g_assert_nonnull (strstr (entry->summary, "无法连接"));
    g_autofree char *row = g_strdup_printf ("alert-%s", entry->subject);
    GtkWidget *widget = gui_find (GTK_WIDGET (dash->window), row);
    g_assert_nonnull (widget);
    g_assert_true (gtk_widget_has_css_class (widget, "alert-critical"));
    g_assert_false (gtk_widget_has_css_class (widget, "alert-cleared"));
    s_wait_notifications (1, "打印机");
    g_auto (GStrv) one = s_notifications ();
    g_test_message ("printer notification: %s", one[0]);

    /* A rule's alert beside it, kept by the server. */
    HALLCTL (dash, "issue", "business");
    s_advance (dash, 1201);
    s_wait_notifications (2, "等候超时");
    gui_spin (500);
    g_assert_cmpint (db_int (dash->server, "SELECT count(*) FROM alert WHERE subject = 'wait:business'"
                             " AND kind = 'wait' AND cleared_at IS NULL"), ==, 1);
    /* Laid out at its new size before the picture (an empty render else). */
    g_autofree char *probe = g_build_filename (dash->server->dir, "probe.png", NULL);
    for (int i = 0; i < 40 && !gui_screenshot (GTK_WIDGET (dash->window), probe); i++)
        gui_spin (50);
    gui_screenshot_named (GTK_WIDGET (dash->window), "manager-alerts");

    /* The printer returns: the kiosk's probe (every 10 s) clears it. */
    int reads = 0;
    GSocketService *service = g_socket_service_new ();
    g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, port);
    g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, NULL, NULL, &error);
    g_assert_no_error (error);
    g_signal_connect (service, "incoming", G_CALLBACK (s_accepting), &reads);
    g_socket_service_start (service);
    g_assert_true (gui_wait_until (s_printer_cleared, dash, 15000));
    widget = gui_find (GTK_WIDGET (dash->window), row);
    g_assert_true (gtk_widget_has_css_class (widget, "alert-cleared"));
    g_autofree char *state = g_strdup_printf ("alert-state-%s", entry->subject);
    s_wait_label (dash, state, "已解除 09:20:01");     /* the test clock, 1201 s on */
    kill (kiosk, SIGTERM);
    waitpid (kiosk, NULL, 0);
    g_spawn_close_pid (kiosk);
    g_socket_service_stop (service);
    g_socket_listener_close (G_SOCKET_LISTENER (service));
    g_object_unref (service);

    /* Started again: the day's alerts come from the server, each once. */
    GPtrArray *list = manager_alerts_list (manager_controller_alerts (dash->controller));
    guint shown = list->len;
    gtk_window_destroy (GTK_WINDOW (dash->window));
    g_object_unref (dash->controller);
    s_clear_notifications ();
    dash_show (dash);
    manager_controller_config (dash->controller)->unserved_minutes = 600;
    g_assert_true (gui_wait_until (s_printer_cleared, dash, 10000));
    gui_spin (2500);
    list = manager_alerts_list (manager_controller_alerts (dash->controller));
    int waits = 0;
    for (guint i = 0; i < list->len; i++)
        waits += g_strcmp0 (((manager_alert_t *) g_ptr_array_index (list, i))->subject, "wait:business") == 0;
    g_assert_cmpint (waits, ==, 1);
    g_assert_cmpuint (list->len, ==, shown);
    g_auto (GStrv) none = s_notifications ();
    g_assert_cmpuint (g_strv_length (none), ==, 0);       /* nothing told twice */

    /* 历史…: the day before had none; today has them. */
    GtkWidget *calendar = gui_find (GTK_WIDGET (dash->window), "alert-calendar");
    g_assert_nonnull (calendar);
    g_autoptr (GDateTime) yesterday = g_date_time_new_local (2026, 11, 26, 12, 0, 0);
    gtk_calendar_select_day (GTK_CALENDAR (calendar), yesterday);
    g_signal_emit_by_name (calendar, "day-selected");
    s_wait_label (dash, "alert-history-title", "2026-11-26 的提醒");
    s_wait_label (dash, "alert-count", "共 0 条");
    g_autoptr (GDateTime) today = g_date_time_new_local (2026, 11, 27, 12, 0, 0);
    gtk_calendar_select_day (GTK_CALENDAR (calendar), today);
    g_signal_emit_by_name (calendar, "day-selected");
    s_wait_label (dash, "alert-history-title", "2026-11-27 的提醒");
    s_wait_label (dash, "alert-count", "共 2 条");
    g_signal_emit_by_name (gui_find (GTK_WIDGET (dash->window), "alert-today"), "clicked");
    dash_close (dash);
}

/* ---- 管理: the manager's sign-in and the settings ---------------------------- */

static gboolean
s_label_has (gpointer data)
{
    gpointer *pair = data;
    const char *text = gui_label_text (pair[0], pair[1]);
    return text && strstr (text, pair[2]);
}

static void
s_wait_has (GtkWidget *root, const char *name, const char *text)
{
    gpointer pair[3] = { root, (gpointer) name, (gpointer) text };
    if (!gui_wait_until (s_label_has, pair, 8000))
        g_error ("label %s is '%s', expected it to hold '%s'", name, gui_label_text (root, name), text);
}

/* DASH's dashboard shown as a manager device's: its own key, enrolled
 * now; 9001 (周主任, a manager) has the password zhou-9001.  hallctl keeps
 * the admin key. */
static void
dash_show_manager (dash_t *dash)
{
    HALLCTL (dash, "passwd", "9001", "--password", "zhou-9001");
    g_autofree char *key = g_build_filename (dash->server->dir, "manager.key", NULL);
    HALLCTL (dash, "enroll", "manager", "--out", key);
    g_autofree char *admin = g_strdup (g_getenv ("HALL_KEY"));
    g_setenv ("HALL_KEY", key, TRUE);
    dash_show (dash);
    g_setenv ("HALL_KEY", admin, TRUE);
}

/* 9001 signs in on the 管理 page VIEW, as typed and clicked. */
static void
s_sign_in_manager (GtkWidget *view)
{
    gtk_editable_set_text (GTK_EDITABLE (gui_find (view, "signin-staff")), "9001");
    gtk_editable_set_text (GTK_EDITABLE (gui_find (view, "signin-password")), "zhou-9001");
    g_signal_emit_by_name (gui_find (view, "signin"), "clicked");
    s_wait_has (view, "admin-who", "周主任（9001，管理员）");
}

/* A manager device's dashboard: read-only until 9001 signs in; then a
 * category renamed from 类别/事项 is in the hall's settings and audited. */
static void
test_admin_signin (void)
{
    dash_t *dash = dash_serve (NULL, START_TIME);
    dash_show_manager (dash);
    manager_window_show_page (dash->window, "admin");
    GtkWidget *view = manager_window_admin_view (dash->window);
    s_wait_has (view, "admin-notice", "请先以管理员身份登录");
    GtkWidget *page = manager_admin_view_show (MANAGER_ADMIN_VIEW (view), "categories");
    g_assert_false (gtk_widget_get_sensitive (gui_find (page, "save")));
    s_sign_in_manager (view);
    g_assert_true (gtk_widget_get_sensitive (gui_find (page, "save")));
    manager_admin_groups_select (MANAGER_ADMIN_GROUPS (page), "business");
    gtk_editable_set_text (GTK_EDITABLE (gui_find (page, "field-name")), "企业开办服务");
    g_signal_emit_by_name (gui_find (page, "save"), "clicked");
    s_wait_has (page, "form-message", "已保存");
    g_autofree char *name = db_query (dash->server, "SELECT value FROM meta WHERE key = 'hall.settings'");
    g_assert_nonnull (strstr (name, "企业开办服务"));
    GtkWidget *audit = manager_admin_view_show (MANAGER_ADMIN_VIEW (view), "audit");
    s_wait_has (audit, "audit-1-change", "企业开办 → 企业开办服务");
    s_wait_has (audit, "audit-1-op", "修改设置");           /* not settings.set */
    gui_spin (300);
    gui_screenshot_named (GTK_WIDGET (dash->window), "manager-admin-audit");
    dash_close (dash);
}

/* ---- the day chart (issue 21) ---------------------------------------------- */

/* The day chart's series has hours that match the server's tickets by
 * hour of issue (data: dash, chart). */
static gboolean
s_day_hours_in (gpointer data)
{
    dash_t *dash = ((gpointer *) data)[0];
    ManagerDayChart *chart = ((gpointer *) data)[1];
    json_t *series = manager_day_chart_series (chart);
    gint64 origin = json_integer_value (json_object_get (series, "origin"));
    for (int hour = 9; hour <= 10; hour++) {
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM ticket WHERE issued_at >= %" G_GINT64_FORMAT
                                                " AND issued_at < %" G_GINT64_FORMAT, origin + hour * 3600,
                                                origin + (hour + 1) * 3600);
        if (json_integer_value (json_array_get (json_object_get (series, "hours"), hour)) != db_int (dash->server, sql))
            return FALSE;
    }
    return TRUE;
}

/* The dashboard opened mid-morning (tickets issued and called before it),
 * then an hour of issues and calls on the test clock: the chart's every
 * point is the queue as the server's tickets say it was at that time —
 * per category the tickets issued by then and not yet called, and the
 * longest of their waits — at most one point a minute, from the
 * dashboard's start; the targets are the categories'; the hour-of-day
 * load is the day's tickets by hour of issue, those before the start
 * among them.  The day's PDF (the dashboard's export and hallctl report
 * --pdf) has the day chart too, drawn from the report by hour. */
static void
test_day_chart (void)
{
    dash_t *dash = dash_serve (NULL, START_TIME);
    HALLCTL (dash, "signin", "1", "1001");
    HALLCTL (dash, "signin", "2", "1002");
    HALLCTL (dash, "issue", "business");
    HALLCTL (dash, "issue", "business");
    HALLCTL (dash, "issue", "general");
    HALLCTL (dash, "clock", "--advance", "600");
    HALLCTL (dash, "issue", "business");
    HALLCTL (dash, "issue", "construction");
    HALLCTL (dash, "call", "1");
    HALLCTL (dash, "start", "1");
    HALLCTL (dash, "clock", "--advance", "30");
    dash_show (dash);                                  /* 09:10:30: mid-morning */
    gint64 opened = manager_controller_now (dash->controller);
    ManagerDayChart *chart = MANAGER_DAY_CHART (gui_find (GTK_WIDGET (dash->window), "day-chart"));
    g_assert_nonnull (chart);

    s_advance (dash, 120);
    HALLCTL (dash, "issue", "general");
    HALLCTL (dash, "issue", "general");
    HALLCTL (dash, "call", "2");
    HALLCTL (dash, "start", "2");
    s_advance (dash, 300);
    HALLCTL (dash, "issue", "business");
    HALLCTL (dash, "finish", "1");
    HALLCTL (dash, "call", "1");
    HALLCTL (dash, "start", "1");
    HALLCTL (dash, "finish", "2");
    HALLCTL (dash, "call", "2");
    s_advance (dash, 45);                              /* a minute's second point replaces the first */
    HALLCTL (dash, "issue", "construction");
    s_advance (dash, 3000);                            /* into the 10 o'clock hour */
    HALLCTL (dash, "issue", "tender");
    HALLCTL (dash, "issue", "general");
    HALLCTL (dash, "finish", "1");
    HALLCTL (dash, "call", "1");
    s_advance (dash, 200);
    HALLCTL (dash, "issue", "business");
    gpointer data[2] = { dash, chart };
    if (!gui_wait_until (s_day_hours_in, data, 10000))
        g_error ("the day chart's hours are not the server's tickets by hour");

    json_t *series = manager_day_chart_series (chart);
    json_t *categories = json_object_get (series, "categories");
    json_t *points = json_object_get (series, "points");
    g_autofree char *dump = json_dumps (series, JSON_COMPACT);
    g_test_message ("day series: %s", dump);
    g_assert_cmpuint (json_array_size (categories), ==,
                      (guint) db_int (dash->server, "SELECT count(*) FROM category"));
    /* Each category's target line is its target wait. */
    size_t c;
    json_t *category;
    json_array_foreach (categories, c, category) {
        g_autofree char *sql = g_strdup_printf ("SELECT target_wait FROM category WHERE code = '%s'",
                                                json_string_value (json_object_get (category, "code")));
        g_assert_cmpint (json_integer_value (json_object_get (category, "target_wait")), ==, db_int (dash->server, sql));
    }
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (categories, 0), "target_wait")), >, 0);
    /* From the dashboard's start, one point a minute at most, each the
     * queue at its time by the server's tickets. */
    gint64 first = json_integer_value (json_object_get (json_array_get (points, 0), "t"));
    g_assert_cmpint (first, >=, START_TIME + 630);
    g_assert_cmpint (first, <=, opened + 2);
    gint64 last_minute = -1, last_t = 0;
    int checked = 0, busy = 0;
    size_t p;
    json_t *point;
    json_array_foreach (points, p, point) {
        gint64 t = json_integer_value (json_object_get (point, "t"));
        g_assert_cmpint (t / 60, >, last_minute);
        last_minute = t / 60;
        last_t = t;
        json_array_foreach (categories, c, category) {
            const char *code = json_string_value (json_object_get (category, "code"));
            g_autofree char *where = g_strdup_printf ("FROM ticket WHERE category = '%s' AND issued_at <= %" G_GINT64_FORMAT
                                                      " AND (called_at IS NULL OR called_at > %" G_GINT64_FORMAT ")",
                                                      code, t, t);
            g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) %s", where);
            g_autofree char *wait_sql = g_strdup_printf ("SELECT coalesce(max(%" G_GINT64_FORMAT " - issued_at), 0) %s",
                                                         t, where);
            gint64 waiting = db_int (dash->server, count_sql), longest = db_int (dash->server, wait_sql);
            json_t *got_waiting = json_array_get (json_object_get (point, "waiting"), c);
            json_t *got_longest = json_array_get (json_object_get (point, "longest"), c);
            if (json_integer_value (got_waiting) != waiting || json_integer_value (got_longest) != longest)
                g_error ("point %zu (t %" G_GINT64_FORMAT ") %s: waiting %d longest %d, the tickets say %d and %d",
                         p, t, code, (int) json_integer_value (got_waiting), (int) json_integer_value (got_longest),
                         (int) waiting, (int) longest);
            checked++;
            busy += waiting > 0;
        }
    }
    g_assert_cmpint (checked, >, 0);
    g_assert_cmpuint (json_array_size (points), >=, 6);
    g_assert_cmpint (busy, >=, 10);
    /* The last point is the queue now. */
    g_assert_cmpint (last_t, >=, manager_controller_now (dash->controller) - 61);
    g_assert_cmpint (json_integer_value (json_array_get (json_object_get (json_array_get (points, json_array_size (points) - 1),
                                                                          "waiting"), 0)), ==,
                     db_int (dash->server, "SELECT count(*) FROM ticket WHERE state = 'waiting' AND category = 'business'"));
    g_assert_nonnull (strstr (json_string_value (json_object_get (series, "caption")), "09:10"));

    /* As the manager sees it at 1280×720; the live view still fits. */
    gtk_window_set_default_size (GTK_WINDOW (dash->window), 1280, 720);
    g_autofree char *problems = gui_fit_problems (GTK_WINDOW (dash->window), 1280, 720);
    if (problems)
        g_error ("the live view with the day chart does not fit 1280x720:\n%s", problems);
    g_autofree char *dir = g_build_filename (g_getenv ("HALL_BUILD") ? g_getenv ("HALL_BUILD") : "build",
                                             "screenshots", NULL);
    g_mkdir_with_parents (dir, 0755);
    g_autofree char *shot = g_build_filename (dir, "manager-day-chart.png", NULL);
    g_assert_true (gui_screenshot (GTK_WIDGET (dash->window), shot));
    g_autofree char *shot_chart = g_build_filename (dir, "manager-day-chart-alone.png", NULL);
    g_assert_true (gui_screenshot (GTK_WIDGET (chart), shot_chart));

    /* The day's PDF: the dashboard's export and hallctl's, the day chart
     * in both, from the report by hour. */
    ManagerReportView *view = s_show_today_report (dash);
    g_autofree char *pdf = s_output ("manager-day-report.pdf");
    g_autoptr (GError) error = NULL;
    g_assert_true (manager_report_view_export_pdf (view, pdf, &error));
    g_assert_no_error (error);
    g_autofree char *pdf_hallctl = s_output ("hallctl-day-report.pdf");
    HALLCTL (dash, "report", "--pdf", pdf_hallctl);
    const char *pdfs[] = { pdf, pdf_hallctl };
    for (int i = 0; i < 2; i++) {
        int status;
        g_autofree char *text = NULL;
        const char *argv[] = { "pdftotext", pdfs[i], "-", NULL };
        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &text, NULL,
                                     &status, NULL));
        g_assert_nonnull (strstr (text, "今日分时段取号"));
        g_assert_nonnull (strstr (text, "按取号时段的 90% 等候"));
        g_assert_nonnull (strstr (text, "全厅"));
    }
    g_autofree char *prefix = s_output ("day-report-page");
    const char *ppm[] = { "pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf_hallctl, prefix, NULL };
    int status;
    g_assert_true (g_spawn_sync (NULL, (char **) ppm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL));
    dash_close (dash);
}

/* ---- the dashboard fits common screens (issue 18) ------------------------- */

/* Whether DASH's window, showing what it shows, fits 1280×720, 1366×768 and
 * 1920×1080 (gui_fit_problems); each size that does not is added to FAILED
 * as "WHAT W×H" and its problems told.  A screenshot at 1280×720 is saved
 * as manager-fit-WHAT. */
static void
s_check_fits (dash_t *dash, const char *what, GString *failed)
{
    static const int sizes[][2] = { { 1280, 720 }, { 1366, 768 }, { 1920, 1080 } };
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
        g_autofree char *problems = gui_fit_problems (GTK_WINDOW (dash->window), sizes[i][0], sizes[i][1]);
        if (problems) {
            g_test_message ("%s %dx%d:\n%s", what, sizes[i][0], sizes[i][1], problems);
            g_string_append_printf (failed, "%s %dx%d; ", what, sizes[i][0], sizes[i][1]);
        } else {
            g_test_message ("%s %dx%d fits", what, sizes[i][0], sizes[i][1]);
        }
        if (i == 0) {
            g_autofree char *name = g_strdup_printf ("manager-fit-%s", what);
            gui_screenshot_named (GTK_WIDGET (dash->window), name);
        }
    }
}

/* A busy hall's dashboard fits 1280×720, 1366×768 and 1920×1080 on each
 * of its pages: no control outside the window, no text cut (issue 18).
 * The hall takes bookings, has alerts, 差评 cases and a manager signed in
 * on 管理, so that every page shows what it would on a busy day. */
static void
test_fits (void)
{
    g_autofree char *config = s_booking_hall ();
    dash_t *dash = dash_serve (config, START_TIME);
    g_autofree char *b1 = s_book (dash, "business", "2026-11-27", "14:00", 1);
    g_autofree char *b2 = s_book (dash, "business", "2026-11-27", "14:30", 2);
    g_autofree char *b3 = s_book (dash, "construction", "2026-11-30", "09:00", 3);
    dash_show_manager (dash);
    s_busy_morning (dash);
    /* Two 差评 of tickets the morning did not rate: an anonymous case and
     * a real-name one. */
    g_autofree char *unrated = db_query (dash->server,
        "SELECT group_concat(number, ' ') FROM (SELECT number FROM ticket WHERE state='finished'"
        " ORDER BY id LIMIT 2 OFFSET 8)");
    g_auto (GStrv) bad = g_strsplit (unrated ? unrated : "", " ", -1);
    g_assert_cmpuint (g_strv_length (bad), ==, 2);
    s_bad_rating (dash, bad[0], NULL);
    s_bad_rating (dash, bad[1], "13800138000");
    gui_spin (1500);
    g_assert_cmpuint (manager_alerts_list (manager_controller_alerts (dash->controller))->len, >=, 3);
    g_autoptr (GString) failed = g_string_new (NULL);

    /* 实时监控: categories, windows, today's alerts and cases. */
    manager_window_show_page (dash->window, "dashboard");
    s_check_fits (dash, "live", failed);
    gui_screenshot_named (GTK_WIDGET (dash->window), "manager-fit-live-1920x1080");    /* left at the largest */

    /* The alerts of a day chosen from 历史… (a longer heading, 返回今天). */
    GtkWidget *calendar = gui_find (GTK_WIDGET (dash->window), "alert-calendar");
    g_autoptr (GDateTime) today = g_date_time_new_local (2026, 11, 27, 12, 0, 0);
    gtk_calendar_select_day (GTK_CALENDAR (calendar), today);
    g_signal_emit_by_name (calendar, "day-selected");
    s_wait_label (dash, "alert-history-title", "2026-11-27 的提醒");
    s_check_fits (dash, "alerts", failed);
    g_signal_emit_by_name (gui_find (GTK_WIDGET (dash->window), "alert-today"), "clicked");

    /* 差评案件: the cases found when the page is first shown. */
    manager_window_show_page (dash->window, "cases");
    s_wait_case_row (dash, bad[1]);
    s_check_fits (dash, "cases", failed);

    /* 预约: today's slots. */
    manager_window_show_page (dash->window, "bookings");
    s_wait_label (dash, "booking-title", "11-27 周五 今天");
    s_check_fits (dash, "bookings", failed);

    /* 统计报表: today by category, with the hourly load and waits. */
    s_show_today_report (dash);
    s_check_fits (dash, "reports", failed);

    /* 管理, a manager signed in: each of its tabs. */
    manager_window_show_page (dash->window, "admin");
    GtkWidget *view = manager_window_admin_view (dash->window);
    s_wait_has (view, "admin-notice", "请先以管理员身份登录");
    s_sign_in_manager (view);
    const char *tabs[] = { "categories", "windows", "staff", "devices", "calendar", "hall", "audit" };
    for (guint i = 0; i < G_N_ELEMENTS (tabs); i++) {
        g_assert_nonnull (manager_admin_view_show (MANAGER_ADMIN_VIEW (view), tabs[i]));
        g_autofree char *what = g_strdup_printf ("admin-%s", tabs[i]);
        s_check_fits (dash, what, failed);
    }
    g_assert_cmpstr (failed->str, ==, "");
    dash_close (dash);
}

/* ---- every control has an accessible name (issue 18) ---------------------- */

/* gui_a11y_assert_named (WHAT) on DASH's dashboard, its renderers held
 * meanwhile: the live view is built anew each second (s_tick), and the
 * checker, walking the tree over D-Bus, would find its cells gone. */
static void
s_assert_named (dash_t *dash, const char *what)
{
    g_signal_handlers_block_matched (dash->controller, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, dash->window);
    gui_a11y_assert_named (what);
    g_signal_handlers_unblock_matched (dash->controller, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, dash->window);
}

/* A manager device's dashboard on a hall with something on each page: a
 * booking today and one on Monday, three desks that served, a 差评 with a
 * phone (a case and an alert), business queueing past its warning level
 * (an alert) and today's report on 统计报表.  On the 管理 page, signed
 * out.  The number of the 差评's ticket in *BAD (g_free). */
static dash_t *
s_a11y_dash (char **bad)
{
    g_autofree char *config = s_booking_hall ();
    dash_t *dash = dash_serve (config, START_TIME);
    g_autofree char *b1 = s_book (dash, "business", "2026-11-27", "14:00", 1);
    g_autofree char *b2 = s_book (dash, "construction", "2026-11-30", "09:00", 2);
    dash_show_manager (dash);
    g_autofree char *n1 = s_serve (dash, 1, "1001", "business", NULL);
    g_autofree char *n2 = s_serve (dash, 2, "1002", "general", NULL);
    *bad = s_serve (dash, 3, "1003", "construction", NULL);
    s_bad_rating (dash, *bad, "13800138000");
    for (int i = 0; i < 16; i++)
        HALLCTL (dash, "issue", "business");
    s_advance (dash, 60);
    s_show_today_report (dash);
    manager_window_show_page (dash->window, "cases");
    s_wait_case_row (dash, *bad);
    manager_window_show_page (dash->window, "admin");
    s_wait_has (manager_window_admin_view (dash->window), "admin-notice", "请先以管理员身份登录");
    return dash;
}

/* Each part below shows two screens of the dashboard (s_a11y_dash) and
 * asks over AT-SPI that every showing control has an accessible name,
 * in a subprocess with GTK's bridge on, where tests/tools/a11y-check.py
 * walks this process's accessible tree (gui-a11y.h).  A walk of the whole
 * dashboard takes some 15 s and the subprocess has 120 at most, hence the parts. */
static void
test_accessible_names_live (void)
{
    if (!gui_a11y_bridge_on ()) {
        gui_a11y_run_in_subprocess ();
        return;
    }
    g_autofree char *bad = NULL;
    dash_t *dash = s_a11y_dash (&bad);
    manager_window_show_page (dash->window, "dashboard");
    gui_spin (300);
    s_assert_named (dash, "实时监控");
    manager_window_show_page (dash->window, "bookings");
    s_wait_label (dash, "booking-title", "11-27 周五 今天");
    s_assert_named (dash, "预约");
    dash_close (dash);
}

static void
test_accessible_names_cases (void)
{
    if (!gui_a11y_bridge_on ()) {
        gui_a11y_run_in_subprocess ();
        return;
    }
    g_autofree char *bad = NULL;
    dash_t *dash = s_a11y_dash (&bad);
    manager_window_show_page (dash->window, "cases");
    gui_spin (300);
    s_assert_named (dash, "差评案件");
    manager_window_show_page (dash->window, "reports");
    gui_spin (300);
    s_assert_named (dash, "统计报表");
    dash_close (dash);
}

/* 管理 signed out (FIRST: NULL), or with 9001 signed in, on the tabs FIRST
 * and SECOND. */
static void
s_accessible_admin (const char *first, const char *second)
{
    if (!gui_a11y_bridge_on ()) {
        gui_a11y_run_in_subprocess ();
        return;
    }
    g_autofree char *bad = NULL;
    dash_t *dash = s_a11y_dash (&bad);
    GtkWidget *view = manager_window_admin_view (dash->window);
    if (!first)
        s_assert_named (dash, "管理, signed out");
    s_sign_in_manager (view);
    const char *tabs[] = { first ? first : "categories", second };
    for (guint i = first ? 0 : 1; i < G_N_ELEMENTS (tabs) && tabs[i]; i++) {
        g_assert_nonnull (manager_admin_view_show (MANAGER_ADMIN_VIEW (view), tabs[i]));
        gui_spin (500);
        g_autofree char *what = g_strdup_printf ("管理 %s", tabs[i]);
        s_assert_named (dash, what);
    }
    dash_close (dash);
}

static void test_accessible_names_signin (void) { s_accessible_admin (NULL, NULL); }
static void test_accessible_names_admin_1 (void) { s_accessible_admin ("categories", "windows"); }
static void test_accessible_names_admin_2 (void) { s_accessible_admin ("staff", "devices"); }
static void test_accessible_names_admin_3 (void) { s_accessible_admin ("calendar", "hall"); }
static void test_accessible_names_admin_4 (void) { s_accessible_admin ("audit", NULL); }

/* ---- 6. a long report: busy, and 取消 (issue 21) ---------------------------- */

static gboolean
s_report_by (gpointer data)
{
    gpointer *pair = data;
    json_t *report = manager_report_view_report (pair[0]);
    return report && g_strcmp0 (json_string_value (json_object_get (report, "by")), pair[1]) == 0;
}

/* A report on its way shows the spinner, the seconds and 取消, 查询
 * insensitive; 取消 brings back the report shown before, and its late
 * answer changes nothing.  The server is stopped (SIGSTOP) while the report
 * is asked for, so it stays on its way as long as the test likes, however
 * fast the machine. */
static void
test_report_busy_and_cancel (void)
{
    dash_t *dash = dash_open ();
    HALLCTL (dash, "issue", "business");
    ManagerReportView *view = s_show_today_report (dash);           /* today by category */
    GtkWidget *root = GTK_WIDGET (view);
    json_t *before = manager_report_view_report (view), *hours = manager_report_view_hours (view);
    g_autofree char *status = g_strdup (gui_label_text (root, "report-status"));
    g_assert_false (gtk_widget_get_visible (s_widget (root, "report-busy")));
    /* The window forwards "cancel" to the controller. */
    g_assert_true (g_signal_has_handler_pending (view, g_signal_lookup ("cancel", MANAGER_TYPE_REPORT_VIEW), 0, FALSE));

    const char *day = hall_mirror_day (manager_controller_mirror (dash->controller));
    manager_report_view_select (view, "day", day, day, "window");
    kill (dash->server->pid, SIGSTOP);
    s_click (root, "report-query");
    g_assert_true (gtk_widget_get_visible (s_widget (root, "report-busy")));
    g_assert_false (gtk_widget_get_visible (s_widget (root, "report-status")));
    g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (s_widget (root, "report-spinner"))));
    g_assert_cmpstr (gui_label_text (root, "report-busy-label"), ==, "正在生成报表… 0 秒");
    g_assert_false (s_sensitive (root, "report-query"));
    g_assert_true (s_sensitive (root, "report-cancel"));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (s_widget (root, "report-cancel"))), ==, "取消");
    g_assert_true (gui_wait_label (root, "report-busy-label", "正在生成报表… 1 秒", 3000));
    gui_screenshot_named (GTK_WIDGET (dash->window), "manager-report-busy");
    manager_report_view_query (view);                                /* no second one meanwhile */
    s_click (root, "report-cancel");
    g_assert_false (gtk_widget_get_visible (s_widget (root, "report-busy")));
    g_assert_true (gtk_widget_get_visible (s_widget (root, "report-status")));
    g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (s_widget (root, "report-spinner"))));
    g_assert_true (s_sensitive (root, "report-query"));
    g_assert_cmpstr (gui_label_text (root, "report-status"), ==, status);
    g_assert_true (manager_report_view_report (view) == before);
    g_assert_true (manager_report_view_hours (view) == hours);

    /* The server goes on and answers the report cancelled: nothing changes. */
    kill (dash->server->pid, SIGCONT);
    /* The server's reports run one at a time, in order: once another
     * client's report is answered, the cancelled one's answer has gone
     * out to the dashboard; a moment for its main loop to read it. */
    HALLCTL (dash, "report");
    gui_spin (200);
    g_assert_true (manager_report_view_report (view) == before);
    g_assert_true (manager_report_view_hours (view) == hours);
    g_assert_cmpstr (gui_label_text (root, "report-status"), ==, status);
    g_assert_false (gtk_widget_get_visible (s_widget (root, "report-busy")));

    /* A report asked for again comes as usual. */
    s_click (root, "report-query");
    gpointer by_window[2] = { view, "window" };
    g_assert_true (gui_wait_until (s_report_by, by_window, 5000));
    g_assert_false (gtk_widget_get_visible (s_widget (root, "report-busy")));
    g_assert_true (s_sensitive (root, "report-query"));
    g_autofree char *rows = g_strdup_printf ("%s 至 %s，", day, day);
    g_assert_true (g_str_has_prefix (gui_label_text (root, "report-status"), rows));
    dash_close (dash);
}

int
main (int argc, char **argv)
{
    /* This machine is on UTC, the hall on Asia/Shanghai: a date taken from
     * the machine's zone shows (test_hall_day). */
    g_setenv ("TZ", "UTC", TRUE);
    tzset ();
    g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
    g_autofree char *config = g_dir_make_tmp ("hall-manager-XXXXXX", NULL);
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    g_test_init (&argc, &argv, NULL);
    gui_a11y_prepare ();
    gtk_init ();
    /* The bridge's subprocess (/manager/accessible-names) shares the
     * parent's bus, where the mock daemon already runs. */
    gboolean bus = !gui_a11y_bridge_on () && s_mock_start ();
    g_test_add_func ("/manager/live", test_live);
    if (!bus)
        g_test_message ("no session bus: the notification tests skip");
    g_test_add_func ("/manager/alerts", test_alerts);
    g_test_add_func ("/manager/unserved-alert", test_unserved_alert);
    g_test_add_func ("/manager/printer-alert", test_printer_alert);
    g_test_add_func ("/manager/bad-rating", test_bad_rating);
    g_test_add_func ("/manager/case-step-refused", test_case_step_refused);
    g_test_add_func ("/manager/case-walk", test_case_walk);
    g_test_add_func ("/manager/case-appeal", test_case_appeal);
    g_test_add_func ("/manager/case-anonymous", test_case_anonymous);
    g_test_add_func ("/manager/gov-held", test_gov_held);
    g_test_add_func ("/manager/busy-hall", test_busy_hall);
    g_test_add_func ("/manager/hall-day", test_hall_day);
    g_test_add_func ("/manager/bookings", test_bookings);
    g_test_add_func ("/manager/national", test_national);
    g_test_add_func ("/manager/admin-signin", test_admin_signin);
    g_test_add_func ("/manager/day-chart", test_day_chart);
    g_test_add_func ("/manager/fits", test_fits);
    g_test_add_func ("/manager/accessible-names/live", test_accessible_names_live);
    g_test_add_func ("/manager/accessible-names/cases", test_accessible_names_cases);
    g_test_add_func ("/manager/accessible-names/signin", test_accessible_names_signin);
    g_test_add_func ("/manager/accessible-names/admin-1", test_accessible_names_admin_1);
    g_test_add_func ("/manager/accessible-names/admin-2", test_accessible_names_admin_2);
    g_test_add_func ("/manager/accessible-names/admin-3", test_accessible_names_admin_3);
    g_test_add_func ("/manager/accessible-names/admin-4", test_accessible_names_admin_4);
    g_test_add_func ("/manager/report-busy-and-cancel", test_report_busy_and_cancel);
    int rc = g_test_run ();
    s_mock_stop ();
    g_rmdir (config);
    return rc;
}
