/*  it-county-rls.c — the county schema (county/schema/, docs/COUNTY.md) on
 *  a real PostgreSQL 15 (tests/lib/pg): it applies, a hall's login role
 *  reads and writes its own hall's rows only (row-level security), a
 *  reader reads every hall's and writes nothing, the server takes TLS
 *  connections only, and what was written survives a restart.
 *
 *  One server for the suite (initdb takes seconds on a busy machine); each
 *  test writes the rows it reads under ids of its own, so none depends on
 *  another having run (GLib runs /county/restart before the sub-suites).
 */
#include "pg-harness.h"

#include <string.h>

static pg_t *s_pg;

/* Every table of the schema that carries a hall's rows (a "hall" column,
 * row-level security with the policies "own" and "reader"). */
static const char *const s_hall_tables[] = {
    "event", "category", "service_window", "staff", "ticket", "rating", "service_case", "booking",
};

/* An INSERT of one row of TABLE for HALL with the id ID (the columns that
 * have no default). */
static char *
s_insert (const char *table, const char *hall, int id)
{
    if (strcmp (table, "event") == 0)
        return g_strdup_printf ("INSERT INTO county.event (hall, seq, time, type, ticket) "
                                "VALUES ('%s', %d, 1795741200, 'ticket.issued', %d)", hall, id, id);
    if (strcmp (table, "category") == 0)
        return g_strdup_printf ("INSERT INTO county.category (hall, code, name) "
                                "VALUES ('%s', 'c%d', '企业登记')", hall, id);
    if (strcmp (table, "service_window") == 0)
        return g_strdup_printf ("INSERT INTO county.service_window (hall, number, name) "
                                "VALUES ('%s', %d, '%d号窗口')", hall, id, id);
    if (strcmp (table, "staff") == 0)
        return g_strdup_printf ("INSERT INTO county.staff (hall, id, name) "
                                "VALUES ('%s', 's%d', '王芳')", hall, id);
    if (strcmp (table, "ticket") == 0)
        return g_strdup_printf ("INSERT INTO county.ticket (hall, id, day, number, category, state, issued_at) "
                                "VALUES ('%s', %d, '2026-11-27', 'A%03d', 'business', 'waiting', 1795741200)",
                                hall, id, id % 1000);
    if (strcmp (table, "rating") == 0)
        return g_strdup_printf ("INSERT INTO county.rating (hall, id, ticket, category, level, channel, time) "
                                "VALUES ('%s', %d, %d, 'business', 5, 'pad', 1795741800)", hall, id, id);
    if (strcmp (table, "service_case") == 0)
        return g_strdup_printf ("INSERT INTO county.service_case (hall, id, kind, ticket, category, state, "
                                "opened_at, contact_due, rectify_due) VALUES ('%s', %d, 'rating', %d, "
                                "'business', 'open', 1795741800, 1795828200, 1796346600)", hall, id, id);
    if (strcmp (table, "booking") == 0)
        return g_strdup_printf ("INSERT INTO county.booking (hall, id, category, day, slot_start, slot_end, "
                                "state, channel, created_at) VALUES ('%s', %d, 'business', '2026-11-28', "
                                "540, 570, 'booked', 'web', 1795741200)", hall, id);
    g_assert_not_reached ();
}

/* The key column that tells a test's rows from another's. */
static const char *
s_key (const char *table)
{
    if (strcmp (table, "event") == 0)
        return "seq";
    if (strcmp (table, "service_window") == 0)
        return "number";
    if (strcmp (table, "category") == 0 || strcmp (table, "staff") == 0)
        return NULL;    /* text keys: counted whole */
    return "id";
}

static void
s_assert_refused (PGconn *conn, const char *sql, const char *sqlstate, const char *words)
{
    g_autofree char *state = pg_conn_sqlstate (conn, sql);
    if (!state)
        g_error ("accepted, but it must be refused: %s", sql);
    g_assert_cmpstr (state, ==, sqlstate);
    if (!strstr (pg_last_error (), words))
        g_error ("refused for another reason than \"%s\": %s\nin: %s", words, pg_last_error (), sql);
}

/* ---- /county/schema/applies ------------------------------------------------ */

/* The tables the schema's files create (001-county.sql and whatever
 * version follows), read from the files themselves, so a table added there
 * is checked here without a list to keep in step; *VERSION gets the highest
 * file number, the schema_version the last file must leave. */
static GPtrArray *
s_schema_tables (int *version)
{
    const char *source = g_getenv ("HALL_SOURCE");
    g_autofree char *dir = g_build_filename (source && *source ? source : ".", "county", "schema", NULL);
    GError *error = NULL;
    GDir *listing = g_dir_open (dir, 0, &error);
    g_assert_no_error (error);
    GPtrArray *tables = g_ptr_array_new_with_free_func (g_free);
    GRegex *regex = g_regex_new ("^CREATE TABLE (?:IF NOT EXISTS )?county\\.([a-z_]+)", G_REGEX_MULTILINE, 0, NULL);
    const char *name;
    *version = 0;
    while ((name = g_dir_read_name (listing))) {
        if (!g_regex_match_simple ("^[0-9]{3}-.*\\.sql$", name, 0, 0))
            continue;
        *version = MAX (*version, (int) g_ascii_strtoll (name, NULL, 10));
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autofree char *sql = NULL;
        g_file_get_contents (path, &sql, NULL, &error);
        g_assert_no_error (error);
        GMatchInfo *match = NULL;
        g_regex_match (regex, sql, 0, &match);
        while (g_match_info_matches (match)) {
            g_ptr_array_add (tables, g_match_info_fetch (match, 1));
            g_match_info_next (match, NULL);
        }
        g_match_info_free (match);
    }
    g_dir_close (listing);
    g_regex_unref (regex);
    return tables;
}

static gboolean
s_listed (GPtrArray *tables, const char *table)
{
    for (guint i = 0; i < tables->len; i++)
        if (strcmp (tables->pdata[i], table) == 0)
            return TRUE;
    return FALSE;
}

static void
test_schema_applies (void)
{
    int last = 0;
    g_autoptr (GPtrArray) tables = s_schema_tables (&last);
    /* Version 1 is 001-county.sql; a later file raises it. */
    g_assert_cmpint (last, >=, 1);
    g_assert_cmpint (pg_int (s_pg, "SELECT value::int FROM county.meta WHERE key = 'schema_version'"), ==, last);

    /* The files name the tables this suite writes (else it would check
     * nothing of theirs). */
    g_assert_true (s_listed (tables, "meta"));
    g_assert_true (s_listed (tables, "hall"));
    for (size_t i = 0; i < G_N_ELEMENTS (s_hall_tables); i++)
        g_assert_true (s_listed (tables, s_hall_tables[i]));

    for (guint i = 0; i < tables->len; i++) {
        const char *table = tables->pdata[i];
        g_test_message ("table county.%s", table);
        g_autofree char *exists = g_strdup_printf (
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'county' AND table_name = '%s'",
            table);
        g_assert_cmpint (pg_int (s_pg, exists), ==, 1);
        /* Owned by the owner (so the owner alone is not bound by the
         * policies). */
        g_autofree char *owner = g_strdup_printf (
            "SELECT pg_get_userbyid (relowner) FROM pg_class WHERE oid = 'county.%s'::regclass", table);
        g_autofree char *who = pg_query1 (s_pg, owner);
        g_assert_cmpstr (who, ==, PG_OWNER);
        /* Every table with a hall's rows, and county.hall, under
         * row-level security. */
        g_autofree char *has_hall = g_strdup_printf (
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'county' "
            "AND table_name = '%s' AND column_name = 'hall'", table);
        if (pg_int (s_pg, has_hall) == 1 || strcmp (table, "hall") == 0) {
            g_autofree char *rls = g_strdup_printf (
                "SELECT relrowsecurity FROM pg_class WHERE oid = 'county.%s'::regclass", table);
            g_autofree char *on = pg_query1 (s_pg, rls);
            g_assert_cmpstr (on, ==, "t");
        }
    }
    /* Nothing in the schema the files do not create. */
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'county'"),
                     ==, tables->len);
    /* The halls pg_county_setup enrolled. */
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.hall"), ==, 2);
}

/* ---- /county/rls/own-rows-only --------------------------------------------- */

static void
test_own_rows_only (void)
{
    /* Hall b's rows, as its uplink would have written them. */
    for (size_t i = 0; i < G_N_ELEMENTS (s_hall_tables); i++) {
        g_autofree char *sql = s_insert (s_hall_tables[i], "b", 100);
        pg_exec (s_pg, sql);
    }
    PGconn *a = pg_connect (s_pg, "hall_a", "pw-a");
    g_autofree char *mine = pg_conn_query1 (a, "SELECT county.my_hall ()");
    g_assert_cmpstr (mine, ==, "a");

    for (size_t i = 0; i < G_N_ELEMENTS (s_hall_tables); i++) {
        const char *table = s_hall_tables[i];
        g_test_message ("county.%s", table);
        /* Its own hall's row: taken. */
        g_autofree char *own = s_insert (table, "a", 100);
        g_assert_cmpint (pg_conn_ok (a, own), ==, 1);
        /* Another hall's: refused by the policy's WITH CHECK. */
        g_autofree char *other = s_insert (table, "b", 101);
        s_assert_refused (a, other, "42501", "row-level security");

        /* It reads its own rows only, though b's are there. */
        g_autofree char *all = g_strdup_printf ("SELECT count(*) FROM county.%s", table);
        g_autofree char *of_a = g_strdup_printf ("SELECT count(*) FROM county.%s WHERE hall = 'a'", table);
        g_autofree char *of_b = g_strdup_printf ("SELECT count(*) FROM county.%s WHERE hall = 'b'", table);
        g_assert_cmpint (pg_int (s_pg, of_b), >=, 1);
        g_assert_cmpint (pg_conn_int (a, of_b), ==, 0);
        g_assert_cmpint (pg_conn_int (a, of_a), >=, 1);
        g_assert_cmpint (pg_conn_int (a, all), ==, pg_int (s_pg, of_a));
    }

    /* county.hall: its own row only, and an UPDATE of b's touches nothing. */
    g_assert_cmpint (pg_conn_int (a, "SELECT count(*) FROM county.hall"), ==, 1);
    g_autofree char *id = pg_conn_query1 (a, "SELECT id FROM county.hall");
    g_assert_cmpstr (id, ==, "a");
    g_assert_cmpint (pg_conn_ok (a, "UPDATE county.hall SET last_seq = 77 WHERE id = 'b'"), ==, 0);
    g_assert_cmpint (pg_int (s_pg, "SELECT last_seq FROM county.hall WHERE id = 'b'"), ==, 0);
    /* Its own row it may update (the 0 above is the policy, not a grant). */
    g_assert_cmpint (pg_conn_ok (a, "UPDATE county.hall SET seen_at = now () WHERE id = 'a'"), ==, 1);
    /* … but not the columns the county enrolls with. */
    s_assert_refused (a, "UPDATE county.hall SET db_role = 'hall_b' WHERE id = 'a'", "42501", "permission denied");

    /* Rows of b are neither updated nor deleted, and its own rows cannot be
     * handed to b. */
    g_assert_cmpint (pg_conn_ok (a, "UPDATE county.ticket SET state = 'finished' WHERE hall = 'b'"), ==, 0);
    g_assert_cmpint (pg_conn_ok (a, "DELETE FROM county.category WHERE hall = 'b'"), ==, 0);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.ticket WHERE hall = 'b' AND state = 'finished'"), ==, 0);
    g_assert_cmpint (pg_int (s_pg, "SELECT count(*) FROM county.category WHERE hall = 'b'"), >=, 1);
    s_assert_refused (a, "UPDATE county.ticket SET hall = 'b' WHERE hall = 'a' AND id = 100", "42501",
                      "row-level security");
    /* No grant lets a hall delete its events or tickets. */
    s_assert_refused (a, "DELETE FROM county.event WHERE hall = 'a'", "42501", "permission denied");
    PQfinish (a);

    /* b's own role sees b's rows and not a's: the policy names the session's
     * hall, not a fixed one. */
    PGconn *b = pg_connect (s_pg, "hall_b", "pw-b");
    g_autofree char *hall_b = pg_conn_query1 (b, "SELECT county.my_hall ()");
    g_assert_cmpstr (hall_b, ==, "b");
    g_assert_cmpint (pg_conn_int (b, "SELECT count(*) FROM county.ticket WHERE hall = 'a'"), ==, 0);
    g_assert_cmpint (pg_conn_int (b, "SELECT count(*) FROM county.ticket WHERE hall = 'b' AND id = 100"), ==, 1);
    PQfinish (b);
}

/* ---- /county/rls/reader-sees-all ------------------------------------------- */

static void
test_reader_sees_all (void)
{
    for (size_t i = 0; i < G_N_ELEMENTS (s_hall_tables); i++) {
        g_autofree char *of_a = s_insert (s_hall_tables[i], "a", 200);
        g_autofree char *of_b = s_insert (s_hall_tables[i], "b", 200);
        pg_exec (s_pg, of_a);
        pg_exec (s_pg, of_b);
    }
    PGconn *reader = pg_connect (s_pg, "reader", "pw-reader");
    g_autofree char *mine = pg_conn_query1 (reader, "SELECT county.my_hall ()");
    g_assert_null (mine);
    g_assert_cmpint (pg_conn_int (reader, "SELECT count(*) FROM county.hall"), ==, 2);
    g_assert_cmpint (pg_conn_int (reader, "SELECT count(*) FROM county.meta"), ==,
                     pg_int (s_pg, "SELECT count(*) FROM county.meta"));
    for (size_t i = 0; i < G_N_ELEMENTS (s_hall_tables); i++) {
        const char *table = s_hall_tables[i];
        g_test_message ("county.%s", table);
        /* Both halls' rows of this test, and as many rows as there are. */
        const char *key = s_key (table);
        g_autofree char *halls = key
            ? g_strdup_printf ("SELECT count(DISTINCT hall) FROM county.%s WHERE %s = 200", table, key)
            : g_strdup_printf ("SELECT count(DISTINCT hall) FROM county.%s", table);
        g_assert_cmpint (pg_conn_int (reader, halls), ==, 2);
        g_autofree char *all = g_strdup_printf ("SELECT count(*) FROM county.%s", table);
        g_assert_cmpint (pg_conn_int (reader, all), ==, pg_int (s_pg, all));
        /* It writes nothing: no grant (not the policy). */
        g_autofree char *insert = s_insert (table, "a", 201);
        s_assert_refused (reader, insert, "42501", "permission denied");
    }
    s_assert_refused (reader, "UPDATE county.hall SET last_seq = 1", "42501", "permission denied");
    s_assert_refused (reader, "DELETE FROM county.ticket", "42501", "permission denied");
    s_assert_refused (reader, "INSERT INTO county.meta (key, value) VALUES ('x', 'y')", "42501",
                      "permission denied");
    PQfinish (reader);
}

/* ---- /county/tls/required --------------------------------------------------- */

static void
test_tls_required (void)
{
    /* The same user and password over TCP without TLS: no pg_hba.conf line
     * takes it. */
    g_autofree char *plain = g_strdup_printf (
        "host=127.0.0.1 port=%d dbname=county user=hall_a password=pw-a sslmode=disable connect_timeout=5",
        s_pg->port);
    PGconn *conn = pg_try_connect (plain);
    if (conn)
        g_error ("a connection without TLS was accepted");
    g_test_message ("without TLS: %s", pg_last_error ());
    g_assert_nonnull (strstr (pg_last_error (), "no encryption"));

    /* Verified against the test's CA, by address and by name. */
    g_autofree char *verified = pg_conninfo (s_pg, "hall_a", "pw-a");
    g_assert_nonnull (strstr (verified, "sslmode=verify-full"));
    conn = pg_try_connect (verified);
    if (!conn)
        g_error ("verify-full with the CA was refused: %s", pg_last_error ());
    g_assert_cmpint (PQsslInUse (conn), ==, 1);
    g_autofree char *ssl = pg_conn_query1 (conn, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid ()");
    g_assert_cmpstr (ssl, ==, "true");
    PQfinish (conn);
    g_autofree char *by_name = g_strdup_printf (
        "host=localhost hostaddr=127.0.0.1 port=%d dbname=county user=hall_a password=pw-a "
        "sslmode=verify-full sslrootcert=%s connect_timeout=5", s_pg->port, s_pg->ca_file);
    conn = pg_try_connect (by_name);
    if (!conn)
        g_error ("verify-full by the name localhost was refused: %s", pg_last_error ());
    PQfinish (conn);

    /* The password from a passfile (as hall-uplink is told it), none in
     * the conninfo: taken; with none at all: refused. */
    g_autofree char *passfile = pg_passfile (s_pg, "hall_b", "pw-b");
    g_autofree char *bare = pg_conninfo (s_pg, "hall_b", NULL);
    g_assert_null (strstr (bare, "password="));
    g_autofree char *with_file = g_strdup_printf ("%s passfile=%s", bare, passfile);
    conn = pg_try_connect (with_file);
    if (!conn)
        g_error ("the password from the passfile was refused: %s", pg_last_error ());
    g_autofree char *hall = pg_conn_query1 (conn, "SELECT county.my_hall ()");
    g_assert_cmpstr (hall, ==, "b");
    PQfinish (conn);
    g_autofree char *no_file = g_strdup_printf ("%s passfile=/nonexistent", bare);
    conn = pg_try_connect (no_file);
    if (conn)
        g_error ("hall_b was accepted without a password");

    /* The superuser too (its password known to the harness). */
    PGconn *super = pg_connect (s_pg, PG_SUPERUSER, NULL);
    g_assert_cmpint (PQsslInUse (super), ==, 1);
    PQfinish (super);

    /* A name the certificate does not carry fails verify-full. */
    g_autofree char *wrong_name = g_strdup_printf (
        "host=county.example.gov.cn hostaddr=127.0.0.1 port=%d dbname=county user=hall_a password=pw-a "
        "sslmode=verify-full sslrootcert=%s connect_timeout=5", s_pg->port, s_pg->ca_file);
    conn = pg_try_connect (wrong_name);
    if (conn)
        g_error ("verify-full accepted a certificate for another name");
    g_test_message ("wrong name: %s", pg_last_error ());
    g_assert_nonnull (strstr (pg_last_error (), "does not match host name"));

    /* And TLS with a wrong password is still refused (scram-sha-256). */
    g_autofree char *wrong_password = pg_conninfo (s_pg, "hall_a", "pw-b");
    conn = pg_try_connect (wrong_password);
    if (conn)
        g_error ("hall_a was accepted with hall b's password");
    g_assert_nonnull (strstr (pg_last_error (), "password authentication failed"));
}

/* ---- /county/restart -------------------------------------------------------- */

static void
test_restart (void)
{
    PGconn *a = pg_connect (s_pg, "hall_a", "pw-a");
    g_autofree char *row = s_insert ("ticket", "a", 300);
    g_assert_cmpint (pg_conn_ok (a, row), ==, 1);
    int port = s_pg->port;
    gint64 version = pg_int (s_pg, "SELECT value::int FROM county.meta WHERE key = 'schema_version'");

    pg_stop (s_pg);
    g_assert_cmpint (s_pg->pid, ==, 0);
    /* The open session is cut, and no new one is taken. */
    PGresult *res = PQexec (a, "SELECT 1");
    g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
    PQclear (res);
    g_assert_cmpint (PQstatus (a), ==, CONNECTION_BAD);
    PQfinish (a);
    g_autofree char *conninfo = pg_conninfo (s_pg, "hall_a", "pw-a");
    PGconn *conn = pg_try_connect (conninfo);
    if (conn)
        g_error ("a connection was taken while the server was stopped");
    g_test_message ("stopped: %s", pg_last_error ());

    pg_restart (s_pg);
    g_assert_cmpint (s_pg->pid, >, 0);
    g_assert_cmpint (s_pg->port, ==, port);
    a = pg_connect (s_pg, "hall_a", "pw-a");
    g_assert_cmpint (pg_conn_int (a, "SELECT count(*) FROM county.ticket WHERE hall = 'a' AND id = 300"), ==, 1);
    g_autofree char *mine = pg_conn_query1 (a, "SELECT county.my_hall ()");
    g_assert_cmpstr (mine, ==, "a");
    PQfinish (a);
    g_assert_cmpint (pg_int (s_pg, "SELECT value::int FROM county.meta WHERE key = 'schema_version'"), ==, version);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/county/schema/applies", test_schema_applies);
    g_test_add_func ("/county/rls/own-rows-only", test_own_rows_only);
    g_test_add_func ("/county/rls/reader-sees-all", test_reader_sees_all);
    g_test_add_func ("/county/tls/required", test_tls_required);
    g_test_add_func ("/county/restart", test_restart);

    s_pg = pg_start ();
    const char *const ids[] = { "a", "b" };
    const char *const names[] = { "城关镇便民服务中心", "南山镇便民服务中心" };
    pg_county_setup (s_pg, ids, names, G_N_ELEMENTS (ids));
    int rc = g_test_run ();
    pg_free (s_pg);
    return rc;
}
