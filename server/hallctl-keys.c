/*  hallctl-keys.c — hallctl's commands for device keys, accounts and
 *  backups (hallctl.h): enroll, devices, revoke, passwd, backup.
 */
#include "hallctl.h"
#include "keyfile.h"

#include <czmq.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static struct { char *out, *name; } s_enroll_opt;
static GOptionEntry s_enroll_options[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &s_enroll_opt.out, "Write the device's key here", "FILE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &s_enroll_opt.name, "Where the device stands", "NAME" },
    { NULL }
};

/* enroll ROLE [WINDOW] --out FILE [--name NAME] */
static int
s_enroll (hallctl_t *ctl, int argc, char **argv)
{
    if (!s_enroll_opt.out)
        return hallctl_usage ("enroll needs --out FILE");
    const char *role = argv[1];
    int window = argc >= 3 ? hallctl_window_number (argv[2]) : 0;
    if (argc >= 3 && !window)
        return hallctl_usage ("'%s' is not a window number (1-999)", argv[2]);
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
    if (s_enroll_opt.name)
        json_object_set_new (args, "name", json_string (s_enroll_opt.name));
    json_t *result = hallctl_request (ctl, HALL_OP_DEVICE_ENROLL, args);
    int code = 0;
    if (!result)
        code = HALLCTL_EXIT_REFUSED;
    else {
        const char *id = json_string_value (json_object_get (result, "id"));
        zcert_set_meta (cert, "id", "%s", id);
        zcert_set_meta (cert, "role", "%s", role);
        if (window > 0)
            zcert_set_meta (cert, "window", "%d", window);
        zcert_set_meta (cert, "server-key", "%s", server_key);
        if (hall_keyfile_save (cert, s_enroll_opt.out) != 0) {
            fprintf (stderr, "hallctl: cannot write %s (device %s is enrolled: revoke it)\n",
                     s_enroll_opt.out, id);
            code = HALLCTL_EXIT_REFUSED;
        }
        else
            printf ("%s\t%s\n", id, s_enroll_opt.out);
    }
    json_decref (result);
    zcert_destroy (&cert);
    zcert_destroy (&mine);
    return code;
}

/* devices, revoke, passwd: ARGS for OP; LIST prints the devices. */
static int
s_simple (hallctl_t *ctl, hall_op_t op, json_t *args, bool list)
{
    json_t *result = hallctl_request (ctl, op, args);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else if (list) {
        size_t i;
        json_t *device;
        json_array_foreach (json_object_get (result, "devices"), i, device) {
            json_t *window = json_object_get (device, "window");
            char number[16] = "-";
            if (json_is_integer (window))
                snprintf (number, sizeof number, "%d", (int) json_integer_value (window));
            printf ("%s\t%s\t%s\t%s\t%s\n", hallctl_str (device, "id", "?"), hallctl_str (device, "role", "?"),
                    number, json_is_null (json_object_get (device, "revoked_at")) ? "valid" : "revoked",
                    hallctl_str (device, "name", ""));
        }
    }
    else
        printf ("ok\n");
    json_decref (result);
    return 0;
}

static int
s_devices (hallctl_t *ctl, int argc, char **argv)
{
    return s_simple (ctl, HALL_OP_DEVICE_LIST, NULL, true);
}

static int
s_revoke (hallctl_t *ctl, int argc, char **argv)
{
    return s_simple (ctl, HALL_OP_DEVICE_REVOKE, json_pack ("{s:s}", "id", argv[1]), false);
}

static struct { char *password; } s_passwd_opt;
static GOptionEntry s_passwd_options[] = {
    { "password", 0, 0, G_OPTION_ARG_STRING, &s_passwd_opt.password, "The new password (6 characters or more; visible in ps: without it, it is asked for)", "P" },
    { NULL }
};

static int
s_passwd (hallctl_t *ctl, int argc, char **argv)
{
    if (s_passwd_opt.password)
        return s_simple (ctl, HALL_OP_STAFF_PASSWORD,
                         json_pack ("{s:s, s:s}", "staff", argv[1], "password", s_passwd_opt.password), false);
    /* Asked for, so it is not in the shell's history or ps; twice at a
     * terminal, against a slip of the finger. */
    char *password = hallctl_read_secret ("New password (not shown): ");
    if (!password)
        return hallctl_usage ("passwd: no password given");
    if (isatty (STDIN_FILENO)) {
        char *again = hallctl_read_secret ("The same again: ");
        bool same = again && strcmp (again, password) == 0;
        if (again) {
            explicit_bzero (again, strlen (again));
            g_free (again);
        }
        if (!same) {
            explicit_bzero (password, strlen (password));
            g_free (password);
            fprintf (stderr, "hallctl: the two passwords differ; nothing changed\n");
            return HALLCTL_EXIT_REFUSED;
        }
    }
    int rc = s_simple (ctl, HALL_OP_STAFF_PASSWORD, json_pack ("{s:s, s:s}", "staff", argv[1], "password", password),
                       false);
    explicit_bzero (password, strlen (password));
    g_free (password);
    return rc;
}

static struct { char *db; } s_backup_opt;
static GOptionEntry s_backup_options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &s_backup_opt.db,
      "The live database (default state/demo/hall.db or state/hall.db)", "FILE" },
    { NULL }
};

/* backup FILE: a consistent copy of the live database through SQLite's
 * online backup API, page batches at a time so the server is never held up
 * for long (its busy timeout covers the short locks). */
static int
s_backup (hallctl_t *ctl, int argc, char **argv)
{
    const char *source = s_backup_opt.db;
    if (!source)
        source = g_file_test ("state/demo/hall.db", G_FILE_TEST_EXISTS) ? "state/demo/hall.db"
                                                                          : "state/hall.db";
    if (g_file_test (argv[1], G_FILE_TEST_EXISTS)) {
        fprintf (stderr, "hallctl: %s exists; refusing to overwrite it\n", argv[1]);
        return 1;
    }
    sqlite3 *from = NULL, *to = NULL;
    int rc = sqlite3_open_v2 (source, &from, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_open (argv[1], &to);
    sqlite3_backup *backup = rc == SQLITE_OK ? sqlite3_backup_init (to, "main", from, "main") : NULL;
    if (!backup) {
        fprintf (stderr, "hallctl: cannot back up %s to %s: %s\n", source, argv[1],
                 to ? sqlite3_errmsg (to) : from ? sqlite3_errmsg (from) : "out of memory");
        sqlite3_close (from);
        sqlite3_close (to);
        g_unlink (argv[1]);
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
        g_unlink (argv[1]);
        return 1;
    }
    g_chmod (argv[1], 0600);
    printf ("%s\n", argv[1]);
    return 0;
}

const hallctl_command_t hallctl_keys_commands[] = {
    { "enroll", "ROLE [WINDOW] --out FILE [--name N]",
      "a device key (kiosk, counter, rating_pad, display, manager, web, admin)", 1, HALLCTL_CONNECT,
      s_enroll_options, s_enroll },
    { "devices", "", "enrolled devices: id, role, window, valid/revoked, name", 0, HALLCTL_CONNECT,
      NULL, s_devices },
    { "revoke", "DEVICE-ID", "cut a device off at once", 1, HALLCTL_CONNECT, NULL, s_revoke },
    { "passwd", "STAFF [--password P]", "set a staff member's password (asked for, or one line of stdin)", 1, HALLCTL_CONNECT,
      s_passwd_options, s_passwd },
    { "backup", "FILE [--db DATABASE]", "a consistent copy of the live database", 1, 0,
      s_backup_options, s_backup },
    { NULL }
};
