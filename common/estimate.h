/*  estimate.h — the wait the hall promises a visitor: one rule for the
 *  server (the issue reply, status, every ticket event), the printed
 *  ticket, the kiosk's buttons and the phone page.
 *
 *  Only windows that can serve the category now count as open: a clerk
 *  signed in, not paused, the category mapped to it as primary or backup.
 *  With none open the hall promises nothing (hall_estimate_t.open == 0):
 *  the screens say that no window serves the category now.
 *
 *  Otherwise the wait is a band around the middle
 *      wait = people ahead × mean service ÷ windows open (rounded up),
 *  nobody ahead waits 0.  The mean service time (recent finished services)
 *  is taken as a minute at least: services recorded as instant must not
 *  promise visitors no wait.  The band:
 *      low  = wait × 0.6
 *      high = wait × 1.5 + mean service ÷ windows open
 *  (the extra term is the service in progress, which "ahead" leaves out;
 *  docs/BENCHMARKS.md measures the band against simulated days).
 */
#ifndef HALL_ESTIMATE_H
#define HALL_ESTIMATE_H

#include <jansson.h>
#include <stdint.h>

#define HALL_ESTIMATE_MIN_SERVICE 60      /* seconds: the least mean service time used */

typedef struct {
    int     open;           /* windows that can serve now; 0: no promise */
    int64_t wait;           /* seconds, the band's middle (-1 when open == 0) */
    int64_t low, high;      /* seconds, the band (-1 when open == 0) */
} hall_estimate_t;

/* The estimate for AHEAD people at MEAN_SERVICE seconds each over OPEN windows. */
hall_estimate_t hall_estimate (int ahead, int64_t mean_service, int open);

/* Windows of WINDOWS (the snapshot's window objects) that can serve
 * category CODE now, as a client's mirror has them. */
int  hall_estimate_open_windows (json_t *windows, const char *code);

/* The estimate's fields into OBJECT: "estimated_wait", "wait_low",
 * "wait_high" (seconds, or null when no window is open) and
 * "open_windows" — as every reply and event carries them. */
void hall_estimate_set (json_t *object, hall_estimate_t estimate);
/* The same read back from a reply or event (a missing "open_windows" with
 * a number in "estimated_wait" reads as one window). */
hall_estimate_t hall_estimate_get (json_t *object);

#endif
