/*  rules.h — what the hall's rule modules share: the engine's state, the
 *  one outcome type, statement and argument helpers, the lookups every
 *  operation starts with, and the handler rows each module exports.
 *
 *  An operation (a handler) runs inside hall_engine_handle(): it reads and
 *  writes through the cached statements of hall_engine_stmt(), checks
 *  everything and fails with hall_outcome_fail() before its first write,
 *  and appends events with hall_engine_event() (events.h).  The caller's
 *  savepoint undoes a storage failure half-way.  Not for clients: only
 *  server/ includes this.
 *
 *  The layers, each using only those below it (docs/ARCHITECTURE.md):
 *    engine.c                       the core: roles, idempotency, caches, the table
 *    issue ticket window device daily snapshot rating case report
 *                                   the domain modules and their handler rows
 *    events.c                       the event log and its published form
 *    cache.c                        the issue cache, category lookup
 *    rows.c                         the hall's entities as JSON, estimates
 *    rules.c                        time, statements, lookups
 */
#ifndef HALL_RULES_H
#define HALL_RULES_H

#include <stdarg.h>
#include <stdio.h>
#include <sqlite3.h>
#include "engine.h"

struct _hall_engine_t {
    hall_store_t *store;          /* the database (not owned) */
    hall_clock_t *clock;          /* the server's clock (not owned) */
    char         *instance;       /* this run's id, in snapshots */
    GTimeZone    *tz;             /* the hall's time zone */
    char          day[16];        /* the local day counters are for; "" before the first tick */
    int64_t       day_seq;        /* seq before the first event of the day */
    /* hall settings, cached from meta */
    bool          strict;         /* missed numbers are void */
    int           requeue_after;  /* re-queue behind this many waiting tickets */
    int           requeue_max;    /* at most this many re-queues a day */
    bool          transfer_front; /* transferred tickets go to the front */
    /* the request being handled */
    const hall_request_t *req;
    GPtrArray    *events;         /* events of the current request */
    int64_t       sweep_at;       /* next follow-up sweep (default ratings, overdue cases) */
    char          failed_signin[64]; /* staff id of a failed sign-in to record after rollback */
    /* kept between requests (see "the issue cache" below) */
    GHashTable   *cache;          /* category code → hall_category_cache_t */
    bool          caching;        /* the request being handled is an issue */
    GHashTable   *lists;          /* window's category lists: 2 × number (+1 backup) → json_t* */
    /* the county (uplink.c) */
    int64_t       county_after;   /* what the county holds: the last read's `after`; -1 not known yet */
    int64_t       county_kept;    /* the value last kept in meta county.after (-1: none) */
};

/* An operation's outcome: an error (code and message) or a result. */
typedef struct {
    hall_error_t code;
    char         message[256];
    json_t      *result;          /* on success, owned */
    const char  *raw_key;         /* with this member added to it, when set ... */
    const char  *raw_text;        /* ... as already-encoded JSON (borrowed) */
} hall_outcome_t;

/* An operation's handler: 0 with OUT->result set, or -1 with the error. */
typedef int (*hall_handler_fn) (hall_engine_t *self, const hall_request_t *req,
                                hall_outcome_t *out);

/* A module's row of the operation table: the rest of the row (name, roles,
 * fields, flags) is the protocol's, in common/protocol.c.  A module's rows
 * end with { HALL_OP_NONE, NULL }. */
typedef struct {
    hall_op_t       op;
    hall_handler_fn run;
} hall_handler_t;

/* The handler of OP, from the modules' rows (engine.c), or NULL. */
hall_handler_fn hall_engine_handler (hall_op_t op);

static inline int G_GNUC_PRINTF (3, 4)
hall_outcome_fail (hall_outcome_t *out, hall_error_t code, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    vsnprintf (out->message, sizeof out->message, fmt, args);
    va_end (args);
    out->code = code;
    return -1;
}

/* Column COL of the current row as JSON: text or integer, null for NULL. */
static inline json_t *
hall_column_text (sqlite3_stmt *stmt, int col)
{
    if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
        return json_null ();
    return json_string ((const char *) sqlite3_column_text (stmt, col));
}

static inline json_t *
hall_column_int (sqlite3_stmt *stmt, int col)
{
    if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
        return json_null ();
    return json_integer (sqlite3_column_int64 (stmt, col));
}

/* Binds VALUE, or NULL when VALUE is NULL. */
static inline void
hall_bind_text (sqlite3_stmt *stmt, int col, const char *value)
{
    if (value)
        sqlite3_bind_text (stmt, col, value, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null (stmt, col);
}

/* Steps a writing statement and resets it: 0 or -1. */
static inline int
hall_stmt_done (sqlite3_stmt *stmt)
{
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The request's argument KEY (the protocol has checked its type). */
static inline const char *
hall_arg_str (const hall_request_t *req, const char *key)
{
    return json_string_value (json_object_get (req->args, key));
}

static inline int
hall_arg_int (const hall_request_t *req, const char *key)
{
    return (int) json_integer_value (json_object_get (req->args, key));
}

/* The store's message after a failed write, as the outcome. */
int           hall_engine_storage_fail (hall_engine_t *self, hall_outcome_t *out);

/* The cached statement for SQL (a string literal), reset and unbound. */
sqlite3_stmt *hall_engine_stmt (hall_engine_t *self, const char *sql);
hall_store_t *hall_engine_store (hall_engine_t *self);

/* The hall's time zone (borrowed), and TIME as the local "YYYY-MM-DD"
 * into DAY with the minute of the local day into *MINUTE (may be NULL). */
GTimeZone    *hall_engine_tz (hall_engine_t *self);
void          hall_engine_local (hall_engine_t *self, int64_t time, char day[16], int *minute);

/* ---- the lookups operations start with ------------------------------------ */

/* A window as the operations read it. */
typedef struct {
    int     number;
    bool    green;
    bool    paused;
    char    clerk[64];            /* "" when none */
    int64_t ticket;               /* 0 when none */
    char    ticket_state[16];
} hall_window_t;

/* Window NUMBER into *WINDOW; -1 with unknown_window. */
int     hall_window_get (hall_engine_t *self, int number, hall_window_t *window, hall_outcome_t *out);

/* A ticket as the operations read it. */
typedef struct {
    int64_t id;
    char    number[16];
    char    category[64];
    char    state[16];
    int     requeues;
    bool    green;
} hall_ticket_t;

/* Today's ticket by its number ("A001", case-insensitive); -1 with
 * unknown_ticket. */
int     hall_ticket_get (hall_engine_t *self, const char *number, hall_ticket_t *ticket,
                         hall_outcome_t *out);

/* The queue_seq of a ticket joining a queue now. */
int64_t hall_join_seq (hall_engine_t *self);
/* The queue key in front of every waiting ticket (at most FALLBACK). */
double  hall_front_key (hall_engine_t *self, double fallback);

#endif
