/*  main.c — hall-server: the broker of the hall.
 *
 *  One ROUTER socket takes requests, one PUB socket sends events.  The loop
 *  drains every request that has arrived (up to a batch limit), runs them
 *  all in one transaction (group commit: one fsync for the batch), and only
 *  once the commit is on disk sends the replies and publishes the events,
 *  in seq order.  If the commit fails, every reply of the batch is a
 *  storage error and nothing is published: nothing unacknowledged is kept
 *  and nothing acknowledged is lost.  A heartbeat goes out each second,
 *  after any due time-driven work (the day change).
 *
 *  With synchronous=full (the default) the log's fsync runs in a thread
 *  (walsync.h) while the loop runs the next batch: a committed batch's
 *  replies and events wait in an outbox until a sync started after its
 *  commit has finished.  Outboxes go out in commit order; a batch that
 *  wrote nothing goes out with the last outbox before it, whose state it
 *  may have read.
 */
#define G_LOG_DOMAIN "hall-server"
#include <czmq.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "protocol.h"
#include "clock.h"
#include "config.h"
#include "engine.h"
#include "store.h"
#include "auth.h"
#include "walsync.h"
#include "reporter.h"

#define BATCH_MAX 256            /* requests per group commit */
#define S_CURVE_OVERHEAD 33      /* bytes CURVE adds to a message on the wire */

static volatile sig_atomic_t s_interrupted = 0;

static void
s_signal (int signum)
{
    s_interrupted = 1;
}

typedef struct {
    zframe_t      *identity;      /* the DEALER's routing id */
    char           device[64];    /* the authenticated device (ZAP User-Id), "" if none */
    hall_request_t req;
    char          *reply;         /* reply text, once handled */
} pending_t;

/* A batch's replies and events, held until what they tell is on disk. */
typedef struct {
    GPtrArray     *identities;    /* zframe_t*: who each reply goes to */
    GPtrArray     *replies;       /* char*: the replies, in request order */
    GPtrArray     *events;        /* json_t*: the events, in seq order */
} outbox_t;

typedef struct {
    void          *router;        /* libzmq socket of the ROUTER zsock */
    void          *pub;           /* libzmq socket of PUB_SOCK */
    zsock_t       *pub_sock;      /* the events socket (made again on a revocation) */
    const char    *pub_ep;        /* the endpoint it binds */
    bool           revoked;       /* a device was revoked in the batch just run */
    hall_store_t  *store;
    hall_engine_t *engine;
    hall_auth_t   *auth;
    char           instance[17];
    hall_walsync_t *walsync;      /* the log's sync thread; NULL: replies go out at once */
    GQueue         syncing;       /* outboxes the running sync covers */
    GQueue         waiting;       /* outboxes committed since it started */
    int64_t        published;     /* seq of the last event published */
    hall_reporter_t *reporter;    /* reports' thread; NULL: they run here */
} server_t;

static void
s_send_reply (server_t *server, zframe_t *identity, const char *reply)
{
    if (zmq_send (server->router, zframe_data (identity), zframe_size (identity),
                  ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0
        || zmq_send (server->router, reply, strlen (reply), ZMQ_DONTWAIT) < 0)
        g_debug ("reply not sent (client gone): %s", zmq_strerror (zmq_errno ()));
}

static void
s_publish (server_t *server, const char *topic, json_t *body)
{
    char *text = json_dumps (body, JSON_COMPACT);
    zmq_send (server->pub, topic, strlen (topic), ZMQ_SNDMORE);
    zmq_send (server->pub, text, strlen (text), 0);
    free (text);
}

static void
s_frame_free (gpointer frame)
{
    zframe_t *self = frame;
    zframe_destroy (&self);
}

static outbox_t *
s_outbox_new (void)
{
    outbox_t *outbox = g_new0 (outbox_t, 1);
    outbox->identities = g_ptr_array_new_with_free_func (s_frame_free);
    outbox->replies = g_ptr_array_new_with_free_func (free);
    outbox->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
    return outbox;
}

static void
s_outbox_free (gpointer data)
{
    outbox_t *outbox = data;
    g_ptr_array_free (outbox->identities, TRUE);
    g_ptr_array_free (outbox->replies, TRUE);
    g_ptr_array_free (outbox->events, TRUE);
    g_free (outbox);
}

/* Sends OUTBOX's replies, then publishes its events; frees it. */
static void
s_outbox_deliver (server_t *server, outbox_t *outbox)
{
    for (guint i = 0; i < outbox->replies->len; i++)
        s_send_reply (server, g_ptr_array_index (outbox->identities, i),
                      g_ptr_array_index (outbox->replies, i));
    for (guint i = 0; i < outbox->events->len; i++) {
        json_t *event = g_ptr_array_index (outbox->events, i);
        s_publish (server, "event", event);
        server->published = json_integer_value (json_object_get (event, "seq"));
    }
    s_outbox_free (outbox);
}

/* Moves what OUTBOX holds to the end of INTO; frees OUTBOX. */
static void
s_outbox_append (outbox_t *into, outbox_t *outbox)
{
    g_ptr_array_extend_and_steal (into->identities, outbox->identities);
    g_ptr_array_extend_and_steal (into->replies, outbox->replies);
    g_ptr_array_extend_and_steal (into->events, outbox->events);
    g_free (outbox);
}

static void
s_sync_start (server_t *server)
{
    while (!g_queue_is_empty (&server->waiting))
        g_queue_push_tail (&server->syncing, g_queue_pop_head (&server->waiting));
    hall_walsync_start (server->walsync);
}

/* Hands OUTBOX over for delivery.  WROTE: its batch committed changes
 * that must reach the disk first. */
static void
s_outbox_post (server_t *server, outbox_t *outbox, bool wrote)
{
    if (!server->walsync) {
        s_outbox_deliver (server, outbox);
        return;
    }
    if (!wrote) {
        /* It changed nothing, but it may have read what the batches before
         * it committed: it goes out with the last of them. */
        outbox_t *last = g_queue_peek_tail (&server->waiting);
        if (!last)
            last = g_queue_peek_tail (&server->syncing);
        if (last)
            s_outbox_append (last, outbox);
        else
            s_outbox_deliver (server, outbox);
        return;
    }
    g_queue_push_tail (&server->waiting, outbox);
    if (g_queue_is_empty (&server->syncing))
        s_sync_start (server);
}

/* Replies of finished reports go out like replies to reads. */
static void
s_reports_done (server_t *server)
{
    void *identity;
    char *reply;
    while (hall_reporter_take (server->reporter, &identity, &reply)) {
        outbox_t *outbox = s_outbox_new ();
        g_ptr_array_add (outbox->identities, identity);
        g_ptr_array_add (outbox->replies, reply);
        s_outbox_post (server, outbox, false);
    }
}

/* The running sync has finished: deliver what it covered, and start the
 * next one if batches committed meanwhile.  When the sync failed, the
 * server stops at once: what it holds may not be on disk and must never
 * be acknowledged, and the database is left as the disk has it (no
 * checkpoint at close); after the restart SQLite recovers what reached the
 * disk and the clients' retries are answered from it. */
static void
s_sync_done (server_t *server)
{
    int rc = hall_walsync_finish (server->walsync);
    if (rc != 0) {
        g_critical ("fdatasync of the database log failed: %s; stopping without answering "
                    "what it held", g_strerror (rc));
        _exit (1);
    }
    while (!g_queue_is_empty (&server->syncing))
        s_outbox_deliver (server, g_queue_pop_head (&server->syncing));
    if (!g_queue_is_empty (&server->waiting))
        s_sync_start (server);
}

static void
s_heartbeat (server_t *server)
{
    json_t *beat = json_pack ("{s:I, s:I, s:s, s:s}",
                              "seq", (json_int_t) server->published,
                              "time", (json_int_t) hall_engine_now (server->engine),
                              "server", server->instance, "day", hall_engine_day (server->engine));
    s_publish (server, "heartbeat", beat);
    json_decref (beat);
}

/* Time-driven work in a transaction of its own. */
static void
s_tick (server_t *server)
{
    if (!hall_engine_tick_due (server->engine))
        return;
    outbox_t *outbox = s_outbox_new ();
    bool wrote = false;
    if (hall_store_begin (server->store) == 0) {
        if (hall_engine_tick (server->engine, outbox->events) == 0
            && hall_store_commit (server->store) == 0)
            wrote = true;
        else {
            g_warning ("day change not committed: %s", hall_store_error (server->store));
            hall_store_rollback (server->store);
            hall_engine_reload (server->engine);
            g_ptr_array_set_size (outbox->events, 0);
        }
    }
    s_outbox_post (server, outbox, wrote);
}

/* Reads one message from the ROUTER without blocking: a request to run,
 * or a malformed one answered at once.  Returns false when none is left. */
static bool
s_receive (server_t *server, GArray *batch)
{
    zmq_msg_t part;
    zframe_t *identity = NULL;
    zframe_t *payload = NULL;
    char device[64] = "";
    int frames = 0;
    bool more = true;
    while (more) {
        zmq_msg_init (&part);
        if (zmq_msg_recv (&part, server->router, frames == 0 ? ZMQ_DONTWAIT : 0) < 0) {
            zmq_msg_close (&part);
            zframe_destroy (&identity);
            zframe_destroy (&payload);
            return false;
        }
        more = zmq_msg_more (&part);
        if (frames == 0)
            identity = zframe_new (zmq_msg_data (&part), zmq_msg_size (&part));
        else if (frames == 1) {
            payload = zframe_new (zmq_msg_data (&part), zmq_msg_size (&part));
            const char *user_id = zmq_msg_gets (&part, "User-Id");
            snprintf (device, sizeof device, "%s", user_id ? user_id : "");
        }
        frames++;
        zmq_msg_close (&part);
    }
    char errbuf[256];
    pending_t pending = { .identity = identity };
    snprintf (pending.device, sizeof pending.device, "%s", device);
    hall_error_t rc;
    if (frames != 2) {
        snprintf (errbuf, sizeof errbuf, "a request is one frame of JSON, not %d", frames - 1);
        rc = HALL_E_MALFORMED;
    }
    else
        rc = hall_request_parse (zframe_data (payload), zframe_size (payload), &pending.req,
                                 errbuf, sizeof errbuf);
    zframe_destroy (&payload);
    if (rc != HALL_OK) {
        g_debug ("bad request: %s: %s", hall_error_name (rc), errbuf);
        char *reply = hall_reply_encode_error (pending.req.req, rc, errbuf);
        s_send_reply (server, identity, reply);
        free (reply);
        zframe_destroy (&identity);
        hall_request_clear (&pending.req);
        return true;
    }
    g_array_append_val (batch, pending);
    return true;
}

/* The events socket, bound to SERVER->pub_ep; NULL with a message when it
 * cannot be bound. */
static zsock_t *
s_events_socket (server_t *server)
{
    zsock_t *pub = zsock_new (ZMQ_PUB);
    hall_auth_apply (server->auth, pub);
    zsock_set_linger (pub, 200);
    zsock_set_sndhwm (pub, 1000);
    if (zsock_bind (pub, "%s", server->pub_ep) < 0) {
        zsock_destroy (&pub);
        return NULL;
    }
    return pub;
}

/* A revoked device's open events connection would go on receiving events:
 * CURVE checks a key only at the handshake, and a PUB socket cannot drop
 * one peer.  So the events socket is made again, which drops every
 * subscriber; each reconnects by itself within ZeroMQ's reconnect interval,
 * through the handshake again (the revoked key is refused there), and
 * resyncs from a snapshot when its next heartbeat shows what it missed.
 * The port is taken again at once; a bind that fails while the old socket
 * is still closing is tried again for up to two seconds. */
static void
s_events_rebind (server_t *server)
{
    zsock_unbind (server->pub_sock, "%s", zsock_endpoint (server->pub_sock));
    zsock_destroy (&server->pub_sock);
    for (int tries = 0; !server->pub_sock && tries < 200; tries++) {
        server->pub_sock = s_events_socket (server);
        if (!server->pub_sock)
            zclock_sleep (10);
    }
    if (!server->pub_sock) {
        /* Nothing can be published: stop, as on any fault that would
         * otherwise leave clients silently behind. */
        g_critical ("cannot bind the events socket %s again: %s", server->pub_ep,
                    zmq_strerror (zmq_errno ()));
        _exit (1);
    }
    server->pub = zsock_resolve (server->pub_sock);
    g_message ("events socket made again after a revocation: every subscriber reconnects");
}

/* Runs a batch of requests in one transaction and answers them. */
static void
s_run_batch (server_t *server, GArray *batch)
{
    outbox_t *outbox = s_outbox_new ();
    GPtrArray *events = outbox->events;
    bool writes = false;
    for (guint i = 0; i < batch->len; i++)
        writes |= hall_op_writes (g_array_index (batch, pending_t, i).req.op);
    bool in_tx = writes && hall_store_begin (server->store) == 0;
    for (guint i = 0; i < batch->len; i++) {
        pending_t *p = &g_array_index (batch, pending_t, i);
        /* With device keys, the role is the device's: a device acts as what
         * it was enrolled as, whatever its message says (the admin tool may
         * act as any role).  A revoked device is refused at once, even on a
         * connection opened before the revocation. */
        if (hall_auth_secure (server->auth)) {
            hall_role_t role;
            int window;
            if (!hall_auth_device (server->auth, p->device, &role, &window)) {
                g_message ("refused a request from revoked device %s", p->device);
                p->reply = hall_reply_encode_error (p->req.req, HALL_E_REVOKED, NULL);
                continue;
            }
            snprintf (p->req.device, sizeof p->req.device, "%s", p->device);
            if (role != HALL_ROLE_ADMIN) {
                if (role != p->req.role || window != p->req.window)
                    g_debug ("device %s acts as %s %d, not %s %d", p->device, hall_role_name (role),
                             window, hall_role_name (p->req.role), p->req.window);
                p->req.role = role;
                p->req.window = window;
            }
        }
        if (hall_op_has (p->req.op, HALL_OPF_REPORTER) && server->reporter) {
            /* A report can take seconds: its thread answers it (below). */
            hall_reporter_submit (server->reporter, &p->req, hall_engine_now (server->engine),
                                  p->identity);
            p->identity = NULL;
            continue;
        }
        if (hall_op_writes (p->req.op) && !in_tx) {
            char message[256];
            snprintf (message, sizeof message, "database: %s; nothing was changed",
                      hall_store_error (server->store));
            p->reply = hall_reply_encode_error (p->req.req, HALL_E_STORAGE, message);
        }
        else {
            p->reply = hall_engine_handle (server->engine, &p->req, events);
            if (hall_op_has (p->req.op, HALL_OPF_REVOKES) && strstr (p->reply, "\"ok\":true"))
                server->revoked = true;
        }
    }
    bool wrote = in_tx;
    if (in_tx && hall_store_commit (server->store) != 0) {
        wrote = false;
        g_warning ("commit of %u requests failed: %s", batch->len, hall_store_error (server->store));
        hall_engine_reload (server->engine);
        g_ptr_array_set_size (events, 0);
        for (guint i = 0; i < batch->len; i++) {
            pending_t *p = &g_array_index (batch, pending_t, i);
            if (!p->identity)
                continue;       /* a report, answered by its thread */
            free (p->reply);
            char message[256];
            snprintf (message, sizeof message, "database: %s; nothing was changed",
                      hall_store_error (server->store));
            p->reply = hall_reply_encode_error (p->req.req, HALL_E_STORAGE, message);
        }
    }
    for (guint i = 0; i < batch->len; i++) {
        pending_t *p = &g_array_index (batch, pending_t, i);
        if (p->identity) {
            g_ptr_array_add (outbox->identities, p->identity);
            g_ptr_array_add (outbox->replies, p->reply);
        }
        hall_request_clear (&p->req);
    }
    g_array_set_size (batch, 0);
    s_outbox_post (server, outbox, wrote);
    if (server->revoked && wrote)
        s_events_rebind (server);
    server->revoked = false;
}

int
main (int argc, char *argv[])
{
    g_autofree char *config_path = NULL;
    g_autofree char *db_path = NULL;
    g_autofree char *requests = NULL;
    g_autofree char *events_ep = NULL;
    g_autofree char *sync_mode = NULL;
    g_autofree char *keys_dir = NULL;
    gboolean test_clock = FALSE, verbose = FALSE, check_config = FALSE, insecure = FALSE;
    gint64 test_clock_start = 0;
    GOptionEntry entries[] = {
        { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
          "Hall configuration (default: the built-in demo hall)", "FILE" },
        { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db_path,
          "SQLite database (default: state/hall.db under the working directory)", "FILE" },
        { "requests", 'r', 0, G_OPTION_ARG_STRING, &requests,
          "Request endpoint to bind (default " HALL_DEFAULT_REQUESTS ")", "EP" },
        { "events", 'e', 0, G_OPTION_ARG_STRING, &events_ep,
          "Event endpoint to bind (default " HALL_DEFAULT_EVENTS ")", "EP" },
        { "synchronous", 0, 0, G_OPTION_ARG_STRING, &sync_mode,
          "SQLite synchronous level: full (default) or normal", "LEVEL" },
        { "keys", 'k', 0, G_OPTION_ARG_FILENAME, &keys_dir,
          "Folder of the server's and the admin tool's keys (default: keys/ beside the database)", "DIR" },
        { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure,
          "LAB ONLY: no device keys, no encryption, roles taken from messages", NULL },
        { "test-clock", 0, 0, G_OPTION_ARG_NONE, &test_clock,
          "Use a clock that moves only by the 'clock' operation (tests)", NULL },
        { "test-clock-start", 0, 0, G_OPTION_ARG_INT64, &test_clock_start,
          "With --test-clock: start at this unix time unless the database has kept one (tests)", "UNIX" },
        { "check-config", 0, 0, G_OPTION_ARG_NONE, &check_config,
          "Check the configuration and exit", NULL },
        { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Log every request", NULL },
        { NULL }
    };
    GOptionContext *context = g_option_context_new ("— the hall queue server");
    g_option_context_add_main_entries (context, entries, NULL);
    GError *error = NULL;
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        fprintf (stderr, "hall-server: %s\n", error->message);
        return 2;
    }
    g_option_context_free (context);
    if (verbose)
        g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
    if (test_clock_start < 0 || (test_clock_start > 0 && !test_clock)) {
        fprintf (stderr, "hall-server: --test-clock-start is a positive unix time, with --test-clock\n");
        return 2;
    }
    if (sync_mode && strcmp (sync_mode, "full") && strcmp (sync_mode, "normal")) {
        fprintf (stderr, "hall-server: --synchronous is full or normal\n");
        return 2;
    }

    hall_config_t *config = hall_config_load (config_path, &error);
    if (!config) {
        fprintf (stderr, "hall-server: %s\n", error->message);
        return 1;
    }
    if (check_config) {
        printf ("configuration is valid\n");
        hall_config_destroy (&config);
        return 0;
    }
    if (!db_path) {
        if (g_mkdir_with_parents ("state", 0700) != 0) {
            fprintf (stderr, "hall-server: cannot create state/: %s\n", g_strerror (errno));
            return 1;
        }
        db_path = g_strdup ("state/hall.db");
    }
    char errbuf[512];
    hall_store_t *store = hall_store_open (db_path, !sync_mode || strcmp (sync_mode, "full") == 0,
                                           errbuf, sizeof errbuf);
    if (!store) {
        fprintf (stderr, "hall-server: %s\n", errbuf);
        return 1;
    }
    if (hall_config_apply (config, store, &error) < 0) {
        fprintf (stderr, "hall-server: %s\n", error->message);
        return 1;
    }
    hall_config_destroy (&config);
    if (!keys_dir) {
        g_autofree char *db_dir = g_path_get_dirname (db_path);
        keys_dir = g_build_filename (db_dir, "keys", NULL);
    }

    server_t server = { .store = store };
    unsigned char id[8];
    if (sodium_init () < 0)
        return 1;
    randombytes_buf (id, sizeof id);
    sodium_bin2hex (server.instance, sizeof server.instance, id, sizeof id);
    hall_clock_t *clock = hall_clock_new (test_clock);
    /* Set before the engine reads the database: a test clock kept there
     * (by an earlier run's 'clock' request) wins over the start given. */
    if (test_clock_start > 0)
        hall_clock_set (clock, test_clock_start);
    server.engine = hall_engine_new (store, clock, server.instance);
    server.published = hall_engine_last_seq (server.engine);
    if (!sync_mode || strcmp (sync_mode, "full") == 0) {
        server.walsync = hall_walsync_new (hall_store_db (store), db_path, errbuf, sizeof errbuf);
        if (!server.walsync)
            g_warning ("%s: each commit syncs the log itself (slower)", errbuf);
    }
    server.reporter = hall_reporter_new (db_path, server.instance, errbuf, sizeof errbuf);
    if (!server.reporter)
        g_warning ("%s: reports run on the main thread", errbuf);

    /* CZMQ would install its own SIGINT handler; we keep ours. */
    zsys_handler_set (NULL);
    zsys_init ();
    struct sigaction action = { .sa_handler = s_signal };
    sigemptyset (&action.sa_mask);
    sigaction (SIGINT, &action, NULL);
    sigaction (SIGTERM, &action, NULL);
    signal (SIGPIPE, SIG_IGN);

    server.auth = hall_auth_new (store, keys_dir, insecure, errbuf, sizeof errbuf);
    if (!server.auth) {
        fprintf (stderr, "hall-server: %s\n", errbuf);
        return 1;
    }
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    hall_auth_apply (server.auth, router);
    zsock_set_router_mandatory (router, 1);
    /* ZMQ_MAXMSGSIZE counts what is on the wire: under CURVE a message is
     * a MESSAGE command ("\x07MESSAGE", an 8-byte nonce) around a box of
     * one flags byte, the frame and a 16-byte MAC, 33 bytes more than the
     * frame.  So a frame of exactly HALL_MAX_FRAME bytes is read (and
     * answered too_large), one byte more closes the connection. */
    zsock_set_maxmsgsize (router, HALL_MAX_FRAME + (hall_auth_secure (server.auth) ? S_CURVE_OVERHEAD : 0));
    zsock_set_linger (router, 200);
    const char *req_ep = requests ? requests : HALL_DEFAULT_REQUESTS;
    const char *pub_ep = events_ep ? events_ep : HALL_DEFAULT_EVENTS;
    server.pub_ep = pub_ep;
    if (zsock_bind (router, "%s", req_ep) < 0 || !(server.pub_sock = s_events_socket (&server))) {
        fprintf (stderr, "hall-server: cannot bind %s / %s: %s\n", req_ep, pub_ep,
                 zmq_strerror (zmq_errno ()));
        return 1;
    }
    server.router = zsock_resolve (router);
    server.pub = zsock_resolve (server.pub_sock);
    s_tick (&server);
    g_message ("hall-server %s ready: requests %s, events %s, database %s%s%s", server.instance,
               req_ep, pub_ep, db_path, test_clock ? ", test clock" : "",
               insecure ? ", INSECURE (no device keys)" : "");
    if (!insecure)
        g_message ("device keys: %s (server public key %s)", keys_dir, hall_auth_server_key (server.auth));

    GArray *batch = g_array_new (FALSE, TRUE, sizeof (pending_t));
    int64_t next_beat = zclock_mono ();
    while (!s_interrupted) {
        int64_t wait = next_beat - zclock_mono ();
        /* Requests, then the sync and report threads and ZAP when there are. */
        zmq_pollitem_t items[4] = { { server.router, 0, ZMQ_POLLIN, 0 } };
        int count = 1, sync_item = -1, report_item = -1, zap_item = -1;
        if (server.walsync) {
            sync_item = count++;
            items[sync_item] = (zmq_pollitem_t) { NULL, hall_walsync_fd (server.walsync), ZMQ_POLLIN, 0 };
        }
        if (server.reporter) {
            report_item = count++;
            items[report_item] = (zmq_pollitem_t) { NULL, hall_reporter_fd (server.reporter), ZMQ_POLLIN, 0 };
        }
        if (hall_auth_zap_socket (server.auth)) {
            zap_item = count++;
            items[zap_item] = (zmq_pollitem_t) { hall_auth_zap_socket (server.auth), 0, ZMQ_POLLIN, 0 };
        }
        int rc = zmq_poll (items, count, wait > 0 ? (long) wait : 0);
        if (rc < 0) {
            if (zmq_errno () == EINTR)
                continue;
            g_warning ("poll: %s", zmq_strerror (zmq_errno ()));
            break;
        }
        if (sync_item >= 0 && (items[sync_item].revents & ZMQ_POLLIN))
            s_sync_done (&server);
        if (report_item >= 0 && (items[report_item].revents & ZMQ_POLLIN))
            s_reports_done (&server);
        if (zap_item >= 0 && (items[zap_item].revents & ZMQ_POLLIN))
            hall_auth_handle_zap (server.auth);
        if (items[0].revents & ZMQ_POLLIN) {
            while (batch->len < BATCH_MAX && s_receive (&server, batch))
                ;
            if (batch->len > 0)
                s_run_batch (&server, batch);
        }
        if (zclock_mono () >= next_beat) {
            s_tick (&server);
            s_heartbeat (&server);
            next_beat = zclock_mono () + 1000;
        }
    }
    /* Reports asked for are answered; what is committed and held goes
     * out once it is on disk. */
    if (server.reporter) {
        hall_reporter_stop (server.reporter);
        s_reports_done (&server);
        hall_reporter_destroy (&server.reporter);
    }
    while (server.walsync && !g_queue_is_empty (&server.syncing))
        s_sync_done (&server);
    g_message ("shutting down");
    hall_walsync_destroy (&server.walsync);
    g_array_free (batch, TRUE);
    zsock_destroy (&router);
    zsock_destroy (&server.pub_sock);
    hall_engine_destroy (&server.engine);
    hall_auth_destroy (&server.auth);
    hall_clock_destroy (&clock);
    hall_store_destroy (&store);
    return 0;
}
