/*  store.h — the SQLite database of the hall server.
 *
 *  Opens (or creates) the database with WAL and the chosen synchronous
 *  level, migrates it by PRAGMA user_version, refuses one newer than the
 *  code, and hands out prepared statements that are prepared once and kept
 *  (hall_store_stmt).  Transactions are BEGIN IMMEDIATE; each request in a
 *  group commit runs inside a savepoint of its own.  A store belongs to one
 *  thread: its connection is opened without SQLite's own locking.
 */
#ifndef HALL_STORE_H
#define HALL_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The schema version this code writes.  To change the schema: edit
 * schema.sql (the whole current schema, for new files) AND add
 * migrations/NNN-what.sql taking version NNN-1 to NNN, then bump this. */
#define HALL_SCHEMA_VERSION 18

typedef struct _hall_store_t hall_store_t;

/* PATH may be ":memory:".  SYNC_FULL false means synchronous=NORMAL.
 * Returns NULL with a message in ERRBUF on failure. */
hall_store_t *hall_store_open (const char *path, bool sync_full, char *errbuf, size_t errlen);
void          hall_store_destroy (hall_store_t **self_p);
sqlite3      *hall_store_db (hall_store_t *self);

/* The statement for SQL, prepared on first use and reset + unbound on each
 * later one.  SQL must be a string literal (it is the cache key).  Aborts
 * the program if the SQL does not compile: that is a bug, not bad input. */
sqlite3_stmt *hall_store_stmt (hall_store_t *self, const char *sql);

int  hall_store_begin (hall_store_t *self);      /* 0 or -1 */
int  hall_store_commit (hall_store_t *self);     /* 0 or -1 (then rolled back) */
void hall_store_rollback (hall_store_t *self);
int  hall_store_savepoint (hall_store_t *self);  /* 0 or -1 */
int  hall_store_release (hall_store_t *self);    /* 0 or -1 */
void hall_store_rollback_to (hall_store_t *self);
bool hall_store_in_transaction (hall_store_t *self);

/* meta table */
char   *hall_store_meta_get (hall_store_t *self, const char *key);  /* g_free */
int     hall_store_meta_set (hall_store_t *self, const char *key, const char *value);
int64_t hall_store_meta_int (hall_store_t *self, const char *key, int64_t fallback);

/* Last sqlite error message, for logs. */
const char *hall_store_error (hall_store_t *self);

#endif
