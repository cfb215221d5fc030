/*  board-window.h — the hall board: hall name and clock, the current call
 *  (large, flashing when new), the calls before it, waiting counts per
 *  category, paused windows, a scrolling notice, and an offline banner.
 *
 *  The window renders a hall_mirror_t it is given; it knows nothing of the
 *  session or the protocol (display.c drives it).  It takes the "compact"
 *  style (type about two thirds the size) on screens narrower than 1600 or
 *  lower than 900 pixels (1280x720, 1366x768), following its size.
 */
#ifndef HALL_BOARD_WINDOW_H
#define HALL_BOARD_WINDOW_H

#include <gtk/gtk.h>
#include "mirror.h"

G_BEGIN_DECLS
#define HALL_TYPE_BOARD_WINDOW (hall_board_window_get_type ())
G_DECLARE_FINAL_TYPE (HallBoardWindow, hall_board_window, HALL, BOARD_WINDOW, GtkWindow)

HallBoardWindow *hall_board_window_new (void);

/* Redraws everything from MIRROR (an unloaded mirror shows placeholders). */
void hall_board_window_render (HallBoardWindow *self, hall_mirror_t *mirror);
/* Flashes the current call: a call or recall has just arrived. */
void hall_board_window_flash (HallBoardWindow *self);
/* A notice that replaces the hall's own (NULL: the hall's "notice"). */
void hall_board_window_set_notice (HallBoardWindow *self, const char *notice);
void hall_board_window_set_online (HallBoardWindow *self, gboolean online);
/* The offline banner says why: the server refuses this board's key. */
void hall_board_window_set_key_refused (HallBoardWindow *self, gboolean refused);
/* Shows TIME (unix seconds, the server's clock) in TIMEZONE (NULL: local). */
void hall_board_window_set_time (HallBoardWindow *self, gint64 time, const char *timezone);
gboolean hall_board_window_flashing (HallBoardWindow *self);
G_END_DECLS

#endif
