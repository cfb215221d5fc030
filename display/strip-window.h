/*  strip-window.h — the small screen above one window: its number, the
 *  ticket called or served there, or "暂停服务" when it is paused.  Labels:
 *  "strip-window", "strip-ticket", "strip-state", "offline-banner". */
#ifndef HALL_STRIP_WINDOW_H
#define HALL_STRIP_WINDOW_H

#include <gtk/gtk.h>
#include "mirror.h"

G_BEGIN_DECLS
#define HALL_TYPE_STRIP_WINDOW (hall_strip_window_get_type ())
G_DECLARE_FINAL_TYPE (HallStripWindow, hall_strip_window, HALL, STRIP_WINDOW, GtkWindow)

HallStripWindow *hall_strip_window_new (int number);
void hall_strip_window_render (HallStripWindow *self, hall_mirror_t *mirror);
void hall_strip_window_set_online (HallStripWindow *self, gboolean online);
void hall_strip_window_set_key_refused (HallStripWindow *self, gboolean refused);
G_END_DECLS

#endif
