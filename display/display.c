/*  display.c — see display.h. */
#define G_LOG_DOMAIN "hall-display"
#include "display.h"
#include "client.h"
#include "board-window.h"
#include "paint-trace.h"
#include "strip-window.h"

#include <string.h>

#define S_FIRST_BEAT_MS 1200     /* heartbeats come each second */

struct _hall_display_t {
    hall_session_t   *session;      /* role display, keeps the mirror */
    HallClient       *client;       /* the link: owns the session, drives it (client.h) */
    GtkWindow        *window;       /* HallBoardWindow or HallStripWindow (owned ref) */
    hall_announcer_t *announcer;    /* NULL when the voice is off */
    guint             clock_id;     /* one-second clock tick */
    gboolean          heard;        /* the server has been heard: its clock is known */
    guint             first_id;     /* timer that marks it heard */
    hall_paint_trace_t *trace;      /* options->paint_trace; NULL: off */
};

static gboolean s_clock (gpointer data);

static void
s_render (hall_display_t *self)
{
    hall_mirror_t *mirror = hall_session_mirror (self->session);
    if (HALL_IS_BOARD_WINDOW (self->window))
        hall_board_window_render (HALL_BOARD_WINDOW (self->window), mirror);
    else
        hall_strip_window_render (HALL_STRIP_WINDOW (self->window), mirror);
}

static gboolean
s_is_call (json_t *event)
{
    const char *type = json_string_value (json_object_get (event, "type"));
    return type && (!strcmp (type, "ticket.called") || !strcmp (type, "ticket.recalled"));
}

static void
s_on_event (HallClient *client, json_t *event, void *user)
{
    hall_session_t *session = hall_client_session (client);
    hall_display_t *self = user;
    /* A loaded snapshot brings the server's time (the session takes it from
     * the snapshot): the clock can show at once. */
    if (!event)
        self->heard = TRUE;
    s_render (self);
    if (event && s_is_call (event) && HALL_IS_BOARD_WINDOW (self->window))
        hall_board_window_flash (HALL_BOARD_WINDOW (self->window));
    if (event && self->announcer)
        hall_announcer_event (self->announcer, event);
    s_clock (self);
    if (self->trace)
        hall_paint_trace_applied (self->trace, hall_mirror_seq (hall_session_mirror (session)));
}

static gboolean
s_first_heard (gpointer data)
{
    hall_display_t *self = data;
    self->first_id = 0;
    self->heard = TRUE;
    s_clock (self);
    return G_SOURCE_REMOVE;
}

static void
s_on_online (HallClient *client, gboolean online, void *user)
{
    hall_display_t *self = user;
    if (HALL_IS_BOARD_WINDOW (self->window))
        hall_board_window_set_online (HALL_BOARD_WINDOW (self->window), online);
    else
        hall_strip_window_set_online (HALL_STRIP_WINDOW (self->window), online);
    s_render (self);
    /* "Online" may come from a reply before any heartbeat has brought the
     * server's time (until then hall_session_server_time is this machine's
     * clock): show the clock once a heartbeat (one a second) has come. */
    if (online && !self->heard && !self->first_id)
        self->first_id = g_timeout_add (S_FIRST_BEAT_MS, s_first_heard, self);
}

static gboolean
s_clock (gpointer data)
{
    hall_display_t *self = data;
    /* Offline, the banner says whether the server refuses our key. */
    gboolean refused = hall_session_key_refused (self->session);
    if (HALL_IS_BOARD_WINDOW (self->window))
        hall_board_window_set_key_refused (HALL_BOARD_WINDOW (self->window), refused);
    else
        hall_strip_window_set_key_refused (HALL_STRIP_WINDOW (self->window), refused);
    /* Until a heartbeat brings the server's clock, show none rather than
     * this machine's. */
    if (self->heard && HALL_IS_BOARD_WINDOW (self->window)) {
        hall_mirror_t *mirror = hall_session_mirror (self->session);
        json_t *hall = hall_mirror_loaded (mirror) ? hall_mirror_hall (mirror) : NULL;
        hall_board_window_set_time (HALL_BOARD_WINDOW (self->window),
                                    hall_session_server_time (self->session),
                                    json_string_value (json_object_get (hall, "timezone")));
    }
    return G_SOURCE_CONTINUE;
}

hall_display_t *
hall_display_new (const hall_display_options_t *options)
{
    hall_display_t *self = g_new0 (hall_display_t, 1);
    self->client = hall_client_new (options->requests ? options->requests : HALL_DEFAULT_REQUESTS,
                                    options->events ? options->events : HALL_DEFAULT_EVENTS,
                                    HALL_ROLE_DISPLAY, 0, NULL);
    self->session = self->client ? hall_client_session (self->client) : NULL;
    if (options->window > 0) {
        self->window = GTK_WINDOW (hall_strip_window_new (options->window));
    } else {
        HallBoardWindow *board = hall_board_window_new ();
        if (options->notice)
            hall_board_window_set_notice (board, options->notice);
        self->window = GTK_WINDOW (board);
    }
    g_object_ref_sink (self->window);
    if (options->width > 0 && options->height > 0)
        gtk_window_set_default_size (self->window, options->width, options->height);
    if (options->fullscreen)
        gtk_window_fullscreen (self->window);
    if (options->paint_trace)
        self->trace = hall_paint_trace_new (self->window, options->paint_trace);
    /* Offline until the server is heard. */
    s_on_online (self->client, FALSE, self);
    self->clock_id = g_timeout_add (1000, s_clock, self);
    if (!options->no_voice)
        self->announcer = hall_announcer_new (&options->voice);
    g_signal_connect (self->client, "event", G_CALLBACK (s_on_event), self);
    g_signal_connect (self->client, "online", G_CALLBACK (s_on_online), self);
    return self;
}

void
hall_display_destroy (hall_display_t **self_p)
{
    hall_display_t *self = *self_p;
    if (!self)
        return;
    *self_p = NULL;
    g_clear_handle_id (&self->clock_id, g_source_remove);
    g_clear_handle_id (&self->first_id, g_source_remove);
    if (self->client)
        g_signal_handlers_disconnect_by_data (self->client, self);
    g_clear_object (&self->client);
    self->session = NULL;
    hall_announcer_destroy (&self->announcer);
    hall_paint_trace_destroy (&self->trace);
    if (self->window) {
        gtk_window_destroy (self->window);
        g_object_unref (self->window);
    }
    g_free (self);
}

GtkWindow *
hall_display_window (hall_display_t *self)
{
    return self->window;
}

hall_session_t *
hall_display_session (hall_display_t *self)
{
    return self->session;
}

hall_announcer_t *
hall_display_announcer (hall_display_t *self)
{
    return self->announcer;
}
