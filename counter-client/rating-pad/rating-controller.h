/*  rating-controller.h — the rating pad's link to the hall server.
 *
 *  Owns a common/ session of role rating_pad bound to one window, attached
 *  to the default GLib main context.  It watches the events for a service
 *  finishing at its window, remembers that ticket as the one the visitor in
 *  front of the pad may rate, loads the versioned reason list, and turns the
 *  visitor's choice into one `rate` request naming that ticket (so a late
 *  tap can never rate the next visitor's service).  The pad's screens never
 *  build a request themselves.
 *
 *  A rating answered after the next service finished is not reported (the
 *  pad shows the next visitor by then); it is logged.
 *
 *  A 差评 may carry the visitor's mobile number for the follow-up (with
 *  their consent): it goes into that one request and nowhere else — the
 *  controller keeps no copy and never logs it.
 *
 *  Signals:
 *    "service-finished" (const char *number, const char *clerk, const char *category)
 *                                    a service at this window just finished:
 *                                    its visitor may rate it now (clerk and
 *                                    category are display names, maybe "";
 *                                    a journey's step done names its place,
 *                                    "第 1 步 / 共 4 步：企业登记")
 *    "reasons-changed"               the reason list arrived (or changed)
 *    "rated"            (int level, gboolean contact)
 *                                    the server stored the visitor's rating
 *                                    (contact: a 差评 with the visitor's number)
 *    "failed"           (int code, const char *message)
 *                                    the server refused the rating, or did not
 *                                    answer (code is a hall_error_t; message
 *                                    is visitor-facing, translated)
 *    "online"           (gboolean)   the session came online / went offline
 *    "busy"             (gboolean)   a rating is on its way / answered
 */
#ifndef RATING_CONTROLLER_H
#define RATING_CONTROLLER_H

#include <glib-object.h>
#include "session.h"

G_BEGIN_DECLS

#define RATING_TYPE_CONTROLLER (rating_controller_get_type ())
G_DECLARE_FINAL_TYPE (RatingController, rating_controller, RATING, CONTROLLER, GObject)

/* REQUESTS / EVENTS NULL: the default endpoints. */
RatingController *rating_controller_new (const char *requests, const char *events, int window);

int             rating_controller_window (RatingController *self);
/* The window as the hall sees it now (its clerk, whether paused; the
 * protocol's window object, borrowed), or NULL before the first snapshot.
 * "window-changed" is emitted when it may have changed. */
json_t         *rating_controller_window_state (RatingController *self);
gboolean        rating_controller_online (RatingController *self);
gboolean        rating_controller_busy (RatingController *self);
hall_session_t *rating_controller_session (RatingController *self);

/* The reason list as the server sent it ({"version", "dimensions": [{"code",
 * "name", "name_en", "reasons": [{"code", "name", "name_en"}…]}…]}), or NULL
 * until it arrived.  Borrowed. */
json_t     *rating_controller_reasons (RatingController *self);
/* The ticket the visitor may rate now ("A001"), or NULL. */
const char *rating_controller_ticket (RatingController *self);

/* Rates the current ticket: LEVEL 5 非常满意 … 1 非常不满意; REASONS (codes,
 * NULL-terminated, may be NULL) and TEXT (may be NULL or "") for a 差评, and
 * CONTACT_PHONE (a 差评's: the number the visitor left and consented to be
 * called on, sent with consent; NULL: none, the case is anonymous).
 * Returns FALSE (and sends nothing) when there is no ticket to rate or a
 * rating is already on its way.  The outcome comes as "rated" or "failed". */
gboolean    rating_controller_rate (RatingController *self, int level,
                                    const char *const *reasons, const char *text,
                                    const char *contact_phone);
/* How many days after its case closes a number left is erased (the
 * snapshot's hall.case_phone_days; 30 until known): the consent text's. */
int         rating_controller_case_phone_days (RatingController *self);
/* The visitor left without rating (the screen timed out): forget the
 * ticket; the server gives its default rating later. */
void        rating_controller_forget (RatingController *self);

/* A name field of the reason list in the UI language ("name" or "name_en"). */
const char *rating_name (json_t *object);
/* The visitor-facing text for an error code (translated). */
const char *rating_error_message (hall_error_t code);

G_END_DECLS

#endif
