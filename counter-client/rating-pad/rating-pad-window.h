/*  rating-pad-window.h — the visitor-facing rating window (评价器), on the
 *  screen that faces the visitor across the window's counter.
 *
 *  Five screens, each its own type: idle (the window's name; no prompt),
 *  the five levels (when a service at this window finishes: its ticket
 *  number and clerk), the reasons for a 差评 (levels 1–2), then the
 *  contact step of a 差评 (a mobile number for the follow-up, with the
 *  consent text, or 不留号码: an anonymous case), and thanks (or why the
 *  rating was refused).  A number typed is wiped when it is sent and when
 *  its screen is left.  Thanks returns to idle after a few
 *  seconds; a screen left untouched returns to idle without a rating (the
 *  server gives its default later); the next finished service replaces
 *  whatever is shown.  Offline, a banner says so and nothing can be sent.
 *
 *  The pad renders and forwards intents; the RatingController (role
 *  rating_pad, its own session) does all talking to the server.  The clerk's
 *  desk has no way to rate.
 */
#ifndef RATING_PAD_WINDOW_H
#define RATING_PAD_WINDOW_H

#include <gtk/gtk.h>
#include "rating-controller.h"

G_BEGIN_DECLS

#define RATING_TYPE_PAD_WINDOW (rating_pad_window_get_type ())
G_DECLARE_FINAL_TYPE (RatingPadWindow, rating_pad_window, RATING, PAD_WINDOW, GtkWindow)

/* APP may be NULL (tests).  The pad keeps a reference on CONTROLLER. */
RatingPadWindow *rating_pad_window_new (GtkApplication *app, RatingController *controller);

/* How long the levels, reasons and contact screens wait untouched before going back
 * to idle (default 120 s), and how long thanks stays (default 5 s). */
void        rating_pad_window_set_timeouts (RatingPadWindow *self, guint rate_seconds,
                                             guint thanks_seconds);
/* The screen shown: "idle", "levels", "reasons", "contact" or "thanks". */
const char *rating_pad_window_screen (RatingPadWindow *self);

G_END_DECLS

#endif
