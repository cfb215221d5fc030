/*  reception-main.c — hall-reception: the reception desk (导服台) at the
 *  hall's entrance.
 *
 *    hall-reception [--server EP] [--events EP] [--key FILE]
 *                   [--printer SPEC] [--paper 58|80] [--no-native-qr]
 *                   [--status-url BASE] [--fullscreen]
 *
 *  Its device key (role reception: `hallctl enroll reception --out FILE`)
 *  is --key, else $HALL_KEY.  --printer, as the kiosk's, defaults to
 *  folder:$XDG_STATE_HOME/hall-reception/slips (one file per slip).  The
 *  QR on a slip is BASE, else the hall's status_url, followed by the
 *  ticket's own link token.  English: LANGUAGE=en.
 */
#define G_LOG_DOMAIN "hall-reception"
#include "i18n.h"
#include "gui-renderer.h"
#include "reception-controller.h"
#include "reception-window.h"

#include <stdio.h>

static char    *s_server;
static char    *s_events;
static char    *s_key;
static char    *s_printer;
static int      s_paper = 80;
static gboolean s_no_native_qr;
static char    *s_status_url;
static gboolean s_fullscreen;

static GOptionEntry s_entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &s_server, N_("请求端点（默认 tcp://127.0.0.1:5570）"), "EP" },
    { "events", 0, 0, G_OPTION_ARG_STRING, &s_events, N_("事件端点（默认 tcp://127.0.0.1:5571）"), "EP" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &s_key, N_("本导服台的设备密钥（默认 $HALL_KEY）"), "FILE" },
    { "printer", 0, 0, G_OPTION_ARG_STRING, &s_printer,
      N_("打印机：folder:DIR、tcp:HOST:PORT、file:DEVICE 或 cups:QUEUE"), "SPEC" },
    { "paper", 0, 0, G_OPTION_ARG_INT, &s_paper, N_("纸宽 58 或 80 毫米"), "58|80" },
    { "no-native-qr", 0, 0, G_OPTION_ARG_NONE, &s_no_native_qr, N_("打印机不支持原生二维码：以图像打印"), NULL },
    { "status-url", 0, 0, G_OPTION_ARG_STRING, &s_status_url, N_("号票二维码的网址前缀"), "BASE" },
    { "fullscreen", 0, 0, G_OPTION_ARG_NONE, &s_fullscreen, N_("全屏"), NULL },
    { NULL }
};

static ReceptionController *s_controller;

static void
s_activate (GtkApplication *app, gpointer user)
{
    ReceptionWindow *window = reception_window_new (app, s_controller);
    if (s_fullscreen)
        gtk_window_fullscreen (GTK_WINDOW (window));
    gtk_window_present (GTK_WINDOW (window));
}

static char *
s_default_printer (void)
{
    g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "hall-reception", "slips", NULL);
    if (g_mkdir_with_parents (dir, 0755) != 0)
        g_warning ("cannot create %s", dir);
    return g_strconcat ("folder:", dir, NULL);
}

int
main (int argc, char *argv[])
{
    hall_i18n_init (RECEPTION_DOMAIN, argv[0]);
    g_autoptr (GOptionContext) context = g_option_context_new (NULL);
    g_option_context_set_summary (context, _("政务服务大厅导服台"));
    g_option_context_add_main_entries (context, s_entries, RECEPTION_DOMAIN);
    g_autoptr (GError) error = NULL;
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        fprintf (stderr, "hall-reception: %s\n", error->message);
        return 2;
    }
    if (s_paper != 58 && s_paper != 80) {
        fprintf (stderr, "hall-reception: --paper must be 58 or 80\n");
        return 2;
    }
    //  The session reads the device key from HALL_KEY (common/session.h).
    if (s_key)
        g_setenv ("HALL_KEY", s_key, TRUE);
    if (!s_printer)
        s_printer = s_default_printer ();
    reception_config_t config = {
        .requests = s_server ? s_server : HALL_DEFAULT_REQUESTS,
        .events = s_events ? s_events : HALL_DEFAULT_EVENTS,
        .printer = s_printer, .paper = s_paper, .native_qr = !s_no_native_qr,
        .status_url = s_status_url, .timeout_ms = 0, .retries = -1
    };
    s_controller = reception_controller_new (&config, &error);
    if (!s_controller) {
        fprintf (stderr, "hall-reception: %s\n", error->message);
        return 2;
    }
    hall_gui_prefer_cairo ();
    GtkApplication *app = gtk_application_new ("org.hall.Reception", G_APPLICATION_NON_UNIQUE);
    g_signal_connect (app, "activate", G_CALLBACK (s_activate), NULL);
    //  Options are parsed already: GApplication sees only the program name.
    int rc = g_application_run (G_APPLICATION (app), 1, argv);
    g_object_unref (app);
    g_clear_object (&s_controller);
    return rc;
}
