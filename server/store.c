/*  store.c — the SQLite database of the hall server (store.h). */
#define G_LOG_DOMAIN "hall-store"
#include "store.h"
#include "schema.h"     /* generated from schema.sql: s_schema_sql */
#include "migrations.h" /* generated from migrations/NNN-*.sql: s_migrations[] */

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _hall_store_t {
    sqlite3    *db;          /* the connection */
    char        error[256];  /* the last failure's message (a rollback clears SQLite's) */
    GHashTable *stmts;       /* SQL literal (pointer) -> sqlite3_stmt* */
    int         savepoints;  /* depth of open savepoints */
};

static int
s_exec (hall_store_t *self, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec (self->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        snprintf (self->error, sizeof self->error, "%s", err ? err : sqlite3_errmsg (self->db));
        g_warning ("%.60s: %s", sql, err ? err : "?");
        sqlite3_free (err);
        return -1;
    }
    return 0;
}

/* Runs one of the transaction statements (a literal) through the statement
 * cache: they run several times per request, and compiling them each time
 * cost more than a third of a request's CPU.  0 or -1. */
static int
s_exec_cached (hall_store_t *self, const char *sql)
{
    sqlite3_stmt *stmt = hall_store_stmt (self, sql);
    int rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        snprintf (self->error, sizeof self->error, "%s", sqlite3_errmsg (self->db));
        g_warning ("%s: %s", sql, self->error);
        sqlite3_reset (stmt);
        return -1;
    }
    sqlite3_reset (stmt);
    return 0;
}

static void
s_finalize (gpointer stmt)
{
    sqlite3_finalize (stmt);
}

hall_store_t *
hall_store_open (const char *path, bool sync_full, char *errbuf, size_t errlen)
{
    hall_store_t *self = calloc (1, sizeof *self);
    self->stmts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, s_finalize);
    /* One thread uses a store: no locking inside SQLite (every column read
     * took a mutex, ~3% of a request). */
    if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                         | SQLITE_OPEN_NOMUTEX, NULL)
        != SQLITE_OK) {
        snprintf (errbuf, errlen, "cannot open %s: %s", path,
                  self->db ? sqlite3_errmsg (self->db) : "out of memory");
        hall_store_destroy (&self);
        return NULL;
    }
    sqlite3_busy_timeout (self->db, 5000);
    sqlite3_stmt *stmt;
    int version = -1;
    if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK) {
        if (sqlite3_step (stmt) == SQLITE_ROW)
            version = sqlite3_column_int (stmt, 0);
        sqlite3_finalize (stmt);
    }
    if (version < 0) {
        snprintf (errbuf, errlen, "cannot read %s: %s (is it a hall database, on a writable disk?)",
                  path, sqlite3_errmsg (self->db));
        hall_store_destroy (&self);
        return NULL;
    }
    if (version > HALL_SCHEMA_VERSION) {
        snprintf (errbuf, errlen, "%s has schema version %d, newer than this server's %d: "
                  "refusing to open it (upgrade the server)", path, version, HALL_SCHEMA_VERSION);
        hall_store_destroy (&self);
        return NULL;
    }
    /* Memory does not grow with the history: a page cache of at most
     * 2 MB (SQLite's usual default, stated here so that a build with
     * another default does not change it), no memory-mapped reads (every
     * page of the file a report touched would count in the server's RSS:
     * hundreds of MB for a year), temporary tables on disk.  Reads past
     * the cache come from the kernel's page cache (a year's report spends
     * about a tenth of its time in those copies: a fair price). */
    if (s_exec (self, "PRAGMA journal_mode=WAL") || s_exec (self, "PRAGMA foreign_keys=ON")
        || s_exec (self, sync_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL")
        || s_exec (self, "PRAGMA cache_size=-2000") || s_exec (self, "PRAGMA mmap_size=0")
        || s_exec (self, "PRAGMA temp_store=FILE")) {
        snprintf (errbuf, errlen, "cannot set up %s: %s", path, sqlite3_errmsg (self->db));
        hall_store_destroy (&self);
        return NULL;
    }
    /* A new file gets the whole current schema (schema.sql); an older
     * database gets each migration after its version, in order, each in a
     * transaction of its own (migrations/NNN-name.sql takes NNN-1 to NNN). */
    if (version == 0) {
        char *sql = g_strdup_printf ("BEGIN IMMEDIATE; %s; PRAGMA user_version=%d; COMMIT;",
                                     s_schema_sql, HALL_SCHEMA_VERSION);
        int rc = s_exec (self, sql);
        g_free (sql);
        if (rc) {
            snprintf (errbuf, errlen, "cannot create the schema in %s: %s", path,
                      sqlite3_errmsg (self->db));
            hall_store_destroy (&self);
            return NULL;
        }
        g_message ("created database %s (schema %d)", path, HALL_SCHEMA_VERSION);
    }
    for (int v = version + 1; version > 0 && v <= HALL_SCHEMA_VERSION; v++) {
        const char *step = NULL;
        for (size_t i = 0; i < G_N_ELEMENTS (s_migrations); i++)
            if (s_migrations[i].version == v)
                step = s_migrations[i].sql;
        char *sql = step ? g_strdup_printf ("BEGIN IMMEDIATE; %s; PRAGMA user_version=%d; COMMIT;", step, v)
                         : NULL;
        if (!sql || s_exec (self, sql)) {
            snprintf (errbuf, errlen, "cannot migrate %s to schema %d: %s", path, v,
                      step ? sqlite3_errmsg (self->db) : "no migration");
            s_exec (self, "ROLLBACK");
            g_free (sql);
            hall_store_destroy (&self);
            return NULL;
        }
        g_free (sql);
        g_message ("migrated database %s to schema %d", path, v);
    }
    return self;
}

void
hall_store_destroy (hall_store_t **self_p)
{
    if (self_p && *self_p) {
        hall_store_t *self = *self_p;
        g_hash_table_destroy (self->stmts);
        if (self->db)
            sqlite3_close (self->db);
        free (self);
        *self_p = NULL;
    }
}

sqlite3 *
hall_store_db (hall_store_t *self)
{
    return self->db;
}

sqlite3_stmt *
hall_store_stmt (hall_store_t *self, const char *sql)
{
    sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);
    if (stmt) {
        sqlite3_reset (stmt);
        sqlite3_clear_bindings (stmt);
        return stmt;
    }
    if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
        != SQLITE_OK)
        g_error ("cannot prepare '%s': %s", sql, sqlite3_errmsg (self->db));
    g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
    return stmt;
}

int
hall_store_begin (hall_store_t *self)
{
    return s_exec_cached (self, "BEGIN IMMEDIATE");
}

int
hall_store_commit (hall_store_t *self)
{
    if (s_exec_cached (self, "COMMIT") == 0)
        return 0;
    hall_store_rollback (self);
    return -1;
}

void
hall_store_rollback (hall_store_t *self)
{
    /* Reset every cached statement first: a pending read would otherwise
     * keep the rollback from running. */
    GHashTableIter iter;
    gpointer stmt;
    g_hash_table_iter_init (&iter, self->stmts);
    while (g_hash_table_iter_next (&iter, NULL, &stmt))
        sqlite3_reset (stmt);
    if (!sqlite3_get_autocommit (self->db))
        s_exec (self, "ROLLBACK");
    self->savepoints = 0;
}

int
hall_store_savepoint (hall_store_t *self)
{
    if (s_exec_cached (self, "SAVEPOINT request"))
        return -1;
    self->savepoints++;
    return 0;
}

int
hall_store_release (hall_store_t *self)
{
    if (s_exec_cached (self, "RELEASE request"))
        return -1;
    self->savepoints--;
    return 0;
}

void
hall_store_rollback_to (hall_store_t *self)
{
    GHashTableIter iter;
    gpointer stmt;
    g_hash_table_iter_init (&iter, self->stmts);
    while (g_hash_table_iter_next (&iter, NULL, &stmt))
        sqlite3_reset (stmt);
    s_exec_cached (self, "ROLLBACK TO request");
    s_exec_cached (self, "RELEASE request");
    self->savepoints--;
}

bool
hall_store_in_transaction (hall_store_t *self)
{
    return !sqlite3_get_autocommit (self->db);
}

char *
hall_store_meta_get (hall_store_t *self, const char *key)
{
    sqlite3_stmt *stmt = hall_store_stmt (self, "SELECT value FROM meta WHERE key = ?1");
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
    char *value = NULL;
    if (sqlite3_step (stmt) == SQLITE_ROW)
        value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    return value;
}

int
hall_store_meta_set (hall_store_t *self, const char *key, const char *value)
{
    sqlite3_stmt *stmt = hall_store_stmt (self,
        "INSERT INTO meta (key, value) VALUES (?1, ?2) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : -1;
}

int64_t
hall_store_meta_int (hall_store_t *self, const char *key, int64_t fallback)
{
    char *value = hall_store_meta_get (self, key);
    int64_t result = value ? g_ascii_strtoll (value, NULL, 10) : fallback;
    g_free (value);
    return result;
}

const char *
hall_store_error (hall_store_t *self)
{
    int code = sqlite3_errcode (self->db);
    if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW)
        return sqlite3_errmsg (self->db);
    return self->error[0] ? self->error : sqlite3_errmsg (self->db);
}
