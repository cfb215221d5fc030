/*  manager-windows-panel.h — the state of every service window.
 *
 *  One row per window: state (空闲 / 已呼叫 / 办理中 / 暂停 / 未登录), clerk,
 *  current ticket and the time since it was called (or started), served
 *  today, the categories it serves; buttons to pause or resume it and to
 *  re-map its categories.
 *
 *  Signals: "pause" (int window), "resume" (int window), "remap" (int window).
 *  Cells are named "window-state-N", "window-clerk-N", "window-ticket-N",
 *  "window-served-N"; buttons "pause-N", "map-N".
 */
#ifndef MANAGER_WINDOWS_PANEL_H
#define MANAGER_WINDOWS_PANEL_H

#include <gtk/gtk.h>
#include "mirror.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_WINDOWS_PANEL (manager_windows_panel_get_type ())
G_DECLARE_FINAL_TYPE (ManagerWindowsPanel, manager_windows_panel, MANAGER, WINDOWS_PANEL, GtkBox)

GtkWidget *manager_windows_panel_new (void);
void       manager_windows_panel_render (ManagerWindowsPanel *self, hall_mirror_t *mirror, gint64 now);

G_END_DECLS

#endif
