/*  hallctl-keys.c — device keys, accounts and backups (hallctl-keys.h). */
#include "hallctl-keys.h"
#include "keyfile.h"

#include <czmq.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

void
hallctl_keys_init (const hallctl_keys_options_t *options)
{
    if (options->key) {
        g_setenv ("HALL_KEY", options->key, TRUE);
        return;
    }
    if (g_getenv ("HALL_KEY"))
        return;
    const char *defaults[] = { "state/demo/keys/admin.key", "state/keys/admin.key" };
    for (size_t i = 0; i < G_N_ELEMENTS (defaults); i++)
        if (g_file_test (defaults[i], G_FILE_TEST_EXISTS)) {
            g_setenv ("HALL_KEY", defaults[i], TRUE);
            return;
        }
}

static int
s_error (const hall_reply_t *reply, hall_error_t rc)
{
    fprintf (stderr, "hallctl: %s: %s\n", hall_error_name (rc),
             reply->message[0] ? reply->message : hall_error_text (rc));
    return 1;
}

/* enroll ROLE [WINDOW] --out FILE [--name NAME] */
static int
s_enroll (hall_session_t *session, const hallctl_keys_options_t *options, int argc, char **argv)
{
    if (argc < 3 || !options->out) {
        fprintf (stderr, "hallctl: usage: enroll ROLE [WINDOW] --out FILE [--name NAME]\n");
        return 2;
    }
    const char *role = argv[2];
    int window = argc >= 4 ? atoi (argv[3]) : 0;
    zcert_t *mine = zcert_load (g_getenv ("HALL_KEY") ? g_getenv ("HALL_KEY") : "");
    const char *server_key = mine ? zcert_meta (mine, "server-key") : NULL;
    if (!server_key) {
        fprintf (stderr, "hallctl: enroll needs the admin key (--key or HALL_KEY)\n");
        zcert_destroy (&mine);
        return 1;
    }
    zcert_t *cert = zcert_new ();
    json_t *args = json_pack ("{s:s, s:s}", "role", role, "public_key", zcert_public_txt (cert));
    if (window > 0)
        json_object_set_new (args, "window", json_integer (window));
    if (options->name)
        json_object_set_new (args, "name", json_string (options->name));
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (session, HALL_OP_DEVICE_ENROLL, args, &reply);
    json_decref (args);
    int code = 0;
    if (rc != HALL_OK)
        code = s_error (&reply, rc);
    else {
        const char *id = json_string_value (json_object_get (reply.result, "id"));
        zcert_set_meta (cert, "id", "%s", id);
        zcert_set_meta (cert, "role", "%s", role);
        if (window > 0)
            zcert_set_meta (cert, "window", "%d", window);
        zcert_set_meta (cert, "server-key", "%s", server_key);
        if (hall_keyfile_save (cert, options->out) != 0) {
            fprintf (stderr, "hallctl: cannot write %s (device %s is enrolled: revoke it)\n",
                     options->out, id);
            code = 1;
        }
        else
            printf ("%s\t%s\n", id, options->out);
    }
    hall_reply_clear (&reply);
    zcert_destroy (&cert);
    zcert_destroy (&mine);
    return code;
}

static int
s_simple (hall_session_t *session, hall_op_t op, json_t *args, bool json, bool list)
{
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (session, op, args, &reply);
    json_decref (args);
    if (rc != HALL_OK) {
        int code = s_error (&reply, rc);
        hall_reply_clear (&reply);
        return code;
    }
    if (json) {
        char *text = json_dumps (reply.result, JSON_INDENT (2));
        puts (text);
        free (text);
    }
    else if (list) {
        size_t i;
        json_t *device;
        json_array_foreach (json_object_get (reply.result, "devices"), i, device) {
            json_t *window = json_object_get (device, "window");
            char number[16] = "-";
            if (json_is_integer (window))
                snprintf (number, sizeof number, "%d", (int) json_integer_value (window));
            printf ("%s\t%s\t%s\t%s\t%s\n", json_string_value (json_object_get (device, "id")),
                    json_string_value (json_object_get (device, "role")), number,
                    json_is_null (json_object_get (device, "revoked_at")) ? "valid" : "revoked",
                    json_string_value (json_object_get (device, "name")));
        }
    }
    else
        printf ("ok\n");
    hall_reply_clear (&reply);
    return 0;
}

int
hallctl_keys_command (hall_session_t *session, const hallctl_keys_options_t *options,
                      int argc, char **argv)
{
    const char *command = argv[1];
    if (strcmp (command, "enroll") == 0)
        return s_enroll (session, options, argc, argv);
    if (strcmp (command, "devices") == 0)
        return s_simple (session, HALL_OP_DEVICE_LIST, NULL, options->json, true);
    if (strcmp (command, "revoke") == 0) {
        if (argc < 3) {
            fprintf (stderr, "hallctl: usage: revoke DEVICE-ID\n");
            return 2;
        }
        return s_simple (session, HALL_OP_DEVICE_REVOKE, json_pack ("{s:s}", "id", argv[2]),
                         options->json, false);
    }
    if (strcmp (command, "passwd") == 0) {
        if (argc < 3 || !options->password) {
            fprintf (stderr, "hallctl: usage: passwd STAFF --password P\n");
            return 2;
        }
        return s_simple (session, HALL_OP_STAFF_PASSWORD,
                         json_pack ("{s:s, s:s}", "staff", argv[2], "password", options->password),
                         options->json, false);
    }
    return -1;
}

/* backup FILE: a consistent copy of the live database through SQLite's
 * online backup API, page batches at a time so the server is never held up
 * for long (its busy timeout covers the short locks). */
int
hallctl_backup_command (const hallctl_keys_options_t *options, int argc, char **argv)
{
    if (strcmp (argv[1], "backup") != 0)
        return -1;
    if (argc < 3) {
        fprintf (stderr, "hallctl: usage: backup FILE [--db DATABASE]\n");
        return 2;
    }
    const char *source = options->db;
    if (!source)
        source = g_file_test ("state/demo/hall.db", G_FILE_TEST_EXISTS) ? "state/demo/hall.db"
                                                                          : "state/hall.db";
    if (g_file_test (argv[2], G_FILE_TEST_EXISTS)) {
        fprintf (stderr, "hallctl: %s exists; refusing to overwrite it\n", argv[2]);
        return 1;
    }
    sqlite3 *from = NULL, *to = NULL;
    int rc = sqlite3_open_v2 (source, &from, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_open (argv[2], &to);
    sqlite3_backup *backup = rc == SQLITE_OK ? sqlite3_backup_init (to, "main", from, "main") : NULL;
    if (!backup) {
        fprintf (stderr, "hallctl: cannot back up %s to %s: %s\n", source, argv[2],
                 to ? sqlite3_errmsg (to) : from ? sqlite3_errmsg (from) : "out of memory");
        sqlite3_close (from);
        sqlite3_close (to);
        g_unlink (argv[2]);
        return 1;
    }
    sqlite3_busy_timeout (from, 5000);
    do {
        rc = sqlite3_backup_step (backup, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep (20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish (backup);
    int ok = rc == SQLITE_DONE;
    if (ok) {
        /* The copy must be sound before we say so. */
        sqlite3_stmt *stmt;
        ok = sqlite3_prepare_v2 (to, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK
             && sqlite3_step (stmt) == SQLITE_ROW
             && strcmp ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
        sqlite3_finalize (stmt);
    }
    if (!ok)
        fprintf (stderr, "hallctl: backup of %s failed: %s\n", source, sqlite3_errmsg (to));
    sqlite3_close (from);
    sqlite3_close (to);
    if (!ok) {
        g_unlink (argv[2]);
        return 1;
    }
    g_chmod (argv[2], 0600);
    printf ("%s\n", argv[2]);
    return 0;
}
