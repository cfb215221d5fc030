/*  paused-panel.h — the board's paused windows ("3号窗口 暂停服务"), one
 *  label each, named "paused-N". */
#ifndef HALL_PAUSED_PANEL_H
#define HALL_PAUSED_PANEL_H

#include <gtk/gtk.h>
#include "mirror.h"

G_BEGIN_DECLS
#define HALL_TYPE_PAUSED_PANEL (hall_paused_panel_get_type ())
G_DECLARE_FINAL_TYPE (HallPausedPanel, hall_paused_panel, HALL, PAUSED_PANEL, GtkBox)

void hall_paused_panel_render (HallPausedPanel *self, hall_mirror_t *mirror);
/* Number of windows listed as paused. */
int  hall_paused_panel_count (HallPausedPanel *self);
G_END_DECLS

#endif
