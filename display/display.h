/*  display.h — one running hall display: a session on the server, the
 *  board (or one window's strip) that renders its mirror, and the voice.
 *
 *  It turns the session's callbacks into view updates: each event redraws
 *  from the mirror (a call or recall also flashes the board and is
 *  announced, a pause is announced); a resync (event NULL) redraws
 *  everything; online/offline shows or hides the banner.  A one-second
 *  timer keeps the clock on the server's time.  main.c and the GUI tests
 *  both build the display through this.
 */
#ifndef HALL_DISPLAY_H
#define HALL_DISPLAY_H

#include <gtk/gtk.h>
#include <stdio.h>
#include "announcer.h"
#include "session.h"


typedef struct {
    const char *requests;       /* NULL: HALL_DEFAULT_REQUESTS */
    const char *events;         /* NULL: HALL_DEFAULT_EVENTS */
    int         window;         /* 0: the hall board; N: the strip of window N */
    int         width, height;  /* 0: the view's default */
    gboolean    fullscreen;
    const char *notice;         /* replaces the hall's notice; NULL: the hall's */
    gboolean    no_voice;
    hall_announcer_config_t voice;
    FILE       *paint_trace;    /* a line per frame painted after an event
                                 * (paint-trace.h); NULL: none */
} hall_display_options_t;

typedef struct _hall_display_t hall_display_t;

hall_display_t *hall_display_new (const hall_display_options_t *options);
void            hall_display_destroy (hall_display_t **self_p);

GtkWindow        *hall_display_window (hall_display_t *self);
hall_session_t   *hall_display_session (hall_display_t *self);
hall_announcer_t *hall_display_announcer (hall_display_t *self);   /* NULL with no_voice */

#endif
