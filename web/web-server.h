/*  web-server.h — hall-web's HTTP side (libsoup 3 on the GLib main loop):
 *
 *    GET  /, /hall              the hall page: waits per category
 *    GET  /t/TOKEN              the ticket page (the ticket's QR)
 *    GET  /api/t/TOKEN          its view as JSON (the page's fallback poll)
 *    GET  /api/t/TOKEN/events   its view as Server-Sent Events, live
 *    POST /t/TOKEN/rate         好差评 from the page (a 差评 may leave a number, with consent)
 *    POST /t/TOKEN/notify       a mobile number for the SMS
 *    GET  /static/...           the page's script and style sheet
 *    /book/CODE, /booking ...   appointments (预约): web-booking.h
 *    /c/TOKEN ...               the visitor's 差评 case, from the revisit SMS: web-case.h
 *
 *  Defence: only GET, HEAD and POST; POST bodies at most 4 KB with a
 *  length; forms carry a token bound to what they act on (HMAC with a key
 *  made at start) and a cross-site Origin or Sec-Fetch-Site is refused
 *  (web-reply.h); a request budget per client address (token bucket) and
 *  a cap on live streams per address; security headers on every answer
 *  (CSP without inline script, no framing, no referrer, no-store); every
 *  bad input gets a 4xx page in Chinese.
 */
#ifndef WEB_SERVER_H
#define WEB_SERVER_H

#include <glib.h>
#include "web-hall.h"

typedef struct {
    const char *listen;         /* "127.0.0.1:8080", "[::1]:8080" */
    double      rate;           /* requests per second per address */
    int         burst;          /* a bucket's size */
    int         max_streams;    /* live pages per address */
    gboolean    trust_proxy;    /* take the address from X-Forwarded-For when the peer is loopback */
    gboolean    sms;            /* the hall sends SMS (a webhook is set): offer the form */
} web_server_config_t;

typedef struct _web_server_t web_server_t;

/* NULL with ERROR when the address cannot be listened on. */
web_server_t *web_server_new (web_hall_t *hall, const web_server_config_t *config, GError **error);
void          web_server_destroy (web_server_t **self_p);
/* Called after a page's action: the SMS sender wants to look again. */
void          web_server_on_action (web_server_t *self, void (*fn) (gpointer), gpointer user);
/* Live pages open now. */
guint         web_server_streams (web_server_t *self);

#endif
