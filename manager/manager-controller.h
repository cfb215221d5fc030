/*  manager-controller.h — the dashboard's link to the hall server.
 *
 *  Owns the common/ session (role manager) and drives it from the default
 *  GLib main context; keeps what the mirror does not carry — today's
 *  figures (the `report` op for today, by category), the open 差评 cases
 *  (`cases`) — refreshed when events say they changed, at most once per
 *  report_refresh seconds; the bookings of today and the coming days
 *  (`booking.summary`: places, check-ins, no-shows per slot, nothing
 *  personal), asked for again at each booking.* event and (re)load, and
 *  trimmed to each category's booking days (`booking.slots`); runs the alert engine (manager-alerts.h) on every
 *  event and on a 1-s tick of the server's clock, and shows each raised
 *  alert as a libnotify notification.  Views read from here and call the
 *  intents; no view builds a request.
 *
 *  Signals:
 *    "changed" (gpointer event)   an event was applied (NULL: resync, redraw all)
 *    "tick"    ()                 once a second (elapsed times, clock)
 *    "online"  (gboolean)
 *    "figures" ()                 today's report or the cases list changed
 *    "alert"   (gpointer alert)   a manager_alert_t was raised (borrowed)
 *    "report"  (const char *tag, gpointer result)
 *                                 a report asked for with manager_controller_report
 *                                 arrived (result borrowed; NULL on failure)
 *    "bookings" ()                the booking summary changed
 *    "failed"  (const char *message)   the server refused an action
 *    "done"    (const char *message)   an action succeeded
 */
#ifndef MANAGER_CONTROLLER_H
#define MANAGER_CONTROLLER_H

#include <glib-object.h>
#include "session.h"
#include "manager-config.h"
#include "manager-alerts.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_CONTROLLER (manager_controller_get_type ())
G_DECLARE_FINAL_TYPE (ManagerController, manager_controller, MANAGER, CONTROLLER, GObject)

/* CONFIG_PATH NULL: the user's manager.ini. */
ManagerController *manager_controller_new (const char *requests, const char *events,
                                           const char *config_path);

hall_session_t   *manager_controller_session (ManagerController *self);
hall_mirror_t    *manager_controller_mirror (ManagerController *self);
manager_config_t *manager_controller_config (ManagerController *self);
manager_alerts_t *manager_controller_alerts (ManagerController *self);
gboolean          manager_controller_online (ManagerController *self);
/* The server refuses this dashboard's key (not enrolled, or revoked). */
gboolean          manager_controller_key_refused (ManagerController *self);
gint64            manager_controller_now (ManagerController *self);   /* server time */
/* Today's report by category (borrowed, NULL until the first arrives) and
 * the `cases` result (open cases, with "open" and "overdue" counts). */
json_t           *manager_controller_today (ManagerController *self);
json_t           *manager_controller_cases (ManagerController *self);
/* The `booking.summary` result from the hall's today, each category's
 * slots on the days it takes bookings for (the last of them from
 * `booking.slots`) or has bookings on; borrowed, NULL until the first
 * arrives. */
json_t           *manager_controller_bookings (ManagerController *self);
/* How many case.* events were applied to the open cases. */
int               manager_controller_cases_applied (ManagerController *self);
/* libnotify notifications shown so far. */
int               manager_controller_notifications (ManagerController *self);
/* Saves the thresholds (after the dialog edited them) and re-checks. */
gboolean          manager_controller_save_config (ManagerController *self, GError **error);

/* Intents. */
void manager_controller_pause        (ManagerController *self, int window, const char *reason);
void manager_controller_resume       (ManagerController *self, int window);
void manager_controller_map_window   (ManagerController *self, int window,
                                      const char *const *primary, const char *const *backup);
void manager_controller_open_category (ManagerController *self, const char *code, gboolean open);
void manager_controller_update_case  (ManagerController *self, gint64 id, const char *action,
                                      const char *note, const char *verdict, const char *reason);
/* Asks for a report; the answer comes as "report" with TAG. */
void manager_controller_report       (ManagerController *self, const char *tag, const char *from,
                                      const char *to, const char *by);
/* Refreshes today's figures and the cases now. */
void manager_controller_refresh      (ManagerController *self);

G_END_DECLS

#endif
