/*  window.c — a window's own state: pausing and resuming, a clerk's
 *  sign-in and sign-out, and which categories it serves (window.h).
 */
#define G_LOG_DOMAIN "hall-engine"
#include "window.h"
#include "cache.h"
#include "events.h"
#include "rows.h"
#include "settings.h"

#include <sodium.h>
#include <string.h>


static int
s_window_result (hall_engine_t *self, int number, hall_outcome_t *out)
{
    out->result = json_pack ("{s:o}", "window", hall_window_json (self, number));
    return 0;
}

static int
s_op_pause (hall_engine_t *self, const hall_request_t *req, bool pause, hall_outcome_t *out)
{
    hall_window_t window;
    if (hall_window_get (self, hall_arg_int (req, "window"), &window, out))
        return -1;
    if (pause && window.paused)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "window %d is already paused", window.number);
    if (!pause && !window.paused)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "window %d is not paused", window.number);
    if (pause && window.ticket)
        return hall_outcome_fail (out, HALL_E_WINDOW_BUSY, "window %d still has a ticket %s; finish it first",
                       window.number, window.ticket_state);
    const char *reason = pause ? hall_arg_str (req, "reason") : NULL;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "UPDATE service_window SET paused = ?2, pause_reason = ?3 WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, window.number);
    sqlite3_bind_int (stmt, 2, pause);
    hall_bind_text (stmt, 3, reason);
    json_t *detail = reason ? json_pack ("{s:s}", "reason", reason) : NULL;
    if (hall_stmt_done (stmt) || !hall_engine_event (self, pause ? "window.paused" : "window.resumed", 0,
                                   window.number, NULL, detail))
        return hall_engine_storage_fail (self, out);
    return s_window_result (self, window.number, out);
}

int
hall_staff_verify (hall_engine_t *self, const char *staff, const char *password, bool trusted,
                   hall_outcome_t *out)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT password_hash, disabled FROM staff WHERE id = ?1");
    sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return hall_outcome_fail (out, HALL_E_UNKNOWN_STAFF, "no staff member %.32s", staff);
    }
    char *hash = sqlite3_column_type (stmt, 0) == SQLITE_NULL
               ? NULL : g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    bool disabled = sqlite3_column_int (stmt, 1);
    sqlite3_reset (stmt);
    if (disabled) {
        g_free (hash);
        return hall_outcome_fail (out, HALL_E_FORBIDDEN, "staff %.32s is disabled", staff);
    }
    /* Rate limit: after SIGNIN_MAX_FAILURES failures within SIGNIN_WINDOW
     * seconds, the staff id is locked until the oldest of them ages out. */
    int64_t now = hall_engine_now (self);
    stmt = hall_engine_stmt (self, "SELECT count(*), min (time) FROM signin_failure WHERE staff = ?1 AND time > ?2");
    sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 2, now - SIGNIN_WINDOW);
    int failures = 0;
    int64_t oldest = now;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        failures = sqlite3_column_int (stmt, 0);
        oldest = sqlite3_column_int64 (stmt, 1);
    }
    sqlite3_reset (stmt);
    if (failures >= SIGNIN_MAX_FAILURES) {
        g_free (hash);
        return hall_outcome_fail (out, HALL_E_LOCKED, "too many failed sign-ins for %.32s; try again in %d minutes",
                       staff, (int) ((oldest + SIGNIN_WINDOW - now + 59) / 60));
    }
    if (hash || (password && !trusted)) {
        bool good = hash && password
                    && crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
        g_free (hash);
        if (!good) {
            g_message ("failed password check for staff %s", staff);
            snprintf (self->failed_signin, sizeof self->failed_signin, "%s", staff);
            return hall_outcome_fail (out, HALL_E_AUTH, "wrong staff id or password");
        }
    }
    return 0;
}

static int
s_op_signin (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_window_t window;
    if (hall_window_get (self, hall_arg_int (req, "window"), &window, out))
        return -1;
    const char *staff = hall_arg_str (req, "staff");
    const char *password = hall_arg_str (req, "password");
    if (hall_staff_verify (self, staff, password, req->role == HALL_ROLE_ADMIN, out))
        return -1;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT number FROM service_window WHERE clerk = ?1 AND number != ?2");
    sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 2, window.number);
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        int other = sqlite3_column_int (stmt, 0);
        sqlite3_reset (stmt);
        return hall_outcome_fail (out, HALL_E_CLERK_ELSEWHERE, "staff %.32s is signed in at window %d; "
                       "sign out there first", staff, other);
    }
    sqlite3_reset (stmt);
    if (window.clerk[0] && strcmp (window.clerk, staff) != 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "staff %s is signed in at window %d; sign out first",
                       window.clerk, window.number);
    if (strcmp (window.clerk, staff) == 0)
        return s_window_result (self, window.number, out);
    stmt = hall_engine_stmt (self, "UPDATE service_window SET clerk = ?2 WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, window.number);
    sqlite3_bind_text (stmt, 2, staff, -1, SQLITE_TRANSIENT);
    if (hall_stmt_done (stmt) || !hall_engine_event (self, "clerk.signin", 0, window.number, NULL, NULL))
        return hall_engine_storage_fail (self, out);
    return s_window_result (self, window.number, out);
}

static int
s_op_signout (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_window_t window;
    if (hall_window_get (self, hall_arg_int (req, "window"), &window, out))
        return -1;
    if (!window.clerk[0])
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "nobody is signed in at window %d", window.number);
    if (window.ticket)
        return hall_outcome_fail (out, HALL_E_WINDOW_BUSY, "window %d still has a ticket %s; finish it first",
                       window.number, window.ticket_state);
    /* The event carries the clerk who signs out: log it before clearing. */
    if (!hall_engine_event (self, "clerk.signout", 0, window.number, NULL, NULL))
        return hall_engine_storage_fail (self, out);
    sqlite3_stmt *stmt = hall_engine_stmt (self, "UPDATE service_window SET clerk = NULL WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, window.number);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    /* The published window must show the clerk gone. */
    json_t *event = g_ptr_array_index (self->events, self->events->len - 1);
    json_object_set_new (event, "window", hall_window_json (self, window.number));
    return s_window_result (self, window.number, out);
}

static int
s_op_window_map (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_window_t window;
    if (hall_window_get (self, hall_arg_int (req, "window"), &window, out))
        return -1;
    json_t *lists[2] = { json_object_get (req->args, "primary"), json_object_get (req->args, "backup") };
    GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    int rc = 0;
    for (int l = 0; l < 2 && rc == 0; l++) {
        size_t i;
        json_t *item;
        json_array_foreach (lists[l], i, item) {
            char code[64];
            if (!hall_category_code (self, json_string_value (item), code)) {
                rc = hall_outcome_fail (out, HALL_E_UNKNOWN_CATEGORY, "no category '%.64s'", json_string_value (item));
                break;
            }
            if (g_hash_table_contains (seen, code)) {
                rc = hall_outcome_fail (out, HALL_E_BAD_FIELD, "category %s is listed twice", code);
                break;
            }
            g_hash_table_add (seen, g_strdup (code));
        }
    }
    g_hash_table_destroy (seen);
    if (rc)
        return rc;
    sqlite3_stmt *stmt = hall_engine_stmt (self, "DELETE FROM window_category WHERE window = ?1");
    sqlite3_bind_int (stmt, 1, window.number);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    for (int l = 0; l < 2; l++) {
        size_t i;
        json_t *item;
        json_array_foreach (lists[l], i, item) {
            char code[64];
            hall_category_code (self, json_string_value (item), code);
            stmt = hall_engine_stmt (self,
                "INSERT INTO window_category (window, category, kind) VALUES (?1, ?2, ?3)");
            sqlite3_bind_int (stmt, 1, window.number);
            sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (stmt, 3, l == 0 ? "primary" : "backup", -1, SQLITE_STATIC);
            if (hall_stmt_done (stmt))
                return hall_engine_storage_fail (self, out);
        }
    }
    /* Kept with the hall's settings: a later change of them keeps it. */
    g_autofree char *group = g_strdup_printf ("window %d", window.number);
    for (int l = 0; l < 2; l++) {
        GString *list = g_string_new (NULL);
        size_t i;
        json_t *item;
        json_array_foreach (lists[l], i, item) {
            char code[64];
            hall_category_code (self, json_string_value (item), code);
            g_string_append_printf (list, "%s%s", list->len ? ";" : "", code);
        }
        int rc = hall_settings_note (self, req, group, l == 0 ? "primary" : "backup", list->len ? list->str : NULL);
        g_string_free (list, TRUE);
        if (rc)
            return hall_engine_storage_fail (self, out);
    }
    if (!hall_engine_event (self, "window.mapped", 0, window.number, NULL, NULL))
        return hall_engine_storage_fail (self, out);
    return s_window_result (self, window.number, out);
}
static int
s_op_pause_window (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    return s_op_pause (self, req, true, out);
}

static int
s_op_resume_window (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    return s_op_pause (self, req, false, out);
}


const hall_handler_t hall_window_handlers[] = {
    { HALL_OP_PAUSE, s_op_pause_window },
    { HALL_OP_RESUME, s_op_resume_window },
    { HALL_OP_SIGNIN, s_op_signin },
    { HALL_OP_SIGNOUT, s_op_signout },
    { HALL_OP_WINDOW_MAP, s_op_window_map },
    { HALL_OP_NONE, NULL }
};
