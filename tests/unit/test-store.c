/*  test-store.c — database creation, migration and refusal of a newer one. */
#include "store.h"
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static int
s_version (const char *path)
{
    sqlite3 *db;
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    sqlite3_stmt *stmt;
    sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
    sqlite3_step (stmt);
    int version = sqlite3_column_int (stmt, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    return version;
}

static void
s_exec_file (const char *db_path, const char *sql)
{
    sqlite3 *db;
    g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
}

static void
test_migrate_v1 (void)
{
    g_autofree char *dir = g_dir_make_tmp ("hall-store-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "hall.db", NULL);
    g_autofree char *v1 = NULL;
    const char *source = g_getenv ("HALL_SOURCE");
    g_autofree char *file = g_build_filename (source ? source : ".", "tests/data/schema-v1.sql", NULL);
    g_assert_true (g_file_get_contents (file, &v1, NULL, NULL));
    s_exec_file (path, v1);
    s_exec_file (path, "PRAGMA user_version=1; INSERT INTO meta VALUES ('day', '2026-11-27');");
    char errbuf[256];
    hall_store_t *store = hall_store_open (path, true, errbuf, sizeof errbuf);
    g_assert_nonnull (store);
    /* The old data is kept and the new tables are there. */
    g_autofree char *day = hall_store_meta_get (store, "day");
    g_assert_cmpstr (day, ==, "2026-11-27");
    sqlite3_stmt *stmt = hall_store_stmt (store, "SELECT count(*) FROM device");
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    sqlite3_reset (stmt);
    hall_store_destroy (&store);
    g_assert_cmpint (s_version (path), ==, HALL_SCHEMA_VERSION);

    /* A database newer than the code is refused, untouched. */
    s_exec_file (path, "PRAGMA user_version=99");
    store = hall_store_open (path, true, errbuf, sizeof errbuf);
    g_assert_null (store);
    g_assert_nonnull (strstr (errbuf, "newer"));
    g_assert_cmpint (s_version (path), ==, 99);
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
}

static void
test_fresh (void)
{
    char errbuf[256];
    hall_store_t *store = hall_store_open (":memory:", true, errbuf, sizeof errbuf);
    g_assert_nonnull (store);
    sqlite3_stmt *stmt = hall_store_stmt (store, "PRAGMA user_version");
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, HALL_SCHEMA_VERSION);
    sqlite3_reset (stmt);
    hall_store_destroy (&store);
    hall_store_destroy (&store);      /* twice is fine */
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/store/fresh", test_fresh);
    g_test_add_func ("/store/migrate-v1-and-refuse-newer", test_migrate_v1);
    return g_test_run ();
}
