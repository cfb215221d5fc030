/*  web-booking.h — appointments (预约) on the phone: the routes between a
 *  visitor's browser and the server's booking operations.
 *
 *    GET  /book/CODE        the category's form over the coming days' slots (`booking.slots`)
 *    POST /book/CODE        books (`booking.create`): the booking's page, or
 *                           the form again saying what is wrong, field by field
 *    GET  /booking          "my booking": a form for the code
 *    POST /booking          the booking of the code in the form (`booking.find`)
 *    POST /booking/cancel   cancels it (`booking.cancel`)
 *
 *  A booking code checks its visitor in at the kiosk: it travels only in
 *  pages' bodies and POSTed forms, never in a URL, and nothing here logs
 *  it or any personal data; a page shows the name, the document and the
 *  phone as the server masks them, and never echoes what was typed into
 *  the document number or phone fields.  Every form carries a token bound
 *  to what it acts on ("book:CODE", "booking", "cancel:CODE") and a
 *  cross-site POST is refused (web-reply.h).  Codes that find no booking
 *  are counted per client address: one that keeps guessing is refused for
 *  an hour.
 *
 *  It also learns which categories take bookings — a `booking.slots` of
 *  each category at every load of the hall and every 10 minutes — for the
 *  hall page's links.
 */
#ifndef WEB_BOOKING_H
#define WEB_BOOKING_H

#include <libsoup/soup.h>
#include "web-hall.h"
#include "web-pages.h"

typedef struct _web_booking_t web_booking_t;

/* KEY: the forms' HMAC key (32 bytes, copied). */
web_booking_t *web_booking_new (web_hall_t *hall, const guint8 *key);
void           web_booking_destroy (web_booking_t **self_p);
/* The categories known to take bookings: code -> non-NULL. */
GHashTable    *web_booking_categories (web_booking_t *self);
/* Answers MSG (PATH, the visitor's LANG, their ADDRESS for the guess
 * count) when PATH is one of the routes above: TRUE; else FALSE and MSG is
 * the caller's. */
gboolean       web_booking_handle (web_booking_t *self, SoupServerMessage *msg, const char *path, web_lang_t lang,
                                   const char *address);

#endif
