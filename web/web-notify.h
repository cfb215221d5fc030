/*  web-notify.h — the SMS the hall owes, sent to the hall's notification
 *  webhook (which the hall connects to its SMS provider).
 *
 *  The server decides what is owed (`notify.owed`: a `near` and a `called`
 *  message per subscribed ticket, a `booking_day` and a `booking_hour`
 *  reminder per booking, each once, and a `revisit` link per 差评 case the
 *  manager sends one for) and forgets the day's at the day change;
 *  this asks after every ticket and case event, at every new minute of the
 *  server's clock and every 30 s, and sends each one as a signed JSON
 *  POST:
 *
 *    POST <webhook>
 *    Content-Type: application/json
 *    Idempotency-Key: <key>             the same on every try of one message
 *    X-Hall-Timestamp: <unix seconds>
 *    X-Hall-Signature: sha256=<hex HMAC-SHA256(secret, timestamp "." body)>
 *
 *    {"key", "kind": "near"|"called"|"booking_day"|"booking_hour"|"revisit", "hall",
 *     "number", "category", "category_name", "window", "ahead",
 *     "booking": {"day", "start", "end"} or null, "phone", "text", "created_at",
 *     "link": a revisit's case page (the public base of status_url, then c/TOKEN), else null}
 *
 *  A 2xx answer marks it sent (`notify.sent`); anything else, or no answer
 *  in 10 s, is a failed try, retried after 1, 2, 4 … seconds (at most 5
 *  minutes apart) for as long as the server still owes it.  docs/OPERATIONS.md
 *  has the receiver's side.
 */
#ifndef WEB_NOTIFY_H
#define WEB_NOTIFY_H

#include "web-hall.h"

typedef struct _web_notify_t web_notify_t;

/* SECRET is the HMAC key (not empty). */
web_notify_t *web_notify_new (web_hall_t *hall, const char *url, const char *secret);
void          web_notify_destroy (web_notify_t **self_p);
/* Something may now be owed (an event, a new number): look soon. */
void          web_notify_kick (web_notify_t *self);

#endif
