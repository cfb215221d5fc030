/*  events.c — the event log and the events as published (events.h).
 */
#define G_LOG_DOMAIN "hall-engine"
#include "events.h"
#include "cache.h"
#include "estimate.h"
#include "rows.h"

#include <stdlib.h>
#include <string.h>

/* Appends an event row and its published form.  TICKET, WINDOW (0 = none)
 * and CATEGORY (NULL = the ticket's) say which entities the event carries.
 * DETAIL (stolen, may be NULL) is stored and published as "detail". */
json_t *
hall_engine_event (hall_engine_t *self, const char *type, int64_t ticket_id, int window,
         const char *category, json_t *detail)
{
    json_t *ticket = ticket_id ? hall_ticket_json (self, ticket_id) : NULL;
    const char *code = category ? category
                     : ticket ? json_string_value (json_object_get (ticket, "category")) : NULL;
    int64_t now = hall_engine_now (self);
    char *detail_text = detail ? json_dumps (detail, JSON_COMPACT) : NULL;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "INSERT INTO event (time, type, ticket, number, category, window, clerk, detail)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
        "  (SELECT clerk FROM service_window WHERE number = ?6), ?7)");
    sqlite3_bind_int64 (stmt, 1, now);
    sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
    if (ticket_id)
        sqlite3_bind_int64 (stmt, 3, ticket_id);
    hall_bind_text (stmt, 4, ticket ? json_string_value (json_object_get (ticket, "number")) : NULL);
    hall_bind_text (stmt, 5, code);
    if (window)
        sqlite3_bind_int (stmt, 6, window);
    hall_bind_text (stmt, 7, detail_text);
    int rc = hall_stmt_done (stmt);
    free (detail_text);
    if (rc) {
        json_decref (ticket);
        json_decref (detail);
        return NULL;
    }
    int64_t seq = sqlite3_last_insert_rowid (hall_store_db (self->store));
    json_t *event = json_pack ("{s:I, s:I, s:s}", "seq", (json_int_t) seq,
                               "time", (json_int_t) now, "type", type);
    if (ticket) {
        const char *ticket_code = json_string_value (json_object_get (ticket, "category"));
        bool waiting = strcmp (json_string_value (json_object_get (ticket, "state")), "waiting") == 0;
        hall_category_cache_t *entry = waiting ? hall_cache_get (self, ticket_code) : NULL;
        int ahead = 0;
        if (waiting
            && !(entry && json_is_null (json_object_get (ticket, "green"))
                 && json_is_null (json_object_get (ticket, "target_window"))
                 && json_is_null (json_object_get (ticket, "appointment"))
                 && hall_cache_ahead (self, ticket_code,
                                   json_number_value (json_object_get (ticket, "queue_key")), &ahead)))
            ahead = hall_ahead (self, ticket);
        json_object_set_new (event, "ahead", json_integer (ahead));
        hall_estimate_set (event, entry ? hall_estimate (ahead, entry->mean, entry->open_windows, entry->capacity)
                                        : hall_category_estimate (self, ticket_code, ahead));
        json_object_set_new (event, "ticket", ticket);
    }
    if (code) {
        hall_category_cache_t *entry = hall_cache_get (self, code);
        json_t *cat = entry ? json_copy (entry->json) : hall_category_json (self, code);
        if (cat)
            json_object_set_new (event, "category", cat);
    }
    if (window) {
        json_t *win = hall_window_json (self, window);
        if (win)
            json_object_set_new (event, "window", win);
    }
    if (detail)
        json_object_set_new (event, "detail", detail);
    if (ticket && (strcmp (type, "ticket.called") == 0 || strcmp (type, "ticket.recalled") == 0))
        json_object_set_new (event, "call", json_pack ("{s:I, s:I, s:O, s:O, s:i, s:b}",
                             "seq", (json_int_t) seq, "time", (json_int_t) now,
                             "number", json_object_get (ticket, "number"),
                             "category", json_object_get (ticket, "category"),
                             "window", window, "recall", strcmp (type, "ticket.recalled") == 0));
    g_ptr_array_add (self->events, event);
    return event;
}
