/*  notice-bar.h — a line of text scrolling right to left across the foot
 *  of the board (the hall's notice). */
#ifndef HALL_NOTICE_BAR_H
#define HALL_NOTICE_BAR_H

#include <gtk/gtk.h>

G_BEGIN_DECLS
#define HALL_TYPE_NOTICE_BAR (hall_notice_bar_get_type ())
G_DECLARE_FINAL_TYPE (HallNoticeBar, hall_notice_bar, HALL, NOTICE_BAR, GtkWidget)

void hall_notice_bar_set_text (HallNoticeBar *self, const char *text);
G_END_DECLS

#endif
