/*  recent-panel.h — the board's list of the calls before the current one,
 *  newest first ("A002 → 5号窗口"), from the mirror's "calls". */
#ifndef HALL_RECENT_PANEL_H
#define HALL_RECENT_PANEL_H

#include <gtk/gtk.h>
#include "mirror.h"

G_BEGIN_DECLS
#define HALL_TYPE_RECENT_PANEL (hall_recent_panel_get_type ())
G_DECLARE_FINAL_TYPE (HallRecentPanel, hall_recent_panel, HALL, RECENT_PANEL, GtkBox)

void hall_recent_panel_render (HallRecentPanel *self, hall_mirror_t *mirror);
G_END_DECLS

#endif
