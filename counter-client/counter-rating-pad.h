/*  counter-rating-pad.h — the visitor-facing rating window (评价器), a
 *  second window on the screen that faces the visitor.
 *
 *  A placeholder until the ratings issue (issue 5) adds the rating
 *  operations: it shows the window's name and a "coming" note.  Issue 5
 *  fills it in: five levels (非常满意 5 … 非常不满意 1), a reason from the
 *  versioned list for levels 1–2, bound to the ticket just finished at this
 *  window; it will talk through its own session with role rating_pad.
 *  `hall-counter --rating-pad` opens it next to the desk.
 */
#ifndef COUNTER_RATING_PAD_H
#define COUNTER_RATING_PAD_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define COUNTER_TYPE_RATING_PAD (counter_rating_pad_get_type ())
G_DECLARE_FINAL_TYPE (CounterRatingPad, counter_rating_pad, COUNTER, RATING_PAD, GtkWindow)

CounterRatingPad *counter_rating_pad_new (GtkApplication *app, int window);

G_END_DECLS

#endif
