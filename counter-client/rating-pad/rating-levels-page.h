/*  rating-levels-page.h — the five levels of 好差评, one big button each,
 *  with stars and words (★★★★★ 非常满意 … ★ 非常不满意), under the ticket
 *  number and the clerk who served it.
 *
 *  Signal "level-chosen" (int level): 5 非常满意 … 1 非常不满意.  The pad
 *  decides what follows (levels 1–2 need a reason).
 */
#ifndef RATING_LEVELS_PAGE_H
#define RATING_LEVELS_PAGE_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RATING_TYPE_LEVELS_PAGE (rating_levels_page_get_type ())
G_DECLARE_FINAL_TYPE (RatingLevelsPage, rating_levels_page, RATING, LEVELS_PAGE, GtkBox)

/* The service being rated: ticket NUMBER, CLERK and CATEGORY names ("" or
 * NULL when unknown). */
void rating_levels_page_set_service (RatingLevelsPage *self, const char *number,
                                     const char *clerk, const char *category);

/* "★★★★★" for level 5 … "★" for 1, and the level's name (translated). */
const char *rating_level_stars (int level);
const char *rating_level_name (int level);

G_END_DECLS

#endif
