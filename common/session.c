/*  session.c — a client's connection to the hall server (session.h).
 *
 *  Timers are kept as plain deadlines on the monotonic clock (ms): one per
 *  pending request, one for the offline check, one for a snapshot retry.
 *  hall_session_pump() and the GSource both wait for the nearest one.
 */
#include "session.h"

#include <assert.h>
#include <czmq.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_DRAIN_MAX     256      /* messages read from one socket per turn */
#define S_LINGER_MS     100      /* unsent requests get this long on close */
#define S_SUB_HWM       1000     /* events queued before the SUB drops */
#define S_BUFFER_MAX    10000    /* events held back while a snapshot is due */
#define S_RESYNC_PAUSE  1000     /* wait before asking again for a snapshot */

/* A request sent and not yet answered. */
typedef struct {
    int64_t        req;         /* its request number */
    char          *frame;       /* the encoded request, resent as is */
    int            tries;       /* sends so far */
    int            wait;        /* ms this try waits for its reply */
    int64_t        deadline;    /* monotonic ms when this try times out */
    hall_reply_fn  fn;          /* reply callback, may be NULL */
    void          *user;        /* its argument */
} s_pending_t;

struct _hall_session_t {
    char           *requests;       /* request endpoint */
    char           *events;         /* event endpoint, NULL for requests only */
    hall_role_t     role;           /* role named in every request */
    int             window;         /* window of a counter / rating pad role */
    char           *client_id;      /* client id named in every request */
    zsock_t        *dealer;         /* requests; rebuilt before each retry */
    zsock_t        *monitor;        /* PAIR: the DEALER's handshake outcomes, or NULL */
    bool            key_refused;    /* the server refused our key at the last handshake */
    bool            handshake_ok;   /* a handshake succeeded, and no request gave up since */
    zsock_t        *sub;            /* events and heartbeats, or NULL */
    int             timeout;        /* per-try timeout, ms */
    int             retries;        /* resends after the first try */
    int64_t         next_req;       /* number of the next request */
    GList          *pending;        /* s_pending_t, oldest first */
    hall_mirror_t  *mirror;         /* the hall state, kept from events */
    hall_event_fn   event_fn;       /* event callback, may be NULL */
    void           *event_user;     /* its argument */
    hall_online_fn  online_fn;      /* online callback, may be NULL */
    void           *online_user;    /* its argument */
    bool            online;         /* heard from the server lately */
    int64_t         heard_at;       /* monotonic ms of the last message */
    char           *server_id;      /* instance id from heartbeat/snapshot */
    int64_t         server_time;    /* "time" of the last heartbeat */
    int64_t         server_time_at; /* monotonic ms when it arrived */
    int64_t         snapshot_req;   /* pending snapshot request, or 0 */
    int64_t         resync_at;      /* monotonic ms to ask again, or 0 */
    json_t         *held;           /* events held back during a resync */
    zcert_t        *cert;           /* this device's CURVE key pair, or NULL (insecure lab server) */
    char           *server_key;     /* the server's public key (Z85), from the key file */
};

static void s_resync (hall_session_t *self);

static int64_t
s_now (void)
{
    return g_get_monotonic_time () / 1000;
}

/* ---- sockets ------------------------------------------------------------- */

static void
s_handlers_off (void)
{
    static gsize done = 0;
    if (g_once_init_enter (&done)) {
        zsys_handler_set (NULL);
        g_once_init_leave (&done, 1);
    }
}

/* Makes SOCK a CURVE client with the device's key, when it has one. */
static void
s_secure (hall_session_t *self, zsock_t *sock)
{
    if (self->cert && self->server_key) {
        zcert_apply (self->cert, sock);
        zsock_set_curve_serverkey (sock, self->server_key);
    }
}

/* Watches the DEALER's CURVE handshakes (libzmq's socket monitor): a
 * server that does not know our key refuses it at the handshake, which
 * would otherwise look like a server that does not answer. */
static void
s_monitor_attach (hall_session_t *self, zsock_t *dealer)
{
    assert (!self->monitor);     /* s_dealer_close() closed the last one */
    /* A DEALER rebuilt for a retry while the key is known to be good is
     * not watched: monitors are sockets too, and a busy session rebuilds
     * often.  A request that gives up makes the next one watched again. */
    if (!self->cert || self->handshake_ok)
        return;
    static int serial = 0;
    char endpoint[96];
    snprintf (endpoint, sizeof endpoint, "inproc://hall-session-%p-%d", (void *) self,
              g_atomic_int_add (&serial, 1));
    if (zmq_socket_monitor (zsock_resolve (dealer), endpoint,
                            ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_SUCCEEDED) != 0)
        return;
    self->monitor = zsock_new (ZMQ_PAIR);
    if (self->monitor && zsock_connect (self->monitor, "%s", endpoint) != 0)
        zsock_destroy (&self->monitor);
}

/* Closes *DEALER_P and the monitor watching it.  The monitor is stopped
 * on the DEALER first, while its reading end is still open: libzmq's I/O
 * thread sends each handshake event with a blocking send, and an event of
 * a handshake that finishes while the DEALER is being closed, sent to a
 * monitor whose reading end is gone, blocked that thread for good and
 * with it every socket of the process (it-crash: every client of the
 * process timed out at once while the server answered others). */
static void
s_dealer_close (hall_session_t *self, zsock_t **dealer_p)
{
    if (*dealer_p && self->monitor)
        zmq_socket_monitor (zsock_resolve (*dealer_p), NULL, 0);
    zsock_destroy (&self->monitor);
    zsock_destroy (dealer_p);
}

static zsock_t *
s_dealer_new (hall_session_t *self, const char *endpoint)
{
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    if (!dealer)
        return NULL;
    zsock_set_linger (dealer, S_LINGER_MS);
    s_secure (self, dealer);
    s_monitor_attach (self, dealer);
    if (zsock_connect (dealer, "%s", endpoint) != 0) {
        s_dealer_close (self, &dealer);
        return NULL;
    }
    return dealer;
}

static zsock_t *
s_sub_new (hall_session_t *self, const char *endpoint)
{
    zsock_t *sub = zsock_new (ZMQ_SUB);
    if (!sub)
        return NULL;
    s_secure (self, sub);
    zsock_set_linger (sub, S_LINGER_MS);
    zsock_set_rcvhwm (sub, S_SUB_HWM);
    zsock_set_subscribe (sub, "event");
    zsock_set_subscribe (sub, "heartbeat");
    if (zsock_connect (sub, "%s", endpoint) != 0) {
        zsock_destroy (&sub);
        return NULL;
    }
    return sub;
}

/* Sends FRAME without blocking; a frame the socket cannot take now goes
 * again at the next retry. */
static void
s_send_frame (hall_session_t *self, const char *frame)
{
    if (self->dealer)
        zmq_send (zsock_resolve (self->dealer), frame, strlen (frame), ZMQ_DONTWAIT);
}

/* ---- life cycle ---------------------------------------------------------- */

hall_session_t *
hall_session_new (const char *requests, const char *events,
                  hall_role_t role, int window, const char *client_id)
{
    assert (requests);
    s_handlers_off ();
    hall_session_t *self = calloc (1, sizeof *self);
    assert (self);
    self->requests = strdup (requests);
    self->events = events ? strdup (events) : NULL;
    self->role = role;
    self->window = window;
    if (client_id) {
        self->client_id = strndup (client_id, HALL_MAX_CLIENT_ID);
        /* A client id may outlive this process (a desk restarts with its
         * configured id); starting from the wall clock in ms keeps a new
         * request from matching a reply the server stored for an old one. */
        self->next_req = g_get_real_time () / 1000;
    }
    else {
        self->client_id = g_strdup_printf ("%s-%d-%08x", hall_role_name (role), window,
                                           g_random_int ());
        self->next_req = 1;
    }
    self->timeout = HALL_REQUEST_TIMEOUT;
    self->retries = HALL_REQUEST_RETRIES;
    self->mirror = hall_mirror_new ();
    self->held = json_array ();
    const char *key_file = g_getenv ("HALL_KEY");
    if (key_file && *key_file) {
        self->cert = zcert_load (key_file);
        const char *server_key = self->cert ? zcert_meta (self->cert, "server-key") : NULL;
        if (!server_key) {
            g_warning ("cannot use the device key %s (missing, unreadable, or no server-key)",
                       key_file);
            zcert_destroy (&self->cert);
        }
        else
            self->server_key = strdup (server_key);
    }
    self->dealer = s_dealer_new (self, requests);
    if (!self->dealer) {
        hall_session_destroy (&self);
        return NULL;
    }
    if (events) {
        self->sub = s_sub_new (self, events);
        if (!self->sub) {
            hall_session_destroy (&self);
            return NULL;
        }
        s_resync (self);
    }
    return self;
}

static void
s_pending_free (s_pending_t *pending)
{
    if (pending) {
        free (pending->frame);
        free (pending);
    }
}

void
hall_session_destroy (hall_session_t **self_p)
{
    assert (self_p);
    hall_session_t *self = *self_p;
    if (self) {
        g_list_free_full (self->pending, (GDestroyNotify) s_pending_free);
        s_dealer_close (self, &self->dealer);
        zsock_destroy (&self->sub);
        hall_mirror_destroy (&self->mirror);
        json_decref (self->held);
        free (self->requests);
        free (self->events);
        free (self->client_id);
        free (self->server_id);
        free (self->server_key);
        zcert_destroy (&self->cert);
        free (self);
        *self_p = NULL;
    }
}

void
hall_session_set_timeout (hall_session_t *self, int timeout_ms, int retries)
{
    assert (self);
    self->timeout = timeout_ms > 0 ? timeout_ms : HALL_REQUEST_TIMEOUT;
    self->retries = retries >= 0 ? retries : 0;
}

const char *
hall_session_client_id (hall_session_t *self)
{
    assert (self);
    return self->client_id;
}

hall_role_t
hall_session_role (hall_session_t *self)
{
    assert (self);
    return self->role;
}

int
hall_session_window (hall_session_t *self)
{
    assert (self);
    return self->window;
}

void
hall_session_on_event (hall_session_t *self, hall_event_fn fn, void *user)
{
    assert (self);
    self->event_fn = fn;
    self->event_user = user;
}

void
hall_session_on_online (hall_session_t *self, hall_online_fn fn, void *user)
{
    assert (self);
    self->online_fn = fn;
    self->online_user = user;
}

hall_mirror_t *
hall_session_mirror (hall_session_t *self)
{
    assert (self);
    return self->mirror;
}

bool
hall_session_key_refused (hall_session_t *self)
{
    return self->key_refused;
}

bool
hall_session_online (hall_session_t *self)
{
    assert (self);
    return self->online;
}

int64_t
hall_session_server_time (hall_session_t *self)
{
    assert (self);
    if (!self->server_time_at)
        return g_get_real_time () / G_USEC_PER_SEC;
    return self->server_time + (s_now () - self->server_time_at) / 1000;
}

/* ---- online -------------------------------------------------------------- */

static void
s_heard (hall_session_t *self)
{
    self->heard_at = s_now ();
    if (!self->online) {
        self->online = true;
        if (self->online_fn)
            self->online_fn (self, true, self->online_user);
    }
}

/* ---- requests ------------------------------------------------------------ */

static int64_t
s_send_as (hall_session_t *self, int64_t req, hall_op_t op, json_t *args,
           hall_reply_fn fn, void *user)
{
    char *frame = hall_request_encode (self->client_id, req, self->role, self->window, op, args);
    if (!frame)
        return -1;
    s_pending_t *pending = calloc (1, sizeof *pending);
    assert (pending);
    pending->req = req;
    pending->frame = frame;
    pending->tries = 1;
    pending->wait = self->timeout;
    pending->deadline = s_now () + pending->wait;
    pending->fn = fn;
    pending->user = user;
    self->pending = g_list_append (self->pending, pending);
    if (req >= self->next_req)
        self->next_req = req + 1;
    s_send_frame (self, frame);
    return req;
}

int64_t
hall_session_send (hall_session_t *self, hall_op_t op, json_t *args,
                   hall_reply_fn fn, void *user)
{
    assert (self);
    return s_send_as (self, self->next_req, op, args, fn, user);
}

static GList *
s_pending_find (hall_session_t *self, int64_t req)
{
    for (GList *link = self->pending; link; link = link->next)
        if (((s_pending_t *) link->data)->req == req)
            return link;
    return NULL;
}

/* Takes the request off the pending list before its callback runs, so the
 * callback may send further requests. */
static void
s_deliver (hall_session_t *self, GList *link, const hall_reply_t *reply)
{
    s_pending_t *pending = link->data;
    self->pending = g_list_delete_link (self->pending, link);
    if (pending->fn)
        pending->fn (self, reply, pending->user);
    s_pending_free (pending);
}

static void
s_handle_reply (hall_session_t *self, zmsg_t *msg)
{
    /* One frame; should a peer add an envelope, the reply is the last. */
    zframe_t *frame = zmsg_last (msg);
    hall_reply_t reply;
    if (!frame || hall_reply_parse (zframe_data (frame), zframe_size (frame), &reply) != 0)
        return;
    GList *link = s_pending_find (self, reply.req);
    if (link)
        s_deliver (self, link, &reply);
    hall_reply_clear (&reply);
}

/* Fires the request timers: a request out of tries gets its timeout reply;
 * any other that is due makes us rebuild the DEALER and send every pending
 * request again on the new socket (replies to the old one are lost). */
static void
s_request_timers (hall_session_t *self, int64_t now)
{
    bool rebuild = false;
    GList *link = self->pending;
    while (link) {
        GList *next = link->next;
        s_pending_t *pending = link->data;
        if (pending->deadline <= now) {
            if (pending->tries > self->retries) {
                hall_reply_t reply = { .req = pending->req, .ok = false,
                                       .error = HALL_E_TIMEOUT };
                snprintf (reply.message, sizeof reply.message, "%s after %d tries",
                          hall_error_text (HALL_E_TIMEOUT), pending->tries);
                self->handshake_ok = false;         /* watch the next handshake */
                s_deliver (self, link, &reply);
                /* The callback may have changed the list: start over.  The
                 * given-up request may still wait in the old socket's queue:
                 * the rebuild drops it (linger 0), so a server that comes
                 * back never acts on a request its client was told failed. */
                next = self->pending;
                rebuild = true;
            }
            else
                rebuild = true;
        }
        link = next;
    }
    if (!rebuild)
        return;
    /* Whatever the old socket still holds goes again on the new one. */
    if (self->dealer)
        zsock_set_linger (self->dealer, 0);
    s_dealer_close (self, &self->dealer);
    self->dealer = s_dealer_new (self, self->requests);
    if (!self->dealer)
        g_warning ("session %s: no socket for the retry: %s", self->client_id,
                   zmq_strerror (zmq_errno ()));
    for (link = self->pending; link; link = link->next) {
        s_pending_t *pending = link->data;
        if (pending->deadline <= now) {
            /* Each try waits twice as long as the one before, up to
             * HALL_REQUEST_BACKOFF times the first: a server busy with the
             * handshakes of every client after a restart is not given up
             * on before it can answer, and is not flooded. */
            pending->tries++;
            pending->wait = MIN (pending->wait * 2, self->timeout * HALL_REQUEST_BACKOFF);
            pending->deadline = now + pending->wait;
        }
        s_send_frame (self, pending->frame);
    }
}

/* ---- events and resync --------------------------------------------------- */

static void
s_emit (hall_session_t *self, json_t *event)
{
    if (self->event_fn)
        self->event_fn (self, event, self->event_user);
}

static void
s_set_server (hall_session_t *self, const char *server_id)
{
    if (server_id && (!self->server_id || strcmp (self->server_id, server_id) != 0)) {
        free (self->server_id);
        self->server_id = strdup (server_id);
    }
}

static void s_snapshot_reply (hall_session_t *session, const hall_reply_t *reply, void *user);

/* Asks for a snapshot, unless one is already on its way; events that come
 * meanwhile are held back. */
static void
s_resync (hall_session_t *self)
{
    if (!self->sub || self->snapshot_req)
        return;
    self->resync_at = 0;
    self->snapshot_req = hall_session_send (self, HALL_OP_SNAPSHOT, NULL, s_snapshot_reply, NULL);
}

/* Applies EVENT; a gap or a resync request starts a resync. */
static void
s_apply (hall_session_t *self, json_t *event)
{
    hall_mirror_result_t result = hall_mirror_apply (self->mirror, event);
    if (result == HALL_MIRROR_APPLIED)
        s_emit (self, event);
    else if (result == HALL_MIRROR_GAP || result == HALL_MIRROR_RESYNC) {
        s_resync (self);
        /* This event may come after the snapshot: keep it. */
        if (self->snapshot_req)
            json_array_append (self->held, event);
    }
}

static void
s_snapshot_reply (hall_session_t *self, const hall_reply_t *reply, void *user)
{
    self->snapshot_req = 0;
    if (!reply->ok || hall_mirror_load (self->mirror, reply->result) != 0) {
        /* Timed out or refused: ask again a little later; events held so
         * far are of no use without a base. */
        json_array_clear (self->held);
        self->resync_at = s_now () + S_RESYNC_PAUSE;
        return;
    }
    s_set_server (self, json_string_value (json_object_get (reply->result, "server")));
    json_t *time = json_object_get (reply->result, "time");
    if (json_is_integer (time)) {
        self->server_time = json_integer_value (time);
        self->server_time_at = s_now ();
    }
    json_t *held = self->held;
    self->held = json_array ();
    s_emit (self, NULL);
    size_t i;
    json_t *event;
    json_array_foreach (held, i, event) {
        if (self->snapshot_req)
            json_array_append (self->held, event);
        else if (json_integer_value (json_object_get (event, "seq")) > hall_mirror_seq (self->mirror))
            s_apply (self, event);
    }
    json_decref (held);
}

static void
s_handle_heartbeat (hall_session_t *self, json_t *beat)
{
    json_t *jtime = json_object_get (beat, "time");
    if (json_is_integer (jtime)) {
        self->server_time = json_integer_value (jtime);
        self->server_time_at = s_now ();
    }
    const char *server_id = json_string_value (json_object_get (beat, "server"));
    bool new_server = server_id && self->server_id && strcmp (server_id, self->server_id) != 0;
    s_set_server (self, server_id);
    if (self->snapshot_req)
        return;
    json_t *jseq = json_object_get (beat, "seq");
    if (!hall_mirror_loaded (self->mirror)) {
        if (!self->resync_at)
            s_resync (self);
    }
    else if (new_server
             || (json_is_integer (jseq) && json_integer_value (jseq) != hall_mirror_seq (self->mirror)))
        /* Ahead: we missed events.  Behind: the server lost its log. */
        s_resync (self);
}

static void
s_handle_event (hall_session_t *self, zmsg_t *msg)
{
    if (zmsg_size (msg) != 2)
        return;
    zframe_t *topic = zmsg_first (msg);
    zframe_t *body = zmsg_next (msg);
    json_t *json = json_loadb ((const char *) zframe_data (body), zframe_size (body), 0, NULL);
    if (!json_is_object (json)) {
        json_decref (json);
        return;
    }
    if (zframe_streq (topic, "heartbeat"))
        s_handle_heartbeat (self, json);
    else if (zframe_streq (topic, "event")) {
        if (self->snapshot_req) {
            if (json_array_size (self->held) < S_BUFFER_MAX)
                json_array_append (self->held, json);
            /* Past the limit the next event after the load shows a gap. */
        }
        else if (hall_mirror_loaded (self->mirror))
            s_apply (self, json);
    }
    json_decref (json);
}

/* ---- pumping ------------------------------------------------------------- */

/* Monotonic ms of the nearest timer, or INT64_MAX. */
static int64_t
s_next_timer (hall_session_t *self)
{
    int64_t next = INT64_MAX;
    for (GList *link = self->pending; link; link = link->next)
        next = MIN (next, ((s_pending_t *) link->data)->deadline);
    if (self->online)
        next = MIN (next, self->heard_at + HALL_OFFLINE_MS);
    if (self->resync_at)
        next = MIN (next, self->resync_at);
    return next;
}

static void
s_run_timers (hall_session_t *self)
{
    int64_t now = s_now ();
    s_request_timers (self, now);
    if (self->online && now - self->heard_at >= HALL_OFFLINE_MS) {
        self->online = false;
        if (self->online_fn)
            self->online_fn (self, false, self->online_user);
    }
    if (self->resync_at && self->resync_at <= now)
        s_resync (self);
}

static bool
s_readable (zsock_t *sock)
{
    return sock && (zsock_events (sock) & ZMQ_POLLIN);
}

/* The handshake outcomes the monitor reported.  A refused key fails every
 * request waiting now at once, with key_refused (not a timeout many
 * seconds later: no retry can help until the key is enrolled); a handshake
 * that succeeds again (the key was enrolled meanwhile) clears it. */
static void
s_monitor_drain (hall_session_t *self)
{
    bool refused = false;
    for (int count = 0; count < S_DRAIN_MAX && s_readable (self->monitor); count++) {
        zmsg_t *msg = zmsg_recv (self->monitor);
        if (!msg)
            break;
        zframe_t *head = zmsg_first (msg);
        if (head && zframe_size (head) >= 6) {
            uint16_t event;
            memcpy (&event, zframe_data (head), sizeof event);
            if (event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
                refused = true;
                self->handshake_ok = false;
            }
            else if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
                refused = false;
                self->key_refused = false;
                self->handshake_ok = true;
            }
        }
        zmsg_destroy (&msg);
    }
    if (!refused)
        return;
    if (!self->key_refused)
        g_message ("the server at %s refused this device's key: it is not enrolled (or was revoked)",
                   self->requests);
    self->key_refused = true;
    /* Only the requests waiting now: a callback may send new ones. */
    GArray *reqs = g_array_new (FALSE, FALSE, sizeof (int64_t));
    for (GList *link = self->pending; link; link = link->next)
        g_array_append_val (reqs, ((s_pending_t *) link->data)->req);
    for (guint i = 0; i < reqs->len; i++) {
        GList *link = s_pending_find (self, g_array_index (reqs, int64_t, i));
        if (!link)
            continue;
        hall_reply_t reply = { .req = g_array_index (reqs, int64_t, i), .ok = false,
                               .error = HALL_E_KEY_REFUSED };
        snprintf (reply.message, sizeof reply.message, "%s", hall_error_text (HALL_E_KEY_REFUSED));
        s_deliver (self, link, &reply);
    }
    g_array_free (reqs, TRUE);
}

/* Reads what is ready on both sockets, at most S_DRAIN_MAX from each.
 * zmsg_recv does not block here: ZMQ_EVENTS said a whole message waits. */
static void
s_drain (hall_session_t *self)
{
    s_monitor_drain (self);
    for (int count = 0; count < S_DRAIN_MAX && s_readable (self->dealer); count++) {
        zmsg_t *msg = zmsg_recv (self->dealer);
        if (!msg)
            break;
        s_heard (self);
        s_handle_reply (self, msg);
        zmsg_destroy (&msg);
    }
    for (int count = 0; count < S_DRAIN_MAX && s_readable (self->sub); count++) {
        zmsg_t *msg = zmsg_recv (self->sub);
        if (!msg)
            break;
        s_heard (self);
        s_handle_event (self, msg);
        zmsg_destroy (&msg);
    }
}

int
hall_session_pump (hall_session_t *self, int timeout_ms)
{
    assert (self);
    int64_t now = s_now ();
    int64_t next = s_next_timer (self);
    int64_t wait = timeout_ms < 0 ? INT64_MAX : timeout_ms;
    if (next != INT64_MAX)
        wait = MIN (wait, MAX (next - now, 0));
    zmq_pollitem_t items[3];
    int count = 0;
    if (self->monitor)
        items[count++] = (zmq_pollitem_t) { zsock_resolve (self->monitor), 0, ZMQ_POLLIN, 0 };
    if (self->dealer)
        items[count++] = (zmq_pollitem_t) { zsock_resolve (self->dealer), 0, ZMQ_POLLIN, 0 };
    if (self->sub)
        items[count++] = (zmq_pollitem_t) { zsock_resolve (self->sub), 0, ZMQ_POLLIN, 0 };
    int rc = zmq_poll (items, count, wait == INT64_MAX ? -1 : (long) wait);
    if (rc < 0 && errno == EINTR)
        return -1;
    s_drain (self);
    s_run_timers (self);
    return 0;
}

/* ---- for a main loop (session-loop.c) ------------------------------------ */

int64_t
hall_session_send_as (hall_session_t *self, int64_t req, hall_op_t op, json_t *args,
                      hall_reply_fn fn, void *user)
{
    assert (self);
    return s_send_as (self, req, op, args, fn, user);
}

void
hall_session_forget (hall_session_t *self, int64_t req)
{
    GList *link = s_pending_find (self, req);
    if (link) {
        s_pending_free (link->data);
        self->pending = g_list_delete_link (self->pending, link);
    }
}

bool
hall_session_ready (hall_session_t *self)
{
    return s_readable (self->dealer) || s_readable (self->sub) || s_readable (self->monitor)
           || s_next_timer (self) <= s_now ();
}

int64_t
hall_session_wait_ms (hall_session_t *self)
{
    int64_t next = s_next_timer (self);
    return next == INT64_MAX ? -1 : MAX (next - s_now (), 0);
}

int
hall_session_dealer_fd (hall_session_t *self)
{
    return self->dealer ? zsock_fd (self->dealer) : -1;
}

int64_t
hall_session_next_req (hall_session_t *self)
{
    return self->next_req;
}

int
hall_session_sub_fd (hall_session_t *self)
{
    return self->sub ? zsock_fd (self->sub) : -1;
}
