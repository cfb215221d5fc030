/*  hallctl-hall.c — hallctl's commands for tickets, windows and the hall
 *  (hallctl.h): categories, windows, status, issue, ticket, find, call,
 *  recall, start, finish, no-show, requeue, cancel, transfer, pause,
 *  resume, signin, signout, map, open, close, clock, watch.
 */
#include "hallctl.h"
#include "mirror.h"
#include "ticket.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#define CONNECT HALLCTL_CONNECT
#define DESK    HALLCTL_DESK

/* ---- printing -------------------------------------------------------------- */

static char *
s_join (json_t *codes)
{
    GString *text = g_string_new (NULL);
    size_t i;
    json_t *code;
    json_array_foreach (codes, i, code) {
        if (i)
            g_string_append_c (text, ',');
        g_string_append (text, json_string_value (code) ? json_string_value (code) : "?");
    }
    if (text->len == 0)
        g_string_append_c (text, '-');
    return g_string_free (text, FALSE);
}

/* The hall as a mirror (for waiting counts and ticket numbers). */
static hall_mirror_t *
s_snapshot_mirror (hallctl_t *ctl, json_t **snapshot_p)
{
    json_t *snapshot = hallctl_request (ctl, HALL_OP_SNAPSHOT, NULL);
    if (!snapshot)
        return NULL;
    hall_mirror_t *mirror = hall_mirror_new ();
    if (hall_mirror_load (mirror, snapshot) != 0) {
        fprintf (stderr, "hallctl: malformed: the snapshot is not of the documented shape\n");
        hall_mirror_destroy (&mirror);
        json_decref (snapshot);
        return NULL;
    }
    *snapshot_p = snapshot;
    return mirror;
}

static const char *
s_ticket_number (hall_mirror_t *mirror, json_t *jid)
{
    if (!json_is_integer (jid))
        return "-";
    json_t *ticket = hall_mirror_ticket (mirror, json_integer_value (jid));
    return ticket ? hallctl_str (ticket, "number", "?") : "?";
}

static void
s_print_categories (hall_mirror_t *mirror)
{
    size_t i;
    json_t *category;
    json_array_foreach (hall_mirror_categories (mirror), i, category) {
        const char *code = hallctl_str (category, "code", "?");
        printf ("%s\t%s\t%s\t%s\t%d\n", code, hallctl_str (category, "prefix", "?"),
                hallctl_str (category, "name", ""),
                json_is_true (json_object_get (category, "open")) ? "open" : "closed",
                hall_mirror_waiting (mirror, code));
    }
}

static void
s_print_windows (hall_mirror_t *mirror)
{
    size_t i;
    json_t *window;
    json_array_foreach (hall_mirror_windows (mirror), i, window) {
        char *primary = s_join (json_object_get (window, "primary"));
        char *backup = s_join (json_object_get (window, "backup"));
        printf ("%d\t%s\t%s\t%s\t%s\t%s\n", (int) hallctl_int (window, "number"),
                hallctl_str (window, "name", ""), hallctl_str (window, "state", "?"), primary, backup,
                s_ticket_number (mirror, json_object_get (window, "ticket")));
        g_free (primary);
        g_free (backup);
    }
}

/* What a writing command acted on: the ticket number first, or the window
 * or the category. */
static void
s_print_acted (json_t *result)
{
    json_t *ticket = json_object_get (result, "ticket");
    json_t *window = json_object_get (result, "window");
    json_t *category = json_object_get (result, "category");
    if (json_is_object (ticket))
        printf ("%s\n", hallctl_str (ticket, "number", "?"));
    else if (json_is_object (window)) {
        const char *reason = hallctl_str (window, "pause_reason", NULL);
        json_t *clerk = json_object_get (window, "clerk");
        printf ("%d\t%s", (int) hallctl_int (window, "number"), hallctl_str (window, "state", "?"));
        if (reason && json_is_true (json_object_get (window, "paused")))
            printf ("\t%s", reason);
        if (json_is_object (clerk))
            printf ("\t%s", hallctl_str (clerk, "id", "?"));
        printf ("\n");
    }
    else if (json_is_object (category))
        printf ("%s\t%s\n", hallctl_str (category, "code", "?"),
                json_is_true (json_object_get (category, "open")) ? "open" : "closed");
    else if (json_object_get (result, "ticket"))
        printf ("none\n");
    else
        printf ("ok\n");
}

/* Runs OP with ARGS and prints what it acted on. */
static int
s_simple (hallctl_t *ctl, hall_op_t op, json_t *args)
{
    json_t *result = hallctl_request (ctl, op, args);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else
        s_print_acted (result);
    json_decref (result);
    return 0;
}

/* ---- the hall ---------------------------------------------------------------- */

static int
s_cmd_list (hallctl_t *ctl, int argc, char **argv)
{
    bool windows = strcmp (argv[0], "windows") == 0;
    json_t *snapshot = NULL;
    hall_mirror_t *mirror = s_snapshot_mirror (ctl, &snapshot);
    if (!mirror)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (json_object_get (snapshot, windows ? "windows" : "categories"));
    else if (windows)
        s_print_windows (mirror);
    else
        s_print_categories (mirror);
    json_decref (snapshot);
    hall_mirror_destroy (&mirror);
    return 0;
}

static int
s_cmd_status (hallctl_t *ctl, int argc, char **argv)
{
    json_t *snapshot = NULL;
    hall_mirror_t *mirror = s_snapshot_mirror (ctl, &snapshot);
    if (!mirror)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (snapshot);
    else {
        json_t *hall = hall_mirror_hall (mirror);
        printf ("%s  %s  seq %" JSON_INTEGER_FORMAT "  %zu active tickets\n",
                hallctl_str (hall, "name", "?"), hall_mirror_day (mirror),
                (json_int_t) hall_mirror_seq (mirror), json_array_size (hall_mirror_tickets (mirror)));
        printf ("categories: code prefix name open waiting\n");
        s_print_categories (mirror);
        printf ("windows: number name state primary backup ticket\n");
        s_print_windows (mirror);
    }
    json_decref (snapshot);
    hall_mirror_destroy (&mirror);
    return 0;
}

/* ---- tickets ------------------------------------------------------------------ */

static struct { char *green, *granted_by, *person, *png; } s_issue;
static GOptionEntry s_issue_options[] = {
    { "green", 0, 0, G_OPTION_ARG_STRING, &s_issue.green, "Green-channel reason", "REASON" },
    { "granted-by", 0, 0, G_OPTION_ARG_STRING, &s_issue.granted_by, "Who granted the green channel", "WHO" },
    { "person", 0, 0, G_OPTION_ARG_STRING, &s_issue.person, "The visitor's id (one waiting ticket each)", "ID" },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &s_issue.png, "Also write the printed ticket (as the kiosk prints it, QR included) to FILE as PNG", "FILE" },
    { NULL }
};

/* The ticket of an issue RESULT, printed to PATH as PNG with the hall's
 * name, rule and page base from a snapshot (libticket, as the kiosk). */
static int
s_write_png (hallctl_t *ctl, json_t *result, const char *path)
{
    json_t *snapshot = NULL;
    hall_mirror_t *mirror = s_snapshot_mirror (ctl, &snapshot);
    if (!mirror)
        return -1;
    const char *code = hallctl_str (json_object_get (result, "ticket"), "category", "");
    hall_ticket_print_t *print = hall_ticket_print_from_issue (result, hall_mirror_hall (mirror),
                                                               hall_mirror_category (mirror, code), NULL);
    /* A journey ticket's slip names every step: all the categories. */
    hall_ticket_print_set_journey (print, print->journey, hall_mirror_categories (mirror));
    g_autoptr (GError) error = NULL;
    int rc = hall_ticket_print_png (print, path, &error) ? 0 : -1;
    if (rc)
        fprintf (stderr, "hallctl: cannot write %s: %s\n", path, error->message);
    hall_ticket_print_destroy (&print);
    hall_mirror_destroy (&mirror);
    json_decref (snapshot);
    return rc;
}

/* The reply of an issue or a reprint: the slip to PNG (when asked), then
 * "A001 [STATE] ahead N wait BAND", or the JSON.  Takes RESULT. */
static int
s_slip_reply (hallctl_t *ctl, json_t *result, const char *png, bool state)
{
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (png && s_write_png (ctl, result, png)) {
        json_decref (result);
        return HALLCTL_EXIT_REFUSED;
    }
    if (ctl->json)
        hallctl_print_json (result);
    else {
        g_autofree char *wait = hallctl_wait_text (result);
        json_t *ticket = json_object_get (result, "ticket");
        printf ("%s%s%s ahead %d wait %s\n", hallctl_str (ticket, "number", "?"), state ? " " : "",
                state ? hallctl_str (ticket, "state", "?") : "", (int) hallctl_int (result, "ahead"), wait);
    }
    json_decref (result);
    return 0;
}

/* The code of the category WORD names in SNAPSHOT: its code, or its
 * Chinese or English name (case aside); NULL if none. */
static const char *
s_category_named (json_t *snapshot, const char *word)
{
    size_t i;
    json_t *category;
    json_array_foreach (json_object_get (snapshot, "categories"), i, category) {
        const char *code = hallctl_str (category, "code", "");
        if (g_ascii_strcasecmp (code, word) == 0 || strcmp (hallctl_str (category, "name", ""), word) == 0
            || g_ascii_strcasecmp (hallctl_str (category, "name_en", ""), word) == 0)
            return code;
    }
    return NULL;
}

static int
s_issue_request (hallctl_t *ctl, const char *category, int64_t req, bool quiet_unknown);

/* issue CATEGORY: the word goes to the server as it is (a code or a
 * prefix); one the server does not know is looked up among the
 * categories' names, and when it names none the hall's categories are
 * listed.  With --req the name is looked up first: the server keeps a
 * refusal under the request's number too, so the retry would get it. */
static int
s_cmd_issue (hallctl_t *ctl, int argc, char **argv)
{
    int64_t req = ctl->req;
    if (req == 0) {
        int status = s_issue_request (ctl, argv[1], 0, true);
        if (ctl->error != HALL_E_UNKNOWN_CATEGORY)
            return status;
    }
    ctl->req = 0;
    json_t *snapshot = hallctl_request (ctl, HALL_OP_SNAPSHOT, NULL);
    if (!snapshot)
        return HALLCTL_EXIT_REFUSED;
    const char *code = s_category_named (snapshot, argv[1]);
    int status = HALLCTL_EXIT_REFUSED;
    if (code || req != 0)
        status = s_issue_request (ctl, code ? code : argv[1], req, code == NULL);
    if (!code && (req == 0 || ctl->error == HALL_E_UNKNOWN_CATEGORY)) {
        fprintf (stderr, "hallctl: unknown_category: no category is called '%s'; the hall's categories:\n", argv[1]);
        size_t i;
        json_t *category;
        json_array_foreach (json_object_get (snapshot, "categories"), i, category)
            fprintf (stderr, "  %-14s %s  %s\n", hallctl_str (category, "code", "?"),
                     hallctl_str (category, "name", ""), hallctl_str (category, "name_en", ""));
        status = HALLCTL_EXIT_REFUSED;
    }
    json_decref (snapshot);
    return status;
}

/* The issue request for CATEGORY (with --req REQ, or 0); QUIET_UNKNOWN:
 * an unknown_category refusal is left to the caller to explain. */
static int
s_issue_request (hallctl_t *ctl, const char *category, int64_t req, bool quiet_unknown)
{
    ctl->req = req;
    json_t *args = json_pack ("{s:s}", "category", category);
    if (s_issue.green)
        json_object_set_new (args, "green", json_string (s_issue.green));
    if (s_issue.granted_by)
        json_object_set_new (args, "granted_by", json_string (s_issue.granted_by));
    if (s_issue.person)
        json_object_set_new (args, "person", json_string (s_issue.person));
    json_t *result = quiet_unknown ? hallctl_request_quiet (ctl, HALL_OP_ISSUE, args, HALL_E_UNKNOWN_CATEGORY)
                                   : hallctl_request (ctl, HALL_OP_ISSUE, args);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    return s_slip_reply (ctl, result, s_issue.png, false);
}

static struct { char *png; } s_reprint;
static GOptionEntry s_reprint_options[] = {
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &s_reprint.png, "Write the slip (as the kiosk prints it, QR included) to FILE as PNG", "FILE" },
    { NULL }
};

/* The slip of a ticket again, where it stands now (a journey's step). */
static int
s_cmd_reprint (hallctl_t *ctl, int argc, char **argv)
{
    return s_slip_reply (ctl, hallctl_request (ctl, HALL_OP_TICKET_REPRINT, json_pack ("{s:s}", "ticket", argv[1])),
                         s_reprint.png, true);
}

static int
s_cmd_ticket (hallctl_t *ctl, int argc, char **argv)
{
    json_t *result = hallctl_request (ctl, HALL_OP_STATUS, json_pack ("{s:s}", "ticket", argv[1]));
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else {
        json_t *ticket = json_object_get (result, "ticket");
        json_t *window = json_object_get (ticket, "window");
        char at[16] = "-";
        if (json_is_integer (window))
            g_snprintf (at, sizeof at, "%d", (int) json_integer_value (window));
        g_autofree char *wait = hallctl_wait_text (result);
        printf ("%s %s ahead %d wait %s window %s\n", hallctl_str (ticket, "number", argv[1]),
                hallctl_str (ticket, "state", "?"), (int) hallctl_int (result, "ahead"), wait, at);
    }
    json_decref (result);
    return 0;
}

static struct { char *day; } s_find;
static GOptionEntry s_find_options[] = {
    { "day", 0, 0, G_OPTION_ARG_STRING, &s_find.day, "The ticket's day (default: the hall's today)", "YYYY-MM-DD" },
    { NULL }
};

/* One ticket's history, each event at its offset from the issue (no clock
 * or zone needed to read it); durations as minutes:seconds. */
static int
s_cmd_find (hallctl_t *ctl, int argc, char **argv)
{
    json_t *args = json_pack ("{s:s}", "number", argv[1]);
    if (s_find.day)
        json_object_set_new (args, "day", json_string (s_find.day));
    json_t *result = hallctl_request (ctl, HALL_OP_TICKET_FIND, args);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json) {
        hallctl_print_json (result);
        json_decref (result);
        return 0;
    }
    json_t *ticket = json_object_get (result, "ticket");
    json_int_t issued = hallctl_int (ticket, "issued_at");
    json_int_t waited = hallctl_int (result, "waited");
    printf ("%s %s %s waited %" JSON_INTEGER_FORMAT ":%02d", hallctl_str (ticket, "number", argv[1]),
            hallctl_str (ticket, "category", "?"), hallctl_str (ticket, "state", "?"),
            waited / 60, (int) (waited % 60));
    if (json_is_integer (json_object_get (result, "served"))) {
        json_int_t served = hallctl_int (result, "served");
        printf (" served %" JSON_INTEGER_FORMAT ":%02d", served / 60, (int) (served % 60));
    }
    printf ("\n");
    size_t i;
    json_t *event;
    json_array_foreach (json_object_get (result, "history"), i, event) {
        json_int_t after = hallctl_int (event, "time") - issued;
        printf ("  +%" JSON_INTEGER_FORMAT ":%02d\t%s", after / 60, (int) (after % 60),
                hallctl_str (event, "type", "?"));
        if (json_is_integer (json_object_get (event, "window")))
            printf ("\twindow %d", (int) hallctl_int (event, "window"));
        if (json_is_string (json_object_get (event, "clerk")))
            printf ("\tclerk %s", hallctl_str (event, "clerk", "?"));
        printf ("\n");
    }
    json_decref (result);
    return 0;
}

/* requeue, cancel: a ticket by number. */
static int
s_cmd_ticket_op (hallctl_t *ctl, int argc, char **argv)
{
    hall_op_t op = strcmp (argv[0], "requeue") == 0 ? HALL_OP_REQUEUE : HALL_OP_CANCEL;
    return s_simple (ctl, op, json_pack ("{s:s}", "ticket", argv[1]));
}

static json_t *s_window_args (char **argv);

/* matter add / matter remove WINDOW NUMBER: the 办件编号 of the window's visit. */
static int
s_matter (hallctl_t *ctl, hall_op_t op, char **argv)
{
    json_t *args = s_window_args (argv);
    if (!args)
        return HALLCTL_EXIT_USAGE;
    json_object_set_new (args, "number", json_string (argv[2]));
    json_t *result = hallctl_request (ctl, op, args);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else {
        json_t *ticket = json_object_get (result, "ticket");
        printf ("%s", hallctl_str (ticket, "number", "?"));
        size_t i;
        json_t *matter;
        json_array_foreach (json_object_get (ticket, "matters"), i, matter)
            printf (" %s", hallctl_str (matter, "number", "?"));
        printf ("\n");
    }
    json_decref (result);
    return 0;
}

static int s_cmd_matter_add (hallctl_t *ctl, int argc, char **argv) { return s_matter (ctl, HALL_OP_MATTER_ADD, argv); }
static int s_cmd_matter_remove (hallctl_t *ctl, int argc, char **argv) { return s_matter (ctl, HALL_OP_MATTER_REMOVE, argv); }

/* ---- windows ------------------------------------------------------------------- */

/* The window argument ARGV[1] into ARGS, or NULL after a usage message. */
static json_t *
s_window_args (char **argv)
{
    int window = hallctl_window_number (argv[1]);
    if (!window) {
        hallctl_usage ("'%s' is not a window number (1-999)", argv[1]);
        return NULL;
    }
    return json_pack ("{s:i}", "window", window);
}

/* call, recall, start, finish, no-show, resume, signout: a window only. */
static int
s_cmd_window_op (hallctl_t *ctl, int argc, char **argv)
{
    static const struct { const char *verb; hall_op_t op; } ops[] = {
        { "call", HALL_OP_CALL }, { "recall", HALL_OP_RECALL }, { "start", HALL_OP_START },
        { "finish", HALL_OP_FINISH }, { "no-show", HALL_OP_NOSHOW }, { "noshow", HALL_OP_NOSHOW },
        { "resume", HALL_OP_RESUME }, { "signout", HALL_OP_SIGNOUT },
    };
    json_t *args = s_window_args (argv);
    if (!args)
        return HALLCTL_EXIT_USAGE;
    hall_op_t op = HALL_OP_NONE;
    for (size_t i = 0; i < G_N_ELEMENTS (ops); i++)
        if (strcmp (ops[i].verb, argv[0]) == 0)
            op = ops[i].op;
    return s_simple (ctl, op, args);
}

static struct { char *to_category; gint to_window; } s_transfer;
static GOptionEntry s_transfer_options[] = {
    { "to-category", 0, 0, G_OPTION_ARG_STRING, &s_transfer.to_category, "To this category's queue", "C" },
    { "to-window", 0, 0, G_OPTION_ARG_INT, &s_transfer.to_window, "To this window", "N" },
    { NULL }
};

static int
s_cmd_transfer (hallctl_t *ctl, int argc, char **argv)
{
    if (!s_transfer.to_category == !s_transfer.to_window)
        return hallctl_usage ("transfer needs one of --to-category or --to-window");
    json_t *args = s_window_args (argv);
    if (!args)
        return HALLCTL_EXIT_USAGE;
    if (s_transfer.to_category)
        json_object_set_new (args, "to_category", json_string (s_transfer.to_category));
    else
        json_object_set_new (args, "to_window", json_integer (s_transfer.to_window));
    return s_simple (ctl, HALL_OP_TRANSFER, args);
}

static struct { char *reason; } s_pause;
static GOptionEntry s_pause_options[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &s_pause.reason, "Why (shown on the window's strip)", "R" },
    { NULL }
};

static int
s_cmd_pause (hallctl_t *ctl, int argc, char **argv)
{
    json_t *args = s_window_args (argv);
    if (!args)
        return HALLCTL_EXIT_USAGE;
    if (s_pause.reason)
        json_object_set_new (args, "reason", json_string (s_pause.reason));
    return s_simple (ctl, HALL_OP_PAUSE, args);
}

static struct { char *password; } s_signin;
static GOptionEntry s_signin_options[] = {
    { "password", 0, 0, G_OPTION_ARG_STRING, &s_signin.password, "The clerk's password", "P" },
    { NULL }
};

static int
s_cmd_signin (hallctl_t *ctl, int argc, char **argv)
{
    json_t *args = s_window_args (argv);
    if (!args)
        return HALLCTL_EXIT_USAGE;
    json_object_set_new (args, "staff", json_string (argv[2]));
    if (s_signin.password)
        json_object_set_new (args, "password", json_string (s_signin.password));
    return s_simple (ctl, HALL_OP_SIGNIN, args);
}

static struct { char *primary, *backup; } s_map;
static GOptionEntry s_map_options[] = {
    { "primary", 0, 0, G_OPTION_ARG_STRING, &s_map.primary, "Primary categories", "a,b" },
    { "backup", 0, 0, G_OPTION_ARG_STRING, &s_map.backup, "Backup categories", "c,d" },
    { NULL }
};

static int
s_cmd_map (hallctl_t *ctl, int argc, char **argv)
{
    if (!s_map.primary)
        return hallctl_usage ("map needs --primary a,b");
    json_t *args = s_window_args (argv);
    if (!args)
        return HALLCTL_EXIT_USAGE;
    json_object_set_new (args, "primary", hallctl_list (s_map.primary));
    if (s_map.backup)
        json_object_set_new (args, "backup", hallctl_list (s_map.backup));
    return s_simple (ctl, HALL_OP_WINDOW_MAP, args);
}

/* open, close: a category for issuing. */
static int
s_cmd_open (hallctl_t *ctl, int argc, char **argv)
{
    return s_simple (ctl, HALL_OP_CATEGORY_OPEN,
                     json_pack ("{s:s, s:b}", "category", argv[1], "open", strcmp (argv[0], "open") == 0));
}

/* ---- the clock and the events ---------------------------------------------------- */

static struct { gint64 set, advance; } s_clock = { 0, -1 };
static GOptionEntry s_clock_options[] = {
    { "set", 0, 0, G_OPTION_ARG_INT64, &s_clock.set, "Set the test clock", "EPOCH" },
    { "advance", 0, 0, G_OPTION_ARG_INT64, &s_clock.advance, "Advance the test clock", "SECONDS" },
    { NULL }
};

static int
s_cmd_clock (hallctl_t *ctl, int argc, char **argv)
{
    json_t *args = json_object ();
    if (s_clock.set > 0)
        json_object_set_new (args, "set", json_integer (s_clock.set));
    if (s_clock.advance >= 0)
        json_object_set_new (args, "advance", json_integer (s_clock.advance));
    json_t *result = hallctl_request (ctl, HALL_OP_CLOCK, args);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else
        printf ("%" JSON_INTEGER_FORMAT "\n", hallctl_int (result, "time"));
    json_decref (result);
    return 0;
}

static struct { gint count; } s_watch_opt;
static GOptionEntry s_watch_options[] = {
    { "count", 0, 0, G_OPTION_ARG_INT, &s_watch_opt.count, "Stop after N events", "N" },
    { NULL }
};

typedef struct {
    int  count;        /* events printed */
    bool json;
} watch_t;

static volatile sig_atomic_t s_stop = 0;

static void
s_on_signal (int signum)
{
    s_stop = 1;
}

static void
s_watch_event (hall_session_t *session, json_t *event, void *user)
{
    watch_t *watch = user;
    if (!event)
        return;               /* a (re)load: nothing to print */
    if (watch->json)
        hallctl_print_json (event);
    else {
        json_t *ticket = json_object_get (event, "ticket");
        json_t *call = json_object_get (event, "call");
        json_t *window = json_object_get (event, "window");
        const char *number = hallctl_str (ticket, "number", hallctl_str (call, "number", "-"));
        json_t *at = json_object_get (ticket, "window");
        if (!json_is_integer (at))
            at = json_object_get (call, "window");
        if (!json_is_integer (at))
            at = json_object_get (window, "number");
        char where[16] = "-";
        if (json_is_integer (at))
            g_snprintf (where, sizeof where, "%d", (int) json_integer_value (at));
        printf ("%" JSON_INTEGER_FORMAT " %s %s %s\n", hallctl_int (event, "seq"),
                hallctl_str (event, "type", "?"), number, where);
    }
    fflush (stdout);
    watch->count++;
}

static void
s_watch_online (hall_session_t *session, bool online, void *user)
{
    if (!((watch_t *) user)->json)
        fprintf (stderr, "hallctl: %s\n", online ? "online" : "offline");
}

/* Prints events as they come, over a session of its own (with events). */
static int
s_cmd_watch (hallctl_t *ctl, int argc, char **argv)
{
    struct sigaction action = { .sa_handler = s_on_signal };
    sigemptyset (&action.sa_mask);
    sigaction (SIGINT, &action, NULL);
    sigaction (SIGTERM, &action, NULL);
    hall_session_t *session = hall_session_new (ctl->requests, ctl->events, ctl->role,
                                                ctl->role_window, ctl->client);
    if (!session) {
        fprintf (stderr, "hallctl: internal: cannot connect to %s and %s\n", ctl->requests, ctl->events);
        return HALLCTL_EXIT_REFUSED;
    }
    hall_session_set_timeout (session, ctl->timeout, ctl->retries);
    watch_t watch = { .json = ctl->json };
    hall_session_on_event (session, s_watch_event, &watch);
    hall_session_on_online (session, s_watch_online, &watch);
    while (!s_stop && (s_watch_opt.count <= 0 || watch.count < s_watch_opt.count))
        if (hall_session_pump (session, 500) < 0 && s_stop)
            break;
    hall_session_destroy (&session);
    return 0;
}

const hallctl_command_t hallctl_hall_commands[] = {
    { "categories", "", "categories: code, prefix, name, open/closed, waiting", 0, CONNECT, NULL, s_cmd_list },
    { "windows", "", "windows: number, name, state, primary, backup, ticket", 0, CONNECT, NULL, s_cmd_list },
    { "status", "", "the hall at a glance (--json: the snapshot)", 0, CONNECT, NULL, s_cmd_status },
    { "issue", "CATEGORY [--green R --granted-by W] [--person ID]",
      "take a ticket (CATEGORY: its code, prefix, or Chinese or English name)", 1, CONNECT,
      s_issue_options, s_cmd_issue },
    { "ticket", "NUMBER", "one ticket: state, people ahead, the wait", 1, CONNECT, NULL, s_cmd_ticket },
    { "reprint", "NUMBER [--png FILE]", "the ticket's slip again, where it stands now", 1, CONNECT,
      s_reprint_options, s_cmd_reprint },
    { "find", "NUMBER [--day DAY]", "one ticket's history: issued, called, transferred, waited", 1, CONNECT,
      s_find_options, s_cmd_find },
    { "call", "WINDOW", "call the next ticket at the window", 1, CONNECT | DESK, NULL, s_cmd_window_op },
    { "recall", "WINDOW", "call the window's ticket again", 1, CONNECT | DESK, NULL, s_cmd_window_op },
    { "start", "WINDOW", "the visitor came: start serving", 1, CONNECT | DESK, NULL, s_cmd_window_op },
    { "finish", "WINDOW", "done with the window's ticket", 1, CONNECT | DESK, NULL, s_cmd_window_op },
    { "no-show", "WINDOW", "the called visitor did not come", 1, CONNECT | DESK, NULL, s_cmd_window_op },
    { "noshow", "WINDOW", "the same as no-show", 1, CONNECT | DESK, NULL, s_cmd_window_op },
    { "requeue", "TICKET", "a missed ticket back into its queue", 1, CONNECT, NULL, s_cmd_ticket_op },
    { "cancel", "TICKET", "take a waiting ticket out", 1, CONNECT, NULL, s_cmd_ticket_op },
    { "transfer", "WINDOW --to-category C | --to-window N", "send the window's ticket on", 1, CONNECT | DESK,
      s_transfer_options, s_cmd_transfer },
    { "matter add", "WINDOW NUMBER", "the 办件编号 of the window's visit (while serving)", 2, CONNECT, NULL,
      s_cmd_matter_add },
    { "matter remove", "WINDOW NUMBER", "a 办件编号 typed wrong, off the window's visit", 2, CONNECT, NULL,
      s_cmd_matter_remove },
    { "pause", "WINDOW [--reason R]", "stop calling at the window", 1, CONNECT | DESK, s_pause_options, s_cmd_pause },
    { "resume", "WINDOW", "call at the window again", 1, CONNECT, NULL, s_cmd_window_op },
    { "signin", "WINDOW STAFF [--password P]", "a clerk signs in at the window", 2, CONNECT,
      s_signin_options, s_cmd_signin },
    { "signout", "WINDOW", "the window's clerk signs out", 1, CONNECT, NULL, s_cmd_window_op },
    { "map", "WINDOW --primary a,b [--backup c,d]", "the categories the window serves", 1, CONNECT,
      s_map_options, s_cmd_map },
    { "open", "CATEGORY", "open a category for issuing", 1, CONNECT, NULL, s_cmd_open },
    { "close", "CATEGORY", "close a category for issuing", 1, CONNECT, NULL, s_cmd_open },
    { "clock", "[--set EPOCH] [--advance SECONDS]", "the server's (test) clock", 0, CONNECT,
      s_clock_options, s_cmd_clock },
    { "watch", "[--count N]", "print events as they come", 0, 0, s_watch_options, s_cmd_watch },
    { NULL }
};
