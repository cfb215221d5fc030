/*  harness.c — see harness.h. */
#include "harness.h"
#include "session.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* How long a wait for something that must happen may take, in seconds:
 * generous, for a busy machine; every wait ends as soon as it holds. */
#define S_PATIENCE_S 30

/* Servers still running, killed if the test aborts (a failed assertion)
 * so that no hall-server outlives its test. */
#define S_MAX_SERVERS 16
static volatile pid_t s_live[S_MAX_SERVERS];

static void
s_on_abort (int signum)
{
    for (int i = 0; i < S_MAX_SERVERS; i++)
        if (s_live[i] > 0)
            kill (s_live[i], SIGKILL);
    signal (signum, SIG_DFL);
    raise (signum);
}

static void
s_track (pid_t pid, bool live)
{
    static gsize installed = 0;
    if (g_once_init_enter (&installed)) {
        struct sigaction action = { .sa_handler = s_on_abort };
        sigemptyset (&action.sa_mask);
        sigaction (SIGABRT, &action, NULL);
        sigaction (SIGTRAP, &action, NULL);     /* g_error () breaks with SIGTRAP */
        sigaction (SIGTERM, &action, NULL);
        g_once_init_leave (&installed, 1);
    }
    for (int i = 0; i < S_MAX_SERVERS; i++)
        if (live ? s_live[i] == 0 : s_live[i] == pid) {
            s_live[i] = live ? pid : 0;
            return;
        }
}

char *
harness_program (const char *name)
{
    const char *build = g_getenv ("HALL_BUILD");
    g_autofree char *path = g_build_filename (build && *build ? build : "build", name, NULL);
    return g_canonicalize_filename (path, NULL);
}

/* A port the kernel says is free on 127.0.0.1 right now. */
static int
s_free_port (void)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
    socklen_t len = sizeof addr;
    g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
    g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
    close (fd);
    return ntohs (addr.sin_port);
}

static void
s_spawn (server_t *server, gint64 start)
{
    g_autofree char *program = harness_program ("hall-server");
    g_autofree char *log = g_build_filename (server->dir, "server.log", NULL);
    GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
    /* HALL_VALGRIND=1: the server runs under memcheck; server_free()
     * fails the test on any error or definite leak it reports. */
    if (g_getenv ("HALL_VALGRIND")) {
        g_ptr_array_add (argv, g_strdup ("valgrind"));
        g_ptr_array_add (argv, g_strdup ("--leak-check=full"));
        g_ptr_array_add (argv, g_strdup ("--errors-for-leak-kinds=definite"));
        g_ptr_array_add (argv, g_strdup_printf ("--log-file=%s/valgrind-%%p.log", server->dir));
    }
    /* HALL_SERVER_WRAP="valgrind --tool=callgrind …": profiling (make bench). */
    else if (g_getenv ("HALL_SERVER_WRAP")) {
        g_auto (GStrv) wrap = g_strsplit (g_getenv ("HALL_SERVER_WRAP"), " ", -1);
        for (int i = 0; wrap[i]; i++)
            if (*wrap[i])
                g_ptr_array_add (argv, g_strdup (wrap[i]));
    }
    g_ptr_array_add (argv, g_strdup (program));
    g_ptr_array_add (argv, g_strdup_printf ("--db=%s", server->db));
    g_ptr_array_add (argv, g_strdup_printf ("--requests=%s", server->requests));
    g_ptr_array_add (argv, g_strdup_printf ("--events=%s", server->events));
    if (server->config)
        g_ptr_array_add (argv, g_strdup_printf ("--config=%s", server->config));
    /* The server starts at START itself, so not even its first tick sees
     * the machine's date; restarts go on from the time it kept. */
    if (server->test_clock) {
        g_ptr_array_add (argv, g_strdup ("--test-clock"));
        g_ptr_array_add (argv, g_strdup_printf ("--test-clock-start=%" G_GINT64_FORMAT, server->start));
    }
    g_ptr_array_add (argv, NULL);
    /* The server's log goes to a file in the test folder. */
    int fd = open (log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    GError *error = NULL;
    GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH;
    g_spawn_async_with_fds (server->dir, (char **) argv->pdata, NULL, flags, NULL, NULL,
                            &server->pid, -1, fd, fd, &error);
    close (fd);
    g_assert_no_error (error);
    s_track (server->pid, true);
    g_ptr_array_free (argv, TRUE);
    server->starts++;

    /* The server makes its keys at its first start: this process (and the
     * hallctl and probes it starts) acts as the admin tool. */
    g_autofree char *db_dir = g_path_get_dirname (server->db);
    g_autofree char *key = g_build_filename (db_dir, "keys", "admin.key", NULL);
    gint64 until = g_get_monotonic_time () + S_PATIENCE_S * G_USEC_PER_SEC;
    while (!g_file_test (key, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < until)
        g_usleep (25000);
    if (g_strcmp0 (g_getenv ("HALL_KEY"), key) != 0)
        g_setenv ("HALL_KEY", key, TRUE);

    /* Ready when it answers a snapshot. */
    hall_session_t *session = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    /* Under a profiler a CURVE handshake alone can take longer than 200 ms. */
    bool slow = g_getenv ("HALL_VALGRIND") || g_getenv ("HALL_SERVER_WRAP");
    hall_session_set_timeout (session, slow ? 2000 : 200, slow ? 50 : 150);   /* 30 s: a busy machine */
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (session, HALL_OP_SNAPSHOT, NULL, &reply);
    if (rc != HALL_OK) {
        g_autofree char *text = NULL;
        g_file_get_contents (log, &text, NULL, NULL);
        g_error ("hall-server did not start: %s\n%s", hall_error_name (rc), text ? text : "");
    }
    hall_reply_clear (&reply);
    if (start > 0 && server->starts == 1) {
        json_t *args = json_pack ("{s:I}", "set", (json_int_t) start);
        g_assert_cmpint (hall_session_call (session, HALL_OP_CLOCK, args, &reply), ==, HALL_OK);
        json_decref (args);
        hall_reply_clear (&reply);
    }
    hall_session_destroy (&session);
}

server_t *
server_start (const char *config_text, gint64 start)
{
    return server_start_with_db (config_text, start, NULL);
}

server_t *
server_start_with_db (const char *config_text, gint64 start, const char *db)
{
    server_t *server = g_new0 (server_t, 1);
    GError *error = NULL;
    server->dir = g_dir_make_tmp ("hall-it-XXXXXX", &error);
    g_assert_no_error (error);
    server->db = db ? g_strdup (db) : g_build_filename (server->dir, "hall.db", NULL);
    if (config_text) {
        server->config = g_build_filename (server->dir, "hall.conf", NULL);
        g_assert_true (g_file_set_contents (server->config, config_text, -1, NULL));
    }
    /* Two different ports: the kernel may hand the same free port out
     * twice in a row (it did, once in CI: "Address already in use"). */
    int requests = s_free_port (), events;
    do
        events = s_free_port ();
    while (events == requests);
    snprintf (server->requests, sizeof server->requests, "tcp://127.0.0.1:%d", requests);
    snprintf (server->events, sizeof server->events, "tcp://127.0.0.1:%d", events);
    server->test_clock = start > 0;
    server->start = start;
    s_spawn (server, start);
    return server;
}

void
server_kill (server_t *server, int signum)
{
    if (!server->pid)
        return;
    kill (server->pid, signum);
    int status;
    waitpid (server->pid, &status, 0);
    s_track (server->pid, false);
    g_spawn_close_pid (server->pid);
    server->pid = 0;
}

int
server_wait_exit (server_t *server, int timeout_ms)
{
    for (int waited = 0; server->pid && waited <= timeout_ms; waited += 10) {
        int status;
        if (waitpid (server->pid, &status, WNOHANG) == server->pid) {
            s_track (server->pid, false);
            g_spawn_close_pid (server->pid);
            server->pid = 0;
            return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
        }
        g_usleep (10000);
    }
    return -1;
}

void
server_restart (server_t *server)
{
    g_assert_cmpint (server->pid, ==, 0);
    s_spawn (server, 0);
}

/* Every valgrind log of SERVER's runs must say "ERROR SUMMARY: 0 errors"
 * (runs ended by SIGKILL write no summary and are skipped). */
static void
s_check_valgrind (server_t *server)
{
    GDir *dir = g_dir_open (server->dir, 0, NULL);
    const char *name;
    int checked = 0;
    while (dir && (name = g_dir_read_name (dir))) {
        if (!g_str_has_prefix (name, "valgrind-"))
            continue;
        g_autofree char *path = g_build_filename (server->dir, name, NULL);
        g_autofree char *text = NULL;
        g_file_get_contents (path, &text, NULL, NULL);
        if (!text || !strstr (text, "ERROR SUMMARY:"))
            continue;
        checked++;
        if (!strstr (text, "ERROR SUMMARY: 0 errors"))
            g_error ("valgrind found errors in hall-server:\n%s", text);
    }
    if (dir)
        g_dir_close (dir);
    g_test_message ("valgrind: %d clean server run(s)", checked);
}

void
server_free (server_t *server)
{
    server_kill (server, SIGTERM);
    if (g_getenv ("HALL_VALGRIND"))
        s_check_valgrind (server);
    if (g_getenv ("HALL_KEEP_TEST_DIRS"))
        g_printerr ("# kept %s\n", server->dir);
    else {
        g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", server->dir);
        if (system (cmd) != 0)
            g_printerr ("# could not remove %s\n", server->dir);
    }
    g_free (server->dir);
    g_free (server->db);
    g_free (server->config);
    g_free (server);
}

static char *s_last_error;      /* what the last hallctl said on stderr */

const char *
hallctl_last_error (void)
{
    return s_last_error ? s_last_error : "";
}

static char *
s_hallctl_v (server_t *server, int *status, va_list args)
{
    g_autofree char *program = harness_program ("hallctl");
    GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
    g_ptr_array_add (argv, g_strdup (program));
    g_ptr_array_add (argv, g_strdup_printf ("--server=%s", server->requests));
    g_ptr_array_add (argv, g_strdup_printf ("--events=%s", server->events));
    const char *arg;
    while ((arg = va_arg (args, const char *)))
        g_ptr_array_add (argv, g_strdup (arg));
    g_ptr_array_add (argv, NULL);
    char *out = NULL, *err = NULL;
    GError *error = NULL;
    int wait_status = 0;
    g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                  &wait_status, &error);
    g_assert_no_error (error);
    if (err && *err)
        g_test_message ("hallctl stderr: %s", err);
    g_free (s_last_error);
    s_last_error = err;
    *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128;
    if (*status != 0) {
        g_autofree char *line = g_strjoinv (" ", (char **) argv->pdata);
        g_test_message ("%s: exit %d", line, *status);
    }
    g_ptr_array_free (argv, TRUE);
    return out;
}

char *
hallctl (server_t *server, int *status, ...)
{
    va_list args;
    va_start (args, status);
    char *out = s_hallctl_v (server, status, args);
    va_end (args);
    return out;
}

char *
hallctl_ok (server_t *server, ...)
{
    va_list args;
    va_start (args, server);
    int status;
    char *out = s_hallctl_v (server, &status, args);
    va_end (args);
    if (status != 0)
        g_error ("hallctl failed with exit %d: %s", status, out ? out : "");
    g_auto (GStrv) words = g_strsplit_set (out ? out : "", " \t\n", 2);
    char *first = g_strdup (words[0] ? words[0] : "");
    g_free (out);
    return first;
}

char *
db_query (server_t *server, const char *sql)
{
    sqlite3 *db;
    g_assert_cmpint (sqlite3_open_v2 (server->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    sqlite3_busy_timeout (db, 5000);
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        g_error ("%s: %s", sql, sqlite3_errmsg (db));
    char *value = NULL;
    if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    return value;
}

char *
db_query_all (server_t *server, const char *const *queries, size_t n)
{
    GString *all = g_string_new (NULL);
    for (size_t i = 0; i < n; i++) {
        g_autofree char *rows = db_query (server, queries[i]);
        g_string_append_printf (all, "%s\n", rows ? rows : "");
    }
    return g_string_free (all, FALSE);
}

gint64
db_int (server_t *server, const char *sql)
{
    g_autofree char *value = db_query (server, sql);
    return value ? g_ascii_strtoll (value, NULL, 10) : -1;
}

hall_session_t *
harness_session (server_t *server, hall_role_t role, int window)
{
    hall_session_t *session = hall_session_new (server->requests, NULL, role, window, NULL);
    hall_session_set_timeout (session, 2000, 10);
    return session;
}

json_t *
harness_ok (hall_session_t *session, hall_op_t op, json_t *args)
{
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (session, op, args, &reply);
    if (rc != HALL_OK)
        g_error ("%s: %s %s", hall_op_name (op), hall_error_name (rc), reply.message);
    json_decref (args);
    json_t *result = json_incref (reply.result);
    hall_reply_clear (&reply);
    return result;
}

hall_error_t
harness_try (hall_session_t *session, hall_op_t op, json_t *args)
{
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (session, op, args, &reply);
    json_decref (args);
    hall_reply_clear (&reply);
    return rc;
}

gboolean
harness_mirror_matches (hall_session_t *session, server_t *server)
{
    hall_session_t *probe = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    gboolean equal = FALSE;
    /* A generous bound, in time rather than tries: on a busy machine a
     * resync may take seconds, and it returns as soon as it holds. */
    gint64 until = g_get_monotonic_time () + S_PATIENCE_S * G_USEC_PER_SEC;
    for (gboolean last = FALSE; !equal && !last; ) {
        last = g_get_monotonic_time () >= until;
        hall_session_pump (session, 50);
        hall_reply_t reply;
        if (hall_session_call (probe, HALL_OP_SNAPSHOT, NULL, &reply) != HALL_OK)
            continue;
        equal = harness_matches_snapshot (hall_mirror_dump (hall_session_mirror (session)),
                                          reply.result, last);
        hall_reply_clear (&reply);
    }
    hall_session_destroy (&probe);
    return equal;
}

gboolean
harness_matches_snapshot (json_t *dump, json_t *snapshot, gboolean verbose)
{
    json_t *copy = json_deep_copy (snapshot);
    json_object_del (copy, "time");
    json_object_del (copy, "server");
    gboolean equal = json_equal (dump, copy);
    if (!equal && verbose) {
        char *a = json_dumps (dump, JSON_COMPACT), *b = json_dumps (copy, JSON_COMPACT);
        g_test_message ("mirror:   %.3000s", a);
        g_test_message ("snapshot: %.3000s", b);
        free (a);
        free (b);
    }
    json_decref (copy);
    json_decref (dump);
    return equal;
}

void
harness_secure (zsock_t *sock)
{
    zcert_t *cert = zcert_load (g_getenv ("HALL_KEY"));
    g_assert_nonnull (cert);
    zcert_apply (cert, sock);
    zsock_set_curve_serverkey (sock, zcert_meta (cert, "server-key"));
    zcert_destroy (&cert);
}

char *
harness_stranger_key (server_t *server)
{
    char *path = g_build_filename (server->dir, "stranger.key", NULL);
    zcert_t *admin = zcert_load (g_getenv ("HALL_KEY"));
    g_assert_nonnull (admin);
    zcert_t *cert = zcert_new ();
    zcert_set_meta (cert, "server-key", "%s", zcert_meta (admin, "server-key"));
    g_assert_cmpint (zcert_save_secret (cert, path), ==, 0);
    zcert_destroy (&cert);
    zcert_destroy (&admin);
    return path;
}
