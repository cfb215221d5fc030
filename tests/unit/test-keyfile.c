/*  test-keyfile.c — device key files are written whole (common/keyfile.h):
 *  the key reads back, is private, leaves no temporary file, and a reader
 *  polling the file while it is rewritten never sees half a key (what a
 *  test waiting for the server's first admin key once saw in CI).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "keyfile.h"

static zcert_t *
s_cert (const char *server_key)
{
    zcert_t *cert = zcert_new ();
    zcert_set_meta (cert, "id", "kiosk-1");
    zcert_set_meta (cert, "role", "kiosk");
    zcert_set_meta (cert, "server-key", "%s", server_key);
    return cert;
}

static int
s_entries (const char *dir)
{
    GDir *handle = g_dir_open (dir, 0, NULL);
    int n = 0;
    while (g_dir_read_name (handle))
        n++;
    g_dir_close (handle);
    return n;
}

static void
test_save (void)
{
    g_autofree char *dir = g_dir_make_tmp ("hall-keyfile-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "kiosk.key", NULL);
    zcert_t *cert = s_cert ("server-public-key");
    g_assert_cmpint (hall_keyfile_save (cert, path), ==, 0);

    zcert_t *loaded = zcert_load (path);
    g_assert_nonnull (loaded);
    g_assert_cmpstr (zcert_public_txt (loaded), ==, zcert_public_txt (cert));
    g_assert_cmpstr (zcert_secret_txt (loaded), ==, zcert_secret_txt (cert));
    g_assert_cmpstr (zcert_meta (loaded, "server-key"), ==, "server-public-key");
    zcert_destroy (&loaded);

    struct stat st;
    g_assert_cmpint (stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    /* Only the key: no temporary file left beside it. */
    g_assert_cmpint (s_entries (dir), ==, 1);

    /* Over an existing key: replaced, still private, still one file. */
    zcert_t *second = s_cert ("another-server");
    g_assert_cmpint (hall_keyfile_save (second, path), ==, 0);
    loaded = zcert_load (path);
    g_assert_cmpstr (zcert_public_txt (loaded), ==, zcert_public_txt (second));
    g_assert_cmpstr (zcert_meta (loaded, "server-key"), ==, "another-server");
    zcert_destroy (&loaded);
    g_assert_cmpint (stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_assert_cmpint (s_entries (dir), ==, 1);

    /* A folder that does not exist: an error, nothing written. */
    g_autofree char *nowhere = g_build_filename (dir, "missing", "kiosk.key", NULL);
    g_assert_cmpint (hall_keyfile_save (cert, nowhere), ==, -1);
    g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));

    zcert_destroy (&cert);
    zcert_destroy (&second);
    g_unlink (path);
    g_rmdir (dir);
}

typedef struct {
    const char *path;
    gint stop;
    int seen;           /* loads that found a file */
    int broken;         /* of those, loads without a whole key */
} reader_t;

static gpointer
s_reader (gpointer data)
{
    reader_t *reader = data;
    while (!g_atomic_int_get (&reader->stop)) {
        if (!g_file_test (reader->path, G_FILE_TEST_EXISTS))
            continue;
        zcert_t *cert = zcert_load (reader->path);
        reader->seen++;
        if (!cert || !zcert_meta (cert, "server-key"))
            reader->broken++;
        zcert_destroy (&cert);
    }
    return NULL;
}

static void
test_never_half (void)
{
    g_autofree char *dir = g_dir_make_tmp ("hall-keyfile-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "admin.key", NULL);
    reader_t reader = { .path = path };
    GThread *thread = g_thread_new ("reader", s_reader, &reader);
    for (int i = 0; i < 300; i++) {
        /* The first is a new key where there was none (the server's first
         * start); the others are written over it (a re-enrolment). */
        zcert_t *cert = s_cert ("server-public-key");
        g_assert_cmpint (hall_keyfile_save (cert, path), ==, 0);
        zcert_destroy (&cert);
    }
    g_atomic_int_set (&reader.stop, 1);
    g_thread_join (thread);
    g_test_message ("%d loads, %d broken", reader.seen, reader.broken);
    g_assert_cmpint (reader.seen, >, 0);
    g_assert_cmpint (reader.broken, ==, 0);
    g_unlink (path);
    g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/keyfile/save", test_save);
    g_test_add_func ("/keyfile/never-half", test_never_half);
    return g_test_run ();
}
