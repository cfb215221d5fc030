/*  main.c — hall-manager: the manager's dashboard.
 *
 *    hall-manager [--server EP] [--events EP] [--config FILE] [--reports]
 *    hall-manager --county CONNINFO [--offline-after SECONDS]   (or HALL_COUNTY)
 */
#define G_LOG_DOMAIN "hall-manager"
#include "manager-controller.h"
#include "manager-window.h"
#include "county-window.h"
#include "i18n.h"
#include "gui-renderer.h"

#include <stdio.h>

static gboolean
s_close (GtkWindow *window, gpointer loop)
{
    g_main_loop_quit (loop);
    return FALSE;
}

int
main (int argc, char **argv)
{
    hall_i18n_init ("hall-manager", argv[0]);
    g_autofree char *server = NULL, *events = NULL, *config = NULL;
    gboolean reports = FALSE;
    g_autofree char *county = NULL;
    int offline_after = 0;
    GOptionEntry entries[] = {
        { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("服务器的请求端点"), "EP" },
        { "events", 0, 0, G_OPTION_ARG_STRING, &events, N_("服务器的事件端点"), "EP" },
        { "config", 0, 0, G_OPTION_ARG_FILENAME, &config, N_("提醒阈值文件（默认 ~/.config/hall/manager.ini）"), N_("文件") },
        { "reports", 0, 0, G_OPTION_ARG_NONE, &reports, N_("打开统计报表页"), NULL },
        { "county", 0, 0, G_OPTION_ARG_STRING, &county, N_("县级看板：县级数据库的连接串（也可用环境变量 HALL_COUNTY）"), "CONNINFO" },
        { "offline-after", 0, 0, G_OPTION_ARG_INT, &offline_after, N_("县级看板：多少秒未联系算离线（默认 60）"), N_("秒") },
        { NULL }
    };
    for (GOptionEntry *e = entries; e->long_name; e++) {
        e->description = _(e->description);
        if (e->arg_description && e->arg_description[0] & 0x80)
            e->arg_description = _(e->arg_description);
    }
    g_autoptr (GOptionContext) context = g_option_context_new (_("— 政务服务大厅管理看板"));
    g_option_context_add_main_entries (context, entries, NULL);
    g_autofree char *summary = g_strdup_printf (_("默认端点：%s（请求），%s（事件）"),
                                                HALL_DEFAULT_REQUESTS, HALL_DEFAULT_EVENTS);
    g_option_context_set_summary (context, summary);
    g_autoptr (GError) error = NULL;
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        fprintf (stderr, "hall-manager: %s\n", error->message);
        return 2;
    }
    hall_gui_prefer_cairo ();
    if (!gtk_init_check ()) {
        fprintf (stderr, "hall-manager: %s\n", _("无法打开显示器"));
        return 1;
    }
    if (!county && g_getenv ("HALL_COUNTY") && *g_getenv ("HALL_COUNTY"))
        county = g_strdup (g_getenv ("HALL_COUNTY"));
    GtkWindow *window;
    if (county) {                      /* the county's window instead of a hall's */
        CountyModel *model = county_model_new (county, offline_after);
        window = GTK_WINDOW (county_window_new (NULL, model));
        g_object_unref (model);
    } else {
        ManagerController *controller = manager_controller_new (server, events, config);
        window = GTK_WINDOW (manager_window_new (controller));
        g_object_unref (controller);
        if (reports)
            manager_window_show_page (MANAGER_WINDOW (window), "reports");
    }
    g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
    g_signal_connect (window, "close-request", G_CALLBACK (s_close), loop);
    gtk_window_present (GTK_WINDOW (window));
    g_main_loop_run (loop);
    gtk_window_destroy (GTK_WINDOW (window));
    return 0;
}
