/*  counter-rating-pad.h — the visitor-facing rating window (评价器), on the
 *  screen that faces the visitor across the window's counter.
 *
 *  Four screens, each its own type: idle (the window's name; no prompt),
 *  the five levels (when a service at this window finishes: its ticket
 *  number and clerk), the reasons for a 差评 (levels 1–2), and thanks (or
 *  why the rating was refused).  Thanks returns to idle after a few
 *  seconds; a screen left untouched returns to idle without a rating (the
 *  server gives its default later); the next finished service replaces
 *  whatever is shown.  Offline, a banner says so and nothing can be sent.
 *
 *  The pad renders and forwards intents; the RatingController (role
 *  rating_pad, its own session) does all talking to the server.  The clerk's
 *  desk has no way to rate.
 */
#ifndef COUNTER_RATING_PAD_H
#define COUNTER_RATING_PAD_H

#include <gtk/gtk.h>
#include "rating-controller.h"

G_BEGIN_DECLS

#define COUNTER_TYPE_RATING_PAD (counter_rating_pad_get_type ())
G_DECLARE_FINAL_TYPE (CounterRatingPad, counter_rating_pad, COUNTER, RATING_PAD, GtkWindow)

/* APP may be NULL (tests).  The pad keeps a reference on CONTROLLER. */
CounterRatingPad *counter_rating_pad_new (GtkApplication *app, RatingController *controller);

/* How long the levels and reasons screens wait untouched before going back
 * to idle (default 120 s), and how long thanks stays (default 5 s). */
void        counter_rating_pad_set_timeouts (CounterRatingPad *self, guint rate_seconds,
                                             guint thanks_seconds);
/* The screen shown: "idle", "levels", "reasons" or "thanks". */
const char *counter_rating_pad_screen (CounterRatingPad *self);

G_END_DECLS

#endif
