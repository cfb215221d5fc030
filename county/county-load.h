/*  county-load.h — a county's worth of made-up halls for benchmarks
 *  (`hall-county load`, `make bench`): the rows the halls' uplinks would
 *  have written (docs/COUNTY.md) — each hall's row, categories, windows,
 *  staff, tickets with their times, ratings, cases, bookings, and its
 *  event log (per ticket ticket.issued, ticket.called, ticket.started,
 *  then ticket.finished, ticket.noshow, ticket.cancelled or
 *  ticket.expired, rating.given or rating.defaulted; per window and day
 *  clerk.signin and clerk.signout) — through COPY FROM STDIN, one
 *  transaction per hall.
 *
 *  The same SEED gives the same rows.  The halls' login roles are not
 *  made (no uplink writes for them); their county.hall rows name
 *  "hall_" ID as db_role.  Runs as the owner (county_owner), who is not
 *  subject to row-level security.
 */
#ifndef HALL_COUNTY_LOAD_H
#define HALL_COUNTY_LOAD_H

#include <glib.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int         halls;             /* how many, 1 .. 999 */
    int         days;              /* days of each, 1 .. 3660 */
    int         tickets_per_day;   /* per hall, 1 .. 9999 (default 300) */
    guint32     seed;
    const char *last_day;          /* "YYYY-MM-DD", NULL: today in Asia/Shanghai (the county's clock) */
    const char *prefix;            /* the halls' ids: PREFIX001 …; NULL: "load" */
} county_load_spec_t;

typedef struct {
    int64_t halls, tickets, ratings, cases, bookings, events;
} county_load_counts_t;

/* Loads SPEC's halls into the county; refuses (COUNTY_DB_ERROR_EXISTS)
 * when one of their ids is there already.  PROGRESS (may be NULL) is
 * called after each hall with the counts so far.  On a failure the halls
 * loaded before it stay. */
bool county_load (PGconn *db, const county_load_spec_t *spec, county_load_counts_t *counts,
                  void (*progress) (const county_load_counts_t *counts, void *data), void *data,
                  GError **error);

#endif
