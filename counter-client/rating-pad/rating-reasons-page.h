/*  rating-reasons-page.h — why a 差评 (不满意 / 非常不满意): the reasons of
 *  the versioned list as toggle buttons grouped by dimension (服务效率,
 *  服务水平, 服务态度, 其他), a free-text entry, 返回 and 提交评价.  提交评价
 *  stays insensitive until at least one reason is chosen.
 *
 *  Signals: "submit" (the visitor confirmed: read _chosen and _text),
 *  "back" (to the five levels), "changed" (any touch: the pad restarts
 *  its inactivity timer).
 */
#ifndef RATING_REASONS_PAGE_H
#define RATING_REASONS_PAGE_H

#include <gtk/gtk.h>
#include <jansson.h>

G_BEGIN_DECLS

#define RATING_TYPE_REASONS_PAGE (rating_reasons_page_get_type ())
G_DECLARE_FINAL_TYPE (RatingReasonsPage, rating_reasons_page, RATING, REASONS_PAGE, GtkBox)

/* Builds the toggles from LIST (the rating.reasons result, borrowed; NULL:
 * "loading" until it comes).  Choices made so far are kept where the codes
 * still exist. */
void  rating_reasons_page_set_reasons (RatingReasonsPage *self, json_t *list);
/* A new 差评 at LEVEL (1 or 2): nothing chosen, no text. */
void  rating_reasons_page_reset (RatingReasonsPage *self, int level);
int   rating_reasons_page_level (RatingReasonsPage *self);
/* The chosen reason codes in list order (NULL-terminated; g_strfreev). */
char **rating_reasons_page_chosen (RatingReasonsPage *self);
/* The free text, trimmed ("" when none). */
const char *rating_reasons_page_text (RatingReasonsPage *self);

G_END_DECLS

#endif
