/*  pg-harness.c — see pg-harness.h. */
#include "pg-harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How long PostgreSQL may take to start or stop, in seconds: generous, for
 * a machine shared with other suites; every wait ends as soon as it holds. */
#define S_PATIENCE_S 60
/* Lines of the server's log shown when it did not come up. */
#define S_TAIL_LINES 40
/* How often a port the kernel called free may turn out taken by the time
 * postgres binds it (another suite's server in between) before we give up. */
#define S_PORT_TRIES 5

/* ---- who runs the server ------------------------------------------------- */

/* initdb and postgres refuse to run as root, and the tests run as root:
 * then the server's programs run as the OS user "postgres" (the package
 * postgresql-15 creates it), switched to in the child before exec (no
 * runuser/su in between, so the pid we hold is the postmaster's own). */
typedef struct {
    gboolean drop;          /* switch to uid/gid in the child */
    uid_t    uid;
    gid_t    gid;
} s_cred_t;

static s_cred_t s_cred;

typedef struct {
    const s_cred_t *cred;
    int             deathsig;   /* sent to the child when this process dies; 0 none */
} s_child_t;

static void
s_child_setup (gpointer data)
{
    const s_child_t *child = data;
    if (child->cred && child->cred->drop) {
        gid_t gid = child->cred->gid;
        if (setgroups (1, &gid) != 0 || setgid (gid) != 0 || setuid (child->cred->uid) != 0)
            _exit (127);
    }
    /* Set after the switch of user: the kernel clears it on a change of
     * credentials.  A postmaster told SIGQUIT shuts down at once with its
     * backends, so a test process that dies by any means (even SIGKILL,
     * which no handler sees) leaves no PostgreSQL behind. */
    if (child->deathsig)
        prctl (PR_SET_PDEATHSIG, child->deathsig);
}

static void
s_cred_init (void)
{
    if (geteuid () != 0)
        return;     /* as ourselves */
    struct passwd *pw = getpwnam ("postgres");
    if (!pw)
        g_error ("pg-harness: running as root, and there is no OS user \"postgres\" to run "
                 "PostgreSQL as (initdb refuses root; the package postgresql-15 creates it)");
    s_cred.drop = TRUE;
    s_cred.uid = pw->pw_uid;
    s_cred.gid = pw->pw_gid;
}

/* Hands PATH to the server's user (a no-op when we are that user). */
static void
s_chown (const char *path)
{
    if (s_cred.drop && chown (path, s_cred.uid, s_cred.gid) != 0)
        g_error ("pg-harness: chown %s: %s", path, g_strerror (errno));
}

/* ---- postmasters to stop if the test aborts ------------------------------ */

/* A failed assertion aborts the test before it reaches pg_free: these
 * postmasters get SIGQUIT (immediate shutdown: they end their backends
 * too), and SIGKILL if they still run after a while.  The previous handler
 * (harness.c's, when a suite runs both a hall-server and PostgreSQL) runs
 * after ours. */
#define S_MAX_SERVERS 8
static volatile pid_t s_live[S_MAX_SERVERS];
static const int s_signals[] = { SIGABRT, SIGTRAP, SIGTERM };   /* g_error () breaks with SIGTRAP */
static struct sigaction s_previous[G_N_ELEMENTS (s_signals)];

static void
s_on_abort (int signum)
{
    for (int i = 0; i < S_MAX_SERVERS; i++)
        if (s_live[i] > 0)
            kill (s_live[i], SIGQUIT);
    /* Up to 10 s for them to end, then SIGKILL (their backends see the
     * postmaster gone and exit by themselves). */
    struct timespec tick = { 0, 10 * 1000 * 1000 };
    for (int waited = 0; waited < 1000; waited++) {
        gboolean any = FALSE;
        for (int i = 0; i < S_MAX_SERVERS; i++)
            if (s_live[i] > 0) {
                if (waitpid (s_live[i], NULL, WNOHANG) == s_live[i])
                    s_live[i] = 0;
                else
                    any = TRUE;
            }
        if (!any)
            break;
        nanosleep (&tick, NULL);
    }
    for (int i = 0; i < S_MAX_SERVERS; i++)
        if (s_live[i] > 0)
            kill (s_live[i], SIGKILL);
    for (size_t i = 0; i < G_N_ELEMENTS (s_signals); i++)
        if (s_signals[i] == signum)
            sigaction (signum, &s_previous[i], NULL);
    raise (signum);
}

static void
s_track (pid_t pid, gboolean live)
{
    static gsize installed = 0;
    if (g_once_init_enter (&installed)) {
        struct sigaction action = { .sa_handler = s_on_abort };
        sigemptyset (&action.sa_mask);
        for (size_t i = 0; i < G_N_ELEMENTS (s_signals); i++)
            sigaction (s_signals[i], &action, &s_previous[i]);
        g_once_init_leave (&installed, 1);
    }
    for (int i = 0; i < S_MAX_SERVERS; i++)
        if (live ? s_live[i] == 0 : s_live[i] == pid) {
            s_live[i] = live ? pid : 0;
            return;
        }
    g_assert_true (!live);
}

/* ---- small helpers -------------------------------------------------------- */

static char *s_last_error;

const char *
pg_last_error (void)
{
    return s_last_error ? s_last_error : "";
}

static void
s_set_last_error (const char *message)
{
    g_free (s_last_error);
    s_last_error = g_strchomp (g_strdup (message ? message : ""));
}

static char *
s_path (pg_t *pg, const char *name)
{
    return g_build_filename (pg->dir, name, NULL);
}

char *
pg_log (pg_t *pg)
{
    g_autofree char *log = s_path (pg, "pg.log");
    char *text = NULL;
    if (!g_file_get_contents (log, &text, NULL, NULL))
        text = g_strdup ("");
    return text;
}

/* The last lines of the log (initdb's, openssl's and the server's). */
static char *
s_log_tail (pg_t *pg)
{
    g_autofree char *text = pg_log (pg);
    const char *start = text + strlen (text);
    for (int lines = 0; start > text && lines <= S_TAIL_LINES; )
        if (*--start == '\n')
            lines++;
    return g_strdup (start);
}

/* A port the kernel says is free on 127.0.0.1 right now. */
static int
s_free_port (void)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
    socklen_t len = sizeof addr;
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
    g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
    close (fd);
    return ntohs (addr.sin_port);
}

/* Starts ARGV (its output appended to the log) as the server's user when
 * AS_SERVER, else as ourselves; returns its pid, not reaped. */
static GPid
s_spawn (pg_t *pg, gboolean as_server, int deathsig, const char *const *argv)
{
    static s_child_t child;
    child.cred = as_server ? &s_cred : NULL;
    child.deathsig = deathsig;
    g_autofree char *log = s_path (pg, "pg.log");
    int fd = open (log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    g_assert_cmpint (fd, >=, 0);
    GPid pid = 0;
    GError *error = NULL;
    g_spawn_async_with_fds (pg->dir, (char **) argv, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
                            s_child_setup, &child, &pid, -1, fd, fd, &error);
    close (fd);
    g_assert_no_error (error);
    return pid;
}

/* Runs ARGV to its end: its exit status (128 + signal when killed). */
static int
s_run (pg_t *pg, gboolean as_server, const char *const *argv)
{
    GPid pid = s_spawn (pg, as_server, SIGTERM, argv);
    int status = 0;
    while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
        ;
    g_spawn_close_pid (pid);
    return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static void
s_run_ok (pg_t *pg, gboolean as_server, const char *const *argv)
{
    int rc = s_run (pg, as_server, argv);
    if (rc != 0) {
        g_autofree char *line = g_strjoinv (" ", (char **) argv);
        g_autofree char *tail = s_log_tail (pg);
        g_error ("pg-harness: %s: exit %d\n%s", line, rc, tail);
    }
}

/* A conninfo value, quoted when libpq needs it to be. */
static void
s_append_value (GString *out, const char *key, const char *value)
{
    g_string_append_printf (out, "%s%s=", out->len ? " " : "", key);
    if (*value && !strpbrk (value, " \t\n'\\")) {
        g_string_append (out, value);
        return;
    }
    g_string_append_c (out, '\'');
    for (const char *c = value; *c; c++) {
        if (*c == '\'' || *c == '\\')
            g_string_append_c (out, '\\');
        g_string_append_c (out, *c);
    }
    g_string_append_c (out, '\'');
}

/* The superuser over the folder's unix socket (trusted: pg_hba.conf). */
static char *
s_socket_conninfo (pg_t *pg, const char *dbname, const char *user)
{
    GString *out = g_string_new (NULL);
    g_autofree char *port = g_strdup_printf ("%d", pg->port);
    s_append_value (out, "host", pg->dir);
    s_append_value (out, "port", port);
    s_append_value (out, "dbname", dbname);
    s_append_value (out, "user", user);
    s_append_value (out, "connect_timeout", "5");
    return g_string_free (out, FALSE);
}

static PGconn *
s_socket_connect (pg_t *pg, const char *dbname, const char *user)
{
    g_autofree char *conninfo = s_socket_conninfo (pg, dbname, user);
    PGconn *conn = PQconnectdb (conninfo);
    if (PQstatus (conn) != CONNECTION_OK)
        g_error ("pg-harness: cannot connect as %s over the socket: %s", user, PQerrorMessage (conn));
    return conn;
}

/* ---- the cluster ---------------------------------------------------------- */

/* A CA made for this test, and the server's certificate it signs for the
 * names a client verifies (sslmode=verify-full): 127.0.0.1 and localhost.
 * EC keys: made in milliseconds, where RSA would take a while. */
static void
s_make_certificates (pg_t *pg)
{
    g_autofree char *ca_key = s_path (pg, "ca.key");
    g_autofree char *server_key = s_path (pg, "server.key");
    g_autofree char *server_csr = s_path (pg, "server.csr");
    g_autofree char *server_crt = s_path (pg, "server.crt");
    g_autofree char *ext = s_path (pg, "server.ext");
    g_autofree char *serial = g_strdup_printf ("%u", g_random_int () >> 1);
    pg->ca_file = s_path (pg, "ca.crt");

    const char *const ca[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", ca_key, "-out", pg->ca_file,
        "-days", "3650", "-subj", "/CN=hall test county CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL };
    s_run_ok (pg, FALSE, ca);
    const char *const csr[] = { "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", server_key, "-out", server_csr,
        "-subj", "/CN=localhost", NULL };
    s_run_ok (pg, FALSE, csr);
    g_assert_true (g_file_set_contents (ext,
        "subjectAltName = IP:127.0.0.1, DNS:localhost\n"
        "basicConstraints = critical, CA:FALSE\n"
        "keyUsage = critical, digitalSignature\n"
        "extendedKeyUsage = serverAuth\n", -1, NULL));
    const char *const sign[] = { "openssl", "x509", "-req", "-in", server_csr, "-CA", pg->ca_file,
        "-CAkey", ca_key, "-set_serial", serial, "-days", "3650", "-out", server_crt,
        "-extfile", ext, NULL };
    s_run_ok (pg, FALSE, sign);
    /* postgres refuses a key others may read, or one it does not own. */
    g_assert_cmpint (chmod (server_key, 0600), ==, 0);
    s_chown (server_key);
    s_chown (server_crt);
    s_chown (pg->ca_file);
}

static void
s_configure (pg_t *pg)
{
    g_autofree char *data = s_path (pg, "data");
    g_autofree char *conf = g_build_filename (data, "postgresql.conf", NULL);
    g_autofree char *hba = g_build_filename (data, "pg_hba.conf", NULL);
    g_autofree char *text = NULL;
    g_assert_true (g_file_get_contents (conf, &text, NULL, NULL));
    /* Appended: the last setting of a name wins.  The port is given on
     * postgres's command line (it may change if the first one was taken). */
    g_autofree char *ours = g_strdup_printf (
        "\n# pg-harness (tests/lib/pg): a private test server\n"
        "listen_addresses = '127.0.0.1'\n"
        "unix_socket_directories = '%s'\n"
        "max_connections = 100\n"
        "shared_buffers = 16MB\n"
        "# A test's data need not survive a crash of the machine: no fsync,\n"
        "# which makes initdb's and every commit's writes cheap.\n"
        "fsync = off\n"
        "ssl = on\n"
        "ssl_cert_file = '%s/server.crt'\n"
        "ssl_key_file = '%s/server.key'\n"
        "password_encryption = 'scram-sha-256'\n"
        "log_connections = on\n"
        "log_line_prefix = '%%m [%%p] %%u@%%d '\n",
        pg->dir, pg->dir, pg->dir);
    g_autofree char *whole = g_strconcat (text, ours, NULL);
    g_assert_true (g_file_set_contents (conf, whole, -1, NULL));
    /* The superuser (and the harness) over the folder's socket, trusted;
     * over TCP TLS only, with a password: no "host" line, so a connection
     * without TLS finds no entry and is refused. */
    g_assert_true (g_file_set_contents (hba,
        "# pg-harness: TYPE DATABASE USER ADDRESS METHOD\n"
        "local   all all                trust\n"
        "hostssl all all 127.0.0.1/32   scram-sha-256\n", -1, NULL));
    s_chown (conf);
    s_chown (hba);
}

/* Waits until the postmaster accepts connections: true; false if it ended
 * (the log says why). */
static gboolean
s_wait_ready (pg_t *pg)
{
    g_autofree char *conninfo = s_socket_conninfo (pg, "postgres", PG_SUPERUSER);
    gint64 until = g_get_monotonic_time () + S_PATIENCE_S * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < until) {
        int status;
        if (waitpid (pg->pid, &status, WNOHANG) == pg->pid) {
            s_track (pg->pid, FALSE);
            g_spawn_close_pid (pg->pid);
            pg->pid = 0;
            return FALSE;
        }
        if (PQping (conninfo) == PQPING_OK)
            return TRUE;
        g_usleep (20 * 1000);
    }
    g_autofree char *tail = s_log_tail (pg);
    g_error ("pg-harness: PostgreSQL did not accept connections within %d s\n%s", S_PATIENCE_S, tail);
    return FALSE;
}

/* Starts the postmaster on pg->port and waits until it accepts: true; false
 * if it ended instead. */
static gboolean
s_start_postmaster (pg_t *pg)
{
    g_autofree char *postgres = g_build_filename (pg->bin, "postgres", NULL);
    g_autofree char *data = s_path (pg, "data");
    g_autofree char *port = g_strdup_printf ("%d", pg->port);
    const char *const argv[] = { postgres, "-D", data, "-p", port, NULL };
    pg->pid = s_spawn (pg, TRUE, SIGQUIT, argv);
    s_track (pg->pid, TRUE);
    return s_wait_ready (pg);
}

pg_t *
pg_start (void)
{
    static gsize once = 0;
    if (g_once_init_enter (&once)) {
        s_cred_init ();
        g_once_init_leave (&once, 1);
    }
    pg_t *pg = g_new0 (pg_t, 1);
    GError *error = NULL;
    pg->dir = g_dir_make_tmp ("hall-pg-XXXXXX", &error);
    g_assert_no_error (error);
    s_chown (pg->dir);
    const char *bin = g_getenv ("HALL_PG_BIN");
    pg->bin = g_strdup (bin && *bin ? bin : "/usr/lib/postgresql/15/bin");

    /* The superuser's password in a file initdb reads and we remove: never
     * on a command line. */
    g_autofree char *pwfile = s_path (pg, "pwfile");
    g_autofree char *data = s_path (pg, "data");
    g_autofree char *initdb = g_build_filename (pg->bin, "initdb", NULL);
    g_assert_true (g_file_set_contents (pwfile, PG_SUPERUSER_PASSWORD "\n", -1, NULL));
    s_chown (pwfile);
    /* --no-sync: as fsync = off, a test's cluster need not survive a crash. */
    const char *const init[] = { initdb, "-D", data, "-U", PG_SUPERUSER, "--pwfile", pwfile,
        "-E", "UTF8", "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256",
        "--no-sync", NULL };
    s_run_ok (pg, TRUE, init);
    unlink (pwfile);
    s_make_certificates (pg);
    s_configure (pg);

    /* The kernel may hand the port to someone else between our probe and
     * postgres's bind (other suites share the machine): then another. */
    gboolean up = FALSE;
    for (int tries = 0; !up && tries < S_PORT_TRIES; tries++) {
        pg->port = s_free_port ();
        g_autofree char *before = pg_log (pg);
        up = s_start_postmaster (pg);
        if (!up) {
            g_autofree char *after = pg_log (pg);
            const char *news = after + MIN (strlen (before), strlen (after));
            if (!strstr (news, "could not bind") && !strstr (news, "could not create any TCP/IP"))
                break;
        }
    }
    if (!up) {
        g_autofree char *tail = s_log_tail (pg);
        g_error ("pg-harness: PostgreSQL did not start\n%s", tail);
    }
    PGconn *conn = s_socket_connect (pg, "postgres", PG_SUPERUSER);
    PGresult *res = PQexec (conn, "CREATE DATABASE county");
    if (PQresultStatus (res) != PGRES_COMMAND_OK)
        g_error ("pg-harness: CREATE DATABASE county: %s", PQerrorMessage (conn));
    PQclear (res);
    PQfinish (conn);
    return pg;
}

void
pg_stop (pg_t *pg)
{
    if (!pg->pid)
        return;
    g_autofree char *pg_ctl = g_build_filename (pg->bin, "pg_ctl", NULL);
    g_autofree char *data = s_path (pg, "data");
    g_autofree char *timeout = g_strdup_printf ("%d", S_PATIENCE_S);
    /* -m fast: sessions are cut, as a lost link cuts them; -w: back when
     * the server is down. */
    const char *const argv[] = { pg_ctl, "stop", "-D", data, "-m", "fast", "-w", "-t", timeout,
                                 "-s", NULL };
    if (s_run (pg, TRUE, argv) != 0) {
        g_test_message ("pg-harness: pg_ctl stop failed; immediate shutdown");
        kill (pg->pid, SIGQUIT);
    }
    /* The postmaster is our child: reap it (SIGKILL if it hangs on). */
    gint64 until = g_get_monotonic_time () + S_PATIENCE_S * G_USEC_PER_SEC;
    int status;
    while (waitpid (pg->pid, &status, WNOHANG) != pg->pid) {
        if (g_get_monotonic_time () > until) {
            kill (pg->pid, SIGKILL);
            waitpid (pg->pid, &status, 0);
            break;
        }
        g_usleep (10 * 1000);
    }
    s_track (pg->pid, FALSE);
    g_spawn_close_pid (pg->pid);
    pg->pid = 0;
}

void
pg_restart (pg_t *pg)
{
    g_assert_cmpint (pg->pid, ==, 0);
    if (!s_start_postmaster (pg)) {
        g_autofree char *tail = s_log_tail (pg);
        g_error ("pg-harness: PostgreSQL did not start again on port %d\n%s", pg->port, tail);
    }
}

void
pg_free (pg_t *pg)
{
    if (!pg)
        return;
    pg_stop (pg);
    if (g_getenv ("HALL_KEEP_TEST_DIRS"))
        g_printerr ("# kept %s\n", pg->dir);
    else {
        const char *const argv[] = { "rm", "-rf", pg->dir, NULL };
        int status = 0;
        GError *error = NULL;
        if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                           &status, &error) || status != 0) {
            g_printerr ("# could not remove %s\n", pg->dir);
            g_clear_error (&error);
        }
    }
    g_free (pg->dir);
    g_free (pg->bin);
    g_free (pg->ca_file);
    g_free (pg);
}

/* ---- connections ---------------------------------------------------------- */

char *
pg_conninfo (pg_t *pg, const char *user, const char *password)
{
    if (!password && g_strcmp0 (user, PG_SUPERUSER) == 0)
        password = PG_SUPERUSER_PASSWORD;
    GString *out = g_string_new (NULL);
    g_autofree char *port = g_strdup_printf ("%d", pg->port);
    s_append_value (out, "host", "127.0.0.1");
    s_append_value (out, "port", port);
    s_append_value (out, "dbname", "county");
    s_append_value (out, "user", user);
    if (password)
        s_append_value (out, "password", password);
    s_append_value (out, "sslmode", "verify-full");
    s_append_value (out, "sslrootcert", pg->ca_file);
    s_append_value (out, "connect_timeout", "5");
    return g_string_free (out, FALSE);
}

/* A passfile field: ':' and backslash escaped with a backslash. */
static void
s_append_field (GString *out, const char *value)
{
    for (const char *c = value; *c; c++) {
        if (*c == ':' || *c == '\\')
            g_string_append_c (out, '\\');
        g_string_append_c (out, *c);
    }
}

char *
pg_passfile (pg_t *pg, const char *user, const char *password)
{
    g_autofree char *name = g_strdup_printf ("pgpass-%s", user);
    char *path = s_path (pg, name);
    GString *line = g_string_new (NULL);
    g_string_append_printf (line, "127.0.0.1:%d:county:", pg->port);
    s_append_field (line, user);
    g_string_append_c (line, ':');
    s_append_field (line, password);
    g_string_append_c (line, '\n');
    g_assert_true (g_file_set_contents (path, line->str, -1, NULL));
    g_string_free (line, TRUE);
    /* libpq ignores a password file others may read. */
    g_assert_cmpint (chmod (path, 0600), ==, 0);
    return path;
}

PGconn *
pg_try_connect (const char *conninfo)
{
    PGconn *conn = PQconnectdb (conninfo);
    if (PQstatus (conn) == CONNECTION_OK)
        return conn;
    s_set_last_error (PQerrorMessage (conn));
    PQfinish (conn);
    return NULL;
}

PGconn *
pg_connect (pg_t *pg, const char *user, const char *password)
{
    g_autofree char *conninfo = pg_conninfo (pg, user, password);
    PGconn *conn = PQconnectdb (conninfo);
    if (PQstatus (conn) != CONNECTION_OK)
        g_error ("pg-harness: cannot connect as %s over TLS: %s", user, PQerrorMessage (conn));
    return conn;
}

/* ---- statements ----------------------------------------------------------- */

/* Runs SQL on CONN: the result when it succeeded, else NULL (the message in
 * pg_last_error, the SQLSTATE in *SQLSTATE when asked). */
static PGresult *
s_exec (PGconn *conn, const char *sql, char **sqlstate)
{
    PGresult *res = PQexec (conn, sql);
    ExecStatusType status = PQresultStatus (res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return res;
    s_set_last_error (res ? PQresultErrorMessage (res) : PQerrorMessage (conn));
    if (sqlstate) {
        const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
        *sqlstate = g_strdup (state ? state : "(none)");
    }
    PQclear (res);
    return NULL;
}

static PGresult *
s_exec_ok (PGconn *conn, const char *sql)
{
    PGresult *res = s_exec (conn, sql, NULL);
    if (!res)
        g_error ("pg-harness: %s\nin: %s", pg_last_error (), sql);
    return res;
}

static char *
s_first (PGresult *res)
{
    char *value = PQntuples (res) > 0 && PQnfields (res) > 0 && !PQgetisnull (res, 0, 0)
                ? g_strdup (PQgetvalue (res, 0, 0)) : NULL;
    PQclear (res);
    return value;
}

static gint64
s_number (char *text, const char *sql)
{
    if (!text)
        g_error ("pg-harness: no value from: %s", sql);
    char *end = NULL;
    gint64 value = g_ascii_strtoll (text, &end, 10);
    if (!end || *end)
        g_error ("pg-harness: not a number: %s (from: %s)", text, sql);
    g_free (text);
    return value;
}

gint64
pg_conn_ok (PGconn *conn, const char *sql)
{
    PGresult *res = s_exec_ok (conn, sql);
    const char *count = PQcmdTuples (res);
    gint64 n = count && *count ? g_ascii_strtoll (count, NULL, 10) : 0;
    PQclear (res);
    return n;
}

char *
pg_conn_sqlstate (PGconn *conn, const char *sql)
{
    char *sqlstate = NULL;
    PGresult *res = s_exec (conn, sql, &sqlstate);
    if (res) {
        PQclear (res);
        return NULL;
    }
    g_test_message ("refused (%s): %s", sqlstate, pg_last_error ());
    return sqlstate;
}

char *
pg_conn_query1 (PGconn *conn, const char *sql)
{
    return s_first (s_exec_ok (conn, sql));
}

gint64
pg_conn_int (PGconn *conn, const char *sql)
{
    return s_number (pg_conn_query1 (conn, sql), sql);
}

void
pg_exec (pg_t *pg, const char *sql)
{
    PGconn *conn = s_socket_connect (pg, "county", PG_SUPERUSER);
    PQclear (s_exec_ok (conn, sql));
    PQfinish (conn);
}

void
pg_exec_file (pg_t *pg, const char *path)
{
    g_autofree char *sql = NULL;
    GError *error = NULL;
    g_file_get_contents (path, &sql, NULL, &error);
    g_assert_no_error (error);
    pg_exec (pg, sql);
}

char *
pg_query1 (pg_t *pg, const char *sql)
{
    PGconn *conn = s_socket_connect (pg, "county", PG_SUPERUSER);
    char *value = s_first (s_exec_ok (conn, sql));
    PQfinish (conn);
    return value;
}

gint64
pg_int (pg_t *pg, const char *sql)
{
    return s_number (pg_query1 (pg, sql), sql);
}

/* ---- the county ----------------------------------------------------------- */

static gint
s_compare_names (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* county/schema/NNN-*.sql of $HALL_SOURCE, in order of their numbers. */
static GPtrArray *
s_schema_files (void)
{
    const char *source = g_getenv ("HALL_SOURCE");
    g_autofree char *dir = g_build_filename (source && *source ? source : ".", "county", "schema", NULL);
    GError *error = NULL;
    GDir *listing = g_dir_open (dir, 0, &error);
    g_assert_no_error (error);
    GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
    const char *name;
    while ((name = g_dir_read_name (listing)))
        if (g_regex_match_simple ("^[0-9]{3}-.*\\.sql$", name, 0, 0))
            g_ptr_array_add (files, g_build_filename (dir, name, NULL));
    g_dir_close (listing);
    g_ptr_array_sort (files, s_compare_names);
    if (files->len == 0)
        g_error ("pg-harness: no county/schema/NNN-*.sql in %s (HALL_SOURCE)", dir);
    return files;
}

static char *
s_literal (PGconn *conn, const char *text)
{
    char *quoted = PQescapeLiteral (conn, text, strlen (text));
    g_assert_nonnull (quoted);
    char *copy = g_strdup (quoted);
    PQfreemem (quoted);
    return copy;
}

static char *
s_identifier (PGconn *conn, const char *text)
{
    char *quoted = PQescapeIdentifier (conn, text, strlen (text));
    g_assert_nonnull (quoted);
    char *copy = g_strdup (quoted);
    PQfreemem (quoted);
    return copy;
}

/* CREATE ROLE NAME LOGIN PASSWORD 'PASSWORD' IN ROLE GROUP, over CONN (the
 * password goes to the server in the protocol, never on a command line). */
static void
s_login_role (PGconn *conn, const char *name, const char *password, const char *group)
{
    g_autofree char *role = s_identifier (conn, name);
    g_autofree char *secret = s_literal (conn, password);
    g_autofree char *sql = g_strdup_printf ("CREATE ROLE %s LOGIN PASSWORD %s IN ROLE %s",
                                            role, secret, group);
    PQclear (s_exec_ok (conn, sql));
}

void
pg_county_setup (pg_t *pg, const char *const *hall_ids, const char *const *hall_names, size_t n)
{
    /* The owner, as hall-county migrate runs: it creates the schema and
     * the group roles (CREATEROLE), and owns the tables, so row-level
     * security binds everyone but it (and the superuser). */
    pg_exec (pg,
        "CREATE ROLE " PG_OWNER " LOGIN CREATEROLE PASSWORD '" PG_OWNER_PASSWORD "';"
        "GRANT CREATE ON DATABASE county TO " PG_OWNER ";");
    PGconn *owner = s_socket_connect (pg, "county", PG_OWNER);
    g_autoptr (GPtrArray) files = s_schema_files ();
    for (guint i = 0; i < files->len; i++) {
        g_autofree char *sql = NULL;
        GError *error = NULL;
        g_file_get_contents (files->pdata[i], &sql, NULL, &error);
        g_assert_no_error (error);
        PGresult *res = s_exec (owner, sql, NULL);
        if (!res)
            g_error ("pg-harness: %s: %s", (char *) files->pdata[i], pg_last_error ());
        PQclear (res);
    }
    PQfinish (owner);

    PGconn *conn = s_socket_connect (pg, "county", PG_SUPERUSER);
    for (size_t i = 0; i < n; i++) {
        g_autofree char *role = g_strconcat ("hall_", hall_ids[i], NULL);
        g_autofree char *password = g_strconcat ("pw-", hall_ids[i], NULL);
        s_login_role (conn, role, password, "county_hall");
        g_autofree char *id = s_literal (conn, hall_ids[i]);
        g_autofree char *name = s_literal (conn, hall_names[i]);
        g_autofree char *db_role = s_literal (conn, role);
        g_autofree char *sql = g_strdup_printf (
            "INSERT INTO county.hall (id, name, db_role) VALUES (%s, %s, %s)", id, name, db_role);
        PQclear (s_exec_ok (conn, sql));
    }
    s_login_role (conn, "reader", "pw-reader", "county_reader");
    PQfinish (conn);
}
