/*  settings.c — the hall's settings, kept in the database (settings.h). */
#define G_LOG_DOMAIN "hall-settings"
#include "settings.h"
#include "config.h"
#include "events.h"
#include "rows.h"
#include "window.h"

#include <stdlib.h>
#include <string.h>

/* ---- the settings kept ------------------------------------------------------------- */

/* The kept settings as a key file (g_key_file_free), or NULL. */
static GKeyFile *
s_kept (hall_engine_t *self)
{
    g_autofree char *text = hall_store_meta_get (hall_engine_store (self), "hall.settings");
    GKeyFile *keys = g_key_file_new ();
    if (!text || !g_key_file_load_from_data (keys, text, (gsize) -1, G_KEY_FILE_KEEP_COMMENTS, NULL)) {
        g_key_file_free (keys);
        return NULL;
    }
    return keys;
}

/* The staff signed in at the request's device (a static buffer), "admin"
 * for hallctl, or NULL; ROLE (if given) their role. */
static const char *
s_who_role (hall_engine_t *self, const hall_request_t *req, const char **role)
{
    static char staff[64], staff_role[16];
    if (role)
        *role = "manager";
    if (req->role == HALL_ROLE_ADMIN)
        return "admin";
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT m.staff, coalesce (s.role, '') FROM manager_session m"
                                           " LEFT JOIN staff s ON s.id = m.staff WHERE m.device = ?1");
    sqlite3_bind_text (stmt, 1, *req->device ? req->device : req->client, -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found) {
        g_snprintf (staff, sizeof staff, "%s", sqlite3_column_text (stmt, 0));
        g_snprintf (staff_role, sizeof staff_role, "%s", sqlite3_column_text (stmt, 1));
        if (role)
            *role = staff_role;
    }
    sqlite3_reset (stmt);
    return found ? staff : NULL;
}

static const char *
s_who (hall_engine_t *self, const hall_request_t *req)
{
    return s_who_role (self, req, NULL);
}

int
hall_settings_need_manager (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *role;
    const char *who = s_who_role (self, req, &role);
    if (!who)
        return hall_outcome_fail (out, HALL_E_NOT_SIGNED_IN, "the hall's settings are changed by a manager signed in "
                                  "at the dashboard (manager.signin)");
    if (strcmp (role, "manager") != 0)
        return hall_outcome_fail (out, HALL_E_FORBIDDEN, "staff %s is a %s: the hall's settings, staff and devices "
                                  "are changed by a manager", who, role);
    return 0;
}

static int
s_audit (hall_engine_t *self, const hall_request_t *req, const char *op, const char *group, const char *key,
         const char *old, const char *new_value)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "INSERT INTO setting_change (time, staff, device, op, grp, key,"
                                           " old, new) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    sqlite3_bind_int64 (stmt, 1, hall_engine_now (self));
    hall_bind_text (stmt, 2, s_who (self, req));
    sqlite3_bind_text (stmt, 3, *req->device ? req->device : req->client, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 4, op, -1, SQLITE_TRANSIENT);
    hall_bind_text (stmt, 5, group);
    hall_bind_text (stmt, 6, key);
    hall_bind_text (stmt, 7, old);
    hall_bind_text (stmt, 8, new_value);
    return hall_stmt_done (stmt);
}

int
hall_settings_audit (hall_engine_t *self, const hall_request_t *req, const char *op, const char *group,
                     const char *key, const char *old, const char *new_value)
{
    return s_audit (self, req, op, group, key, old, new_value) ? -1 : 0;
}

int
hall_settings_note (hall_engine_t *self, const hall_request_t *req, const char *group, const char *key,
                    const char *value)
{
    GKeyFile *keys = s_kept (self);
    if (!keys)
        return 0;                 /* nothing kept yet: the next seed has it */
    g_autofree char *old = g_key_file_get_value (keys, group, key, NULL);
    if (g_strcmp0 (old, value) == 0) {
        g_key_file_free (keys);
        return 0;
    }
    if (value)
        g_key_file_set_value (keys, group, key, value);
    else
        g_key_file_remove_key (keys, group, key, NULL);
    g_autofree char *text = g_key_file_to_data (keys, NULL, NULL);
    g_key_file_free (keys);
    int rc = hall_store_meta_set (hall_engine_store (self), "hall.settings", text);
    return rc || s_audit (self, req, hall_op_name (req->op), group, key, old, value) ? -1 : 0;
}

/* Disabled staff leave at once: signed out of their window (a ticket in
 * service stays there for the next clerk), their dashboard session ended.
 * 0 or -1. */
static int
s_disabled_leave (hall_engine_t *self)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT w.number, s.id, s.name FROM service_window w JOIN staff s"
                                           " ON s.id = w.clerk WHERE s.disabled ORDER BY w.number");
    GArray *windows = g_array_new (FALSE, FALSE, sizeof (int));
    g_autoptr (GPtrArray) details = g_ptr_array_new ();
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int number = sqlite3_column_int (stmt, 0);
        g_array_append_val (windows, number);
        g_ptr_array_add (details, json_pack ("{s:s, s:o, s:o}", "reason", "disabled", "staff",
                                             hall_column_text (stmt, 1), "name", hall_column_text (stmt, 2)));
    }
    sqlite3_reset (stmt);
    int rc = 0;
    for (guint i = 0; i < windows->len && rc == 0; i++) {
        int number = g_array_index (windows, int, i);
        /* The event carries the clerk who leaves: logged before clearing. */
        json_t *detail = g_ptr_array_index (details, i);
        g_ptr_array_index (details, i) = NULL;
        if (!hall_engine_event (self, "clerk.signout", 0, number, NULL, detail)) {
            rc = -1;
            break;
        }
        stmt = hall_engine_stmt (self, "UPDATE service_window SET clerk = NULL WHERE number = ?1");
        sqlite3_bind_int (stmt, 1, number);
        rc = hall_stmt_done (stmt);
        json_t *event = g_ptr_array_index (self->events, self->events->len - 1);
        json_object_set_new (event, "window", hall_window_json (self, number));
        g_message ("window %d: its clerk was disabled and is signed out", number);
    }
    g_array_free (windows, TRUE);
    for (guint i = 0; i < details->len; i++)
        json_decref (g_ptr_array_index (details, i));      /* those not sent (a failure) */
    if (rc == 0) {
        stmt = hall_engine_stmt (self, "DELETE FROM manager_session WHERE staff IN"
                                 " (SELECT id FROM staff WHERE disabled)");
        rc = hall_stmt_done (stmt);
    }
    return rc;
}

/* Checks TEXT as the hall's settings and writes them (the caller's
 * transaction), the engine then reading them anew; -1 with OUT failed. */
static int
s_apply (hall_engine_t *self, const char *text, const char *group, const char *key, hall_outcome_t *out)
{
    GError *error = NULL;
    hall_config_t *config = hall_config_from_text (text, "the hall's settings", &error);
    if (!config) {
        int rc = hall_outcome_fail (out, HALL_E_BAD_FIELD, "%s", error->message);
        g_error_free (error);
        return rc;
    }
    int rc = hall_config_write (config, hall_engine_store (self));
    hall_config_destroy (&config);
    if (rc)
        return hall_engine_storage_fail (self, out);
    hall_engine_reload (self);
    if (s_disabled_leave (self))
        return hall_engine_storage_fail (self, out);
    /* Every client reads the hall again (common/mirror.c: a resync). */
    json_t *detail = json_pack ("{s:s?, s:s?}", "group", group, "key", key);
    if (!hall_engine_event (self, "config.changed", 0, 0, NULL, detail))
        return hall_engine_storage_fail (self, out);
    return 0;
}

/* The settings as {"group": {"key": "value"}}. */
static json_t *
s_groups (GKeyFile *keys)
{
    json_t *groups = json_object ();
    gsize ngroups = 0;
    g_auto (GStrv) names = g_key_file_get_groups (keys, &ngroups);
    for (gsize i = 0; i < ngroups; i++) {
        json_t *group = json_object ();
        gsize nkeys = 0;
        g_auto (GStrv) list = g_key_file_get_keys (keys, names[i], &nkeys, NULL);
        for (gsize k = 0; k < nkeys; k++) {
            if (strcmp (list[k], "password_hash") == 0)
                continue;                 /* never shown */
            g_autofree char *value = g_key_file_get_value (keys, names[i], list[k], NULL);
            json_object_set_new (group, list[k], json_string (value ? value : ""));
        }
        json_object_set_new (groups, names[i], group);
    }
    return groups;
}

/* The text to show or export: without the staff's password hashes. */
static char *
s_shown (GKeyFile *keys)
{
    gsize ngroups = 0;
    g_auto (GStrv) names = g_key_file_get_groups (keys, &ngroups);
    for (gsize i = 0; i < ngroups; i++)
        g_key_file_remove_key (keys, names[i], "password_hash", NULL);
    return g_key_file_to_data (keys, NULL, NULL);
}

/* ---- operations ---------------------------------------------------------------------- */

/* Op `manager.signin`: args staff, password. */
static int
s_op_signin (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *staff = hall_arg_str (req, "staff");
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT role, name, password_hash IS NOT NULL FROM staff WHERE id = ?1");
    sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
    char role[16] = "", name[128] = "";
    bool has_password = false;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        g_snprintf (role, sizeof role, "%s", sqlite3_column_text (stmt, 0));
        g_snprintf (name, sizeof name, "%s", sqlite3_column_text (stmt, 1));
        has_password = sqlite3_column_int (stmt, 2);
    }
    sqlite3_reset (stmt);
    if (!*role)
        return hall_outcome_fail (out, HALL_E_UNKNOWN_STAFF, "no staff member %.32s", staff);
    if (!has_password)
        return hall_outcome_fail (out, HALL_E_AUTH, "staff %.32s has no password yet (hallctl passwd)", staff);
    if (hall_staff_verify (self, staff, hall_arg_str (req, "password"), false, out))
        return -1;
    if (strcmp (role, "manager") != 0 && strcmp (role, "supervisor") != 0)
        return hall_outcome_fail (out, HALL_E_FORBIDDEN, "staff %.32s is not a manager", staff);
    stmt = hall_engine_stmt (self, "INSERT INTO manager_session (device, staff, since) VALUES (?1, ?2, ?3)"
                             " ON CONFLICT (device) DO UPDATE SET staff = excluded.staff, since = excluded.since");
    sqlite3_bind_text (stmt, 1, *req->device ? req->device : req->client, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, staff, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, hall_engine_now (self));
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:s, s:s}", "staff", staff, "name", name);
    return 0;
}

static int
s_op_signout (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "DELETE FROM manager_session WHERE device = ?1");
    sqlite3_bind_text (stmt, 1, *req->device ? req->device : req->client, -1, SQLITE_TRANSIENT);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:n}", "staff");
    return 0;
}

/* Every staff member: [{id, name, role, disabled, password, locked}]. */
static json_t *
s_staff_list (hall_engine_t *self)
{
    json_t *list = json_array ();
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT s.id, s.name, s.role, s.disabled, s.password_hash IS NOT NULL,"
        " (SELECT count(*) FROM signin_failure f WHERE f.staff = s.id AND f.time > ?1) FROM staff s ORDER BY s.id");
    sqlite3_bind_int64 (stmt, 1, hall_engine_now (self) - SIGNIN_WINDOW);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (list, json_pack ("{s:o, s:o, s:o, s:b, s:b, s:b}", "id", hall_column_text (stmt, 0),
            "name", hall_column_text (stmt, 1), "role", hall_column_text (stmt, 2),
            "disabled", sqlite3_column_int (stmt, 3), "password", sqlite3_column_int (stmt, 4),
            "locked", sqlite3_column_int (stmt, 5) >= SIGNIN_MAX_FAILURES));
    sqlite3_reset (stmt);
    return list;
}

static int
s_op_get (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    GKeyFile *keys = s_kept (self);
    if (!keys)
        return hall_outcome_fail (out, HALL_E_INTERNAL, "no settings kept yet");
    json_t *groups = s_groups (keys);
    char *text = s_shown (keys);
    g_key_file_free (keys);
    const char *role;
    const char *who = s_who_role (self, req, &role);
    bool admin = req->role == HALL_ROLE_ADMIN;
    out->result = json_pack ("{s:s, s:o, s:s?, s:s?, s:o}", "settings", text, "groups", groups, "signed_in",
                             admin ? NULL : who, "signed_in_role", admin || !who ? NULL : role,
                             "staff", s_staff_list (self));
    g_free (text);
    return 0;
}

/* Op `settings.set`: args group, key, value | remove. */
static int
s_op_set (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    if (hall_settings_need_manager (self, req, out))
        return -1;
    const char *group = hall_arg_str (req, "group"), *key = hall_arg_str (req, "key");
    const char *value = hall_arg_str (req, "value");
    bool remove = json_is_true (json_object_get (req->args, "remove"));
    if ((value != NULL) == remove)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "give 'value', or 'remove': true");
    if (!key && !remove)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'key' names the setting (a whole group can only be removed)");
    if (value && strpbrk (value, "\r\n"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'value' is one line");
    if (strpbrk (group, "[]\r\n") || (key && (strpbrk (key, "=[]\r\n ") || !*key)))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'group' and 'key' are names, as in the file");
    if (key && strcmp (key, "password_hash") == 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "passwords are set with staff.password");
    if (strcmp (group, "hall") == 0 && !key)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "the [hall] group cannot be removed");
    if (g_str_has_prefix (group, "staff ") && !key)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "[%.64s]: staff are not removed but disabled "
                                  "(disabled=true), so that their history stays theirs", group);
    GKeyFile *keys = s_kept (self);
    if (!keys)
        return hall_outcome_fail (out, HALL_E_INTERNAL, "no settings kept yet");
    g_autofree char *old = key ? g_key_file_get_value (keys, group, key, NULL) : NULL;
    if (remove && ((key && !old) || (!key && !g_key_file_has_group (keys, group)))) {
        g_key_file_free (keys);
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "[%.64s] %.64s is not set", group, key ? key : "");
    }
    if (value)
        g_key_file_set_value (keys, group, key, value);
    else if (key)
        g_key_file_remove_key (keys, group, key, NULL);
    else
        g_key_file_remove_group (keys, group, NULL);
    g_autofree char *text = g_key_file_to_data (keys, NULL, NULL);
    g_key_file_free (keys);
    if (s_apply (self, text, group, key, out))
        return -1;
    if (s_audit (self, req, "settings.set", group, key, old, value))
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:s, s:s?, s:s?, s:s?}", "group", group, "key", key, "old", old, "value", value);
    return 0;
}

/* The changes from OLD to NEW, key by key: [{group, key, old, new}]. */
static json_t *
s_diff (GKeyFile *old, GKeyFile *new_keys)
{
    json_t *diff = json_array ();
    GKeyFile *files[2] = { old, new_keys };
    GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (int f = 0; f < 2; f++) {
        gsize ngroups = 0;
        g_auto (GStrv) groups = g_key_file_get_groups (files[f], &ngroups);
        for (gsize g = 0; g < ngroups; g++) {
            gsize nkeys = 0;
            g_auto (GStrv) list = g_key_file_get_keys (files[f], groups[g], &nkeys, NULL);
            for (gsize k = 0; k < nkeys; k++) {
                char *id = g_strdup_printf ("%s\n%s", groups[g], list[k]);
                if (g_hash_table_contains (seen, id) || strcmp (list[k], "password_hash") == 0) {
                    g_free (id);
                    continue;
                }
                g_hash_table_add (seen, id);
                g_autofree char *a = g_key_file_get_value (old, groups[g], list[k], NULL);
                g_autofree char *b = g_key_file_get_value (new_keys, groups[g], list[k], NULL);
                if (g_strcmp0 (a, b) != 0)
                    json_array_append_new (diff, json_pack ("{s:s, s:s, s:s?, s:s?}", "group", groups[g],
                                                            "key", list[k], "old", a, "new", b));
            }
        }
    }
    g_hash_table_destroy (seen);
    return diff;
}

/* Op `settings.import`: args settings (the whole text), dry_run. */
static int
s_op_import (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    if (hall_settings_need_manager (self, req, out))
        return -1;
    const char *text = hall_arg_str (req, "settings");
    GError *error = NULL;
    hall_config_t *config = hall_config_from_text (text, "the imported settings", &error);
    if (!config) {
        int rc = hall_outcome_fail (out, HALL_E_BAD_FIELD, "%s", error->message);
        g_error_free (error);
        return rc;
    }
    GKeyFile *kept = s_kept (self);
    if (!kept) {
        hall_config_destroy (&config);
        return hall_outcome_fail (out, HALL_E_INTERNAL, "no settings kept yet");
    }
    /* The staff's password hashes stay as they are (an export has none). */
    GKeyFile *incoming = hall_config_keys (config);
    gsize ngroups = 0;
    g_auto (GStrv) groups = g_key_file_get_groups (kept, &ngroups);
    for (gsize i = 0; i < ngroups; i++) {
        g_autofree char *hash = g_key_file_get_value (kept, groups[i], "password_hash", NULL);
        if (hash && g_key_file_has_group (incoming, groups[i]))
            g_key_file_set_value (incoming, groups[i], "password_hash", hash);
    }
    for (gsize i = 0; i < ngroups; i++)
        if (g_str_has_prefix (groups[i], "staff ") && !g_key_file_has_group (incoming, groups[i])) {
            g_key_file_free (kept);
            hall_config_destroy (&config);
            return hall_outcome_fail (out, HALL_E_BAD_FIELD, "[%.64s] is missing: staff are not removed but "
                                      "disabled (disabled=true)", groups[i]);
        }
    json_t *diff = s_diff (kept, incoming);
    g_key_file_free (kept);
    bool dry = json_is_true (json_object_get (req->args, "dry_run"));
    int rc = 0;
    if (!dry && json_array_size (diff) > 0) {
        g_autofree char *merged = hall_config_text (config);
        rc = s_apply (self, merged, NULL, NULL, out);
        size_t i;
        json_t *change;
        json_array_foreach (diff, i, change)
            if (rc == 0)
                rc = s_audit (self, req, "settings.import", json_string_value (json_object_get (change, "group")),
                              json_string_value (json_object_get (change, "key")),
                              json_string_value (json_object_get (change, "old")),
                              json_string_value (json_object_get (change, "new")))
                     ? hall_engine_storage_fail (self, out) : 0;
    }
    hall_config_destroy (&config);
    if (rc) {
        json_decref (diff);
        return -1;
    }
    out->result = json_pack ("{s:o, s:b}", "diff", diff, "applied", !dry && json_array_size (diff) > 0);
    return 0;
}

/* Op `settings.audit`: args limit (1-1000, default 100): newest first. */
static int
s_op_audit (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    json_t *jlimit = json_object_get (req->args, "limit");
    json_int_t limit = jlimit ? json_integer_value (jlimit) : 100;
    if (limit < 1 || limit > 1000)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'limit' is 1 to 1000");
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT c.id, c.time, c.staff, s.name, c.device, c.op, c.grp,"
        " c.key, c.old, c.new FROM setting_change c LEFT JOIN staff s ON s.id = c.staff"
        " ORDER BY c.id DESC LIMIT ?1");
    sqlite3_bind_int64 (stmt, 1, limit);
    json_t *changes = json_array ();
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (changes, json_pack ("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
            "id", hall_column_int (stmt, 0), "time", hall_column_int (stmt, 1), "staff", hall_column_text (stmt, 2),
            "staff_name", hall_column_text (stmt, 3), "device", hall_column_text (stmt, 4),
            "op", hall_column_text (stmt, 5), "group", hall_column_text (stmt, 6), "key", hall_column_text (stmt, 7),
            "old", hall_column_text (stmt, 8), "new", hall_column_text (stmt, 9)));
    sqlite3_reset (stmt);
    out->result = json_pack ("{s:o}", "changes", changes);
    return 0;
}

const hall_handler_t hall_settings_handlers[] = {
    { HALL_OP_MANAGER_SIGNIN, s_op_signin },
    { HALL_OP_MANAGER_SIGNOUT, s_op_signout },
    { HALL_OP_SETTINGS_GET, s_op_get },
    { HALL_OP_SETTINGS_SET, s_op_set },
    { HALL_OP_SETTINGS_IMPORT, s_op_import },
    { HALL_OP_SETTINGS_AUDIT, s_op_audit },
    { HALL_OP_NONE, NULL }
};
