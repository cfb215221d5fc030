/*  test-gui-counter.c — the clerk's desk (hall-counter) against the real
 *  hall-server, under Xvfb and a private D-Bus session
 *  (tests/lib/with-display.sh).
 *
 *  The desk is built in-process (CounterController + CounterWindow) for
 *  window 1 of the demo hall with clerk 1001 signed in; tickets are issued
 *  with hallctl; the desk is driven through its GActions ("win.call"…),
 *  the same path as its buttons and F-keys.  The server's database is the
 *  judge of what happened.
 */
#include <gtk/gtk.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"
#include "gui-a11y.h"
#include "gui-test.h"
#include "counter-controller.h"
#include "counter-cases-dialog.h"
#include "counter-confirm-dialog.h"
#include "counter-format.h"
#include "counter-transfer-dialog.h"
#include "counter-window.h"

#define START_TIME 1795741200          /* 2026-11-27 09:00 in the hall's zone */

typedef struct {
    server_t          *server;
    CounterController *controller;
    CounterWindow     *window;
    int                number;       /* the window this desk is */
    gboolean           owns_server;  /* desk_close stops the server */
} desk_t;

/* ---- helpers ------------------------------------------------------------- */

static gboolean
s_signed_in (gpointer data)
{
    desk_t *desk = data;
    hall_mirror_t *mirror = counter_controller_mirror (desk->controller);
    json_t *window = hall_mirror_window (mirror, desk->number);
    return counter_controller_online (desk->controller)
           && json_is_object (json_object_get (window, "clerk"))
           && gtk_widget_get_mapped (GTK_WIDGET (desk->window));
}

/* The session falls back to the local clock until the first heartbeat
 * brings the server's (test) clock: wait for it, so durations are right. */
static gboolean
s_server_clock (gpointer data)
{
    gint64 now = counter_controller_now (((desk_t *) data)->controller);
    return now >= START_TIME && now < START_TIME + 3600;
}

/* A desk at window NUMBER of SERVER with clerk STAFF signed in. */
static desk_t *
desk_open_on (server_t *server, int number, const char *staff, gboolean notify_idle)
{
    desk_t *desk = g_new0 (desk_t, 1);
    desk->server = server;
    desk->number = number;
    desk->controller = counter_controller_new (desk->server->requests, desk->server->events, number);
    desk->window = counter_window_new (NULL, desk->controller);
    counter_window_set_notify (desk->window, notify_idle, TRUE);
    counter_controller_auto_signin (desk->controller, staff);
    gtk_window_present (GTK_WINDOW (desk->window));
    g_assert_true (gui_wait_until (s_signed_in, desk, 10000));
    g_assert_true (gui_wait_until (s_server_clock, desk, 3000));
    return desk;
}

/* A desk at window 1 of a new demo hall, clerk 1001. */
static desk_t *
desk_open (gboolean notify_idle)
{
    desk_t *desk = desk_open_on (server_start (NULL, START_TIME), 1, "1001", notify_idle);
    desk->owns_server = TRUE;
    return desk;
}

static void
desk_close (desk_t *desk)
{
    /* Hidden first, and its pending work done: GTK 4.8 keeps a tooltip's
     * timeout past the surface's destruction (it then asks the dead
     * surface for the pointer), so nothing may be pending when it goes. */
    gtk_widget_set_visible (GTK_WIDGET (desk->window), FALSE);
    gui_spin (100);
    gtk_window_destroy (GTK_WINDOW (desk->window));
    g_object_unref (desk->controller);
    gui_spin (50);
    if (desk->owns_server)
        server_free (desk->server);
    g_free (desk);
}

/* hallctl against the test's server: the first word of its output. */
#define s_hallctl(desk, ...) hallctl_ok ((desk)->server, __VA_ARGS__)

static void
s_wait_label (desk_t *desk, const char *name, const char *text)
{
    if (!gui_wait_label (GTK_WIDGET (desk->window), name, text, 5000))
        g_error ("label %s is '%s', expected '%s'", name,
                 gui_label_text (GTK_WIDGET (desk->window), name), text);
}

static gboolean
s_enabled (desk_t *desk, const char *action)
{
    GAction *a = g_action_map_lookup_action (G_ACTION_MAP (desk->window), action);
    g_assert_nonnull (a);
    return g_action_get_enabled (a);
}

/* The set of enabled clerk actions, as "call,start,…" in a fixed order. */
static char *
s_enabled_set (desk_t *desk)
{
    static const char *names[] = { "call", "recall", "start", "finish", "noshow", "transfer",
                                   "pause", "resume", "signout" };
    GString *set = g_string_new (NULL);
    for (size_t i = 0; i < G_N_ELEMENTS (names); i++)
        if (s_enabled (desk, names[i]))
            g_string_append_printf (set, "%s%s", set->len ? "," : "", names[i]);
    return g_string_free (set, FALSE);
}

typedef struct {
    desk_t     *desk;
    const char *set;
} actions_wait_t;

static gboolean
s_actions_are (gpointer data)
{
    actions_wait_t *wait = data;
    g_autofree char *set = s_enabled_set (wait->desk);
    return g_strcmp0 (set, wait->set) == 0;
}

static void
s_wait_actions (desk_t *desk, const char *set)
{
    actions_wait_t wait = { desk, set };
    if (!gui_wait_until (s_actions_are, &wait, 5000)) {
        g_autofree char *now = s_enabled_set (desk);
        g_error ("enabled actions are '%s', expected '%s'", now, set);
    }
}

static void
s_activate (desk_t *desk, const char *action, GVariant *parameter)
{
    g_test_message ("activate %s", action);
    g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (desk->window), action, parameter));
}

static void
s_assert_db (desk_t *desk, const char *sql, const char *expected)
{
    g_autofree char *value = db_query (desk->server, sql);
    g_assert_cmpstr (value, ==, expected);
}

static gboolean
s_visible (desk_t *desk, const char *name)
{
    GtkWidget *widget = gui_find (GTK_WIDGET (desk->window), name);
    g_assert_nonnull (widget);
    return gtk_widget_get_visible (widget);
}

typedef struct {
    desk_t     *desk;
    const char *name;
    gboolean    visible;
} visible_wait_t;

static gboolean
s_visible_is (gpointer data)
{
    visible_wait_t *wait = data;
    return s_visible (wait->desk, wait->name) == wait->visible;
}

/* The desk's open dialog of TYPE (transient for it), or NULL. */
static GtkWidget *
s_dialog_of (desk_t *desk, GType type)
{
    GtkWidget *found = NULL;
    GList *toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l; l = l->next)
        if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data)
            && gtk_window_get_transient_for (l->data) == GTK_WINDOW (desk->window))
            found = l->data;
    g_list_free (toplevels);
    return found;
}

static gboolean
s_confirmation_open (gpointer data)
{
    return s_dialog_of (data, COUNTER_TYPE_CONFIRM_DIALOG) != NULL;
}

/* Waits for the desk's question (过号, 签退): it is an alert dialog with
 * its title for a name, the safe choice 取消 has the focus, and its
 * heading is returned (g_free). */
static char *
s_wait_confirmation (desk_t *desk)
{
    if (!gui_wait_until (s_confirmation_open, desk, 5000))
        g_error ("no confirmation appeared");
    GtkWidget *dialog = s_dialog_of (desk, COUNTER_TYPE_CONFIRM_DIALOG);
    gui_spin (100);                                  /* mapped: the focus is where it starts */
    g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (dialog)), ==,
                     GTK_ACCESSIBLE_ROLE_ALERT_DIALOG);
    g_assert_nonnull (gtk_window_get_title (GTK_WINDOW (dialog)));
    g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) == gui_find (dialog, "confirm-dialog-cancel"));
    return g_strdup (gui_label_text (dialog, "confirm-dialog-heading"));
}

/* Answers the desk's question: the action's button (YES), or Enter on
 * the focused button — 取消 — (NO). */
static void
s_answer (desk_t *desk, gboolean yes)
{
    GtkWidget *dialog = s_dialog_of (desk, COUNTER_TYPE_CONFIRM_DIALOG);
    g_assert_nonnull (dialog);
    if (yes)
        g_signal_emit_by_name (gui_find (dialog, "confirm-dialog-confirm"), "clicked");
    else
        gtk_widget_activate (gtk_root_get_focus (GTK_ROOT (dialog)));   /* clicked after its 250 ms press */
    gui_spin (400);
    g_assert_false (s_confirmation_open (desk));
}

/* ---- 1. the clerk's day through the actions -------------------------------- */

static void
test_actions (void)
{
    desk_t *desk = desk_open (FALSE);
    s_wait_label (desk, "queue-total", "共 0 人");
    s_wait_actions (desk, "pause,signout");          /* nothing to call yet */

    g_autofree char *a1 = s_hallctl (desk, "issue", "business", NULL);
    g_autofree char *a2 = s_hallctl (desk, "issue", "business", NULL);
    g_autofree char *e1 = s_hallctl (desk, "issue", "deregister", NULL);   /* backup of window 1 */
    g_autofree char *d1 = s_hallctl (desk, "issue", "general", NULL);      /* not served at 1 */
    g_assert_cmpstr (a1, ==, "A001");
    g_assert_cmpstr (e1, ==, "E001");
    s_wait_label (desk, "queue-total", "共 3 人");
    s_wait_actions (desk, "call,pause,signout");

    /* Call: the server's first ticket for window 1 shows as current. */
    s_activate (desk, "win.call", NULL);
    s_wait_label (desk, "ticket-number", "A001");
    s_assert_db (desk, "SELECT state FROM ticket WHERE number='A001'", "called");
    s_wait_label (desk, "queue-total", "共 2 人");
    s_wait_actions (desk, "recall,start,noshow,transfer");
    g_assert_false (s_enabled (desk, "call"));
    g_assert_true (s_enabled (desk, "start"));

    s_activate (desk, "win.recall", NULL);
    s_wait_label (desk, "ticket-state", "正在呼叫（第 2 次）");

    s_activate (desk, "win.start", NULL);
    s_wait_label (desk, "ticket-state", "办理中");
    s_assert_db (desk, "SELECT state FROM ticket WHERE number='A001'", "serving");
    s_wait_actions (desk, "finish,transfer");

    g_autofree char *out = NULL;
    int status;
    out = hallctl (desk->server, &status, "clock", "--advance", "200", NULL);
    g_assert_cmpint (status, ==, 0);

    s_activate (desk, "win.finish", NULL);
    s_wait_label (desk, "ticket-number", "—");
    s_assert_db (desk, "SELECT state FROM ticket WHERE number='A001'", "finished");
    s_wait_label (desk, "figure-served", "1 件");
    /* The window's mean service is the server's (200 s on the test
     * clock), whatever this desk saw: one figure, no contradiction. */
    s_wait_label (desk, "figure-average", "3分20秒");
    s_wait_actions (desk, "call,pause,signout");

    /* No-show. */
    s_activate (desk, "win.call", NULL);
    s_wait_label (desk, "ticket-number", a2);
    s_wait_actions (desk, "recall,start,noshow,transfer");
    s_activate (desk, "win.noshow", NULL);
    g_free (s_wait_confirmation (desk));
    s_answer (desk, TRUE);
    s_wait_label (desk, "ticket-number", "—");
    s_assert_db (desk, "SELECT state FROM ticket WHERE number='A002'", "noshow");

    /* Transfer to a category window 1 does not serve: its queue empties. */
    s_activate (desk, "win.call", NULL);
    s_wait_label (desk, "ticket-number", "E001");
    s_activate (desk, "win.transfer-to-category", g_variant_new_string ("general"));
    s_wait_label (desk, "ticket-number", "—");
    s_assert_db (desk, "SELECT state || ' ' || category FROM ticket WHERE number='E001'",
                 "waiting general");
    s_wait_label (desk, "queue-total", "共 0 人");
    s_wait_actions (desk, "pause,signout");

    /* Pause with a reason, resume. */
    s_activate (desk, "win.pause-with-reason", g_variant_new_string ("午休"));
    s_wait_label (desk, "ticket-state", "暂停服务：午休");
    s_assert_db (desk, "SELECT paused || pause_reason FROM service_window WHERE number=1", "1午休");
    s_wait_actions (desk, "resume,signout");
    g_autofree char *a3 = s_hallctl (desk, "issue", "business", NULL);
    s_wait_label (desk, "queue-total", "共 1 人");
    g_assert_false (s_enabled (desk, "call"));       /* paused: no call */
    s_activate (desk, "win.resume", NULL);
    s_wait_actions (desk, "call,pause,signout");

    /* A refusal from the server (a request racing the state) is shown in
     * the banner in Chinese, and nothing breaks. */
    counter_controller_start (desk->controller);
    s_wait_label (desk, "message-label", "开始办理失败：当前状态下不能进行此操作");
    g_assert_true (s_visible (desk, "message-bar"));

    /* The dialogs open from their actions and close on Escape-equivalent. */
    s_activate (desk, "win.pause", NULL);
    gui_spin (100);
    GList *toplevels = gtk_window_list_toplevels ();
    gboolean dialog = FALSE;
    for (GList *l = toplevels; l; l = l->next)
        if (l->data != (gpointer) desk->window && gtk_widget_get_visible (l->data)
            && gtk_window_get_transient_for (l->data) == GTK_WINDOW (desk->window)) {
            dialog = TRUE;
            gtk_window_close (l->data);
        }
    g_list_free (toplevels);
    g_assert_true (dialog);

    /* Sign out (A003 waits: the desk asks): the sign-in page; sign in
     * again through it. */
    s_activate (desk, "win.signout", NULL);
    g_free (s_wait_confirmation (desk));
    s_answer (desk, TRUE);
    g_assert_true (gui_wait_label (GTK_WIDGET (desk->window), "desk-clerk", "未登录", 5000));
    s_wait_actions (desk, "");
    g_assert_true (s_visible (desk, "signin-staff"));
    /* A mistyped staff id first: refused, and said; signed in, the
     * refusal is gone (it stayed, once). */
    gtk_editable_set_text (GTK_EDITABLE (gui_find (GTK_WIDGET (desk->window), "signin-staff")), "1902");
    g_signal_emit_by_name (gui_find (GTK_WIDGET (desk->window), "signin-submit"), "clicked");
    s_wait_label (desk, "message-label", "登录失败：没有这个工号");
    g_assert_true (s_visible (desk, "message-bar"));
    gtk_editable_set_text (GTK_EDITABLE (gui_find (GTK_WIDGET (desk->window), "signin-staff")), "1002");
    g_signal_emit_by_name (gui_find (GTK_WIDGET (desk->window), "signin-submit"), "clicked");
    s_wait_label (desk, "desk-clerk", "工作人员：李娜（1002）");
    s_wait_actions (desk, "call,pause,signout");
    g_assert_false (s_visible (desk, "message-bar"));
    gui_screenshot_named (GTK_WIDGET (desk->window), "desk-after-failed-signin");
    /* One family for every word and figure, the clock's too. */
    g_autofree char *fonts = gui_foreign_fonts (GTK_WIDGET (desk->window));
    if (fonts)
        g_test_message ("labels in another font:\n%s", fonts);
    g_assert_null (fonts);
    (void) d1;
    desk_close (desk);
}

/* ---- a desk restarted while its clerk is signed in ------------------------ */

/* The desk crashed (or was closed) with 1001 signed in; started again, it
 * does not open for whoever is at the keyboard: 1001 confirms with the
 * password first, or signs out. */
static void
test_restart_asks_who (void)
{
    desk_t *first = desk_open (FALSE);
    server_t *server = first->server;
    g_free (s_hallctl (first, "passwd", "1001", "--password", "wang-1001", NULL));
    first->owns_server = FALSE;
    desk_close (first);

    desk_t *desk = g_new0 (desk_t, 1);
    desk->server = server;
    desk->owns_server = TRUE;
    desk->number = 1;
    desk->controller = counter_controller_new (server->requests, server->events, 1);
    desk->window = counter_window_new (NULL, desk->controller);
    counter_window_set_notify (desk->window, FALSE, TRUE);
    gtk_window_present (GTK_WINDOW (desk->window));
    g_assert_true (gui_wait_until (s_signed_in, desk, 10000));
    s_wait_label (desk, "signin-hint", "本窗口仍由 王芳（1001）登录。请输入密码确认是您本人，或签退");
    g_assert_true (s_visible (desk, "signin-password"));
    GtkWidget *staff = gui_find (GTK_WIDGET (desk->window), "signin-staff");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (staff)), ==, "1001");
    g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (staff)));
    g_free (s_hallctl (desk, "issue", "business", NULL));
    s_wait_actions (desk, "");                      /* nothing until confirmed */
    gui_screenshot_named (GTK_WIDGET (desk->window), "desk-restart-confirm");

    /* A wrong password: refused, still locked. */
    gtk_editable_set_text (GTK_EDITABLE (gui_find (GTK_WIDGET (desk->window), "signin-password")), "nope-nope");
    g_signal_emit_by_name (gui_find (GTK_WIDGET (desk->window), "signin-submit"), "clicked");
    s_wait_label (desk, "message-label", "登录失败：工号或密码错误");
    g_assert_true (s_visible (desk, "signin-hint"));
    g_assert_false (s_enabled (desk, "call"));

    /* The right one: the desk opens where it was. */
    gtk_editable_set_text (GTK_EDITABLE (gui_find (GTK_WIDGET (desk->window), "signin-password")), "wang-1001");
    g_signal_emit_by_name (gui_find (GTK_WIDGET (desk->window), "signin-submit"), "clicked");
    s_wait_actions (desk, "call,pause,signout");
    s_wait_label (desk, "desk-clerk", "工作人员：王芳（1001）");
    g_assert_false (gtk_widget_get_mapped (gui_find (GTK_WIDGET (desk->window), "signin-hint")));
    desk_close (desk);
}

/* ---- 2. offline and back ------------------------------------------------- */

static void
test_offline (void)
{
    desk_t *desk = desk_open (FALSE);
    g_autofree char *a1 = s_hallctl (desk, "issue", "business", NULL);
    g_autofree char *a2 = s_hallctl (desk, "issue", "business", NULL);
    s_wait_label (desk, "queue-total", "共 2 人");
    s_activate (desk, "win.call", NULL);
    s_wait_label (desk, "ticket-number", "A001");
    s_wait_actions (desk, "recall,start,noshow,transfer");
    g_assert_false (s_visible (desk, "offline-banner"));

    gint64 killed = g_get_monotonic_time ();
    server_kill (desk->server, SIGTERM);
    visible_wait_t banner = { desk, "offline-banner", TRUE };
    /* The session goes offline 2.5 s after the last heartbeat (one a
     * second; tests/unit/test-session.c holds the rule): how long it took
     * here is logged, not asserted, for a busy machine is slower. */
    g_assert_true (gui_wait_until (s_visible_is, &banner, 20000));
    gint64 took = (g_get_monotonic_time () - killed) / 1000;
    g_test_message ("offline banner after %" G_GINT64_FORMAT " ms", took);
    s_wait_actions (desk, "");
    gui_spin (2200);                                 /* the banner counts the seconds */
    gui_screenshot_named (GTK_WIDGET (desk->window), "desk-offline");

    server_restart (desk->server);
    banner.visible = FALSE;
    g_assert_true (gui_wait_until (s_visible_is, &banner, 10000));
    s_wait_actions (desk, "recall,start,noshow,transfer");
    s_wait_label (desk, "ticket-number", "A001");

    /* Resynced and live: new tickets and actions work without a restart. */
    g_autofree char *a3 = s_hallctl (desk, "issue", "business", NULL);
    s_wait_label (desk, "queue-total", "共 2 人");
    s_activate (desk, "win.start", NULL);
    s_wait_label (desk, "ticket-state", "办理中");
    s_assert_db (desk, "SELECT state FROM ticket WHERE number='A001'", "serving");
    g_assert_true (harness_mirror_matches (counter_controller_session (desk->controller), desk->server));
    desk_close (desk);
}

/* ---- 3. notifications and the screenshot -------------------------------- */

typedef struct {
    GDBusConnection *bus;
    const char      *needle;
    char            *found;    /* summary + body of the matching Notify */
} notify_wait_t;

/* Looks through the mock daemon's recorded calls for a Notify from
 * hall-counter whose summary or body holds NEEDLE. */
static gboolean
s_notified (gpointer data)
{
    notify_wait_t *wait = data;
    g_autoptr (GVariant) reply = g_dbus_connection_call_sync (wait->bus,
        "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
        "org.freedesktop.DBus.Mock", "GetCalls", NULL, G_VARIANT_TYPE ("(a(tsav))"),
        G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
    if (!reply)
        return FALSE;
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
        g_autofree char *text = g_strdup_printf ("%s | %s", g_variant_get_string (summary_s, NULL),
                                                 g_variant_get_string (body_s, NULL));
        if (g_strcmp0 (g_variant_get_string (app_s, NULL), "hall-counter") == 0
            && strstr (text, wait->needle)) {
            g_free (wait->found);
            wait->found = g_strdup (text);
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
s_name_owned (GDBusConnection *bus, const char *name)
{
    g_autoptr (GVariant) reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus",
        "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
        G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
    gboolean owned = FALSE;
    if (reply)
        g_variant_get (reply, "(b)", &owned);
    return owned;
}

static void
test_notify_and_screenshot (void)
{
    if (!g_getenv ("DBUS_SESSION_BUS_ADDRESS")) {
        g_test_skip ("no session bus (run under tests/lib/with-display.sh)");
        return;
    }
    g_autoptr (GError) error = NULL;
    GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (s_name_owned (bus, "org.freedesktop.Notifications"));
    /* python3-dbusmock's notification daemon: the system python has it. */
    const char *argv[] = { "/usr/bin/python3", "-m", "dbusmock", "--template", "notification_daemon", NULL };
    GPid mock = 0;
    g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                   NULL, NULL, &mock, &error);
    g_assert_no_error (error);
    for (int i = 0; i < 100 && !s_name_owned (bus, "org.freedesktop.Notifications"); i++)
        g_usleep (100 * 1000);
    g_assert_true (s_name_owned (bus, "org.freedesktop.Notifications"));

    desk_t *desk = desk_open (TRUE);                 /* --notify-idle on */
    int before = counter_window_notifications (desk->window);

    /* Idle window, a ticket it would call arrives. */
    g_autofree char *a1 = s_hallctl (desk, "issue", "business", NULL);
    notify_wait_t wait = { bus, a1, NULL };
    g_assert_true (gui_wait_until (s_notified, &wait, 5000));
    g_test_message ("idle notification: %s", wait.found);

    /* A green-channel ticket for window 1's category. */
    g_autofree char *e1 = s_hallctl (desk, "issue", "deregister", NULL);
    g_autofree char *a2 = s_hallctl (desk, "issue", "business", "--green", "老年人（80岁）",
                                     "--granted-by", "服务台 张敏", NULL);
    wait.needle = a2;
    g_assert_true (gui_wait_until (s_notified, &wait, 5000));
    g_test_message ("green notification: %s", wait.found);
    g_assert_nonnull (strstr (wait.found, "绿色通道"));
    g_assert_cmpint (counter_window_notifications (desk->window), >=, before + 2);

    /* The green ticket goes first; serve it a while with a queue behind. */
    g_autofree char *out = NULL;
    int status;
    out = hallctl (desk->server, &status, "clock", "--advance", "540", NULL);
    g_assert_cmpint (status, ==, 0);
    s_wait_label (desk, "queue-total", "共 3 人");
    s_activate (desk, "win.call", NULL);
    s_wait_label (desk, "ticket-number", a2);
    s_activate (desk, "win.start", NULL);
    s_wait_label (desk, "ticket-state", "办理中");
    for (int i = 0; i < 3; i++) {
        g_autofree char *more = s_hallctl (desk, "issue", i == 1 ? "deregister" : "business", NULL);
        g_free (out);
        out = hallctl (desk->server, &status, "clock", "--advance", "47", NULL);
    }
    s_wait_label (desk, "queue-total", "共 5 人");
    g_assert_true (gtk_widget_get_visible (gui_find (GTK_WIDGET (desk->window), "ticket-green")));
    gui_spin (2200);                                 /* heartbeats carry the advanced clock */
    gui_screenshot_named (GTK_WIDGET (desk->window), "desk");
    /* The busy desk fits 1280×720, 1366×768 and 1920×1080 (issue 18),
     * checked from the widgets' allocations by gui_fit_problems. */
    static const int sizes[][2] = { { 1280, 720 }, { 1366, 768 }, { 1920, 1080 } };
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
        gtk_window_set_default_size (GTK_WINDOW (desk->window), sizes[i][0], sizes[i][1]);
        //  The window manager takes a moment to resize: up to 3 s for it
        //  to settle; a layout that does not fit never does.
        g_autofree char *problems = NULL;
        for (int tries = 0; tries < 30; tries++) {
            gui_spin (100);
            g_free (problems);
            problems = gui_fit_problems (GTK_WINDOW (desk->window), sizes[i][0], sizes[i][1]);
            if (!problems)
                break;
        }
        if (problems)
            g_test_message ("%dx%d: %s", sizes[i][0], sizes[i][1], problems);
        g_assert_null (problems);
        if (i == 0)
            gui_screenshot_named (GTK_WIDGET (desk->window), "desk-1280x720");
    }

    desk_close (desk);
    g_free (wait.found);
    kill (mock, SIGTERM);
    waitpid (mock, NULL, 0);
    g_spawn_close_pid (mock);
    g_object_unref (bus);
}

/* The clerk looks a ticket up by number (ticket.find): the popover under
 * the search field shows its category, state, waits and every step at the
 * hall's local time, a transfer with where it went. */
static gboolean
s_popover_shown (gpointer data)
{
    GtkWidget *label = gui_find (GTK_WIDGET (((desk_t *) data)->window), "desk-find-result");
    return label && gtk_widget_get_mapped (label)
           && strstr (gtk_label_get_text (GTK_LABEL (label)), "A001") != NULL;
}

static void
test_find (void)
{
    desk_t *desk = desk_open (FALSE);
    g_autofree char *a1 = s_hallctl (desk, "issue", "business", NULL);
    g_assert_cmpstr (a1, ==, "A001");
    g_autofree char *out = NULL;
    int status;
    out = hallctl (desk->server, &status, "clock", "--advance", "300", NULL);
    s_wait_label (desk, "queue-total", "共 1 人");
    s_activate (desk, "win.call", NULL);
    s_wait_label (desk, "ticket-number", "A001");
    s_activate (desk, "win.start", NULL);
    s_wait_label (desk, "ticket-state", "办理中");
    g_free (out);
    out = hallctl (desk->server, &status, "transfer", "1", "--to-category", "general", NULL);
    g_assert_cmpint (status, ==, 0);
    s_wait_label (desk, "ticket-number", "—");

    GtkWidget *entry = gui_find (GTK_WIDGET (desk->window), "desk-find");
    g_assert_nonnull (entry);
    gtk_editable_set_text (GTK_EDITABLE (entry), " a001 ");
    g_signal_emit_by_name (entry, "activate");
    g_assert_true (gui_wait_until (s_popover_shown, desk, 10000));
    const char *text = gui_label_text (GTK_WIDGET (desk->window), "desk-find-result");
    g_test_message ("%s", text);
    /* 09:00 in the hall's zone; waited 5 minutes; now waiting again. */
    g_assert_true (g_str_has_prefix (text, "A001 · "));
    g_assert_nonnull (strstr (text, " · 等候中\n等候 5分00秒"));
    g_assert_nonnull (strstr (text, "\n09:00  取号"));
    g_assert_nonnull (strstr (text, "\n09:05  呼叫  1号窗口"));
    g_assert_nonnull (strstr (text, "\n09:05  开始办理  1号窗口"));
    g_assert_nonnull (strstr (text, "\n09:05  转出  1号窗口 → "));
    /* The popover is a surface of its own: it is the picture. */
    GtkWidget *label = gui_find (GTK_WIDGET (desk->window), "desk-find-result");
    gui_spin (300);                                  /* drawn once */
    gui_screenshot_named (gtk_widget_get_ancestor (label, GTK_TYPE_POPOVER), "desk-find");

    /* A number nobody took: the message bar says so. */
    gtk_editable_set_text (GTK_EDITABLE (entry), "A999");
    g_signal_emit_by_name (entry, "activate");
    g_assert_true (gui_wait_label (GTK_WIDGET (desk->window), "message-label", "查询失败：今天没有这个号码", 10000));
    desk_close (desk);
}

/* ---- 5. an appointment ticket, marked in the queue and at the window ------ */

static void
test_appointment (void)
{
    /* The demo hall books 企业开办 (window 1's primary) in half hours. */
    desk_t *desk = desk_open (FALSE);
    /* A walk-in at 09:15, the 09:30 booking checked in at 09:20. */
    g_free (s_hallctl (desk, "clock", "--advance", "900", NULL));
    g_autofree char *walk_in = s_hallctl (desk, "issue", "business", NULL);
    g_free (s_hallctl (desk, "clock", "--advance", "300", NULL));
    hall_session_t *admin = hall_session_new (desk->server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    hall_reply_t reply;
    json_t *args = json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "category", "business", "day", "2026-11-27",
                              "slot", "09:30", "name", "张三", "document", "passport", "id_number", "E12345678",
                              "phone", "13800138000");
    g_assert_cmpint (hall_session_call (admin, HALL_OP_BOOKING_CREATE, args, &reply), ==, HALL_OK);
    json_decref (args);
    args = json_pack ("{s:s}", "code", json_string_value (json_object_get (json_object_get (reply.result, "booking"),
                                                                           "code")));
    hall_reply_clear (&reply);
    g_assert_cmpint (hall_session_call (admin, HALL_OP_BOOKING_CHECKIN, args, &reply), ==, HALL_OK);
    json_decref (args);
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (reply.result, "ticket"), "number")), ==,
                     "A002");
    hall_reply_clear (&reply);
    hall_session_destroy (&admin);
    /* In the queue: 预约 09:30 beside A002. */
    s_wait_label (desk, "queue-total", "共 2 人");
    s_wait_label (desk, "queue-appointment", "预约 09:30");
    /* At 09:30 (the walk-in has waited 15 of its 20 minutes' target) the
     * window calls it before the walk-in, and says so. */
    g_free (s_hallctl (desk, "clock", "--advance", "600", NULL));
    s_activate (desk, "win.call", NULL);
    s_wait_label (desk, "ticket-number", "A002");
    s_wait_label (desk, "ticket-appointment", "预约 09:30–10:00");
    g_assert_true (s_visible (desk, "ticket-appointment"));
    gui_spin (300);                                  /* drawn once */
    gui_screenshot_named (GTK_WIDGET (desk->window), "desk-appointment");
    s_activate (desk, "win.start", NULL);
    s_wait_label (desk, "ticket-state", "办理中");
    s_activate (desk, "win.finish", NULL);
    s_wait_label (desk, "ticket-number", "—");
    s_wait_label (desk, "queue-total", "共 1 人");
    s_activate (desk, "win.call", NULL);
    s_wait_label (desk, "ticket-number", walk_in);
    visible_wait_t hidden = { desk, "ticket-appointment", FALSE };
    g_assert_true (gui_wait_until (s_visible_is, &hidden, 5000));
    desk_close (desk);
}

/* ---- 6. a "一件事" journey across two desks -------------------------------- */

/* 企业开办一件事: 营业执照 at window 1, then 印章刻制 and the optional
 * 社保登记 (either order) at window 2, then the optional 银行开户 at 3. */
static const char *s_journey_hall =
    "[hall]\nname=一件事大厅\ntimezone=Asia/Shanghai\n"
    "[category business]\nprefix=A\nname=企业开办\nname_en=Business Start-up\n"
    "[category seal]\nprefix=B\nname=印章刻制\nname_en=Seal Engraving\n"
    "[category social]\nprefix=C\nname=社保登记\nname_en=Social Insurance\n"
    "[category bank]\nprefix=D\nname=银行开户\nname_en=Bank Account\n"
    "[journey kaiban]\nname=企业开办一件事\nname_en=Business Start-up, One Go\n"
    "steps=business; seal, social?; bank?\n"
    "[window 1]\nprimary=business\n"
    "[window 2]\nprimary=seal;social\n"
    "[window 3]\nprimary=bank\n"
    "[staff 1001]\nname=王芳\n[staff 1002]\nname=李娜\n[staff 1003]\nname=赵敏\n";

/* journey.issue for THEME through an admin session: the ticket's number. */
static char *
s_journey_issue (server_t *server, const char *theme)
{
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    hall_reply_t reply;
    json_t *args = json_pack ("{s:s}", "journey", theme);
    g_assert_cmpint (hall_session_call (admin, HALL_OP_JOURNEY_ISSUE, args, &reply), ==, HALL_OK);
    json_decref (args);
    char *number = g_strdup (json_string_value (json_object_get (json_object_get (reply.result, "ticket"),
                                                                 "number")));
    hall_reply_clear (&reply);
    hall_session_destroy (&admin);
    return number;
}

/* The states of ticket NUMBER's steps in order, "done,current,pending,…". */
static char *
s_steps (desk_t *desk, const char *number)
{
    g_autofree char *sql = g_strdup_printf (
        "SELECT group_concat(state, ',') FROM (SELECT state FROM journey_step WHERE ticket = "
        "(SELECT id FROM ticket WHERE number = '%s') ORDER BY position)", number);
    return db_query (desk->server, sql);
}

static void
s_assert_steps (desk_t *desk, const char *number, const char *expected)
{
    g_autofree char *steps = s_steps (desk, number);
    g_assert_cmpstr (steps, ==, expected);
}

/* The dialog the desk has open (transient for it), or NULL. */
static GtkWindow *
s_dialog (desk_t *desk)
{
    GtkWindow *found = NULL;
    GList *toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l; l = l->next)
        if (l->data != (gpointer) desk->window && gtk_widget_get_visible (l->data)
            && gtk_window_get_transient_for (l->data) == GTK_WINDOW (desk->window))
            found = l->data;
    g_list_free (toplevels);
    return found;
}

static gboolean
s_dialog_open (gpointer data)
{
    return s_dialog (data) != NULL;
}

/* Waits for the desk's dialog and chooses its row whose title or detail
 * holds NEEDLE, as a click on it would. */
static void
s_dialog_pick (desk_t *desk, const char *needle)
{
    g_assert_true (gui_wait_until (s_dialog_open, desk, 5000));
    GtkWidget *list = gui_find (GTK_WIDGET (s_dialog (desk)), "journey-dialog-list");
    g_assert_nonnull (list);
    for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row)) {
        GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
        for (GtkWidget *label = gtk_widget_get_first_child (box); label; label = gtk_widget_get_next_sibling (label))
            if (strstr (gtk_label_get_text (GTK_LABEL (label)), needle)) {
                g_signal_emit_by_name (row, "activate");
                return;
            }
    }
    g_error ("no row with '%s' in the dialog", needle);
}

/* Waits for the desk's dialog; its heading; confirms it with REASON typed. */
static char *
s_dialog_confirm (desk_t *desk, const char *reason)
{
    g_assert_true (gui_wait_until (s_dialog_open, desk, 5000));
    GtkWidget *dialog = GTK_WIDGET (s_dialog (desk));
    char *heading = g_strdup (gui_label_text (dialog, "journey-dialog-heading"));
    if (reason)
        gtk_editable_set_text (GTK_EDITABLE (gui_find (dialog, "journey-dialog-reason")), reason);
    g_signal_emit_by_name (gui_find (dialog, "journey-dialog-confirm"), "clicked");
    return heading;
}

static void
s_wait_message (desk_t *desk, const char *text)
{
    s_wait_label (desk, "message-label", text);
    g_assert_true (s_visible (desk, "message-bar"));
}

typedef struct {
    desk_t     *desk;
    const char *action;
} enabled_wait_t;

static gboolean
s_enabled_now (gpointer data)
{
    enabled_wait_t *wait = data;
    return s_enabled (wait->desk, wait->action);
}

/* Fires ACTION (win.NAME) once it is enabled, as a clerk waits for the
 * button to come alive (the reply to the last request must be in). */
static void
s_press (desk_t *desk, const char *name, GVariant *parameter)
{
    enabled_wait_t wait = { desk, name };
    if (!gui_wait_until (s_enabled_now, &wait, 5000))
        g_error ("action %s never enabled", name);
    g_autofree char *action = g_strdup_printf ("win.%s", name);
    s_activate (desk, action, parameter);
}

static void
test_journey (void)
{
    server_t *server = server_start (s_journey_hall, START_TIME);
    desk_t *one = desk_open_on (server, 1, "1001", FALSE);
    desk_t *two = desk_open_on (server, 2, "1002", FALSE);
    g_assert_true (gui_wait_until (s_signed_in, two, 10000));

    /* The kiosk's 企业开办一件事: its first step's queue at window 1, marked. */
    g_autofree char *a1 = s_journey_issue (server, "kaiban");
    g_assert_cmpstr (a1, ==, "A001");
    s_wait_label (one, "queue-total", "共 1 人");
    s_wait_label (one, "queue-journey", "一件事 1/4");
    s_wait_label (two, "queue-total", "共 0 人");

    /* Window 1 calls it: the step and the steps at a glance. */
    s_press (one, "call", NULL);
    s_wait_label (one, "ticket-number", "A001");
    s_wait_label (one, "ticket-journey", "第 1 步 / 共 4 步：企业开办");
    s_wait_label (one, "ticket-journey-name", "企业开办一件事");
    g_assert_true (s_visible (one, "ticket-journey-box"));
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (one->window), "ticket-journey-steps"), ==,
                     "▶ 企业开办  ›  印章刻制 · 社保登记（可选）  ›  银行开户（可选）");
    /* The first step is required and nothing is done yet: no skip, no back. */
    g_assert_false (s_enabled (one, "journey-skip"));
    g_assert_false (s_enabled (one, "journey-back"));
    g_assert_true (s_enabled (one, "journey-end"));
    g_assert_false (s_enabled (one, "journey"));
    s_press (one, "start", NULL);
    s_wait_label (one, "ticket-state", "办理中");
    s_press (one, "finish", NULL);

    /* Finished here, the ticket leaves window 1 for 印章刻制 (fewest waiting,
     * then the order written) and the desk says where it went. */
    s_wait_label (one, "ticket-number", "—");
    s_wait_message (one, "A001 本步已办结，去办 第 2 步 / 共 4 步：印章刻制");
    s_assert_db (one, "SELECT state || ' ' || category FROM ticket WHERE number='A001'", "waiting seal");
    s_assert_steps (one, "A001", "done,current,pending,pending");
    s_wait_label (one, "queue-total", "共 0 人");

    /* Window 2 sees it in its queue, step 2 of 4, and calls it. */
    s_wait_label (two, "queue-total", "共 1 人");
    s_wait_label (two, "queue-number", "A001");
    s_wait_label (two, "queue-journey", "一件事 2/4");
    s_press (two, "call", NULL);
    s_wait_label (two, "ticket-number", "A001");
    s_wait_label (two, "ticket-journey", "第 2 步 / 共 4 步：印章刻制");
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (two->window), "ticket-journey-steps"), ==,
                     "✓ 企业开办  ›  ▶ 印章刻制 · 社保登记（可选）  ›  银行开户（可选）");
    g_assert_true (s_enabled (two, "journey-back"));
    g_assert_false (s_enabled (two, "journey-skip"));          /* 印章刻制 is required */

    /* 帮办: the clerk of window 2 accompanies A001 (found by its number). */
    GtkWidget *entry = gui_find (GTK_WIDGET (two->window), "desk-find");
    gtk_editable_set_text (GTK_EDITABLE (entry), "A001");
    g_signal_emit_by_name (entry, "activate");
    GtkWidget *accompany = gui_find (GTK_WIDGET (two->window), "find-accompany");
    g_assert_nonnull (accompany);
    g_assert_true (gui_wait_until (s_popover_shown, two, 10000));     /* A001's history */
    g_assert_true (gtk_widget_get_visible (accompany));
    g_assert_true (gtk_widget_is_sensitive (accompany));
    g_signal_emit_by_name (accompany, "clicked");
    s_wait_label (two, "ticket-helper", "帮办：李娜（1002）");
    s_wait_label (two, "helper-0", "第 2 步 / 共 4 步：印章刻制 · 2号窗口呼叫中");
    s_wait_label (two, "helper-title", "我帮办的群众（1）");
    s_assert_db (two, "SELECT helper FROM ticket WHERE number='A001'", "1002");
    gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (accompany, GTK_TYPE_POPOVER)));
    gui_spin (300);                                  /* drawn once */
    gui_screenshot_named (GTK_WIDGET (two->window), "desk-journey");

    /* 退回: materials for the licence are missing — back to step 1, picked
     * from the steps done.  The ticket joins window 1's queue again. */
    s_press (two, "journey-back", NULL);
    s_dialog_pick (two, "企业开办");
    s_wait_label (two, "ticket-number", "—");
    s_wait_message (two, "A001 已退回，去办 第 1 步 / 共 4 步：企业开办");
    s_assert_db (two, "SELECT state || ' ' || category FROM ticket WHERE number='A001'", "waiting business");
    s_assert_steps (two, "A001", "current,pending,pending,pending");
    s_wait_label (one, "queue-journey", "一件事 1/4");
    /* The helper's list follows it. */
    s_wait_label (two, "helper-0", "第 1 步 / 共 4 步：企业开办 · 等候中");

    /* Window 1 does step 1 again; window 2 then 印章刻制 and 社保登记. */
    s_press (one, "call", NULL);
    s_wait_label (one, "ticket-number", "A001");
    s_press (one, "start", NULL);
    s_wait_label (one, "ticket-state", "办理中");
    s_press (one, "finish", NULL);
    s_wait_label (two, "queue-journey", "一件事 2/4");
    s_press (two, "call", NULL);
    s_wait_label (two, "ticket-journey", "第 2 步 / 共 4 步：印章刻制");
    s_press (two, "start", NULL);
    s_wait_label (two, "ticket-state", "办理中");
    s_press (two, "finish", NULL);
    s_wait_message (two, "A001 本步已办结，去办 第 3 步 / 共 4 步：社保登记");
    s_wait_label (two, "queue-journey", "一件事 3/4");
    s_press (two, "call", NULL);
    s_wait_label (two, "ticket-journey", "第 3 步 / 共 4 步：社保登记");

    /* 跳过此步 (社保登记 is optional) asks first, then the ticket goes on to
     * 银行开户 at window 3. */
    g_assert_true (s_enabled (two, "journey-skip"));
    s_press (two, "journey-skip", NULL);
    g_autofree char *question = s_dialog_confirm (two, NULL);
    g_assert_cmpstr (question, ==, "A001 跳过「社保登记」这一步（可选）？跳过后去办下一步。");
    s_wait_label (two, "ticket-number", "—");
    s_assert_db (two, "SELECT state || ' ' || category FROM ticket WHERE number='A001'", "waiting bank");
    s_assert_steps (two, "A001", "done,done,skipped,current");
    s_wait_label (two, "helper-0", "第 4 步 / 共 4 步：银行开户 · 等候中");

    /* 转为一件事: a walk-in at window 1 is put on the journey, then the
     * journey ends there (confirmed, with a reason): the rest is dropped. */
    g_autofree char *a2 = s_hallctl (one, "issue", "business", NULL);
    s_wait_label (one, "queue-total", "共 1 人");
    s_press (one, "call", NULL);
    s_wait_label (one, "ticket-number", a2);
    visible_wait_t no_journey = { one, "ticket-journey-box", FALSE };
    g_assert_true (gui_wait_until (s_visible_is, &no_journey, 5000));
    g_assert_true (s_enabled (one, "journey"));
    s_press (one, "journey", NULL);
    s_dialog_pick (one, "企业开办一件事");
    s_wait_label (one, "ticket-journey", "第 1 步 / 共 4 步：企业开办");
    g_autofree char *a2_sql = g_strdup_printf ("SELECT journey FROM ticket WHERE number='%s'", a2);
    s_assert_db (one, a2_sql, "kaiban");
    s_press (one, "journey-end", NULL);
    g_autofree char *end = s_dialog_confirm (one, "只办营业执照");
    g_assert_nonnull (strstr (end, "尚未办理的 3 步不再办理"));
    s_wait_label (one, "ticket-number", "—");
    g_autofree char *state_sql = g_strdup_printf ("SELECT state FROM ticket WHERE number='%s'", a2);
    s_assert_db (one, state_sql, "finished");
    /* The steps not begun are dropped (the one ended here is the server's
     * to record: done or dropped, docs/PROTOCOL.md does not say). */
    g_autofree char *a2_steps = s_steps (one, a2);
    g_assert_true (g_str_has_suffix (a2_steps, ",dropped,dropped,dropped"));

    /* The helper lets go of A001: the list empties and hides. */
    s_press (two, "release", g_variant_new_string ("A001"));
    visible_wait_t gone = { two, "helper-panel", FALSE };
    g_assert_true (gui_wait_until (s_visible_is, &gone, 5000));
    s_assert_db (two, "SELECT coalesce(helper, '-') FROM ticket WHERE number='A001'", "-");

    desk_close (two);
    desk_close (one);
    server_free (server);
}

/* ---- 7. the 办件编号 of the visit (好差评 by 办件) ----------------------------- */

/* 企业登记 needs a 办件编号 before 办结; 综合 does not. */
static const char *s_matter_hall =
    "[hall]\nname=办件大厅\ntimezone=Asia/Shanghai\narea_code=330102\n"
    "[category business]\nprefix=A\nname=企业登记\nname_en=Business Registration\n"
    "item_code=330102-001-XK-01\ndepartment=市场监管所\ndepartment_code=11330102MB1234567B\n"
    "matter_required=true\n"
    "[category general]\nprefix=D\nname=综合\nname_en=General\n"
    "[window 1]\nprimary=business;general\n"
    "[staff 1001]\nname=王芳\n";

/* Saves the desk as NAME.png at its full height: shown again, so that
 * it takes the height its content now needs (Xvfb has no window manager,
 * and a window grown in place stops at the screen's bottom edge). */
static void
s_screenshot_full (desk_t *desk, const char *name)
{
    gtk_widget_set_visible (GTK_WIDGET (desk->window), FALSE);
    gui_spin (100);
    gtk_window_present (GTK_WINDOW (desk->window));
    gui_spin (400);                                  /* mapped and drawn */
    gui_screenshot_named (GTK_WIDGET (desk->window), name);
}

/* A scanner types the number into the field and ends with Enter. */
static void
s_scan (desk_t *desk, const char *number)
{
    GtkWidget *entry = gui_find (GTK_WIDGET (desk->window), "matter-entry");
    g_assert_nonnull (entry);
    g_test_message ("scan %s", number);
    gtk_editable_set_text (GTK_EDITABLE (entry), number);
    g_signal_emit_by_name (entry, "activate");
}

static const char *
s_entry_text (desk_t *desk)
{
    return gtk_editable_get_text (GTK_EDITABLE (gui_find (GTK_WIDGET (desk->window), "matter-entry")));
}

static gboolean
s_entry_empty (gpointer data)
{
    return *s_entry_text (data) == '\0';
}

/* The keyboard (a scanner's too) goes to the 办件编号 field. */
static gboolean
s_entry_focused (desk_t *desk)
{
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (desk->window));
    GtkWidget *entry = gui_find (GTK_WIDGET (desk->window), "matter-entry");
    return focus && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static void
s_wait_visible (desk_t *desk, const char *name, gboolean visible)
{
    visible_wait_t wait = { desk, name, visible };
    if (!gui_wait_until (s_visible_is, &wait, 5000))
        g_error ("%s is %s, expected %s", name, visible ? "hidden" : "shown", visible ? "shown" : "hidden");
}

static const char *
s_finish_tooltip (desk_t *desk)
{
    return gtk_widget_get_tooltip_text (gui_find (GTK_WIDGET (desk->window), "button-finish"));
}

static void
test_matter (void)
{
    desk_t *desk = desk_open_on (server_start (s_matter_hall, START_TIME), 1, "1001", FALSE);
    desk->owns_server = TRUE;
    g_autofree char *a1 = s_hallctl (desk, "issue", "business", NULL);
    s_wait_label (desk, "queue-total", "共 1 人");
    s_press (desk, "call", NULL);
    s_wait_label (desk, "ticket-number", a1);
    /* Called, not yet served: no field. */
    g_assert_false (s_visible (desk, "matter-box"));
    s_press (desk, "start", NULL);
    s_wait_label (desk, "ticket-state", "办理中");

    /* Served: the field, with the focus; 办结 waits for a number and says
     * why, on its tooltip and in the panel. */
    s_wait_visible (desk, "matter-box", TRUE);
    s_wait_visible (desk, "matter-hint", TRUE);
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (desk->window), "matter-hint"), ==, "本业务须录入办件编号后办结");
    g_assert_cmpstr (s_finish_tooltip (desk), ==, "本业务须录入办件编号后办结");
    g_assert_false (s_enabled (desk, "finish"));
    g_assert_false (gtk_widget_get_sensitive (gui_find (GTK_WIDGET (desk->window), "button-finish")));
    g_assert_true (s_enabled (desk, "transfer"));
    g_assert_false (s_visible (desk, "matters-label"));
    g_assert_true (s_entry_focused (desk));
    s_screenshot_full (desk, "desk-matter-required");

    /* A scan: listed, the field empty again and still focused, 办结 free. */
    s_scan (desk, "BJ2026-0001");
    s_wait_label (desk, "matters-label", "办件：BJ2026-0001");
    g_assert_true (gui_wait_until (s_entry_empty, desk, 5000));
    g_assert_true (s_entry_focused (desk));
    s_wait_visible (desk, "matter-hint", FALSE);
    g_assert_true (s_enabled (desk, "finish"));
    g_assert_null (s_finish_tooltip (desk));

    /* A second matter of the same visit; then the first scanned again:
     * refused, said beside the field and in the banner, the text kept. */
    s_scan (desk, "BJ2026-0002");
    s_wait_label (desk, "matters-label", "办件：BJ2026-0001、BJ2026-0002");
    g_assert_true (gui_wait_until (s_entry_empty, desk, 5000));
    s_scan (desk, "BJ2026-0001");
    s_wait_label (desk, "matter-error", "该办件编号已经录入过");
    g_assert_true (s_visible (desk, "matter-error"));
    s_wait_message (desk, "录入办件编号失败：该办件编号已经录入过");
    g_assert_cmpstr (s_entry_text (desk), ==, "BJ2026-0001");
    g_assert_true (s_entry_focused (desk));
    s_screenshot_full (desk, "desk-matter");

    /* A number typed wrong comes off through the 删除… menu's action. */
    GMenuModel *menu = gtk_menu_button_get_menu_model (
        GTK_MENU_BUTTON (gui_find (GTK_WIDGET (desk->window), "matter-remove")));
    g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
    s_press (desk, "matter-remove", g_variant_new_string ("BJ2026-0002"));
    s_wait_label (desk, "matters-label", "办件：BJ2026-0001");
    g_assert_true (s_enabled (desk, "finish"));

    s_press (desk, "finish", NULL);
    s_wait_label (desk, "ticket-number", "—");
    g_autofree char *state_sql = g_strdup_printf ("SELECT state FROM ticket WHERE number='%s'", a1);
    s_assert_db (desk, state_sql, "finished");
    s_assert_db (desk, "SELECT group_concat(number, ',') FROM matter", "BJ2026-0001");
    s_wait_visible (desk, "matter-box", FALSE);

    /* A finish that reaches the server anyway (the desk's state behind)
     * shows its refusal; a number recorded elsewhere (hallctl) frees 办结
     * through the event alone. */
    g_autofree char *a2 = s_hallctl (desk, "issue", "business", NULL);
    s_press (desk, "call", NULL);
    s_wait_label (desk, "ticket-number", a2);
    s_press (desk, "start", NULL);
    s_wait_visible (desk, "matter-hint", TRUE);
    g_assert_cmpstr (s_entry_text (desk), ==, "");
    counter_controller_finish (desk->controller);
    s_wait_message (desk, "办结失败：请先录入办件编号再办结");
    s_wait_label (desk, "matter-error", "请先录入办件编号再办结");
    g_free (s_hallctl (desk, "matter", "add", "1", "BJ2026-0003", NULL));
    s_wait_label (desk, "matters-label", "办件：BJ2026-0003");
    s_wait_visible (desk, "matter-hint", FALSE);
    enabled_wait_t finish = { desk, "finish" };
    g_assert_true (gui_wait_until (s_enabled_now, &finish, 5000));
    s_press (desk, "finish", NULL);
    s_wait_label (desk, "ticket-number", "—");

    /* 综合 needs none: the field is there, 办结 is free at once. */
    g_autofree char *d1 = s_hallctl (desk, "issue", "general", NULL);
    s_press (desk, "call", NULL);
    s_wait_label (desk, "ticket-number", d1);
    s_press (desk, "start", NULL);
    s_wait_visible (desk, "matter-box", TRUE);
    g_assert_true (gui_wait_until (s_enabled_now, &finish, 5000));
    g_assert_false (s_visible (desk, "matter-hint"));
    g_assert_null (s_finish_tooltip (desk));
    s_wait_label (desk, "matters-label", "尚未录入办件编号");
    g_assert_false (gtk_widget_get_sensitive (gui_find (GTK_WIDGET (desk->window), "matter-remove")));
    desk_close (desk);
}

/* ---- 8. 我的差评: the clerk's 差评 and the appeal (申诉) -------------------- */

/* OP through an admin session with ARGS (stolen): the reply's code; the
 * result in *RESULT (json_decref) when RESULT is given. */
static hall_error_t
s_admin (desk_t *desk, hall_op_t op, json_t *args, json_t **result)
{
    hall_session_t *admin = hall_session_new (desk->server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    hall_reply_t reply;
    hall_error_t code = hall_session_call (admin, op, args, &reply);
    if (code != HALL_OK)
        g_test_message ("%s: %s", hall_op_name (op), reply.message);
    if (result)
        *result = code == HALL_OK ? json_incref (reply.result) : NULL;
    hall_reply_clear (&reply);
    json_decref (args);
    hall_session_destroy (&admin);
    return code;
}

/* Serves one ticket of 企业开办 at the desk, start to finish: its number. */
static char *
s_serve_one (desk_t *desk)
{
    char *number = s_hallctl (desk, "issue", "business", NULL);
    s_press (desk, "call", NULL);
    s_wait_label (desk, "ticket-number", number);
    s_press (desk, "start", NULL);
    s_wait_label (desk, "ticket-state", "办理中");
    s_press (desk, "finish", NULL);
    s_wait_label (desk, "ticket-number", "—");
    return number;
}

/* A 差评 of ticket NUMBER as the rating pad gives it (level 1, reasons),
 * with the visitor's consented number: the case's id. */
static gint64
s_bad_rating (desk_t *desk, const char *number, const char *text)
{
    json_t *result = NULL;
    g_assert_cmpint (s_admin (desk, HALL_OP_RATE,
        json_pack ("{s:s, s:i, s:[ss], s:s, s:s, s:b}", "ticket", number, "level", 1,
                   "reasons", "wait_long", "impolite", "text", text,
                   "contact_phone", "13912345678", "consent", TRUE), &result), ==, HALL_OK);
    gint64 id = json_integer_value (json_object_get (json_object_get (result, "case"), "id"));
    json_decref (result);
    g_assert_cmpint (id, >, 0);
    return id;
}

static GtkWidget *
s_cases_dialog (desk_t *desk)
{
    g_assert_true (gui_wait_until (s_dialog_open, desk, 5000));
    GtkWidget *dialog = GTK_WIDGET (s_dialog (desk));
    g_assert_true (COUNTER_IS_CASES_DIALOG (dialog));
    return dialog;
}

static void
s_wait_dialog_label (GtkWidget *dialog, const char *name, const char *text)
{
    if (!gui_wait_label (dialog, name, text, 5000))
        g_error ("label %s is '%s', expected '%s'", name, gui_label_text (dialog, name), text);
}

/* Whether any label under ROOT holds NEEDLE. */
static gboolean
s_any_label_holds (GtkWidget *root, const char *needle)
{
    if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), needle))
        return TRUE;
    for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
        if (s_any_label_holds (child, needle))
            return TRUE;
    return FALSE;
}

static void
s_set_reason (GtkWidget *dialog, const char *text)
{
    GtkTextView *view = GTK_TEXT_VIEW (gui_find (dialog, "appeal-reason"));
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static gboolean
s_sensitive (GtkWidget *dialog, const char *name)
{
    GtkWidget *widget = gui_find (dialog, name);
    g_assert_nonnull (widget);
    return gtk_widget_get_sensitive (widget);
}

static void
test_appeal (void)
{
    desk_t *desk = desk_open (FALSE);
    g_autofree char *a1 = s_serve_one (desk);
    gint64 first = s_bad_rating (desk, a1, "等了四十分钟，窗口还很不耐烦");

    /* 我的差评 from the header's menu: the case, named, without the
     * visitor's number. */
    GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (gui_find (GTK_WIDGET (desk->window),
                                                                                  "desk-menu")));
    GMenuModel *section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
    g_autofree char *action = NULL;
    g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
    g_assert_cmpstr (action, ==, "win.cases");
    g_object_unref (section);
    g_assert_true (s_enabled (desk, "cases"));
    s_press (desk, "cases", NULL);
    GtkWidget *dialog = s_cases_dialog (desk);
    g_autofree char *title = g_strdup_printf ("2026-11-27 %s · 企业开办", a1);
    s_wait_dialog_label (dialog, "case-0-title", title);
    s_wait_dialog_label (dialog, "cases-heading", "我的差评（1）");
    g_assert_cmpstr (gui_label_text (dialog, "case-0-rating"), ==, "非常不满意 · 排队等候时间长、态度生硬、不耐烦");
    g_assert_cmpstr (gui_label_text (dialog, "case-0-text"), ==, "群众留言：等了四十分钟，窗口还很不耐烦");
    g_assert_cmpstr (gui_label_text (dialog, "case-0-state"), ==, "待联系");
    g_assert_false (s_any_label_holds (dialog, "5678"));
    g_assert_false (s_any_label_holds (dialog, "****"));

    /* 申诉…: the form; 提交申诉 waits for a reason (blanks are none). */
    GtkWidget *appeal = gui_find (dialog, "case-0-appeal");
    g_assert_nonnull (appeal);
    g_signal_emit_by_name (appeal, "clicked");
    g_autofree char *heading = g_strdup_printf ("申诉：2026-11-27 %s", a1);
    s_wait_dialog_label (dialog, "appeal-heading", heading);
    g_assert_false (s_sensitive (dialog, "appeal-submit"));
    s_set_reason (dialog, "  \n ");
    g_assert_false (s_sensitive (dialog, "appeal-submit"));
    const char *reason = "当日系统故障，排队叫号暂停四十分钟，已按规定向群众说明。\n附当日系统故障登记。";
    s_set_reason (dialog, reason);
    g_assert_true (s_sensitive (dialog, "appeal-submit"));

    /* The evidence: a small text file goes, a text posing as PNG does not. */
    g_autofree char *folder = g_build_filename (desk->server->dir, "evidence", NULL);
    g_mkdir_with_parents (folder, 0700);
    g_autofree char *path = g_build_filename (folder, "系统故障登记.txt", NULL);
    const char *bytes = "2026-11-27 09:05–09:45 叫号系统故障，信息科已登记（编号 GZ-1127-03）。\n";
    g_assert_true (g_file_set_contents (path, bytes, -1, NULL));
    g_autofree char *fake = g_build_filename (folder, "截图.png", NULL);
    g_assert_true (g_file_set_contents (fake, "not a picture", -1, NULL));
    g_assert_true (counter_cases_dialog_add_file (COUNTER_CASES_DIALOG (dialog), path));
    g_assert_false (counter_cases_dialog_add_file (COUNTER_CASES_DIALOG (dialog), fake));
    g_assert_cmpstr (gui_label_text (dialog, "appeal-file-refused"), ==,
                     "截图.png 不能上传：只能上传 PNG、JPEG 图片，PDF 或文本文件");
    g_assert_nonnull (gui_label_text (dialog, "appeal-file-1"));
    gui_spin (300);                                  /* drawn once */
    gui_screenshot_named (dialog, "desk-appeal");

    /* Filed: back to the list, which follows the case's event. */
    g_signal_emit_by_name (gui_find (dialog, "appeal-submit"), "clicked");
    s_wait_dialog_label (dialog, "cases-notice", "申诉已提交，等待负责人裁决");
    s_wait_dialog_label (dialog, "case-0-state", "待联系 · 申诉中");
    g_assert_null (gui_find (dialog, "case-0-appeal"));

    /* On the server: pending, with the reason and the file as sent. */
    json_t *result = NULL;
    g_assert_cmpint (s_admin (desk, HALL_OP_CASE_GET, json_pack ("{s:I}", "case", (json_int_t) first), &result),
                     ==, HALL_OK);
    json_t *kase = json_object_get (result, "case");
    json_t *filed = json_object_get (kase, "appeal");
    g_assert_cmpstr (json_string_value (json_object_get (filed, "state")), ==, "pending");
    g_assert_cmpstr (json_string_value (json_object_get (filed, "reason")), ==, reason);
    g_assert_cmpstr (json_string_value (json_object_get (filed, "filed_by")), ==, "1001");
    g_assert_cmpint (json_array_size (json_object_get (filed, "evidence")), ==, 1);
    json_t *file = json_array_get (json_object_get (kase, "evidence"), 0);
    g_assert_nonnull (file);
    g_assert_cmpint (json_integer_value (json_array_get (json_object_get (filed, "evidence"), 0)), ==,
                     json_integer_value (json_object_get (file, "id")));
    g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, bytes, -1);
    g_assert_cmpstr (json_string_value (json_object_get (file, "sha256")), ==, sha256);
    g_assert_cmpstr (json_string_value (json_object_get (file, "name")), ==, "系统故障登记.txt");
    g_assert_cmpstr (json_string_value (json_object_get (file, "type")), ==, "text/plain");
    g_assert_cmpint (json_integer_value (json_object_get (file, "size")), ==, (json_int_t) strlen (bytes));
    json_decref (result);

    /* A second 差评; its form is open when an appeal of it reaches the
     * server another way: the dialog's is refused, and says so. */
    g_autofree char *a2 = s_serve_one (desk);
    gint64 second = s_bad_rating (desk, a2, "办理太慢");
    s_wait_dialog_label (dialog, "cases-heading", "我的差评（2）");
    g_autofree char *title2 = g_strdup_printf ("2026-11-27 %s · 企业开办", a2);
    s_wait_dialog_label (dialog, "case-0-title", title2);               /* newest first */
    g_signal_emit_by_name (gui_find (dialog, "case-0-appeal"), "clicked");
    s_set_reason (dialog, "群众所办事项材料不齐，已一次性告知。");
    g_assert_cmpint (s_admin (desk, HALL_OP_CASE_APPEAL,
        json_pack ("{s:I, s:s, s:s}", "case", (json_int_t) second, "staff", "1001", "reason", "已另行申诉"), NULL),
        ==, HALL_OK);
    g_signal_emit_by_name (gui_find (dialog, "appeal-submit"), "clicked");
    s_wait_dialog_label (dialog, "appeal-status", "申诉失败：这条差评已经申诉过，或案件已结案");
    g_assert_true (s_sensitive (dialog, "appeal-submit"));             /* the form stays, filled */
    g_assert_cmpint (db_int (desk->server, "SELECT count(*) FROM case_appeal"), ==, 2);

    gtk_window_close (GTK_WINDOW (dialog));
    desk_close (desk);
}

/* ---- desk actions that forgive a slip (issue 18) -------------------------- */

/* A hall with the no-show rule: 90 s after the latest call, or 1 recall. */
static const char *s_noshow_hall =
    "[hall]\nname=过号大厅\ntimezone=Asia/Shanghai\nmissed_policy=requeue\nrequeue_max=2\n"
    "noshow_after=90\nnoshow_recalls=1\n"
    "[category business]\nprefix=A\nname=企业开办\nname_en=Business Start-up\n"
    "[window 1]\nprimary=business\n"
    "[staff 1001]\nname=王芳\n";

#define S_NOSHOW_RULE "叫号 90 秒后或重呼 1 次后可记过号（还需 "

static gboolean
s_hint_says (gpointer data)
{
    desk_t *desk = ((desk_t **) data)[0];
    const char *text = gui_label_text (GTK_WIDGET (desk->window), "action-hint");
    return text && strstr (text, ((const char **) data)[1]);
}

/* The no-show hint under the actions reads TEXT (a part of it). */
static void
s_wait_hint (desk_t *desk, const char *text)
{
    gpointer data[2] = { desk, (gpointer) text };
    if (!gui_wait_until (s_hint_says, data, 5000))
        g_error ("action-hint is '%s', expected '%s'", gui_label_text (GTK_WIDGET (desk->window), "action-hint"),
                 text);
}

static void
s_advance (desk_t *desk, const char *seconds)
{
    int status;
    g_autofree char *out = hallctl (desk->server, &status, "clock", "--advance", seconds, NULL);
    g_assert_cmpint (status, ==, 0);
}

static gboolean
s_call_enabled (gpointer data)
{
    return s_enabled (data, "call");
}

static void
test_noshow_rule (void)
{
    desk_t *desk = desk_open_on (server_start (s_noshow_hall, START_TIME), 1, "1001", FALSE);
    desk->owns_server = TRUE;
    /* Nobody waiting: 叫号 is off, and the desk says why. */
    s_wait_hint (desk, "当前无人等候：有人取号后即可叫号");
    g_assert_false (s_enabled (desk, "call"));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (gui_find (GTK_WIDGET (desk->window), "button-call")), ==,
                     "当前无人等候：有人取号后即可叫号");
    g_autofree char *a1 = s_hallctl (desk, "issue", "business", NULL);
    g_autofree char *a2 = s_hallctl (desk, "issue", "business", NULL);
    s_wait_label (desk, "queue-total", "共 2 人");
    g_assert_true (gui_wait_until (s_call_enabled, desk, 5000));
    g_assert_null (gtk_widget_get_tooltip_text (gui_find (GTK_WIDGET (desk->window), "button-call")));
    s_press (desk, "call", NULL);
    s_wait_label (desk, "ticket-number", "A001");

    /* Just called: 过号 is not possible yet, and the desk says why and
     * when, on the button and under the actions. */
    s_wait_actions (desk, "recall,start,transfer");
    s_wait_hint (desk, S_NOSHOW_RULE "90 秒）");
    g_assert_true (s_visible (desk, "action-hint"));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (gui_find (GTK_WIDGET (desk->window), "button-noshow")),
                              S_NOSHOW_RULE));
    /* F5 does nothing then: no question. */
    g_assert_false (gtk_widget_activate_action (GTK_WIDGET (desk->window), "win.noshow", NULL)
                    && s_confirmation_open (desk));

    /* Forced through (a request racing the rule): the server refuses
     * (too_soon), the desk says so, nothing changes. */
    counter_controller_noshow (desk->controller);
    s_wait_message (desk, "过号失败：叫号后等候时间不足，暂不能记为过号，请先重呼");
    s_assert_db (desk, "SELECT state FROM ticket WHERE number='A001'", "called");

    /* The countdown follows the server's clock. */
    s_advance (desk, "45");
    s_wait_hint (desk, S_NOSHOW_RULE "45 秒）");
    g_assert_false (s_enabled (desk, "noshow"));
    s_advance (desk, "45");
    s_wait_actions (desk, "recall,start,noshow,transfer");
    g_assert_false (s_visible (desk, "action-hint"));
    g_assert_null (gtk_widget_get_tooltip_text (gui_find (GTK_WIDGET (desk->window), "button-noshow")));

    /* 过号 asks, with what it means for the visitor; 取消 (Enter on the
     * focused button) and Escape change nothing. */
    s_press (desk, "noshow", NULL);
    g_autofree char *heading = s_wait_confirmation (desk);
    g_assert_cmpstr (heading, ==, "将 A001 记为过号？");
    GtkWidget *dialog = s_dialog_of (desk, COUNTER_TYPE_CONFIRM_DIALOG);
    g_assert_cmpstr (gui_label_text (dialog, "confirm-dialog-summary"), ==,
                     "A001 将记为过号。访客可到服务台重新排队（今日还可 2 次）");
    s_answer (desk, FALSE);
    gui_spin (300);
    s_assert_db (desk, "SELECT state FROM ticket WHERE number='A001'", "called");
    s_press (desk, "noshow", NULL);
    g_free (s_wait_confirmation (desk));
    dialog = s_dialog_of (desk, COUNTER_TYPE_CONFIRM_DIALOG);
    g_assert_true (gtk_widget_activate_action (dialog, "window.close", NULL));   /* Escape */
    gui_spin (300);
    g_assert_false (s_confirmation_open (desk));
    s_assert_db (desk, "SELECT state FROM ticket WHERE number='A001'", "called");

    /* Confirmed: a no-show on the server. */
    s_press (desk, "noshow", NULL);
    g_free (s_wait_confirmation (desk));
    gui_screenshot_named (s_dialog_of (desk, COUNTER_TYPE_CONFIRM_DIALOG), "desk-noshow-confirm");
    s_answer (desk, TRUE);
    s_wait_label (desk, "ticket-number", "—");
    s_assert_db (desk, "SELECT state FROM ticket WHERE number='A001'", "noshow");

    /* The other half of the rule: one recall is enough. */
    s_press (desk, "call", NULL);
    s_wait_label (desk, "ticket-number", a2);
    s_wait_actions (desk, "recall,start,transfer");
    s_press (desk, "recall", NULL);
    s_wait_actions (desk, "recall,start,noshow,transfer");
    s_press (desk, "noshow", NULL);
    g_free (s_wait_confirmation (desk));
    s_answer (desk, TRUE);
    s_wait_label (desk, "ticket-number", "—");
    s_assert_db (desk, "SELECT state FROM ticket WHERE number='A002'", "noshow");
    desk_close (desk);

    /* The summary by the hall's missed-number policy. */
    json_t *ticket = json_pack ("{s:s, s:i}", "number", "A003", "requeues", 2);
    json_t *strict = json_pack ("{s:s, s:i}", "missed_policy", "strict", "requeue_max", 2);
    json_t *requeue = json_pack ("{s:s, s:i}", "missed_policy", "requeue", "requeue_max", 2);
    g_autofree char *strict_text = counter_noshow_summary (strict, ticket);
    g_autofree char *used_text = counter_noshow_summary (requeue, ticket);
    g_assert_cmpstr (strict_text, ==, "A003 将记为过号。过号作废，需重新取号");
    g_assert_cmpstr (used_text, ==, "A003 将记为过号。今日重新排队次数已用完，需重新取号");
    json_decref (ticket);
    json_decref (strict);
    json_decref (requeue);
}

static gboolean
s_signed_out (gpointer data)
{
    desk_t *desk = data;
    json_t *window = hall_mirror_window (counter_controller_mirror (desk->controller), desk->number);
    return window && !json_is_object (json_object_get (window, "clerk"));
}

static void
test_signout_confirm (void)
{
    desk_t *desk = desk_open (FALSE);
    g_autofree char *a1 = s_hallctl (desk, "issue", "business", NULL);
    s_wait_label (desk, "queue-total", "共 1 人");

    /* Someone waits for window 1's business: the desk asks, with the count. */
    s_press (desk, "signout", NULL);
    g_autofree char *heading = s_wait_confirmation (desk);
    g_assert_cmpstr (heading, ==, "还有 1 人在等候本窗口的业务，确定签退吗？");
    s_answer (desk, FALSE);
    gui_spin (300);
    s_assert_db (desk, "SELECT clerk FROM service_window WHERE number=1", "1001");
    s_wait_label (desk, "desk-clerk", "工作人员：王芳（1001）");

    s_press (desk, "signout", NULL);
    g_free (s_wait_confirmation (desk));
    gui_screenshot_named (s_dialog_of (desk, COUNTER_TYPE_CONFIRM_DIALOG), "desk-signout-confirm");
    s_answer (desk, TRUE);
    s_wait_label (desk, "desk-clerk", "未登录");
    g_assert_true (gui_wait_until (s_signed_out, desk, 5000));

    /* Nobody waiting: signed out at once, no question. */
    counter_controller_signin (desk->controller, "1001", NULL);
    g_assert_true (gui_wait_until (s_signed_in, desk, 5000));
    s_press (desk, "call", NULL);
    s_wait_label (desk, "ticket-number", a1);
    s_press (desk, "start", NULL);
    s_press (desk, "finish", NULL);
    s_wait_label (desk, "queue-total", "共 0 人");
    s_press (desk, "signout", NULL);
    g_assert_true (gui_wait_until (s_signed_out, desk, 5000));
    g_assert_false (s_confirmation_open (desk));
    desk_close (desk);
}

static gboolean
s_transfer_open (gpointer data)
{
    return s_dialog_of (data, COUNTER_TYPE_TRANSFER_DIALOG) != NULL;
}

/* The row of LIST (in the transfer dialog) whose first label reads TITLE,
 * activated as a click or Enter would. */
static void
s_transfer_pick (GtkWidget *dialog, const char *list, const char *title)
{
    GtkWidget *box = gui_find (dialog, list);
    for (GtkWidget *row = gtk_widget_get_first_child (box); row; row = gtk_widget_get_next_sibling (row)) {
        GtkWidget *label = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
        if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), title) == 0) {
            g_signal_emit_by_name (row, "activate");
            return;
        }
    }
    g_error ("no row '%s' in %s", title, list);
}

static void
test_transfer_confirm (void)
{
    desk_t *desk = desk_open (FALSE);
    g_autofree char *a1 = s_hallctl (desk, "issue", "business", NULL);
    s_wait_label (desk, "queue-total", "共 1 人");
    s_press (desk, "call", NULL);
    s_wait_label (desk, "ticket-number", a1);

    /* A pick only says what will happen; 确认转移 waits for it. */
    s_press (desk, "transfer", NULL);
    g_assert_true (gui_wait_until (s_transfer_open, desk, 5000));
    GtkWidget *dialog = s_dialog_of (desk, COUNTER_TYPE_TRANSFER_DIALOG);
    g_assert_false (s_sensitive (dialog, "transfer-confirm"));
    g_assert_false (gtk_widget_get_visible (gui_find (dialog, "transfer-summary")));
    s_transfer_pick (dialog, "transfer-windows", "2号窗口");
    gui_spin (200);
    g_assert_cmpstr (gui_label_text (dialog, "transfer-summary"), ==,
                     "A001 将转到 2号窗口（企业开办、简易注销），排在队首");
    g_assert_true (gtk_widget_get_visible (gui_find (dialog, "transfer-summary")));
    g_assert_true (s_sensitive (dialog, "transfer-confirm"));
    g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) == gui_find (dialog, "transfer-cancel"));
    s_assert_db (desk, "SELECT state || '@' || window FROM ticket WHERE number='A001'", "called@1");
    /* Another pick, another summary. */
    s_transfer_pick (dialog, "transfer-categories", "D  综合政务服务");
    gui_spin (200);
    g_assert_cmpstr (gui_label_text (dialog, "transfer-summary"), ==, "A001 将转到「综合政务服务」，排在队首");
    /* Cancelled (Escape): nothing moved. */
    g_assert_true (gtk_widget_activate_action (dialog, "window.close", NULL));
    gui_spin (300);
    g_assert_false (s_transfer_open (desk));
    s_assert_db (desk, "SELECT state || '@' || window FROM ticket WHERE number='A001'", "called@1");

    /* Picked and confirmed: transferred to window 2. */
    s_press (desk, "transfer", NULL);
    g_assert_true (gui_wait_until (s_transfer_open, desk, 5000));
    dialog = s_dialog_of (desk, COUNTER_TYPE_TRANSFER_DIALOG);
    s_transfer_pick (dialog, "transfer-windows", "2号窗口");
    gui_spin (300);
    gui_screenshot_named (dialog, "desk-transfer-confirm");
    g_signal_emit_by_name (gui_find (dialog, "transfer-confirm"), "clicked");
    s_wait_label (desk, "ticket-number", "—");
    s_assert_db (desk, "SELECT state || ' ' || target_window FROM ticket WHERE number='A001'", "waiting 2");
    desk_close (desk);
}

#if defined(__SANITIZE_ADDRESS__)
/* fontconfig keeps its configuration and font cache for the life of the
 * process (GTK never calls FcFini); LeakSanitizer reports it at exit.
 * Full stacks so that the suppression matches. */
const char *__asan_default_options (void);
const char *
__asan_default_options (void)
{
    return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions (void);
const char *
__lsan_default_suppressions (void)
{
    return "leak:libfontconfig.so\n";
}
#endif

/* Every control of the desk has an accessible name over AT-SPI (issue 18):
 * the sign-in page, then the desk with a queue and a called ticket.  The
 * test runs again in a subprocess with GTK's bridge on, where
 * tests/tools/a11y-check.py walks this process's tree. */
static void
test_accessible_names (void)
{
    if (!gui_a11y_bridge_on ()) {
        gui_a11y_run_in_subprocess ();
        return;
    }
    server_t *server = server_start (NULL, START_TIME);
    CounterController *controller = counter_controller_new (server->requests, server->events, 2);
    CounterWindow *signin = counter_window_new (NULL, controller);
    gtk_window_present (GTK_WINDOW (signin));
    gui_spin (500);
    gui_a11y_assert_named ("sign-in");
    gtk_widget_set_visible (GTK_WIDGET (signin), FALSE);
    gui_spin (100);
    gtk_window_destroy (GTK_WINDOW (signin));
    g_object_unref (controller);
    gui_spin (50);

    desk_t *desk = desk_open_on (server, 1, "1001", FALSE);
    desk->owns_server = TRUE;
    g_free (s_hallctl (desk, "issue", "business", NULL));
    g_free (s_hallctl (desk, "issue", "business", NULL));
    s_wait_label (desk, "queue-total", "共 2 人");
    s_activate (desk, "win.call", NULL);
    s_wait_label (desk, "ticket-number", "A001");
    gui_spin (200);
    gui_a11y_assert_named ("desk");
    desk_close (desk);
}

int
main (int argc, char **argv)
{
    g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
    g_test_init (&argc, &argv, NULL);
    gui_a11y_prepare ();
    gtk_init ();
    g_test_add_func ("/counter/actions", test_actions);
    g_test_add_func ("/counter/restart-asks-who", test_restart_asks_who);
    g_test_add_func ("/counter/offline", test_offline);
    g_test_add_func ("/counter/find", test_find);
    g_test_add_func ("/counter/notify-and-screenshot", test_notify_and_screenshot);
    g_test_add_func ("/counter/appointment", test_appointment);
    g_test_add_func ("/counter/journey", test_journey);
    g_test_add_func ("/counter/matter", test_matter);
    g_test_add_func ("/counter/appeal", test_appeal);
    g_test_add_func ("/counter/noshow-rule", test_noshow_rule);
    g_test_add_func ("/counter/signout-confirm", test_signout_confirm);
    g_test_add_func ("/counter/transfer-confirm", test_transfer_confirm);
    g_test_add_func ("/counter/accessible-names", test_accessible_names);
    return g_test_run ();
}
