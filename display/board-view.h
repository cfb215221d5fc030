/*  board-view.h — what the hall board shows, worked out from the mirror.
 *
 *  Plain functions over common/'s hall_mirror_t, shared by the board's
 *  panels and the window strip: which call is current, how a window is
 *  named, whether English second lines are shown.  No GTK, no protocol.
 */
#ifndef HALL_BOARD_VIEW_H
#define HALL_BOARD_VIEW_H

#include <glib.h>
#include "mirror.h"

#define HALL_BOARD_RECENT 4      /* earlier calls listed beside the current one */

/* The newest call whose ticket is still called or served at that window
 * (borrowed), or NULL.  After a resync a finished ticket is never current. */
json_t     *hall_view_current_call (hall_mirror_t *mirror);
/* The ticket now at window NUMBER (called or serving; borrowed) or NULL. */
json_t     *hall_view_window_ticket (hall_mirror_t *mirror, int number);

/* True when the interface language is Chinese (the catalogue did not
 * translate): then English goes on a second, smaller line. */
gboolean    hall_view_bilingual (void);
/* "3号窗口" (or "Window 3" in English). */
char       *hall_view_window_label (int number);
/* "Window 3" always (the English second line). */
char       *hall_view_window_label_en (int number);
/* The category's name in the interface language (borrowed). */
const char *hall_view_category_name (json_t *category);

#endif
