/*  phone.c — the visitor's phone (phone.h): the ticket's link token, the
 *  ticket page's view, and the SMS the hall owes a visitor who left a
 *  mobile number (near their turn, when called).
 */
#define G_LOG_DOMAIN "hall-engine"
#include "phone.h"
#include "booking.h"
#include "rows.h"
#include "identity.h"

#include <string.h>
#include <sys/random.h>

/* ---- tokens ------------------------------------------------------------------ */

int
hall_phone_token_new (char token[HALL_PHONE_TOKEN_SIZE])
{
    guint8 bytes[16];                       /* 128 bits */
    if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
        return -1;
    g_autofree char *text = g_base64_encode (bytes, sizeof bytes);
    /* base64url, no padding: 22 characters that need no escaping in a URL. */
    size_t n = 0;
    for (const char *c = text; *c && *c != '=' && n + 1 < HALL_PHONE_TOKEN_SIZE; c++)
        token[n++] = *c == '+' ? '-' : *c == '/' ? '_' : *c;
    token[n] = 0;
    return 0;
}

/* The ticket of TOKEN: its id, or 0 when no ticket has it.  A link is good
 * on its ticket's day, and after it for as long as the ticket is active
 * (called before midnight, served after). */
static int64_t
s_ticket_of (hall_engine_t *self, const char *token, bool *expired)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT id, day = ?2 OR state IN ('waiting', 'called', 'serving') FROM ticket WHERE token = ?1");
    sqlite3_bind_text (stmt, 1, token, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, hall_engine_day (self), -1, SQLITE_TRANSIENT);
    int64_t id = 0;
    *expired = false;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        id = sqlite3_column_int64 (stmt, 0);
        *expired = sqlite3_column_int (stmt, 1) == 0;
    }
    sqlite3_reset (stmt);
    return id;
}

int64_t
hall_phone_ticket (hall_engine_t *self, const char *token, hall_outcome_t *out)
{
    bool expired;
    int64_t id = token ? s_ticket_of (self, token, &expired) : 0;
    if (!id) {
        hall_outcome_fail (out, HALL_E_UNKNOWN_TICKET, "no ticket has this link");
        return 0;
    }
    if (expired) {
        hall_outcome_fail (out, HALL_E_BAD_STATE, "the ticket's day is over: its link has expired");
        return 0;
    }
    return id;
}

json_t *
hall_phone_masked (const char *phone)
{
    if (!phone || strlen (phone) != 11)
        return json_null ();
    char masked[12];
    snprintf (masked, sizeof masked, "%.3s****%.4s", phone, phone + 7);
    return json_string (masked);
}

/* ---- ticket.view ------------------------------------------------------------- */

static int
s_op_ticket_view (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    int64_t id = hall_phone_ticket (self, hall_arg_str (req, "token"), out);
    if (!id)
        return -1;
    json_t *ticket = hall_ticket_json (self, id);
    if (!ticket)
        return hall_engine_storage_fail (self, out);
    const char *code = json_string_value (json_object_get (ticket, "category"));
    bool waiting = strcmp (json_string_value (json_object_get (ticket, "state")), "waiting") == 0;
    int ahead = waiting ? hall_ahead (self, ticket) : 0;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT t.day, t.phone, r.level, r.is_default FROM ticket t LEFT JOIN rating r ON r.ticket = t.id AND r.step IS t.journey_current AND r.round = 1"
        " WHERE t.id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    json_t *day = json_null (), *phone = json_null (), *rating = json_null ();
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        day = hall_column_text (stmt, 0);
        json_decref (phone);
        phone = hall_phone_masked ((const char *) sqlite3_column_text (stmt, 1));
        if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
            rating = json_pack ("{s:i, s:b}", "level", sqlite3_column_int (stmt, 2),
                                "default", sqlite3_column_int (stmt, 3));
    }
    sqlite3_reset (stmt);
    out->result = json_pack ("{s:o, s:o, s:i, s:o, s:o, s:o, s:o}", "ticket", ticket, "day", day,
                             "ahead", ahead, "windows", hall_windows_serving (self, code),
                             "category", hall_category_json (self, code) ?: json_null (),
                             "rating", rating, "phone", phone);
    hall_estimate_set (out->result, hall_category_estimate (self, code, ahead));
    return 0;
}

/* ---- the SMS the hall owes --------------------------------------------------- */

/* Op `notify.subscribe`: args token, phone (a mainland mobile number). */
static int
s_op_notify_subscribe (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *phone = hall_arg_str (req, "phone");
    if (!hall_id_mobile_ok (phone))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'phone' is an 11-digit mobile number starting with 13 to 19");
    int64_t id = hall_phone_ticket (self, hall_arg_str (req, "token"), out);
    if (!id)
        return -1;
    json_t *ticket = hall_ticket_json (self, id);
    const char *state = ticket ? json_string_value (json_object_get (ticket, "state")) : "";
    if (strcmp (state, "waiting") != 0 && strcmp (state, "called") != 0) {
        json_decref (ticket);
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "the ticket is %s: no message will come", state);
    }
    json_decref (ticket);
    sqlite3_stmt *stmt = hall_engine_stmt (self, "UPDATE ticket SET phone = ?2 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_text (stmt, 2, phone, -1, SQLITE_TRANSIENT);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:o}", "phone", hall_phone_masked (phone));
    return 0;
}

static int s_owe_for (hall_engine_t *self, bool booking, int64_t id, const char *kind, int window, int ahead);

static int
s_owe (hall_engine_t *self, int64_t ticket, const char *kind, int window, int ahead)
{
    return s_owe_for (self, false, ticket, kind, window, ahead);
}

int
hall_phone_owe_booking (hall_engine_t *self, int64_t booking, const char *kind)
{
    return s_owe_for (self, true, booking, kind, 0, -1);
}

/* A message of KIND owed for ticket or BOOKING ID, once. */
static int
s_owe_for (hall_engine_t *self, bool booking, int64_t id, const char *kind, int window, int ahead)
{
    guint8 bytes[16];
    if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
        return -1;
    char key[33];
    for (size_t i = 0; i < sizeof bytes; i++)
        snprintf (key + 2 * i, 3, "%02x", bytes[i]);
    sqlite3_stmt *stmt = hall_engine_stmt (self, booking
        ? "INSERT INTO notification (booking, kind, key, window, ahead, created_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (booking, kind) DO NOTHING"
        : "INSERT INTO notification (ticket, kind, key, window, ahead, created_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (ticket, kind) DO NOTHING");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, key, -1, SQLITE_TRANSIENT);
    if (window)
        sqlite3_bind_int (stmt, 4, window);
    if (ahead >= 0)
        sqlite3_bind_int (stmt, 5, ahead);
    sqlite3_bind_int64 (stmt, 6, hall_engine_now (self));
    return hall_stmt_done (stmt);
}

static int
s_notify_ahead (hall_engine_t *self)
{
    int64_t n = hall_store_meta_int (hall_engine_store (self), "hall.notify_ahead", 3);
    return n >= 0 ? (int) n : 3;
}

/* Op `notify.owed`: first records what the tickets with a number now
 * earn (a 'called' message for a called ticket, a 'near' one for a waiting
 * ticket with notify_ahead people or fewer ahead; each once), then lists
 * every message still owed for today's tickets. */
static int
s_op_notify_owed (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    int near = s_notify_ahead (self);
    GPtrArray *tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " TICKET_COLUMNS " FROM ticket"
        " WHERE day = ?1 AND phone IS NOT NULL AND state IN ('waiting', 'called')");
    sqlite3_bind_text (stmt, 1, hall_engine_day (self), -1, SQLITE_TRANSIENT);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (tickets, hall_ticket_row (stmt));
    sqlite3_reset (stmt);
    int rc = 0;
    for (guint i = 0; i < tickets->len && rc == 0; i++) {
        json_t *ticket = g_ptr_array_index (tickets, i);
        int64_t id = json_integer_value (json_object_get (ticket, "id"));
        if (strcmp (json_string_value (json_object_get (ticket, "state")), "called") == 0)
            rc = s_owe (self, id, "called", (int) json_integer_value (json_object_get (ticket, "window")), -1);
        else {
            int ahead = hall_ahead (self, ticket);
            if (ahead <= near)
                rc = s_owe (self, id, "near", 0, ahead);
        }
    }
    g_ptr_array_unref (tickets);
    if (rc || hall_booking_remind (self))
        return hall_engine_storage_fail (self, out);
    json_t *owed = json_array ();
    stmt = hall_engine_stmt (self,
        "SELECT n.id, n.key, n.kind, t.number, t.category, c.name, n.window, n.ahead, t.phone,"
        " n.created_at, n.tries"
        " FROM notification n JOIN ticket t ON t.id = n.ticket JOIN category c ON c.code = t.category"
        " WHERE n.sent_at IS NULL AND t.day = ?1 AND t.phone IS NOT NULL ORDER BY n.id");
    sqlite3_bind_text (stmt, 1, hall_engine_day (self), -1, SQLITE_TRANSIENT);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (owed, json_pack ("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:i, s:n, s:n}",
            "id", (json_int_t) sqlite3_column_int64 (stmt, 0),
            "key", hall_column_text (stmt, 1), "kind", hall_column_text (stmt, 2),
            "number", hall_column_text (stmt, 3), "category", hall_column_text (stmt, 4),
            "category_name", hall_column_text (stmt, 5), "window", hall_column_int (stmt, 6),
            "ahead", hall_column_int (stmt, 7), "phone", hall_column_text (stmt, 8),
            "created_at", (json_int_t) sqlite3_column_int64 (stmt, 9), "tries", sqlite3_column_int (stmt, 10),
            "booking", "token"));
    sqlite3_reset (stmt);
    /* The bookings' reminders (booking.c decides which are owed). */
    stmt = hall_engine_stmt (self,
        "SELECT n.id, n.key, n.kind, b.category, c.name, b.phone, n.created_at, n.tries, b.day,"
        " printf ('%02d:%02d', b.slot_start / 60, b.slot_start % 60),"
        " printf ('%02d:%02d', b.slot_end / 60, b.slot_end % 60)"
        " FROM notification n JOIN booking b ON b.id = n.booking JOIN category c ON c.code = b.category"
        " WHERE n.sent_at IS NULL AND b.state = 'booked' AND b.phone IS NOT NULL ORDER BY n.id");
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (owed, json_pack ("{s:I, s:o, s:o, s:n, s:o, s:o, s:n, s:n, s:o, s:I, s:i,"
                                                " s:{s:o, s:o, s:o}, s:n}",
            "id", (json_int_t) sqlite3_column_int64 (stmt, 0),
            "key", hall_column_text (stmt, 1), "kind", hall_column_text (stmt, 2), "number",
            "category", hall_column_text (stmt, 3), "category_name", hall_column_text (stmt, 4),
            "window", "ahead", "phone", hall_column_text (stmt, 5),
            "created_at", (json_int_t) sqlite3_column_int64 (stmt, 6), "tries", sqlite3_column_int (stmt, 7),
            "booking", "day", hall_column_text (stmt, 8), "start", hall_column_text (stmt, 9),
            "end", hall_column_text (stmt, 10), "token"));
    sqlite3_reset (stmt);
    /* The revisit links (case.link with send): to the case's number. */
    stmt = hall_engine_stmt (self,
        "SELECT n.id, n.key, n.kind, t.number, k.category, c.name, k.phone, n.created_at, n.tries, k.link_token"
        " FROM notification n JOIN service_case k ON k.id = n.service_case JOIN ticket t ON t.id = k.ticket"
        " JOIN category c ON c.code = k.category"
        " WHERE n.sent_at IS NULL AND k.phone IS NOT NULL AND k.link_expires > ?1 ORDER BY n.id");
    sqlite3_bind_int64 (stmt, 1, hall_engine_now (self));
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (owed, json_pack ("{s:I, s:o, s:o, s:o, s:o, s:o, s:n, s:n, s:o, s:I, s:i, s:n, s:o}",
            "id", (json_int_t) sqlite3_column_int64 (stmt, 0),
            "key", hall_column_text (stmt, 1), "kind", hall_column_text (stmt, 2),
            "number", hall_column_text (stmt, 3), "category", hall_column_text (stmt, 4),
            "category_name", hall_column_text (stmt, 5), "window", "ahead", "phone", hall_column_text (stmt, 6),
            "created_at", (json_int_t) sqlite3_column_int64 (stmt, 7), "tries", sqlite3_column_int (stmt, 8),
            "booking", "token", hall_column_text (stmt, 9)));
    sqlite3_reset (stmt);
    out->result = json_pack ("{s:o, s:s}", "owed", owed, "day", hall_engine_day (self));
    return 0;
}

/* Op `notify.sent`: args id, ok (default true).  A failed try only counts. */
static int
s_op_notify_sent (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    json_t *ok = json_object_get (req->args, "ok");
    bool delivered = !ok || json_is_true (ok);
    sqlite3_stmt *stmt = hall_engine_stmt (self, delivered
        ? "UPDATE notification SET tries = tries + 1, sent_at = ?2 WHERE id = ?1 AND sent_at IS NULL"
        : "UPDATE notification SET tries = tries + 1 WHERE id = ?1 AND sent_at IS NULL");
    sqlite3_bind_int64 (stmt, 1, json_integer_value (json_object_get (req->args, "id")));
    if (delivered)
        sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    int changed = sqlite3_changes (hall_store_db (hall_engine_store (self)));
    out->result = json_pack ("{s:b}", "changed", changed > 0);
    return 0;
}

int
hall_phone_day_sweep (hall_engine_t *self)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "DELETE FROM notification WHERE sent_at IS NULL AND service_case IS NULL");
    if (hall_stmt_done (stmt))
        return -1;
    stmt = hall_engine_stmt (self, "UPDATE ticket SET phone = NULL WHERE phone IS NOT NULL");
    return hall_stmt_done (stmt);
}

const hall_handler_t hall_phone_handlers[] = {
    { HALL_OP_TICKET_VIEW, s_op_ticket_view },
    { HALL_OP_NOTIFY_SUBSCRIBE, s_op_notify_subscribe },
    { HALL_OP_NOTIFY_OWED, s_op_notify_owed },
    { HALL_OP_NOTIFY_SENT, s_op_notify_sent },
    { HALL_OP_NONE, NULL }
};
