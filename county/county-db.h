/*  county-db.h — the county's PostgreSQL (docs/COUNTY.md): connecting,
 *  the schema's migrations, and the few helpers hall-county's commands
 *  share.
 *
 *  The migrations are county/schema/NNN-*.sql, compiled into the program
 *  (a GResource, mk/county.mk).  county.meta's schema_version says which
 *  are applied; county_db_migrate applies the others in order, each in
 *  one transaction with the version it brings, under an advisory lock so
 *  that two migrations at once apply each file once.  A migration file
 *  is plain SQL without BEGIN or COMMIT of its own (the transaction is
 *  the program's), run as the owner; the version it brings is written
 *  whether or not the file writes it.
 */
#ifndef HALL_COUNTY_DB_H
#define HALL_COUNTY_DB_H

#include <glib.h>
#include <libpq-fe.h>
#include <stdbool.h>

#define COUNTY_DB_ERROR (county_db_error_quark ())
GQuark county_db_error_quark (void);

typedef enum {
    COUNTY_DB_ERROR_FAILED,    /* the database refused or failed (its message) */
    COUNTY_DB_ERROR_CONNECT,   /* cannot connect */
    COUNTY_DB_ERROR_ARGUMENT,  /* a bad day, id, level, grouping */
    COUNTY_DB_ERROR_EXISTS,    /* enrolled already */
    COUNTY_DB_ERROR_NOT_FOUND, /* no such hall */
    COUNTY_DB_ERROR_SCHEMA,    /* the schema is missing or newer than this program */
} county_db_error_t;

/* Connects with CONNINFO (NULL or "": libpq's environment, PGHOST,
 * PGDATABASE …).  NULL with ERROR set when it cannot; PQfinish(). */
PGconn *county_db_connect (const char *conninfo, GError **error);

/* The schema version the program carries (its last migration). */
int county_db_latest_version (void);

/* The database's county.meta schema_version: 0 when there is no county
 * schema yet, -1 on failure (ERROR set). */
int county_db_schema_version (PGconn *db, GError **error);

/* Applies the migrations the database lacks.  The version it ends at,
 * with *APPLIED (may be NULL) the number applied now (0: nothing to do);
 * -1 on failure, with the failed migration rolled back. */
int county_db_migrate (PGconn *db, int *applied, GError **error);

/* Runs SQL with N text PARAMS (NULL entries are SQL NULL).  The result
 * when it succeeded (PGRES_TUPLES_OK or PGRES_COMMAND_OK; PQclear()),
 * else NULL with ERROR set to the server's message. */
PGresult *county_db_query (PGconn *db, const char *sql, int n, const char *const *params, GError **error);

/* The same without rows: true when it succeeded. */
bool county_db_exec (PGconn *db, const char *sql, int n, const char *const *params, GError **error);

/* Checks that the schema is there and not newer than this program knows:
 * the reader's commands call it first. */
bool county_db_check_schema (PGconn *db, GError **error);

/* ---- halls ---------------------------------------------------------------- */

typedef struct {
    const char *id;            /* ^[0-9A-Za-z_-]{1,32}$ */
    const char *name;
    const char *level;         /* town (NULL), village, county */
    const char *parent;        /* a hall enrolled before, or NULL */
    const char *role;          /* its uplink's login role; NULL: "hall_" ID */
} county_hall_spec_t;

/* Enrols a hall, in one transaction: its login role (LOGIN, member of
 * county_hall, no password: OPERATIONS says how to give it one) unless
 * the role exists, then made a member of county_hall; and its county.hall
 * row.  COUNTY_DB_ERROR_EXISTS when the id or the role is enrolled
 * already. */
bool county_db_enroll (PGconn *db, const county_hall_spec_t *spec, GError **error);

/* True when hall ID is enrolled; else COUNTY_DB_ERROR_NOT_FOUND (or the
 * database's failure). */
bool county_db_hall_exists (PGconn *db, const char *id, GError **error);

/* The login role enroll gives a hall by default: "hall_" ID.  g_free. */
char *county_db_default_role (const char *id);

#endif
