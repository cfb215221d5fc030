/*  pg-harness.h — starts a real PostgreSQL 15 for the county's integration
 *  tests (docs/COUNTY.md): a private folder with its own cluster, a free
 *  port on 127.0.0.1 that takes TLS connections only (a CA made for the
 *  test signs the server's certificate), the superuser over the folder's
 *  unix socket, stop and restart on the same data and port, and the
 *  county schema with its roles applied.
 *
 *  Run as root (the tests are), initdb, pg_ctl and postgres run as the OS
 *  user "postgres" (they refuse root); otherwise as the caller.  Nothing of
 *  the machine's own PostgreSQL service is used or touched.
 *
 *  Environment: HALL_SOURCE (the source tree: county/schema/, default "."),
 *  HALL_PG_BIN (default /usr/lib/postgresql/15/bin), HALL_KEEP_TEST_DIRS
 *  (keep the folder, as harness.c does).
 *
 *  A postmaster is shut down (SIGQUIT, immediate) when the test process
 *  dies by any means, a failed assertion included (PR_SET_PDEATHSIG, and a
 *  handler for SIGABRT/SIGTRAP/SIGTERM that chains to harness.c's): call
 *  pg_start and pg_restart from the thread that outlives the server (the
 *  main thread), as the kernel ties that signal to the starting thread.
 *  The folder of a test that aborted is left in $TMPDIR (hall-pg-XXXXXX).
 *
 *  The folder holds ca.crt (pg->ca_file) and ca.key too: a suite may sign
 *  further certificates with it (a client's, for sslcert=).  The server's
 *  log, and initdb's and openssl's output, are DIR/pg.log (pg_log).
 */
#ifndef HALL_PG_HARNESS_H
#define HALL_PG_HARNESS_H

#include <glib.h>
#include <libpq-fe.h>
#include <stddef.h>

typedef struct {
    char  *dir;          /* private folder: data/, sockets, certs, log */
    char  *bin;          /* /usr/lib/postgresql/15/bin */
    int    port;         /* 127.0.0.1:PORT, free port chosen at start */
    char  *ca_file;      /* the CA that signed the server's certificate */
    GPid   pid;          /* postgres, 0 while stopped */
} pg_t;

/* The superuser's name and password (a TCP connection as the superuser
 * needs it; pg_exec and the like use the unix socket, trusted). */
#define PG_SUPERUSER          "postgres"
#define PG_SUPERUSER_PASSWORD "pw-postgres"
/* The schema's owner that pg_county_setup makes (hall-county migrate and
 * enroll run as it: LOGIN, CREATEROLE, CREATE on the database). */
#define PG_OWNER              "county_owner"
#define PG_OWNER_PASSWORD     "pw-owner"

/* initdb + start + wait until it accepts; database "county"; fails the
 * test with the log's tail if it does not come up. */
pg_t    *pg_start (void);
/* pg_ctl stop -m fast, waiting until it is down: the link is cut (the data
 * is kept). */
void     pg_stop (pg_t *pg);
/* Starts it again on the same data and port; waits until it accepts. */
void     pg_restart (pg_t *pg);
/* Stops it and removes the folder. */
void     pg_free (pg_t *pg);

/* libpq conninfo for USER over TCP with TLS verified:
 * "host=127.0.0.1 port=N dbname=county user=U password=P sslmode=verify-full
 * sslrootcert=CA connect_timeout=5".  PASSWORD NULL: the superuser's for
 * PG_SUPERUSER, none for anyone else.  g_free. */
char    *pg_conninfo (pg_t *pg, const char *user, const char *password);
/* A libpq password file (0600, in the folder) with USER's PASSWORD for
 * this server, for a program that must not get the password on its command
 * line: pg_conninfo (pg, USER, NULL) plus " passfile=PATH".  g_free. */
char    *pg_passfile (pg_t *pg, const char *user, const char *password);
/* Connects with pg_conninfo; asserts CONNECTION_OK. */
PGconn  *pg_connect (pg_t *pg, const char *user, const char *password);

/* As the superuser over the unix socket, on database "county": */
void     pg_exec (pg_t *pg, const char *sql);        /* asserts success; several statements allowed */
void     pg_exec_file (pg_t *pg, const char *path);  /* a .sql file */
char    *pg_query1 (pg_t *pg, const char *sql);      /* first column of first row, NULL if none; g_free */
gint64   pg_int (pg_t *pg, const char *sql);         /* the same as a number (asserts a value) */

/* Applies every county/schema/NNN-*.sql of $HALL_SOURCE in order as
 * PG_OWNER (created here: the tables are the owner's, as in production,
 * and the owner is not subject to row-level security), then makes the
 * LOGIN roles: for each hall id "a" the role "hall_a" with password "pw-a"
 * in county_hall and its county.hall row named HALL_NAMES[i] (db_role
 * hall_a); and "reader" with password "pw-reader" in county_reader. */
void     pg_county_setup (pg_t *pg, const char *const *hall_ids, const char *const *hall_names, size_t n);

/* ---- on a connection of the test's own (any role) ---------------------- */

/* Runs SQL and asserts it succeeded; the rows it affected or returned
 * (PQcmdTuples of the last statement; 0 when it says nothing). */
gint64   pg_conn_ok (PGconn *conn, const char *sql);
/* Runs SQL expecting it may fail: NULL when it succeeded, else the
 * SQLSTATE ("42501"; g_free).  The message is pg_last_error (). */
char    *pg_conn_sqlstate (PGconn *conn, const char *sql);
/* First column of first row as text, NULL if none (asserts success); g_free. */
char    *pg_conn_query1 (PGconn *conn, const char *sql);
gint64   pg_conn_int (PGconn *conn, const char *sql);
/* The message of the last failure seen by pg_conn_sqlstate or a refused
 * connection of pg_try_connect, or "". */
const char *pg_last_error (void);

/* Connects with CONNINFO without asserting: the connection when it is
 * CONNECTION_OK, else NULL (the reason in pg_last_error ()). */
PGconn  *pg_try_connect (const char *conninfo);

/* The server's log so far (g_free): what it said about a refusal. */
char    *pg_log (pg_t *pg);

#endif
