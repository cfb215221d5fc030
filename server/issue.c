/*  issue.c — taking a ticket, and opening or closing a category for
 *  issuing (issue.h).
 */
#define G_LOG_DOMAIN "hall-engine"
#include "issue.h"
#include "window.h"
#include "settings.h"
#include "phone.h"
#include "cache.h"
#include "config.h"
#include "events.h"
#include "rows.h"

#include <string.h>

hall_category_cache_t *
hall_issue_check (hall_engine_t *self, const char *code, const char *person, hall_outcome_t *out)
{
    /* An issue always runs with the cache on (hall_engine_handle). */
    hall_category_cache_t *category = hall_cache_get (self, code);
    if (!category) {
        hall_engine_storage_fail (self, out);
        return NULL;
    }
    int cap = hall_daily_cap (category->cap);
    int64_t now = hall_engine_now (self);
    char day[16];
    int minute;
    hall_engine_local (self, now, day, &minute);
    if (!category->open) {
        hall_outcome_fail (out, HALL_E_CATEGORY_CLOSED, "%s is closed for issuing", category->name);
        return NULL;
    }
    if (hall_hours_contains (category->hours, minute) != 1) {
        hall_outcome_fail (out, HALL_E_OUTSIDE_HOURS, "%s issues tickets only %s", category->name, category->hours);
        return NULL;
    }
    if (person) {
        sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT number FROM ticket WHERE day = ?1 AND category = ?2"
                                           " AND person = ?3 AND state IN ('waiting', 'called')");
        sqlite3_bind_text (stmt, 1, self->day, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 3, person, -1, SQLITE_TRANSIENT);
        if (sqlite3_step (stmt) == SQLITE_ROW) {
            char number[16];
            snprintf (number, sizeof number, "%s", sqlite3_column_text (stmt, 0));
            sqlite3_reset (stmt);
            hall_outcome_fail (out, HALL_E_DUPLICATE_PERSON, "this person already waits with ticket %s for %s",
                               number, category->name);
            return NULL;
        }
        sqlite3_reset (stmt);
    }
    if (category->issued >= cap) {
        hall_outcome_fail (out, HALL_E_DAILY_CAP, "all %d tickets of %s for today are issued", cap, category->name);
        return NULL;
    }
    return category;
}

static int
s_op_issue (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    char code[64];
    const char *given = hall_arg_str (req, "category");
    if (!hall_category_code (self, given, code))
        return hall_outcome_fail (out, HALL_E_UNKNOWN_CATEGORY, "no category '%.64s'", given);
    /* Every green-channel ticket records who granted it, and why. */
    if (hall_arg_str (req, "green") && !hall_arg_str (req, "granted_by"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "a green-channel ticket needs 'granted_by': "
                       "who verified and granted it");
    if (hall_arg_str (req, "password") && !hall_arg_str (req, "green"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'password' is the granter's, with 'green'");
    /* At the reception desk the granter is a staff member, verified by
     * their own password (a name typed in is not a grant). */
    if (req->role == HALL_ROLE_RECEPTION && hall_arg_str (req, "green")) {
        const char *granter = hall_arg_str (req, "granted_by");
        if (!hall_arg_str (req, "password"))
            return hall_outcome_fail (out, HALL_E_AUTH, "the granter's 'password' is needed at the reception desk");
        if (hall_staff_verify (self, granter, hall_arg_str (req, "password"), false, out))
            return -1;
    }
    const char *person = hall_arg_str (req, "person");
    hall_category_cache_t *category = hall_issue_check (self, code, person, out);
    if (!category)
        return -1;
    hall_issue_t what = { .green = hall_arg_str (req, "green"), .granted_by = hall_arg_str (req, "granted_by"),
                          .person = person };
    return hall_issue_ticket (self, category, &what, out);
}

int
hall_issue_ticket (hall_engine_t *self, hall_category_cache_t *category, const hall_issue_t *what,
                   hall_outcome_t *out)
{
    const char *code = category->code;
    int64_t now = hall_engine_now (self);
    if (category->issued >= 999)
        return hall_outcome_fail (out, HALL_E_DAILY_CAP, "all 999 numbers of %s for today are issued",
                                  category->name);
    int seq = category->issued + 1;
    char number[32];
    snprintf (number, sizeof number, "%s%03d", category->prefix, seq);
    char token[HALL_PHONE_TOKEN_SIZE];
    if (hall_phone_token_new (token))
        return hall_outcome_fail (out, HALL_E_INTERNAL, "no randomness for the ticket's link");

    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "INSERT INTO day_counter (day, category, last) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (day, category) DO UPDATE SET last = excluded.last");
    sqlite3_bind_text (stmt, 1, self->day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 3, seq);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);

    const char *green = what->green, *granted_by = what->granted_by;
    stmt = hall_engine_stmt (self,
        "INSERT INTO ticket (day, category, seq, number, state, green, granted_by, person,"
        " issued_at, queued_at, queue_key, queue_seq, token, appointment_at, appointment_slot)"
        " VALUES (?1, ?2, ?3, ?4, 'waiting', ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12, ?13)");
    sqlite3_bind_text (stmt, 1, self->day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 3, seq);
    sqlite3_bind_text (stmt, 4, number, -1, SQLITE_TRANSIENT);
    hall_bind_text (stmt, 5, green);
    hall_bind_text (stmt, 6, green ? granted_by : NULL);
    hall_bind_text (stmt, 7, what->person);
    sqlite3_bind_int64 (stmt, 8, now);
    sqlite3_bind_double (stmt, 9, (double) now);
    sqlite3_bind_int64 (stmt, 10, hall_join_seq (self));
    sqlite3_bind_text (stmt, 11, token, -1, SQLITE_TRANSIENT);
    if (what->appointment_slot) {
        sqlite3_bind_int64 (stmt, 12, what->appointment_at);
        sqlite3_bind_text (stmt, 13, what->appointment_slot, -1, SQLITE_TRANSIENT);
    }
    else {
        sqlite3_bind_null (stmt, 12);
        sqlite3_bind_null (stmt, 13);
    }
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    int64_t id = sqlite3_last_insert_rowid (hall_store_db (self->store));
    if (what->then && what->then (self, id, what->user))
        return hall_engine_storage_fail (self, out);
    /* The cache follows the store (a failure further on drops it). */
    category->issued = seq;
    json_object_set_new (category->json, "issued", json_integer (seq));
    json_t *detail = green ? json_pack ("{s:s, s:s}", "green", green, "granted_by", granted_by) : NULL;
    json_t *event = hall_engine_event (self, "ticket.issued", id, 0, NULL, detail);
    if (!event)
        return hall_engine_storage_fail (self, out);
    category->waiting++;
    if (!green && (!category->any_ordinary || (double) now > category->last_key)) {
        category->last_key = (double) now;
        category->any_ordinary = true;
    }
    /* The link's token goes to the issuer only (the kiosk prints it in
     * the QR); events and snapshots never carry it. */
    out->result = json_pack ("{s:O, s:O, s:s}",
                             "ticket", json_object_get (event, "ticket"),
                             "ahead", json_object_get (event, "ahead"), "token", token);
    hall_estimate_set (out->result, hall_estimate_get (event));
    /* The list of windows is the same for every ticket of the category:
     * it goes into the reply as the text kept with the category. */
    out->raw_key = "windows";
    out->raw_text = category->windows_text;
    return 0;
}
static int
s_op_category_open (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    char code[64];
    const char *given = hall_arg_str (req, "category");
    if (!hall_category_code (self, given, code))
        return hall_outcome_fail (out, HALL_E_UNKNOWN_CATEGORY, "no category '%.64s'", given);
    bool open = json_is_true (json_object_get (req->args, "open"));
    sqlite3_stmt *stmt = hall_engine_stmt (self, "UPDATE category SET open = ?2 WHERE code = ?1");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 2, open);
    g_autofree char *group = g_strdup_printf ("category %s", code);
    if (hall_stmt_done (stmt) || hall_settings_note (self, req, group, "open", open ? NULL : "false")
        || !hall_engine_event (self, open ? "category.opened" : "category.closed", 0, 0, code, NULL))
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:o}", "category", hall_category_json (self, code));
    return 0;
}

const hall_handler_t hall_issue_handlers[] = {
    { HALL_OP_ISSUE, s_op_issue },
    { HALL_OP_CATEGORY_OPEN, s_op_category_open },
    { HALL_OP_NONE, NULL }
};
