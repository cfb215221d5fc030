/*  engine-private.h — what the engine lends the server's other rule modules
 *  (rating.c, case.c, report.c).
 *
 *  A module's operation runs inside hall_engine_handle() exactly as the
 *  engine's own do: it reads and writes through the cached statements of
 *  hall_engine_stmt(), checks everything and fails with hall_outcome_fail()
 *  before its first write, and appends events with hall_engine_event().
 *  The caller's savepoint undoes a storage failure half-way.  Not for
 *  clients: only server/ includes this.
 */
#ifndef HALL_ENGINE_PRIVATE_H
#define HALL_ENGINE_PRIVATE_H

#include <stdarg.h>
#include <stdio.h>
#include "engine.h"

/* An operation's outcome: an error (code and message) or a result. */
typedef struct {
    hall_error_t code;
    char         message[256];
    json_t      *result;          /* on success, owned */
} hall_outcome_t;

/* A module's operation: 0 with OUT->result set, or -1 with the error. */
typedef int (*hall_module_op_t) (hall_engine_t *self, const hall_request_t *req,
                                 hall_outcome_t *out);

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

/* Steps a writing statement and resets it: 0 or -1. */
static inline int
hall_stmt_done (sqlite3_stmt *stmt)
{
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The store's message after a failed write, as the outcome. */
int           hall_engine_storage_fail (hall_engine_t *self, hall_outcome_t *out);

/* The cached statement for SQL (a string literal), reset and unbound. */
sqlite3_stmt *hall_engine_stmt (hall_engine_t *self, const char *sql);
hall_store_t *hall_engine_store (hall_engine_t *self);

/* Appends an event (see engine.c's s_event): TICKET id, WINDOW (0 = none),
 * CATEGORY (NULL = the ticket's), DETAIL stolen.  The event (borrowed) or
 * NULL on a storage error. */
json_t       *hall_engine_event (hall_engine_t *self, const char *type, int64_t ticket,
                                 int window, const char *category, json_t *detail);

/* The ticket object as published (new reference) or NULL. */
json_t       *hall_engine_ticket_json (hall_engine_t *self, int64_t id);

/* The hall's time zone (borrowed), and TIME as the local "YYYY-MM-DD"
 * into DAY with the minute of the local day into *MINUTE (may be NULL). */
GTimeZone    *hall_engine_tz (hall_engine_t *self);
void          hall_engine_local (hall_engine_t *self, int64_t time, char day[16], int *minute);

#endif
