/*  web-pages.h — what hall-web sends a phone: the ticket page, the hall
 *  page and the error pages (HTML, Chinese first, English on ?lang=en),
 *  and the texts of a ticket's view for the live page's script.  Every
 *  sentence about a wait comes from common/ticket-text.c, as on the paper
 *  and the kiosk.  No HTTP here: the server module sends what these make.
 */
#ifndef WEB_PAGES_H
#define WEB_PAGES_H

#include <glib.h>
#include <jansson.h>
#include "mirror.h"

typedef enum { WEB_ZH = 0, WEB_EN } web_lang_t;

/* Loads the English catalogue (po/hall-web.en.po); ARGV0 helps find the
 * build tree.  Without it English shows the Chinese source strings. */
void        web_text_init (const char *argv0);
void        web_text_shutdown (void);
const char *web_tr (web_lang_t lang, const char *msgid);

/* The live texts of VIEW (web_hall_view) in LANG, added to it as "texts":
 * {"category", "state", "ahead", "wait", "windows", "near", "called",
 *  "journey"}: "category" the journey's theme for a journey ticket, else
 * the category's name; "journey" null, or {"name", "where" (the step it
 * is on: hall_journey_text), "steps": [{"state", "mark", "name",
 * "optional", "label", "go" (the current step's windows: "→ 3号窗口")}]}. */
void        web_view_add_texts (json_t *view, web_lang_t lang);

typedef struct {
    web_lang_t  lang;           /* the ticket page lives at t/TOKEN: its links are relative to that */
    const char *token;
    const char *csrf;          /* the forms' token */
    const char *message;       /* a result to show (rated, refused ...), or NULL */
    gboolean    message_bad;   /* the message is an error */
    gboolean    sms;           /* the hall sends SMS: offer the number form */
    json_t     *reasons;       /* the rating reason list, or NULL */
    json_t     *hall;          /* the snapshot's hall object */
} web_page_t;

/* The ticket page for VIEW (with its texts). */
char       *web_page_ticket (const web_page_t *page, json_t *view);
/* The hall page: each open category's waiting people and honest wait,
 * and a booking link for each category in BOOKABLE (code -> anything; may
 * be NULL) with the way to one's booking.  ROOT leads from the request's
 * folder to hall-web's root ("", "../"): every link is relative, so the
 * pages work under any prefix the hall's proxy publishes them at. */
char       *web_page_hall (web_lang_t lang, hall_mirror_t *mirror, gboolean online, const char *root,
                           GHashTable *bookable);
/* A page that says what went wrong (TITLE and DETAIL are msgids). */
char       *web_page_error (web_lang_t lang, const char *hall_name, const char *root, const char *title,
                            const char *detail);

/* The pieces every page is made of (for the other pages' modules). */
/* Appends TEXT escaped for HTML. */
void        web_html_esc (GString *out, const char *text);
/* The document's head and the opening <body>; links relative to ROOT.
 * BODY_ATTRS: the ticket page's (its live script comes with them), or NULL. */
void        web_html_head (GString *out, web_lang_t lang, const char *root, const char *title,
                           const char *body_attrs);
/* The red bar with the hall's name, and the language switch (?lang=)
 * unless SWITCH_LANG is FALSE (a POST's answer, which a GET would not
 * show again). */
void        web_html_top (GString *out, web_lang_t lang, gboolean switch_lang, const char *hall_name);
/* "?lang=en" in English, else "". */
const char *web_lang_query (web_lang_t lang);
/* The 好差评 form (the five levels, the reasons of REASONS, the visitor's
 * words), titled TITLE (a msgid), POSTed to ACTION (relative to the page)
 * with CSRF.  With CONTACT_HALL (the snapshot's hall object) a 差评 may
 * leave a mobile number for the follow-up (contact_phone, with consent),
 * under the consent text naming the hall's case_phone_days. */
void        web_html_rating_form (GString *out, web_lang_t lang, const char *title, const char *action,
                                  const char *csrf, json_t *reasons, json_t *contact_hall);
/* The msgid of a 好差评 level's name (5 非常满意 … 1 非常不满意; "" for another). */
const char *web_level_name (int level);
/* The hall's case_phone_days (its snapshot object), 30 when not given. */
int         web_case_phone_days (json_t *hall);

#endif
