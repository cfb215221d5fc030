/*  broker.c — the real hall-server (durable: WAL, synchronous=FULL) under
 *  load from raw DEALER clients, and its event fan-out to SUB sockets.
 *
 *  Issue: CLIENTS kiosk clients, each with one request outstanding (closed
 *  loop), categories round robin.  Call/start/finish: CLIENTS desks, each at
 *  its own window, cycling call → start → finish over a backlog issued
 *  beforehand.  Latency is send → reply at the client; throughput is
 *  replies per second of wall time.
 */
#include "bench.h"

#include <stdio.h>
#include <string.h>

#define MORNING ((gint64) 1795741200)      /* 2026-11-27 08:00 Asia/Shanghai */
#define CATEGORIES 26

typedef enum { OP_ISSUE, OP_CALL, OP_START, OP_FINISH, OP_COUNT } op_t;
static const char *s_op_names[OP_COUNT] = { "issue", "call", "start", "finish" };

void
bench_message_sizes (size_t *request_size, size_t *reply_size)
{
    g_autofree char *config = bench_hall_config (CATEGORIES, 8, 4);
    server_t *server = server_start (config, MORNING);
    client_t *kiosk = client_new (server->requests, "kiosk", 0);
    json_decref (client_call (kiosk, "issue", "{\"category\": \"c0\"}", true));
    json_decref (client_call (kiosk, "issue", "{\"category\": \"c0\"}", true));
    *request_size = kiosk->request_size;
    *reply_size = kiosk->reply_size;
    client_destroy (&kiosk);
    server_free (server);
}

/* Issues COUNT tickets over one pipelined client (group commit does the
 * rest), categories round robin. */
static void
s_backlog (const char *endpoint, int count)
{
    client_t *kiosk = client_new (endpoint, "kiosk", 0);
    for (int sent = 0, received = 0; received < count;) {
        while (sent < count && sent - received < 256) {
            char args[64];
            snprintf (args, sizeof args, "{\"category\": \"c%d\"}", sent % CATEGORIES);
            client_send (kiosk, "issue", args);
            sent++;
        }
        json_t *reply = client_recv (kiosk, 60000);
        g_assert_true (reply && json_is_true (json_object_get (reply, "ok")));
        json_decref (reply);
        received++;
    }
    client_destroy (&kiosk);
}

typedef struct {
    client_t *client;
    op_t      next;           /* the request to send next */
    int       left;           /* requests (issue) or cycles (desks) left */
    int       issued;         /* for the category round robin */
} worker_t;

static void
s_worker_send (worker_t *w)
{
    char args[64];
    if (w->next == OP_ISSUE)
        snprintf (args, sizeof args, "{\"category\": \"c%d\"}",
                  (w->issued++ * 7 + w->client->window) % CATEGORIES);
    else
        snprintf (args, sizeof args, "{\"window\": %d}", w->client->window);
    w->client->sent_us = bench_now_us ();
    client_send (w->client, s_op_names[w->next], args);
}

/* Runs CLIENTS closed-loop workers, each doing COUNT issues (DESKS false)
 * or COUNT call/start/finish cycles (DESKS true).  Latencies per op into
 * SAMPLES[op]; returns the wall time in seconds. */
static double
s_closed_loop (const char *endpoint, int clients, int count, bool desks, GArray *samples[OP_COUNT])
{
    worker_t *workers = g_new0 (worker_t, clients);
    zmq_pollitem_t *items = g_new0 (zmq_pollitem_t, clients);
    for (int i = 0; i < clients; i++) {
        /* Desks act on their own window; kiosks use the window number
         * only to spread categories. */
        workers[i].client = client_new (endpoint, desks ? "counter" : "kiosk", desks ? i + 1 : 0);
        if (desks)
            client_signin (workers[i].client);
        workers[i].left = count;
        workers[i].next = desks ? OP_CALL : OP_ISSUE;
        workers[i].issued = i;
        items[i] = (zmq_pollitem_t) { zsock_resolve (workers[i].client->dealer), 0, ZMQ_POLLIN, 0 };
    }
    g_usleep (200000);          /* connections made */
    double start = bench_now_us ();
    int active = clients;
    for (int i = 0; i < clients; i++)
        s_worker_send (&workers[i]);
    while (active > 0) {
        int rc = zmq_poll (items, clients, 30000);
        g_assert_cmpint (rc, >, 0);
        for (int i = 0; i < clients; i++) {
            if (!(items[i].revents & ZMQ_POLLIN))
                continue;
            worker_t *w = &workers[i];
            json_t *reply = client_recv (w->client, 0);
            double latency = bench_now_us () - w->client->sent_us;
            if (!reply || !json_is_true (json_object_get (reply, "ok"))) {
                char *text = reply ? json_dumps (reply, JSON_COMPACT) : NULL;
                g_error ("%s refused: %s", s_op_names[w->next], text ? text : "no reply");
            }
            g_array_append_val (samples[w->next], latency);
            bool empty = w->next == OP_CALL
                       && json_is_null (json_object_get (json_object_get (reply, "result"), "ticket"));
            json_decref (reply);
            switch (w->next) {
            case OP_ISSUE:  w->left--; break;
            case OP_CALL:   w->next = OP_START; break;
            case OP_START:  w->next = OP_FINISH; break;
            case OP_FINISH: w->next = OP_CALL; w->left--; break;
            default: break;
            }
            if (empty)
                w->left = 0;
            if (w->left > 0)
                s_worker_send (w);
            else
                active--;
        }
    }
    double seconds = (bench_now_us () - start) / 1e6;
    for (int i = 0; i < clients; i++)
        client_destroy (&workers[i].client);
    g_free (workers);
    g_free (items);
    return seconds;
}

static void
s_samples_new (GArray *samples[OP_COUNT])
{
    for (int i = 0; i < OP_COUNT; i++)
        samples[i] = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
s_samples_free (GArray *samples[OP_COUNT])
{
    for (int i = 0; i < OP_COUNT; i++)
        g_array_free (samples[i], TRUE);
}

static void
s_record (bench_t *self, const char *key, op_t op, GArray *samples, double seconds, int ops_per_cycle)
{
    char name[64];
    snprintf (name, sizeof name, "%s_%s", s_op_names[op], key);
    json_t *obj = bench_latency_json (samples);
    /* Desk cycles: the op's throughput is cycles per second. */
    json_object_set_new (obj, "per_s", json_real (samples->len / seconds));
    json_object_set_new (obj, "all_ops_per_s", json_real (samples->len * ops_per_cycle / seconds));
    bench_set (self, "broker", name, obj);
}

void
bench_broker (bench_t *self)
{
    int n1 = self->quick ? 300 : 1500;
    int n32 = self->quick ? 60 : 250;       /* per client */
    int c1 = self->quick ? 100 : 400;       /* desk cycles, one desk */
    int c32 = self->quick ? 10 : 25;        /* per desk */
    g_autofree char *config = bench_hall_config (CATEGORIES, 64, CATEGORIES);

    /* Issue. */
    server_t *server = server_start (config, MORNING);
    GArray *s1[OP_COUNT], *s32[OP_COUNT];
    s_samples_new (s1);
    s_samples_new (s32);
    double t1 = s_closed_loop (server->requests, 1, n1, false, s1);
    double t32 = s_closed_loop (server->requests, 32, n32, false, s32);
    s_record (self, "1", OP_ISSUE, s1[OP_ISSUE], t1, 1);
    s_record (self, "32", OP_ISSUE, s32[OP_ISSUE], t32, 1);
    bench_set (self, "broker", "issue_rss_kb", json_integer (bench_proc_kb (server->pid, "VmHWM:")));
    server_free (server);

    /* Desks: call/start/finish over a backlog; a fresh server each. */
    GArray *d1[OP_COUNT], *d32[OP_COUNT];
    s_samples_new (d1);
    s_samples_new (d32);
    server = server_start (config, MORNING);
    s_backlog (server->requests, c1);
    double td1 = s_closed_loop (server->requests, 1, c1, true, d1);
    server_free (server);
    server = server_start (config, MORNING);
    s_backlog (server->requests, 32 * c32);
    double td32 = s_closed_loop (server->requests, 32, c32, true, d32);
    server_free (server);
    for (op_t op = OP_CALL; op <= OP_FINISH; op++) {
        s_record (self, "1", op, d1[op], td1, 3);
        s_record (self, "32", op, d32[op], td32, 3);
    }
    bench_set (self, "broker", "desk_backlog_1", json_integer (c1));
    bench_set (self, "broker", "desk_backlog_32", json_integer (32 * c32));

    /* The table. */
    double echo = bench_get (self, "floors", "echo_p50_ms");
    double commit = bench_get (self, "floors", "commit_full_ms");
    double echo32 = bench_get (self, "floors", "echo_32_per_s");
    double full = bench_get (self, "floors", "commit_full_per_s");
    double issue_p50 = bench_pct (s1[OP_ISSUE], 50) / 1000.0;
    double issue32 = s32[OP_ISSUE]->len / t32;
    double latency_ratio = issue_p50 / (echo + commit);
    bench_set (self, "broker", "ratio_latency", json_real (latency_ratio));
    bench_set (self, "broker", "ratio_echo32", json_real (issue32 / echo32));
    bench_set (self, "broker", "ratio_commit", json_real (issue32 / full));

    bench_section (self, "Broker (hall-server, WAL, synchronous=FULL)");
    const char *labels[2] = { "1 client", "32 clients" };
    GArray **sets[2] = { s1, s32 };
    double times[2] = { t1, t32 };
    for (int k = 0; k < 2; k++) {
        char name[128];
        snprintf (name, sizeof name, "issue, %s: p50 / p99 latency, throughput", labels[k]);
        bench_row (self, name, NULL, BENCH_NONE, "%.2f / %.2f ms, %.0f/s",
                   bench_pct (sets[k][OP_ISSUE], 50) / 1000, bench_pct (sets[k][OP_ISSUE], 99) / 1000,
                   sets[k][OP_ISSUE]->len / times[k]);
    }
    GArray **dsets[2] = { d1, d32 };
    double dtimes[2] = { td1, td32 };
    int backlog[2] = { c1, 32 * c32 };
    for (int k = 0; k < 2; k++)
        for (op_t op = OP_CALL; op <= OP_FINISH; op += 2) {
            char name[128];
            snprintf (name, sizeof name, "%s, %s (backlog %d): p50 / p99, rate", s_op_names[op],
                      k ? "32 desks" : "1 desk", backlog[k]);
            bench_row (self, name, NULL, BENCH_NONE, "%.2f / %.2f ms, %.0f/s",
                       bench_pct (dsets[k][op], 50) / 1000, bench_pct (dsets[k][op], 99) / 1000,
                       dsets[k][op]->len / dtimes[k]);
        }
    bench_row (self, "issue latency 1 client ÷ (echo p50 + one FULL commit)", "≤ 1.3",
               latency_ratio <= 1.3, "%.2f (%.2f ÷ %.2f ms)", latency_ratio, issue_p50, echo + commit);
    bench_row (self, "issue throughput 32 clients ÷ echo 32 clients", "≥ 0.5",
               issue32 / echo32 >= 0.5, "%.3f", issue32 / echo32);
    bench_row (self, "issue throughput 32 clients ÷ FULL commits/s", "≥ 4",
               issue32 / full >= 4, "%.2f", issue32 / full);
    s_samples_free (s1);
    s_samples_free (s32);
    s_samples_free (d1);
    s_samples_free (d32);
}

/* ---- fan-out --------------------------------------------------------------- */

/* Waits for the reply to the desk's outstanding request while draining
 * every subscriber; when CALLED, also until each subscriber has the
 * ticket.called event, and adds (event − reply) per subscriber to SAMPLES. */
static void
s_fanout_wait (client_t *desk, zsock_t **subs, int nsubs, bool called, GArray *samples)
{
    zmq_pollitem_t *items = g_new0 (zmq_pollitem_t, nsubs + 1);
    double *at = g_new0 (double, nsubs);
    items[0] = (zmq_pollitem_t) { zsock_resolve (desk->dealer), 0, ZMQ_POLLIN, 0 };
    for (int i = 0; i < nsubs; i++)
        items[i + 1] = (zmq_pollitem_t) { zsock_resolve (subs[i]), 0, ZMQ_POLLIN, 0 };
    double reply_at = 0;
    int got = 0;
    double deadline = bench_now_us () + 3e6;
    while (reply_at == 0 || (called && got < nsubs)) {
        if (bench_now_us () > deadline) {
            g_assert_cmpfloat (reply_at, >, 0);
            break;              /* an event lost: counted by the caller */
        }
        zmq_poll (items, nsubs + 1, 1000);
        if (items[0].revents & ZMQ_POLLIN) {
            json_t *reply = client_recv (desk, 0);
            reply_at = bench_now_us ();
            g_assert_true (reply && json_is_true (json_object_get (reply, "ok")));
            json_decref (reply);
        }
        for (int i = 0; i < nsubs; i++) {
            if (!(items[i + 1].revents & ZMQ_POLLIN))
                continue;
            /* Drain this subscriber: topic frame, body frame. */
            while (true) {
                zmq_msg_t topic, body;
                zmq_msg_init (&topic);
                if (zmq_msg_recv (&topic, items[i + 1].socket, ZMQ_DONTWAIT) < 0) {
                    zmq_msg_close (&topic);
                    break;
                }
                zmq_msg_init (&body);
                zmq_msg_recv (&body, items[i + 1].socket, 0);
                double now = bench_now_us ();
                if (called && at[i] == 0 && zmq_msg_size (&topic) == 5
                    && g_strstr_len (zmq_msg_data (&body), zmq_msg_size (&body), "\"ticket.called\"")) {
                    at[i] = now;
                    got++;
                }
                zmq_msg_close (&topic);
                zmq_msg_close (&body);
            }
        }
    }
    if (called)
        for (int i = 0; i < nsubs; i++) {
            if (at[i] == 0)
                continue;
            double latency = at[i] - reply_at;
            g_array_append_val (samples, latency);
        }
    g_free (items);
    g_free (at);
}

void
bench_fanout (bench_t *self)
{
    int trials = self->quick ? 40 : 200;
    const int counts[] = { 1, 20, 100 };
    g_autofree char *config = bench_hall_config (CATEGORIES, 1, CATEGORIES);
    server_t *server = server_start (config, MORNING);
    s_backlog (server->requests, trials * G_N_ELEMENTS (counts) + 10);
    client_t *desk = client_new (server->requests, "counter", 1);
    client_signin (desk);
    bench_section (self, "Event fan-out: call reply → ticket.called at each SUB");
    for (size_t k = 0; k < G_N_ELEMENTS (counts); k++) {
        int nsubs = counts[k];
        zsock_t **subs = g_new0 (zsock_t *, nsubs);
        for (int i = 0; i < nsubs; i++) {
            subs[i] = zsock_new (ZMQ_SUB);
            zsock_set_linger (subs[i], 0);
            bench_secure (subs[i]);
            zsock_set_subscribe (subs[i], "event");
            zsock_set_subscribe (subs[i], "heartbeat");
            g_assert_cmpint (zsock_connect (subs[i], "%s", server->events), ==, 0);
        }
        /* Every subscriber connected: each has had a heartbeat (1/s). */
        for (int i = 0; i < nsubs; i++) {
            zsock_set_rcvtimeo (subs[i], 5000);
            char *topic = NULL;
            do {
                zstr_free (&topic);
                zmsg_t *msg = zmsg_recv (subs[i]);
                g_assert_nonnull (msg);
                topic = zmsg_popstr (msg);
                zmsg_destroy (&msg);
            } while (strcmp (topic, "heartbeat") != 0);
            zstr_free (&topic);
        }
        GArray *samples = g_array_new (FALSE, FALSE, sizeof (double));
        for (int t = 0; t < trials; t++) {
            client_send (desk, "call", "{\"window\": 1}");
            s_fanout_wait (desk, subs, nsubs, true, samples);
            client_send (desk, "start", "{\"window\": 1}");
            s_fanout_wait (desk, subs, nsubs, false, NULL);
            client_send (desk, "finish", "{\"window\": 1}");
            s_fanout_wait (desk, subs, nsubs, false, NULL);
        }
        char key[32], name[96];
        snprintf (key, sizeof key, "subscribers_%d", nsubs);
        json_t *figures = bench_latency_json (samples);
        json_object_set_new (figures, "lost", json_integer ((json_int_t) trials * nsubs - samples->len));
        bench_set (self, "fanout", key, figures);
        double p50 = bench_pct (samples, 50) / 1000, p99 = bench_pct (samples, 99) / 1000;
        snprintf (name, sizeof name, "fan-out, %d subscriber%s: p50 / p99", nsubs, nsubs > 1 ? "s" : "");
        if (nsubs == 20)
            bench_row (self, name, "p99 ≤ 2 ms", p99 <= 2.0, "%.3f / %.3f ms", p50, p99);
        else
            bench_row (self, name, NULL, BENCH_NONE, "%.3f / %.3f ms", p50, p99);
        g_array_free (samples, TRUE);
        for (int i = 0; i < nsubs; i++)
            zsock_destroy (&subs[i]);
        g_free (subs);
    }
    client_destroy (&desk);
    server_free (server);
}
