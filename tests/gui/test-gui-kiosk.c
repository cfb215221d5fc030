/*  test-gui-kiosk.c — hall-kiosk against the real hall-server, under Xvfb.
 *
 *  The kiosk runs in-process (controller + window) with a folder: printer
 *  in a temporary directory; taps are "clicked" emissions on the real
 *  buttons; the server's database is the judge of what was issued.
 *    /kiosk/tap-issues-one      one tap, one ticket, the same number on
 *                               screen, one file printed; a double tap
 *                               before the reply issues one ticket
 *    /kiosk/screenshots         landscape zh/en, large print, portrait zh;
 *                               the demo hall's every button (its journey
 *                               too) in sight at once, nothing to scroll
 *    /kiosk/green-channel       staff PIN, reason, staff id: recorded
 *    /kiosk/appointment/...     预约签到 on a hall that takes bookings: a
 *                               code on time prints a 预约 ticket (keypad,
 *                               and a scanner typing into the entry with
 *                               Enter); an ID number (masked on screen) on
 *                               time; an unknown code; a typo in an ID
 *                               number told at once; too early (today, a
 *                               later day); too late, with a normal ticket
 *                               offered; a second check-in names the ticket
 *    /kiosk/printer-failure     closed TCP port: the kiosk's check at
 *                               start reports it (the server's alert), the
 *                               visitor is told staff know only then, the
 *                               number stays with its QR, no address on
 *                               the status line; a listener on the port
 *                               (the printer back): the probe clears the
 *                               alert, the next ticket prints there
 *    /kiosk/large-print-is-1.5x 大字模式: the start and check-in screens'
 *                               texts at 1.5× the font size (one-line
 *                               labels as tall), at 1920×1080 and 1280×720
 *    /kiosk/fits                start, check-in, staff and ticket screens at
 *                               1280×720, 1366×768, 1920×1080 and portrait
 *                               1080×1920, normal and large (English at
 *                               1280×720 and portrait): every visible
 *                               control inside the window, none cut
 *                               (gui_fit_problems); screenshots at
 *                               1280×720 and portrait; no printer address
 *    /kiosk/accessible-names    those screens' every control has an
 *                               accessible name over AT-SPI (issue 18)
 *    /kiosk/offline             server killed: nothing issued, message
 *    /kiosk/folder-printer-hall-day   the file and the printed date are
 *                               the hall's day, not this machine's (UTC)
 *    /kiosk/journey/...         a "一件事" journey: its button with its
 *                               steps; asked first when no window serves
 *                               its first step; a tap issues one journey
 *                               ticket (journey.issue), whose screen and
 *                               paper say "第 1 步 / 共 4 步：企业登记" and the
 *                               way; English; the slip of the ticket at its
 *                               second step says that step and the one done
 */
#define _GNU_SOURCE             //  memmem
#include "gui-a11y.h"
#include "gui-test.h"
#include "harness.h"
#include "kiosk-controller.h"
#include "kiosk-text.h"
#include "kiosk-window.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#define S_START_TIME 1795741200     //  2026-11-27 09:00 in Asia/Shanghai

static server_t *s_server;
static char     *s_tmp;

typedef struct {
    KioskController *controller;
    KioskWindow     *window;
    char            *folder;        //  folder: printer directory, or NULL
} s_kiosk_t;

static gboolean
s_kiosk_ready (gpointer data)
{
    s_kiosk_t *kiosk = data;
    GtkWidget *button = gui_find (GTK_WIDGET (kiosk->window), "category-business");
    return kiosk_controller_online (kiosk->controller) && button
        && gtk_widget_get_sensitive (button) && gtk_widget_get_mapped (button)
        && gtk_widget_get_width (GTK_WIDGET (kiosk->window)) > 0;
}

//  A kiosk on S_SERVER printing to PRINTER (NULL: a new folder).
static s_kiosk_t *
s_kiosk_new (const char *printer, gboolean portrait, int timeout_ms, int retries)
{
    s_kiosk_t *kiosk = g_new0 (s_kiosk_t, 1);
    g_autofree char *spec = NULL;
    if (!printer) {
        kiosk->folder = g_build_filename (s_tmp, "tickets-XXXXXX", NULL);
        g_assert_nonnull (g_mkdtemp (kiosk->folder));
        spec = g_strconcat ("folder:", kiosk->folder, NULL);
    }
    kiosk_config_t config = {
        .requests = s_server->requests, .events = s_server->events,
        .printer = printer ? printer : spec, .paper = 80, .native_qr = TRUE,
        .status_url = "https://hall.example/t/", .timeout_ms = timeout_ms, .retries = retries
    };
    g_autoptr (GError) error = NULL;
    kiosk->controller = kiosk_controller_new (&config, &error);
    g_assert_no_error (error);
    kiosk_window_options_t options = { .portrait = portrait, .idle_timeout = 600, .staff_pin = "2468" };
    kiosk->window = kiosk_window_new (NULL, kiosk->controller, &options);
    //  Xvfb's screen is 1920×1080 and a default size is kept within it:
    //  ask for the portrait screen's full height outright.
    if (portrait)
        gtk_widget_set_size_request (GTK_WIDGET (kiosk->window), 1080, 1920);
    gtk_window_present (GTK_WINDOW (kiosk->window));
    g_assert_true (gui_wait_until (s_kiosk_ready, kiosk, 10000));
    gui_spin (200);
    return kiosk;
}

static gboolean
s_not_busy (gpointer data)
{
    return !kiosk_controller_busy (data);
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
s_kiosk_free (s_kiosk_t *kiosk)
{
    gui_wait_until (s_not_busy, kiosk->controller, 10000);
    gui_spin (100);
    gtk_window_destroy (GTK_WINDOW (kiosk->window));
    g_object_unref (kiosk->controller);
    if (kiosk->folder)
        s_rmtree (kiosk->folder);
    g_free (kiosk->folder);
    g_free (kiosk);
    kiosk_text_set_language (KIOSK_LANG_ZH);
}

static int
s_files_in (const char *folder)
{
    int count = 0;
    GDir *dir = g_dir_open (folder, 0, NULL);
    g_assert_nonnull (dir);
    while (g_dir_read_name (dir))
        count++;
    g_dir_close (dir);
    return count;
}

static GtkWidget *
s_find (s_kiosk_t *kiosk, const char *name)
{
    GtkWidget *widget = gui_find (GTK_WIDGET (kiosk->window), name);
    if (!widget)
        g_error ("no widget named %s", name);
    return widget;
}

static void
s_tap (s_kiosk_t *kiosk, const char *name)
{
    g_signal_emit_by_name (s_find (kiosk, name), "clicked");
}

//  The staff's PIN (2468, s_kiosk_new's) on the keypad, and OK: the
//  green-channel form opens.
static gboolean
s_green_issue_shown (gpointer kiosk)
{
    return gtk_widget_get_mapped (s_find (kiosk, "green-issue"));
}

static void
s_enter_staff_pin (s_kiosk_t *kiosk)
{
    for (const char *digit = "2468"; *digit; digit++) {
        g_autofree char *key = g_strdup_printf ("staff-pin-key-%c", *digit);
        s_tap (kiosk, key);
    }
    s_tap (kiosk, "staff-pin-ok");
    g_assert_true (gui_wait_until (s_green_issue_shown, kiosk, 5000));
}

static const char *s_wanted_screen;

static gboolean
s_on_screen (gpointer data)
{
    return g_strcmp0 (kiosk_window_screen (data), s_wanted_screen) == 0;
}

static gboolean
s_wait_screen (s_kiosk_t *kiosk, const char *screen, int timeout_ms)
{
    s_wanted_screen = screen;
    return gui_wait_until (s_on_screen, kiosk->window, timeout_ms);
}

static gint64
s_tickets (void)
{
    return db_int (s_server, "SELECT count(*) FROM ticket");
}

typedef struct {
    s_kiosk_t  *kiosk;
    const char *label;
    const char *text;       //  the label must contain it
} s_label_wait_t;

static gboolean
s_label_has (gpointer data)
{
    s_label_wait_t *wait = data;
    const char *text = gui_label_text (GTK_WIDGET (wait->kiosk->window), wait->label);
    return text && strstr (text, wait->text);
}

static gboolean
s_wait_label (s_kiosk_t *kiosk, const char *label, const char *text, int timeout_ms)
{
    s_label_wait_t wait = { kiosk, label, text };
    gboolean ok = gui_wait_until (s_label_has, &wait, timeout_ms);
    if (!ok)
        g_test_message ("label %s is '%s', wanted '%s'", label,
                        gui_label_text (GTK_WIDGET (kiosk->window), label), text);
    return ok;
}

//  A screenshot once the window is laid out: right after a label changes
//  (the clock does each second) GTK has no allocation to render until the
//  next frame, and the screenshot would come out empty.
static void
s_shot (s_kiosk_t *kiosk, const char *name)
{
    g_autofree char *probe = g_build_filename (s_tmp, "probe.png", NULL);
    for (int i = 0; i < 20; i++) {
        gui_spin (50);
        if (gui_screenshot (GTK_WIDGET (kiosk->window), probe))
            break;
    }
    gui_screenshot_named (GTK_WIDGET (kiosk->window), name);
}

//  Clerks at windows 1..8: every category of the demo hall can be served,
//  so the kiosk promises a wait and issues at a tap.
static void
s_staff_all (server_t *server)
{
    for (int w = 1; w <= 8; w++) {
        g_autofree char *window = g_strdup_printf ("%d", w);
        g_autofree char *staff = g_strdup_printf ("%d", 1000 + w);
        g_free (hallctl_ok (server, "signin", window, staff, NULL));
    }
}

//  The printed ticket's bytes (ESC/POS, GB18030) contain TEXT.
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
test_tap_issues_one (void)
{
    s_kiosk_t *kiosk = s_kiosk_new (NULL, FALSE, 0, -1);
    gint64 before = s_tickets ();
    //  A double tap: two clicks before the reply can come.
    s_tap (kiosk, "category-business");
    s_tap (kiosk, "category-business");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    gui_spin (300);
    g_assert_cmpint (s_tickets (), ==, before + 1);
    g_autofree char *number = db_query (s_server, "SELECT number FROM ticket ORDER BY id DESC LIMIT 1");
    g_assert_cmpstr (number, ==, "A001");
    g_autofree char *issued_at = db_query (s_server, "SELECT max(issued_at) FROM ticket");
    g_test_message ("kiosk clock %" G_GINT64_FORMAT ", ticket issued at %s",
                    kiosk_controller_now (kiosk->controller), issued_at);
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (kiosk->window), "ticket-number"), ==, number);
    g_assert_true (s_wait_label (kiosk, "ticket-print", "请取走您的号票", 10000));
    g_assert_cmpint (s_files_in (kiosk->folder), ==, 1);
    g_assert_nonnull (strstr (gui_label_text (GTK_WIDGET (kiosk->window), "ticket-ahead"), "前面"));
    s_shot (kiosk, "kiosk-ticket");

    //  Back to the start; a second visitor's single tap is a second ticket.
    s_tap (kiosk, "ticket-done");
    g_assert_cmpstr (kiosk_window_screen (kiosk->window), ==, "start");
    g_assert_true (gui_wait_until (s_kiosk_ready, kiosk, 5000));
    s_tap (kiosk, "category-business");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    g_assert_cmpint (s_tickets (), ==, before + 2);
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (kiosk->window), "ticket-number"), ==, "A002");
    g_assert_true (s_wait_label (kiosk, "ticket-ahead", "你前面还有 1 人在等待", 5000));
    g_assert_true (s_wait_label (kiosk, "ticket-print", "请取走您的号票", 10000));
    g_assert_cmpint (s_files_in (kiosk->folder), ==, 2);
    s_kiosk_free (kiosk);
}

//  The start screen shows every category's and journey's button of the
//  hall whole, with nothing to scroll to, in a window no taller than
//  SCREEN_HEIGHT: a visitor sees every choice at once.
static void
s_assert_start_fits (s_kiosk_t *kiosk, int screen_height)
{
    g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (kiosk->window)), <=, screen_height);
    GtkWidget *groups = s_find (kiosk, "start-groups");
    GtkAdjustment *scroll = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (groups));
    g_assert_cmpfloat (gtk_adjustment_get_upper (scroll), <=, gtk_adjustment_get_page_size (scroll));
    json_t *journeys = kiosk_controller_journeys (kiosk->controller);
    g_assert_cmpint (json_array_size (journeys), >, 0);
    struct { const char *kind; json_t *items; } lists [] = {
        { "category", hall_mirror_categories (kiosk_controller_mirror (kiosk->controller)) },
        { "journey", journeys }
    };
    float bottom = 0;           //  of the lowest button
    for (size_t l = 0; l < G_N_ELEMENTS (lists); l++) {
        size_t index;
        json_t *item;
        json_array_foreach (lists [l].items, index, item) {
            g_autofree char *name = g_strdup_printf ("%s-%s", lists [l].kind,
                                                     json_string_value (json_object_get (item, "code")));
            graphene_rect_t bounds;
            g_assert_true (gtk_widget_compute_bounds (s_find (kiosk, name), groups, &bounds));
            if (bounds.origin.x < 0 || bounds.origin.y < 0
                || bounds.origin.x + bounds.size.width > gtk_widget_get_width (groups)
                || bounds.origin.y + bounds.size.height > gtk_widget_get_height (groups))
                g_error ("%s at %.0f,%.0f %.0f×%.0f is not wholly inside the %d×%d start screen", name,
                         bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                         gtk_widget_get_width (groups), gtk_widget_get_height (groups));
            bottom = MAX (bottom, bounds.origin.y + bounds.size.height);
        }
    }
    g_test_message ("the buttons end %.0f px down the %d px of the start screen", bottom,
                    gtk_widget_get_height (groups));
}

static void
test_screenshots (void)
{
    s_kiosk_t *kiosk = s_kiosk_new (NULL, FALSE, 0, -1);
    //  The start screen counts the tickets issued so far.
    g_assert_true (s_wait_label (kiosk, "category-load-business", "等待 2 人", 5000));
    //  The clock follows the server's (test) clock once a heartbeat came.
    g_assert_true (s_wait_label (kiosk, "clock", "2026-11-27  09:", 3000));
    s_shot (kiosk, "kiosk-landscape-zh");
    s_assert_start_fits (kiosk, 1080);
    s_tap (kiosk, "language-button");
    g_assert_true (s_wait_label (kiosk, "category-name-business", "Business Start-up", 2000));
    g_assert_true (s_wait_label (kiosk, "category-load-business", "2 waiting", 2000));
    g_assert_true (s_wait_label (kiosk, "start-prompt", "Please choose", 2000));
    gui_spin (200);
    s_shot (kiosk, "kiosk-landscape-en");
    s_assert_start_fits (kiosk, 1080);
    s_tap (kiosk, "language-button");
    g_assert_true (s_wait_label (kiosk, "category-name-business", "企业开办", 2000));
    s_tap (kiosk, "large-button");
    gui_spin (300);
    s_shot (kiosk, "kiosk-landscape-zh-large");
    s_assert_start_fits (kiosk, 1080);
    s_tap (kiosk, "language-button");
    g_assert_true (s_wait_label (kiosk, "category-name-business", "Business Start-up", 2000));
    gui_spin (200);
    s_shot (kiosk, "kiosk-landscape-en-large");
    s_assert_start_fits (kiosk, 1080);
    s_kiosk_free (kiosk);

    kiosk = s_kiosk_new (NULL, TRUE, 0, -1);
    g_assert_true (s_wait_label (kiosk, "clock", "2026-11-27  09:", 3000));
    g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (kiosk->window)), ==, 1920);
    s_shot (kiosk, "kiosk-portrait-zh");
    s_assert_start_fits (kiosk, 1920);
    s_kiosk_free (kiosk);
}

static void
test_green_channel (void)
{
    s_kiosk_t *kiosk = s_kiosk_new (NULL, FALSE, 0, -1);
    s_tap (kiosk, "staff-button");
    g_assert_cmpstr (kiosk_window_screen (kiosk->window), ==, "staff");
    //  A wrong PIN keeps the form locked.
    s_tap (kiosk, "staff-pin-key-1");
    s_tap (kiosk, "staff-pin-ok");
    g_assert_true (s_wait_label (kiosk, "staff-pin-error", "密码不正确", 1000));
    g_assert_false (gtk_widget_get_mapped (s_find (kiosk, "green-issue")));
    s_enter_staff_pin (kiosk);
    //  No reason yet: refused on the screen, nothing sent.
    gint64 before = s_tickets ();
    s_tap (kiosk, "green-issue");
    g_assert_true (s_wait_label (kiosk, "green-error", "请选择绿色通道原因", 1000));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (s_find (kiosk, "green-reason-0")), TRUE);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (s_find (kiosk, "green-category")), 3);   //  general
    s_tap (kiosk, "green-staff-key-1");
    s_tap (kiosk, "green-staff-key-0");
    s_tap (kiosk, "green-staff-key-0");
    s_tap (kiosk, "green-staff-key-1");
    g_assert_true (s_wait_label (kiosk, "clock", "2026-11-27  09:", 3000));
    s_shot (kiosk, "kiosk-green-staff");
    s_tap (kiosk, "green-issue");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    g_assert_cmpint (s_tickets (), ==, before + 1);
    g_autofree char *row = db_query (s_server,
        "SELECT number || '|' || green || '|' || granted_by FROM ticket ORDER BY id DESC LIMIT 1");
    g_assert_cmpstr (row, ==, "D001|老年人|1001");
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (kiosk->window), "ticket-number"), ==, "D001");
    g_assert_true (s_wait_label (kiosk, "ticket-green", "老年人", 1000));
    s_kiosk_free (kiosk);
}

/* ---- appointments (预约签到) ---------------------------------------------- */

/* A hall that takes bookings: category business (A) has 30-minute slots
 * from 09:00 to 11:00, window 1 serves it.  Check-in opens 30 minutes
 * before a slot (booking_checkin_before's default) and closes at its end
 * (booking_checkin_grace 0).  The day: Friday 2026-11-27, its next
 * working day Monday the 30th. */
static const char *s_booking_hall =
    "[hall]\nname=示范县政务服务中心\nname_en=Demo County Service Center\ntimezone=Asia/Shanghai\n"
    "[category business]\nprefix=A\nname=企业开办\nname_en=Business Start-up\n"
    "booking_hours=09:00-11:00\nbooking_slot=30\nbooking_capacity=6\nbooking_days=3\n"
    "[window 1]\nprimary=business\n"
    "[staff 1001]\nname=王芳\n";

#define S_EIGHT_O_CLOCK  (S_START_TIME - 3600)     //  2026-11-27 08:00 in the hall
#define S_NINE_O_CLOCK   S_START_TIME
#define S_NINE_FORTY     (S_START_TIME + 40 * 60)

static server_t *s_booking_server;

//  The booking codes, made once at 08:00 (main).
static char *s_code_keypad;     //  09:00–09:30, checked in on the keypad
static char *s_code_scanner;    //  09:00–09:30, typed by the scanner
static char *s_code_late;       //  09:00–09:30, comes at 09:40
static char *s_code_later_day;  //  Monday 09:00–09:30
static char *s_code_ten;        //  10:00–10:30 (check-in from 09:30)
#define S_ID_NUMBER "11010519491231002X"          //  booked 09:00–09:30, checks in by ID

/* Sessions, the kiosk's too, speak with the admin key of the server that
 * HALL_KEY names (the last one started, tests/lib/harness.c): this
 * suite keeps two servers, and names the one it talks to. */
static void
s_use (server_t *server)
{
    g_autofree char *dir = g_path_get_dirname (server->db);
    g_autofree char *key = g_build_filename (dir, "keys", "admin.key", NULL);
    g_setenv ("HALL_KEY", key, TRUE);
}

static void
s_admin_call (server_t *server, hall_op_t op, json_t *args, hall_reply_t *reply)
{
    g_autofree char *saved = g_strdup (g_getenv ("HALL_KEY"));
    s_use (server);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    hall_error_t rc = hall_session_call (admin, op, args, reply);
    if (rc != HALL_OK)
        g_error ("%s: %s (%s)", hall_op_name (op), hall_error_name (rc), reply->message);
    hall_session_destroy (&admin);
    json_decref (args);
    if (saved)
        g_setenv ("HALL_KEY", saved, TRUE);
}

//  A booking through the server (as a desk would make it): its code.
static char *
s_book (const char *day, const char *slot, const char *id_number)
{
    hall_reply_t reply;
    s_admin_call (s_booking_server, HALL_OP_BOOKING_CREATE,
                  json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s}", "category", "business", "day", day,
                             "slot", slot, "name", "张三", "id_number", id_number, "phone", "13800138000"),
                  &reply);
    char *code = g_strdup (json_string_value (json_object_get (json_object_get (reply.result, "booking"),
                                                               "code")));
    hall_reply_clear (&reply);
    g_assert_nonnull (code);
    return code;
}

static void
s_set_clock (server_t *server, gint64 time)
{
    hall_reply_t reply;
    s_admin_call (server, HALL_OP_CLOCK, json_pack ("{s:I}", "set", (json_int_t) time), &reply);
    hall_reply_clear (&reply);
}

static void
s_booking_hall_start (void)
{
    s_booking_server = server_start (s_booking_hall, S_EIGHT_O_CLOCK);
    g_free (hallctl_ok (s_booking_server, "signin", "1", "1001", NULL));
    s_code_keypad = s_book ("2026-11-27", "09:00", "110105198001010016");
    s_code_scanner = s_book ("2026-11-27", "09:00", "330102198505050021");
    s_code_late = s_book ("2026-11-27", "09:00", "440524197503030036");
    s_code_ten = s_book ("2026-11-27", "10:00", "320106199009090049");
    s_code_later_day = s_book ("2026-11-30", "09:00", "510107199212120057");
    g_free (s_book ("2026-11-27", "09:00", S_ID_NUMBER));
    s_use (s_server);
}

static void
s_booking_hall_free (void)
{
    server_free (s_booking_server);
    g_free (s_code_keypad);
    g_free (s_code_scanner);
    g_free (s_code_late);
    g_free (s_code_ten);
    g_free (s_code_later_day);
}

//  A kiosk of the booking hall at TIME, on its check-in screen.
static s_kiosk_t *
s_checkin_kiosk (gint64 time)
{
    s_set_clock (s_booking_server, time);
    server_t *saved = s_server;
    s_server = s_booking_server;
    s_use (s_booking_server);
    s_kiosk_t *kiosk = s_kiosk_new (NULL, FALSE, 0, -1);
    s_server = saved;
    s_tap (kiosk, "appointment-button");
    g_assert_cmpstr (kiosk_window_screen (kiosk->window), ==, "appointment");
    return kiosk;
}

static void
s_checkin_kiosk_free (s_kiosk_t *kiosk)
{
    s_kiosk_free (kiosk);
    s_use (s_server);
}

//  Types TEXT on the check-in keypad, key by key.
static void
s_keypad_type (s_kiosk_t *kiosk, const char *text)
{
    for (const char *c = text; *c; c++) {
        g_autofree char *key = g_strdup_printf ("appointment-key-%c", *c);
        s_tap (kiosk, key);
    }
}

static const char *
s_entry_text (s_kiosk_t *kiosk)
{
    return gtk_editable_get_text (GTK_EDITABLE (s_find (kiosk, "appointment-code")));
}

//  What the label NAME reads now.
static const char *
s_label (s_kiosk_t *kiosk, const char *name)
{
    return gui_label_text (GTK_WIDGET (kiosk->window), name);
}

//  Types TYPED on the keypad, taps 签到 and waits for SCREEN.
static void
s_check_in (s_kiosk_t *kiosk, const char *typed, const char *screen)
{
    s_keypad_type (kiosk, typed);
    s_tap (kiosk, "appointment-checkin");
    g_assert_true (s_wait_screen (kiosk, screen, 10000));
}

//  The ticket on screen is an appointment's, 09:00–09:30, and has printed.
static void
s_assert_appointment_ticket (s_kiosk_t *kiosk)
{
    g_assert_true (gtk_widget_get_visible (s_find (kiosk, "ticket-appointment")));
    g_assert_cmpstr (s_label (kiosk, "ticket-appointment"), ==, "预约 09:00–09:30");
    g_assert_true (s_wait_label (kiosk, "ticket-print", "请取走您的号票", 10000));
}

static gint64
s_booking_tickets (void)
{
    return db_int (s_booking_server, "SELECT count(*) FROM ticket");
}

//  The printed ticket NUMBER of the booking hall's day, in KIOSK's folder.
static char *
s_paper (s_kiosk_t *kiosk, const char *number)
{
    g_autofree char *file = g_strdup_printf ("20261127-%s.bin", number);
    return g_build_filename (kiosk->folder, file, NULL);
}

static void
test_appointment_early (void)
{
    s_kiosk_t *kiosk = s_checkin_kiosk (S_EIGHT_O_CLOCK + 10 * 60);
    gint64 before = s_booking_tickets ();
    s_check_in (kiosk, s_code_keypad, "message");
    g_assert_cmpstr (s_label (kiosk, "message-title"), ==, "还没到签到时间");
    g_assert_cmpstr (s_label (kiosk, "message-detail"), ==,
                     "签到时间为 08:30–09:30，请届时再来");
    g_assert_false (gtk_widget_get_visible (s_find (kiosk, "message-confirm")));
    s_shot (kiosk, "kiosk-checkin-early");

    //  A booking of a later day says which day.
    s_tap (kiosk, "message-back");
    s_tap (kiosk, "appointment-button");
    g_assert_cmpstr (s_entry_text (kiosk), ==, "");
    s_check_in (kiosk, s_code_later_day, "message");
    g_assert_cmpstr (s_label (kiosk, "message-detail"), ==,
                     "您预约的是 2026-11-30 09:00–09:30，签到时间为当天 08:30–09:30，请届时再来");
    //  In English, the same facts.
    s_tap (kiosk, "language-button");
    g_assert_true (s_wait_label (kiosk, "message-detail", "2026-11-30", 2000));
    g_assert_true (s_wait_label (kiosk, "message-detail", "08:30–09:30", 2000));
    g_assert_null (strstr (s_label (kiosk, "message-detail"), "签到"));
    g_assert_cmpint (s_booking_tickets (), ==, before);
    s_checkin_kiosk_free (kiosk);
}

static void
test_appointment_on_time (void)
{
    s_kiosk_t *kiosk = s_checkin_kiosk (S_NINE_O_CLOCK);
    gint64 before = s_booking_tickets ();
    s_keypad_type (kiosk, s_code_keypad);
    g_assert_cmpstr (s_entry_text (kiosk), ==, s_code_keypad);     //  a code is shown as typed
    g_assert_true (s_wait_label (kiosk, "clock", "2026-11-27  09:", 3000));
    s_shot (kiosk, "kiosk-checkin-view");
    s_tap (kiosk, "appointment-checkin");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    g_assert_cmpint (s_booking_tickets (), ==, before + 1);
    g_autofree char *number = db_query (s_booking_server,
        "SELECT t.number FROM booking b JOIN ticket t ON t.id = b.ticket WHERE b.state = 'checked_in'");
    g_assert_nonnull (number);
    g_assert_cmpstr (s_label (kiosk, "ticket-number"), ==, number);
    s_assert_appointment_ticket (kiosk);
    g_autofree char *paper = s_paper (kiosk, number);
    g_assert_true (s_printed_says (paper, "预约 09:00–09:30"));
    g_assert_true (s_printed_says (paper, number));
    s_shot (kiosk, "kiosk-checkin-ticket");
    s_tap (kiosk, "language-button");
    g_assert_true (s_wait_label (kiosk, "ticket-appointment", "Appointment 09:00–09:30", 2000));
    s_tap (kiosk, "ticket-done");
    s_checkin_kiosk_free (kiosk);
}

//  A QR or barcode scanner is a keyboard: it types the digits where the
//  focus is and presses Enter.  The focus is in the entry when the screen
//  comes up, and stays there when a key of the keypad is tapped.
static gboolean
s_entry_focused (gpointer data)
{
    s_kiosk_t *kiosk = data;
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (kiosk->window));
    GtkWidget *entry = s_find (kiosk, "appointment-code");
    return focus && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static void
test_appointment_scanner (void)
{
    s_kiosk_t *kiosk = s_checkin_kiosk (S_NINE_O_CLOCK);
    g_assert_true (gui_wait_until (s_entry_focused, kiosk, 2000));
    s_tap (kiosk, "appointment-key-1");
    s_tap (kiosk, "appointment-key-clear");
    g_assert_true (s_entry_focused (kiosk));
    //  What a keystroke does in the focused text: insert at the cursor;
    //  then Enter, the text's "activate".
    GtkWidget *text = gtk_root_get_focus (GTK_ROOT (kiosk->window));
    g_signal_emit_by_name (text, "insert-at-cursor", s_code_scanner);
    g_assert_cmpstr (s_entry_text (kiosk), ==, s_code_scanner);
    g_signal_emit_by_name (text, "activate");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    s_assert_appointment_ticket (kiosk);
    s_checkin_kiosk_free (kiosk);
}

static void
test_appointment_id_number (void)
{
    s_kiosk_t *kiosk = s_checkin_kiosk (S_NINE_O_CLOCK);
    gint64 before = s_booking_tickets ();
    //  A typo (the check character) is told at once; nothing goes out.
    s_keypad_type (kiosk, "110105194912310021");
    s_tap (kiosk, "appointment-checkin");
    g_assert_cmpstr (kiosk_window_screen (kiosk->window), ==, "appointment");
    g_assert_true (gtk_widget_get_visible (s_find (kiosk, "appointment-error")));
    g_assert_cmpstr (s_label (kiosk, "appointment-error"), ==,
                     "号码校验不通过，请核对是否输错");
    //  Neither a code nor an ID number.
    s_tap (kiosk, "appointment-key-clear");
    g_assert_false (gtk_widget_get_visible (s_find (kiosk, "appointment-error")));
    s_keypad_type (kiosk, "1234");
    s_tap (kiosk, "appointment-checkin");
    g_assert_true (s_wait_label (kiosk, "appointment-error", "8 位预约码", 1000));
    g_assert_cmpint (s_booking_tickets (), ==, before);

    //  The ID number: never on the screen in full.
    s_tap (kiosk, "appointment-key-clear");
    s_keypad_type (kiosk, S_ID_NUMBER);
    g_assert_cmpstr (s_entry_text (kiosk), ==, "110105********002X");
    s_shot (kiosk, "kiosk-checkin-id-number");
    s_tap (kiosk, "appointment-checkin");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    g_assert_cmpint (s_booking_tickets (), ==, before + 1);
    s_assert_appointment_ticket (kiosk);
    //  The number typed is gone from the screen it was typed on.
    g_assert_cmpstr (s_entry_text (kiosk), ==, "");
    s_checkin_kiosk_free (kiosk);
}

static void
test_appointment_unknown (void)
{
    s_kiosk_t *kiosk = s_checkin_kiosk (S_NINE_O_CLOCK);
    gint64 before = s_booking_tickets ();
    s_check_in (kiosk, "00000000", "message");
    g_assert_cmpstr (s_label (kiosk, "message-title"), ==,
                     "未找到该预约，请核对预约码或身份证号");
    g_assert_cmpint (s_booking_tickets (), ==, before);
    s_checkin_kiosk_free (kiosk);
}

static gboolean
s_late_booking_missed (gpointer data)
{
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM booking WHERE code = '%s'"
                                            " AND state = 'noshow'", s_code_late);
    return db_int (s_booking_server, sql) == 1;
}

/* 09:40: the 09:00 slot's check-in closed at 09:30, and the server's sweep
 * has marked the booking a no-show (waited for: the visitor comes after
 * it, as one does in a hall, so the kiosk hears bad_state, not "late"). */
static void
test_appointment_late (void)
{
    s_kiosk_t *kiosk = s_checkin_kiosk (S_NINE_FORTY);
    g_assert_true (gui_wait_until (s_late_booking_missed, NULL, 10000));
    gint64 before = s_booking_tickets ();
    s_check_in (kiosk, s_code_late, "message");
    g_assert_cmpstr (s_label (kiosk, "message-title"), ==, "签到时间已过");
    g_assert_true (s_wait_label (kiosk, "message-detail", "09:00–09:30", 1000));
    g_assert_true (s_wait_label (kiosk, "message-detail", "普通号", 1000));
    GtkWidget *offer = s_find (kiosk, "message-confirm");
    g_assert_true (gtk_widget_get_visible (offer));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (offer)), ==, "取普通号");
    g_assert_cmpint (s_booking_tickets (), ==, before);
    g_assert_true (s_wait_label (kiosk, "clock", "2026-11-27  09:40", 3000));
    s_shot (kiosk, "kiosk-checkin-late");
    s_tap (kiosk, "language-button");
    g_assert_true (s_wait_label (kiosk, "message-title", "Check-in time has passed", 2000));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (offer)), ==, "Take a normal ticket");
    gui_spin (200);
    s_shot (kiosk, "kiosk-checkin-late-en");
    s_tap (kiosk, "language-button");
    //  The offer: a normal ticket of the booking's category.
    s_tap (kiosk, "message-confirm");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    g_assert_cmpint (s_booking_tickets (), ==, before + 1);
    g_autofree char *row = db_query (s_booking_server,
        "SELECT number || '|' || category || '|' || coalesce (appointment_slot, '-') FROM ticket"
        " ORDER BY id DESC LIMIT 1");
    g_test_message ("the normal ticket: %s", row);
    g_autofree char *number = g_strndup (row, strcspn (row, "|"));
    g_assert_true (g_str_has_suffix (row, "|business|-"));
    g_assert_cmpstr (s_label (kiosk, "ticket-number"), ==, number);
    g_assert_false (gtk_widget_get_visible (s_find (kiosk, "ticket-appointment")));
    g_assert_true (s_wait_label (kiosk, "ticket-print", "请取走您的号票", 10000));
    g_autofree char *paper = s_paper (kiosk, number);
    g_assert_true (s_printed_says (paper, number));
    g_assert_false (s_printed_says (paper, "预约"));
    s_checkin_kiosk_free (kiosk);
}

//  A booking already checked in: the visitor is told its ticket.
static void
test_appointment_twice (void)
{
    s_kiosk_t *kiosk = s_checkin_kiosk (S_NINE_FORTY);
    g_autofree char *sql = g_strdup_printf (
        "SELECT t.number FROM booking b JOIN ticket t ON t.id = b.ticket WHERE b.code = '%s'", s_code_keypad);
    g_autofree char *number = db_query (s_booking_server, sql);
    g_assert_nonnull (number);
    gint64 before = s_booking_tickets ();
    s_check_in (kiosk, s_code_keypad, "message");
    g_assert_cmpstr (s_label (kiosk, "message-title"), ==, "该预约已经签到");
    g_assert_true (s_wait_label (kiosk, "message-detail", number, 1000));
    g_assert_cmpint (s_booking_tickets (), ==, before);
    s_checkin_kiosk_free (kiosk);
}

//  A TCP port on 127.0.0.1 where nothing listens: bound, then closed.
static guint16
s_closed_port (void)
{
    g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                               G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
    g_autoptr (GSocketAddress) bound = g_socket_get_local_address (socket, NULL);
    guint16 port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    g_socket_close (socket, NULL);
    return port;
}

//  The printer that returns: a listener on PORT that reads what comes.
typedef struct {
    GSocketService *service;
    GByteArray     *bytes;      //  everything received
    int             connections;
} s_printer_t;

static gboolean
s_printer_incoming (GSocketService *service, GSocketConnection *connection, GObject *source, gpointer data)
{
    s_printer_t *printer = data;
    printer->connections++;
    GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
    guint8 buffer [4096];
    gssize got;
    while ((got = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
        g_byte_array_append (printer->bytes, buffer, got);
    return TRUE;
}

static s_printer_t *
s_printer_listen (guint16 port)
{
    s_printer_t *printer = g_new0 (s_printer_t, 1);
    printer->bytes = g_byte_array_new ();
    printer->service = g_socket_service_new ();
    g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, port);
    g_autoptr (GError) error = NULL;
    g_socket_listener_add_address (G_SOCKET_LISTENER (printer->service), address, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, NULL, NULL, &error);
    g_assert_no_error (error);
    g_signal_connect (printer->service, "incoming", G_CALLBACK (s_printer_incoming), printer);
    g_socket_service_start (printer->service);
    return printer;
}

static void
s_printer_free (s_printer_t *printer)
{
    g_socket_service_stop (printer->service);
    g_socket_listener_close (G_SOCKET_LISTENER (printer->service));
    g_object_unref (printer->service);
    g_byte_array_unref (printer->bytes);
    g_free (printer);
}

static gboolean
s_printer_ok (gpointer data)
{
    return kiosk_controller_printer_state (data) == HALL_PRINTER_OK;
}

static gboolean
s_staff_told (gpointer data)
{
    return kiosk_controller_staff_told (data);
}

//  The kiosk's printer is a closed TCP port: the kiosk's check at start and
//  the failed print reach the server (device.trouble → the open alert
//  printer:DEVICE); only then does the visitor read that staff were told;
//  the number stays with its QR; the status line has no address.  The
//  printer returns: the probe clears the alert, and the next ticket prints.
static void
test_printer_failure (void)
{
    guint16 port = s_closed_port ();
    g_autofree char *spec = g_strdup_printf ("tcp:127.0.0.1:%u", port);
    g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", port);
    const char *open_alert = "SELECT count(*) FROM alert WHERE subject LIKE 'printer:%' AND cleared_at IS NULL";
    gint64 alerts_before = db_int (s_server, "SELECT count(*) FROM alert");

    s_kiosk_t *kiosk = s_kiosk_new (spec, FALSE, 0, -1);
    //  Told at start, before any visitor.
    g_assert_true (gui_wait_until (s_staff_told, kiosk->controller, 10000));
    g_assert_cmpint (db_int (s_server, open_alert), ==, 1);
    g_autofree char *row = db_query (s_server, "SELECT kind || '|' || urgency || '|' || body FROM alert"
                                     " WHERE subject LIKE 'printer:%' AND cleared_at IS NULL");
    g_test_message ("the server's alert: %s", row);
    g_assert_true (g_str_has_prefix (row, "device|critical|printer tcp:127.0.0.1:"));
    g_assert_true (s_wait_label (kiosk, "kiosk-status", "打印机暂时无法使用，工作人员已收到提示", 2000));
    g_assert_null (strstr (gui_label_text (GTK_WIDGET (kiosk->window), "kiosk-status"), address));

    gint64 before = s_tickets ();
    //  The failure is logged with g_warning: expected here, not fatal.
    GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
    s_tap (kiosk, "category-tender");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    g_assert_cmpint (s_tickets (), ==, before + 1);
    g_autofree char *number = db_query (s_server, "SELECT number FROM ticket ORDER BY id DESC LIMIT 1");
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (kiosk->window), "ticket-number"), ==, number);
    g_assert_true (s_wait_label (kiosk, "ticket-print", "未能打印，请记住您的号码；工作人员已收到提示", 10000));
    g_log_set_always_fatal (fatal);
    //  One alert, the same one: the print found what the check had.
    g_assert_cmpint (db_int (s_server, open_alert), ==, 1);
    g_assert_cmpint (db_int (s_server, "SELECT count(*) FROM alert"), ==, alerts_before + 1);
    //  The number stays, with the ticket's QR for the phone.
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (kiosk->window), "ticket-number"), ==, number);
    g_assert_true (gtk_widget_get_mapped (s_find (kiosk, "ticket-qr")));
    g_assert_true (s_wait_label (kiosk, "ticket-qr-text", "扫码", 1000));
    g_assert_null (strstr (gui_label_text (GTK_WIDGET (kiosk->window), "kiosk-status"), address));
    gtk_window_set_default_size (GTK_WINDOW (kiosk->window), 1280, 720);
    gtk_window_unmaximize (GTK_WINDOW (kiosk->window));
    gui_spin (500);
    s_shot (kiosk, "kiosk-printer-trouble");

    //  The printer returns: within a probe (10 s) the alert is cleared.
    s_printer_t *printer = s_printer_listen (port);
    g_assert_true (gui_wait_until (s_printer_ok, kiosk->controller, 15000));
    g_assert_true (s_wait_label (kiosk, "kiosk-status", "设备正常", 3000));
    for (int i = 0; i < 50 && db_int (s_server, open_alert) > 0; i++)
        gui_spin (100);
    g_assert_cmpint (db_int (s_server, open_alert), ==, 0);
    //  And the next ticket prints there.
    s_tap (kiosk, "ticket-done");
    g_assert_true (gui_wait_until (s_kiosk_ready, kiosk, 5000));
    s_tap (kiosk, "category-tender");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    g_assert_true (s_wait_label (kiosk, "ticket-print", "请取走您的号票", 10000));
    for (int i = 0; i < 20 && printer->bytes->len == 0; i++)
        gui_spin (100);
    g_test_message ("the printer read %u bytes in %d connections", printer->bytes->len, printer->connections);
    g_assert_cmpuint (printer->bytes->len, >, 100);
    s_kiosk_free (kiosk);
    s_printer_free (printer);
}

static gboolean
s_offline (gpointer data)
{
    return !kiosk_controller_online (data);
}

static void
test_offline (void)
{
    //  Short tries, so the timeout comes within the test's budget.
    s_kiosk_t *kiosk = s_kiosk_new (NULL, FALSE, 400, 2);
    gint64 before = s_tickets ();
    server_kill (s_server, SIGTERM);
    //  At once: the kiosk does not know yet; the request times out.
    s_tap (kiosk, "category-general");
    g_assert_true (s_wait_screen (kiosk, "message", 10000));
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (kiosk->window), "message-title"), ==,
                     "暂时无法取号，请稍候或到服务台咨询");
    g_assert_cmpint (s_files_in (kiosk->folder), ==, 0);
    //  Later: the kiosk knows it is offline and says so before any tap.
    s_tap (kiosk, "message-back");
    g_assert_true (gui_wait_until (s_offline, kiosk->controller, 8000));
    gui_spin (100);
    GtkWidget *banner = s_find (kiosk, "offline-banner");
    g_assert_true (gtk_widget_get_visible (banner));
    g_assert_false (gtk_widget_get_sensitive (s_find (kiosk, "category-general")));
    s_shot (kiosk, "kiosk-offline");
    s_tap (kiosk, "category-general");
    g_assert_cmpstr (kiosk_window_screen (kiosk->window), ==, "message");
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (kiosk->window), "message-title"), ==,
                     "暂时无法取号，请稍候或到服务台咨询");
    g_assert_cmpint (s_tickets (), ==, before);
    g_assert_cmpint (s_files_in (kiosk->folder), ==, 0);
    s_kiosk_free (kiosk);
}

#ifdef __SANITIZE_ADDRESS__
//  Leaks in the libraries, not ours (as in tests/unit/test-ticket.c):
//  fontconfig's global configuration, loaded once by pango's font thread.
//  Matching it needs whole stacks: the fast unwinder stops in libraries
//  built without frame pointers.
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
    return "leak:FcInitLoadConfigAndFonts\n"
           "leak:libfontconfig.so\n";
}
#endif

//  2027-12-31 16:30 UTC, while this process's zone is UTC (main): the hall
//  (Asia/Shanghai) is at 00:30 on New Year's Day.  The folder printer names
//  the file with the hall's day and the ticket prints the hall's date.
static void
test_folder_printer_hall_day (void)
{
    server_t *day_server = server_start (NULL, 1830270600);
    server_t *saved = s_server;
    s_server = day_server;
    s_staff_all (day_server);
    s_kiosk_t *kiosk = s_kiosk_new (NULL, FALSE, 0, -1);
    s_tap (kiosk, "category-business");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    g_assert_true (s_wait_label (kiosk, "ticket-print", "请取走您的号票", 20000));
    g_autofree char *path = g_build_filename (kiosk->folder, "20280101-A001.bin", NULL);
    g_autofree char *bytes = NULL;
    gsize length = 0;
    if (!g_file_get_contents (path, &bytes, &length, NULL)) {
        g_autoptr (GString) names = g_string_new (NULL);
        GDir *dir = g_dir_open (kiosk->folder, 0, NULL);
        for (const char *name; dir && (name = g_dir_read_name (dir)); )
            g_string_append_printf (names, " %s", name);
        if (dir)
            g_dir_close (dir);
        g_error ("no %s; the folder has:%s", path, names->str);
    }
    g_autofree char *date = g_convert ("2028年1月1日 00:30", -1, "GB18030", "UTF-8", NULL, NULL, NULL);
    g_assert_nonnull (date);
    g_assert_nonnull (memmem (bytes, length, date, strlen (date)));
    s_kiosk_free (kiosk);
    s_server = saved;
    server_free (day_server);
}

//  The wait on the kiosk's button is the server's own estimate (one rule,
//  common/estimate.h), also when services have been shorter than a minute:
//  the server then counts a minute each, and so must the button.
static gboolean
s_kiosk_sees_waiting (gpointer data)
{
    int waiting = 0;
    kiosk_controller_category_wait (data, "business", &waiting);
    return waiting == 2;
}

static void
test_wait_is_the_servers (void)
{
    server_t *day_server = server_start (NULL, S_START_TIME);
    server_t *saved = s_server;
    s_server = day_server;
    g_free (hallctl_ok (day_server, "signin", "1", "1001", NULL));
    g_free (hallctl_ok (day_server, "issue", "business", NULL));
    g_free (hallctl_ok (day_server, "call", "1", NULL));
    g_free (hallctl_ok (day_server, "start", "1", NULL));
    g_free (hallctl_ok (day_server, "clock", "--advance", "10", NULL));
    g_free (hallctl_ok (day_server, "finish", "1", NULL));       //  a 10-second service
    g_free (hallctl_ok (day_server, "issue", "business", NULL));
    g_free (hallctl_ok (day_server, "issue", "business", NULL));
    s_kiosk_t *kiosk = s_kiosk_new (NULL, FALSE, 0, -1);
    g_assert_true (gui_wait_until (s_kiosk_sees_waiting, kiosk->controller, 20000));
    hall_estimate_t shown = kiosk_controller_category_wait (kiosk->controller, "business", NULL);
    //  The server's estimate for the next ticket: the status operation.
    hall_session_t *admin = hall_session_new (day_server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    hall_reply_t reply;
    g_assert_cmpint (hall_session_call (admin, HALL_OP_STATUS, NULL, &reply), ==, HALL_OK);
    hall_estimate_t server_wait = { 0 };
    size_t i;
    json_t *category;
    json_array_foreach (json_object_get (reply.result, "categories"), i, category)
        if (g_strcmp0 (json_string_value (json_object_get (category, "code")), "business") == 0)
            server_wait = hall_estimate_get (category);
    hall_reply_clear (&reply);
    hall_session_destroy (&admin);
    g_test_message ("kiosk shows %" G_GINT64_FORMAT " s (%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT "), "
                    "the server estimates %" G_GINT64_FORMAT " s (%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT ")",
                    shown.wait, shown.low, shown.high, server_wait.wait, server_wait.low, server_wait.high);
    g_assert_cmpint (shown.open, ==, server_wait.open);
    g_assert_cmpint (shown.wait, ==, server_wait.wait);
    g_assert_cmpint (shown.low, ==, server_wait.low);
    g_assert_cmpint (shown.high, ==, server_wait.high);
    g_assert_cmpint (shown.wait, >=, 2 * 60 / 8);     //  a minute each, over at most 8 windows
    s_kiosk_free (kiosk);
    s_server = saved;
    server_free (day_server);
}

//  No window can serve the category (nobody signed in): the button, the
//  question before issuing, the ticket screen and the paper promise no
//  wait.  A clerk signs in: all of them show the server's band, the same
//  one.  Pausing the last window takes the promise back.
static gboolean
s_kiosk_sees_open (gpointer data)
{
    return kiosk_controller_category_wait (data, "business", NULL).open > 0;
}

static void
test_no_window_promises_nothing (void)
{
    server_t *day_server = server_start (NULL, S_START_TIME);
    server_t *saved = s_server;
    s_server = day_server;
    g_free (hallctl_ok (day_server, "issue", "business", NULL));
    s_kiosk_t *kiosk = s_kiosk_new (NULL, FALSE, 0, -1);
    g_assert_true (s_wait_label (kiosk, "category-load-business", "等待 1 人 · 暂无窗口办理", 10000));
    s_tap (kiosk, "category-business");
    g_assert_true (s_wait_screen (kiosk, "message", 5000));
    g_assert_true (s_wait_label (kiosk, "message-title", "当前暂无窗口办理此业务", 2000));
    g_assert_cmpint (db_int (day_server, "SELECT count(*) FROM ticket"), ==, 1);    //  asked, not issued
    s_shot (kiosk, "kiosk-no-window-ask");
    s_tap (kiosk, "message-confirm");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    g_assert_true (s_wait_label (kiosk, "ticket-wait", "当前暂无窗口办理此业务，请咨询服务台", 2000));
    g_assert_true (s_wait_label (kiosk, "ticket-print", "请取走您的号票", 20000));
    g_autofree char *paper = g_build_filename (kiosk->folder, "20261127-A002.bin", NULL);
    g_assert_true (s_printed_says (paper, "当前暂无窗口办理此业务，请咨询服务台"));

    //  A clerk at window 1 (business): the band, the same on the button,
    //  the screen and the paper as the server's reply gives it.
    g_free (hallctl_ok (day_server, "signin", "1", "1001", NULL));
    g_assert_true (gui_wait_until (s_kiosk_sees_open, kiosk->controller, 10000));
    hall_estimate_t shown = kiosk_controller_category_wait (kiosk->controller, "business", NULL);
    g_autofree char *shown_text = kiosk_text_wait (shown);
    g_test_message ("kiosk shows: %s", shown_text);
    g_assert_null (strstr (shown_text, "暂无"));
    s_tap (kiosk, "ticket-done");
    g_assert_true (s_wait_screen (kiosk, "start", 5000));
    s_tap (kiosk, "category-business");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    g_assert_true (s_wait_label (kiosk, "ticket-number", "A003", 5000));
    g_assert_true (s_wait_label (kiosk, "ticket-wait", shown_text, 2000));
    g_assert_true (s_wait_label (kiosk, "ticket-print", "请取走您的号票", 20000));
    g_autofree char *paper3 = g_build_filename (kiosk->folder, "20261127-A003.bin", NULL);
    g_assert_true (s_printed_says (paper3, shown_text));
    s_tap (kiosk, "ticket-done");

    //  The last window of the category pauses: no promise again.
    g_free (hallctl_ok (day_server, "pause", "1", NULL));
    g_assert_true (s_wait_label (kiosk, "category-load-business", "暂无窗口办理", 10000));
    s_kiosk_free (kiosk);
    s_server = saved;
    server_free (day_server);
}

/* ---- journeys (一件事) ---------------------------------------------------- */

/* Four categories and the journey through them: business first, then seal
 * and social (optional) in any order, then bank (optional).  Nobody is
 * signed in at first: no window serves business. */
static const char *s_journey_hall =
    "[hall]\nname=示范县政务服务中心\nname_en=Demo County Service Center\ntimezone=Asia/Shanghai\n"
    "[category business]\nprefix=A\nname=企业登记\nname_en=Company registration\n"
    "[category seal]\nprefix=B\nname=印章刻制\nname_en=Seal engraving\n"
    "[category social]\nprefix=C\nname=社保登记\nname_en=Social insurance\n"
    "[category bank]\nprefix=D\nname=银行开户\nname_en=Bank account\n"
    "[journey kaiban]\nname=企业开办一件事\nname_en=Starting a business\n"
    "steps=business; seal, social?; bank?\n"
    "[window 1]\nprimary=business\n"
    "[window 2]\nprimary=seal;social;bank\n"
    "[staff 1001]\nname=王芳\n"
    "[staff 1002]\nname=李强\n";

#define S_KAIBAN_ROUTE "企业登记 → 印章刻制、社保登记（可选） → 银行开户（可选）"

static server_t *s_journey_server;

//  Today's ticket NUMBER as the server tells it (ticket.find).
static json_t *
s_find_ticket (const char *number)
{
    hall_reply_t reply;
    s_admin_call (s_journey_server, HALL_OP_TICKET_FIND, json_pack ("{s:s}", "number", number), &reply);
    json_t *ticket = json_incref (json_object_get (reply.result, "ticket"));
    hall_reply_clear (&reply);
    g_assert_nonnull (ticket);
    return ticket;
}

static s_kiosk_t *
s_journey_kiosk (void)
{
    server_t *saved = s_server;
    s_server = s_journey_server;
    s_use (s_journey_server);
    s_kiosk_t *kiosk = s_kiosk_new (NULL, FALSE, 0, -1);
    s_server = saved;
    return kiosk;
}

//  The journey ticket on screen is at its first step and has printed,
//  which the paper says too.
static void
s_assert_first_step (s_kiosk_t *kiosk, const char *number)
{
    g_assert_cmpstr (s_label (kiosk, "ticket-number"), ==, number);
    g_assert_cmpstr (s_label (kiosk, "ticket-category"), ==, "企业开办一件事");
    g_assert_true (gtk_widget_get_visible (s_find (kiosk, "ticket-journey-step")));
    g_assert_cmpstr (s_label (kiosk, "ticket-journey-step"), ==, "第 1 步 / 共 4 步：企业登记");
    g_assert_true (s_wait_label (kiosk, "ticket-journey-route",
                                 "办理流程：企业登记（当前） → 印章刻制、社保登记（可选） → 银行开户（可选）\n"
                                 "同一行的事项不分先后", 1000));
    g_assert_true (s_wait_label (kiosk, "ticket-print", "请取走您的号票", 20000));
    g_autofree char *paper = s_paper (kiosk, number);
    g_assert_true (s_printed_says (paper, number));
    g_assert_true (s_printed_says (paper, "企业开办一件事"));
    g_assert_true (s_printed_says (paper, "第 1 步 / 共 4 步：企业登记"));
    g_assert_true (s_printed_says (paper, "办理流程"));
    g_assert_true (s_printed_says (paper, "企业登记（当前）\n→ 印章刻制、社保登记（可选）\n→ 银行开户（可选）"));
    g_assert_true (s_printed_says (paper, "同一行的事项不分先后"));
    //  The server's ticket is the journey's, at its first step.
    json_t *ticket = s_find_ticket (number);
    json_t *journey = json_object_get (ticket, "journey");
    g_assert_cmpstr (json_string_value (json_object_get (journey, "code")), ==, "kaiban");
    g_assert_cmpint (json_integer_value (json_object_get (journey, "step")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (journey, "of")), ==, 4);
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "category")), ==, "business");
    json_decref (ticket);
}

static void
test_journey_button_and_ticket (void)
{
    s_kiosk_t *kiosk = s_journey_kiosk ();
    g_assert_true (s_wait_label (kiosk, "journey-name-kaiban", "企业开办一件事", 5000));
    g_assert_cmpstr (s_label (kiosk, "journey-route-kaiban"), ==, S_KAIBAN_ROUTE);
    g_assert_true (s_wait_label (kiosk, "journey-load-kaiban", "暂无窗口办理", 5000));

    //  No window serves its first step: asked, as for a category.
    s_tap (kiosk, "journey-kaiban");
    g_assert_true (s_wait_screen (kiosk, "message", 5000));
    g_assert_cmpstr (s_label (kiosk, "message-title"), ==, "当前暂无窗口办理此业务");
    g_assert_cmpint (db_int (s_journey_server, "SELECT count(*) FROM ticket"), ==, 0);
    s_tap (kiosk, "message-confirm");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    g_assert_cmpint (db_int (s_journey_server, "SELECT count(*) FROM ticket"), ==, 1);
    s_assert_first_step (kiosk, "A001");
    s_tap (kiosk, "ticket-done");

    //  Clerks at both windows: a tap issues at once, the wait promised.
    g_free (hallctl_ok (s_journey_server, "signin", "1", "1001", NULL));
    g_free (hallctl_ok (s_journey_server, "signin", "2", "1002", NULL));
    g_assert_true (s_wait_label (kiosk, "journey-load-kaiban", "等待 1 人", 10000));
    g_assert_true (s_wait_label (kiosk, "clock", "2026-11-27  09:", 3000));
    s_shot (kiosk, "kiosk-journey-start");
    s_tap (kiosk, "journey-kaiban");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    g_assert_cmpint (db_int (s_journey_server, "SELECT count(*) FROM ticket"), ==, 2);
    s_assert_first_step (kiosk, "A002");
    g_assert_true (s_wait_label (kiosk, "ticket-ahead", "你前面还有 1 人在等待", 1000));
    s_shot (kiosk, "kiosk-journey-ticket");

    //  In English, the same facts.
    s_tap (kiosk, "language-button");
    g_assert_true (s_wait_label (kiosk, "ticket-category", "Starting a business", 2000));
    g_assert_cmpstr (s_label (kiosk, "ticket-journey-step"), ==, "Step 1 of 4: Company registration");
    g_assert_true (s_wait_label (kiosk, "ticket-journey-route",
                                 "Your steps: Company registration (current) → Seal engraving, Social insurance"
                                 " (optional) → Bank account (optional)", 1000));
    g_assert_null (strstr (s_label (kiosk, "ticket-journey-route"), "可选"));
    s_tap (kiosk, "ticket-done");
    g_assert_true (s_wait_label (kiosk, "journey-route-kaiban",
                                 "Company registration → Seal engraving, Social insurance (optional)"
                                 " → Bank account (optional)", 2000));
    g_assert_true (s_wait_label (kiosk, "journey-name-kaiban", "Starting a business", 2000));
    gui_spin (200);
    s_shot (kiosk, "kiosk-journey-start-en");
    s_tap (kiosk, "language-button");
    s_tap (kiosk, "large-button");
    g_assert_true (s_wait_label (kiosk, "journey-route-kaiban", S_KAIBAN_ROUTE, 2000));
    gui_spin (300);
    s_shot (kiosk, "kiosk-journey-start-large");
    s_kiosk_free (kiosk);
    s_use (s_server);
}

//  A slip printed from the ticket once its first step is done (a reprint
//  at the desk, hallctl) says the step it is on and the one done.
static void
test_journey_slip_follows_the_ticket (void)
{
    s_use (s_journey_server);
    g_free (hallctl_ok (s_journey_server, "call", "1", NULL));
    g_free (hallctl_ok (s_journey_server, "start", "1", NULL));
    g_free (hallctl_ok (s_journey_server, "finish", "1", NULL));
    json_t *ticket = s_find_ticket ("A001");
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "state")), ==, "waiting");
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "category")), ==, "seal");
    hall_reply_t reply;
    s_admin_call (s_journey_server, HALL_OP_SNAPSHOT, NULL, &reply);
    json_t *categories = json_object_get (reply.result, "categories");
    json_t *result = json_pack ("{s:O}", "ticket", ticket);
    hall_ticket_print_t *slip = hall_ticket_print_from_issue (result, json_object_get (reply.result, "hall"),
                                                              NULL, NULL);
    hall_ticket_print_set_journey (slip, slip->journey, categories);
    g_autofree char *step = hall_ticket_print_journey_step_text (slip, FALSE);
    g_assert_cmpstr (step, ==, "第 2 步 / 共 4 步：印章刻制");
    g_autoptr (GError) error = NULL;
    GByteArray *bytes = hall_ticket_print_escpos (slip, HALL_TICKET_PAPER_58MM, FALSE, &error);
    g_assert_no_error (error);
    g_autofree char *path = g_build_filename (s_tmp, "journey-step-2.bin", NULL);
    g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, NULL));
    g_assert_true (s_printed_says (path, "第 2 步 / 共 4 步：印章刻制"));
    g_assert_true (s_printed_says (path, "企业登记（已办）"));
    g_assert_true (s_printed_says (path, "印章刻制（当前）"));
    g_assert_false (s_printed_says (path, "企业登记（当前）"));
    g_byte_array_unref (bytes);
    //  The same slip as a picture, to look at.
    const char *build = g_getenv ("HALL_BUILD");
    g_autofree char *png = g_build_filename (build && *build ? build : "build", "test-output",
                                             "kiosk-journey-slip-step-2.png", NULL);
    g_assert_true (hall_ticket_print_png (slip, png, &error));
    hall_ticket_print_destroy (&slip);
    //  The service desk reprints it (hallctl reprint): the same step, the
    //  first slip's link.
    g_autofree char *reprint = g_build_filename (build && *build ? build : "build", "test-output",
                                                 "hallctl-reprint-step-2.png", NULL);
    g_autofree char *said = hallctl_ok (s_journey_server, "reprint", "A001", "--png", reprint, NULL);
    g_assert_cmpstr (said, ==, "A001");
    g_assert_true (g_file_test (reprint, G_FILE_TEST_IS_REGULAR));
    json_decref (result);
    json_decref (ticket);
    hall_reply_clear (&reply);
    s_use (s_server);
}

/* ---- screens that fit (issue 18) --------------------------------------- */

//  The tests of size run on a demo hall of their own (the tests before
//  them stop and restart servers), every window staffed.
static server_t *
s_fit_hall_start (void)
{
    server_t *saved = s_server;
    s_server = server_start (NULL, S_START_TIME);
    s_use (s_server);
    s_staff_all (s_server);
    return saved;
}

static void
s_fit_hall_free (server_t *saved)
{
    server_free (s_server);
    s_server = saved;
    s_use (s_server);
}

//  gui_fit_problems for the kiosk's window at WIDTH×HEIGHT, asserted.
static void
s_assert_fits (s_kiosk_t *kiosk, int width, int height, const char *what)
{
    g_autofree char *problems = gui_fit_problems (GTK_WINDOW (kiosk->window), width, height);
    g_test_message ("%s at %d×%d: %s", what, width, height, problems ? problems : "fits");
    g_assert_null (problems);
}

//  Whether the button NAME is wholly in sight in the window, no scrolling.
static void
s_assert_in_sight (s_kiosk_t *kiosk, const char *name)
{
    graphene_rect_t bounds;
    GtkWidget *window = GTK_WIDGET (kiosk->window);
    g_assert_true (gtk_widget_compute_bounds (s_find (kiosk, name), window, &bounds));
    GtkWidget *footer = gtk_widget_get_parent (s_find (kiosk, "kiosk-status"));
    graphene_rect_t below;
    g_assert_true (gtk_widget_compute_bounds (footer, window, &below));
    if (bounds.origin.y < 0 || bounds.origin.y + bounds.size.height > below.origin.y + 0.5f)
        g_error ("%s at %.0f,%.0f %.0f×%.0f is not in sight above the status line at %.0f", name,
                 bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height, below.origin.y);
}

//  The screen on show fits WIDTH×HEIGHT; WHAT and PRINT (", English",
//  ", large" or "") name it in the log; in normal print its button
//  IN_SIGHT (if any) is in sight; a screenshot SHOT-SUFFIX when SHOT.
static void
s_assert_screen_fits (s_kiosk_t *kiosk, int width, int height, const char *what, const char *print,
                      const char *in_sight, const char *shot, const char *suffix)
{
    g_autofree char *title = g_strconcat (what, print, NULL);
    s_assert_fits (kiosk, width, height, title);
    if (in_sight && !strstr (print, "large"))
        s_assert_in_sight (kiosk, in_sight);
    if (shot) {
        g_autofree char *name = g_strconcat (shot, suffix, NULL);
        s_shot (kiosk, name);
    }
}

//  The start, check-in, staff (PIN, green channel) and ticket screens at
//  each screen's size, normal
//  and large print: every visible control inside the window, no text cut
//  (what does not fit scrolls, but in normal print the screen's main
//  button is in sight); screenshots at 1280×720 and portrait.  The status
//  line never names the printer's address.
static void
test_fits (void)
{
    const struct { int width, height; gboolean portrait, english; const char *shot; } sizes [] = {
        { 1280, 720, FALSE, FALSE, "kiosk-fit-1280x720" }, { 1366, 768, FALSE, FALSE, NULL },
        { 1920, 1080, FALSE, FALSE, NULL }, { 1080, 1920, TRUE, FALSE, "kiosk-fit-portrait" },
        { 1280, 720, FALSE, TRUE, "kiosk-fit-1280x720-en" }, { 1080, 1920, TRUE, TRUE, NULL },
    };
    server_t *saved = s_fit_hall_start ();
    for (size_t i = 0; i < G_N_ELEMENTS (sizes); i++)
        for (int large = 0; large <= 1; large++) {
            s_kiosk_t *kiosk = s_kiosk_new (NULL, sizes [i].portrait, 0, -1);
            kiosk_window_set_large (kiosk->window, large);
            kiosk_window_set_english (kiosk->window, sizes [i].english);
            gui_spin (300);
            int width = sizes [i].width, height = sizes [i].height;
            const char *print = sizes [i].english ? (large ? ", English, large" : ", English")
                                                  : large ? ", large" : "";
            g_autofree char *shot = sizes [i].shot ? g_strdup_printf ("%s%s", sizes [i].shot,
                                                                      large ? "-large" : "") : NULL;
            s_assert_screen_fits (kiosk, width, height, "start", print, NULL, shot, "");
            g_assert_null (strstr (gui_label_text (GTK_WIDGET (kiosk->window), "kiosk-status"), "folder:"));
            s_tap (kiosk, "appointment-button");
            g_assert_true (s_wait_screen (kiosk, "appointment", 2000));
            gui_spin (200);
            s_assert_screen_fits (kiosk, width, height, "check-in", print, "appointment-checkin",
                                  shot, "-checkin");
            s_tap (kiosk, "appointment-back");
            g_assert_true (gui_wait_until (s_kiosk_ready, kiosk, 5000));
            //  The staff's PIN and green-channel form.
            s_tap (kiosk, "staff-button");
            gui_spin (200);
            s_assert_screen_fits (kiosk, width, height, "staff PIN", print, "staff-pin-ok", NULL, NULL);
            s_enter_staff_pin (kiosk);
            s_assert_screen_fits (kiosk, width, height, "green channel", print, "green-issue", shot, "-green");
            s_tap (kiosk, "green-back");
            g_assert_true (gui_wait_until (s_kiosk_ready, kiosk, 5000));
            s_tap (kiosk, "category-general");
            g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
            g_assert_true (s_wait_label (kiosk, "ticket-print", sizes [i].english ? "Please take your ticket"
                                                                                  : "请取走您的号票", 10000));
            s_assert_screen_fits (kiosk, width, height, "ticket", print, "ticket-done", shot, "-ticket");
            s_kiosk_free (kiosk);
        }
    s_fit_hall_free (saved);
}

//  The size of the font LABEL is drawn in, in Pango units.
static int
s_font_size (GtkWidget *label)
{
    PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (label));
    const PangoFontDescription *font = pango_context_get_font_description (pango_layout_get_context (layout));
    return pango_font_description_get_size (font);
}

//  大字模式 draws the visitor's words at 1.5 times the size at least: the
//  font sizes of the start screen's and the check-in screen's texts,
//  normal and large, and the heights of one-line labels; on a 1920×1080
//  and on a short 1280×720 screen.
static void
test_large_print (void)
{
    const char *names [] = { "start-prompt", "category-name-business", "category-load-business",
                             "start-hint", "appointment-button", "staff-button",
                             "appointment-title", "appointment-back" };
    const char *one_line [] = { "start-prompt", "category-load-business", "appointment-title" };
    const int screens [][2] = { { 1920, 1080 }, { 1280, 720 } };
    server_t *saved = s_fit_hall_start ();
    s_kiosk_t *kiosk = s_kiosk_new (NULL, FALSE, 0, -1);
    for (size_t k = 0; k < G_N_ELEMENTS (screens); k++) {
        int sizes [2][G_N_ELEMENTS (names)], heights [2][G_N_ELEMENTS (names)];
        for (int large = 0; large <= 1; large++) {
            kiosk_window_set_large (kiosk->window, large);
            g_free (gui_fit_problems (GTK_WINDOW (kiosk->window), screens [k][0], screens [k][1]));
            gui_spin (300);
            for (size_t n = 0; n < G_N_ELEMENTS (names); n++) {
                if (g_str_equal (names [n], "appointment-title")) {
                    s_tap (kiosk, "appointment-button");
                    gui_spin (300);
                }
                GtkWidget *widget = s_find (kiosk, names [n]);
                if (GTK_IS_BUTTON (widget))
                    widget = gtk_button_get_child (GTK_BUTTON (widget));
                g_assert_true (GTK_IS_LABEL (widget));
                sizes [large][n] = s_font_size (widget);
                heights [large][n] = gtk_widget_get_height (widget);
            }
            s_tap (kiosk, "appointment-back");
            gui_spin (200);
        }
        for (size_t n = 0; n < G_N_ELEMENTS (names); n++) {
            double ratio = (double) sizes [1][n] / sizes [0][n];
            g_test_message ("%d×%d %s: font %.1f → %.1f (×%.2f), height %d → %d px (×%.2f)",
                            screens [k][0], screens [k][1], names [n],
                            sizes [0][n] / (double) PANGO_SCALE, sizes [1][n] / (double) PANGO_SCALE,
                            ratio, heights [0][n], heights [1][n], (double) heights [1][n] / heights [0][n]);
            g_assert_cmpfloat (ratio, >=, 1.5);
            //  One-line labels grow with their font (the line box rounds).
            for (size_t o = 0; o < G_N_ELEMENTS (one_line); o++)
                if (g_str_equal (names [n], one_line [o]))
                    g_assert_cmpfloat ((double) heights [1][n] / heights [0][n], >=, 1.45);
        }
    }
    s_kiosk_free (kiosk);
    s_fit_hall_free (saved);
}

//  Every control of the start, check-in, staff PIN, green-channel and
//  ticket screens has an accessible name over AT-SPI (issue 18): the test
//  runs again in a subprocess with GTK's bridge on, where
//  tests/tools/a11y-check.py walks this process's tree on each screen.
static void
test_accessible_names (void)
{
    if (!gui_a11y_bridge_on ()) {
        gui_a11y_run_in_subprocess ();
        return;
    }
    server_t *saved = s_fit_hall_start ();
    s_kiosk_t *kiosk = s_kiosk_new (NULL, FALSE, 0, -1);
    gui_a11y_assert_named ("start");
    s_tap (kiosk, "appointment-button");
    g_assert_true (s_wait_screen (kiosk, "appointment", 2000));
    gui_spin (200);
    gui_a11y_assert_named ("check-in");
    s_tap (kiosk, "appointment-back");
    g_assert_true (gui_wait_until (s_kiosk_ready, kiosk, 5000));
    s_tap (kiosk, "staff-button");
    gui_spin (200);
    gui_a11y_assert_named ("staff PIN");
    s_enter_staff_pin (kiosk);
    gui_a11y_assert_named ("green channel");
    s_tap (kiosk, "green-back");
    g_assert_true (gui_wait_until (s_kiosk_ready, kiosk, 5000));
    s_tap (kiosk, "category-general");
    g_assert_true (s_wait_screen (kiosk, "ticket", 10000));
    gui_spin (200);
    gui_a11y_assert_named ("ticket");
    s_kiosk_free (kiosk);
    s_fit_hall_free (saved);
}

int
main (int argc, char *argv [])
{
    //  This machine is on UTC, the hall on Asia/Shanghai: a date from the
    //  machine's zone shows (test_folder_printer_hall_day).
    g_setenv ("TZ", "UTC", TRUE);
    tzset ();
    g_test_init (&argc, &argv, NULL);
    gui_a11y_prepare ();
    gtk_init ();
    const char *build = g_getenv ("HALL_BUILD");
    g_autofree char *locale = g_build_filename (build && *build ? build : "build", "locale", NULL);
    if (!g_getenv ("HALL_LOCALEDIR"))
        g_setenv ("HALL_LOCALEDIR", locale, TRUE);
    kiosk_text_init (NULL);
    s_tmp = g_dir_make_tmp ("test-gui-kiosk-XXXXXX", NULL);
    s_server = server_start (NULL, S_START_TIME);
    s_staff_all (s_server);
    g_test_add_func ("/kiosk/tap-issues-one", test_tap_issues_one);
    g_test_add_func ("/kiosk/screenshots", test_screenshots);
    g_test_add_func ("/kiosk/green-channel", test_green_channel);
    s_booking_hall_start ();
    //  In this order: the booking hall's clock goes from 08:10 to 09:40.
    g_test_add_func ("/kiosk/appointment/early", test_appointment_early);
    g_test_add_func ("/kiosk/appointment/on-time-by-code", test_appointment_on_time);
    g_test_add_func ("/kiosk/appointment/scanner-types-the-code", test_appointment_scanner);
    g_test_add_func ("/kiosk/appointment/id-number-masked", test_appointment_id_number);
    g_test_add_func ("/kiosk/appointment/unknown-code", test_appointment_unknown);
    g_test_add_func ("/kiosk/appointment/late-offers-a-ticket", test_appointment_late);
    g_test_add_func ("/kiosk/appointment/second-check-in-names-the-ticket", test_appointment_twice);
    g_test_add_func ("/kiosk/printer-failure", test_printer_failure);
    g_test_add_func ("/kiosk/offline", test_offline);
    g_test_add_func ("/kiosk/folder-printer-hall-day", test_folder_printer_hall_day);
    g_test_add_func ("/kiosk/wait-is-the-servers", test_wait_is_the_servers);
    g_test_add_func ("/kiosk/no-window-promises-nothing", test_no_window_promises_nothing);
    s_journey_server = server_start (s_journey_hall, S_START_TIME);
    s_use (s_server);
    g_test_add_func ("/kiosk/journey/button-and-ticket", test_journey_button_and_ticket);
    g_test_add_func ("/kiosk/journey/slip-follows-the-ticket", test_journey_slip_follows_the_ticket);
    g_test_add_func ("/kiosk/large-print-is-1.5x", test_large_print);
    g_test_add_func ("/kiosk/fits", test_fits);
    g_test_add_func ("/kiosk/accessible-names", test_accessible_names);
    int rc = g_test_run ();
    server_free (s_journey_server);
    s_booking_hall_free ();
    server_free (s_server);
    s_rmtree (s_tmp);
    g_free (s_tmp);
    kiosk_text_shutdown ();
    pango_cairo_font_map_set_default (NULL);
    return rc;
}
