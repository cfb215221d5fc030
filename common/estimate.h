/*  estimate.h — the wait the hall promises a visitor: one rule for the
 *  server (the issue reply, the printed ticket, status) and every client
 *  that shows a wait before a ticket is taken (the kiosk's buttons).
 *
 *  wait = people ahead × mean service time ÷ windows open, rounded up to
 *  the second; nobody ahead waits 0.  The mean service time is taken as a
 *  minute at least: services recorded as instant (a clerk who presses
 *  start and finish together) must not promise visitors no wait.  At least
 *  one window counts as open, so a queue with every window closed still
 *  shows the time it would take one window.
 */
#ifndef HALL_ESTIMATE_H
#define HALL_ESTIMATE_H

#include <jansson.h>
#include <stdint.h>

#define HALL_ESTIMATE_MIN_SERVICE 60      /* seconds: the least mean service time used */

/* Seconds AHEAD people take at MEAN_SERVICE seconds each over OPEN windows. */
int64_t hall_estimate_wait (int ahead, int64_t mean_service, int open);

/* Windows counted as open, of UNPAUSED windows serving a category of which
 * STAFFED have a clerk signed in or a ticket at the window: the staffed
 * ones; if none is staffed, the unpaused ones; at least 1. */
int     hall_estimate_open (int unpaused, int staffed);

/* The same counted over WINDOWS (the snapshot's window objects) for
 * category CODE, as a client's mirror has them. */
int     hall_estimate_open_windows (json_t *windows, const char *code);

#endif
