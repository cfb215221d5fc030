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
} manager_alert_t;

typedef struct _manager_alerts_t manager_alerts_t;
typedef void (*manager_alert_fn) (const manager_alert_t *alert, void *user);

/* CONFIG is borrowed and read at each check (edits apply at once). */
manager_alerts_t *manager_alerts_new (const manager_config_t *config);
void              manager_alerts_destroy (manager_alerts_t **self_p);
void              manager_alerts_on_raise (manager_alerts_t *self, manager_alert_fn fn, void *user);

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
