/*  cache.c — the issue cache and the category lookup (cache.h).
 */
#define G_LOG_DOMAIN "hall-engine"
#include "cache.h"
#include "rows.h"

#include <stdlib.h>
#include <string.h>


void
hall_cache_entry_free (hall_category_cache_t *entry)
{
    json_decref (entry->json);
    json_decref (entry->windows);
    free (entry->windows_text);
    g_free (entry);
}

void
hall_cache_drop (hall_engine_t *self)
{
    if (self->cache)
        g_hash_table_remove_all (self->cache);
}

/* The windows' category lists change only by window.map and a new
 * configuration: they are kept until one of those, or a rollback. */
void
hall_lists_drop (hall_engine_t *self)
{
    if (self->lists)
        g_hash_table_remove_all (self->lists);
}
/* ---- the issue cache: filling and reading it ----------------------------- */

/* The cache entry of CODE (loaded from the store if need be), or NULL
 * when not caching or the category does not exist. */
hall_category_cache_t *
hall_cache_get (hall_engine_t *self, const char *code)
{
    if (!self->caching)
        return NULL;
    hall_category_cache_t *entry = g_hash_table_lookup (self->cache, code);
    if (entry)
        return entry;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT prefix, open, daily_cap, hours, name FROM category WHERE code = ?1");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return NULL;
    }
    entry = g_new0 (hall_category_cache_t, 1);
    snprintf (entry->code, sizeof entry->code, "%s", code);
    snprintf (entry->prefix, sizeof entry->prefix, "%s", sqlite3_column_text (stmt, 0));
    entry->open = sqlite3_column_int (stmt, 1);
    entry->cap = sqlite3_column_int (stmt, 2);
    snprintf (entry->hours, sizeof entry->hours, "%s", sqlite3_column_text (stmt, 3));
    snprintf (entry->name, sizeof entry->name, "%s", sqlite3_column_text (stmt, 4));
    sqlite3_reset (stmt);
    /* The cached entries are the store's values: read them with the cache off. */
    self->caching = false;
    entry->json = hall_category_json (self, code);
    entry->windows = hall_windows_serving (self, code);
    entry->open_windows = hall_category_open_windows (self, code, &entry->capacity);
    entry->mean = hall_category_mean (self, code);
    self->caching = true;
    entry->issued = (int) json_integer_value (json_object_get (entry->json, "issued"));
    stmt = hall_engine_stmt (self,
        "SELECT count(*), max (CASE WHEN green IS NULL THEN queue_key END) FROM ticket"
        " WHERE state = 'waiting' AND category = ?1 AND target_window IS NULL");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        entry->waiting = sqlite3_column_int (stmt, 0);
        entry->any_ordinary = sqlite3_column_type (stmt, 1) != SQLITE_NULL;
        entry->last_key = sqlite3_column_double (stmt, 1);
    }
    sqlite3_reset (stmt);
    entry->windows_text = entry->windows ? json_dumps (entry->windows, JSON_COMPACT) : NULL;
    if (!entry->json || !entry->windows_text) {
        hall_cache_entry_free (entry);
        return NULL;
    }
    g_hash_table_insert (self->cache, entry->code, entry);
    return entry;
}

/* A new ordinary ticket with queue key KEY joins CODE's queue: people
 * ahead of it into *AHEAD when the cache knows (every ticket already
 * waiting in the queue is ahead when KEY is the largest key); false when
 * the store must be asked. */
bool
hall_cache_ahead (hall_engine_t *self, const char *code, double key, int *ahead)
{
    hall_category_cache_t *entry = hall_cache_get (self, code);
    if (!entry || (entry->any_ordinary && key < entry->last_key))
        return false;
    *ahead = entry->waiting;
    return true;
}

/* The code of the category GIVEN by code or by prefix letter, when the
 * cache knows it. */
static bool
s_category_code_cached (hall_engine_t *self, const char *given, char code[64])
{
    if (!self->caching || !given)
        return false;
    hall_category_cache_t *entry = g_hash_table_lookup (self->cache, given);
    if (!entry) {
        g_autofree char *upper = g_ascii_strup (given, -1);
        GHashTableIter iter;
        gpointer value;
        g_hash_table_iter_init (&iter, self->cache);
        while (!entry && g_hash_table_iter_next (&iter, NULL, &value))
            if (strcmp (((hall_category_cache_t *) value)->prefix, upper) == 0)
                entry = value;
    }
    if (entry)
        snprintf (code, 64, "%s", entry->code);
    return entry != NULL;
}
/* Resolves a category given by code or by prefix letter; the code into
 * CODE (64 bytes) or false. */
bool
hall_category_code (hall_engine_t *self, const char *given, char code[64])
{
    if (s_category_code_cached (self, given, code))
        return true;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT code FROM category WHERE code = ?1 OR prefix = upper (?1)");
    sqlite3_bind_text (stmt, 1, given, -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found)
        snprintf (code, 64, "%s", sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    return found;
}

