/*  manager-alerts.h — what the manager must be told, and when.
 *
 *  No GTK here: the controller feeds the engine each event and a tick each
 *  second with the server's time; the engine raises alerts through one
 *  callback (the notifier and the alert list listen) and keeps the list.
 *
 *  Subjects and rules (thresholds from manager-config.h):
 *    wait:CODE      a ticket of category CODE waits past its target_wait
 *                   (now − queued_at > target; categories without a target
 *                   never alert).  Normal urgency; critical past twice it.
 *    crowd:CODE     waiting tickets of CODE ≥ its warning level.  Normal.
 *    idle:N         window N is idle with a clerk signed in while a ticket
 *                   it would call has waited idle_minutes or more.  Normal.
 *    unserved:CODE  tickets of CODE wait and no window can serve it now (no
 *                   clerk signed in, or every one paused) — for
 *                   unserved_minutes or more.  Critical.  When a window opens
 *                   for it again (or nobody waits), "cleared:CODE" says so
 *                   once.  Low.
 *    rating:ID      a 差评: the case.opened of a rating case.  Critical.
 *    case:ID:WHAT   a follow-up case passed a deadline (case.overdue).  Critical.
 *    gov:ID         the provincial platform refused gov record ID (gov.held):
 *                   held for a person, with the platform's reason.  Normal.
 *
 *    printer:DEV    a device's printer is out of paper, failed or
 *                   unreachable: raised by the server (device.trouble),
 *                   never by these rules.  Critical.
 *
 *  Kept by the server: each alert these rules raise (all but the
 *  "cleared:" notice) is sent as alert.raise, and alert.clear when its
 *  condition ends — a timed subject no longer seen at a tick, a 差评 or
 *  overdue case closed (manager_alerts_on_end tells the controller).  The
 *  server's alerts (the day's at a (re)load, alert.raised / alert.cleared
 *  events) are merged by manager_alerts_apply: the echo of an alert raised
 *  here updates its entry (the server's id and count), so nothing shows
 *  twice; a cleared alert stays in the list, greyed, with its time.
 *
 *  De-duplication: a subject raises once; while its condition holds it may
 *  raise again only after quiet_period seconds (server time) since it last
 *  did — a reminder, counted on the same list entry.  When the condition
 *  ends and comes back after the quiet period, it raises anew.
 */
#ifndef MANAGER_ALERTS_H
#define MANAGER_ALERTS_H

#include <glib.h>
#include "mirror.h"
#include "manager-config.h"

typedef enum {
    MANAGER_ALERT_WAIT,
    MANAGER_ALERT_CROWD,
    MANAGER_ALERT_IDLE,
    MANAGER_ALERT_UNSERVED,
    MANAGER_ALERT_CLEARED,
    MANAGER_ALERT_BAD_RATING,
    MANAGER_ALERT_CASE_OVERDUE,
    MANAGER_ALERT_GOV_HELD,
    MANAGER_ALERT_DEVICE,       /* a device's own (the server's printer:DEV) */
    MANAGER_ALERT_OTHER,
} manager_alert_kind_t;

typedef enum {
    MANAGER_URGENCY_LOW,
    MANAGER_URGENCY_NORMAL,
    MANAGER_URGENCY_CRITICAL,
} manager_urgency_t;

typedef struct {
    char                 *subject;   /* "wait:business", "rating:12" … */
    manager_alert_kind_t  kind;
    manager_urgency_t     urgency;
    char                 *summary;   /* one line */
    char                 *body;      /* the details: ticket, window, wait */
    gint64                time;      /* server time it was last raised */
    int                   count;     /* times raised (1 + reminders) */
    gint64                id;        /* the server's id, 0 until it is kept there */
    gint64                cleared_at;/* server time its condition ended; 0 while open */
} manager_alert_t;

typedef struct _manager_alerts_t manager_alerts_t;
typedef void (*manager_alert_fn) (const manager_alert_t *alert, void *user);
typedef void (*manager_alert_end_fn) (const char *subject, void *user);

/* The kind's wire name (alert.raise's kind, the alert object's), or NULL
 * for the "cleared:" notice, which the server does not keep. */
const char          *manager_alert_kind_name (manager_alert_kind_t kind);
const char          *manager_urgency_name (manager_urgency_t urgency);
/* An alert object of the server (borrowed) as a list entry (caller frees),
 * or NULL without a subject. */
manager_alert_t     *manager_alert_from_json (json_t *alert);
void                 manager_alert_free (manager_alert_t *alert);

/* CONFIG is borrowed and read at each check (edits apply at once). */
manager_alerts_t *manager_alerts_new (const manager_config_t *config);
void              manager_alerts_destroy (manager_alerts_t **self_p);
void              manager_alerts_on_raise (manager_alerts_t *self, manager_alert_fn fn, void *user);
/* FN (subject) when the condition of a subject these rules raised ends. */
void              manager_alerts_on_end (manager_alerts_t *self, manager_alert_end_fn fn, void *user);

/* Merges ALERT, an alert object of the server (borrowed): the entry of the
 * same id, or the open one of its subject (an echo of a raise here), is
 * updated; else a new entry goes in at its time.  An open alert of a rule
 * subject counts as raised at its last_at, so the rule reminds only after
 * the quiet period (a dashboard started again does not repeat it).  TRUE
 * when the entry is new. */
gboolean          manager_alerts_apply (manager_alerts_t *self, json_t *alert);

/* The timed rules (wait, crowd, idle) against MIRROR at server time NOW. */
void  manager_alerts_tick (manager_alerts_t *self, hall_mirror_t *mirror, gint64 now);
/* The event rules (差评, overdue case); EVENT borrowed. */
void  manager_alerts_event (manager_alerts_t *self, hall_mirror_t *mirror, json_t *event, gint64 now);

/* The `rating.reasons` result (borrowed): 差评 alerts then name the
 * reasons instead of giving their codes. */
void  manager_alerts_set_reasons (manager_alerts_t *self, json_t *reasons);
/* The name of the reason CODE in the UI language, or CODE before the
 * list came. */
const char *manager_alerts_reason_name (manager_alerts_t *self, const char *code);

/* The alerts raised so far, newest first (borrowed, at most 100). */
GPtrArray *manager_alerts_list (manager_alerts_t *self);
int        manager_alerts_raised (manager_alerts_t *self);  /* total raises */

#endif
