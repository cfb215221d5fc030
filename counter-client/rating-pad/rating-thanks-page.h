/*  rating-thanks-page.h — the end of a rating: "感谢您的评价！", or, when
 *  the server refused it (already rated, the rating time over), what
 *  happened in the visitor's words.  The pad returns to idle after a few
 *  seconds.
 */
#ifndef RATING_THANKS_PAGE_H
#define RATING_THANKS_PAGE_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RATING_TYPE_THANKS_PAGE (rating_thanks_page_get_type ())
G_DECLARE_FINAL_TYPE (RatingThanksPage, rating_thanks_page, RATING, THANKS_PAGE, GtkBox)

/* The rating at LEVEL was stored; CONTACT: a 差评 with the visitor's
 * number (the hall will call them). */
void rating_thanks_page_show_thanks (RatingThanksPage *self, int level, gboolean contact);
/* The rating was refused: MESSAGE says why. */
void rating_thanks_page_show_refusal (RatingThanksPage *self, const char *message);

G_END_DECLS

#endif
