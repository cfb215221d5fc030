/*  rating.h — 好差评: the visitor's rating of a finished ticket.
 *
 *  Five levels: 非常满意 5, 满意 4, 基本满意 3, 不满意 2, 非常不满意 1.
 *  Levels 1-2 are 差评: they need at least one reason from the versioned
 *  reason list (data/rating-reasons.json, built into the server) and open
 *  a follow-up case (case.h).  A ticket is rated once; a ticket finished
 *  more than hall.rating_default_days ago (7 by default) without a rating
 *  gets a default 基本满意 from the sweep, stored with is_default and never
 *  counted as a given rating.  The rating operation does not depend on the
 *  pad: an admin (and later an online channel) names the ticket instead.
 */
#ifndef HALL_RATING_H
#define HALL_RATING_H

#include "rules.h"

/* The operations `rate` and `rating.reasons`. */
extern const hall_handler_t hall_rating_handlers[];

/* Gives the default 基本满意 to every finished ticket whose rating time is
 * over (inside the caller's transaction); one rating.defaulted event for
 * the lot.  0 or -1 on a storage error. */
int         hall_rating_sweep (hall_engine_t *self);

/* The built-in reason list (borrowed; parsed once) and its version. */
json_t     *hall_rating_reasons (void);
const char *hall_rating_reasons_version (void);
/* True when CODE is a reason of the current list. */
bool        hall_rating_reason_known (const char *code);

#endif
