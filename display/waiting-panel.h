/*  waiting-panel.h — the board's waiting counts, one cell per category
 *  (name, English name, people waiting).  The count labels are named
 *  "waiting-CODE". */
#ifndef HALL_WAITING_PANEL_H
#define HALL_WAITING_PANEL_H

#include <gtk/gtk.h>
#include "mirror.h"

G_BEGIN_DECLS
#define HALL_TYPE_WAITING_PANEL (hall_waiting_panel_get_type ())
G_DECLARE_FINAL_TYPE (HallWaitingPanel, hall_waiting_panel, HALL, WAITING_PANEL, GtkBox)

void hall_waiting_panel_render (HallWaitingPanel *self, hall_mirror_t *mirror);
G_END_DECLS

#endif
