/*  it-disk.c — a full disk under the real
 *  server: writes are refused with a clear error, nothing is half-written,
 *  reads go on, the server stays up and recovers when space returns.  (A
 *  database that turns read-only while open could not be simulated here:
 *  Linux refuses to remount a file system read-only while a file on it is
 *  open for writing.)  The database lives on a small tmpfs this test mounts
 *  (it needs root, as CI has).  And a disk whose flush fails (a shim in
 *  front of fdatasync): nothing unflushed is answered.
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

/* The disk refuses to flush the log (an I/O error, through an LD_PRELOAD
 * shim): the server must not answer what it could not make durable, and
 * must stop; after a restart the client's retry is answered once, from
 * the stored reply, and numbering goes on without a gap. */
static void
test_sync_fails (void)
{
    g_autofree char *shim = harness_program ("tests/preload/libfail-fsync.so");
    g_autofree char *flag_dir = g_dir_make_tmp ("hall-fsync-XXXXXX", NULL);
    g_autofree char *flag = g_build_filename (flag_dir, "fail", NULL);
    const char *asan = g_getenv ("ASAN_OPTIONS");
    g_autofree char *saved_asan = g_strdup (asan);
    g_autofree char *asan_options = g_strdup_printf ("%s%sverify_asan_link_order=0",
                                                     asan ? asan : "", asan ? ":" : "");
    g_setenv ("ASAN_OPTIONS", asan_options, TRUE);
    g_setenv ("HALL_FAIL_FSYNC", flag, TRUE);
    g_setenv ("LD_PRELOAD", shim, TRUE);
    server_t *server = server_start (NULL, MORNING);
    g_unsetenv ("LD_PRELOAD");

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
    g_unsetenv ("HALL_FAIL_FSYNC");
    if (saved_asan)
        g_setenv ("ASAN_OPTIONS", saved_asan, TRUE);
    else
        g_unsetenv ("ASAN_OPTIONS");
    rmdir (flag_dir);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/disk/full-then-space-returns", test_disk_full);
    g_test_add_func ("/disk/failed-sync-answers-nothing", test_sync_fails);
    return g_test_run ();
}
