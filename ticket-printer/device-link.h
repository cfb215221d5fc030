/*  device-link.h — a printing device's link to the hall: the kiosk's and
 *  the reception desk's.
 *
 *  It holds one HallClient (common/client.h) for REQUESTS and EVENTS in a
 *  role, and replaces it when a request times out: a new session (new
 *  client id, new sockets), so that a request the old DEALER may still
 *  hold is dropped, never delivered to a server that comes back — a
 *  ticket issued, a re-queue made, that the visitor or staff were told
 *  did not happen.  The replacement runs from an idle, never inside the
 *  session's own callbacks.
 *
 *  The owner hears of the link through three hooks, all on the GTK main
 *  thread, USER their last argument:
 *    changed ()               an event came, or the session was replaced:
 *                             the views should read the mirror again
 *    online  (gboolean)       the server came online / went offline
 *                             (logged here first)
 *    dropped ()               the old session went with the requests it
 *                             had on their way: they will not be answered
 *                             (NULL: nothing to forget)
 *
 *  It also builds the slip of an issue-shaped result from its mirror
 *  (hall_device_link_ticket), the one rule both programs print by.
 */
#ifndef HALL_DEVICE_LINK_H
#define HALL_DEVICE_LINK_H

#include <glib.h>
#include <jansson.h>
#include "session.h"
#include "ticket.h"

typedef struct _hall_device_link_t hall_device_link_t;

typedef struct {
    void (*changed) (void *user);
    void (*online)  (gboolean online, void *user);
    void (*dropped) (void *user);
} hall_device_link_hooks_t;

//  A link to REQUESTS (and EVENTS) as ROLE, each request tried for
//  TIMEOUT_MS (0: default) RETRIES times (< 0: default); what it logs goes
//  under the owner's LOG_DOMAIN; HOOKS copied, USER borrowed (it must
//  outlive the link).  NULL with ERROR set when the sockets cannot be made.
hall_device_link_t *
    hall_device_link_new (const char *requests, const char *events, hall_role_t role,
                          int timeout_ms, int retries, const char *log_domain,
                          const hall_device_link_hooks_t *hooks, void *user, GError **error);

//  Destroy the link (its client, a pending replacement), set *self_p to
//  NULL.  Safe on NULL.  The hooks are not called.
void
    hall_device_link_destroy (hall_device_link_t **self_p);

//  The session, or NULL when a replacement could not open one.
hall_session_t *
    hall_device_link_session (hall_device_link_t *self);

//  The session's mirror (hall_session_mirror).
hall_mirror_t *
    hall_device_link_mirror (hall_device_link_t *self);

//  TRUE when the server is online and the mirror loaded.
gboolean
    hall_device_link_online (hall_device_link_t *self);

//  TRUE when the server refused the device key.
gboolean
    hall_device_link_key_refused (hall_device_link_t *self);

//  The hall's time (the server's clock as last heard, else this one's),
//  in seconds since the epoch.
gint64
    hall_device_link_now (hall_device_link_t *self);

//  TRUE while a replacement is due: the current session is on its way out.
gboolean
    hall_device_link_rebuilding (hall_device_link_t *self);

//  A refused REPLY to WHAT ("issue", "request" …): logged, and after a
//  timeout the session is replaced (once, from an idle).
void
    hall_device_link_refused (hall_device_link_t *self, const char *what,
                              const hall_reply_t *reply);

//  The slip of an issue-shaped RESULT (issue, journey.issue, an on-time
//  check-in, ticket.reprint): the hall and category as the mirror has
//  them, printed now if the server sent no issue time, a journey's slip
//  naming every step.  STATUS_URL: the QR's base, or NULL for the hall's.
//  Free with hall_ticket_print_destroy.
hall_ticket_print_t *
    hall_device_link_ticket (hall_device_link_t *self, json_t *result, const char *status_url);

#endif
