/*  main.c — hall-display: the hall board (or one window's strip) with voice.
 *
 *    hall-display [--server EP] [--events EP] [--window N] [--fullscreen]
 *                 [--size WxH] [--notice TEXT] [--voice-out DIR] [--no-voice]
 *                 [--voice NAME] [--call-phrase TEXT] [--pause-phrase TEXT]
 *
 *  HALL_TRACE_PAINT=1 in the environment: a line on stderr per frame painted
 *  after an event (paint-trace.h); hall-bench measures event → repaint so.
 */
#define G_LOG_DOMAIN "hall-display"
#include "display.h"
#include "gui-renderer.h"
#include "i18n.h"

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
    hall_i18n_init ("hall-display", argv[0]);
    g_autofree char *server = NULL, *events = NULL, *size = NULL, *notice = NULL;
    g_autofree char *voice_out = NULL, *voice = NULL, *call_phrase = NULL, *pause_phrase = NULL;
    int window = 0;
    gboolean fullscreen = FALSE, no_voice = FALSE;
    GOptionEntry entries[] = {
        { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("服务器的请求端点"), "EP" },
        { "events", 0, 0, G_OPTION_ARG_STRING, &events, N_("服务器的事件端点"), "EP" },
        { "window", 0, 0, G_OPTION_ARG_INT, &window, N_("窗口条屏模式：只显示第 N 号窗口"), "N" },
        { "fullscreen", 0, 0, G_OPTION_ARG_NONE, &fullscreen, N_("全屏显示"), NULL },
        { "size", 0, 0, G_OPTION_ARG_STRING, &size, N_("窗口大小（默认 1920x1080）"), "WxH" },
        { "notice", 0, 0, G_OPTION_ARG_STRING, &notice, N_("滚动公告（默认取大厅配置）"), N_("文字") },
        { "voice-out", 0, 0, G_OPTION_ARG_FILENAME, &voice_out, N_("把每条语音写成 WAV 文件到此目录"), "DIR" },
        { "no-voice", 0, 0, G_OPTION_ARG_NONE, &no_voice, N_("关闭语音叫号"), NULL },
        { "voice", 0, 0, G_OPTION_ARG_STRING, &voice, N_("espeak-ng 语音（默认 cmn-latn-pinyin）"), N_("名称") },
        { "call-phrase", 0, 0, G_OPTION_ARG_STRING, &call_phrase, N_("叫号用语（默认 \"请 {number} 号到 {window} 号窗口办理\"）"), N_("文字") },
        { "pause-phrase", 0, 0, G_OPTION_ARG_STRING, &pause_phrase, N_("暂停用语（默认 \"{window} 号窗口暂停服务\"）"), N_("文字") },
        { NULL }
    };
    for (GOptionEntry *e = entries; e->long_name; e++) {
        e->description = _(e->description);
        if (e->arg_description && e->arg_description[0] & 0x80)
            e->arg_description = _(e->arg_description);
    }
    g_autoptr (GOptionContext) context = g_option_context_new (_("— 政务服务大厅叫号显示屏"));
    g_option_context_add_main_entries (context, entries, NULL);
    g_autofree char *summary = g_strdup_printf (_("默认端点：%s（请求），%s（事件）"),
                                                HALL_DEFAULT_REQUESTS, HALL_DEFAULT_EVENTS);
    g_option_context_set_summary (context, summary);
    g_autoptr (GError) error = NULL;
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        fprintf (stderr, "hall-display: %s\n", error->message);
        return 2;
    }
    int width = 0, height = 0;
    if (size && (sscanf (size, "%dx%d", &width, &height) != 2 || width < 320 || height < 200)) {
        fprintf (stderr, "hall-display: %s: %s\n", _("窗口大小应为 宽x高，如 1280x720"), size);
        return 2;
    }
    if (window < 0) {
        fprintf (stderr, "hall-display: %s\n", _("窗口号应为正整数"));
        return 2;
    }
    hall_gui_prefer_cairo ();
    if (!gtk_init_check ()) {
        fprintf (stderr, "hall-display: %s\n", _("无法打开显示器"));
        return 1;
    }
    hall_display_options_t options = {
        .requests = server, .events = events, .window = window,
        .width = width, .height = height, .fullscreen = fullscreen,
        .notice = notice, .no_voice = no_voice,
        .voice = { .voice = voice, .call_phrase = call_phrase,
                   .pause_phrase = pause_phrase, .out_dir = voice_out },
        .paint_trace = g_strcmp0 (g_getenv ("HALL_TRACE_PAINT"), "1") == 0 ? stderr : NULL,
    };
    hall_display_t *display = hall_display_new (&options);
    g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
    g_signal_connect (hall_display_window (display), "close-request", G_CALLBACK (s_close), loop);
    gtk_window_present (hall_display_window (display));
    g_main_loop_run (loop);
    hall_display_destroy (&display);
    return 0;
}
