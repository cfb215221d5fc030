/*  manager-alert-panel.h — the alerts, newest first, with their urgency,
 *  time and how many times each subject was raised; a cleared one greyed
 *  with the time it ended.  历史… opens a calendar: the day chosen is asked
 *  for ("history-day"), and its alerts replace the list until 返回今天.
 *  The count label is named "alert-count"; rows "alert-SUBJECT" (a
 *  cleared one's state label "alert-state-SUBJECT"); the calendar
 *  "alert-calendar", the history's title "alert-history-title", the way
 *  back "alert-today".
 *
 *  Signals: "history-day" (const char *day)   a day was chosen ("YYYY-MM-DD")
 */
#ifndef MANAGER_ALERT_PANEL_H
#define MANAGER_ALERT_PANEL_H

#include <gtk/gtk.h>
#include "manager-alerts.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_ALERT_PANEL (manager_alert_panel_get_type ())
G_DECLARE_FINAL_TYPE (ManagerAlertPanel, manager_alert_panel, MANAGER, ALERT_PANEL, GtkBox)

GtkWidget *manager_alert_panel_new (void);
/* The live list.  TZ: the hall's time zone, for the times shown.  While a
 * day's history is shown, it waits for 返回今天. */
void       manager_alert_panel_render (ManagerAlertPanel *self, manager_alerts_t *alerts, const char *tz);
/* The alerts of DAY (LIST of manager_alert_t, borrowed; NULL: the server
 * refused, said so). */
void       manager_alert_panel_show_history (ManagerAlertPanel *self, const char *day, GPtrArray *list,
                                             const char *tz);

G_END_DECLS

#endif
