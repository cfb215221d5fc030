/*  call-panel.h — the board's current call, large: "A001 → 3号窗口", and for
 *  a journey ticket (一件事) the step it is called for, "第 2 步 / 共 4 步：印章刻制".
 *  The newest call flashes for a few seconds after it is made. */
#ifndef HALL_CALL_PANEL_H
#define HALL_CALL_PANEL_H

#include <gtk/gtk.h>
#include "mirror.h"

G_BEGIN_DECLS
#define HALL_TYPE_CALL_PANEL (hall_call_panel_get_type ())
G_DECLARE_FINAL_TYPE (HallCallPanel, hall_call_panel, HALL, CALL_PANEL, GtkBox)

void hall_call_panel_render (HallCallPanel *self, hall_mirror_t *mirror);
/* Flashes the current call (a new call or recall arrived). */
void hall_call_panel_flash (HallCallPanel *self);
gboolean hall_call_panel_flashing (HallCallPanel *self);
G_END_DECLS

#endif
