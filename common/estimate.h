/*  estimate.h — the wait the hall promises a visitor: one rule for the
 *  server (the issue reply, status, every ticket event), the printed
 *  ticket, the kiosk's buttons and the phone page.
 *
 *  Only windows that can serve the category now count: a clerk signed in,
 *  not paused, the category mapped to it as primary or backup.  With none
 *  the hall promises nothing (hall_estimate_t.open == 0): the screens say
 *  that no window serves the category now.
 *
 *  A unified window (一窗受理) shares its time among its categories, and
 *  serves a backup category only when its primary queues are empty, so the
 *  capacity a category gets is not the number of its windows but
 *      capacity = Σ over its open windows of  1 / (the window's primary categories)
 *                                           or ½ / (its backup categories)
 *  Then, with the mean service time (the category's last 20 services, a
 *  minute at least: services recorded as instant must not promise visitors
 *  no wait):
 *      wait = people ahead × mean service ÷ capacity   (rounded up; nobody ahead: 0)
 *      low  = 0.6 × wait
 *      high = 2 × wait + 2 × mean service ÷ capacity
 *  The factors come from docs/BENCHMARKS.md ("accuracy"): simulated days
 *  with peaks, lunch breaks, backup windows and skewed service times, where
 *  the middle is about a fifth closer to the real waits than the plain
 *  "ahead × mean ÷ windows", and nine real waits in ten are at most the
 *  band's top.
 */
#ifndef HALL_ESTIMATE_H
#define HALL_ESTIMATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define HALL_ESTIMATE_MIN_SERVICE 60      /* seconds: the least mean service time used */

typedef struct {
    int     open;           /* windows that can serve now; 0: no promise */
    double  capacity;       /* the windows' share for the category (see above) */
    int64_t wait;           /* seconds, the band's middle (-1 when open == 0) */
    int64_t low, high;      /* seconds, the band (-1 when open == 0) */
} hall_estimate_t;

/* The estimate for AHEAD people at MEAN_SERVICE seconds each, with OPEN
 * windows that can serve the category giving it CAPACITY. */
hall_estimate_t hall_estimate (int ahead, int64_t mean_service, int open, double capacity);

/* A window's share for a category: 1/PRIMARIES of its time when the
 * category is one of its PRIMARIES primary ones, else ½/BACKUPS. */
double hall_estimate_share (bool primary, int primaries, int backups);

/* Windows of WINDOWS (the snapshot's window objects) that can serve
 * category CODE now, as a client's mirror has them; their capacity for
 * it into *CAPACITY (may be NULL). */
int  hall_estimate_open_windows (json_t *windows, const char *code, double *capacity);
/* The numbers of those windows (new array), as replies list them. */
json_t *hall_estimate_windows_now (json_t *windows, const char *code);
/* The estimate for AHEAD people in category CATEGORY (a snapshot
 * category object: its code and service_mean) over WINDOWS. */
hall_estimate_t hall_estimate_for (json_t *category, json_t *windows, int ahead);

/* The estimate's fields into OBJECT: "estimated_wait", "wait_low",
 * "wait_high" (seconds, or null when no window is open) and
 * "open_windows" — as every reply and event carries them. */
void hall_estimate_set (json_t *object, hall_estimate_t estimate);
/* The same read back from a reply or event (a missing "open_windows" with
 * a number in "estimated_wait" reads as one window). */
hall_estimate_t hall_estimate_get (json_t *object);

#endif
