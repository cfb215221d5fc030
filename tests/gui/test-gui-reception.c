/*  test-gui-reception.c — hall-reception, the reception desk (导服台),
 *  against the real hall-server (test clock), under Xvfb.
 *
 *  The desk runs in-process (controller + window) with its own device key
 *  (hallctl enroll reception) and a folder: printer; the window's and the
 *  kiosk's part of the hall are driven with the raw protocol as admin; the
 *  server's database is the judge of what happened.
 *    /reception/number-parse          what the entry accepts: "a3" is A003;
 *                                     a scanned phone link is told as such
 *    /reception/requeue-a-missed-ticket  called, recalled, marked no-show at
 *                                     window 1; looked up at the desk (过号,
 *                                     two re-queues left) and re-queued: the
 *                                     server has it waiting, and window 1
 *                                     calls it again; the looked-up
 *                                     ticket's screen fits 1280×720,
 *                                     1366×768 and 1920×1080 (gui_fit_problems)
 *    /reception/reprint               a slip file with the same number
 *    /reception/green-channel         a wrong password and an unknown staff
 *                                     id refused in the form, the password
 *                                     field emptied, nothing issued; the
 *                                     right one issues (green reason and
 *                                     granted_by on the server) and prints
 *    /reception/cancel-asks-first     取消 shows a confirmation; 不取消
 *                                     changes nothing; 确认取消 cancels
 *    /reception/accessible-names      every control of those pages has an
 *                                     accessible name over AT-SPI (issue 18)
 */
#define _GNU_SOURCE             //  memmem
#include "gui-a11y.h"
#include "gui-test.h"
#include "harness.h"
#include "i18n.h"
#include "reception-controller.h"
#include "reception-format.h"
#include "reception-window.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#define S_START_TIME 1795741200     //  2026-11-27 09:00 in Asia/Shanghai

static server_t       *s_server;
static hall_session_t *s_admin;          //  the admin tool's session
static char           *s_admin_key;      //  its key file
static char           *s_desk_key;       //  the reception desk's (role reception)
static char           *s_tmp;

typedef struct {
    ReceptionController *controller;
    ReceptionWindow     *window;
    char                *folder;         //  the folder: printer's directory
} s_desk_t;

/* ---- the hall, as admin -------------------------------------------------- */

//  OP with ARGS (stolen) as admin; the result (json_decref) or NULL with
//  *CODE set.
static json_t *
s_call (hall_op_t op, json_t *args, hall_error_t *code)
{
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (s_admin, op, args, &reply);
    json_decref (args);
    if (code)
        *code = rc;
    json_t *result = rc == HALL_OK ? json_incref (reply.result) : NULL;
    if (rc != HALL_OK && !code)
        g_error ("%s: %s (%s)", hall_op_name (op), hall_error_name (rc), reply.message);
    hall_reply_clear (&reply);
    return result;
}

//  The number of a new ticket in CATEGORY.
static char *
s_issue (const char *category)
{
    json_t *result = s_call (HALL_OP_ISSUE, json_pack ("{s:s}", "category", category), NULL);
    char *number = g_strdup (json_string_value (json_object_get (json_object_get (result, "ticket"), "number")));
    json_decref (result);
    return number;
}

//  The number of the ticket OP (call, recall, noshow) acted on at WINDOW.
static char *
s_window_op (hall_op_t op, int window)
{
    json_t *result = s_call (op, json_pack ("{s:i}", "window", window), NULL);
    json_t *ticket = json_object_get (result, "ticket");
    char *number = g_strdup (json_string_value (json_object_get (ticket, "number")));
    json_decref (result);
    return number;
}

static char *
s_ticket_field (const char *number, const char *field)
{
    g_autofree char *sql = g_strdup_printf ("SELECT %s FROM ticket WHERE number = '%s' ORDER BY id DESC LIMIT 1",
                                            field, number);
    return db_query (s_server, sql);
}

/* ---- the desk ------------------------------------------------------------ */

static gboolean
s_desk_ready (gpointer data)
{
    s_desk_t *desk = data;
    gint64 now = reception_controller_now (desk->controller);
    return reception_controller_online (desk->controller)
        && now >= S_START_TIME && now < S_START_TIME + 86400
        && gtk_widget_get_mapped (GTK_WIDGET (desk->window));
}

static s_desk_t *
s_desk_new (void)
{
    s_desk_t *desk = g_new0 (s_desk_t, 1);
    desk->folder = g_build_filename (s_tmp, "slips-XXXXXX", NULL);
    g_assert_nonnull (g_mkdtemp (desk->folder));
    g_autofree char *spec = g_strconcat ("folder:", desk->folder, NULL);
    reception_config_t config = {
        .requests = s_server->requests, .events = s_server->events, .printer = spec,
        .paper = 80, .native_qr = TRUE, .status_url = NULL, .timeout_ms = 0, .retries = -1
    };
    //  The desk speaks with its own key: the server takes its role from it.
    g_setenv ("HALL_KEY", s_desk_key, TRUE);
    g_autoptr (GError) error = NULL;
    desk->controller = reception_controller_new (&config, &error);
    g_setenv ("HALL_KEY", s_admin_key, TRUE);
    g_assert_no_error (error);
    desk->window = reception_window_new (NULL, desk->controller);
    gtk_window_set_default_size (GTK_WINDOW (desk->window), 1280, 720);
    gtk_window_present (GTK_WINDOW (desk->window));
    g_assert_true (gui_wait_until (s_desk_ready, desk, 10000));
    gui_spin (200);
    return desk;
}

static gboolean
s_not_busy (gpointer data)
{
    return !reception_controller_busy (data);
}

static void
s_rmtree (const char *path)
{
    GDir *dir = g_dir_open (path, 0, NULL);
    if (dir) {
        const char *name;
        while ((name = g_dir_read_name (dir))) {
            g_autofree char *child = g_build_filename (path, name, NULL);
            s_rmtree (child);
        }
        g_dir_close (dir);
    }
    g_remove (path);
}

static void
s_desk_free (s_desk_t *desk)
{
    gui_wait_until (s_not_busy, desk->controller, 10000);
    gtk_widget_set_visible (GTK_WIDGET (desk->window), FALSE);
    gui_spin (100);
    gtk_window_destroy (GTK_WINDOW (desk->window));
    g_object_unref (desk->controller);
    gui_spin (50);
    s_rmtree (desk->folder);
    g_free (desk->folder);
    g_free (desk);
}

static GtkWidget *
s_find (s_desk_t *desk, const char *name)
{
    GtkWidget *widget = gui_find (GTK_WIDGET (desk->window), name);
    if (!widget)
        g_error ("no widget named %s", name);
    return widget;
}

static void
s_tap (s_desk_t *desk, const char *name)
{
    GtkWidget *button = s_find (desk, name);
    g_assert_true (gtk_widget_is_sensitive (button));
    g_signal_emit_by_name (button, "clicked");
}

static void
s_type (s_desk_t *desk, const char *name, const char *text)
{
    gtk_editable_set_text (GTK_EDITABLE (s_find (desk, name)), text);
}

typedef struct {
    s_desk_t   *desk;
    const char *label;
    const char *text;           //  the label must contain it
} s_label_wait_t;

static gboolean
s_label_has (gpointer data)
{
    s_label_wait_t *wait = data;
    const char *text = gui_label_text (GTK_WIDGET (wait->desk->window), wait->label);
    return text && strstr (text, wait->text);
}

static void
s_wait_label (s_desk_t *desk, const char *label, const char *text)
{
    s_label_wait_t wait = { desk, label, text };
    if (!gui_wait_until (s_label_has, &wait, 5000))
        g_error ("label %s is '%s', expected '%s'", label,
                 gui_label_text (GTK_WIDGET (desk->window), label), text);
}

//  Looks NUMBER up the way staff do: typed (or scanned) and Enter.
static void
s_look_up (s_desk_t *desk, const char *typed, const char *number)
{
    reception_window_show_page (desk->window, "lookup");
    s_type (desk, "number-entry", typed);
    g_signal_emit_by_name (s_find (desk, "number-entry"), "activate");
    s_wait_label (desk, "ticket-number", number);
    gui_wait_until (s_not_busy, desk->controller, 5000);
}

static void
s_shot (s_desk_t *desk, const char *name)
{
    g_autofree char *probe = g_build_filename (s_tmp, "probe.png", NULL);
    for (int i = 0; i < 20; i++) {
        gui_spin (50);
        if (gui_screenshot (GTK_WIDGET (desk->window), probe))
            break;
    }
    gui_screenshot_named (GTK_WIDGET (desk->window), name);
}

//  The slips printed into FOLDER whose file name holds NUMBER.
static int
s_slips (const char *folder, const char *number, char **last)
{
    int count = 0;
    GDir *dir = g_dir_open (folder, 0, NULL);
    g_assert_nonnull (dir);
    const char *name;
    while ((name = g_dir_read_name (dir)))
        if (strstr (name, number)) {
            count++;
            if (last) {
                g_free (*last);
                *last = g_build_filename (folder, name, NULL);
            }
        }
    g_dir_close (dir);
    return count;
}

typedef struct { const char *folder, *number; } s_slip_wait_t;

static gboolean
s_slip_there (gpointer data)
{
    s_slip_wait_t *wait = data;
    return s_slips (wait->folder, wait->number, NULL) > 0;
}

static gboolean
s_printed_says (const char *path, const char *text)
{
    g_autofree char *bytes = NULL;
    gsize length = 0;
    g_autofree char *wanted = g_convert (text, -1, "GB18030", "UTF-8", NULL, NULL, NULL);
    return g_file_get_contents (path, &bytes, &length, NULL) && wanted
        && memmem (bytes, length, wanted, strlen (wanted)) != NULL;
}

/* ---- tests --------------------------------------------------------------- */

static void
test_number_parse (void)
{
    struct { const char *typed, *number; } cases[] = {
        { "A003", "A003" }, { "a3", "A003" }, { " b 12 ", "B012" }, { "C999", "C999" },
        { "A0003", "A003" }, { "A1234", NULL }, { "3", NULL }, { "AA1", NULL }, { "", NULL },
        { "http://127.0.0.1:8080/t/Zx81kq", NULL },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (cases); i++) {
        const char *problem = NULL;
        g_autofree char *number = reception_number_parse (cases[i].typed, &problem);
        g_assert_cmpstr (number, ==, cases[i].number);
        g_assert_true ((number == NULL) == (problem != NULL));
    }
    const char *problem = NULL;
    g_assert_null (reception_number_parse ("https://hall.example/t/abc", &problem));
    g_assert_nonnull (strstr (problem, "二维码"));
}

static void
test_requeue_a_missed_ticket (void)
{
    s_desk_t *desk = s_desk_new ();
    g_autofree char *number = s_issue ("construction");
    json_decref (s_call (HALL_OP_SIGNIN, json_pack ("{s:i, s:s}", "window", 3, "staff", "1003"), NULL));
    g_autofree char *called = s_window_op (HALL_OP_CALL, 3);
    g_assert_cmpstr (called, ==, number);
    g_free (s_window_op (HALL_OP_RECALL, 3));
    g_free (s_window_op (HALL_OP_NOSHOW, 3));
    g_autofree char *state = s_ticket_field (number, "state");
    g_assert_cmpstr (state, ==, "noshow");

    //  Typed as staff type it: lower case, no zeros.
    g_autofree char *typed = g_strdup_printf ("b%d", atoi (number + 1));
    s_look_up (desk, typed, number);
    s_wait_label (desk, "ticket-state", "过号");
    s_wait_label (desk, "ticket-requeues", "还可重新排队 2 次");
    s_wait_label (desk, "ticket-calls", "呼叫 2 次");
    s_wait_label (desk, "ticket-window", "3号窗口");
    g_assert_true (gtk_widget_is_sensitive (s_find (desk, "requeue-button")));
    g_assert_false (gtk_widget_is_sensitive (s_find (desk, "reprint-button")));
    g_assert_false (gtk_widget_is_sensitive (s_find (desk, "cancel-button")));
    s_shot (desk, "reception");
    //  At 1280×720 everything is inside the window, nothing pushes it taller.
    //  Then at 1366×768 and 1920×1080 (issue 18): checked from the widgets'
    //  allocations by gui_fit_problems, not by eye.
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
    }

    s_tap (desk, "requeue-button");
    s_wait_label (desk, "lookup-message", "已重新排队");
    s_wait_label (desk, "ticket-state", "等候中");
    s_wait_label (desk, "ticket-requeues", "还可重新排队 1 次");
    g_free (state);
    state = s_ticket_field (number, "state");
    g_assert_cmpstr (state, ==, "waiting");
    g_autofree char *requeues = s_ticket_field (number, "requeues");
    g_assert_cmpstr (requeues, ==, "1");
    g_autofree char *by = db_query (s_server, "SELECT count(*) FROM event WHERE type = 'ticket.requeued'");
    g_assert_cmpstr (by, ==, "1");
    //  And a desk calls it again.
    g_autofree char *again = s_window_op (HALL_OP_CALL, 3);
    g_assert_cmpstr (again, ==, number);
    //  Called now: nothing to re-queue, but its slip can be printed again.
    s_look_up (desk, number, number);
    s_wait_label (desk, "ticket-state", "已呼叫");
    g_assert_false (gtk_widget_is_sensitive (s_find (desk, "requeue-button")));
    g_assert_true (gtk_widget_is_sensitive (s_find (desk, "reprint-button")));
    g_free (s_window_op (HALL_OP_START, 3));
    g_free (s_window_op (HALL_OP_FINISH, 3));
    s_desk_free (desk);
}

static void
test_reprint (void)
{
    s_desk_t *desk = s_desk_new ();
    g_autofree char *number = s_issue ("business");
    s_look_up (desk, number, number);
    s_wait_label (desk, "ticket-state", "等候中");
    g_assert_cmpint (s_slips (desk->folder, number, NULL), ==, 0);
    s_tap (desk, "reprint-button");
    s_slip_wait_t wait = { desk->folder, number };
    g_assert_true (gui_wait_until (s_slip_there, &wait, 10000));
    s_wait_label (desk, "lookup-message", "已打印");
    g_autofree char *path = NULL;
    g_assert_cmpint (s_slips (desk->folder, number, &path), ==, 1);
    g_assert_true (s_printed_says (path, number));
    g_assert_true (s_printed_says (path, "企业开办"));
    g_autofree char *events = db_query (s_server, "SELECT count(*) FROM event WHERE type = 'ticket.reprinted'");
    g_assert_cmpstr (events, ==, "1");
    //  A missed ticket has no slip to re-print (the server's rule).
    s_desk_free (desk);
}

static gboolean
s_password_empty (gpointer data)
{
    s_desk_t *desk = data;
    return !*gtk_editable_get_text (GTK_EDITABLE (s_find (desk, "granter-password")));
}

//  One try at the green form: the password is gone from the form after it.
static void
s_green_try (s_desk_t *desk, const char *granter, const char *password, const char *said)
{
    s_type (desk, "granter-entry", granter);
    s_type (desk, "granter-password", password);
    s_tap (desk, "green-issue");
    g_assert_true (s_password_empty (desk));
    s_wait_label (desk, "green-message", said);
    gui_wait_until (s_not_busy, desk->controller, 5000);
}

static void
test_green_channel (void)
{
    s_desk_t *desk = s_desk_new ();
    gint64 before = db_int (s_server, "SELECT count(*) FROM ticket");
    reception_window_show_page (desk->window, "green");
    g_assert_cmpstr (reception_window_page (desk->window), ==, "green");
    gtk_drop_down_set_selected (GTK_DROP_DOWN (s_find (desk, "green-category")), 3);   //  D 综合政务服务
    //  Nothing chosen: told, and nothing goes out.
    s_green_try (desk, "1001", "wang-1001", "请选择或填写绿色通道原因");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (s_find (desk, "reason-elderly")), TRUE);

    s_green_try (desk, "1001", "not-her-password", "批准人工号或密码不对");
    s_shot (desk, "reception-green");
    s_green_try (desk, "9999", "whatever", "没有这个工号");
    g_assert_cmpint (db_int (s_server, "SELECT count(*) FROM ticket"), ==, before);

    s_green_try (desk, "1001", "wang-1001", "已取号");
    g_assert_cmpint (db_int (s_server, "SELECT count(*) FROM ticket"), ==, before + 1);
    g_autofree char *number = db_query (s_server, "SELECT number FROM ticket ORDER BY id DESC LIMIT 1");
    g_autofree char *green = s_ticket_field (number, "green");
    g_autofree char *granter = s_ticket_field (number, "granted_by");
    g_autofree char *category = s_ticket_field (number, "category");
    g_assert_cmpstr (green, ==, "老年人");
    g_assert_cmpstr (granter, ==, "1001");
    g_assert_cmpstr (category, ==, "general");
    s_slip_wait_t wait = { desk->folder, number };
    g_assert_true (gui_wait_until (s_slip_there, &wait, 10000));
    g_autofree char *path = NULL;
    s_slips (desk->folder, number, &path);
    g_assert_true (s_printed_says (path, "绿色通道：老年人"));
    //  The form is cleared for the next visitor.
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (s_find (desk, "granter-entry"))), ==, "");

    //  其他 needs its words.
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (s_find (desk, "reason-other")), TRUE);
    g_assert_true (gtk_widget_is_sensitive (s_find (desk, "reason-other-entry")));
    s_green_try (desk, "1001", "wang-1001", "请选择或填写绿色通道原因");
    s_type (desk, "reason-other-entry", "重病患者");
    s_green_try (desk, "1001", "wang-1001", "已取号");
    g_autofree char *other = db_query (s_server, "SELECT green FROM ticket ORDER BY id DESC LIMIT 1");
    g_assert_cmpstr (other, ==, "其他：重病患者");
    //  The password is in no log of the server's.
    g_autofree char *log_path = g_build_filename (s_server->dir, "server.log", NULL);
    g_autofree char *log = NULL;
    if (g_file_get_contents (log_path, &log, NULL, NULL))
        g_assert_null (strstr (log, "wang-1001"));
    s_desk_free (desk);
}

static void
test_cancel_asks_first (void)
{
    s_desk_t *desk = s_desk_new ();
    g_autofree char *number = s_issue ("tender");
    s_look_up (desk, number, number);
    s_wait_label (desk, "ticket-state", "等候中");
    GtkWidget *confirm = s_find (desk, "cancel-confirm");
    g_assert_false (gtk_widget_get_visible (confirm));
    s_tap (desk, "cancel-button");
    g_assert_true (gtk_widget_get_visible (confirm));
    s_wait_label (desk, "cancel-confirm-text", number);
    gui_spin (300);
    g_autofree char *state = s_ticket_field (number, "state");
    g_assert_cmpstr (state, ==, "waiting");
    s_tap (desk, "cancel-no");
    g_assert_false (gtk_widget_get_visible (confirm));
    gui_spin (300);
    g_free (state);
    state = s_ticket_field (number, "state");
    g_assert_cmpstr (state, ==, "waiting");

    s_tap (desk, "cancel-button");
    s_tap (desk, "cancel-yes");
    s_wait_label (desk, "ticket-state", "已取消");
    g_free (state);
    state = s_ticket_field (number, "state");
    g_assert_cmpstr (state, ==, "cancelled");
    g_assert_false (gtk_widget_is_sensitive (s_find (desk, "cancel-button")));
    s_desk_free (desk);
}

//  Every control of the look-up page (empty, then with a ticket and its
//  cancel confirmation) and of the green-channel page has an accessible
//  name over AT-SPI (issue 18).  The test runs again in a subprocess with
//  GTK's bridge on, where tests/tools/a11y-check.py walks this process's
//  tree.
static void
test_accessible_names (void)
{
    if (!gui_a11y_bridge_on ()) {
        gui_a11y_run_in_subprocess ();
        return;
    }
    s_desk_t *desk = s_desk_new ();
    reception_window_show_page (desk->window, "lookup");
    gui_spin (200);
    gui_a11y_assert_named ("look-up");
    g_autofree char *number = s_issue ("business");
    s_look_up (desk, number, number);
    gui_a11y_assert_named ("looked-up ticket");
    s_tap (desk, "cancel-button");
    gui_spin (200);
    gui_a11y_assert_named ("cancel confirmation");
    s_tap (desk, "cancel-no");
    reception_window_show_page (desk->window, "green");
    gui_spin (200);
    gui_a11y_assert_named ("green channel");
    s_desk_free (desk);
}

/* The session's locale is C.UTF-8 with no LANGUAGE (tests/run-all.sh):
 * GTK's own words (its file dialogs, their buttons) are Chinese too, as
 * the desk's are (they came up in English). */
static void
test_gtk_speaks_chinese (void)
{
    g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "zh_CN");
    g_assert_cmpstr (g_dgettext ("gtk40", "_Cancel"), ==, "取消(_C)");
    g_assert_cmpstr (g_dgettext ("gtk40", "_Open"), ==, "打开(_O)");
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    gui_a11y_prepare ();
    gtk_init ();
    hall_i18n_init (RECEPTION_DOMAIN, argv[0]);
    s_tmp = g_dir_make_tmp ("test-gui-reception-XXXXXX", NULL);
    s_server = server_start (NULL, S_START_TIME);
    s_admin_key = g_strdup (g_getenv ("HALL_KEY"));
    s_admin = hall_session_new (s_server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    json_decref (s_call (HALL_OP_STAFF_PASSWORD, json_pack ("{s:s, s:s}", "staff", "1001", "password", "wang-1001"),
                         NULL));
    s_desk_key = g_build_filename (s_tmp, "reception.key", NULL);
    g_free (hallctl_ok (s_server, "enroll", "reception", "--out", s_desk_key, "--name", "一楼导服台", NULL));
    g_test_add_func ("/reception/number-parse", test_number_parse);
    g_test_add_func ("/reception/gtk-speaks-chinese", test_gtk_speaks_chinese);
    g_test_add_func ("/reception/requeue-a-missed-ticket", test_requeue_a_missed_ticket);
    g_test_add_func ("/reception/reprint", test_reprint);
    g_test_add_func ("/reception/green-channel", test_green_channel);
    g_test_add_func ("/reception/cancel-asks-first", test_cancel_asks_first);
    g_test_add_func ("/reception/accessible-names", test_accessible_names);
    int rc = g_test_run ();
    hall_session_destroy (&s_admin);
    server_free (s_server);
    s_rmtree (s_tmp);
    return rc;
}
