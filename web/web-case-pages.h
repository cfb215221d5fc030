/*  web-case-pages.h — the visitor's own case (c/TOKEN, the link of the
 *  revisit SMS): what they rated (the ticket, the category, the window,
 *  the level, the reasons, their words, when), what the hall did about it
 *  (the rectification as recorded, and when), then — while the server
 *  allows it — three buttons for their verdict on the fix (满意 / 基本满意 /
 *  不满意, with optional words), and after the verdict a second rating of
 *  the service (the ticket page's five levels and reasons).  No clerk's
 *  name and no phone number: case.view gives neither.  HTML only, Chinese
 *  first, English on ?lang=en; web-case.c says what went wrong.
 */
#ifndef WEB_CASE_PAGES_H
#define WEB_CASE_PAGES_H

#include "web-pages.h"

typedef struct {
    web_lang_t  lang;
    const char *token;          /* the case's link token: the page is c/TOKEN */
    const char *csrf;           /* its forms' token */
    json_t     *hall;           /* the snapshot's hall object (name, timezone) */
    json_t     *reasons;        /* the rating reason list, or NULL */
    const char *message;        /* a msgid to show (thanks, a refusal), or NULL */
    gboolean    message_bad;
} web_case_page_t;

/* The verdicts a visitor may give, by their form value ("satisfied",
 * "fair", "dissatisfied"): the protocol's words (满意 …), or NULL. */
const char *web_case_verdict (const char *value);

/* The page of VIEW (case.view's result). */
char       *web_page_case (const web_case_page_t *page, json_t *view);

#endif
