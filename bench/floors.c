/*  floors.c — the limits the broker is measured against, in the same run.
 *
 *  Echo: a ROUTER thread that answers each one-frame request with a reply
 *  of the size of a real issue reply; DEALER clients send requests of the
 *  size of a real issue request.  One client: round-trip latency and
 *  throughput; 32 clients (32 DEALER sockets in one thread, one request
 *  outstanding each, as the broker benchmark does): throughput.
 *
 *  Commit: one event-sized row INSERTed and COMMITted per transaction, in
 *  a WAL database in the folder the servers use, with synchronous=FULL and
 *  with NORMAL: commits per second.
 */
#include "bench.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char   endpoint[64];
    zcert_t *cert;            /* the server's CURVE key pair, NULL: plain TCP */
    size_t reply_size;
    zsock_t *router;
} echo_t;

/* The echo server: as little as a broker can do. */
static void *
s_echo_thread (void *arg)
{
    echo_t *echo = arg;
    void *router = zsock_resolve (echo->router);
    char *reply = g_malloc (echo->reply_size);
    memset (reply, 'x', echo->reply_size);
    zmq_msg_t id, body;
    while (true) {
        zmq_msg_init (&id);
        if (zmq_msg_recv (&id, router, 0) < 0) {
            zmq_msg_close (&id);
            break;
        }
        zmq_msg_init (&body);
        zmq_msg_recv (&body, router, 0);
        bool stop = zmq_msg_size (&body) == 4 && memcmp (zmq_msg_data (&body), "STOP", 4) == 0;
        zmq_msg_send (&id, router, ZMQ_SNDMORE);
        zmq_send (router, reply, echo->reply_size, 0);
        zmq_msg_close (&body);
        if (stop)
            break;
    }
    g_free (reply);
    return NULL;
}

/* CLIENTS DEALERs, each with one request outstanding, for SECONDS: the
 * round trips per second; latencies into SAMPLES (µs) when given. */
static double
s_echo_run (const echo_t *echo, int clients, size_t request_size, double seconds,
            GArray *samples)
{
    const char *endpoint = echo->endpoint;
    zcert_t *client_cert = echo->cert ? zcert_new () : NULL;
    zsock_t **socks = g_new0 (zsock_t *, clients);
    zmq_pollitem_t *items = g_new0 (zmq_pollitem_t, clients);
    double *sent = g_new0 (double, clients);
    char *request = g_malloc (request_size);
    memset (request, 'r', request_size);
    for (int i = 0; i < clients; i++) {
        socks[i] = zsock_new (ZMQ_DEALER);
        zsock_set_linger (socks[i], 0);
        if (client_cert) {
            zcert_apply (client_cert, socks[i]);
            zsock_set_curve_serverkey (socks[i], zcert_public_txt (echo->cert));
        }
        zsock_connect (socks[i], "%s", endpoint);
        items[i] = (zmq_pollitem_t) { zsock_resolve (socks[i]), 0, ZMQ_POLLIN, 0 };
    }
    /* Warm up: every connection made. */
    for (int i = 0; i < clients; i++) {
        zmq_send (items[i].socket, request, request_size, 0);
        zmq_msg_t msg;
        zmq_msg_init (&msg);
        zmq_msg_recv (&msg, items[i].socket, 0);
        zmq_msg_close (&msg);
    }
    long done = 0;
    double start = bench_now_us ();
    double end = start + seconds * 1e6;
    for (int i = 0; i < clients; i++) {
        sent[i] = bench_now_us ();
        zmq_send (items[i].socket, request, request_size, 0);
    }
    int outstanding = clients;
    while (outstanding > 0) {
        zmq_poll (items, clients, 1000);
        for (int i = 0; i < clients; i++) {
            if (!(items[i].revents & ZMQ_POLLIN))
                continue;
            zmq_msg_t msg;
            zmq_msg_init (&msg);
            zmq_msg_recv (&msg, items[i].socket, 0);
            zmq_msg_close (&msg);
            double now = bench_now_us ();
            if (samples) {
                double latency = now - sent[i];
                g_array_append_val (samples, latency);
            }
            done++;
            if (now < end) {
                sent[i] = bench_now_us ();
                zmq_send (items[i].socket, request, request_size, 0);
            }
            else
                outstanding--;
        }
    }
    double rate = done / ((bench_now_us () - start) / 1e6);
    for (int i = 0; i < clients; i++)
        zsock_destroy (&socks[i]);
    g_free (socks);
    g_free (items);
    g_free (sent);
    g_free (request);
    zcert_destroy (&client_cert);
    return rate;
}

/* Round trips with 1 and 32 clients against an echo thread, over plain TCP
 * or CURVE; the one-client latencies into SAMPLES. */
static void
s_echo (bool curve, size_t request_size, size_t reply_size, double seconds, GArray *samples,
        double *rate1, double *rate32)
{
    echo_t echo = { .reply_size = reply_size };
    echo.router = zsock_new (ZMQ_ROUTER);
    zsock_set_linger (echo.router, 0);
    if (curve) {
        echo.cert = zcert_new ();
        zcert_apply (echo.cert, echo.router);
        zsock_set_curve_server (echo.router, 1);
    }
    int port = zsock_bind (echo.router, "tcp://127.0.0.1:*");
    g_assert_cmpint (port, >, 0);
    snprintf (echo.endpoint, sizeof echo.endpoint, "tcp://127.0.0.1:%d", port);
    pthread_t thread;
    pthread_create (&thread, NULL, s_echo_thread, &echo);
    *rate1 = s_echo_run (&echo, 1, request_size, seconds, samples);
    *rate32 = s_echo_run (&echo, 32, request_size, seconds, NULL);
    /* Stop the echo thread. */
    zsock_t *stop = zsock_new (ZMQ_DEALER);
    zcert_t *cert = curve ? zcert_new () : NULL;
    if (cert) {
        zcert_apply (cert, stop);
        zsock_set_curve_serverkey (stop, zcert_public_txt (echo.cert));
    }
    zsock_connect (stop, "%s", echo.endpoint);
    zmq_send (zsock_resolve (stop), "STOP", 4, 0);
    pthread_join (thread, NULL);
    zsock_destroy (&stop);
    zcert_destroy (&cert);
    zsock_destroy (&echo.router);
    zcert_destroy (&echo.cert);
}

/* Commits per second of one event-sized row per transaction. */
static double
s_commit_rate (const char *folder, const char *synchronous, double seconds)
{
    g_autofree char *path = g_build_filename (folder, "floor.db", NULL);
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    remove (path);
    remove (wal);
    remove (shm);
    sqlite3 *db;
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_autofree char *pragmas = g_strdup_printf (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s;"
        "CREATE TABLE event (seq INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL,"
        " type TEXT NOT NULL, ticket INTEGER, number TEXT, category TEXT, window INTEGER,"
        " clerk TEXT, detail TEXT);", synchronous);
    g_assert_cmpint (sqlite3_exec (db, pragmas, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_stmt *begin, *insert, *commit;
    sqlite3_prepare_v2 (db, "BEGIN IMMEDIATE", -1, &begin, NULL);
    sqlite3_prepare_v2 (db, "INSERT INTO event (time, type, ticket, number, category, window, clerk)"
                        " VALUES (?1, 'ticket.called', ?2, 'A001', 'business', 3, 'S001')", -1,
                        &insert, NULL);
    sqlite3_prepare_v2 (db, "COMMIT", -1, &commit, NULL);
    long commits = 0;
    double start = bench_now_us ();
    while (bench_now_us () - start < seconds * 1e6) {
        sqlite3_step (begin);
        sqlite3_reset (begin);
        sqlite3_bind_int64 (insert, 1, 1795741200 + commits);
        sqlite3_bind_int64 (insert, 2, commits);
        g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
        sqlite3_reset (insert);
        g_assert_cmpint (sqlite3_step (commit), ==, SQLITE_DONE);
        sqlite3_reset (commit);
        commits++;
    }
    double rate = commits / ((bench_now_us () - start) / 1e6);
    sqlite3_finalize (begin);
    sqlite3_finalize (insert);
    sqlite3_finalize (commit);
    sqlite3_close (db);
    remove (path);
    remove (wal);
    remove (shm);
    return rate;
}

void
bench_floors (bench_t *self, size_t request_size, size_t reply_size)
{
    double seconds = self->quick ? 1.0 : 3.0;
    /* The server speaks CURVE (device keys) unless started --insecure: the
     * floor the ratios use is the CURVE echo; plain TCP is shown too. */
    GArray *plain = g_array_new (FALSE, FALSE, sizeof (double));
    GArray *curve = g_array_new (FALSE, FALSE, sizeof (double));
    double plain1, plain32, curve1, curve32;
    s_echo (false, request_size, reply_size, seconds, plain, &plain1, &plain32);
    s_echo (true, request_size, reply_size, seconds, curve, &curve1, &curve32);

    bench_set (self, "floors", "request_bytes", json_integer ((json_int_t) request_size));
    bench_set (self, "floors", "reply_bytes", json_integer ((json_int_t) reply_size));
    bench_set (self, "floors", "echo_plain_latency", bench_latency_json (plain));
    bench_set (self, "floors", "echo_curve_latency", bench_latency_json (curve));
    bench_set (self, "floors", "echo_plain_1_per_s", json_real (plain1));
    bench_set (self, "floors", "echo_plain_32_per_s", json_real (plain32));
    bench_set (self, "floors", "echo_curve_1_per_s", json_real (curve1));
    bench_set (self, "floors", "echo_curve_32_per_s", json_real (curve32));
    /* The floors the ratios use. */
    bench_set (self, "floors", "echo_p50_ms", json_real (bench_pct (curve, 50) / 1000.0));
    bench_set (self, "floors", "echo_32_per_s", json_real (curve32));
    bench_set (self, "floors", "echo_plain_p50_ms", json_real (bench_pct (plain, 50) / 1000.0));

    double full = s_commit_rate (self->work, "FULL", seconds);
    double normal = s_commit_rate (self->work, "NORMAL", seconds);
    bench_set (self, "floors", "commit_full_per_s", json_real (full));
    bench_set (self, "floors", "commit_normal_per_s", json_real (normal));
    bench_set (self, "floors", "commit_full_ms", json_real (1000.0 / full));

    bench_section (self, "Floors");
    char name[128];
    GArray *sets[2] = { plain, curve };
    double r1[2] = { plain1, curve1 }, r32[2] = { plain32, curve32 };
    const char *labels[2] = { "plain TCP", "CURVE" };
    for (int k = 0; k < 2; k++) {
        snprintf (name, sizeof name, "ZeroMQ echo %s (%zu B → %zu B), p50 / p99", labels[k],
                  request_size, reply_size);
        bench_row (self, name, NULL, BENCH_NONE, "%.3f / %.3f ms", bench_pct (sets[k], 50) / 1000,
                   bench_pct (sets[k], 99) / 1000);
        snprintf (name, sizeof name, "ZeroMQ echo %s, 1 client / 32 clients", labels[k]);
        bench_row (self, name, NULL, BENCH_NONE, "%.0f / %.0f /s", r1[k], r32[k]);
    }
    bench_row (self, "SQLite commit of one event row, synchronous=FULL", NULL, BENCH_NONE,
               "%.0f /s (%.3f ms)", full, 1000.0 / full);
    bench_row (self, "SQLite commit of one event row, synchronous=NORMAL", NULL, BENCH_NONE,
               "%.0f /s", normal);
    g_array_free (plain, TRUE);
    g_array_free (curve, TRUE);
}
