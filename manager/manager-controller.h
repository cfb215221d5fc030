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
 *    "figures" ()                 today's report (by category, or by hour: the
 *                                 day chart's load) or the cases list changed
 *    "alert"   (gpointer alert)   a manager_alert_t was raised, or the server's
 *                                 alerts changed (borrowed; NULL: many)
 *    "alert-history" (const char *day, gpointer list)
 *                                 the alerts of DAY (manager_controller_alert_history):
 *                                 a GPtrArray of manager_alert_t, borrowed;
 *                                 NULL when refused
 *    "report"  (const char *tag, gpointer result)
 *                                 a report asked for with manager_controller_report
 *                                 arrived (result borrowed; NULL on failure)
 *    "bookings" ()                the booking summary changed
 *    "failed"  (const char *message)   the server refused an action
 *    "done"    (const char *message)   an action succeeded
 *    "case-reply" (gint64 req, gpointer result, const char *error)
 *                                 the answer to a case request (below):
 *                                 RESULT borrowed, NULL on a refusal, when
 *                                 ERROR says why in words (the code's text
 *                                 and the server's message)
 *    "evidence" (gint64 upload, gint64 evidence, gint64 sent, gint64 size,
 *                const char *error)
 *                                 an upload moved on: SENT of SIZE bytes are
 *                                 kept under the server's id EVIDENCE (complete
 *                                 when equal); ERROR non-NULL: it stopped
 *    "evidence-saved" (gint64 evidence, const char *path, const char *error)
 *                                 a kept file was fetched to PATH (or not)
 *
 *  Alerts are kept by the server: at each (re)load the controller asks for
 *  today's and the open ones (`alerts`), follows alert.raised /
 *  alert.cleared, sends alert.raise for what its rules raise and
 *  alert.clear when their condition ends (manager-alerts.h); a device's
 *  alert new to the dashboard is a notification too.
 *
 *  The held gov records (`gov.held`: the provincial platform refused them)
 *  are counted at each (re)load and at each gov.held event.
 */
#ifndef MANAGER_CONTROLLER_H
#define MANAGER_CONTROLLER_H

#include <glib-object.h>
#include "session.h"
#include "manager-config.h"
#include "manager-alerts.h"
#include "manager-day-series.h"

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
/* Case requests: each returns its request number (its answer comes as
 * "case-reply" with it), or -1 when it could not be sent ("failed" then).
 *
 * A follow-up step (case.update): ACTION contact, rectify, revisit or
 * close, and RECORD (borrowed; may be NULL) the step's record as the
 * contract names it: method, at, note, by, evidence, verdict, called. */
gint64 manager_controller_update_case (ManagerController *self, gint64 id, const char *action,
                                       json_t *record);
/* The whole record (case.get); REVEAL asks for the whole contact number
 * (the server records that it was shown). */
gint64 manager_controller_get_case    (ManagerController *self, gint64 id, gboolean reveal);
/* `cases` with FILTER (borrowed: filter, from, to, window, clerk,
 * department, state, matter, number, limit …). */
gint64 manager_controller_find_cases  (ManagerController *self, json_t *filter);
/* The visitor's link (case.link, with send: the SMS is owed). */
gint64 manager_controller_case_link   (ManagerController *self, gint64 id, gboolean send);
/* An appeal decided (case.decide) by the manager STAFF with PASSWORD. */
gint64 manager_controller_decide_appeal (ManagerController *self, gint64 id, gboolean accept,
                                         const char *note, const char *staff, const char *password);
/* Sends DATA (NAME, TYPE: see manager_evidence_type) to case ID in pieces
 * of MANAGER_EVIDENCE_PIECE, one after the other; returns the upload's
 * number for "evidence". */
gint64 manager_controller_add_evidence (ManagerController *self, gint64 id, const char *name,
                                        const char *type, GBytes *data);
/* Fetches the kept file EVIDENCE in pieces into PATH ("evidence-saved"). */
void   manager_controller_save_evidence (ManagerController *self, gint64 evidence, const char *path);
/* Today's waits and load through the day (the day chart's): fed by every
 * event, the (re)loads and the 1-s tick; its hour-of-day load from the
 * `report` of today by hour, asked for with today's figures (same
 * throttle).  Borrowed. */
manager_day_series_t *manager_controller_day_series (ManagerController *self);
/* The held gov records (-1 before the first count). */
int    manager_controller_gov_held (ManagerController *self);
/* Asks for a report; the answer comes as "report" with TAG.  A report of
 * a TAG still on its way is dropped: only the last one asked is answered. */
void manager_controller_report       (ManagerController *self, const char *tag, const char *from,
                                      const char *to, const char *by);
/* Asks for report.national of MONTH ("YYYY-MM") by BY (department,
 * window, clerk); the answer comes as "report" with TAG. */
void manager_controller_report_national (ManagerController *self, const char *tag, const char *month,
                                         const char *by);
/* Drops every report on its way (the reports view's 取消): their answers,
 * when they come, and their failures are not told.  The server finishes
 * them anyway (see the .c). */
void manager_controller_report_cancel (ManagerController *self);
/* Asks for the alerts of DAY ("YYYY-MM-DD"); they come as "alert-history". */
void manager_controller_alert_history (ManagerController *self, const char *day);
/* Refreshes today's figures and the cases now. */
void manager_controller_refresh      (ManagerController *self);

G_END_DECLS

#endif
