/*  device.c — the hall's devices and accounts: enrolling, listing and
 *  revoking device keys, setting a staff member's password (device.h);
 *  hallctl's, or a manager's signed in at the dashboard, who is audited.
 */
#define G_LOG_DOMAIN "hall-engine"
#include "device.h"
#include "settings.h"

#include <sodium.h>
#include <string.h>

static int
s_op_device_enroll (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    if (hall_settings_need_manager (self, req, out))
        return -1;
    const char *role_name = hall_arg_str (req, "role");
    hall_role_t role = hall_role_from_name (role_name);
    int window = hall_arg_int (req, "window");
    const char *key = hall_arg_str (req, "public_key");
    if (role == HALL_ROLE_NONE)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "no role '%.32s'", role_name);
    /* An admin key acts without a signed-in manager: only the server's own
     * admin tool (hallctl on the server machine) makes one. */
    if (role == HALL_ROLE_ADMIN && req->role != HALL_ROLE_ADMIN)
        return hall_outcome_fail (out, HALL_E_FORBIDDEN, "an admin key is enrolled with hallctl on the server");
    bool windowed = role == HALL_ROLE_COUNTER || role == HALL_ROLE_RATING_PAD;
    if (windowed != (window > 0))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, windowed ? "a %s needs a window" : "a %s has no window",
                       role_name);
    if (strlen (key) != 40)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "public_key must be a 40-character Z85 CURVE key");
    if (window) {
        hall_window_t w;
        if (hall_window_get (self, window, &w, out))
            return -1;
    }
    /* The id: role-window, or role-N for the first free N. */
    char id[64];
    for (int n = 1; n < 10000; n++) {
        if (window && n == 1)
            snprintf (id, sizeof id, "%s-%d", role_name, window);
        else if (window)
            snprintf (id, sizeof id, "%s-%d-%d", role_name, window, n);
        else
            snprintf (id, sizeof id, "%s-%d", role_name, n);
        sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT count(*) FROM device WHERE id = ?1");
        sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
        bool taken = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
        sqlite3_reset (stmt);
        if (!taken)
            break;
    }
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "INSERT INTO device (id, public_key, role, window, name, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, hall_role_name (role), -1, SQLITE_STATIC);
    if (window)
        sqlite3_bind_int (stmt, 4, window);
    hall_bind_text (stmt, 5, hall_arg_str (req, "name") ? hall_arg_str (req, "name") : "");
    sqlite3_bind_int64 (stmt, 6, hall_engine_now (self));
    if (hall_stmt_done (stmt))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "this key is already enrolled");
    g_autofree char *group = g_strdup_printf ("device %s", id);
    if (hall_settings_audit (self, req, "device.enroll", group, "role", NULL, hall_role_name (role)))
        return hall_engine_storage_fail (self, out);
    g_message ("enrolled device %s (%s)", id, hall_role_name (role));
    out->result = json_pack ("{s:s, s:s}", "id", id, "role", hall_role_name (role));
    if (window)
        json_object_set_new (out->result, "window", json_integer (window));
    return 0;
}

static int
s_op_device_list (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    if (hall_settings_need_manager (self, req, out))
        return -1;
    json_t *devices = json_array ();
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT id, role, window, name, created_at, revoked_at, public_key FROM device ORDER BY id");
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (devices, json_pack ("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
            "id", hall_column_text (stmt, 0), "role", hall_column_text (stmt, 1), "window", hall_column_int (stmt, 2),
            "name", hall_column_text (stmt, 3), "created_at", hall_column_int (stmt, 4),
            "revoked_at", hall_column_int (stmt, 5), "public_key", hall_column_text (stmt, 6)));
    sqlite3_reset (stmt);
    out->result = json_pack ("{s:o}", "devices", devices);
    return 0;
}

static int
s_op_device_revoke (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    if (hall_settings_need_manager (self, req, out))
        return -1;
    const char *id = hall_arg_str (req, "id");
    if (strcmp (id, *req->device ? req->device : req->client) == 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "a device does not revoke its own key");
    char role[16] = "";
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT role FROM device WHERE id = ?1");
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) == SQLITE_ROW)
        g_snprintf (role, sizeof role, "%s", sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    if (strcmp (role, "admin") == 0 && req->role != HALL_ROLE_ADMIN)
        return hall_outcome_fail (out, HALL_E_FORBIDDEN, "an admin key is revoked with hallctl on the server");
    stmt = hall_engine_stmt (self,
        "UPDATE device SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    if (sqlite3_changes (hall_store_db (self->store)) == 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "no valid device '%.64s'", id);
    g_autofree char *group = g_strdup_printf ("device %s", id);
    if (hall_settings_audit (self, req, "device.revoke", group, "role", role, NULL))
        return hall_engine_storage_fail (self, out);
    g_message ("revoked device %s", id);
    out->result = json_pack ("{s:s}", "id", id);
    return 0;
}

static int
s_op_staff_password (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    if (hall_settings_need_manager (self, req, out))
        return -1;
    const char *staff = hall_arg_str (req, "staff");
    const char *password = hall_arg_str (req, "password");
    if (strlen (password) < 6)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "a password has at least 6 characters");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str (hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                           crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return hall_outcome_fail (out, HALL_E_INTERNAL, "out of memory hashing the password");
    sqlite3_stmt *stmt = hall_engine_stmt (self, "UPDATE staff SET password_hash = ?2 WHERE id = ?1");
    sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_TRANSIENT);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    if (sqlite3_changes (hall_store_db (self->store)) == 0)
        return hall_outcome_fail (out, HALL_E_UNKNOWN_STAFF, "no staff member %.32s", staff);
    /* A new password lifts the sign-in lock (a forgotten one reset). */
    stmt = hall_engine_stmt (self, "DELETE FROM signin_failure WHERE staff = ?1");
    sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
    g_autofree char *group = g_strdup_printf ("staff %s", staff);
    if (hall_stmt_done (stmt) || hall_settings_audit (self, req, "staff.password", group, "password", "******",
                                                      "******"))
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:s}", "staff", staff);
    return 0;
}

const hall_handler_t hall_device_handlers[] = {
    { HALL_OP_DEVICE_ENROLL, s_op_device_enroll },
    { HALL_OP_DEVICE_LIST, s_op_device_list },
    { HALL_OP_DEVICE_REVOKE, s_op_device_revoke },
    { HALL_OP_STAFF_PASSWORD, s_op_staff_password },
    { HALL_OP_NONE, NULL }
};
