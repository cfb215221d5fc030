/*  manager-window.h — hall-manager's main window: the live dashboard
 *  (categories, windows, alerts, 差评 cases, today's 好评率, the gov records
 *  the province refused), the bookings of today and the coming days (预约),
 *  the search of all 差评 cases (差评案件), the reports view and the
 *  administration screens with the manager's sign-in (管理), on a stack
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
#include "manager-case-record.h"
#include "manager-case-step-dialog.h"
#include "manager-settings.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_WINDOW (manager_window_get_type ())
G_DECLARE_FINAL_TYPE (ManagerWindow, manager_window, MANAGER, WINDOW, GtkWindow)

ManagerWindow *manager_window_new (ManagerController *controller);
/* "dashboard", "bookings", "cases", "reports" or "admin". */
void           manager_window_show_page (ManagerWindow *self, const char *page);
GtkWidget     *manager_window_booking_view (ManagerWindow *self);
GtkWidget     *manager_window_report_view (ManagerWindow *self);
/* The 管理 page (manager-admin-view.h) and its link to the settings. */
GtkWidget       *manager_window_admin_view (ManagerWindow *self);
ManagerSettings *manager_window_settings (ManagerWindow *self);
/* The 差评案件 page (manager-case-view.h). */
GtkWidget     *manager_window_case_view (ManagerWindow *self);
/* Opens the record of case ID (also 查看, a double-click); returns it. */
ManagerCaseRecord     *manager_window_open_case (ManagerWindow *self, gint64 id);
/* Opens the dialog of STEP for the open case ID (the case panel's step
 * buttons); NULL when the case does not offer it now. */
ManagerCaseStepDialog *manager_window_case_step (ManagerWindow *self, gint64 id, manager_step_t step);
/* Opens the thresholds dialog (also the header bar's button); returns it. */
GtkWindow     *manager_window_edit_thresholds (ManagerWindow *self);
/* Opens the re-map dialog of WINDOW (also a row's button); returns it. */
GtkWindow     *manager_window_edit_map (ManagerWindow *self, int window);

G_END_DECLS

#endif
