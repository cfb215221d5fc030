/*  rating-idle-page.h — the rating pad between services: the window's
 *  name and a welcome; no rating prompt (that appears only when a service
 *  at this window finishes).
 */
#ifndef RATING_IDLE_PAGE_H
#define RATING_IDLE_PAGE_H

#include <gtk/gtk.h>
#include <jansson.h>

G_BEGIN_DECLS

#define RATING_TYPE_IDLE_PAGE (rating_idle_page_get_type ())
G_DECLARE_FINAL_TYPE (RatingIdlePage, rating_idle_page, RATING, IDLE_PAGE, GtkBox)

void rating_idle_page_set_window (RatingIdlePage *self, int window);
/* Whom the visitor faces: WINDOW (the protocol's window object, or NULL)
 * gives the clerk's name and staff number, or 暂停服务 while paused. */
void rating_idle_page_set_staff (RatingIdlePage *self, json_t *window);

G_END_DECLS

#endif
