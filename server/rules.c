/*  rules.c — time, statements and lookups for the rule modules (rules.h).
 */
#define G_LOG_DOMAIN "hall-engine"
#include "rules.h"

#include <string.h>

/* ---- the engine's parts ---------------------------------------------------- */

sqlite3_stmt *
hall_engine_stmt (hall_engine_t *self, const char *sql)
{
    return hall_store_stmt (self->store, sql);
}

hall_store_t *
hall_engine_store (hall_engine_t *self)
{
    return self->store;
}

int
hall_engine_storage_fail (hall_engine_t *self, hall_outcome_t *out)
{
    return hall_outcome_fail (out, HALL_E_STORAGE, "database: %s", hall_store_error (self->store));
}

GTimeZone *
hall_engine_tz (hall_engine_t *self)
{
    return self->tz;
}

/* ---- time and day ---------------------------------------------------------- */


int64_t
hall_engine_now (hall_engine_t *self)
{
    return hall_clock_now (self->clock);
}

/* The local date of NOW as "YYYY-MM-DD" into DAY, and the minute of the
 * local day into *MINUTE. */
void
hall_engine_local (hall_engine_t *self, int64_t now, char day[16], int *minute)
{
    GDateTime *utc = g_date_time_new_from_unix_utc (now);
    GDateTime *local = g_date_time_to_timezone (utc, self->tz);
    snprintf (day, 16, "%04d-%02d-%02d", g_date_time_get_year (local),
              g_date_time_get_month (local), g_date_time_get_day_of_month (local));
    if (minute)
        *minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
    g_date_time_unref (local);
    g_date_time_unref (utc);
}

const char *
hall_engine_day (hall_engine_t *self)
{
    return self->day;
}

int64_t
hall_engine_day_start (hall_engine_t *self)
{
    int year, month, day;
    if (sscanf (self->day, "%d-%d-%d", &year, &month, &day) != 3)
        return 0;
    GDateTime *midnight = g_date_time_new (self->tz, year, month, day, 0, 0, 0);
    int64_t start = midnight ? g_date_time_to_unix (midnight) : 0;
    if (midnight)
        g_date_time_unref (midnight);
    return start;
}

int64_t
hall_engine_last_seq (hall_engine_t *self)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT coalesce (max (seq), 0) FROM event");
    int64_t seq = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return seq;
}

/* ---- lookups ---------------------------------------------------------------- */

int
hall_window_get (hall_engine_t *self, int number, hall_window_t *window, hall_outcome_t *out)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT w.green, w.paused, w.clerk, w.ticket, t.state FROM service_window w"
        " LEFT JOIN ticket t ON t.id = w.ticket WHERE w.number = ?1");
    sqlite3_bind_int (stmt, 1, number);
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return hall_outcome_fail (out, HALL_E_UNKNOWN_WINDOW, "no window %d", number);
    }
    memset (window, 0, sizeof *window);
    window->number = number;
    window->green = sqlite3_column_int (stmt, 0);
    window->paused = sqlite3_column_int (stmt, 1);
    if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        snprintf (window->clerk, sizeof window->clerk, "%s", sqlite3_column_text (stmt, 2));
    window->ticket = sqlite3_column_int64 (stmt, 3);
    if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        snprintf (window->ticket_state, sizeof window->ticket_state, "%s",
                  sqlite3_column_text (stmt, 4));
    sqlite3_reset (stmt);
    return 0;
}


/* Today's ticket by its number ("A001", case-insensitive). */
int
hall_ticket_get (hall_engine_t *self, const char *number, hall_ticket_t *ticket, hall_outcome_t *out)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT id, number, category, state, requeues, green IS NOT NULL FROM ticket"
        " WHERE day = ?1 AND number = upper (?2)");
    sqlite3_bind_text (stmt, 1, self->day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return hall_outcome_fail (out, HALL_E_UNKNOWN_TICKET, "no ticket %.32s today", number);
    }
    ticket->id = sqlite3_column_int64 (stmt, 0);
    snprintf (ticket->number, sizeof ticket->number, "%s", sqlite3_column_text (stmt, 1));
    snprintf (ticket->category, sizeof ticket->category, "%s", sqlite3_column_text (stmt, 2));
    snprintf (ticket->state, sizeof ticket->state, "%s", sqlite3_column_text (stmt, 3));
    ticket->requeues = sqlite3_column_int (stmt, 4);
    ticket->green = sqlite3_column_int (stmt, 5);
    sqlite3_reset (stmt);
    return 0;
}

/* The queue_seq of a ticket joining a queue now: the sequence number the
 * next event will get.  Every join (issue, requeue, transfer) appends its
 * event right after, so no two joins ever share one: among tickets of the
 * same queue_key, the one that joined later is called later, by
 * construction (a re-queued ticket's old, low id plays no part). */
int64_t
hall_join_seq (hall_engine_t *self)
{
    return hall_engine_last_seq (self) + 1;
}

/* The smallest queue key among waiting tickets (for "front of the queue"). */
double
hall_front_key (hall_engine_t *self, double fallback)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT min (queue_key) FROM ticket WHERE state = 'waiting'");
    double key = fallback;
    if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        key = sqlite3_column_double (stmt, 0) - 1.0;
    sqlite3_reset (stmt);
    return key < fallback ? key : fallback;
}

