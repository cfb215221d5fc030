/*  it-gap.c — a subscriber stopped (SIGSTOP) while more events than the
 *  high-water mark pass loses some of them; on SIGCONT it sees the gap and
 *  resyncs to the correct state.  Also: malformed input against a live
 *  server leaves it up, answered, and unchanged.
 */
#include "harness.h"
#include "session.h"
#include <czmq.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#define MORNING ((gint64) 1795741200)

/* Twelve categories of 999 tickets a day each, served by one window. */
static char *
s_big_hall (void)
{
    GString *text = g_string_new ("[hall]\nname=压力测试大厅\ntimezone=Asia/Shanghai\n");
    for (int i = 0; i < 12; i++)
        g_string_append_printf (text, "[category c%d]\nprefix=%c\nname=类别%d\ndaily_cap=999\n",
                                i, 'A' + i, i);
    g_string_append (text, "[window 1]\nprimary=c0\n");
    return g_string_free (text, FALSE);
}

static json_t *
s_probe_state (const char *path)
{
    return json_load_file (path, 0, NULL);
}

static void
s_wait_replies (hall_session_t *session, int *pending)
{
    for (int i = 0; i < 2000 && *pending > 0; i++)
        hall_session_pump (session, 50);
    g_assert_cmpint (*pending, ==, 0);
}

static void
s_on_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    int *pending = user;
    g_assert_true (reply->ok);
    (*pending)--;
}

static void
test_gap_resync (void)
{
    g_autofree char *config = s_big_hall ();
    server_t *server = server_start (config, MORNING);
    g_autofree char *probe = harness_program ("tests/tools/hall-probe");
    g_autofree char *state_path = g_build_filename (server->dir, "probe.json", NULL);
    const char *argv[] = { probe, server->requests, server->events, state_path, NULL };
    GPid pid;
    GError *error = NULL;
    g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
    g_assert_no_error (error);

    /* Wait until the probe is online with a loaded mirror. */
    json_t *state = NULL;
    for (int i = 0; i < 100; i++) {
        g_usleep (100000);
        json_decref (state);
        state = s_probe_state (state_path);
        if (state && json_is_true (json_object_get (state, "online"))
            && json_integer_value (json_object_get (state, "resyncs")) >= 1)
            break;
    }
    g_assert_nonnull (state);
    g_assert_true (json_is_true (json_object_get (state, "online")));
    int resyncs_before = (int) json_integer_value (json_object_get (state, "resyncs"));
    json_decref (state);

    kill (pid, SIGSTOP);
    /* 10,000 events (the PUB high-water mark is 1,000), sent as fast as
     * the server takes them. */
    hall_session_t *kiosk = hall_session_new (server->requests, NULL, HALL_ROLE_KIOSK, 0, NULL);
    hall_session_set_timeout (kiosk, 5000, 3);
    int pending = 0;
    for (int i = 0; i < 10000; i++) {
        char category[8];
        snprintf (category, sizeof category, "c%d", i % 12);
        json_t *args = json_pack ("{s:s}", "category", category);
        hall_session_send (kiosk, HALL_OP_ISSUE, args, s_on_reply, &pending);
        json_decref (args);
        pending++;
        if (pending >= 500)
            s_wait_replies (kiosk, &pending);
    }
    s_wait_replies (kiosk, &pending);
    gint64 last_seq = db_int (server, "SELECT max(seq) FROM event");
    g_test_message ("server at seq %" G_GINT64_FORMAT, last_seq);
    kill (pid, SIGCONT);

    /* The probe must notice the gap, resync, and equal a fresh snapshot. */
    gboolean matched = FALSE;
    for (int i = 0; i < 400 && !matched; i++) {
        g_usleep (100000);
        state = s_probe_state (state_path);
        if (state && json_integer_value (json_object_get (state, "seq")) == last_seq) {
            hall_reply_t reply;
            hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
            g_assert_cmpint (hall_session_call (admin, HALL_OP_SNAPSHOT, NULL, &reply), ==, HALL_OK);
            matched = harness_matches_snapshot (json_incref (json_object_get (state, "dump")),
                                                reply.result, TRUE);
            g_assert_cmpint (json_integer_value (json_object_get (state, "resyncs")), >, resyncs_before);
            g_test_message ("probe resynced %d time(s) after the gap",
                            (int) json_integer_value (json_object_get (state, "resyncs")) - resyncs_before);
            hall_reply_clear (&reply);
            hall_session_destroy (&admin);
        }
        json_decref (state);
    }
    g_assert_true (matched);
    kill (pid, SIGTERM);
    waitpid (pid, NULL, 0);
    hall_session_destroy (&kiosk);
    server_free (server);
}

/* ---- a desk cut off for 30 s ----------------------------------------------- */

/* A desk (in a process of its own) sends "call" and is frozen at once for
 * 30 s while 300 events flow.  On thaw it must resync, and its call must
 * have happened exactly once, reported to it once. */
static void
test_desk_frozen_30s (void)
{
    server_t *server = server_start (NULL, MORNING);
    int status;
    g_free (hallctl (server, &status, "signin", "1", "1001", NULL));
    g_free (hallctl (server, &status, "issue", "business", NULL));
    g_assert_cmpint (status, ==, 0);
    g_autofree char *probe = harness_program ("tests/tools/hall-probe");
    g_autofree char *state_path = g_build_filename (server->dir, "desk.json", NULL);
    const char *argv[] = { probe, server->requests, server->events, state_path, "1", NULL };
    GPid pid;
    GError *error = NULL;
    g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
    g_assert_no_error (error);
    json_t *state = NULL;
    for (int i = 0; i < 100; i++) {
        g_usleep (100000);
        json_decref (state);
        state = s_probe_state (state_path);
        if (state && json_is_true (json_object_get (state, "online")))
            break;
    }
    g_assert_true (json_is_true (json_object_get (state, "online")));
    json_decref (state);

    kill (pid, SIGUSR1);
    g_usleep (30000);
    kill (pid, SIGSTOP);
    hall_session_t *kiosk = hall_session_new (server->requests, NULL, HALL_ROLE_KIOSK, 0, NULL);
    gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    int issued = 0;
    while (g_get_monotonic_time () < until) {
        if (issued < 300) {
            json_t *args = json_pack ("{s:s}", "category", issued % 2 ? "general" : "deregister");
            hall_reply_t reply;
            g_assert_cmpint (hall_session_call (kiosk, HALL_OP_ISSUE, args, &reply), ==, HALL_OK);
            hall_reply_clear (&reply);
            json_decref (args);
            issued++;
        }
        else
            g_usleep (100000);
    }
    kill (pid, SIGCONT);

    gboolean matched = FALSE;
    for (int i = 0; i < 400 && !matched; i++) {
        g_usleep (100000);
        state = s_probe_state (state_path);
        json_t *action = json_object_get (state, "action");
        if (state && g_strcmp0 (json_string_value (json_object_get (action, "state")), "ok") == 0
            && json_integer_value (json_object_get (state, "seq")) == db_int (server, "SELECT max(seq) FROM event")) {
            hall_reply_t reply;
            hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
            g_assert_cmpint (hall_session_call (admin, HALL_OP_SNAPSHOT, NULL, &reply), ==, HALL_OK);
            matched = harness_matches_snapshot (json_incref (json_object_get (state, "dump")), reply.result, FALSE);
            hall_reply_clear (&reply);
            hall_session_destroy (&admin);
            if (matched) {
                g_assert_cmpstr (json_string_value (json_object_get (action, "number")), ==, "A001");
                g_assert_cmpint (json_integer_value (json_object_get (action, "replies")), ==, 1);
            }
        }
        json_decref (state);
    }
    g_assert_true (matched);
    /* Done exactly once. */
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM event WHERE type = 'ticket.called'"), ==, 1);
    g_assert_cmpint (db_int (server, "SELECT calls FROM ticket WHERE number = 'A001'"), ==, 1);
    kill (pid, SIGTERM);
    waitpid (pid, NULL, 0);
    hall_session_destroy (&kiosk);
    server_free (server);
}

/* ---- malformed input ------------------------------------------------------ */

static json_t *
s_snapshot (server_t *server)
{
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    hall_reply_t reply;
    g_assert_cmpint (hall_session_call (admin, HALL_OP_SNAPSHOT, NULL, &reply), ==, HALL_OK);
    json_t *snapshot = json_incref (reply.result);
    json_object_del (snapshot, "time");
    hall_reply_clear (&reply);
    hall_session_destroy (&admin);
    return snapshot;
}

static void
test_malformed_input (void)
{
    server_t *server = server_start (NULL, MORNING);
    /* Some state to keep unchanged. */
    int status;
    g_free (hallctl (server, &status, "issue", "business", NULL));
    g_assert_cmpint (status, ==, 0);
    g_free (hallctl (server, &status, "signin", "1", "1001", NULL));
    g_free (hallctl (server, &status, "call", "1", NULL));
    g_assert_cmpint (status, ==, 0);
    json_t *before = s_snapshot (server);

    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    harness_secure (dealer);
    g_assert_cmpint (zsock_connect (dealer, "%s", server->requests), ==, 0);
    zsock_set_rcvtimeo (dealer, 2000);
    /* Bases that no mutation can turn into a permitted change: a display
     * may not write, and unknown operations do nothing. */
    const char *bases[] = {
        "{\"client\":\"x\",\"req\":5,\"role\":\"display\",\"op\":\"issue\",\"args\":{\"category\":\"A\"}}",
        "{\"client\":\"x\",\"req\":6,\"role\":\"display\",\"op\":\"call\",\"args\":{\"window\":1}}",
        "{\"client\":\"x\",\"req\":7,\"role\":\"display\",\"op\":\"window.map\",\"args\":{\"window\":1,\"primary\":[\"b\"]}}",
        "{\"client\":\"x\",\"req\":8,\"role\":\"admin\",\"op\":\"issue\",\"args\":{\"category\":7}}",
        "{\"client\":\"x\",\"req\":9,\"role\":\"admin\",\"op\":\"transfer\",\"args\":{\"window\":\"1\",\"to_window\":2}}",
        "{\"client\":\"x\",\"req\":10,\"role\":\"admin\",\"op\":\"call\",\"args\":{\"window\":1,\"x\":[]}}",
    };
    GRand *rand = g_rand_new_with_seed (99);
    int sent = 0, answered = 0, errors = 0;
    for (int round = 0; round < 5000; round++) {
        const char *base = bases[round % G_N_ELEMENTS (bases)];
        size_t len = strlen (base);
        guint8 buffer[1024];
        size_t n = len;
        memcpy (buffer, base, len);
        switch (round % 4) {
        case 0:
            n = g_rand_int_range (rand, 0, (gint32) len);
            break;
        case 1:
            for (int k = g_rand_int_range (rand, 1, 6); k > 0; k--)
                buffer[g_rand_int_range (rand, 0, (gint32) n)] = (guint8) g_rand_int_range (rand, 0, 256);
            break;
        case 2:
            n = g_rand_int_range (rand, 0, sizeof buffer);
            for (size_t i = 0; i < n; i++)
                buffer[i] = (guint8) g_rand_int_range (rand, 0, 256);
            break;
        default:
            break;          /* the base itself: a refused request */
        }
        zframe_t *frame = zframe_new (buffer, n);
        if (round % 50 == 7) {
            /* A message of two frames. */
            zframe_send (&frame, dealer, ZFRAME_MORE);
            frame = zframe_new ("tail", 4);
        }
        zframe_send (&frame, dealer, 0);
        sent++;
        char *reply = zstr_recv (dealer);
        if (!reply)
            continue;
        answered++;
        json_t *parsed = json_loads (reply, 0, NULL);
        g_assert_nonnull (parsed);
        if (json_is_false (json_object_get (parsed, "ok"))) {
            const char *code = json_string_value (json_object_get (json_object_get (parsed, "error"), "code"));
            g_assert_nonnull (code);
            errors++;
        }
        json_decref (parsed);
        zstr_free (&reply);
    }
    g_test_message ("%d frames sent, %d answered, %d with an error", sent, answered, errors);
    g_assert_cmpint (answered, ==, sent);
    g_assert_cmpint (errors, ==, sent);

    /* The size limits, to the byte (PROTOCOL.md, Transport): a request of
     * HALL_MAX_MESSAGE bytes is served; one byte more, and up to
     * HALL_MAX_FRAME bytes, is answered too_large with its req; a frame
     * larger than that closes the connection and nothing is answered.  The
     * server stays up and nothing changes. */
    zsock_set_rcvtimeo (dealer, 10000);
    /* PROTOCOL.md's one rule for refusals, and the req named wherever it
     * can be read: the envelope is malformed, args are bad_field. */
    struct { const char *frame; const char *code; } refusals[] = {
        { "{\"v\":\"1\",\"client\":\"x\",\"req\":51,\"role\":\"admin\",\"op\":\"snapshot\"}", "malformed" },
        { "{\"v\":2,\"client\":\"x\",\"req\":52,\"role\":\"admin\",\"op\":\"snapshot\"}", "malformed" },
        { "{\"v\":null,\"client\":\"x\",\"req\":53,\"role\":\"admin\",\"op\":\"snapshot\"}", "malformed" },
        { "{\"v\":1.5,\"client\":\"x\",\"req\":54,\"role\":\"admin\",\"op\":\"snapshot\"}", "malformed" },
        { "{\"client\":\"x\",\"req\":55,\"role\":\"admin\",\"op\":\"\"}", "malformed" },
        { "{\"client\":\"x\",\"req\":56,\"role\":\"admin\",\"op\":\"snap\\tshot\"}", "malformed" },
        { "{\"client\":\"x\",\"req\":57,\"role\":\"boss\",\"op\":\"snapshot\"}", "malformed" },
        { "{\"client\":\"x\",\"req\":58,\"role\":\"admin\",\"op\":\"snapshot\",\"extra\":1}", "malformed" },
        { "{\"client\":\"x\",\"req\":59,\"role\":\"admin\",\"op\":\"explode\"}", "unknown_op" },
        { "{\"client\":\"x\",\"req\":60,\"role\":\"admin\",\"op\":\"issue\",\"args\":{\"category\":\"A\\u0000\"}}", "malformed" },
        { "{\"client\":\"x\",\"req\":61,\"role\":\"admin\",\"op\":\"issue\",\"args\":{\"category\":\"A\",\"category\":\"B\"}}", "malformed" },
        { "{\"client\":\"x\",\"req\":62,\"role\":\"admin\",\"op\":\"issue\",\"args\":{\"category\":[[[[[[[[[[]]]]]]]]]]}}", "bad_field" },
        { "{\"client\":\"x\",\"req\":63,\"role\":\"admin\",\"op\":\"issue\",\"args\":{\"colour\":\"red\"}}", "bad_field" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (refusals); i++) {
        zstr_send (dealer, refusals[i].frame);
        char *reply = zstr_recv (dealer);
        g_assert_nonnull (reply);
        json_t *parsed = json_loads (reply, 0, NULL);
        g_test_message ("%s -> %s", refusals[i].frame, reply);
        zstr_free (&reply);
        g_assert_cmpint (json_integer_value (json_object_get (parsed, "req")), ==, 51 + (json_int_t) i);
        g_assert_cmpstr (json_string_value (json_object_get (json_object_get (parsed, "error"), "code")), ==,
                         refusals[i].code);
        json_decref (parsed);
    }
    struct { size_t size; const char *expect; } sizes[] = {
        { HALL_MAX_MESSAGE, "ok" }, { HALL_MAX_MESSAGE + 1, "too_large" },
        { HALL_MAX_FRAME, "too_large" }, { HALL_MAX_FRAME + 1, NULL },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (sizes); i++) {
        g_autofree char *head = g_strdup_printf ("{\"client\":\"x\",\"req\":%zu,\"role\":\"admin\","
                                                 "\"op\":\"snapshot\"", 100 + i);
        char *text = g_malloc (sizes[i].size);
        memset (text, ' ', sizes[i].size);
        memcpy (text, head, strlen (head));
        text[sizes[i].size - 1] = '}';
        zframe_t *frame = zframe_new (text, sizes[i].size);
        g_free (text);
        zframe_send (&frame, dealer, 0);
        char *reply = zstr_recv (dealer);
        g_test_message ("a frame of %zu bytes: %.80s", sizes[i].size, reply ? reply : "(no reply)");
        if (!sizes[i].expect) {
            g_assert_null (reply);
            continue;
        }
        g_assert_nonnull (reply);
        json_t *parsed = json_loads (reply, 0, NULL);
        zstr_free (&reply);
        g_assert_cmpint (json_integer_value (json_object_get (parsed, "req")), ==, 100 + i);
        const char *code = json_is_true (json_object_get (parsed, "ok")) ? "ok"
                         : json_string_value (json_object_get (json_object_get (parsed, "error"), "code"));
        g_assert_cmpstr (code, ==, sizes[i].expect);
        json_decref (parsed);
    }
    zsock_destroy (&dealer);
    g_rand_free (rand);

    json_t *after = s_snapshot (server);
    g_assert_true (json_equal (before, after));
    json_decref (before);
    json_decref (after);
    server_free (server);
}

/* Sessions closed while their handshake is still on its way, hundreds of
 * times over, in one process: the process's sockets go on working.  (A socket
 * monitor whose reading end was closed before the DEALER it watched once
 * blocked libzmq's I/O thread on the next handshake event, and every
 * session of the process stopped hearing the server for good.) */
static gpointer
s_closer (gpointer data)
{
    server_t *server = data;
    /* 4 × 40 sessions of 3 sockets each stay under libzmq's 1,023 sockets
     * even when none is reaped yet (under ASan the reaper lags behind). */
    for (int i = 0; i < 40; i++) {
        hall_session_t *session = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
        hall_session_set_timeout (session, 1, 0);
        hall_reply_t reply;
        hall_session_call (session, HALL_OP_SNAPSHOT, NULL, &reply);   /* gives up at once */
        hall_reply_clear (&reply);
        hall_session_destroy (&session);
    }
    return NULL;
}

static void
test_sessions_closed_mid_handshake (void)
{
    server_t *server = server_start (NULL, MORNING);
    GThread *threads[4];
    for (int t = 0; t < 4; t++)
        threads[t] = g_thread_new ("closer", s_closer, server);
    for (int t = 0; t < 4; t++)
        g_thread_join (threads[t]);
    hall_session_t *after = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    hall_session_set_timeout (after, 1000, 4);
    hall_reply_t reply;
    g_assert_cmpint (hall_session_call (after, HALL_OP_SNAPSHOT, NULL, &reply), ==, HALL_OK);
    hall_reply_clear (&reply);
    hall_session_destroy (&after);
    server_free (server);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    zsys_handler_set (NULL);
    g_test_add_func ("/events/gap-after-sigstop-resyncs", test_gap_resync);
    g_test_add_func ("/input/malformed-frames", test_malformed_input);
    g_test_add_func ("/network/desk-frozen-30s-acts-once", test_desk_frozen_30s);
    g_test_add_func ("/network/sessions-closed-mid-handshake", test_sessions_closed_mid_handshake);
    return g_test_run ();
}
