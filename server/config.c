/*  config.c — the hall's configuration (config.h). */
#define G_LOG_DOMAIN "hall-config"
#include "config.h"
#include "case.h"
#include "booking.h"
#include "journeys.h"
#include "matter.h"
#include "demo_hall.h"   /* generated from data/demo-hall.conf: s_demo_hall */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _hall_config_t {
    GKeyFile *keys;      /* the parsed file */
    char     *hash;      /* SHA-256 of its text */
    char     *source;    /* path, or "built-in demo hall" */
};

static bool
s_code_ok (const char *code)
{
    size_t len = strlen (code);
    if (len == 0 || len > 32)
        return false;
    for (const char *p = code; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
            return false;
    return true;
}

static bool
s_fail (GError **error, const char *source, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static bool
s_fail (GError **error, const char *source, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    char *text = g_strdup_vprintf (fmt, args);
    va_end (args);
    g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "%s: %s", source, text);
    g_free (text);
    return false;
}

/* Checks the whole file; false with ERROR on the first problem. */
static bool
s_validate (hall_config_t *self, GError **error)
{
    GKeyFile *keys = self->keys;
    const char *src = self->source;
    if (!g_key_file_has_group (keys, "hall"))
        return s_fail (error, src, "no [hall] group");
    g_autofree char *name = g_key_file_get_string (keys, "hall", "name", NULL);
    if (!name || !*name)
        return s_fail (error, src, "[hall] needs a name");
    g_autofree char *tzid = g_key_file_get_string (keys, "hall", "timezone", NULL);
    if (tzid) {
        GTimeZone *tz = g_time_zone_new_identifier (tzid);
        if (!tz)
            return s_fail (error, src, "[hall] timezone '%s' is unknown", tzid);
        g_time_zone_unref (tz);
    }
    g_autofree char *policy = g_key_file_get_string (keys, "hall", "missed_policy", NULL);
    if (policy && strcmp (policy, "strict") && strcmp (policy, "requeue"))
        return s_fail (error, src, "[hall] missed_policy must be strict or requeue");
    g_autofree char *position = g_key_file_get_string (keys, "hall", "transfer_position", NULL);
    if (position && strcmp (position, "front") && strcmp (position, "back"))
        return s_fail (error, src, "[hall] transfer_position must be front or back");
    /* A desk's no-show: only after this long since the call, or this many
     * recalls (0: no rule). */
    struct { const char *key; int max; } limits[] = { { "noshow_after", 3600 }, { "noshow_recalls", 9 },
                                                      { "county_lag_alert", 1440 } };
    for (size_t i = 0; i < G_N_ELEMENTS (limits); i++) {
        if (!g_key_file_has_key (keys, "hall", limits[i].key, NULL))
            continue;
        GError *e = NULL;
        int value = g_key_file_get_integer (keys, "hall", limits[i].key, &e);
        if (e || value < 0 || value > limits[i].max) {
            g_clear_error (&e);
            return s_fail (error, src, "[hall] %s must be 0-%d", limits[i].key, limits[i].max);
        }
    }

    gsize ngroups;
    g_auto (GStrv) groups = g_key_file_get_groups (keys, &ngroups);
    GHashTable *codes = g_hash_table_new (g_str_hash, g_str_equal);
    GHashTable *prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    bool ok = true;
    int categories = 0, windows = 0;
    for (gsize i = 0; ok && i < ngroups; i++) {
        const char *group = groups[i];
        if (g_str_has_prefix (group, "category ")) {
            const char *code = group + 9;
            if (!s_code_ok (code)) {
                ok = s_fail (error, src, "[%s]: a category code is 1-32 letters, digits, _ or -", group);
                break;
            }
            g_autofree char *prefix = g_key_file_get_string (keys, group, "prefix", NULL);
            if (!prefix || strlen (prefix) != 1 || !g_ascii_isupper (prefix[0])) {
                ok = s_fail (error, src, "[%s] prefix must be one capital letter A-Z", group);
                break;
            }
            if (g_hash_table_contains (prefixes, prefix)) {
                ok = s_fail (error, src, "[%s] prefix %s is used twice", group, prefix);
                break;
            }
            g_hash_table_add (prefixes, g_strdup (prefix));
            g_hash_table_add (codes, (gpointer) code);
            g_autofree char *cname = g_key_file_get_string (keys, group, "name", NULL);
            if (!cname || !*cname) {
                ok = s_fail (error, src, "[%s] needs a name", group);
                break;
            }
            GError *e = NULL;
            int cap = g_key_file_has_key (keys, group, "daily_cap", NULL)
                    ? g_key_file_get_integer (keys, group, "daily_cap", &e) : 0;
            int target = g_key_file_has_key (keys, group, "target_wait", NULL)
                       ? g_key_file_get_integer (keys, group, "target_wait", e ? NULL : &e) : 0;
            if (e || cap < 0 || cap > 999 || target < 0 || target > 24 * 60) {
                g_clear_error (&e);
                ok = s_fail (error, src, "[%s] daily_cap must be 0-999 and target_wait 0-1440 minutes", group);
                break;
            }
            g_autofree char *hours = g_key_file_get_string (keys, group, "hours", NULL);
            if (hall_hours_contains (hours, 0) < 0) {
                ok = s_fail (error, src, "[%s] hours '%s' must look like 08:30-12:00,13:30-17:30", group, hours);
                break;
            }
            categories++;
        }
    }
    for (gsize i = 0; ok && i < ngroups; i++) {
        const char *group = groups[i];
        if (g_str_has_prefix (group, "window ")) {
            char *end;
            long number = strtol (group + 7, &end, 10);
            if (*end || number < 1 || number > 999) {
                ok = s_fail (error, src, "[%s]: a window number is 1-999", group);
                break;
            }
            const char *lists[] = { "primary", "backup" };
            for (int l = 0; ok && l < 2; l++) {
                g_auto (GStrv) list = g_key_file_get_string_list (keys, group, lists[l], NULL, NULL);
                for (char **c = list; ok && c && *c; c++)
                    if (**c && !g_hash_table_contains (codes, *c))
                        ok = s_fail (error, src, "[%s] %s: no category '%s'", group, lists[l], *c);
            }
            windows++;
        }
        else if (g_str_has_prefix (group, "staff ")) {
            g_autofree char *role = g_key_file_get_string (keys, group, "role", NULL);
            if (role && strcmp (role, "clerk") && strcmp (role, "supervisor") && strcmp (role, "manager"))
                ok = s_fail (error, src, "[%s] role must be clerk, supervisor or manager", group);
            GError *bad = NULL;
            if (ok && g_key_file_has_key (keys, group, "disabled", NULL)) {
                g_key_file_get_boolean (keys, group, "disabled", &bad);
                if (bad) {
                    g_error_free (bad);
                    ok = s_fail (error, src, "[%s] disabled must be true or false", group);
                }
            }
        }
        else if (strcmp (group, "hall") && !g_str_has_prefix (group, "category ") && !g_str_has_prefix (group, "journey "))
            ok = s_fail (error, src, "unknown group [%s]", group);
    }
    if (ok)
        ok = hall_case_config_check (keys, src, error) && hall_booking_config_check (keys, src, error)
             && hall_journeys_config_check (keys, codes, src, error) && hall_matter_config_check (keys, src, error);
    if (ok && categories == 0)
        ok = s_fail (error, src, "no [category CODE] groups");
    if (ok && windows == 0)
        ok = s_fail (error, src, "no [window N] groups");
    g_hash_table_destroy (codes);
    g_hash_table_destroy (prefixes);
    return ok;
}

hall_config_t *
hall_config_from_text (const char *text, const char *source, GError **error)
{
    hall_config_t *self = calloc (1, sizeof *self);
    self->keys = g_key_file_new ();
    self->source = g_strdup (source);
    size_t len = strlen (text);
    self->hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, len);
    bool ok = g_key_file_load_from_data (self->keys, text, len, G_KEY_FILE_KEEP_COMMENTS, error)
              && s_validate (self, error);
    if (!ok)
        hall_config_destroy (&self);
    return self;
}

hall_config_t *
hall_config_load (const char *path, GError **error)
{
    if (!path)
        return hall_config_from_text (s_demo_hall, "built-in demo hall", error);
    char *text = NULL;
    if (!g_file_get_contents (path, &text, NULL, error))
        return NULL;
    hall_config_t *self = hall_config_from_text (text, path, error);
    g_free (text);
    return self;
}

GKeyFile *
hall_config_keys (hall_config_t *self)
{
    return self->keys;
}

char *
hall_config_text (hall_config_t *self)
{
    return g_key_file_to_data (self->keys, NULL, NULL);
}

void
hall_config_destroy (hall_config_t **self_p)
{
    if (self_p && *self_p) {
        hall_config_t *self = *self_p;
        g_key_file_free (self->keys);
        g_free (self->hash);
        g_free (self->source);
        free (self);
        *self_p = NULL;
    }
}

static int
s_int (GKeyFile *keys, const char *group, const char *key, int fallback)
{
    if (!g_key_file_has_key (keys, group, key, NULL))
        return fallback;
    return g_key_file_get_integer (keys, group, key, NULL);
}

static char *
s_str (GKeyFile *keys, const char *group, const char *key, const char *fallback)
{
    char *value = g_key_file_get_string (keys, group, key, NULL);
    if (!value)
        value = g_strdup (fallback);
    return value;
}

static int
s_step (sqlite3_stmt *stmt)
{
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : -1;
}

int
hall_config_write (hall_config_t *self, hall_store_t *store)
{
    GKeyFile *keys = self->keys;
    int rc = 0;
    struct { const char *key, *fallback; } hall_keys[] = {
        { "name", "" }, { "name_en", "" }, { "timezone", "Asia/Shanghai" },
        { "missed_policy", "requeue" }, { "requeue_after", "3" }, { "requeue_max", "2" },
        { "transfer_position", "front" }, { "notice", "" }, { "status_url", "" },
        { "notify_ahead", "3" }, { "noshow_after", "0" }, { "noshow_recalls", "0" },
        { "county_lag_alert", "10" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (hall_keys); i++) {
        g_autofree char *value = s_str (keys, "hall", hall_keys[i].key, hall_keys[i].fallback);
        g_autofree char *meta_key = g_strdup_printf ("hall.%s", hall_keys[i].key);
        rc |= hall_store_meta_set (store, meta_key, value);
    }
    /* Categories: upsert those in the file; those no longer in the file are
     * closed for issuing (their tickets and history stay). */
    rc |= s_step (hall_store_stmt (store, "UPDATE category SET open = 0, position = position + 1000"));
    rc |= s_step (hall_store_stmt (store, "DELETE FROM window_category"));
    gsize ngroups;
    g_auto (GStrv) groups = g_key_file_get_groups (keys, &ngroups);
    int position = 0;
    for (gsize i = 0; i < ngroups; i++) {
        const char *group = groups[i];
        if (!g_str_has_prefix (group, "category "))
            continue;
        sqlite3_stmt *stmt = hall_store_stmt (store,
            "INSERT INTO category (code, prefix, name, name_en, grp, target_wait, daily_cap, hours,"
            " service_default, open, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?11, ?10) "
            "ON CONFLICT (code) DO UPDATE SET prefix = excluded.prefix, name = excluded.name,"
            " name_en = excluded.name_en, grp = excluded.grp, target_wait = excluded.target_wait,"
            " daily_cap = excluded.daily_cap, hours = excluded.hours,"
            " service_default = excluded.service_default, open = excluded.open, position = excluded.position");
        g_autofree char *prefix = s_str (keys, group, "prefix", "");
        g_autofree char *name = s_str (keys, group, "name", "");
        g_autofree char *name_en = s_str (keys, group, "name_en", "");
        g_autofree char *grp = s_str (keys, group, "group", "");
        g_autofree char *hours = s_str (keys, group, "hours", "");
        sqlite3_bind_text (stmt, 1, group + 9, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, prefix, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 4, name_en, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 5, grp, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int (stmt, 6, s_int (keys, group, "target_wait", 0) * 60);
        sqlite3_bind_int (stmt, 7, s_int (keys, group, "daily_cap", 0));
        sqlite3_bind_text (stmt, 8, hours, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int (stmt, 9, s_int (keys, group, "service_minutes", 5) * 60);
        sqlite3_bind_int (stmt, 10, position++);
        /* A category a manager closed stays closed (open=false). */
        GError *e = NULL;
        bool open = g_key_file_get_boolean (keys, group, "open", &e);
        sqlite3_bind_int (stmt, 11, e ? 1 : open);
        g_clear_error (&e);
        rc |= s_step (stmt);
    }
    rc |= s_step (hall_store_stmt (store,
        "DELETE FROM service_window WHERE ticket IS NULL AND clerk IS NULL"));
    for (gsize i = 0; i < ngroups; i++) {
        const char *group = groups[i];
        if (!g_str_has_prefix (group, "window "))
            continue;
        int number = atoi (group + 7);
        g_autofree char *wname = s_str (keys, group, "name", "");
        if (!*wname) {
            g_free (wname);
            wname = g_strdup_printf ("%d号窗口", number);
        }
        sqlite3_stmt *stmt = hall_store_stmt (store,
            "INSERT INTO service_window (number, name, green) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (number) DO UPDATE SET name = excluded.name, green = excluded.green");
        sqlite3_bind_int (stmt, 1, number);
        sqlite3_bind_text (stmt, 2, wname, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int (stmt, 3, g_key_file_get_boolean (keys, group, "green", NULL));
        rc |= s_step (stmt);
        const char *lists[] = { "primary", "backup" };
        for (int l = 0; l < 2; l++) {
            g_auto (GStrv) list = g_key_file_get_string_list (keys, group, lists[l], NULL, NULL);
            for (char **c = list; c && *c; c++) {
                if (!**c)
                    continue;
                stmt = hall_store_stmt (store,
                    "INSERT OR IGNORE INTO window_category (window, category, kind) VALUES (?1, ?2, ?3)");
                sqlite3_bind_int (stmt, 1, number);
                sqlite3_bind_text (stmt, 2, *c, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text (stmt, 3, lists[l], -1, SQLITE_STATIC);
                rc |= s_step (stmt);
            }
        }
    }
    for (gsize i = 0; i < ngroups; i++) {
        const char *group = groups[i];
        if (!g_str_has_prefix (group, "staff "))
            continue;
        g_autofree char *sname = s_str (keys, group, "name", group + 6);
        g_autofree char *role = s_str (keys, group, "role", "clerk");
        g_autofree char *hash = g_key_file_get_string (keys, group, "password_hash", NULL);
        bool disabled = g_key_file_get_boolean (keys, group, "disabled", NULL);
        sqlite3_stmt *stmt = hall_store_stmt (store,
            "INSERT INTO staff (id, name, role, password_hash, disabled) VALUES (?1, ?2, ?3, ?4, ?5) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,"
            " password_hash = coalesce (excluded.password_hash, staff.password_hash),"
            " disabled = excluded.disabled");
        sqlite3_bind_text (stmt, 1, group + 6, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, sname, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 3, role, -1, SQLITE_TRANSIENT);
        if (hash)
            sqlite3_bind_text (stmt, 4, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int (stmt, 5, disabled);
        rc |= s_step (stmt);
    }
    rc |= hall_case_config_apply (keys, store);
    rc |= hall_booking_config_apply (keys, store);
    rc |= hall_journeys_config_apply (keys, store);
    rc |= hall_matter_config_apply (keys, store);
    rc |= hall_store_meta_set (store, "config_hash", self->hash);
    /* The hall's settings, as the database keeps them from now on. */
    g_autofree char *text = hall_config_text (self);
    rc |= hall_store_meta_set (store, "hall.settings", text);
    return rc ? -1 : 0;
}

int
hall_config_apply (hall_config_t *self, hall_store_t *store, GError **error)
{
    sqlite3 *db = hall_store_db (store);
    /* The file seeds a new hall only: once the database keeps the hall's
     * settings (changed since from the dashboard or by hallctl config
     * import), a file given again changes nothing. */
    g_autofree char *kept = hall_store_meta_get (store, "hall.settings");
    if (kept) {
        g_autofree char *old = hall_store_meta_get (store, "config_hash");
        if (!old || strcmp (old, self->hash) != 0)
            g_message ("the hall's settings are kept in the database: %s seeds a new hall only "
                       "(change them at the dashboard, or with hallctl config import)", self->source);
        return 0;
    }
    if (hall_store_begin (store)) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write: %s", sqlite3_errmsg (db));
        return -1;
    }
    /* A hall from before schema 17 that applied this very file already:
     * it becomes the settings kept, and the day's changes stay. */
    g_autofree char *applied = hall_store_meta_get (store, "config_hash");
    bool same = applied && strcmp (applied, self->hash) == 0;
    g_autofree char *text = same ? hall_config_text (self) : NULL;
    int rc = same ? hall_store_meta_set (store, "hall.settings", text) : hall_config_write (self, store);
    if (rc) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot apply %s: %s",
                     self->source, sqlite3_errmsg (db));
        hall_store_rollback (store);
        return -1;
    }
    if (hall_store_commit (store)) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot commit %s: %s",
                     self->source, sqlite3_errmsg (db));
        return -1;
    }
    if (same)
        return 0;
    g_message ("applied configuration from %s", self->source);
    return 1;
}
