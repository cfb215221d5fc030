/*  county-db.c — the county's PostgreSQL: connection, migrations, halls
 *  (county-db.h). */
#define G_LOG_DOMAIN "hall-county"
#include "county-db.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

/* The migrations, compiled in (glib-compile-resources --manual-register
 * --c-name county, mk/county.mk). */
GResource *county_get_resource (void);
void county_register_resource (void);

/* The migrations' resource, registered the first time it is needed. */
static GResource *
s_resource (void)
{
    static gsize once = 0;
    if (g_once_init_enter (&once)) {
        county_register_resource ();
        g_once_init_leave (&once, 1);
    }
    return county_get_resource ();
}

#define SCHEMA_PATH "/hall/county/schema/"
/* pg_advisory_xact_lock's key for migrations: "county" in ASCII. */
#define MIGRATE_LOCK "63756e74"

G_DEFINE_QUARK (county-db-error-quark, county_db_error)

PGconn *
county_db_connect (const char *conninfo, GError **error)
{
    PGconn *db = PQconnectdb (conninfo ? conninfo : "");
    if (!db) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_CONNECT, "out of memory");
        return NULL;
    }
    if (PQstatus (db) != CONNECTION_OK) {
        g_autofree char *text = g_strchomp (g_strdup (PQerrorMessage (db)));
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_CONNECT, "cannot connect to the county: %s", text);
        PQfinish (db);
        return NULL;
    }
    /* The names and reports are UTF-8, whatever this machine's locale. */
    PGresult *res = PQexec (db, "SET client_encoding = 'UTF8'");
    PQclear (res);
    return db;
}

PGresult *
county_db_query (PGconn *db, const char *sql, int n, const char *const *params, GError **error)
{
    PGresult *res = PQexecParams (db, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType status = PQresultStatus (res);
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        return res;
    const char *message = res ? PQresultErrorMessage (res) : PQerrorMessage (db);
    g_autofree char *text = g_strchomp (g_strdup (message && *message ? message : "failed"));
    g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_FAILED, "%s", text);
    PQclear (res);
    return NULL;
}

bool
county_db_exec (PGconn *db, const char *sql, int n, const char *const *params, GError **error)
{
    PGresult *res = county_db_query (db, sql, n, params, error);
    PQclear (res);
    return res != NULL;
}

/* ---- migrations ---------------------------------------------------------- */

typedef struct {
    int   version;             /* NNN of NNN-name.sql */
    char *path;                /* its resource path */
} migration_t;

static gint
s_migration_order (gconstpointer a, gconstpointer b)
{
    const migration_t *x = a, *y = b;
    return x->version - y->version;
}

/* The compiled-in migrations, by version (g_array_unref). */
static GArray *
s_migrations (void)
{
    GArray *list = g_array_new (FALSE, TRUE, sizeof (migration_t));
    char **names = g_resource_enumerate_children (s_resource (), SCHEMA_PATH, 0, NULL);
    for (char **name = names; name && *name; name++) {
        char *end;
        long version = strtol (*name, &end, 10);
        if (end == *name || *end != '-' || !g_str_has_suffix (*name, ".sql") || version <= 0)
            continue;
        migration_t m = { (int) version, g_strconcat (SCHEMA_PATH, *name, NULL) };
        g_array_append_val (list, m);
    }
    g_strfreev (names);
    g_array_sort (list, s_migration_order);
    return list;
}

static void
s_migrations_free (GArray *list)
{
    for (guint i = 0; i < list->len; i++)
        g_free (g_array_index (list, migration_t, i).path);
    g_array_unref (list);
}

int
county_db_latest_version (void)
{
    GArray *list = s_migrations ();
    int version = list->len ? g_array_index (list, migration_t, list->len - 1).version : 0;
    s_migrations_free (list);
    return version;
}

int
county_db_schema_version (PGconn *db, GError **error)
{
    /* Two statements: the second names county.meta, which must exist to
     * be parsed. */
    PGresult *res = county_db_query (db, "SELECT to_regclass ('county.meta') IS NOT NULL", 0, NULL, error);
    if (!res)
        return -1;
    bool exists = strcmp (PQgetvalue (res, 0, 0), "t") == 0;
    PQclear (res);
    if (!exists)
        return 0;
    res = county_db_query (db, "SELECT value FROM county.meta WHERE key = 'schema_version'", 0, NULL, error);
    if (!res)
        return -1;
    int version = PQntuples (res) ? atoi (PQgetvalue (res, 0, 0)) : 0;
    PQclear (res);
    return version;
}

/* Applies migration M in its own transaction, unless another migrate got
 * there first (the version read again under the lock). */
static int
s_apply (PGconn *db, const migration_t *m, bool *applied, GError **error)
{
    *applied = false;
    if (!county_db_exec (db, "BEGIN", 0, NULL, error))
        return -1;
    GBytes *sql = NULL;
    if (!county_db_exec (db, "SELECT pg_advisory_xact_lock (x'" MIGRATE_LOCK "'::int)", 0, NULL, error))
        goto fail;
    int version = county_db_schema_version (db, error);
    if (version < 0)
        goto fail;
    if (version >= m->version) {
        if (!county_db_exec (db, "COMMIT", 0, NULL, error))
            return -1;
        return version;
    }
    sql = g_resource_lookup_data (s_resource (), m->path, 0, error);
    if (!sql)
        goto fail;
    /* A file of several statements: the simple protocol (no parameters). */
    PGresult *res = PQexec (db, g_bytes_get_data (sql, NULL));
    if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK) {
        g_autofree char *text = g_strchomp (g_strdup (PQresultErrorMessage (res)));
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_FAILED, "migration %s: %s",
                     m->path + strlen (SCHEMA_PATH), text);
        PQclear (res);
        goto fail;
    }
    PQclear (res);
    /* The version it brings, whether or not the file wrote it. */
    char number[16];
    g_snprintf (number, sizeof number, "%d", m->version);
    const char *params[] = { number };
    if (!county_db_exec (db, "INSERT INTO county.meta (key, value) VALUES ('schema_version', $1)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value", 1, params, error)
        || !county_db_exec (db, "COMMIT", 0, NULL, error))
        goto fail;
    g_bytes_unref (sql);
    *applied = true;
    return m->version;
fail:
    if (sql)
        g_bytes_unref (sql);
    PQclear (PQexec (db, "ROLLBACK"));
    return -1;
}

int
county_db_migrate (PGconn *db, int *applied, GError **error)
{
    if (applied)
        *applied = 0;
    int version = county_db_schema_version (db, error);
    if (version < 0)
        return -1;
    GArray *list = s_migrations ();
    for (guint i = 0; i < list->len && version >= 0; i++) {
        const migration_t *m = &g_array_index (list, migration_t, i);
        if (m->version <= version)
            continue;
        bool done;
        version = s_apply (db, m, &done, error);
        if (applied && done)
            (*applied)++;
    }
    s_migrations_free (list);
    return version;
}

bool
county_db_check_schema (PGconn *db, GError **error)
{
    int version = county_db_schema_version (db, error);
    if (version < 0)
        return false;
    if (version == 0) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_SCHEMA,
                     "no county schema in this database: run hall-county migrate");
        return false;
    }
    if (version > county_db_latest_version ()) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_SCHEMA,
                     "the county schema is version %d, newer than this hall-county (%d)", version,
                     county_db_latest_version ());
        return false;
    }
    return true;
}

/* ---- halls ---------------------------------------------------------------- */

char *
county_db_default_role (const char *id)
{
    return g_strconcat ("hall_", id, NULL);
}

static bool
s_hall_id_valid (const char *id)
{
    size_t n = id ? strlen (id) : 0;
    if (n < 1 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isalnum (id[i]) && id[i] != '_' && id[i] != '-')
            return false;
    return true;
}

bool
county_db_hall_exists (PGconn *db, const char *id, GError **error)
{
    const char *params[] = { id };
    PGresult *res = county_db_query (db, "SELECT 1 FROM county.hall WHERE id = $1", 1, params, error);
    if (!res)
        return false;
    bool found = PQntuples (res) > 0;
    PQclear (res);
    if (!found)
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_NOT_FOUND, "no hall %s at the county", id);
    return found;
}

/* Enroll's work, inside its transaction. */
static bool
s_enroll (PGconn *db, const county_hall_spec_t *spec, const char *level, const char *role, GError **error)
{
    const char *find[] = { spec->id, role };
    PGresult *res = county_db_query (db,
        "SELECT (SELECT id FROM county.hall WHERE id = $1),"
        " (SELECT id FROM county.hall WHERE db_role = $2),"
        " EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2),"
        " EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2 AND (NOT rolcanlogin OR rolsuper))", 2, find, error);
    if (!res)
        return false;
    bool id_taken = !PQgetisnull (res, 0, 0), role_taken = !PQgetisnull (res, 0, 1);
    bool role_exists = strcmp (PQgetvalue (res, 0, 2), "t") == 0;
    bool role_unfit = strcmp (PQgetvalue (res, 0, 3), "t") == 0;
    g_autofree char *holder = g_strdup (PQgetvalue (res, 0, 1));
    PQclear (res);
    if (id_taken) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_EXISTS, "hall %s is enrolled already", spec->id);
        return false;
    }
    if (role_taken) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_EXISTS, "role %s is hall %s's already", role, holder);
        return false;
    }
    /* A group (county_reader …) or a superuser is no uplink's role. */
    if (role_unfit) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_ARGUMENT,
                     "role %s exists and is a group or a superuser, not a hall's login role", role);
        return false;
    }
    if (spec->parent && !county_db_hall_exists (db, spec->parent, error))
        return false;
    /* The role's name quoted as an identifier: any name is safe. */
    char *ident = PQescapeIdentifier (db, role, strlen (role));
    g_autofree char *grant = g_strdup_printf (role_exists ? "GRANT county_hall TO %s"
                                                          : "CREATE ROLE %s LOGIN IN ROLE county_hall", ident);
    PQfreemem (ident);
    if (!county_db_exec (db, grant, 0, NULL, error))
        return false;
    const char *row[] = { spec->id, spec->name, level, spec->parent, role };
    return county_db_exec (db, "INSERT INTO county.hall (id, name, level, parent, db_role) VALUES ($1, $2, $3, $4, $5)",
                           5, row, error);
}

bool
county_db_enroll (PGconn *db, const county_hall_spec_t *spec, GError **error)
{
    const char *level = spec->level ? spec->level : "town";
    if (!s_hall_id_valid (spec->id)) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_ARGUMENT,
                     "a hall's id is 1 to 32 of 0-9 A-Z a-z _ -, not '%s'", spec->id ? spec->id : "");
        return false;
    }
    if (!spec->name || !*spec->name) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_ARGUMENT, "a hall needs a --name");
        return false;
    }
    if (strcmp (level, "town") && strcmp (level, "village") && strcmp (level, "county")) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_ARGUMENT,
                     "--level is town, village or county, not '%s'", level);
        return false;
    }
    g_autofree char *role = spec->role ? g_strdup (spec->role) : county_db_default_role (spec->id);
    if (!*role || strlen (role) > 63) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_ARGUMENT, "a role name is 1 to 63 bytes");
        return false;
    }
    if (!county_db_exec (db, "BEGIN", 0, NULL, error))
        return false;
    if (!s_enroll (db, spec, level, role, error) || !county_db_exec (db, "COMMIT", 0, NULL, error)) {
        PQclear (PQexec (db, "ROLLBACK"));
        return false;
    }
    return true;
}
