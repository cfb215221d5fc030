/*  county-db.h — hall-uplink's connection to the county's PostgreSQL
 *  (docs/COUNTY.md, county/schema/001-county.sql).
 *
 *  One libpq connection, as this hall's login role.  Connecting checks
 *  that county.my_hall() is this hall and reads the hall's last_seq, in
 *  one statement.  A page of `events.read` is written in one
 *  transaction (docs/COUNTY.md, "The uplink's transaction"): the hall's
 *  row locked and compared with the page's `after`, the events inserted
 *  (plain INSERT: an event already there fails the page), the rows
 *  upserted, the hall's categories, windows and staff not in the page
 *  deleted, county.hall moved on, pg_notify('county', HALL), COMMIT.
 *  Each table's rows go as one jsonb parameter that SQL expands
 *  (jsonb_to_recordset): one statement per table per page, whatever the
 *  page's size.
 *
 *  Errors never carry a row's contents or the conninfo: the statement's
 *  name, the SQLSTATE and PostgreSQL's primary message (without it for a
 *  data error, whose message quotes the value).
 */
#ifndef COUNTY_DB_H
#define COUNTY_DB_H

#include <glib.h>
#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct _county_db_t county_db_t;

#define COUNTY_DB_ERROR (county_db_error_quark ())
GQuark county_db_error_quark (void);

typedef enum {
    COUNTY_DB_ERROR_DOWN,        /* cannot connect, or the connection failed */
    COUNTY_DB_ERROR_REFUSED,     /* a statement failed on a working connection (a duplicate event, a constraint) */
    COUNTY_DB_ERROR_WRONG_HALL,  /* county.my_hall() is not this hall: a configuration error */
    COUNTY_DB_ERROR_BAD_PAGE     /* the page is not of the documented shape (events out of order) */
} county_db_error_t;

typedef enum {
    COUNTY_DB_WRITTEN = 0,       /* committed */
    COUNTY_DB_MOVED,             /* the county's last_seq was not `after`: rolled back, last_seq re-read */
    COUNTY_DB_STOPPED,           /* a signal came before COMMIT: rolled back */
    COUNTY_DB_FAILED             /* rolled back (or the connection is gone): see the error */
} county_db_result_t;

/* Nothing is connected yet.  CONNINFO is a libpq connection string or URI
 * (copied; never logged); HALL the hall's county id.  STOP (a signal's
 * flag, borrowed) set during a transaction rolls it back.  DELAY_MS, for
 * tests (HALL_UPLINK_TEST_DELAY_MS; 0 otherwise): each page's
 * transaction waits that long before its COMMIT, and each heartbeat then
 * runs in a transaction that waits as long, so that a test that waits for
 * the uplink to be inside a transaction and kills it finds a long one
 * (the connect's check is one statement of a millisecond). */
county_db_t *county_db_new (const char *conninfo, const char *hall, int delay_ms,
                            volatile sig_atomic_t *stop);
void         county_db_destroy (county_db_t **self_p);

/* Connects (the first time) or resets the connection, checks the hall
 * and reads last_seq.  0, or -1 with ERROR
 * (COUNTY_DB_ERROR_DOWN or _WRONG_HALL). */
int          county_db_connect (county_db_t *self, GError **error);
/* True between a successful connect and a failure. */
bool         county_db_ready (county_db_t *self);
/* The hall's last_seq at the county, as last read or written. */
int64_t      county_db_last_seq (county_db_t *self);

/* Writes PAGE (an `events.read` result, borrowed) read with AFTER.  STOP
 * set before COMMIT rolls back (COUNTY_DB_STOPPED).  COUNTY_DB_FAILED
 * sets ERROR and leaves the connection not ready (county_db_connect
 * again), but for a page it cannot use (COUNTY_DB_ERROR_BAD_PAGE: nothing
 * was sent). */
county_db_result_t county_db_write_page (county_db_t *self, int64_t after, json_t *page,
                                         GError **error);

/* Only the hall's clock, day (YYYY-MM-DD, or NULL: unchanged) and
 * seen_at = now(), in one statement.  0, or -1 with ERROR (not ready
 * then). */
int          county_db_heartbeat (county_db_t *self, int64_t hall_time, const char *day,
                                  GError **error);

#endif
