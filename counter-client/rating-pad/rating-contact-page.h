/*  rating-contact-page.h — after the reasons of a 差评, the visitor may
 *  leave a mobile number so that the hall can call them about it: the
 *  consent text (what the number is for, and that it is erased the hall's
 *  case_phone_days after the case closes), the number as typed, an
 *  on-screen keypad (the pad is a touch screen: no keyboard), 提交 (only
 *  with a whole mainland mobile number: 11 digits, 1 then 3–9), 不留号码 (the
 *  case is then anonymous) and 返回 (to the reasons).
 *
 *  The page holds the digits only until the pad reads them to send the
 *  rating, and _clear wipes them; nothing here logs them.
 *
 *  Signals: "submit" (read _number), "skip" (no number), "back",
 *  "changed" (any touch: the pad restarts its inactivity timer).
 */
#ifndef RATING_CONTACT_PAGE_H
#define RATING_CONTACT_PAGE_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RATING_TYPE_CONTACT_PAGE (rating_contact_page_get_type ())
G_DECLARE_FINAL_TYPE (RatingContactPage, rating_contact_page, RATING, CONTACT_PAGE, GtkBox)

#define RATING_PHONE_DIGITS 11

/* A new visitor: no digits; the consent text names DAYS (the hall's
 * case_phone_days). */
void        rating_contact_page_reset (RatingContactPage *self, int days);
/* The digits typed ("" when none); borrowed until the next change. */
const char *rating_contact_page_number (RatingContactPage *self);
/* A whole mainland mobile number is typed (hall_id_mobile_ok). */
gboolean    rating_contact_page_complete (RatingContactPage *self);
/* Forgets the digits (wiped) and empties the display. */
void        rating_contact_page_clear (RatingContactPage *self);

G_END_DECLS

#endif
