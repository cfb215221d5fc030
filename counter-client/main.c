/*  hall-counter — the clerk's desk at one window of the hall.
 *
 *      hall-counter [--window N] [--server EP] [--events EP] [--staff ID]
 *                   [--notify-idle] [--no-notify-green] [--rating-pad]
 *
 *      hall-counter --rating-pad --window N [--server EP] [--events EP]
 *
 *  With --rating-pad the program is the window's visitor-facing rating pad
 *  (评价器) instead of the desk: its own client, role rating_pad.
 *
 *  Settings live in $XDG_CONFIG_HOME/hall/counter.ini, group [counter]:
 *  window, server, events, notify-idle, notify-green.  The window given on
 *  the command line is remembered there for the next start.
 */
#define G_LOG_DOMAIN "hall-counter"

#include <gtk/gtk.h>
#include <libnotify/notify.h>
#include <errno.h>
#include <stdlib.h>

#include "counter-controller.h"
#include "gui-renderer.h"
#include "rating-pad-window.h"
#include "counter-window.h"
#include "i18n.h"
#include "rating-controller.h"

static int       o_window = 0;
static char     *o_server = NULL;
static char     *o_events = NULL;
static char     *o_staff = NULL;
static gboolean  o_notify_idle = FALSE;
static gboolean  o_no_notify_green = FALSE;
static gboolean  o_rating_pad = FALSE;

static GOptionEntry s_options[] = {
    { "window", 'w', 0, G_OPTION_ARG_INT, &o_window, N_("本终端所在窗口号（记住供下次使用）"), "N" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &o_server, N_("请求端点（默认 tcp://127.0.0.1:5570）"), "EP" },
    { "events", 0, 0, G_OPTION_ARG_STRING, &o_events, N_("事件端点（默认 tcp://127.0.0.1:5571）"), "EP" },
    { "staff", 0, 0, G_OPTION_ARG_STRING, &o_staff, N_("直接以此工号登录"), "ID" },
    { "notify-idle", 0, 0, G_OPTION_ARG_NONE, &o_notify_idle, N_("窗口空闲时有新号码到达即通知"), NULL },
    { "no-notify-green", 0, 0, G_OPTION_ARG_NONE, &o_no_notify_green, N_("不通知绿色通道号码"), NULL },
    { "rating-pad", 0, 0, G_OPTION_ARG_NONE, &o_rating_pad, N_("作为本窗口面向群众的评价器运行（角色 rating_pad，不打开叫号终端）"), NULL },
    { NULL }
};

typedef struct {
    int       window;
    char     *server;
    char     *events;
    gboolean  notify_idle;
    gboolean  notify_green;
} settings_t;

static char *
s_config_path (void)
{
    return g_build_filename (g_get_user_config_dir (), "hall", "counter.ini", NULL);
}

/* Command line over the file over the defaults; remembers the window. */
static void
s_settings_load (settings_t *settings)
{
    g_autofree char *path = s_config_path ();
    g_autoptr (GKeyFile) file = g_key_file_new ();
    g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
    settings->window = g_key_file_get_integer (file, "counter", "window", NULL);
    settings->server = g_key_file_get_string (file, "counter", "server", NULL);
    settings->events = g_key_file_get_string (file, "counter", "events", NULL);
    settings->notify_idle = g_key_file_get_boolean (file, "counter", "notify-idle", NULL);
    g_autoptr (GError) error = NULL;
    settings->notify_green = g_key_file_get_boolean (file, "counter", "notify-green", &error);
    if (error)
        settings->notify_green = TRUE;

    if (o_server) {
        g_free (settings->server);
        settings->server = g_strdup (o_server);
    }
    if (o_events) {
        g_free (settings->events);
        settings->events = g_strdup (o_events);
    }
    if (o_notify_idle)
        settings->notify_idle = TRUE;
    if (o_no_notify_green)
        settings->notify_green = FALSE;
    if (o_window > 0 && o_window != settings->window) {
        settings->window = o_window;
        g_key_file_set_integer (file, "counter", "window", o_window);
        g_autofree char *dir = g_path_get_dirname (path);
        g_autoptr (GError) save_error = NULL;
        if (g_mkdir_with_parents (dir, 0700) != 0
            || !g_key_file_save_to_file (file, path, &save_error))
            g_message ("could not remember the window in %s: %s", path,
                       save_error ? save_error->message : g_strerror (errno));
    }
}

static void
s_activate (GtkApplication *app, gpointer data)
{
    settings_t *settings = data;
    if (o_rating_pad) {
        /* The pad is its own client (role rating_pad, its own device key):
         * the desk's session cannot rate, so it never shares a process. */
        RatingController *rating = rating_controller_new (settings->server, settings->events,
                                                          settings->window);
        RatingPadWindow *pad = rating_pad_window_new (app, rating);
        g_object_unref (rating);
        gtk_window_present (GTK_WINDOW (pad));
        return;
    }
    CounterController *controller = counter_controller_new (settings->server, settings->events,
                                                             settings->window);
    CounterWindow *window = counter_window_new (app, controller);
    counter_window_set_notify (window, settings->notify_idle, settings->notify_green);
    counter_controller_auto_signin (controller, o_staff);
    g_object_unref (controller);
    gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
    hall_i18n_init ("hall-counter", argv[0]);
    g_autoptr (GOptionContext) context = g_option_context_new (NULL);
    g_option_context_set_summary (context, _("政务服务大厅窗口叫号终端"));
    g_option_context_add_main_entries (context, s_options, "hall-counter");
    g_option_context_set_translation_domain (context, "hall-counter");
    g_autoptr (GError) error = NULL;
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        g_printerr ("hall-counter: %s\n", error->message);
        return 2;
    }
    settings_t settings = { 0 };
    s_settings_load (&settings);
    if (settings.window < 1 || settings.window > 999) {
        g_printerr (_("hall-counter: 请用 --window N 指定本终端所在的窗口号（1–999）\n"));
        return 2;
    }
    hall_gui_prefer_cairo ();
    GtkApplication *app = gtk_application_new ("org.hall.Counter", G_APPLICATION_NON_UNIQUE);
    g_signal_connect (app, "activate", G_CALLBACK (s_activate), &settings);
    /* GLib options are parsed above; GtkApplication sees only argv[0]. */
    int status = g_application_run (G_APPLICATION (app), 1, argv);
    g_object_unref (app);
    if (notify_is_initted ())
        notify_uninit ();
    g_free (settings.server);
    g_free (settings.events);
    g_free (o_server);
    g_free (o_events);
    g_free (o_staff);
    return status;
}
