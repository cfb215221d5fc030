/*  daily.h — the hall's day.
 *
 *  The day change (the first request or tick of a new local day) expires
 *  what still waits, starts numbering again, prunes old replies and sign-in
 *  failures, and publishes day.changed.  Once a minute of server time the
 *  sweep gives default ratings and announces overdue cases.  The test clock
 *  (`clock`) moves the server's time and is kept with the hall's state.
 */
#ifndef HALL_DAILY_H
#define HALL_DAILY_H

#include "rules.h"

/* The operation `clock`. */
extern const hall_handler_t hall_daily_handlers[];

/* Runs the day change when the hall's day is over: 0, or -1 on a storage
 * error (the caller rolls back). */
int hall_engine_day_check (hall_engine_t *self);
/* The follow-up, once a minute of server time: default ratings, overdue
 * cases.  0 or -1 on a storage error. */
int hall_daily_sweep (hall_engine_t *self);

#endif
