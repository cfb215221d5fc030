/*  dispatch.c — what a window does with tickets: call the next one in
 *  dispatch order, recall, start, finish, mark a no-show, re-queue,
 *  transfer and cancel (dispatch.h, docs/DISPATCH.md).
 */
#define G_LOG_DOMAIN "hall-engine"
#include "dispatch.h"
#include "cache.h"
#include "case.h"
#include "journeys.h"
#include "matter.h"
#include "events.h"
#include "queue.h"
#include "rows.h"

#include <string.h>

/* Picks the first waiting ticket WINDOW may call, in dispatch order
 * (queue.h); 0 when none.
 *
 * Only the tickets that can come first are loaded, not the whole queue:
 * those transferred to the window, the green-channel ones and the
 * appointment tickets (few, from the ticket_special index), and for each
 * category the window serves the head of its walk-in queue and its first
 * overdue walk-in (each one index step in ticket_waiting).  Within a rule
 * the policy takes the smallest queue key, and whether a walk-in is
 * overdue depends only on its category, so the first in order is always
 * among these.  Cost: O(categories of the
 * window + special tickets), not O(waiting). */
static int64_t
s_next_ticket (hall_engine_t *self, const hall_window_t *window)
{
    /* Only what the policy reads of a ticket (hall_queue_rank). */
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT id, state, category, green, target_window, queued_at,"
        " queue_key, queue_seq, appointment_at FROM ticket WHERE id IN ("
        " SELECT id FROM ticket WHERE state = 'waiting'"
        "  AND (target_window IS NOT NULL OR green IS NOT NULL OR appointment_at IS NOT NULL)"
        "  AND (target_window = ?1 OR (target_window IS NULL AND"
        "       (?2 OR category IN (SELECT category FROM window_category WHERE window = ?1))))"
        " UNION ALL"
        " SELECT (SELECT t.id FROM ticket t WHERE t.state = 'waiting' AND t.category = wc.category"
        "         AND t.target_window IS NULL AND t.green IS NULL AND t.appointment_at IS NULL"
        "         ORDER BY t.queue_key, t.queue_seq LIMIT 1)"
        "  FROM window_category wc WHERE wc.window = ?1"
        " UNION ALL"
        " SELECT (SELECT t.id FROM ticket t WHERE t.state = 'waiting' AND t.category = c.code"
        "         AND t.target_window IS NULL AND t.green IS NULL AND t.appointment_at IS NULL"
        "         AND ?3 - t.queued_at > c.target_wait"
        "         ORDER BY t.queue_key, t.queue_seq LIMIT 1)"
        "  FROM window_category wc JOIN category c ON c.code = wc.category"
        "  WHERE wc.window = ?1 AND c.target_wait > 0)");
    int64_t now = hall_engine_now (self);
    sqlite3_bind_int (stmt, 1, window->number);
    sqlite3_bind_int (stmt, 2, window->green);
    sqlite3_bind_int64 (stmt, 3, now);
    json_t *tickets = json_array ();
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        json_t *ticket = json_object ();
        json_object_set_new (ticket, "id", json_integer (sqlite3_column_int64 (stmt, 0)));
        json_object_set_new (ticket, "state", hall_column_text (stmt, 1));
        json_object_set_new (ticket, "category", hall_column_text (stmt, 2));
        json_object_set_new (ticket, "green", hall_column_text (stmt, 3));
        json_object_set_new (ticket, "target_window", hall_column_int (stmt, 4));
        json_object_set_new (ticket, "queued_at", hall_column_int (stmt, 5));
        json_object_set_new (ticket, "queue_key", json_real (sqlite3_column_double (stmt, 6)));
        json_object_set_new (ticket, "queue_seq", json_integer (sqlite3_column_int64 (stmt, 7)));
        if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
            json_object_set_new (ticket, "appointment", json_pack ("{s:I}", "at",
                                 (json_int_t) sqlite3_column_int64 (stmt, 8)));
        json_array_append_new (tickets, ticket);
    }
    sqlite3_reset (stmt);
    int64_t id = 0;
    if (json_array_size (tickets) > 0) {
        /* What the policy reads of the window and the categories. */
        json_t *win = json_pack ("{s:i, s:b, s:o, s:o}", "number", window->number,
                                 "green", window->green,
                                 "primary", hall_window_lists (self, window->number, "primary"),
                                 "backup", hall_window_lists (self, window->number, "backup"));
        json_t *categories = json_array ();
        stmt = hall_engine_stmt (self, "SELECT c.code, c.target_wait FROM category c"
                             " JOIN window_category wc ON wc.category = c.code WHERE wc.window = ?1");
        sqlite3_bind_int (stmt, 1, window->number);
        while (sqlite3_step (stmt) == SQLITE_ROW) {
            json_t *category = json_object ();
            json_object_set_new (category, "code", hall_column_text (stmt, 0));
            json_object_set_new (category, "target_wait", hall_column_int (stmt, 1));
            json_array_append_new (categories, category);
        }
        sqlite3_reset (stmt);
        json_t *order = hall_queue_order (tickets, win, categories, hall_engine_now (self));
        if (json_array_size (order) > 0)
            id = json_integer_value (json_object_get (json_array_get (order, 0), "id"));
        json_decref (order);
        json_decref (categories);
        json_decref (win);
    }
    json_decref (tickets);
    return id;
}

static int
s_op_call (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_window_t window;
    if (hall_window_get (self, hall_arg_int (req, "window"), &window, out))
        return -1;
    if (window.paused)
        return hall_outcome_fail (out, HALL_E_WINDOW_PAUSED, "window %d is paused; resume it first", window.number);
    if (window.ticket)
        return hall_outcome_fail (out, HALL_E_WINDOW_BUSY,
                       "window %d still has a ticket %s; finish it or mark a no-show first",
                       window.number, window.ticket_state);
    int64_t id = s_next_ticket (self, &window);
    if (!id) {
        out->result = json_pack ("{s:n}", "ticket");
        return 0;
    }
    int64_t now = hall_engine_now (self);
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "UPDATE ticket SET state = 'called', window = ?2, target_window = NULL,"
        " clerk = (SELECT clerk FROM service_window WHERE number = ?2),"
        " called_at = coalesce (called_at, ?3), calls = calls + 1 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int (stmt, 2, window.number);
    sqlite3_bind_int64 (stmt, 3, now);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    stmt = hall_engine_stmt (self, "UPDATE service_window SET ticket = ?1 WHERE number = ?2");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int (stmt, 2, window.number);
    if (hall_stmt_done (stmt) || hall_journey_step_mark (self, id, "called_at")
        || !hall_engine_event (self, "ticket.called", id, window.number, NULL, NULL))
        return hall_engine_storage_fail (self, out);
    out->result = hall_ticket_result (self, id);
    return 0;
}

/* The window's current ticket, which must be in state WANT (or either of
 * called/serving when WANT is NULL). */
static int
s_current (hall_engine_t *self, const hall_request_t *req, const char *want, hall_window_t *window,
           hall_outcome_t *out)
{
    if (hall_window_get (self, hall_arg_int (req, "window"), window, out))
        return -1;
    if (!window->ticket)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "window %d has no ticket called", window->number);
    if (want && strcmp (window->ticket_state, want) != 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "the ticket at window %d is %s, not %s",
                       window->number, window->ticket_state, want);
    return 0;
}

static int
s_op_recall (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_window_t window;
    if (s_current (self, req, "called", &window, out))
        return -1;
    sqlite3_stmt *stmt = hall_engine_stmt (self, "UPDATE ticket SET calls = calls + 1 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, window.ticket);
    if (hall_stmt_done (stmt) || !hall_engine_event (self, "ticket.recalled", window.ticket, window.number, NULL, NULL))
        return hall_engine_storage_fail (self, out);
    out->result = hall_ticket_result (self, window.ticket);
    return 0;
}

static int
s_op_start (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_window_t window;
    if (s_current (self, req, "called", &window, out))
        return -1;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "UPDATE ticket SET state = 'serving', started_at = ?2 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, window.ticket);
    sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    if (hall_stmt_done (stmt) || hall_journey_step_mark (self, window.ticket, "started_at")
        || !hall_engine_event (self, "ticket.started", window.ticket, window.number, NULL, NULL))
        return hall_engine_storage_fail (self, out);
    out->result = hall_ticket_result (self, window.ticket);
    return 0;
}

/* Ends the window's current ticket in STATE (finished or noshow). */
static int
s_end_current (hall_engine_t *self, const hall_window_t *window, const char *state, const char *type,
               json_t *detail, hall_outcome_t *out)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "UPDATE ticket SET state = ?2, finished_at = ?3 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, window->ticket);
    sqlite3_bind_text (stmt, 2, state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, hall_engine_now (self));
    if (hall_stmt_done (stmt)) {
        json_decref (detail);
        return hall_engine_storage_fail (self, out);
    }
    stmt = hall_engine_stmt (self, "UPDATE service_window SET ticket = NULL WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, window->number);
    if (hall_stmt_done (stmt)) {
        json_decref (detail);
        return hall_engine_storage_fail (self, out);
    }
    if (!hall_engine_event (self, type, window->ticket, window->number, NULL, detail))
        return hall_engine_storage_fail (self, out);
    out->result = hall_ticket_result (self, window->ticket);
    return 0;
}

static int
s_op_finish (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_window_t window;
    if (s_current (self, req, "serving", &window, out) || hall_matter_finish_check (self, &window, out))
        return -1;
    /* A journey's step: on to the next one, unless it was the last. */
    int stepped = hall_journey_finish_step (self, &window, out);
    if (stepped < 0 || stepped == 1)
        return stepped < 0 ? -1 : 0;
    if (s_end_current (self, &window, "finished", "ticket.finished",
                       stepped == 2 ? json_pack ("{s:s}", "journey", "completed") : NULL, out))
        return -1;
    /* 办不成事反映: a ticket finished there opens a follow-up case. */
    return hall_case_finished (self, window.ticket) ? hall_engine_storage_fail (self, out) : 0;
}

static int
s_op_noshow (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_window_t window;
    if (s_current (self, req, "called", &window, out))
        return -1;
    /* Not a slip: only once the visitor had their time (noshow_after
     * seconds since the latest call) or their recalls (noshow_recalls). */
    hall_store_t *store = hall_engine_store (self);
    int64_t after = hall_store_meta_int (store, "hall.noshow_after", 0);
    int64_t recalls_needed = hall_store_meta_int (store, "hall.noshow_recalls", 0);
    if (after > 0 || recalls_needed > 0) {
        sqlite3_stmt *stmt = hall_engine_stmt (self,
            "SELECT c.time, (SELECT count(*) FROM event r WHERE r.ticket = ?1 AND r.type = 'ticket.recalled'"
            "  AND r.seq > c.seq) FROM event c WHERE c.ticket = ?1 AND c.type = 'ticket.called'"
            " ORDER BY c.seq DESC LIMIT 1");
        sqlite3_bind_int64 (stmt, 1, window.ticket);
        int64_t called = hall_engine_now (self), recalls = 0;
        if (sqlite3_step (stmt) == SQLITE_ROW) {
            called = sqlite3_column_int64 (stmt, 0);
            recalls = sqlite3_column_int64 (stmt, 1);
        }
        sqlite3_reset (stmt);
        int64_t waited = hall_engine_now (self) - called;
        bool time_ok = after > 0 && waited >= after;
        bool recalls_ok = recalls_needed > 0 && recalls >= recalls_needed;
        if (!time_ok && !recalls_ok) {
            char rule[96];
            if (after > 0 && recalls_needed > 0)
                g_snprintf (rule, sizeof rule, "%" G_GINT64_FORMAT " s after the call or %" G_GINT64_FORMAT
                            " recall(s)", after, recalls_needed);
            else if (after > 0)
                g_snprintf (rule, sizeof rule, "%" G_GINT64_FORMAT " s after the call", after);
            else
                g_snprintf (rule, sizeof rule, "%" G_GINT64_FORMAT " recall(s)", recalls_needed);
            return hall_outcome_fail (out, HALL_E_TOO_SOON, "the visitor was called %" G_GINT64_FORMAT " s ago and "
                                      "recalled %" G_GINT64_FORMAT " time(s): a no-show only after %s",
                                      waited, recalls, rule);
        }
    }
    return s_end_current (self, &window, "noshow", "ticket.noshow", NULL, out);
}

/* A missed ticket back into its queue, behind requeue_after waiting tickets
 * of its category (at the back if fewer wait). */
static int
s_op_requeue (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_ticket_t ticket;
    if (hall_ticket_get (self, hall_arg_str (req, "ticket"), &ticket, out))
        return -1;
    if (strcmp (ticket.state, "noshow") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "ticket %s is %s; only a missed (no-show) ticket "
                       "can be re-queued", ticket.number, ticket.state);
    if (self->strict)
        return hall_outcome_fail (out, HALL_E_REQUEUE_REFUSED, "过号无效，请重新取号 (missed number %s is void; "
                       "take a new ticket)", ticket.number);
    if (ticket.requeues >= self->requeue_max)
        return hall_outcome_fail (out, HALL_E_REQUEUE_LIMIT, "ticket %s was already re-queued %d times today",
                       ticket.number, ticket.requeues);
    int64_t now = hall_engine_now (self);
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT queue_key FROM ticket WHERE state = 'waiting' AND category = ?1"
        " AND target_window IS NULL ORDER BY queue_key, queue_seq LIMIT 2 OFFSET ?2");
    sqlite3_bind_text (stmt, 1, ticket.category, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 2, self->requeue_after > 0 ? self->requeue_after - 1 : 0);
    double keys[2];
    int found = 0;
    while (found < 2 && sqlite3_step (stmt) == SQLITE_ROW)
        keys[found++] = sqlite3_column_double (stmt, 0);
    sqlite3_reset (stmt);
    /* Behind the K-th: its key, and a later seq than every ticket so far,
     * so it comes right after the K-th and after any ticket that joined in
     * the same second as the K-th, and before every later key.  Fewer than
     * K + 1 waiting: the back of the queue. */
    double key;
    if (self->requeue_after <= 0)
        key = hall_front_key (self, (double) now);
    else if (found == 2)
        key = keys[0];
    else if (found == 1)
        key = keys[0] > (double) now ? keys[0] : (double) now;
    else
        key = (double) now;
    stmt = hall_engine_stmt (self,
        "UPDATE ticket SET state = 'waiting', queued_at = ?2, queue_key = ?3, queue_seq = ?4,"
        " appointment_at = NULL, appointment_slot = NULL,"
        " requeues = requeues + 1, target_window = NULL WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, ticket.id);
    sqlite3_bind_int64 (stmt, 2, now);
    sqlite3_bind_double (stmt, 3, key);
    sqlite3_bind_int64 (stmt, 4, hall_join_seq (self));
    if (hall_stmt_done (stmt) || !hall_engine_event (self, "ticket.requeued", ticket.id, 0, NULL, NULL))
        return hall_engine_storage_fail (self, out);
    out->result = hall_ticket_result (self, ticket.id);
    json_object_set_new (out->result, "ahead", json_integer (
        hall_ahead (self, json_object_get (out->result, "ticket"))));
    return 0;
}

static int
s_op_transfer (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *to_given = hall_arg_str (req, "to_category");
    int to_window = hall_arg_int (req, "to_window");
    if (!!to_given == !!to_window)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "give exactly one of to_category and to_window");
    hall_window_t window;
    if (s_current (self, req, NULL, &window, out))
        return -1;
    char code[64] = "";
    if (to_given && !hall_category_code (self, to_given, code))
        return hall_outcome_fail (out, HALL_E_UNKNOWN_CATEGORY, "no category '%.64s'", to_given);
    /* A journey ticket's category is its step's: the journey's own
     * operations move it (journey.back, journey.skip), not a transfer. */
    if (to_given) {
        sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT journey IS NOT NULL FROM ticket WHERE id = ?1");
        sqlite3_bind_int64 (stmt, 1, window.ticket);
        bool on_journey = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
        sqlite3_reset (stmt);
        if (on_journey)
            return hall_outcome_fail (out, HALL_E_BAD_STATE, "a journey ticket changes category only by its steps: "
                                      "use journey.back or journey.skip, or end the journey first");
    }
    if (to_window) {
        hall_window_t target;
        if (hall_window_get (self, to_window, &target, out))
            return -1;
        if (to_window == window.number)
            return hall_outcome_fail (out, HALL_E_BAD_FIELD, "a ticket cannot be transferred to its own window");
    }
    int64_t now = hall_engine_now (self);
    double key = self->transfer_front ? hall_front_key (self, (double) now) : (double) now;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "UPDATE ticket SET state = 'waiting', category = coalesce (?2, category),"
        " appointment_at = NULL, appointment_slot = NULL,"
        " target_window = ?3, queued_at = ?4, queue_key = ?5, queue_seq = ?6,"
        " transfers = transfers + 1 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, window.ticket);
    hall_bind_text (stmt, 2, to_given ? code : NULL);
    if (to_window)
        sqlite3_bind_int (stmt, 3, to_window);
    sqlite3_bind_int64 (stmt, 4, now);
    sqlite3_bind_double (stmt, 5, key);
    sqlite3_bind_int64 (stmt, 6, hall_join_seq (self));
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    stmt = hall_engine_stmt (self, "UPDATE service_window SET ticket = NULL WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, window.number);
    json_t *detail = to_window ? json_pack ("{s:i, s:i}", "from_window", window.number, "to_window", to_window)
                               : json_pack ("{s:i, s:s}", "from_window", window.number, "to_category", code);
    if (hall_stmt_done (stmt)
        || !hall_engine_event (self, "ticket.transferred", window.ticket, window.number, NULL, detail))
        return hall_engine_storage_fail (self, out);
    out->result = hall_ticket_result (self, window.ticket);
    return 0;
}

static int
s_op_cancel (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_ticket_t ticket;
    if (hall_ticket_get (self, hall_arg_str (req, "ticket"), &ticket, out))
        return -1;
    if (strcmp (ticket.state, "waiting") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "ticket %s is %s; only a waiting ticket can be cancelled",
                       ticket.number, ticket.state);
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "UPDATE ticket SET state = 'cancelled', finished_at = ?2 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, ticket.id);
    sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    if (hall_stmt_done (stmt) || !hall_engine_event (self, "ticket.cancelled", ticket.id, 0, NULL, NULL))
        return hall_engine_storage_fail (self, out);
    out->result = hall_ticket_result (self, ticket.id);
    return 0;
}

const hall_handler_t hall_dispatch_handlers[] = {
    { HALL_OP_CALL, s_op_call },
    { HALL_OP_RECALL, s_op_recall },
    { HALL_OP_START, s_op_start },
    { HALL_OP_FINISH, s_op_finish },
    { HALL_OP_NOSHOW, s_op_noshow },
    { HALL_OP_REQUEUE, s_op_requeue },
    { HALL_OP_TRANSFER, s_op_transfer },
    { HALL_OP_CANCEL, s_op_cancel },
    { HALL_OP_NONE, NULL }
};
