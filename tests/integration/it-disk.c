/*  it-disk.c — a full disk under the real
 *  server: writes are refused with a clear error, nothing is half-written,
 *  reads go on, the server stays up and recovers when space returns.  (A
 *  database that turns read-only while open could not be simulated here:
 *  Linux refuses to remount a file system read-only while a file on it is
 *  open for writing.)  The database lives on a small tmpfs this test mounts
 *  (it needs root, as CI has).  And a disk whose flush fails or is slow (a
 *  shim in front of fdatasync): nothing unflushed is answered.
 */
#include "harness.h"
#include "session.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define MORNING ((gint64) 1795741200)

typedef struct {
    char *dir;      /* the mount point */
} disk_t;

static gboolean
s_mount (disk_t *disk)
{
    disk->dir = g_dir_make_tmp ("hall-disk-XXXXXX", NULL);
    if (mount ("hall-test", disk->dir, "tmpfs", 0, "size=3m,mode=0700") != 0) {
        g_test_message ("cannot mount a tmpfs: %s", g_strerror (errno));
        return FALSE;
    }
    return TRUE;
}

static void
s_unmount (disk_t *disk)
{
    umount2 (disk->dir, MNT_DETACH);
    rmdir (disk->dir);
    g_free (disk->dir);
}

/* Fills the file system with FILLER until it is full. */
static void
s_fill (const char *filler)
{
    int fd = open (filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    g_assert_cmpint (fd, >=, 0);
    char block[4096] = { 0 };
    while (write (fd, block, sizeof block) > 0)
        ;
    /* Then the last bytes, one at a time. */
    while (write (fd, block, 1) > 0)
        ;
    close (fd);
}

static hall_error_t
s_issue (hall_session_t *session, char number[16])
{
    json_t *args = json_pack ("{s:s}", "category", "general");
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (session, HALL_OP_ISSUE, args, &reply);
    json_decref (args);
    if (rc == HALL_OK && number)
        snprintf (number, 16, "%s", json_string_value (json_object_get (
                      json_object_get (reply.result, "ticket"), "number")));
    if (rc != HALL_OK)
        g_test_message ("issue refused: %s: %s", hall_error_name (rc), reply.message);
    hall_reply_clear (&reply);
    return rc;
}

static void
s_check_sound (server_t *server, int acknowledged)
{
    g_autofree char *check = db_query (server, "PRAGMA integrity_check");
    g_assert_cmpstr (check, ==, "ok");
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket"), ==, acknowledged);
    /* Numbers run 1..N without a gap or a repeat. */
    g_assert_cmpint (db_int (server, "SELECT max (seq) FROM ticket"), ==, acknowledged);
    g_assert_cmpint (db_int (server, "SELECT count(DISTINCT number) FROM ticket"), ==, acknowledged);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM event WHERE type = 'ticket.issued'"), ==, acknowledged);
}

static void
test_disk_full (void)
{
    if (getuid () != 0) {
        g_test_skip ("needs root to mount a tmpfs (CI runs as root)");
        return;
    }
    disk_t disk;
    g_assert_true (s_mount (&disk));
    g_autofree char *db = g_build_filename (disk.dir, "hall.db", NULL);
    server_t *server = server_start_with_db (NULL, MORNING, db);
    hall_session_t *kiosk = hall_session_new (server->requests, NULL, HALL_ROLE_KIOSK, 0, NULL);
    hall_session_set_timeout (kiosk, 2000, 0);
    int acknowledged = 0;
    for (int i = 0; i < 5; i++) {
        g_assert_cmpint (s_issue (kiosk, NULL), ==, HALL_OK);
        acknowledged++;
    }

    g_autofree char *filler = g_build_filename (disk.dir, "filler", NULL);
    s_fill (filler);
    /* The WAL may still have room for a few commits; then the refusal. */
    hall_error_t rc = HALL_OK;
    for (int i = 0; i < 500 && rc == HALL_OK; i++) {
        rc = s_issue (kiosk, NULL);
        if (rc == HALL_OK)
            acknowledged++;
    }
    g_assert_cmpint (rc, ==, HALL_E_STORAGE);
    g_test_message ("%d tickets before the disk was full", acknowledged);
    /* More refusals, and the server stays up and answers reads. */
    for (int i = 0; i < 20; i++)
        g_assert_cmpint (s_issue (kiosk, NULL), ==, HALL_E_STORAGE);
    hall_reply_t reply;
    g_assert_cmpint (hall_session_call (kiosk, HALL_OP_SNAPSHOT, NULL, &reply), ==, HALL_OK);
    hall_reply_clear (&reply);

    /* Space returns: it recovers, and nothing was half-written. */
    g_assert_cmpint (unlink (filler), ==, 0);
    char number[16];
    g_assert_cmpint (s_issue (kiosk, number), ==, HALL_OK);
    acknowledged++;
    char expected[16];
    snprintf (expected, sizeof expected, "D%03d", acknowledged);
    g_assert_cmpstr (number, ==, expected);
    s_check_sound (server, acknowledged);

    hall_session_destroy (&kiosk);
    server_free (server);
    s_unmount (&disk);
}

/* Starts a server with the fsync shim (tests/preload/fsync-fault.c) in
 * front of it, with VARIABLE=VALUE in its environment (and only in its). */
static server_t *
s_start_with_fsync_fault (const char *variable, const char *value)
{
    g_autofree char *shim = harness_program ("tests/preload/libfsync-fault.so");
    const char *asan = g_getenv ("ASAN_OPTIONS");
    g_autofree char *saved_asan = g_strdup (asan);
    /* The shim is not sanitized: ASan must not insist on loading first. */
    g_autofree char *asan_options = g_strdup_printf ("%s%sverify_asan_link_order=0",
                                                     asan ? asan : "", asan ? ":" : "");
    g_setenv ("ASAN_OPTIONS", asan_options, TRUE);
    g_setenv (variable, value, TRUE);
    /* Composed with what is preloaded already (libfaketime, under make
     * check-clock), so the shim never takes the faked clock away. */
    const char *preload = g_getenv ("LD_PRELOAD");
    g_autofree char *saved_preload = g_strdup (preload);
    g_autofree char *preloads = preload && *preload ? g_strdup_printf ("%s:%s", preload, shim)
                                                    : g_strdup (shim);
    g_setenv ("LD_PRELOAD", preloads, TRUE);
    server_t *server = server_start (NULL, MORNING);
    if (saved_preload)
        g_setenv ("LD_PRELOAD", saved_preload, TRUE);
    else
        g_unsetenv ("LD_PRELOAD");
    g_unsetenv (variable);
    if (saved_asan)
        g_setenv ("ASAN_OPTIONS", saved_asan, TRUE);
    else
        g_unsetenv ("ASAN_OPTIONS");
    return server;
}

/* The disk refuses to flush the log (an I/O error, through an LD_PRELOAD
 * shim): the server must not answer what it could not make durable, and
 * must stop; after a restart the client's retry is answered once, from
 * the stored reply, and numbering goes on without a gap. */
static void
test_sync_fails (void)
{
    g_autofree char *flag_dir = g_dir_make_tmp ("hall-fsync-XXXXXX", NULL);
    g_autofree char *flag = g_build_filename (flag_dir, "fail", NULL);
    server_t *server = s_start_with_fsync_fault ("HALL_FAIL_FSYNC", flag);

    hall_session_t *kiosk = hall_session_new (server->requests, NULL, HALL_ROLE_KIOSK, 0, "kiosk-fsync");
    hall_session_set_timeout (kiosk, 2000, 0);
    for (int i = 0; i < 3; i++)
        g_assert_cmpint (s_issue (kiosk, NULL), ==, HALL_OK);

    /* The flush fails: no answer, and the server stops with status 1. */
    g_assert_true (g_file_set_contents (flag, "", 0, NULL));
    json_t *args = json_pack ("{s:s}", "category", "general");
    hall_reply_t reply;
    hall_error_t rc = hall_session_call_as (kiosk, 1000, HALL_OP_ISSUE, args, &reply);
    hall_reply_clear (&reply);
    g_assert_cmpint (rc, !=, HALL_OK);
    g_assert_cmpint (server_wait_exit (server, 10000), ==, 1);
    g_autofree char *log_path = g_build_filename (server->dir, "server.log", NULL);
    g_autofree char *log = NULL;
    g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
    g_assert_nonnull (strstr (log, "fdatasync of the database log failed"));
    hall_session_destroy (&kiosk);

    /* The disk is well again: the retry gets one answer, D004, and the
     * next ticket is D005. */
    g_assert_cmpint (unlink (flag), ==, 0);
    server_restart (server);
    kiosk = hall_session_new (server->requests, NULL, HALL_ROLE_KIOSK, 0, "kiosk-fsync");
    hall_session_set_timeout (kiosk, 2000, 2);
    rc = hall_session_call_as (kiosk, 1000, HALL_OP_ISSUE, args, &reply);
    g_assert_cmpint (rc, ==, HALL_OK);
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (reply.result, "ticket"),
                                                         "number")), ==, "D004");
    hall_reply_clear (&reply);
    char number[16];
    g_assert_cmpint (s_issue (kiosk, number), ==, HALL_OK);
    g_assert_cmpstr (number, ==, "D005");
    s_check_sound (server, 5);
    json_decref (args);
    hall_session_destroy (&kiosk);
    server_free (server);
    rmdir (flag_dir);
}

/* A DEALER or SUB of the bench's kind, connected with the admin key. */
static zsock_t *
s_socket (int type, const char *endpoint)
{
    zsock_t *sock = zsock_new (type);
    zsock_set_linger (sock, 0);
    harness_secure (sock);
    if (type == ZMQ_SUB) {
        zsock_set_subscribe (sock, "event");
        zsock_set_subscribe (sock, "heartbeat");
    }
    g_assert_cmpint (zsock_connect (sock, "%s", endpoint), ==, 0);
    return sock;
}

static void
s_send (zsock_t *dealer, const char *client, int64_t req, hall_op_t op, json_t *args)
{
    char *frame = hall_request_encode (client, req, HALL_ROLE_ADMIN, 0, op, args);
    json_decref (args);
    g_assert_cmpint (zstr_send (dealer, frame), ==, 0);
    free (frame);
}

/* A slow disk (each flush 150 ms more; the harness's start-up probe
 * gives a write 200 ms): while a batch's log sync runs,
 * its reply and its event wait, and so does the reply to a read that came
 * after it and saw its change — nobody hears of a ticket a power cut
 * could still take back. */
static void
test_slow_sync_holds_answers (void)
{
    server_t *server = s_start_with_fsync_fault ("HALL_SLOW_FSYNC_MS", "150");
    zsock_t *kiosk = s_socket (ZMQ_DEALER, server->requests);
    zsock_t *reader = s_socket (ZMQ_DEALER, server->requests);
    zsock_t *sub = s_socket (ZMQ_SUB, server->events);
    /* Connected: each DEALER had an answer, the SUB a heartbeat. */
    s_send (kiosk, "kiosk-slow", 1, HALL_OP_SNAPSHOT, NULL);
    s_send (reader, "reader-slow", 1, HALL_OP_SNAPSHOT, NULL);
    zsock_set_rcvtimeo (kiosk, 5000);
    zsock_set_rcvtimeo (reader, 5000);
    zsock_set_rcvtimeo (sub, 5000);
    char *text = zstr_recv (kiosk);
    g_assert_nonnull (text);
    zstr_free (&text);
    text = zstr_recv (reader);
    g_assert_nonnull (text);
    zstr_free (&text);
    char *topic = zstr_recv (sub);
    g_assert_nonnull (topic);
    zstr_free (&topic);

    gint64 start = g_get_monotonic_time ();
    s_send (kiosk, "kiosk-slow", 2, HALL_OP_ISSUE, json_pack ("{s:s}", "category", "general"));
    g_usleep (30 * 1000);
    s_send (reader, "reader-slow", 2, HALL_OP_SNAPSHOT, NULL);
    gint64 issued_at = 0, read_at = 0, event_at = 0;
    json_t *snapshot = NULL;
    while ((!issued_at || !read_at || !event_at) && g_get_monotonic_time () - start < 30 * G_USEC_PER_SEC) {
        zmq_pollitem_t items[] = { { zsock_resolve (kiosk), 0, ZMQ_POLLIN, 0 },
                                   { zsock_resolve (reader), 0, ZMQ_POLLIN, 0 },
                                   { zsock_resolve (sub), 0, ZMQ_POLLIN, 0 } };
        zmq_poll (items, 3, 100);
        gint64 now = g_get_monotonic_time ();
        if (items[0].revents & ZMQ_POLLIN) {
            text = zstr_recv (kiosk);
            g_assert_nonnull (strstr (text, "\"D001\""));
            issued_at = now;
            zstr_free (&text);
        }
        if (items[1].revents & ZMQ_POLLIN) {
            text = zstr_recv (reader);
            snapshot = json_loads (text, 0, NULL);
            read_at = now;
            zstr_free (&text);
        }
        if (items[2].revents & ZMQ_POLLIN) {
            zmsg_t *msg = zmsg_recv (sub);
            char *name = zmsg_popstr (msg);
            char *body = zmsg_popstr (msg);
            if (strcmp (name, "event") == 0 && strstr (body, "\"ticket.issued\""))
                event_at = now;
            zstr_free (&name);
            zstr_free (&body);
            zmsg_destroy (&msg);
        }
    }
    g_test_message ("after the issue was sent: its reply %" G_GINT64_FORMAT " ms, the read's %"
                    G_GINT64_FORMAT " ms, the event %" G_GINT64_FORMAT " ms",
                    (issued_at - start) / 1000, (read_at - start) / 1000, (event_at - start) / 1000);
    g_assert_cmpint (issued_at, >=, start + 140 * 1000);
    g_assert_cmpint (event_at, >=, start + 140 * 1000);
    g_assert_cmpint (read_at, >=, start + 140 * 1000);
    /* The read saw the ticket: that is why it had to wait. */
    g_assert_nonnull (snapshot);
    json_t *tickets = json_object_get (json_object_get (snapshot, "result"), "tickets");
    g_assert_cmpint (json_array_size (tickets), ==, 1);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (tickets, 0), "number")), ==,
                     "D001");
    json_decref (snapshot);
    zsock_destroy (&kiosk);
    zsock_destroy (&reader);
    zsock_destroy (&sub);
    server_free (server);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/disk/full-then-space-returns", test_disk_full);
    g_test_add_func ("/disk/failed-sync-answers-nothing", test_sync_fails);
    g_test_add_func ("/disk/slow-sync-holds-answers", test_slow_sync_holds_answers);
    return g_test_run ();
}
