/*  manager-alert-panel.h — the alerts raised so far, newest first, with
 *  their urgency, time and how many times each subject was raised.
 *  The count label is named "alert-count"; rows "alert-SUBJECT".
 */
#ifndef MANAGER_ALERT_PANEL_H
#define MANAGER_ALERT_PANEL_H

#include <gtk/gtk.h>
#include "manager-alerts.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_ALERT_PANEL (manager_alert_panel_get_type ())
G_DECLARE_FINAL_TYPE (ManagerAlertPanel, manager_alert_panel, MANAGER, ALERT_PANEL, GtkBox)

GtkWidget *manager_alert_panel_new (void);
/* TZ: the hall's time zone, for the times shown. */
void       manager_alert_panel_render (ManagerAlertPanel *self, manager_alerts_t *alerts, const char *tz);

G_END_DECLS

#endif
