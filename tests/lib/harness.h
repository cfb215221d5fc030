/*  harness.h — starts the real hall-server on loopback for integration
 *  tests: free ports, a private state folder, SIGKILL and restart on the
 *  same database and ports, and hallctl runs against it.
 */
#ifndef HALL_HARNESS_H
#define HALL_HARNESS_H

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

typedef struct {
    GPid   pid;             /* running hall-server, 0 when stopped */
    char  *dir;             /* private folder: database, config, logs */
    char  *db;
    char  *config;          /* config file path, or NULL for the demo hall */
    char   requests[64];    /* tcp://127.0.0.1:PORT */
    char   events[64];
    bool   test_clock;
    gint64 start;           /* the test clock's first time (--test-clock-start) */
    int    starts;          /* how many times started */
} server_t;

/* Path of a built program: $HALL_BUILD/NAME (HALL_BUILD defaults to build). */
char     *harness_program (const char *name);

/* Starts hall-server with CONFIG_TEXT (NULL: the demo hall), a test clock
 * set to START (0: real clock), and waits until it answers. */
server_t *server_start (const char *config_text, gint64 start);
/* The same with the database (and so the keys folder beside it) at DB. */
server_t *server_start_with_db (const char *config_text, gint64 start, const char *db);
/* Starts it again on the same database and ports; waits until it answers. */
void      server_restart (server_t *server);
void      server_kill (server_t *server, int signum);   /* and reap */
/* Waits up to TIMEOUT_MS for the server to end by itself, and reaps it:
 * its exit status (128 + signal when killed), or -1 if it still runs. */
int       server_wait_exit (server_t *server, int timeout_ms);
void      server_free (server_t *server);               /* SIGTERM, remove the folder */

/* Runs hallctl against SERVER with ARGS (NULL-terminated); returns its
 * stdout (g_free) and puts its exit status in *STATUS. */
char     *hallctl (server_t *server, int *status, ...) G_GNUC_NULL_TERMINATED;
/* The same, asserting exit 0; returns the first word of its output (the
 * ticket number of "issue", "call", ...; g_free). */
char     *hallctl_ok (server_t *server, ...) G_GNUC_NULL_TERMINATED;
/* What the last hallctl run printed on stderr (its refusal), or "". */
const char *hallctl_last_error (void);

/* Runs SQL on the server's database (read-only connection) and returns
 * the first column of the first row as text (g_free), or NULL. */
char     *db_query (server_t *server, const char *sql);
/* The results of N queries, one line each (an empty line for NULL): a
 * snapshot of what they read, to compare before and after.  g_free. */
char     *db_query_all (server_t *server, const char *const *queries, size_t n);
gint64    db_int (server_t *server, const char *sql);

#include "session.h"
/* A requests-only session to SERVER as ROLE (at WINDOW), patient enough
 * to ride out a restart of the server (2 s a try, 10 retries). */
hall_session_t *harness_session (server_t *server, hall_role_t role, int window);
/* OP's result (a new reference), failing the test on any error; ARGS
 * stolen. */
json_t         *harness_ok (hall_session_t *session, hall_op_t op, json_t *args);
/* OP's outcome only; ARGS stolen. */
hall_error_t    harness_try (hall_session_t *session, hall_op_t op, json_t *args);

/* Pumps SESSION until its mirror equals a fresh snapshot of SERVER (true),
 * or gives up after 30 s (false, with both logged). */
gboolean  harness_mirror_matches (hall_session_t *session, server_t *server);
/* Compares a mirror DUMP (stolen) with SNAPSHOT (borrowed) less "time" and
 * "server". */
gboolean  harness_matches_snapshot (json_t *dump, json_t *snapshot, gboolean verbose);

/* Makes SOCK (not yet connected) a CURVE client with the admin tool's key
 * of the last server started. */
#include <czmq.h>
void      harness_secure (zsock_t *sock);
/* A device key file in SERVER's folder that names the server's public key
 * but was never enrolled: the server refuses it at the handshake.  g_free. */
char     *harness_stranger_key (server_t *server);

#endif
