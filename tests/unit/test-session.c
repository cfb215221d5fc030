/*  test-session.c — the client session (common/session.h) against a fake
 *  server made here: a ROUTER and a PUB on 127.0.0.1 ephemeral ports.
 *  Retries with the same request number, the timeout reply, online and
 *  offline from heartbeats, and resync on a heartbeat ahead, a gap and a
 *  new server instance.
 */
#include <czmq.h>
#include <glib.h>
#include <string.h>

#include "session.h"

typedef struct {
    zsock_t *router;        /* the fake server's request socket */
    zsock_t *pub;           /* its event socket */
    zframe_t *identity;     /* routing id of the last request received */
} fake_t;

static fake_t *
s_fake_new (void)
{
    fake_t *fake = g_new0 (fake_t, 1);
    fake->router = zsock_new_router ("tcp://127.0.0.1:*");
    fake->pub = zsock_new_pub ("tcp://127.0.0.1:*");
    g_assert_nonnull (fake->router);
    g_assert_nonnull (fake->pub);
    zsock_set_linger (fake->router, 0);
    zsock_set_linger (fake->pub, 0);
    return fake;
}

static void
s_fake_destroy (fake_t **fake_p)
{
    fake_t *fake = *fake_p;
    zframe_destroy (&fake->identity);
    zsock_destroy (&fake->router);
    zsock_destroy (&fake->pub);
    g_free (fake);
    *fake_p = NULL;
}

/* Pumps SESSION until the fake receives a request or TIMEOUT_MS pass.
 * Returns true and fills REQ when one came. */
static bool
s_fake_recv (fake_t *fake, hall_session_t *session, int timeout_ms, hall_request_t *req)
{
    gint64 end = g_get_monotonic_time () + timeout_ms * 1000;
    while (g_get_monotonic_time () < end) {
        if (zsock_events (fake->router) & ZMQ_POLLIN) {
            zmsg_t *msg = zmsg_recv (fake->router);
            g_assert_cmpint (zmsg_size (msg), ==, 2);
            zframe_destroy (&fake->identity);
            fake->identity = zmsg_pop (msg);
            zframe_t *frame = zmsg_first (msg);
            char errbuf[256];
            hall_error_t rc = hall_request_parse (zframe_data (frame), zframe_size (frame),
                                                  req, errbuf, sizeof errbuf);
            g_assert_cmpint (rc, ==, HALL_OK);
            zmsg_destroy (&msg);
            return true;
        }
        hall_session_pump (session, 5);
    }
    return false;
}

/* Answers the last request's sender with RESULT (stolen). */
static void
s_fake_reply (fake_t *fake, int64_t req, json_t *result)
{
    char *text = hall_reply_encode_ok (req, result);
    zframe_send (&fake->identity, fake->router, ZFRAME_MORE | ZFRAME_REUSE);
    zstr_send (fake->router, text);
    free (text);
}

static void
s_fake_publish (fake_t *fake, const char *topic, json_t *body /* stolen */)
{
    char *text = json_dumps (body, JSON_COMPACT);
    zstr_sendx (fake->pub, topic, text, NULL);
    free (text);
    json_decref (body);
}

static json_t *
s_heartbeat (int64_t seq, const char *server)
{
    return json_pack ("{s:I, s:i, s:s, s:s}", "seq", (json_int_t) seq, "time", 1000000000,
                      "server", server, "day", "2026-11-27");
}

static json_t *
s_snapshot (int64_t seq, const char *server)
{
    return json_pack ("{s:I, s:s, s:i, s:s, s:{s:s}, s:[], s:[], s:[], s:[]}",
                      "seq", (json_int_t) seq, "server", server, "time", 1000000000,
                      "day", "2026-11-27", "hall", "name", "test",
                      "categories", "windows", "tickets", "calls");
}

static void
s_pump_for (hall_session_t *session, int ms)
{
    gint64 end = g_get_monotonic_time () + ms * 1000;
    while (g_get_monotonic_time () < end)
        hall_session_pump (session, 10);
}

/* ---- requests ------------------------------------------------------------ */

typedef struct {
    int          replies;
    hall_reply_t last;
} replies_t;

static void
s_on_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    replies_t *replies = user;
    replies->replies++;
    hall_reply_clear (&replies->last);
    replies->last = *reply;
    json_incref (replies->last.result);
}

static void
test_retry_same_req (void)
{
    fake_t *fake = s_fake_new ();
    hall_session_t *session = hall_session_new (zsock_endpoint (fake->router), NULL,
                                                HALL_ROLE_KIOSK, 0, NULL);
    g_assert_nonnull (session);
    g_assert_true (g_str_has_prefix (hall_session_client_id (session), "kiosk-0-"));
    hall_session_set_timeout (session, 200, 3);
    g_assert_false (hall_session_online (session));

    replies_t replies = { 0 };
    json_t *args = json_pack ("{s:s}", "category", "A");
    int64_t req = hall_session_send (session, HALL_OP_ISSUE, args, s_on_reply, &replies);
    json_decref (args);
    g_assert_cmpint (req, >=, 1);

    /* First try: ignored by the fake. */
    hall_request_t first;
    g_assert_true (s_fake_recv (fake, session, 1000, &first));
    g_assert_cmpint (first.req, ==, req);
    g_assert_cmpint (first.op, ==, HALL_OP_ISSUE);
    g_assert_cmpstr (first.client, ==, hall_session_client_id (session));
    hall_request_clear (&first);

    /* Second try, on a new socket, same number: answered twice, and once
     * with a number nobody asked for. */
    hall_request_t second;
    g_assert_true (s_fake_recv (fake, session, 1000, &second));
    g_assert_cmpint (second.req, ==, req);
    g_assert_cmpstr (json_string_value (json_object_get (second.args, "category")), ==, "A");
    hall_request_clear (&second);
    s_fake_reply (fake, req + 100, json_pack ("{s:s}", "note", "not ours"));
    s_fake_reply (fake, req, json_pack ("{s:i}", "ahead", 3));
    s_fake_reply (fake, req, json_pack ("{s:i}", "ahead", 4));

    s_pump_for (session, 800);
    g_assert_cmpint (replies.replies, ==, 1);
    g_assert_true (replies.last.ok);
    g_assert_cmpint (replies.last.req, ==, req);
    g_assert_cmpint (json_integer_value (json_object_get (replies.last.result, "ahead")), ==, 3);
    g_assert_true (hall_session_online (session));
    hall_reply_clear (&replies.last);

    /* No third try after the answer. */
    hall_request_t third;
    g_assert_false (s_fake_recv (fake, session, 500, &third));

    hall_session_destroy (&session);
    g_assert_null (session);
    s_fake_destroy (&fake);
}

static void
test_timeout (void)
{
    fake_t *fake = s_fake_new ();
    hall_session_t *session = hall_session_new (zsock_endpoint (fake->router), NULL,
                                                HALL_ROLE_COUNTER, 3, "desk-3");
    hall_session_set_timeout (session, 100, 2);
    g_assert_cmpstr (hall_session_client_id (session), ==, "desk-3");
    g_assert_cmpint (hall_session_window (session), ==, 3);
    g_assert_cmpint (hall_session_role (session), ==, HALL_ROLE_COUNTER);

    hall_reply_t reply;
    json_t *args = json_pack ("{s:i}", "window", 3);
    gint64 start = g_get_monotonic_time ();
    hall_error_t rc = hall_session_call_as (session, 77, HALL_OP_CALL, args, &reply);
    gint64 took = (g_get_monotonic_time () - start) / 1000;
    json_decref (args);
    g_assert_cmpint (rc, ==, HALL_E_TIMEOUT);
    g_assert_false (reply.ok);
    g_assert_cmpint (reply.error, ==, HALL_E_TIMEOUT);
    g_assert_cmpint (reply.req, ==, 77);
    g_assert_null (reply.result);
    g_assert_cmpint (took, >=, 690);      /* 100 + 200 + 400 ms: each retry waits twice as long */
    g_assert_cmpint (took, <, 2000);
    hall_reply_clear (&reply);

    /* The fake got three tries, each numbered 77, with the counter's window. */
    for (int i = 0; i < 3; i++) {
        hall_request_t req;
        g_assert_true (s_fake_recv (fake, session, 500, &req));
        g_assert_cmpint (req.req, ==, 77);
        g_assert_cmpint (req.window, ==, 3);
        hall_request_clear (&req);
    }
    hall_session_destroy (&session);
    s_fake_destroy (&fake);
}

static void
test_error_reply (void)
{
    fake_t *fake = s_fake_new ();
    hall_session_t *session = hall_session_new (zsock_endpoint (fake->router), NULL,
                                                HALL_ROLE_ADMIN, 0, NULL);
    hall_session_set_timeout (session, 300, 1);
    /* An error reply reaches the callback with its code and message. */
    replies_t replies = { 0 };
    int64_t req = hall_session_send (session, HALL_OP_SNAPSHOT, NULL, s_on_reply, &replies);
    hall_request_t got;
    g_assert_true (s_fake_recv (fake, session, 1000, &got));
    hall_request_clear (&got);
    zframe_t *identity = zframe_dup (fake->identity);
    char *text = hall_reply_encode_error (req, HALL_E_FORBIDDEN, "no");
    zframe_send (&identity, fake->router, ZFRAME_MORE);
    zstr_send (fake->router, text);
    free (text);
    s_pump_for (session, 200);
    g_assert_cmpint (replies.replies, ==, 1);
    g_assert_false (replies.last.ok);
    g_assert_cmpint (replies.last.error, ==, HALL_E_FORBIDDEN);
    g_assert_cmpstr (replies.last.message, ==, "no");
    hall_session_destroy (&session);
    s_fake_destroy (&fake);
}

/* ---- events -------------------------------------------------------------- */

typedef struct {
    int changes;            /* online callbacks */
    bool online;            /* last value */
    gint64 offline_at;      /* monotonic us of the last "offline" */
    int loads;              /* event callbacks with NULL */
    int events;             /* event callbacks with an event */
} watch_t;

static void
s_on_online (hall_session_t *session, bool online, void *user)
{
    watch_t *watch = user;
    watch->changes++;
    watch->online = online;
    if (!online)
        watch->offline_at = g_get_monotonic_time ();
}

static void
s_on_event (hall_session_t *session, json_t *event, void *user)
{
    watch_t *watch = user;
    if (event)
        watch->events++;
    else
        watch->loads++;
}

static hall_session_t *
s_events_session (fake_t *fake, watch_t *watch)
{
    hall_session_t *session = hall_session_new (zsock_endpoint (fake->router),
                                                zsock_endpoint (fake->pub),
                                                HALL_ROLE_DISPLAY, 0, NULL);
    g_assert_nonnull (session);
    hall_session_set_timeout (session, 500, 5);
    hall_session_on_online (session, s_on_online, watch);
    hall_session_on_event (session, s_on_event, watch);
    return session;
}

/* True once a heartbeat arrived: the server time is the fake's, not ours. */
static bool
s_heard_beat (hall_session_t *session)
{
    return hall_session_server_time (session) < 1100000000;
}

/* Publishes heartbeats every 50 ms until the session is online and has
 * heard one (the SUB joins a little after connect). */
static void
s_beat_until_online (fake_t *fake, hall_session_t *session, int64_t seq, const char *server)
{
    gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
    while ((!hall_session_online (session) || !s_heard_beat (session))
           && g_get_monotonic_time () < end) {
        s_fake_publish (fake, "heartbeat", s_heartbeat (seq, server));
        s_pump_for (session, 50);
    }
    g_assert_true (hall_session_online (session));
}

static void
test_online_offline (void)
{
    fake_t *fake = s_fake_new ();
    watch_t watch = { 0 };
    hall_session_t *session = s_events_session (fake, &watch);
    g_assert_false (hall_session_online (session));

    /* A new session asks for a snapshot at once; leave it unanswered so
     * only heartbeats count here. */
    hall_request_t req;
    g_assert_true (s_fake_recv (fake, session, 1000, &req));
    g_assert_cmpint (req.op, ==, HALL_OP_SNAPSHOT);
    hall_request_clear (&req);

    s_beat_until_online (fake, session, 0, "s1");
    g_assert_cmpint (watch.changes, ==, 1);
    g_assert_true (watch.online);
    g_assert_cmpint (hall_session_server_time (session), >=, 1000000000);
    g_assert_cmpint (hall_session_server_time (session), <=, 1000000001);

    /* Heartbeats go on for a second: still online, no new callback. */
    for (int i = 0; i < 10; i++) {
        s_fake_publish (fake, "heartbeat", s_heartbeat (0, "s1"));
        s_pump_for (session, 100);
    }
    g_assert_true (hall_session_online (session));
    g_assert_cmpint (watch.changes, ==, 1);

    /* They stop.  Offline about HALL_OFFLINE_MS later.  The session's own
     * snapshot retries must not make it look online: only the server's
     * messages count. */
    gint64 last = g_get_monotonic_time ();
    for (gint64 until = last + (HALL_OFFLINE_MS + 6000) * 1000;
         hall_session_online (session) && g_get_monotonic_time () < until; )
        s_pump_for (session, 100);
    g_assert_false (hall_session_online (session));
    g_assert_cmpint (watch.changes, ==, 2);
    gint64 after = (watch.offline_at - last) / 1000;
    /* Never before HALL_OFFLINE_MS; after it, as soon as the loop runs:
     * on a busy machine that may be a while, so the upper bound is wide. */
    g_assert_cmpint (after, >=, HALL_OFFLINE_MS - 200);
    g_assert_cmpint (after, <=, HALL_OFFLINE_MS + 5000);

    /* And back. */
    s_beat_until_online (fake, session, 0, "s1");
    g_assert_cmpint (watch.changes, ==, 3);
    hall_session_destroy (&session);
    s_fake_destroy (&fake);
}

/* Answers every snapshot request with a snapshot at SEQ; returns how many. */
static int
s_answer_snapshots (fake_t *fake, hall_session_t *session, int64_t seq, const char *server,
                    int wait_ms)
{
    int count = 0;
    hall_request_t req;
    while (s_fake_recv (fake, session, wait_ms, &req)) {
        g_assert_cmpint (req.op, ==, HALL_OP_SNAPSHOT);
        s_fake_reply (fake, req.req, s_snapshot (seq, server));
        hall_request_clear (&req);
        count++;
    }
    return count;
}

static json_t *
s_event (int64_t seq)
{
    return json_pack ("{s:I, s:i, s:s, s:{s:s, s:i, s:b}}", "seq", (json_int_t) seq,
                      "time", 1000000000, "type", "category.closed",
                      "category", "code", "A", "position", 1, "open", 0);
}

static void
test_resync (void)
{
    fake_t *fake = s_fake_new ();
    watch_t watch = { 0 };
    hall_session_t *session = s_events_session (fake, &watch);
    hall_mirror_t *mirror = hall_session_mirror (session);

    /* The first snapshot: seq 3. */
    g_assert_cmpint (s_answer_snapshots (fake, session, 3, "s1", 500), ==, 1);
    g_assert_true (hall_mirror_loaded (mirror));
    g_assert_cmpint (hall_mirror_seq (mirror), ==, 3);
    g_assert_cmpint (watch.loads, ==, 1);
    s_beat_until_online (fake, session, 3, "s1");
    /* Heartbeats in step with the mirror ask for nothing. */
    hall_request_t req;
    g_assert_false (s_fake_recv (fake, session, 300, &req));

    /* Event 4 applies. */
    s_fake_publish (fake, "event", s_event (4));
    s_pump_for (session, 100);
    g_assert_cmpint (hall_mirror_seq (mirror), ==, 4);
    g_assert_cmpint (watch.events, ==, 1);
    g_assert_nonnull (hall_mirror_category (mirror, "A"));

    /* A heartbeat ahead of the mirror (we missed 5 and 6): a snapshot. */
    s_fake_publish (fake, "heartbeat", s_heartbeat (6, "s1"));
    g_assert_true (s_fake_recv (fake, session, 1000, &req));
    g_assert_cmpint (req.op, ==, HALL_OP_SNAPSHOT);
    /* Events 6 and 7 come while it is pending: held back.  The snapshot
     * reflects 6, so 6 is dropped as stale and 7 applied. */
    s_fake_publish (fake, "event", s_event (6));
    s_fake_publish (fake, "event", s_event (7));
    s_pump_for (session, 100);
    g_assert_cmpint (hall_mirror_seq (mirror), ==, 4);
    s_fake_reply (fake, req.req, s_snapshot (6, "s1"));
    hall_request_clear (&req);
    s_pump_for (session, 100);
    g_assert_cmpint (watch.loads, ==, 2);
    g_assert_cmpint (hall_mirror_seq (mirror), ==, 7);
    g_assert_cmpint (watch.events, ==, 2);

    /* A gap in the events (9 after 7): a snapshot. */
    s_fake_publish (fake, "event", s_event (9));
    g_assert_cmpint (s_answer_snapshots (fake, session, 9, "s1", 300), ==, 1);
    g_assert_cmpint (hall_mirror_seq (mirror), ==, 9);
    g_assert_cmpint (watch.loads, ==, 3);

    /* A new server instance (restarted) at a lower seq: a snapshot. */
    s_fake_publish (fake, "heartbeat", s_heartbeat (2, "s2"));
    g_assert_cmpint (s_answer_snapshots (fake, session, 2, "s2", 300), ==, 1);
    g_assert_cmpint (hall_mirror_seq (mirror), ==, 2);
    g_assert_cmpint (watch.loads, ==, 4);

    /* day.changed: a snapshot. */
    json_t *event = json_pack ("{s:i, s:i, s:s}", "seq", 3, "time", 1764290000, "type", "day.changed");
    s_fake_publish (fake, "event", event);
    g_assert_cmpint (s_answer_snapshots (fake, session, 3, "s2", 300), ==, 1);
    g_assert_cmpint (hall_mirror_seq (mirror), ==, 3);
    g_assert_cmpint (watch.loads, ==, 5);

    hall_session_destroy (&session);
    s_fake_destroy (&fake);
}

/* ---- GLib source --------------------------------------------------------- */

static void
test_source (void)
{
    fake_t *fake = s_fake_new ();
    watch_t watch = { 0 };
    hall_session_t *session = s_events_session (fake, &watch);
    hall_session_set_timeout (session, 300, 5);
    GMainContext *context = g_main_context_new ();
    GSource *source = hall_session_source_new (session);
    g_source_attach (source, context);

    /* The main context alone drives the session: the retry timer, the
     * reply, and a burst of events larger than one drain batch. */
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    bool answered = false;
    int tries = 0;
    int published = 0;
    while (g_get_monotonic_time () < end) {
        /* Every try but the first is answered until one reply lands (a
         * reply to a DEALER already replaced is lost, as on a network). */
        while (!hall_mirror_loaded (hall_session_mirror (session))
               && (zsock_events (fake->router) & ZMQ_POLLIN)) {
            zmsg_t *msg = zmsg_recv (fake->router);
            if (++tries == 1) {
                /* The first try goes unanswered: the retry comes on a new
                 * DEALER, whose ZMQ_FD the source must follow. */
                zmsg_destroy (&msg);
                continue;
            }
            zframe_t *identity = zmsg_pop (msg);
            zframe_t *frame = zmsg_first (msg);
            hall_request_t req;
            char errbuf[128];
            g_assert_cmpint (hall_request_parse (zframe_data (frame), zframe_size (frame),
                                                 &req, errbuf, sizeof errbuf), ==, HALL_OK);
            char *text = hall_reply_encode_ok (req.req, s_snapshot (0, "s1"));
            zframe_send (&identity, fake->router, ZFRAME_MORE);
            zstr_send (fake->router, text);
            free (text);
            hall_request_clear (&req);
            zmsg_destroy (&msg);
            answered = true;
        }
        if (hall_mirror_loaded (hall_session_mirror (session)) && published == 0) {
            /* Heartbeats until the SUB has joined, then 600 events. */
            s_fake_publish (fake, "heartbeat", s_heartbeat (0, "s1"));
            if (s_heard_beat (session)) {
                for (int seq = 1; seq <= 600; seq++)
                    s_fake_publish (fake, "event", s_event (seq));
                published = 600;
            }
        }
        if (published && hall_mirror_seq (hall_session_mirror (session)) == 600)
            break;
        /* Not blocking: the fake shares this thread and must answer a
         * try before its DEALER is replaced. */
        g_main_context_iteration (context, FALSE);
        g_usleep (1000);
    }
    g_assert_true (answered);
    g_assert_cmpint (tries, ==, 2);
    g_assert_cmpint (hall_mirror_seq (hall_session_mirror (session)), ==, 600);
    g_assert_cmpint (watch.events, ==, 600);

    g_source_destroy (source);
    g_source_unref (source);
    g_main_context_unref (context);
    hall_session_destroy (&session);
    s_fake_destroy (&fake);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/session/retry-same-req", test_retry_same_req);
    g_test_add_func ("/session/timeout", test_timeout);
    g_test_add_func ("/session/error-reply", test_error_reply);
    g_test_add_func ("/session/online-offline", test_online_offline);
    g_test_add_func ("/session/resync", test_resync);
    g_test_add_func ("/session/source", test_source);
    return g_test_run ();
}
