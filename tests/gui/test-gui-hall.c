/*  test-gui-hall.c — the hall as a visitor sees it: a clerk's desk and the
 *  hall board, both real GTK windows on one real server.  The desk's
 *  actions (its GActions, as the buttons and F-keys fire them) must show on
 *  the board: the called ticket and window, the highlight moving to the
 *  newest call, the waiting counts, a paused window.  The manager's
 *  administration screens change the hall's settings, and the desk and the
 *  board follow at once: a device enrolled there connects, and once revoked
 *  is refused; a clerk disabled there is signed out of the desk and cannot
 *  sign in again; a supervisor reads the screens and changes nothing.
 */
#include "counter-confirm-dialog.h"
#include "counter-controller.h"
#include "counter-window.h"
#include "display.h"
#include "gui-test.h"
#include "manager-admin-groups.h"
#include "manager-admin-view.h"
#include "manager-controller.h"
#include "manager-window.h"
#include "harness.h"
#include <string.h>

#define START ((gint64) 1795741200)       /* 2026-11-27 09:00 Asia/Shanghai */

static void
s_expect (GtkWindow *root, const char *name, const char *expect)
{
    if (!gui_wait_label (GTK_WIDGET (root), name, expect, 5000))
        g_test_message ("label %s: \"%s\", expected \"%s\"", name,
                        gui_label_text (GTK_WIDGET (root), name), expect);
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (root), name), ==, expect);
}

static gboolean
s_online (gpointer data)
{
    hall_session_t *session = data;
    return hall_session_online (session) && hall_mirror_loaded (hall_session_mirror (session));
}

typedef struct {
    CounterController *controller;
    CounterWindow     *window;
    const char        *action;
} desk_t;

static gboolean
s_action_enabled (gpointer data)
{
    desk_t *desk = data;
    return g_action_group_get_action_enabled (G_ACTION_GROUP (desk->window), desk->action);
}

/* Fires the desk's action NAME once it is enabled (as a clerk would,
 * waiting for the button to come alive). */
static void
s_press (desk_t *desk, const char *name)
{
    desk->action = name;
    g_assert_true (gui_wait_until (s_action_enabled, desk, 5000));
    g_action_group_activate_action (G_ACTION_GROUP (desk->window), name, NULL);
}

/* The question PARENT asks: a window shown over it, of TYPE, named NAME
 * (NULL: any name); or NULL. */
static GtkWidget *
s_question (GtkWindow *parent, GType type, const char *name)
{
    GtkWidget *found = NULL;
    GList *toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l; l = l->next)
        if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data)
            && gtk_window_get_transient_for (l->data) == parent
            && (!name || g_strcmp0 (gtk_widget_get_name (l->data), name) == 0))
            found = l->data;
    g_list_free (toplevels);
    return found;
}

/* The desk's question (过号, 签退 with people waiting), or NULL. */
static GtkWidget *
s_confirmation (desk_t *desk)
{
    return s_question (GTK_WINDOW (desk->window), COUNTER_TYPE_CONFIRM_DIALOG, NULL);
}

static gboolean
s_confirmation_open (gpointer data)
{
    return s_confirmation (data) != NULL;
}

/* Fires NAME, which asks first, and confirms (the action's button). */
static void
s_press_confirmed (desk_t *desk, const char *name)
{
    s_press (desk, name);
    g_assert_true (gui_wait_until (s_confirmation_open, desk, 5000));
    g_signal_emit_by_name (gui_find (s_confirmation (desk), "confirm-dialog-confirm"), "clicked");
}

static gboolean
s_signed_in_at (gpointer data)
{
    desk_t *desk = data;
    json_t *window = hall_mirror_window (counter_controller_mirror (desk->controller),
                                         counter_controller_window (desk->controller));
    return counter_controller_online (desk->controller)
           && json_is_object (json_object_get (window, "clerk"));
}

static desk_t
s_desk (server_t *server, int number, const char *staff)
{
    desk_t desk = { .controller = counter_controller_new (server->requests, server->events, number) };
    desk.window = counter_window_new (NULL, desk.controller);
    counter_window_set_notify (desk.window, FALSE, FALSE);
    counter_controller_auto_signin (desk.controller, staff);
    gtk_window_present (GTK_WINDOW (desk.window));
    g_assert_true (gui_wait_until (s_signed_in_at, &desk, 10000));
    return desk;
}

/* The hall board on SERVER, 1920×1080 and silent, shown and online. */
static hall_display_t *
s_board_open (server_t *server)
{
    hall_display_options_t options = { .requests = server->requests, .events = server->events,
                                       .width = 1920, .height = 1080, .no_voice = TRUE };
    hall_display_t *display = hall_display_new (&options);
    gtk_window_present (hall_display_window (display));
    g_assert_true (gui_wait_until (s_online, hall_display_session (display), 8000));
    return display;
}

static void
s_issue (server_t *server, const char *category)
{
    int status;
    g_free (hallctl (server, &status, "issue", category, NULL));
    g_assert_cmpint (status, ==, 0);
}

static void
test_desk_drives_board (void)
{
    server_t *server = server_start (NULL, START);
    hall_display_t *display = s_board_open (server);
    GtkWindow *board = hall_display_window (display);

    desk_t desk = s_desk (server, 1, "1001");

    /* Two visitors for window 1 (企业开办 primary, 简易注销 backup). */
    s_issue (server, "business");
    s_issue (server, "business");
    s_issue (server, "deregister");
    s_expect (board, "waiting-business", "2");
    s_expect (board, "waiting-deregister", "1");

    /* F1 at the desk: the board calls A001 to window 1. */
    s_press (&desk, "call");
    s_expect (board, "current-number", "A001");
    s_expect (board, "current-window", "→ 1号窗口");
    s_expect (board, "waiting-business", "1");
    g_autofree char *state = db_query (server, "SELECT state || '@' || window FROM ticket WHERE number = 'A001'");
    g_assert_cmpstr (state, ==, "called@1");

    /* Start, finish, call again: the highlight moves to A002, A001 goes to
     * the recent calls. */
    s_press (&desk, "start");
    s_press (&desk, "finish");
    s_press (&desk, "call");
    s_expect (board, "current-number", "A002");
    s_expect (board, "recent-0-number", "A001");
    s_expect (board, "waiting-business", "0");

    /* A no-show, then the backup category comes up. */
    s_press_confirmed (&desk, "noshow");
    s_press (&desk, "call");
    s_expect (board, "current-number", "E001");
    s_expect (board, "waiting-deregister", "0");
    s_press (&desk, "start");
    s_press (&desk, "finish");

    /* The desk pauses: the board lists the window as paused. */
    desk.action = "pause-with-reason";
    g_assert_true (gui_wait_until (s_action_enabled, &desk, 5000));
    g_action_group_activate_action (G_ACTION_GROUP (desk.window), "pause-with-reason",
                                    g_variant_new_string ("午休"));
    g_autofree char *paused = NULL;
    for (int i = 0; i < 100; i++) {
        g_free (paused);
        paused = db_query (server, "SELECT paused FROM service_window WHERE number = 1");
        if (g_strcmp0 (paused, "1") == 0)
            break;
        gui_spin (50);
    }
    g_assert_cmpstr (paused, ==, "1");
    s_expect (board, "paused-1", "1号窗口 暂停服务");
    /* The board's clock runs on the server's (test) clock: 09:00. */
    s_expect (board, "clock", "09:00:00");
    gui_screenshot_named (GTK_WIDGET (board), "hall-board-after-desk");
    gui_screenshot_named (GTK_WIDGET (desk.window), "hall-desk-paused");

    gtk_window_destroy (GTK_WINDOW (desk.window));
    g_object_unref (desk.controller);
    hall_display_destroy (&display);
    gui_spin (50);
    server_free (server);
}

/* ---- a "一件事" journey: the desks move the ticket on, the board says
 * which step each call is for ------------------------------------------- */

static const char *s_journey_hall =
    "[hall]\nname=一件事大厅\ntimezone=Asia/Shanghai\n"
    "[category business]\nprefix=A\nname=企业开办\n[category seal]\nprefix=B\nname=印章刻制\n"
    "[category social]\nprefix=C\nname=社保登记\n[category bank]\nprefix=D\nname=银行开户\n"
    "[journey kaiban]\nname=企业开办一件事\nsteps=business; seal, social?; bank?\n"
    "[window 1]\nprimary=business\n[window 2]\nprimary=seal;social\n[window 3]\nprimary=bank\n"
    "[staff 1001]\nname=王芳\n[staff 1002]\nname=李娜\n";

static void
test_journey_on_board (void)
{
    server_t *server = server_start (s_journey_hall, START);
    hall_display_t *display = s_board_open (server);
    GtkWindow *board = hall_display_window (display);
    desk_t one = s_desk (server, 1, "1001");
    desk_t two = s_desk (server, 2, "1002");

    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    hall_reply_t reply;
    json_t *args = json_pack ("{s:s}", "journey", "kaiban");
    g_assert_cmpint (hall_session_call (admin, HALL_OP_JOURNEY_ISSUE, args, &reply), ==, HALL_OK);
    json_decref (args);
    hall_reply_clear (&reply);
    hall_session_destroy (&admin);
    s_expect (board, "waiting-business", "1");

    /* Window 1 calls it for step 1, serves it, finishes it. */
    s_press (&one, "call");
    s_expect (board, "current-number", "A001");
    s_expect (board, "current-window", "→ 1号窗口");
    s_expect (board, "current-step", "第 1 步 / 共 4 步：企业开办");
    s_press (&one, "start");
    s_press (&one, "finish");
    /* It waits for 印章刻制 now, with its number; window 2 calls it. */
    s_expect (board, "waiting-seal", "1");
    s_expect (GTK_WINDOW (one.window), "ticket-number", "—");
    s_expect (GTK_WINDOW (two.window), "queue-journey", "一件事 2/4");
    s_press (&two, "call");
    s_expect (board, "current-number", "A001");
    s_expect (board, "current-window", "→ 2号窗口");
    s_expect (board, "current-step", "第 2 步 / 共 4 步：印章刻制");
    s_expect (GTK_WINDOW (two.window), "ticket-journey", "第 2 步 / 共 4 步：印章刻制");
    g_autofree char *state = db_query (server, "SELECT state || '@' || window || ' ' || category "
                                               "FROM ticket WHERE number = 'A001'");
    g_assert_cmpstr (state, ==, "called@2 seal");

    for (desk_t *desk = &one; desk; desk = desk == &one ? &two : NULL) {
        gtk_window_destroy (GTK_WINDOW (desk->window));
        g_object_unref (desk->controller);
    }
    hall_display_destroy (&display);
    gui_spin (50);
    server_free (server);
}

/* ---- the dashboard's administration: the desk and the board follow ---- */

typedef struct {
    GtkWidget  *root;
    const char *text;
} text_probe_t;

/* TRUE when a label under ROOT shows exactly TEXT, or ends with it (the
 * board's "A 企业开办"). */
static gboolean
s_shows (GtkWidget *root, const char *text)
{
    if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
        && g_str_has_suffix (gtk_label_get_text (GTK_LABEL (root)), text))
        return TRUE;
    for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
        if (s_shows (child, text))
            return TRUE;
    return FALSE;
}

static gboolean
s_shows_probe (gpointer data)
{
    text_probe_t *probe = data;
    return s_shows (probe->root, probe->text);
}

static void
s_wait_shows (GtkWidget *root, const char *text)
{
    text_probe_t probe = { root, text };
    if (!gui_wait_until (s_shows_probe, &probe, 10000))
        g_error ("nothing under %s shows '%s'", G_OBJECT_TYPE_NAME (root), text);
}

typedef struct {
    ManagerController *controller;
    ManagerWindow     *window;
    GtkWidget         *view;        /* its 管理 page */
} dash_t;

static gboolean
s_dash_ready (gpointer data)
{
    dash_t *dash = data;
    return manager_controller_online (dash->controller)
           && hall_mirror_loaded (manager_controller_mirror (dash->controller));
}

/* The dashboard on a manager key of its own, on its 管理 page, STAFF
 * signed in there with PASSWORD (set here first); the page says WHO. */
static dash_t
s_dash_open (server_t *server, const char *staff, const char *password, const char *who)
{
    g_free (hallctl_ok (server, "passwd", staff, "--password", password, NULL));
    g_autofree char *key = g_build_filename (server->dir, "manager.key", NULL);
    g_free (hallctl_ok (server, "enroll", "manager", "--out", key, NULL));
    /* The session reads its key once, when it is made: hallctl goes on
     * with the admin key. */
    g_autofree char *admin_key = g_strdup (g_getenv ("HALL_KEY"));
    g_setenv ("HALL_KEY", key, TRUE);
    dash_t dash = { .controller = manager_controller_new (server->requests, server->events, NULL) };
    g_setenv ("HALL_KEY", admin_key, TRUE);
    dash.window = manager_window_new (dash.controller);
    gtk_window_present (GTK_WINDOW (dash.window));
    g_assert_true (gui_wait_until (s_dash_ready, &dash, 10000));
    manager_window_show_page (dash.window, "admin");
    dash.view = manager_window_admin_view (dash.window);
    gtk_editable_set_text (GTK_EDITABLE (gui_find (dash.view, "signin-staff")), staff);
    gtk_editable_set_text (GTK_EDITABLE (gui_find (dash.view, "signin-password")), password);
    g_signal_emit_by_name (gui_find (dash.view, "signin"), "clicked");
    if (!gui_wait_label (dash.view, "admin-who", who, 10000))
        g_error ("the dashboard says '%s', not '%s'", gui_label_text (dash.view, "admin-who"), who);
    return dash;
}

static void
s_dash_close (dash_t *dash)
{
    gtk_window_destroy (GTK_WINDOW (dash->window));
    g_clear_object (&dash->controller);
}

static void
s_desk_close (desk_t *desk)
{
    gtk_window_destroy (GTK_WINDOW (desk->window));
    g_clear_object (&desk->controller);
}

typedef struct {
    GtkWidget  *root;
    const char *name;
    const char *text;
} label_probe_t;

/* The label NAME under ROOT reads TEXT (a part of it) and is shown. */
static gboolean
s_label_has (gpointer data)
{
    label_probe_t *probe = data;
    const char *text = gui_label_text (probe->root, probe->name);
    GtkWidget *label = gui_find (probe->root, probe->name);
    return text && strstr (text, probe->text) && gtk_widget_is_visible (label);
}

static void
s_wait_label_has (GtkWidget *root, const char *name, const char *text)
{
    label_probe_t probe = { root, name, text };
    if (!gui_wait_until (s_label_has, &probe, 10000))
        g_error ("%s says '%s', not '%s'", name, gui_label_text (root, name), text);
}

/* The form message of PAGE (an admin screen) reads TEXT (a part of it). */
static void
s_wait_message (GtkWidget *page, const char *text)
{
    s_wait_label_has (page, "form-message", text);
}

static void
s_save (GtkWidget *page)
{
    g_signal_emit_by_name (gui_find (page, "save"), "clicked");
}

static void
test_admin_drives_desk_and_board (void)
{
    server_t *server = server_start (NULL, START);
    hall_display_t *display = s_board_open (server);
    GtkWindow *board = hall_display_window (display);
    desk_t desk = s_desk (server, 1, "1001");
    s_issue (server, "business");
    s_wait_shows (GTK_WIDGET (board), "A 企业开办");

    /* The manager's dashboard, on a manager key, signed in. */
    dash_t dash = s_dash_open (server, "9001", "zhou-9001", "已登录：周主任（9001，管理员）");
    GtkWidget *view = dash.view;

    /* A prefix already taken: refused with the field named, nothing changed. */
    GtkWidget *categories = manager_admin_view_show (MANAGER_ADMIN_VIEW (view), "categories");
    manager_admin_groups_select (MANAGER_ADMIN_GROUPS (categories), "business");
    gtk_editable_set_text (GTK_EDITABLE (gui_find (categories, "field-prefix")), "B");
    s_save (categories);
    s_wait_message (categories, "prefix B");
    g_autofree char *prefix = db_query (server, "SELECT prefix FROM category WHERE code = 'business'");
    g_assert_cmpstr (prefix, ==, "A");
    /* Renamed: the board and the desk's queue say the new name. */
    manager_admin_groups_select (MANAGER_ADMIN_GROUPS (categories), "construction");
    manager_admin_groups_select (MANAGER_ADMIN_GROUPS (categories), "business");
    gtk_editable_set_text (GTK_EDITABLE (gui_find (categories, "field-name")), "企业开办服务");
    s_save (categories);
    s_wait_message (categories, "已保存");
    s_wait_shows (GTK_WIDGET (board), "A 企业开办服务");
    s_wait_shows (GTK_WIDGET (desk.window), "企业开办服务");

    /* Window 1 now serves 工程建设 too: its next call is that queue's. */
    GtkWidget *windows = manager_admin_view_show (MANAGER_ADMIN_VIEW (view), "windows");
    manager_admin_groups_select (MANAGER_ADMIN_GROUPS (windows), "1");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (gui_find (windows, "field-primary-construction")), TRUE);
    s_save (windows);
    s_wait_message (windows, "已保存");
    g_autofree char *primary = NULL;
    for (int i = 0; i < 100 && !(primary && strstr (primary, "construction")); i++) {
        g_free (primary);
        primary = db_query (server, "SELECT group_concat (category) FROM window_category"
                                    " WHERE window = 1 AND kind = 'primary'");
        gui_spin (50);
    }
    g_assert_nonnull (strstr (primary, "construction"));
    s_press (&desk, "call");
    s_expect (board, "current-number", "A001");
    s_press (&desk, "start");
    s_press (&desk, "finish");
    s_issue (server, "construction");
    s_press (&desk, "call");
    s_expect (board, "current-number", "B001");
    s_expect (board, "current-window", "→ 1号窗口");
    gui_screenshot_named (GTK_WIDGET (dash.window), "hall-admin-windows");
    gui_screenshot_named (GTK_WIDGET (board), "hall-board-after-admin");

    s_dash_close (&dash);
    s_desk_close (&desk);
    hall_display_destroy (&display);
    gui_spin (50);
    server_free (server);
}

/* ---- 设备: a device enrolled from the dashboard connects; revoked, not --- */

/* The dashboard's 吊销 question, or NULL. */
static GtkWidget *
s_revoke_question (dash_t *dash)
{
    return s_question (GTK_WINDOW (dash->window), GTK_TYPE_WINDOW, "revoke-confirm");
}

static gboolean
s_revoke_question_open (gpointer data)
{
    return s_revoke_question (data) != NULL;
}

/* No widget under the probe's root is named its NAME. */
static gboolean
s_named_gone (gpointer data)
{
    label_probe_t *probe = data;
    return gui_find (probe->root, probe->name) == NULL;
}

static void
test_admin_enrolls_device (void)
{
    server_t *server = server_start (NULL, START);
    dash_t dash = s_dash_open (server, "9001", "zhou-9001", "已登录：周主任（9001，管理员）");

    /* 设备: a kiosk for the entrance; its key file goes where the save
     * dialog would have put it. */
    GtkWidget *devices = manager_admin_view_show (MANAGER_ADMIN_VIEW (dash.view), "devices");
    gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_find (devices, "enroll-role")), 0);      /* 取号机 */
    gtk_editable_set_text (GTK_EDITABLE (gui_find (devices, "enroll-name")), "一楼自助取号机");
    g_autofree char *path = g_build_filename (server->dir, "kiosk-entrance.key", NULL);
    manager_admin_view_enroll_to (MANAGER_ADMIN_VIEW (dash.view), path);
    g_autofree char *saved = g_strdup_printf ("已登记，密钥文件已保存到 %s", path);
    s_wait_label_has (devices, "enroll-message", saved);
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

    /* The file holds the key the server enrolled, as a kiosk, and the
     * screen lists that device as valid. */
    zcert_t *cert = zcert_load (path);
    g_assert_nonnull (cert);
    g_autofree char *sql = g_strdup_printf ("SELECT id FROM device WHERE public_key = '%s'"
                                            " AND role = 'kiosk' AND name = '一楼自助取号机'"
                                            " AND revoked_at IS NULL", zcert_public_txt (cert));
    zcert_destroy (&cert);
    g_autofree char *id = db_query (server, sql);
    g_assert_nonnull (id);
    g_autofree char *state = g_strdup_printf ("device-state-%s", id);
    g_assert_true (gui_wait_label (devices, state, "有效", 10000));

    /* A kiosk with that key file is accepted: it takes a ticket. */
    g_autofree char *key_arg = g_strdup_printf ("--key=%s", path);
    int status;
    g_autofree char *issued = hallctl (server, &status, key_arg, "issue", "business", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (issued, "A001"));
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket WHERE number = 'A001'"), ==, 1);

    /* 吊销…, then 吊销 in its question: listed as revoked, no button. */
    g_autofree char *revoke = g_strdup_printf ("revoke-%s", id);
    label_probe_t button = { devices, revoke, NULL };
    g_signal_emit_by_name (gui_find (devices, revoke), "clicked");
    g_assert_true (gui_wait_until (s_revoke_question_open, &dash, 5000));
    g_signal_emit_by_name (gui_find (s_revoke_question (&dash), "revoke-yes"), "clicked");
    g_assert_true (gui_wait_label (devices, state, "已吊销", 10000));
    g_assert_true (gui_wait_until (s_named_gone, &button, 5000));
    s_wait_label_has (devices, "enroll-message", "已保存");
    g_autofree char *sql_revoked = g_strdup_printf ("SELECT revoked_at IS NOT NULL FROM device WHERE id = '%s'", id);
    g_autofree char *revoked = db_query (server, sql_revoked);
    g_assert_cmpstr (revoked, ==, "1");

    /* The same key is refused now, and no ticket is taken with it. */
    g_free (hallctl (server, &status, key_arg, "--timeout=20000", "issue", "business", NULL));
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (hallctl_last_error (), "refused by the server: this key is not enrolled"));
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket"), ==, 1);
    gui_screenshot_named (GTK_WIDGET (dash.window), "hall-admin-devices-revoked");

    s_dash_close (&dash);
    gui_spin (50);
    server_free (server);
}

/* ---- 人员: a clerk disabled is signed out of the desk, and stays out ---- */

static gboolean
s_signin_shown (gpointer data)
{
    desk_t *desk = data;
    return gtk_widget_get_mapped (gui_find (GTK_WIDGET (desk->window), "signin-submit"));
}

static void
test_admin_disables_clerk (void)
{
    server_t *server = server_start (NULL, START);
    desk_t desk = s_desk (server, 1, "1001");
    s_expect (GTK_WINDOW (desk.window), "desk-clerk", "工作人员：王芳（1001）");
    dash_t dash = s_dash_open (server, "9001", "zhou-9001", "已登录：周主任（9001，管理员）");

    /* 人员 → 1001 → 已停用, saved. */
    GtkWidget *staff = manager_admin_view_show (MANAGER_ADMIN_VIEW (dash.view), "staff");
    manager_admin_groups_select (MANAGER_ADMIN_GROUPS (staff), "1001");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (gui_find (staff, "field-disabled")), TRUE);
    s_save (staff);
    s_wait_message (staff, "已保存");
    s_wait_shows (staff, "1001 王芳 · 办事员 · 未设密码 · 已停用");

    /* The desk is signed out at once: its sign-in page is back, and it
     * says why. */
    s_expect (GTK_WINDOW (desk.window), "desk-clerk", "未登录");
    g_assert_true (gui_wait_until (s_signin_shown, &desk, 10000));
    s_wait_label_has (GTK_WIDGET (desk.window), "message-label", "王芳（1001）的工号已被管理员停用，已退出登录");
    g_autofree char *clerk = db_query (server, "SELECT coalesce (clerk, '-') FROM service_window WHERE number = 1");
    g_assert_cmpstr (clerk, ==, "-");

    /* 1001 signs in again: refused, and the desk says so. */
    gtk_editable_set_text (GTK_EDITABLE (gui_find (GTK_WIDGET (desk.window), "signin-staff")), "1001");
    g_signal_emit_by_name (gui_find (GTK_WIDGET (desk.window), "signin-submit"), "clicked");
    s_wait_label_has (GTK_WIDGET (desk.window), "message-label", "登录失败：此工号已停用，请联系大厅管理员");
    g_assert_true (s_signin_shown (&desk));
    s_expect (GTK_WINDOW (desk.window), "desk-clerk", "未登录");
    g_free (clerk);
    clerk = db_query (server, "SELECT coalesce (clerk, '-') FROM service_window WHERE number = 1");
    g_assert_cmpstr (clerk, ==, "-");
    gui_screenshot_named (GTK_WIDGET (desk.window), "hall-desk-clerk-disabled");

    s_dash_close (&dash);
    s_desk_close (&desk);
    gui_spin (50);
    server_free (server);
}

/* ---- a supervisor at the dashboard reads the settings, changes nothing -- */

/* What a change from the dashboard could touch, as one text. */
static char *
s_settings_state (server_t *server)
{
    static const char *const queries[] = {
        "SELECT value FROM meta WHERE key = 'hall.settings'",
        "SELECT count(*) || '/' || coalesce (max (id), 0) FROM setting_change",
        "SELECT group_concat (id || role || coalesce (revoked_at, ''), ';') FROM device",
        "SELECT group_concat (id || role || disabled || coalesce (password_hash, ''), ';') FROM staff",
        "SELECT group_concat (code || prefix || name, ';') FROM category",
    };
    return db_query_all (server, queries, G_N_ELEMENTS (queries));
}

static void
s_assert_insensitive (GtkWidget *page, const char *name)
{
    GtkWidget *widget = gui_find (page, name);
    g_assert_nonnull (widget);
    if (gtk_widget_get_sensitive (widget))
        g_error ("%s on %s can be pressed", name, gtk_widget_get_name (page));
}

static void
test_supervisor_read_only (void)
{
    server_t *server = server_start (NULL, START);
    g_free (hallctl_ok (server, "config", "set", "staff 1002", "role", "supervisor", NULL));
    dash_t dash = s_dash_open (server, "1002", "li-na-1002", "已登录：李娜（1002，主管）");
    GtkWidget *view = dash.view;
    s_expect (GTK_WINDOW (dash.window), "admin-notice", "主管只能查看，不能修改大厅的设置、人员和设备。");
    g_autofree char *before = s_settings_state (server);

    /* Every screen shows the hall's settings; none can be changed. */
    const struct {
        const char *screen;
        const char *shows;      /* a line of it */
        const char *buttons[3];
    } screens[] = {
        { "categories", "business · 企业开办（A）", { "save", "add", "field-name" } },
        { "windows", "1 · 1号窗口", { "save", "add", "field-name" } },
        { "staff", "1002 李娜 · 主管 · 已设密码", { "save", "add", "reset-password" } },
        { "hall", NULL, { "save", "field-name", NULL } },
        { "calendar", NULL, { "add-holiday", "add-workday", NULL } },
        { "devices", NULL, { "enroll", NULL, NULL } },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (screens); i++) {
        GtkWidget *page = manager_admin_view_show (MANAGER_ADMIN_VIEW (view), screens[i].screen);
        g_assert_nonnull (page);
        if (screens[i].shows)
            s_wait_shows (page, screens[i].shows);
        for (int b = 0; b < 3 && screens[i].buttons[b]; b++)
            s_assert_insensitive (page, screens[i].buttons[b]);
    }
    GtkWidget *categories = manager_admin_view_show (MANAGER_ADMIN_VIEW (view), "categories");
    manager_admin_groups_select (MANAGER_ADMIN_GROUPS (categories), "business");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_find (categories, "field-name"))), ==, "企业开办");
    gui_screenshot_named (GTK_WIDGET (dash.window), "hall-admin-supervisor");

    /* Pressed all the same (past the insensitive buttons), the server
     * refuses and the form says so: nothing changes. */
    gtk_editable_set_text (GTK_EDITABLE (gui_find (categories, "field-name")), "企业开办服务");
    s_save (categories);
    s_wait_message (categories, "无权修改");
    GtkWidget *devices = manager_admin_view_show (MANAGER_ADMIN_VIEW (view), "devices");
    g_autofree char *path = g_build_filename (server->dir, "kiosk-supervisor.key", NULL);
    manager_admin_view_enroll_to (MANAGER_ADMIN_VIEW (view), path);
    s_wait_label_has (devices, "enroll-message", "无权修改");
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_autofree char *after = s_settings_state (server);
    g_assert_cmpstr (after, ==, before);
    s_expect (GTK_WINDOW (dash.window), "admin-notice", "主管只能查看，不能修改大厅的设置、人员和设备。");

    s_dash_close (&dash);
    gui_spin (50);
    server_free (server);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    gtk_init ();
    g_test_add_func ("/hall/desk-drives-board", test_desk_drives_board);
    g_test_add_func ("/hall/journey-on-board", test_journey_on_board);
    g_test_add_func ("/hall/admin-drives-desk-and-board", test_admin_drives_desk_and_board);
    g_test_add_func ("/hall/admin-enrolls-device", test_admin_enrolls_device);
    g_test_add_func ("/hall/admin-disables-clerk", test_admin_disables_clerk);
    g_test_add_func ("/hall/supervisor-read-only", test_supervisor_read_only);
    return g_test_run ();
}
