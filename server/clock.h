/*  clock.h — the server's one clock.
 *
 *  The real clock reads the system time.  A test clock (hall-server
 *  --test-clock) starts at the system time and then moves only when told
 *  (the "clock" operation: set, or advance by seconds), so a test can run a
 *  whole day, a day change and issuing hours in seconds.  The engine keeps
 *  the test clock's time in the database (meta "test_clock") and sets it
 *  again at start, so a restarted test server resumes the hall's day.
 */
#ifndef HALL_CLOCK_H
#define HALL_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct _hall_clock_t hall_clock_t;

hall_clock_t *hall_clock_new (bool test);
void          hall_clock_destroy (hall_clock_t **self_p);
bool          hall_clock_is_test (hall_clock_t *self);
int64_t       hall_clock_now (hall_clock_t *self);          /* unix seconds */
/* Test clock only; return 0, or -1 on the real clock. */
int           hall_clock_set (hall_clock_t *self, int64_t now);
int           hall_clock_advance (hall_clock_t *self, int64_t seconds);

#endif
