/*  reporter.h — reports, off the server's main thread.
 *
 *  A report reads a range of the whole history: a year of a busy hall
 *  (1M tickets) takes about a second, a county's more.  Run on the main
 *  thread, it held up every kiosk and desk of the county for that long.
 *  The reporter runs `report` requests one at a time in a thread of its
 *  own, on a second, read-only-in-practice connection to the same database
 *  (WAL lets it read while the main thread writes), with an engine of its
 *  own over that connection: the same rules, roles and figures
 *  (report.c), the same answer.
 *
 *  The main thread hands a request over with hall_reporter_submit() and,
 *  when hall_reporter_fd() is readable, collects finished replies with
 *  hall_reporter_take().  A report reads what was committed when it began;
 *  the server sends its reply like any reply to a read, after the syncs of
 *  what it may have seen (main.c).
 */
#ifndef HALL_REPORTER_H
#define HALL_REPORTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "protocol.h"

typedef struct _hall_reporter_t hall_reporter_t;

/* Opens DB_PATH a second time and starts the thread; NULL with a message
 * in ERRBUF when it cannot (the caller then runs reports itself). */
hall_reporter_t *hall_reporter_new (const char *db_path, const char *instance,
                                    char *errbuf, size_t errlen);

/* Stops the thread once the reports asked for have run; their replies can
 * still be taken.  Twice is fine. */
void hall_reporter_stop (hall_reporter_t *self);

/* Stops (see above) and drops the replies not taken. */
void hall_reporter_destroy (hall_reporter_t **self_p);

/* Runs REQ (its contents are moved into the reporter; REQ is left empty)
 * at server time NOW.  TAG comes back with the reply. */
void hall_reporter_submit (hall_reporter_t *self, hall_request_t *req, int64_t now, void *tag);

/* Readable (poll) when a reply may be ready. */
int  hall_reporter_fd (hall_reporter_t *self);

/* A finished reply: its TAG and text (free()); false when none is ready. */
bool hall_reporter_take (hall_reporter_t *self, void **tag, char **reply);

#endif
