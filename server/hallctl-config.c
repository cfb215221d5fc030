/*  hallctl-config.c — hallctl's commands for the hall's settings
 *  (hallctl.h): config export, config import (its diff shown, applied only
 *  when confirmed), config set, config audit.
 */
#include "hallctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *s_out;
static GOptionEntry s_export_options[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &s_out, "Write to FILE (default: standard output)", "FILE" },
    { NULL }
};

static int
s_export (hallctl_t *ctl, int argc, char **argv)
{
    json_t *result = hallctl_request (ctl, HALL_OP_SETTINGS_GET, NULL);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    const char *text = hallctl_str (result, "settings", "");
    int rc = 0;
    if (s_out) {
        GError *error = NULL;
        if (!g_file_set_contents (s_out, text, -1, &error)) {
            fprintf (stderr, "hallctl: %s\n", error->message);
            g_error_free (error);
            rc = HALLCTL_EXIT_REFUSED;
        }
    }
    else
        fputs (text, stdout);
    json_decref (result);
    return rc;
}

static gboolean s_yes;
static GOptionEntry s_import_options[] = {
    { "yes", 0, 0, G_OPTION_ARG_NONE, &s_yes, "Apply without asking (the diff is still printed)", NULL },
    { NULL }
};

/* Prints DIFF as "[group] key: old -> new" lines. */
static void
s_print_diff (json_t *diff)
{
    size_t i;
    json_t *change;
    json_array_foreach (diff, i, change) {
        json_t *old = json_object_get (change, "old"), *new_value = json_object_get (change, "new");
        printf ("[%s] %s: %s -> %s\n", hallctl_str (change, "group", "?"), hallctl_str (change, "key", "?"),
                json_is_string (old) ? json_string_value (old) : "(unset)",
                json_is_string (new_value) ? json_string_value (new_value) : "(removed)");
    }
}

static int
s_import (hallctl_t *ctl, int argc, char **argv)
{
    gchar *text = NULL;
    GError *error = NULL;
    if (!g_file_get_contents (argv[1], &text, NULL, &error)) {
        fprintf (stderr, "hallctl: %s\n", error->message);
        g_error_free (error);
        return HALLCTL_EXIT_REFUSED;
    }
    json_t *result = hallctl_request (ctl, HALL_OP_SETTINGS_IMPORT, json_pack ("{s:s, s:b}", "settings", text,
                                                                              "dry_run", true));
    if (!result) {
        g_free (text);
        return HALLCTL_EXIT_REFUSED;
    }
    json_t *diff = json_object_get (result, "diff");
    s_print_diff (diff);
    size_t changes = json_array_size (diff);
    json_decref (result);
    if (changes == 0) {
        printf ("no change\n");
        g_free (text);
        return 0;
    }
    bool apply = s_yes;
    if (!apply && isatty (STDIN_FILENO)) {
        printf ("apply these %zu changes? [y/N] ", changes);
        fflush (stdout);
        char answer[16] = "";
        apply = fgets (answer, sizeof answer, stdin) && (answer[0] == 'y' || answer[0] == 'Y');
    }
    if (!apply) {
        fprintf (stderr, "hallctl: not applied (--yes applies without asking)\n");
        g_free (text);
        return HALLCTL_EXIT_REFUSED;
    }
    result = hallctl_request (ctl, HALL_OP_SETTINGS_IMPORT, json_pack ("{s:s}", "settings", text));
    g_free (text);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    printf ("applied %zu changes\n", json_array_size (json_object_get (result, "diff")));
    json_decref (result);
    return 0;
}

static gboolean s_remove;
static GOptionEntry s_set_options[] = {
    { "remove", 0, 0, G_OPTION_ARG_NONE, &s_remove, "Remove the key (no VALUE)", NULL },
    { NULL }
};

/* config set GROUP KEY [VALUE] */
static int
s_set (hallctl_t *ctl, int argc, char **argv)
{
    if (!s_remove && argc < 4)
        return hallctl_usage ("config set GROUP KEY VALUE, or --remove GROUP KEY");
    json_t *args = json_pack ("{s:s, s:s}", "group", argv[1], "key", argv[2]);
    if (s_remove)
        json_object_set_new (args, "remove", json_true ());
    else
        json_object_set_new (args, "value", json_string (argv[3]));
    json_t *result = hallctl_request (ctl, HALL_OP_SETTINGS_SET, args);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else {
        json_t *change = json_pack ("[{s:O, s:O, s:O, s:O}]", "group", json_object_get (result, "group"),
                                    "key", json_object_get (result, "key"), "old", json_object_get (result, "old"),
                                    "new", json_object_get (result, "value"));
        s_print_diff (change);
        json_decref (change);
    }
    json_decref (result);
    return 0;
}

static int
s_audit (hallctl_t *ctl, int argc, char **argv)
{
    json_t *result = hallctl_request (ctl, HALL_OP_SETTINGS_AUDIT, NULL);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else {
        size_t i;
        json_t *change;
        json_array_foreach (json_object_get (result, "changes"), i, change) {
            json_t *old = json_object_get (change, "old"), *new_value = json_object_get (change, "new");
            printf ("%" JSON_INTEGER_FORMAT "\t%" JSON_INTEGER_FORMAT "\t%s\t%s\t%s\t[%s] %s: %s -> %s\n",
                    json_integer_value (json_object_get (change, "id")),
                    json_integer_value (json_object_get (change, "time")), hallctl_str (change, "staff", "-"),
                    hallctl_str (change, "device", "-"), hallctl_str (change, "op", "?"),
                    hallctl_str (change, "group", ""), hallctl_str (change, "key", ""),
                    json_is_string (old) ? json_string_value (old) : "(unset)",
                    json_is_string (new_value) ? json_string_value (new_value) : "(removed)");
        }
    }
    json_decref (result);
    return 0;
}

/* staff: id, name, role, and what stops them signing in */
static int
s_staff (hallctl_t *ctl, int argc, char **argv)
{
    json_t *result = hallctl_request (ctl, HALL_OP_SETTINGS_GET, NULL);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    json_t *staff = json_object_get (result, "staff");
    if (ctl->json)
        hallctl_print_json (staff);
    else {
        size_t i;
        json_t *member;
        json_array_foreach (staff, i, member)
            printf ("%s\t%s\t%s\t%s%s%s\n", hallctl_str (member, "id", "?"), hallctl_str (member, "name", ""),
                    hallctl_str (member, "role", "?"),
                    json_is_true (json_object_get (member, "disabled")) ? "disabled" : "active",
                    json_is_true (json_object_get (member, "password")) ? "" : ", no password",
                    json_is_true (json_object_get (member, "locked")) ? ", locked" : "");
    }
    json_decref (result);
    return 0;
}

const hallctl_command_t hallctl_config_commands[] = {
    { "staff", "", "the staff: id, name, role, active or disabled, password, locked", 0, HALLCTL_CONNECT, NULL,
      s_staff },
    { "config export", "[--out FILE]", "the hall's settings as kept in the database", 0, HALLCTL_CONNECT,
      s_export_options, s_export },
    { "config import", "FILE [--yes]", "the settings from FILE: its diff, applied once confirmed", 1,
      HALLCTL_CONNECT, s_import_options, s_import },
    { "config set", "GROUP KEY VALUE | --remove GROUP KEY", "one setting (\"category a\" target_wait 20)", 2,
      HALLCTL_CONNECT, s_set_options, s_set },
    { "config audit", "", "who changed which setting, when, from where", 0, HALLCTL_CONNECT, NULL, s_audit },
    { NULL }
};
