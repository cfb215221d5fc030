/*  web-reply.h — how hall-web answers, whatever the page: the security
 *  headers on every answer, HTML and JSON bodies, the Chinese error page,
 *  and the forms — a POST body decoded, its token bound to what the form
 *  acts on, a POST from another site refused.  The ticket's routes
 *  (web-server.c) and the appointments' (web-booking.c) answer through it.
 */
#ifndef WEB_REPLY_H
#define WEB_REPLY_H

#include <glib.h>
#include <libsoup/soup.h>
#include "web-pages.h"

#define WEB_MAX_BODY 4096       /* bytes of a POST */

/* The headers every answer carries: a CSP without inline script, no
 * framing, no sniffing, no referrer, no-store. */
void        web_reply_headers (SoupServerMessage *msg);
/* Sends BODY (taken) as TYPE with STATUS. */
void        web_reply_send (SoupServerMessage *msg, guint status, const char *type, char *body);
void        web_reply_html (SoupServerMessage *msg, guint status, char *html);
/* "../" for each folder of the request's path below the root ("/t/X":
 * "../"): the pages' links are relative, so any prefix holds (g_free). */
char       *web_reply_root (SoupServerMessage *msg);
/* The hall's name on error pages (copied); NULL forgets it. */
void        web_reply_set_hall_name (const char *name);
/* The error page (TITLE and DETAIL are msgids, DETAIL may be NULL). */
void        web_reply_error (SoupServerMessage *msg, guint status, web_lang_t lang, const char *title,
                             const char *detail);

/* The POST body as a form (g_hash_table_destroy), or NULL when it is too
 * long or not UTF-8. */
GHashTable *web_reply_form (SoupServerMessage *msg);
/* A form's token: HMAC-SHA256 under KEY (32 bytes, new at each start) of
 * BINDING, what the form acts on (a ticket's token, "book:CODE" ...). */
char       *web_reply_csrf (const guint8 *key, const char *binding);
/* A POST from another site: FORM's "csrf" is not BINDING's token, or the
 * browser says the request is cross-site (an Origin of another host,
 * Sec-Fetch-Site other than same-origin or none). */
gboolean    web_reply_forged (SoupServerMessage *msg, const guint8 *key, const char *binding, GHashTable *form);

/* The 好差评 form's fields (web_html_rating_form): *LEVEL (0 when none or
 * out of 1–5, or the text is over 200 characters), the chosen reason codes
 * (a new array) and the visitor's words (FORM's, or NULL). */
int         web_reply_rating (GHashTable *form, json_t **reasons, const char **text);

#endif
