/*  kiosk-main.c — hall-kiosk: the ticket kiosk.
 *
 *    hall-kiosk [--server EP] [--events EP] [--printer SPEC] [--paper 58|80]
 *               [--no-native-qr] [--status-url BASE] [--portrait] [--fullscreen]
 *               [--idle-timeout S] [--staff-pin PIN] [--english]
 *    hall-kiosk --print-test [--printer SPEC] [--paper 58|80] [--no-native-qr]
 *
 *  --printer defaults to folder:$XDG_STATE_HOME/hall-kiosk/tickets (one
 *  file per ticket).  The QR code on a ticket holds BASE + DAY/NUMBER,
 *  where BASE is --status-url, else the hall's status_url from the server,
 *  else the placeholder https://hall.example/t/.  --print-test prints a
 *  sample ticket to the printer and exits 0, or 1 with the reason.
 */
#define G_LOG_DOMAIN "kiosk"
#include "i18n.h"
#include "gui-renderer.h"
#include "kiosk-controller.h"
#include "kiosk-text.h"
#include "kiosk-window.h"

#include <stdio.h>

static char    *s_server;
static char    *s_events;
static char    *s_printer;
static int      s_paper = 80;
static gboolean s_no_native_qr;
static char    *s_status_url;
static gboolean s_portrait;
static gboolean s_fullscreen;
static int      s_idle_timeout = 30;
static char    *s_staff_pin;
static gboolean s_english;
static gboolean s_print_test;

static GOptionEntry s_entries [] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &s_server, N_("请求端点（默认 tcp://127.0.0.1:5570）"), "EP" },
    { "events", 0, 0, G_OPTION_ARG_STRING, &s_events, N_("事件端点（默认 tcp://127.0.0.1:5571）"), "EP" },
    { "printer", 0, 0, G_OPTION_ARG_STRING, &s_printer,
      N_("打印机：folder:DIR、tcp:HOST:PORT、file:DEVICE 或 cups:QUEUE"), "SPEC" },
    { "paper", 0, 0, G_OPTION_ARG_INT, &s_paper, N_("纸宽 58 或 80 毫米"), "58|80" },
    { "no-native-qr", 0, 0, G_OPTION_ARG_NONE, &s_no_native_qr, N_("打印机不支持原生二维码：以图像打印"), NULL },
    { "status-url", 0, 0, G_OPTION_ARG_STRING, &s_status_url, N_("号票二维码的网址前缀"), "BASE" },
    { "portrait", 0, 0, G_OPTION_ARG_NONE, &s_portrait, N_("竖屏 1080×1920"), NULL },
    { "fullscreen", 0, 0, G_OPTION_ARG_NONE, &s_fullscreen, N_("全屏"), NULL },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &s_idle_timeout, N_("无操作多少秒后回到首页（默认 30）"), "S" },
    { "staff-pin", 0, 0, G_OPTION_ARG_STRING, &s_staff_pin, N_("绿色通道工作人员密码（演示默认 0000）"), "PIN" },
    { "english", 0, 0, G_OPTION_ARG_NONE, &s_english, N_("以英文启动"), NULL },
    { "print-test", 0, 0, G_OPTION_ARG_NONE, &s_print_test, N_("打印一张测试号票后退出"), NULL },
    { NULL }
};

static KioskController *s_controller;

static void
s_activate (GtkApplication *app, gpointer user)
{
    kiosk_window_options_t options = {
        .portrait = s_portrait, .fullscreen = s_fullscreen, .idle_timeout = s_idle_timeout,
        .staff_pin = s_staff_pin, .english = s_english
    };
    KioskWindow *window = kiosk_window_new (app, s_controller, &options);
    gtk_window_present (GTK_WINDOW (window));
}

static char *
s_default_printer (void)
{
    g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "hall-kiosk", "tickets", NULL);
    if (g_mkdir_with_parents (dir, 0755) != 0)
        g_warning ("cannot create %s", dir);
    return g_strconcat ("folder:", dir, NULL);
}

int
main (int argc, char *argv [])
{
    hall_i18n_init (KIOSK_DOMAIN, argv [0]);
    kiosk_text_init (argv [0]);
    g_autoptr (GOptionContext) context = g_option_context_new (NULL);
    g_option_context_set_summary (context, _("政务服务大厅取号机"));
    g_option_context_add_main_entries (context, s_entries, KIOSK_DOMAIN);
    g_autoptr (GError) error = NULL;
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        fprintf (stderr, "hall-kiosk: %s\n", error->message);
        return 2;
    }
    if (s_paper != 58 && s_paper != 80) {
        fprintf (stderr, "hall-kiosk: --paper must be 58 or 80\n");
        return 2;
    }
    if (!s_printer)
        s_printer = s_default_printer ();

    if (s_print_test) {
        hall_ticket_print_t *ticket = kiosk_controller_sample_ticket (s_status_url);
        gboolean ok = kiosk_print_now (s_printer, s_paper, !s_no_native_qr, ticket, &error);
        hall_ticket_print_destroy (&ticket);
        if (!ok) {
            fprintf (stderr, "hall-kiosk: print test failed: %s\n", error->message);
            return 1;
        }
        printf ("hall-kiosk: test ticket sent to %s\n", s_printer);
        return 0;
    }

    kiosk_config_t config = {
        .requests = s_server ? s_server : HALL_DEFAULT_REQUESTS,
        .events = s_events ? s_events : HALL_DEFAULT_EVENTS,
        .printer = s_printer, .paper = s_paper, .native_qr = !s_no_native_qr,
        .status_url = s_status_url, .timeout_ms = 0, .retries = -1
    };
    s_controller = kiosk_controller_new (&config, &error);
    if (!s_controller) {
        fprintf (stderr, "hall-kiosk: %s\n", error->message);
        return 2;
    }
    hall_gui_prefer_cairo ();
    GtkApplication *app = gtk_application_new ("org.hall.Kiosk", G_APPLICATION_NON_UNIQUE);
    g_signal_connect (app, "activate", G_CALLBACK (s_activate), NULL);
    //  Options are parsed already: GApplication sees only the program name.
    int rc = g_application_run (G_APPLICATION (app), 1, argv);
    g_object_unref (app);
    g_clear_object (&s_controller);
    kiosk_text_shutdown ();
    return rc;
}
