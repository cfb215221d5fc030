/*  web-case.h — the visitor's side of a 差评's follow-up: their case on
 *  the phone, at the link the hall sends them once it has rectified
 *  (`case.link` with send: the revisit SMS, web-notify.c).
 *
 *    GET  /c/TOKEN           the case (`case.view`): web-case-pages.h
 *    POST /c/TOKEN/verdict   their verdict on the fix (`case.verdict`)
 *    POST /c/TOKEN/rate      the second rating (`rate` with case_token)
 *
 *  Each POST answers with a redirect to the case's page (303), or the page
 *  again saying what the server refused.  The forms carry a token bound to
 *  the case ("case:TOKEN") and a cross-site POST is refused (web-reply.h);
 *  an unknown link gets its 404 page, an expired one its 410.
 */
#ifndef WEB_CASE_H
#define WEB_CASE_H

#include <libsoup/soup.h>
#include "web-hall.h"
#include "web-pages.h"

typedef struct _web_case_t web_case_t;

/* KEY: the forms' HMAC key (32 bytes, copied). */
web_case_t *web_case_new (web_hall_t *hall, const guint8 *key);
void        web_case_destroy (web_case_t **self_p);
/* Answers MSG (PATH, its QUERY, the visitor's LANG) when PATH is one of
 * the routes above: TRUE; else FALSE and MSG is the caller's. */
gboolean    web_case_handle (web_case_t *self, SoupServerMessage *msg, const char *path, GHashTable *query,
                             web_lang_t lang);

#endif
