/*  it-security.c — device keys against the real server: connections
 *  without a key, with an unknown key and with a revoked key are refused;
 *  the role comes from the key, not the message; a denied request leaves
 *  the tables byte for byte unchanged; keys are private files; an online
 *  backup taken under load restores to a working hall.
 */
#include "harness.h"
#include "session.h"
#include <czmq.h>
#include <sys/stat.h>
#include <string.h>

#define MORNING ((gint64) 1795741200)

/* The rows of the tables a denial could touch, as one text. */
static char *
s_tables (server_t *server)
{
    static const char *const queries[] = {
        "SELECT group_concat (id || state || coalesce (window, '') || category, ';') FROM ticket",
        "SELECT group_concat (number || paused || coalesce (clerk, '') || coalesce (ticket, ''), ';') FROM service_window",
        "SELECT group_concat (window || category || kind, ';') FROM window_category",
        "SELECT group_concat (code || open, ';') FROM category",
        "SELECT count(*) || '/' || max (seq) FROM event",
        "SELECT group_concat (id || coalesce (revoked_at, ''), ';') FROM device",
        "SELECT count(*) || '/' || coalesce (max (id), 0) FROM rating",
        "SELECT count(*) FROM service_case",
    };
    return db_query_all (server, queries, G_N_ELEMENTS (queries));
}

static char *
s_enroll (server_t *server, const char *role, const char *window)
{
    g_autofree char *name = g_strdup_printf ("%s%s.key", role, window ? window : "");
    char *path = g_build_filename (server->dir, name, NULL);
    int status;
    g_autofree char *out = window ? hallctl (server, &status, "enroll", role, window, "--out", path, NULL)
                                  : hallctl (server, &status, "enroll", role, "--out", path, NULL);
    g_assert_cmpint (status, ==, 0);
    return path;
}

/* A session with the key in KEY_PATH, claiming ROLE/WINDOW in its messages. */
static hall_session_t *
s_session_with (server_t *server, const char *key_path, hall_role_t role, int window)
{
    g_autofree char *admin = g_strdup (g_getenv ("HALL_KEY"));
    g_setenv ("HALL_KEY", key_path, TRUE);
    hall_session_t *session = hall_session_new (server->requests, NULL, role, window, NULL);
    g_setenv ("HALL_KEY", admin, TRUE);
    hall_session_set_timeout (session, 300, 2);
    return session;
}

static hall_error_t
s_try (hall_session_t *session, hall_op_t op, json_t *args)
{
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (session, op, args, &reply);
    json_decref (args);
    hall_reply_clear (&reply);
    return rc;
}

static void
test_connections_refused (void)
{
    server_t *server = server_start (NULL, MORNING);
    /* No key at all. */
    zsock_t *plain = zsock_new_dealer (server->requests);
    zsock_set_rcvtimeo (plain, 1000);
    zstr_send (plain, "{\"client\":\"x\",\"req\":1,\"role\":\"admin\",\"op\":\"snapshot\"}");
    char *reply = zstr_recv (plain);
    g_assert_null (reply);
    zsock_destroy (&plain);

    /* A key the server never enrolled. */
    g_autofree char *stranger = harness_stranger_key (server);
    /* The session is told the server refused the key (the handshake
     * failed), not left to time out; so is the person at hallctl. */
    hall_session_t *session = s_session_with (server, stranger, HALL_ROLE_ADMIN, 0);
    hall_session_set_timeout (session, 20000, 2);    /* a timeout would take a minute */
    g_assert_cmpint (s_try (session, HALL_OP_SNAPSHOT, NULL), ==, HALL_E_KEY_REFUSED);
    g_assert_true (hall_session_key_refused (session));
    hall_session_destroy (&session);
    g_autofree char *program = harness_program ("hallctl");
    g_autofree char *endpoint = g_strdup_printf ("--server=%s", server->requests);
    g_autofree char *key_arg = g_strdup_printf ("--key=%s", stranger);
    const char *ctl[] = { program, endpoint, key_arg, "--timeout=20000", "status", NULL };
    g_autofree char *ctl_out = NULL, *ctl_err = NULL;
    int ctl_status = 0;
    g_assert_true (g_spawn_sync (NULL, (char **) ctl, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &ctl_out, &ctl_err, &ctl_status, NULL));
    g_test_message ("hallctl with a stranger's key: %s", ctl_err);
    g_assert_false (g_spawn_check_wait_status (ctl_status, NULL));
    g_assert_nonnull (strstr (ctl_err, "refused by the server: this key is not enrolled"));

    /* An enrolled kiosk works, then is revoked: its open connection is
     * refused at once and a new one cannot be made. */
    g_autofree char *kiosk_key = s_enroll (server, "kiosk", NULL);
    session = s_session_with (server, kiosk_key, HALL_ROLE_KIOSK, 0);
    g_assert_cmpint (s_try (session, HALL_OP_ISSUE, json_pack ("{s:s}", "category", "business")), ==, HALL_OK);
    int status;
    g_autofree char *devices = hallctl (server, &status, "devices", NULL);
    g_assert_nonnull (strstr (devices, "kiosk-1\tkiosk"));
    g_free (hallctl (server, &status, "revoke", "kiosk-1", NULL));
    g_assert_cmpint (status, ==, 0);
    g_assert_cmpint (s_try (session, HALL_OP_ISSUE, json_pack ("{s:s}", "category", "business")), ==, HALL_E_REVOKED);
    hall_session_destroy (&session);
    session = s_session_with (server, kiosk_key, HALL_ROLE_KIOSK, 0);
    g_assert_cmpint (s_try (session, HALL_OP_SNAPSHOT, NULL), ==, HALL_E_KEY_REFUSED);
    hall_session_destroy (&session);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket"), ==, 1);

    /* Keys and folders are private. */
    g_autofree char *keys = g_build_filename (server->dir, "keys", NULL);
    g_autofree char *server_key = g_build_filename (keys, "server.key", NULL);
    g_autofree char *admin_key = g_build_filename (keys, "admin.key", NULL);
    struct stat st;
    g_assert_cmpint (stat (keys, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
    g_assert_cmpint (stat (server_key, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_assert_cmpint (stat (admin_key, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_assert_cmpint (stat (kiosk_key, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    server_free (server);
}

static void
test_role_from_key (void)
{
    server_t *server = server_start (NULL, MORNING);
    int status;
    g_free (hallctl (server, &status, "issue", "business", NULL));
    g_free (hallctl (server, &status, "signin", "1", "1001", NULL));
    g_autofree char *kiosk_key = s_enroll (server, "kiosk", NULL);
    g_autofree char *display_key = s_enroll (server, "display", NULL);
    g_autofree char *desk_key = s_enroll (server, "counter", "1");
    g_autofree char *before = s_tables (server);

    /* A kiosk key cannot call next, even claiming to be admin. */
    hall_session_t *kiosk = s_session_with (server, kiosk_key, HALL_ROLE_ADMIN, 0);
    g_assert_cmpint (s_try (kiosk, HALL_OP_CALL, json_pack ("{s:i}", "window", 1)), ==, HALL_E_FORBIDDEN);
    g_assert_cmpint (s_try (kiosk, HALL_OP_DEVICE_ENROLL,
                            json_pack ("{s:s, s:s}", "role", "admin", "public_key",
                                       "0123456789012345678901234567890123456789")), ==, HALL_E_FORBIDDEN);
    /* A display key cannot issue. */
    hall_session_t *display = s_session_with (server, display_key, HALL_ROLE_KIOSK, 0);
    g_assert_cmpint (s_try (display, HALL_OP_ISSUE, json_pack ("{s:s}", "category", "business")), ==, HALL_E_FORBIDDEN);
    /* A desk key cannot change the configuration, nor act for window 2. */
    hall_session_t *desk = s_session_with (server, desk_key, HALL_ROLE_MANAGER, 0);
    g_assert_cmpint (s_try (desk, HALL_OP_WINDOW_MAP,
                            json_pack ("{s:i, s:[s]}", "window", 1, "primary", "tender")), ==, HALL_E_FORBIDDEN);
    g_assert_cmpint (s_try (desk, HALL_OP_CATEGORY_OPEN,
                            json_pack ("{s:s, s:b}", "category", "business", "open", 0)), ==, HALL_E_FORBIDDEN);
    g_assert_cmpint (s_try (desk, HALL_OP_CALL, json_pack ("{s:i}", "window", 2)), ==, HALL_E_FORBIDDEN);
    g_autofree char *after = s_tables (server);
    g_assert_cmpstr (before, ==, after);
    /* What the desk key may do, it does: call at its own window. */
    g_assert_cmpint (s_try (desk, HALL_OP_CALL, json_pack ("{s:i}", "window", 1)), ==, HALL_OK);
    g_autofree char *state = db_query (server, "SELECT state FROM ticket WHERE number = 'A001'");
    g_assert_cmpstr (state, ==, "called");
    /* A rating pad key rates only its own window's last ticket. */
    g_assert_cmpint (s_try (desk, HALL_OP_START, json_pack ("{s:i}", "window", 1)), ==, HALL_OK);
    g_assert_cmpint (s_try (desk, HALL_OP_FINISH, json_pack ("{s:i}", "window", 1)), ==, HALL_OK);
    g_free (hallctl (server, &status, "issue", "general", NULL));
    g_free (hallctl (server, &status, "signin", "5", "1005", NULL));
    g_free (hallctl (server, &status, "call", "5", NULL));
    g_free (hallctl (server, &status, "start", "5", NULL));
    g_free (hallctl (server, &status, "finish", "5", NULL));
    g_autofree char *pad_key = s_enroll (server, "rating_pad", "1");
    hall_session_t *pad = s_session_with (server, pad_key, HALL_ROLE_RATING_PAD, 1);
    g_autofree char *before_rate = s_tables (server);
    /* Window 5's ticket, by number, or by claiming window 5: refused. */
    g_assert_cmpint (s_try (pad, HALL_OP_RATE, json_pack ("{s:i, s:s, s:i}", "window", 1, "ticket", "D001",
                                                          "level", 5)), ==, HALL_E_FORBIDDEN);
    g_assert_cmpint (s_try (pad, HALL_OP_RATE, json_pack ("{s:i, s:i}", "window", 5, "level", 5)),
                     ==, HALL_E_FORBIDDEN);
    /* Nor can it call or issue. */
    g_assert_cmpint (s_try (pad, HALL_OP_CALL, json_pack ("{s:i}", "window", 1)), ==, HALL_E_FORBIDDEN);
    g_assert_cmpint (s_try (pad, HALL_OP_ISSUE, json_pack ("{s:s}", "category", "general")), ==, HALL_E_FORBIDDEN);
    g_autofree char *after_rate = s_tables (server);
    g_assert_cmpstr (before_rate, ==, after_rate);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM rating"), ==, 0);
    /* Its own window's last ticket: stored. */
    g_assert_cmpint (s_try (pad, HALL_OP_RATE, json_pack ("{s:i, s:i}", "window", 1, "level", 5)), ==, HALL_OK);
    g_autofree char *rated = db_query (server, "SELECT t.number FROM rating r JOIN ticket t ON t.id = r.ticket");
    g_assert_cmpstr (rated, ==, "A001");
    hall_session_destroy (&pad);

    hall_session_destroy (&kiosk);
    hall_session_destroy (&display);
    hall_session_destroy (&desk);
    server_free (server);
}

/* A DEALER on SERVER's requests with the key in KEY_PATH: the raw socket
 * of a client that picks its own client ids and request numbers. */
static zsock_t *
s_socket_with (int type, const char *key_path)
{
    zsock_t *sock = zsock_new (type);
    zcert_t *cert = zcert_load (key_path);
    g_assert_nonnull (cert);
    zcert_apply (cert, sock);
    zsock_set_curve_serverkey (sock, zcert_meta (cert, "server-key"));
    zcert_destroy (&cert);
    zsock_set_linger (sock, 0);
    return sock;
}

static zsock_t *
s_raw_with (server_t *server, const char *key_path)
{
    zsock_t *sock = s_socket_with (ZMQ_DEALER, key_path);
    zsock_set_rcvtimeo (sock, 10000);
    g_assert_cmpint (zsock_connect (sock, "%s", server->requests), ==, 0);
    return sock;
}

/* Sends one request on SOCK and returns its reply (json_decref). */
static json_t *
s_raw_ask (zsock_t *sock, const char *client, int64_t req, hall_role_t role, int window,
           hall_op_t op, json_t *args)
{
    char *frame = hall_request_encode (client, req, role, window, op, args);
    json_decref (args);
    zstr_send (sock, frame);
    free (frame);
    char *text = zstr_recv (sock);
    g_assert_nonnull (text);
    json_t *reply = json_loads (text, 0, NULL);
    zstr_free (&text);
    g_assert_nonnull (reply);
    return reply;
}

/* Stored replies are the device's own: a kiosk that sends the admin's
 * client id and request number does not get the admin's reply (which
 * carried a new device's key), and one that sends a desk's next number
 * first does not make the desk's own request come back unrun. */
static void
test_stored_reply_belongs_to_its_device (void)
{
    server_t *server = server_start (NULL, MORNING);
    int status;
    g_free (hallctl (server, &status, "signin", "1", "1001", NULL));
    g_autofree char *kiosk_key = s_enroll (server, "kiosk", NULL);
    g_autofree char *desk_key = s_enroll (server, "counter", "1");
    zsock_t *admin = s_raw_with (server, g_getenv ("HALL_KEY"));
    zsock_t *kiosk = s_raw_with (server, kiosk_key);
    zsock_t *desk = s_raw_with (server, desk_key);

    /* The admin enrolls a device. */
    zcert_t *board = zcert_new ();
    json_t *enroll_args = json_pack ("{s:s, s:s}", "role", "display", "public_key", zcert_public_txt (board));
    json_t *enrolled = s_raw_ask (admin, "ops-laptop", 7, HALL_ROLE_ADMIN, 0, HALL_OP_DEVICE_ENROLL,
                                  json_incref (enroll_args));
    g_autofree char *enrolled_text = json_dumps (enrolled, JSON_COMPACT);
    g_test_message ("admin: %s", enrolled_text);
    g_assert_true (json_is_true (json_object_get (enrolled, "ok")));
    /* The kiosk sends the same client id and number: it gets its own
     * answer (a ticket), never the admin's. */
    json_t *stolen = s_raw_ask (kiosk, "ops-laptop", 7, HALL_ROLE_KIOSK, 0, HALL_OP_ISSUE,
                                json_pack ("{s:s}", "category", "business"));
    g_autofree char *stolen_text = json_dumps (stolen, JSON_COMPACT);
    g_test_message ("kiosk with the admin's client and req: %s", stolen_text);
    g_assert_false (json_equal (stolen, enrolled));
    g_assert_null (strstr (stolen_text, "display"));
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (
        json_object_get (stolen, "result"), "ticket"), "number")), ==, "A001");
    /* The admin's own retry still gets the admin's reply. */
    json_t *again = s_raw_ask (admin, "ops-laptop", 7, HALL_ROLE_ADMIN, 0, HALL_OP_DEVICE_ENROLL,
                               enroll_args);
    zcert_destroy (&board);
    g_assert_true (json_equal (again, enrolled));
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM device WHERE role = 'display'"), ==, 1);

    /* Window 1 calls A001.  The kiosk then sends the desk's client id with
     * the desk's next number; the desk's recall must still run. */
    json_t *called = s_raw_ask (desk, "desk-1", 1, HALL_ROLE_COUNTER, 1, HALL_OP_CALL,
                                json_pack ("{s:i}", "window", 1));
    g_assert_true (json_is_true (json_object_get (called, "ok")));
    json_t *squat = s_raw_ask (kiosk, "desk-1", 2, HALL_ROLE_KIOSK, 0, HALL_OP_ISSUE,
                               json_pack ("{s:s}", "category", "business"));
    g_assert_true (json_is_true (json_object_get (squat, "ok")));
    json_t *recalled = s_raw_ask (desk, "desk-1", 2, HALL_ROLE_COUNTER, 1, HALL_OP_RECALL,
                                  json_pack ("{s:i}", "window", 1));
    g_autofree char *recalled_text = json_dumps (recalled, JSON_COMPACT);
    g_test_message ("desk's recall after the kiosk took its number: %s", recalled_text);
    g_assert_false (json_equal (recalled, squat));
    g_assert_true (json_is_true (json_object_get (recalled, "ok")));
    g_assert_cmpint (db_int (server, "SELECT calls FROM ticket WHERE number = 'A001'"), ==, 2);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM event WHERE type = 'ticket.recalled'"), ==, 1);

    json_decref (enrolled);
    json_decref (stolen);
    json_decref (again);
    json_decref (called);
    json_decref (squat);
    json_decref (recalled);
    zsock_destroy (&admin);
    zsock_destroy (&kiosk);
    zsock_destroy (&desk);
    server_free (server);
}

/* A SUB on SERVER's events with the key in KEY_PATH, subscribed to all. */
static zsock_t *
s_sub_with (server_t *server, const char *key_path)
{
    zsock_t *sock = s_socket_with (ZMQ_SUB, key_path);
    zsock_set_subscribe (sock, "");
    g_assert_cmpint (zsock_connect (sock, "%s", server->events), ==, 0);
    return sock;
}

/* Messages SOCK receives in MS milliseconds. */
static int
s_count_for (zsock_t *sock, int ms)
{
    int count = 0;
    gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;
    for (gint64 now; (now = g_get_monotonic_time ()) < until; ) {
        zsock_set_rcvtimeo (sock, (int) MAX (1, (until - now) / 1000));
        zmsg_t *msg = zmsg_recv (sock);
        if (msg)
            count++;
        zmsg_destroy (&msg);
    }
    return count;
}

/* Waits (generously) for the first message on SOCK. */
static gboolean
s_hears (zsock_t *sock)
{
    zsock_set_rcvtimeo (sock, 30000);
    zmsg_t *msg = zmsg_recv (sock);
    gboolean heard = msg != NULL;
    zmsg_destroy (&msg);
    return heard;
}

/* A revoked board's open events connection is cut within a second: no
 * heartbeat or event reaches it after that, while every other subscriber
 * goes on hearing the hall (after a reconnect of its own). */
static void
test_revoked_board_stops_listening (void)
{
    server_t *server = server_start (NULL, MORNING);
    g_autofree char *board_key = s_enroll (server, "display", NULL);
    zsock_t *board = s_sub_with (server, board_key);
    zsock_t *other = s_sub_with (server, g_getenv ("HALL_KEY"));
    g_assert_true (s_hears (board));
    g_assert_true (s_hears (other));
    int status;
    g_free (hallctl (server, &status, "revoke", "display-1", NULL));
    g_assert_cmpint (status, ==, 0);
    s_count_for (board, 1000);                  /* what was on its way */
    s_count_for (other, 100);                   /* what it heard before the cut */
    g_autofree char *ticket = hallctl_ok (server, "issue", "business", NULL);
    int after = s_count_for (board, 3500);
    g_test_message ("the revoked board received %d messages in the 3.5 s after its first second", after);
    g_assert_cmpint (after, ==, 0);
    /* The other subscriber was connected again and hears the hall (what
     * came in those 3.5 s waits in its queue; generously bounded). */
    g_assert_true (s_hears (other));
    zsock_destroy (&board);
    zsock_destroy (&other);
    server_free (server);
}

typedef struct {
    server_t     *server;
    volatile int  stop;
    int           issued;
} load_t;

static gpointer
s_load (gpointer data)
{
    load_t *load = data;
    hall_session_t *session = hall_session_new (load->server->requests, NULL, HALL_ROLE_KIOSK, 0, NULL);
    const char *categories[] = { "business", "general", "deregister" };
    while (!load->stop) {
        json_t *args = json_pack ("{s:s}", "category", categories[load->issued % 3]);
        hall_reply_t reply;
        if (hall_session_call (session, HALL_OP_ISSUE, args, &reply) == HALL_OK)
            load->issued++;
        hall_reply_clear (&reply);
        json_decref (args);
    }
    hall_session_destroy (&session);
    return NULL;
}

static void
test_backup_under_load_and_restore (void)
{
    server_t *server = server_start (NULL, MORNING);
    load_t load = { .server = server };
    GThread *thread = g_thread_new ("load", s_load, &load);
    g_usleep (500000);
    g_autofree char *copy = g_build_filename (server->dir, "backup.db", NULL);
    int status;
    g_autofree char *out = hallctl (server, &status, "backup", copy, "--db", server->db, NULL);
    g_assert_cmpint (status, ==, 0);
    g_usleep (200000);
    load.stop = 1;
    g_thread_join (thread);
    g_test_message ("%d tickets issued during the backup", load.issued);
    /* Refuses to overwrite. */
    g_free (hallctl (server, &status, "backup", copy, "--db", server->db, NULL));
    g_assert_cmpint (status, ==, 1);

    /* Restore: a server on the copy is a working hall with every ticket
     * that was committed when the copy was taken, numbered consistently. */
    server_kill (server, SIGTERM);
    g_autofree char *live = g_strdup (server->db);
    g_free (server->db);
    server->db = g_strdup (copy);
    server_restart (server);
    gint64 tickets = db_int (server, "SELECT count(*) FROM ticket");
    g_assert_cmpint (tickets, >, 0);
    g_assert_cmpint (tickets, <=, load.issued);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM event WHERE type = 'ticket.issued'"), ==, tickets);
    g_autofree char *next = hallctl (server, &status, "issue", "business", NULL);
    g_assert_cmpint (status, ==, 0);
    g_autofree char *sql = g_strdup_printf ("SELECT 'A' || printf ('%%03d', count(*)) FROM ticket"
                                            " WHERE category = 'business'");
    g_autofree char *expected = db_query (server, sql);
    g_assert_true (g_str_has_prefix (next, expected));
    server_free (server);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    zsys_handler_set (NULL);
    g_test_add_func ("/security/refused-connections", test_connections_refused);
    g_test_add_func ("/security/role-from-key", test_role_from_key);
    g_test_add_func ("/security/stored-reply-belongs-to-its-device", test_stored_reply_belongs_to_its_device);
    g_test_add_func ("/security/revoked-board-stops-listening", test_revoked_board_stops_listening);
    g_test_add_func ("/backup/under-load-and-restore", test_backup_under_load_and_restore);
    return g_test_run ();
}
