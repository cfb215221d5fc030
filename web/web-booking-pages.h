/*  web-booking-pages.h — the appointment pages (预约) a phone gets: a
 *  category's booking form over the coming days' slots, one booking (its
 *  code large with the code's QR, day and slot, the name, document and
 *  phone as the server masks them, how to check in, the cancel button),
 *  and the form that finds one's booking by its code.  HTML only, Chinese
 *  first, English on ?lang=en; what went wrong comes as text the
 *  controller chose (web-booking.c).  A code is only ever in a page's body
 *  and in a form that is POSTed, never in a link.
 */
#ifndef WEB_BOOKING_PAGES_H
#define WEB_BOOKING_PAGES_H

#include "web-pages.h"

/* What the visitor entered that a refused form shows again: never the
 * document number or the phone (a page does not echo them). */
typedef struct {
    const char *slot;           /* "2026-11-28 09:00", or NULL */
    const char *name;
    const char *document;       /* id, passport, hk_macao, taiwan, other */
    const char *credit_code;
} web_booking_entry_t;

typedef struct {
    web_lang_t  lang;
    const char *root;           /* from the page's folder to hall-web's root: "", "../" */
    json_t     *hall;           /* the snapshot's hall object */
    const char *today;          /* the hall's day, "YYYY-MM-DD" (今天, 明天) */
    const char *message;        /* what happened, in LANG already, or NULL */
    gboolean    message_bad;
    const char *csrf;           /* the page's form token */
} web_booking_page_t;

/* The form of CATEGORY (the snapshot's object): DAYS as `booking.slots`
 * gives them, ENTRY shown again (may be NULL), ERRORS field name ("slot",
 * "name", "document", "id_number", "phone", "credit_code") -> text in
 * LANG (may be NULL).  The page is book/CODE. */
char *web_page_booking_form (const web_booking_page_t *page, json_t *category, json_t *days,
                             const web_booking_entry_t *entry, GHashTable *errors);
/* BOOKING (the server's object) of CATEGORY (may be NULL), with QR_SVG
 * (the code's, or NULL); CSRF cancels it while it is booked. */
char *web_page_booking (const web_booking_page_t *page, json_t *booking, json_t *category, const char *qr_svg);
/* "My booking": the code to type; ERROR (in LANG) under it, or NULL. */
char *web_page_booking_find (const web_booking_page_t *page, const char *error);

/* "11月28日 周六 · 明天" ("Sat 28 Nov · tomorrow") for DAY, against TODAY (g_free). */
char *web_booking_day_text (web_lang_t lang, const char *day, const char *today);

#endif
