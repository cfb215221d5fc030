/*  snapshot.c — the hall as it is now: the snapshot clients start from,
 *  the status a phone or a kiosk asks for, and one ticket's history for a
 *  clerk (snapshot.h).
 */
#define G_LOG_DOMAIN "hall-engine"
#include "snapshot.h"
#include "rows.h"
#include "journey.h"
#include "events.h"

#include <string.h>

static json_t *
s_hall_json (hall_engine_t *self)
{
    json_t *hall = json_object ();
    const char *keys[] = { "name", "name_en", "timezone", "missed_policy", "transfer_position",
                           "notice", "status_url", "area_code" };
    for (size_t i = 0; i < G_N_ELEMENTS (keys); i++) {
        char meta_key[64];
        snprintf (meta_key, sizeof meta_key, "hall.%s", keys[i]);
        char *value = hall_store_meta_get (self->store, meta_key);
        json_object_set_new (hall, keys[i], json_string (value ? value : ""));
        g_free (value);
    }
    json_object_set_new (hall, "requeue_after", json_integer (self->requeue_after));
    json_object_set_new (hall, "requeue_max", json_integer (self->requeue_max));
    json_object_set_new (hall, "notify_ahead",
                         json_integer (hall_store_meta_int (self->store, "hall.notify_ahead", 3)));
    /* The pad's and the phone page's consent text says how long a
     * 差评's contact number is kept. */
    json_object_set_new (hall, "noshow_after",
                         json_integer (hall_store_meta_int (self->store, "hall.noshow_after", 0)));
    json_object_set_new (hall, "noshow_recalls",
                         json_integer (hall_store_meta_int (self->store, "hall.noshow_recalls", 0)));
    json_object_set_new (hall, "case_phone_days",
                         json_integer (hall_store_meta_int (self->store, "hall.case_phone_days", 30)));
    return hall;
}

static json_t *
s_calls_json (hall_engine_t *self)
{
    json_t *calls = json_array ();
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT seq, time, number, category, window, type FROM event"
        " WHERE +type IN ('ticket.called', 'ticket.recalled') AND seq > ?1"
        " ORDER BY seq DESC LIMIT 10");   /* '+': walk back by seq, not the type index */
    sqlite3_bind_int64 (stmt, 1, self->day_seq);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (calls, json_pack ("{s:I, s:I, s:o, s:o, s:i, s:b}",
            "seq", (json_int_t) sqlite3_column_int64 (stmt, 0),
            "time", (json_int_t) sqlite3_column_int64 (stmt, 1),
            "number", hall_column_text (stmt, 2), "category", hall_column_text (stmt, 3),
            "window", sqlite3_column_int (stmt, 4),
            "recall", strcmp ((const char *) sqlite3_column_text (stmt, 5), "ticket.recalled") == 0));
    sqlite3_reset (stmt);
    return calls;
}

static json_t *
s_active_tickets (hall_engine_t *self)
{
    json_t *tickets = json_array ();
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " TICKET_COLUMNS " FROM ticket"
        " WHERE state IN ('waiting', 'called', 'serving') ORDER BY id");
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (tickets, hall_ticket_row (stmt));
    sqlite3_reset (stmt);
    size_t i;
    json_t *ticket;
    json_array_foreach (tickets, i, ticket)
        hall_ticket_journey_fill (self, ticket);
    return tickets;
}

/* The hall's journeys (一件事), in their order: the kiosk offers them. */
static json_t *
s_journeys_json (hall_engine_t *self)
{
    json_t *list = json_array ();
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT code, name, name_en, position, steps FROM journey ORDER BY position, code");
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        hall_journey_step_t parsed[HALL_JOURNEY_MAX_STEPS];
        const char *error;
        int n = hall_journey_parse ((const char *) sqlite3_column_text (stmt, 4), parsed, &error);
        json_t *steps = json_array ();
        for (int k = 0; k < n; k++)
            json_array_append_new (steps, json_pack ("{s:s, s:i, s:b}", "category", parsed[k].category,
                                                     "stage", parsed[k].stage, "optional", parsed[k].optional));
        json_array_append_new (list, json_pack ("{s:o, s:o, s:o, s:i, s:o}", "code", hall_column_text (stmt, 0),
                                                "name", hall_column_text (stmt, 1), "name_en", hall_column_text (stmt, 2),
                                                "position", sqlite3_column_int (stmt, 3), "steps", steps));
    }
    sqlite3_reset (stmt);
    return list;
}

json_t *
hall_engine_snapshot (hall_engine_t *self)
{
    json_t *snapshot = json_object ();
    json_object_set_new (snapshot, "seq", json_integer (hall_engine_last_seq (self)));
    json_object_set_new (snapshot, "server", json_string (self->instance));
    json_object_set_new (snapshot, "time", json_integer (hall_engine_now (self)));
    json_object_set_new (snapshot, "day", json_string (self->day));
    json_object_set_new (snapshot, "hall", s_hall_json (self));
    json_object_set_new (snapshot, "categories", hall_categories_json (self));
    json_object_set_new (snapshot, "windows", hall_windows_json (self));
    json_object_set_new (snapshot, "journeys", s_journeys_json (self));
    json_object_set_new (snapshot, "tickets", s_active_tickets (self));
    json_object_set_new (snapshot, "calls", s_calls_json (self));
    return snapshot;
}
static int
s_op_snapshot (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    out->result = hall_engine_snapshot (self);
    return 0;
}

/* TICKET where it stands: the ticket, the people ahead, the estimate and
 * the windows serving its category. */
static json_t *
s_ticket_status (hall_engine_t *self, const hall_ticket_t *ticket)
{
    json_t *obj = hall_ticket_json (self, ticket->id);
    int ahead = strcmp (ticket->state, "waiting") == 0 ? hall_ahead (self, obj) : 0;
    json_t *result = json_pack ("{s:o, s:i, s:o}", "ticket", obj, "ahead", ahead,
                                "windows", hall_windows_serving (self, ticket->category));
    hall_estimate_set (result, hall_category_estimate (self, ticket->category, ahead));
    return result;
}

static int
s_op_status (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *number = hall_arg_str (req, "ticket");
    if (number) {
        hall_ticket_t ticket;
        if (hall_ticket_get (self, number, &ticket, out))
            return -1;
        out->result = s_ticket_status (self, &ticket);
        return 0;
    }
    json_t *categories = hall_categories_json (self);
    size_t i;
    json_t *category;
    json_array_foreach (categories, i, category) {
        const char *code = json_string_value (json_object_get (category, "code"));
        sqlite3_stmt *stmt = hall_engine_stmt (self,
            "SELECT count(*) FROM ticket WHERE state = 'waiting' AND category = ?1");
        sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
        int waiting = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
        sqlite3_reset (stmt);
        json_object_set_new (category, "waiting", json_integer (waiting));
        hall_estimate_set (category, hall_category_estimate (self, code, waiting));
    }
    out->result = json_pack ("{s:I, s:s, s:o, s:o}", "time", (json_int_t) hall_engine_now (self),
                             "day", self->day, "categories", categories,
                             "windows", hall_windows_json (self));
    return 0;
}

/* Op `ticket.reprint`: an active ticket of today's, as `issue` gave it
 * (its own token: the QR of the first slip), where it stands now. */
static int
s_op_ticket_reprint (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_ticket_t ticket;
    if (hall_ticket_get (self, hall_arg_str (req, "ticket"), &ticket, out))
        return -1;
    if (!hall_ticket_state_active (ticket.state))
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "ticket %s is %s; only a ticket still waiting, called "
                                  "or being served is reprinted", ticket.number, ticket.state);
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT token FROM ticket WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, ticket.id);
    json_t *token = sqlite3_step (stmt) == SQLITE_ROW ? hall_column_text (stmt, 0) : json_null ();
    sqlite3_reset (stmt);
    if (!hall_engine_event (self, "ticket.reprinted", ticket.id, 0, NULL,
                            json_pack ("{s:s}", "by", *req->client ? req->client : "-"))) {
        json_decref (token);
        return hall_engine_storage_fail (self, out);
    }
    /* This reprint's event is among them already. */
    stmt = hall_engine_stmt (self, "SELECT count(*) FROM event WHERE ticket = ?1 AND type = 'ticket.reprinted'");
    sqlite3_bind_int64 (stmt, 1, ticket.id);
    int count = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
    sqlite3_reset (stmt);
    out->result = s_ticket_status (self, &ticket);
    json_object_set_new (out->result, "token", token);
    /* The slip says it is a reprint: the visitor's, not a second ticket. */
    json_object_set_new (out->result, "reprint", json_pack ("{s:I, s:i}", "time", (json_int_t) hall_engine_now (self),
                                                            "count", MAX (count, 1)));
    return 0;
}

/* Op `ticket.find`: ticket NUMBER of DAY (default today) with its events,
 * how long it waited and how long it was served. */
static int
s_op_ticket_find (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *number = hall_arg_str (req, "number");
    const char *day = hall_arg_str (req, "day") ? hall_arg_str (req, "day") : self->day;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT id FROM ticket WHERE day = ?1 AND number = upper (?2)");
    sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
    int64_t id = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    json_t *ticket = id ? hall_ticket_json (self, id) : NULL;
    if (!ticket)
        return hall_outcome_fail (out, HALL_E_UNKNOWN_TICKET, "no ticket %.32s on %.16s", number, day);
    json_t *history = json_array ();
    stmt = hall_engine_stmt (self,
        "SELECT seq, time, type, window, clerk, detail, category FROM event WHERE ticket = ?1 ORDER BY seq");
    sqlite3_bind_int64 (stmt, 1, id);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        json_t *detail = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? json_null ()
                       : json_loads ((const char *) sqlite3_column_text (stmt, 5), 0, NULL);
        json_array_append_new (history, json_pack ("{s:I, s:I, s:o, s:o, s:o, s:o, s:o}",
            "seq", (json_int_t) sqlite3_column_int64 (stmt, 0),
            "time", (json_int_t) sqlite3_column_int64 (stmt, 1),
            "type", hall_column_text (stmt, 2), "category", hall_column_text (stmt, 6),
            "window", hall_column_int (stmt, 3), "clerk", hall_column_text (stmt, 4),
            "detail", detail ? detail : json_null ()));
    }
    sqlite3_reset (stmt);
    /* Waited: from taking the ticket to its first call (or until now, or
     * until it ended uncalled).  Served: from start to finish. */
    json_int_t issued = json_integer_value (json_object_get (ticket, "issued_at"));
    json_t *called = json_object_get (ticket, "called_at");
    json_t *started = json_object_get (ticket, "started_at");
    json_t *finished = json_object_get (ticket, "finished_at");
    const char *state = json_string_value (json_object_get (ticket, "state"));
    json_int_t until = json_is_integer (called) ? json_integer_value (called)
                     : json_is_integer (finished) ? json_integer_value (finished)
                     : hall_engine_now (self);
    json_t *served = json_is_integer (started) && json_is_integer (finished)
                     && strcmp (state, "finished") == 0
                   ? json_integer (json_integer_value (finished) - json_integer_value (started))
                   : json_null ();
    out->result = json_pack ("{s:o, s:o, s:I, s:o}", "ticket", ticket, "history", history,
                             "waited", (json_int_t) MAX (until - issued, 0), "served", served);
    return 0;
}

const hall_handler_t hall_snapshot_handlers[] = {
    { HALL_OP_SNAPSHOT, s_op_snapshot },
    { HALL_OP_STATUS, s_op_status },
    { HALL_OP_TICKET_FIND, s_op_ticket_find },
    { HALL_OP_TICKET_REPRINT, s_op_ticket_reprint },
    { HALL_OP_NONE, NULL }
};
