/*  web-hall.h — what hall-web knows: the hall (a mirror kept by a
 *  HallClient with role web) and the tickets whose pages are open, each
 *  found once by its link's token (`ticket.view`) and then followed through
 *  the events.  A ticket's view — state, people ahead, the estimate, the
 *  windows — is computed from the mirror with the server's own rules
 *  (hall_mirror_ahead, hall_estimate), so a page learns of every call at
 *  once without asking the server again.  No GTK, no HTTP here.
 */
#ifndef WEB_HALL_H
#define WEB_HALL_H

#include "client.h"
#include <jansson.h>

typedef struct _web_hall_t web_hall_t;

/* One ticket with its page open (or recently opened). */
typedef struct {
    char      token[24];
    json_t   *ticket;          /* the ticket object, as the latest event or ticket.view gave it */
    json_t   *rating;          /* {"level", "default"} or null */
    char     *phone;           /* the number left for SMS, masked, or NULL */
    char      day[16];         /* the ticket's day (ticket.view) */
    gint64    used;            /* monotonic µs of the last request or stream */
    guint     streams;         /* live pages (event streams) following it */
} web_ticket_t;

/* A lookup's answer: TICKET, or NULL with ERROR (unknown_ticket: no such
 * link; bad_state: expired; timeout: the server did not answer). */
typedef void (*web_ticket_fn) (web_hall_t *hall, web_ticket_t *ticket, hall_error_t error, gpointer user);
/* Something a page shows may have changed (coalesced: once per main-loop
 * turn after any events). */
typedef void (*web_changed_fn) (web_hall_t *hall, gpointer user);
/* The reply of an action (rate, notify.subscribe): REPLY borrowed. */
typedef void (*web_done_fn) (web_hall_t *hall, const hall_reply_t *reply, gpointer user);

/* CLIENT is referenced. */
web_hall_t     *web_hall_new (HallClient *client);
void            web_hall_destroy (web_hall_t **self_p);
void            web_hall_on_changed (web_hall_t *self, web_changed_fn fn, gpointer user);
HallClient     *web_hall_client (web_hall_t *self);
hall_mirror_t  *web_hall_mirror (web_hall_t *self);
gboolean        web_hall_online (web_hall_t *self);
/* The reason list of the hall's 好差评 (`rating.reasons`), or NULL until fetched. */
json_t         *web_hall_reasons (web_hall_t *self);

/* The ticket of TOKEN: FN is called at once when it is known (the
 * cache), else when the server answers.  TOKEN must be 22 base64url
 * characters (checked by the caller). */
void            web_hall_lookup (web_hall_t *self, const char *token, web_ticket_fn fn, gpointer user);
/* Asks the server again (after an action changed the ticket). */
void            web_hall_refresh (web_hall_t *self, const char *token, web_ticket_fn fn, gpointer user);
/* The tickets kept now (for the streams). */
GHashTable     *web_hall_tickets (web_hall_t *self);   /* token -> web_ticket_t */

/* The view of TICKET now (new reference):
 *   {"number", "category", "state", "ahead", "near", "notify_ahead",
 *    "open_windows", "estimated_wait", "wait_low", "wait_high",
 *    "windows": [open windows], "window", "rated", "rating", "phone",
 *    "notice", "online", "journey"}
 * where "journey" is null, or the ticket's journey object (PROTOCOL.md)
 * with each step's category "name" and "name_en". */
json_t         *web_hall_view (web_hall_t *self, web_ticket_t *ticket);

/* Actions through the server; DONE gets the reply.  CONTACT_PHONE: a
 * 差评's number the visitor consented to be called on (sent with consent;
 * NULL or "": none). */
void            web_hall_rate (web_hall_t *self, const char *token, int level, json_t *reasons,
                               const char *text, const char *contact_phone, web_done_fn done, gpointer user);
/* The second rating, after a revisit: by the case's link token. */
void            web_hall_rate_case (web_hall_t *self, const char *case_token, int level, json_t *reasons,
                                    const char *text, web_done_fn done, gpointer user);
/* Any other request OP with ARGS (taken): its reply to DONE. */
void            web_hall_request (web_hall_t *self, hall_op_t op, json_t *args, web_done_fn done, gpointer user);
void            web_hall_subscribe (web_hall_t *self, const char *token, const char *phone,
                                    web_done_fn done, gpointer user);

#endif
