/*  manager-window.h — hall-manager's main window: the live dashboard
 *  (categories, windows, alerts, 差评 cases, today's 好评率), the bookings
 *  of today and the coming days (预约) and the reports view, on a stack
 *  (named "pages") switched from the header bar.
 *
 *  It renders the controller's mirror and figures and turns the panels'
 *  intents (pause a window, close a category, a case step, a report query)
 *  into controller calls; it holds no protocol code.
 */
#ifndef MANAGER_WINDOW_H
#define MANAGER_WINDOW_H

#include <gtk/gtk.h>
#include "manager-controller.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_WINDOW (manager_window_get_type ())
G_DECLARE_FINAL_TYPE (ManagerWindow, manager_window, MANAGER, WINDOW, GtkWindow)

ManagerWindow *manager_window_new (ManagerController *controller);
/* "dashboard", "bookings" or "reports". */
void           manager_window_show_page (ManagerWindow *self, const char *page);
GtkWidget     *manager_window_booking_view (ManagerWindow *self);
GtkWidget     *manager_window_report_view (ManagerWindow *self);
/* Opens the thresholds dialog (also the header bar's button); returns it. */
GtkWindow     *manager_window_edit_thresholds (ManagerWindow *self);
/* Opens the re-map dialog of WINDOW (also a row's button); returns it. */
GtkWindow     *manager_window_edit_map (ManagerWindow *self, int window);

G_END_DECLS

#endif
