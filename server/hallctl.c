/*  hallctl — the hall's command-line client, for operators and scripts.
 *
 *      hallctl [OPTION...] COMMAND [ARG...]
 *
 *  Every command is one request through a common/ session (same retries,
 *  same request numbers as the GUI clients).  The first word of each output
 *  line is the thing acted on (a ticket number, a window number, a category
 *  code), so scripts can cut it; --json prints the raw result instead.
 *  Exit status: 0 done, 1 the server refused or did not answer (one line
 *  "hallctl: CODE: message" on stderr), 2 usage error.
 */
#include <glib.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <langinfo.h>
#include <time.h>

#include "protocol.h"
#include "session.h"
#include "hallctl-keys.h"
#include "hallctl-report.h"
#include "mirror.h"

#define EXIT_REFUSED 1
#define EXIT_USAGE   2

/* Command-line options, global and per command. */
static char    *o_server = NULL;
static char    *o_events = NULL;
static char    *o_role = NULL;
static gint     o_role_window = 0;
static char    *o_client = NULL;
static gint64   o_req = 0;
static gint     o_timeout = HALL_REQUEST_TIMEOUT;
static gint     o_retries = HALL_REQUEST_RETRIES;
static gboolean o_json = FALSE;
static char    *o_green = NULL;
static char    *o_granted_by = NULL;
static char    *o_person = NULL;
static char    *o_to_category = NULL;
static gint     o_to_window = 0;
static char    *o_reason = NULL;
static char    *o_password = NULL;
static char    *o_primary = NULL;
static char    *o_backup = NULL;
static gint64   o_set = 0;
static gint64   o_advance = -1;
static gint     o_count = 0;
static char    *o_key = NULL;
static char    *o_out = NULL;
static char    *o_name = NULL;
static char    *o_db = NULL;
static char    *o_from = NULL;
static char    *o_to = NULL;
static char    *o_by = NULL;
static char    *o_csv = NULL;
static char    *o_pdf = NULL;
static char    *o_reasons = NULL;
static char    *o_text = NULL;
static char    *o_note = NULL;
static char    *o_verdict = NULL;
static char    *o_filter = NULL;

static GOptionEntry s_global_options[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &o_server, "Request endpoint (" HALL_DEFAULT_REQUESTS ")", "EP" },
    { "events", 0, 0, G_OPTION_ARG_STRING, &o_events, "Event endpoint (" HALL_DEFAULT_EVENTS ")", "EP" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &o_role, "Role to act as (admin)", "ROLE" },
    { "role-window", 0, 0, G_OPTION_ARG_INT, &o_role_window, "Window of a counter or rating_pad role", "N" },
    { "client", 0, 0, G_OPTION_ARG_STRING, &o_client, "Client id (default: made up)", "ID" },
    { "req", 0, 0, G_OPTION_ARG_INT64, &o_req, "Request number of the one request (idempotency tests)", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &o_timeout, "Wait for the first try, in ms (each retry waits twice as long, up to 4 times this)", "MS" },
    { "retries", 0, 0, G_OPTION_ARG_INT, &o_retries, "Retries after the first try", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o_json, "Print the raw result JSON", NULL },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &o_key,
      "This tool's device key (default $HALL_KEY, else state/demo/keys/admin.key or state/keys/admin.key)", "FILE" },
    { NULL }
};

static GOptionEntry s_command_options[] = {
    { "green", 0, 0, G_OPTION_ARG_STRING, &o_green, "issue: green-channel reason", "REASON" },
    { "granted-by", 0, 0, G_OPTION_ARG_STRING, &o_granted_by, "issue: who granted the green channel", "WHO" },
    { "person", 0, 0, G_OPTION_ARG_STRING, &o_person, "issue: person id", "ID" },
    { "to-category", 0, 0, G_OPTION_ARG_STRING, &o_to_category, "transfer: to this category", "C" },
    { "to-window", 0, 0, G_OPTION_ARG_INT, &o_to_window, "transfer: to this window", "N" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o_reason, "pause: reason", "R" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &o_password, "signin: password", "P" },
    { "primary", 0, 0, G_OPTION_ARG_STRING, &o_primary, "map: primary categories", "a,b" },
    { "backup", 0, 0, G_OPTION_ARG_STRING, &o_backup, "map: backup categories", "c,d" },
    { "set", 0, 0, G_OPTION_ARG_INT64, &o_set, "clock: set the test clock", "EPOCH" },
    { "advance", 0, 0, G_OPTION_ARG_INT64, &o_advance, "clock: advance the test clock", "SECONDS" },
    { "count", 0, 0, G_OPTION_ARG_INT, &o_count, "watch: stop after N events", "N" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &o_out, "enroll: write the device's key here", "FILE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o_name, "enroll: where the device stands", "NAME" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &o_db, "backup: the live database (default state/demo/hall.db or state/hall.db)", "FILE" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &o_from, "report: first day (default: the hall's today)", "YYYY-MM-DD|today|yesterday" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &o_to, "report: last day (default: --from)", "YYYY-MM-DD|today|yesterday" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &o_by, "report: category, window, clerk, hour or day", "WHAT" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &o_csv, "report: also write CSV here (- = stdout only)", "FILE" },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &o_pdf, "report: also write a PDF report (table and charts) here", "FILE" },
    { "reasons", 0, 0, G_OPTION_ARG_STRING, &o_reasons, "rate: reason codes", "a,b" },
    { "text", 0, 0, G_OPTION_ARG_STRING, &o_text, "rate: the visitor's words", "T" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &o_note, "case: what was done", "T" },
    { "verdict", 0, 0, G_OPTION_ARG_STRING, &o_verdict, "case verdict: 满意, 基本满意 or 不满意", "V" },
    { "filter", 0, 0, G_OPTION_ARG_STRING, &o_filter, "cases: open, overdue or all", "F" },
    { NULL }
};

static const char *s_summary =
    "Commands:\n"
    "  categories                      categories: code, prefix, name, open/closed, waiting\n"
    "  windows                         windows: number, name, state, primary, backup, ticket\n"
    "  issue CATEGORY [--green R] [--granted-by W] [--person ID]\n"
    "  call|recall|start|finish|no-show WINDOW\n"
    "  requeue TICKET                  cancel TICKET\n"
    "  transfer WINDOW --to-category C | --to-window N\n"
    "  pause WINDOW [--reason R]       resume WINDOW\n"
    "  signin WINDOW STAFF [--password P]   signout WINDOW\n"
    "  map WINDOW --primary a,b [--backup c,d]\n"
    "  open CATEGORY                   close CATEGORY\n"
    "  ticket NUMBER                   status of one ticket\n"
    "  find NUMBER [--from DAY]        one ticket's history: issued, called, transferred, waited\n"
    "  status                          the hall at a glance (--json: the snapshot)\n"
    "  clock [--set EPOCH] [--advance SECONDS]   the server's (test) clock\n"
    "  watch [--count N]               print events as they come\n"
    "  rate WINDOW|TICKET LEVEL [--reasons a,b] [--text T]   好差评 (5 非常满意 .. 1 非常不满意)\n"
    "  reasons                         the rating reason list\n"
    "  cases [--filter open|overdue|all]   差评 follow-up cases\n"
    "  case ID contact|rectify|revisit|verdict|appeal|close [--note T] [--verdict V] [--reason R]\n"
    "  report [--from DAY] [--to DAY] [--by category|window|clerk|hour|day] [--csv FILE] [--pdf FILE]\n"
    "                                  DAY: YYYY-MM-DD, today or yesterday (the hall's day)\n"
    "  enroll ROLE [WINDOW] --out FILE [--name N]   a device key (kiosk, counter, rating_pad, display, manager, admin)\n"
    "  devices                         enrolled devices: id, role, window, valid/revoked, name\n"
    "  revoke DEVICE-ID                cut a device off at once\n"
    "  passwd STAFF --password P       set a clerk's or manager's password\n"
    "  backup FILE [--db DATABASE]     a consistent copy of the live database";

static volatile sig_atomic_t s_stop = 0;

static void
s_on_signal (int signum)
{
    s_stop = 1;
}

static int
s_usage (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static int
s_usage (const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    char *text = g_strdup_vprintf (fmt, args);
    va_end (args);
    fprintf (stderr, "hallctl: %s (try hallctl --help)\n", text);
    g_free (text);
    return EXIT_USAGE;
}

/* ---- small helpers ------------------------------------------------------- */

static const char *
s_str (json_t *object, const char *key, const char *fallback)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : fallback;
}

static json_int_t
s_int (json_t *object, const char *key)
{
    return json_integer_value (json_object_get (object, key));
}

/* A window number 1..999, or 0 when TEXT is not one. */
static int
s_window_number (const char *text)
{
    char *end = NULL;
    errno = 0;
    long number = text ? strtol (text, &end, 10) : 0;
    if (!text || errno || end == text || *end || number < 1 || number > 999)
        return 0;
    return (int) number;
}

static json_t *
s_codes (const char *list)
{
    json_t *array = json_array ();
    gchar **codes = g_strsplit (list, ",", -1);
    for (gchar **code = codes; *code; code++) {
        g_strstrip (*code);
        if (**code)
            json_array_append_new (array, json_string (*code));
    }
    g_strfreev (codes);
    return array;
}

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

static void
s_print_json (json_t *json)
{
    char *text = json_dumps (json, JSON_COMPACT | JSON_ENCODE_ANY);
    printf ("%s\n", text ? text : "null");
    free (text);
}

static long
s_minutes (json_int_t seconds)
{
    return seconds > 0 ? (long) ((seconds + 59) / 60) : 0;
}

/* ---- requests ------------------------------------------------------------ */

typedef struct {
    hall_session_t *session;   /* the one connection */
    int             code;      /* exit code of the command */
} ctl_t;

/* Runs one request.  Returns the result (new reference) or NULL after
 * printing the error; the first request uses --req when given. */
static json_t *
s_request (ctl_t *ctl, hall_op_t op, json_t *args /* stolen, may be NULL */)
{
    hall_reply_t reply;
    hall_error_t rc;
    if (o_req > 0) {
        rc = hall_session_call_as (ctl->session, o_req, op, args, &reply);
        o_req = 0;
    }
    else
        rc = hall_session_call (ctl->session, op, args, &reply);
    json_decref (args);
    if (rc != HALL_OK) {
        fprintf (stderr, "hallctl: %s: %s\n", hall_error_name (reply.error), reply.message);
        hall_reply_clear (&reply);
        ctl->code = EXIT_REFUSED;
        return NULL;
    }
    json_t *result = reply.result;
    reply.result = NULL;
    return result;
}

/* The hall as a mirror (for waiting counts and ticket numbers). */
static hall_mirror_t *
s_snapshot_mirror (ctl_t *ctl, json_t **snapshot_p)
{
    json_t *snapshot = s_request (ctl, HALL_OP_SNAPSHOT, NULL);
    if (!snapshot)
        return NULL;
    hall_mirror_t *mirror = hall_mirror_new ();
    if (hall_mirror_load (mirror, snapshot) != 0) {
        fprintf (stderr, "hallctl: malformed: the snapshot is not of the documented shape\n");
        hall_mirror_destroy (&mirror);
        json_decref (snapshot);
        ctl->code = EXIT_REFUSED;
        return NULL;
    }
    if (snapshot_p)
        *snapshot_p = snapshot;
    else
        json_decref (snapshot);
    return mirror;
}

static const char *
s_ticket_number (hall_mirror_t *mirror, json_t *jid)
{
    if (!json_is_integer (jid))
        return "-";
    json_t *ticket = hall_mirror_ticket (mirror, json_integer_value (jid));
    return ticket ? s_str (ticket, "number", "?") : "?";
}

/* ---- commands ------------------------------------------------------------ */

static void
s_print_categories (hall_mirror_t *mirror)
{
    size_t i;
    json_t *category;
    json_array_foreach (hall_mirror_categories (mirror), i, category) {
        const char *code = s_str (category, "code", "?");
        printf ("%s\t%s\t%s\t%s\t%d\n", code, s_str (category, "prefix", "?"),
                s_str (category, "name", ""),
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
        printf ("%d\t%s\t%s\t%s\t%s\t%s\n", (int) s_int (window, "number"),
                s_str (window, "name", ""), s_str (window, "state", "?"), primary, backup,
                s_ticket_number (mirror, json_object_get (window, "ticket")));
        g_free (primary);
        g_free (backup);
    }
}

static int
s_cmd_list (ctl_t *ctl, bool windows)
{
    json_t *snapshot = NULL;
    hall_mirror_t *mirror = s_snapshot_mirror (ctl, &snapshot);
    if (!mirror)
        return ctl->code;
    if (o_json)
        s_print_json (json_object_get (snapshot, windows ? "windows" : "categories"));
    else if (windows)
        s_print_windows (mirror);
    else
        s_print_categories (mirror);
    json_decref (snapshot);
    hall_mirror_destroy (&mirror);
    return 0;
}

static int
s_cmd_status (ctl_t *ctl)
{
    json_t *snapshot = NULL;
    hall_mirror_t *mirror = s_snapshot_mirror (ctl, &snapshot);
    if (!mirror)
        return ctl->code;
    if (o_json)
        s_print_json (snapshot);
    else {
        json_t *hall = hall_mirror_hall (mirror);
        printf ("%s  %s  seq %" JSON_INTEGER_FORMAT "  %zu active tickets\n",
                s_str (hall, "name", "?"), hall_mirror_day (mirror),
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

/* Prints what a writing command acted on: the ticket number first, or
 * the window or the category. */
static void
s_print_acted (json_t *result)
{
    json_t *ticket = json_object_get (result, "ticket");
    json_t *window = json_object_get (result, "window");
    json_t *category = json_object_get (result, "category");
    if (json_is_object (ticket))
        printf ("%s\n", s_str (ticket, "number", "?"));
    else if (json_is_object (window)) {
        const char *reason = s_str (window, "pause_reason", NULL);
        json_t *clerk = json_object_get (window, "clerk");
        printf ("%d\t%s", (int) s_int (window, "number"), s_str (window, "state", "?"));
        if (reason && json_is_true (json_object_get (window, "paused")))
            printf ("\t%s", reason);
        if (json_is_object (clerk))
            printf ("\t%s", s_str (clerk, "id", "?"));
        printf ("\n");
    }
    else if (json_is_object (category))
        printf ("%s\t%s\n", s_str (category, "code", "?"),
                json_is_true (json_object_get (category, "open")) ? "open" : "closed");
    else if (json_object_get (result, "ticket"))
        printf ("none\n");
    else
        printf ("ok\n");
}

/* Runs OP with ARGS and prints the result the usual way. */
static int
s_cmd_simple (ctl_t *ctl, hall_op_t op, json_t *args)
{
    json_t *result = s_request (ctl, op, args);
    if (!result)
        return ctl->code;
    if (o_json)
        s_print_json (result);
    else
        s_print_acted (result);
    json_decref (result);
    return 0;
}

static int
s_cmd_issue (ctl_t *ctl, const char *category)
{
    json_t *args = json_pack ("{s:s}", "category", category);
    if (o_green)
        json_object_set_new (args, "green", json_string (o_green));
    if (o_granted_by)
        json_object_set_new (args, "granted_by", json_string (o_granted_by));
    if (o_person)
        json_object_set_new (args, "person", json_string (o_person));
    json_t *result = s_request (ctl, HALL_OP_ISSUE, args);
    if (!result)
        return ctl->code;
    if (o_json)
        s_print_json (result);
    else
        printf ("%s ahead %d wait %ld min\n",
                s_str (json_object_get (result, "ticket"), "number", "?"),
                (int) s_int (result, "ahead"), s_minutes (s_int (result, "estimated_wait")));
    json_decref (result);
    return 0;
}

static int
s_cmd_ticket (ctl_t *ctl, const char *number)
{
    json_t *result = s_request (ctl, HALL_OP_STATUS, json_pack ("{s:s}", "ticket", number));
    if (!result)
        return ctl->code;
    if (o_json)
        s_print_json (result);
    else {
        json_t *ticket = json_object_get (result, "ticket");
        json_t *window = json_object_get (ticket, "window");
        char at[16] = "-";
        if (json_is_integer (window))
            g_snprintf (at, sizeof at, "%d", (int) json_integer_value (window));
        printf ("%s %s ahead %d wait %ld min window %s\n", s_str (ticket, "number", number),
                s_str (ticket, "state", "?"), (int) s_int (result, "ahead"),
                s_minutes (s_int (result, "estimated_wait")), at);
    }
    json_decref (result);
    return 0;
}

/* `find NUMBER [--from DAY]`: one ticket's history, each event at its
 * offset from the issue (no clock or zone needed to read it). */
static int
s_cmd_find (ctl_t *ctl, const char *number)
{
    json_t *args = json_pack ("{s:s}", "number", number);
    if (o_from)
        json_object_set_new (args, "day", json_string (o_from));
    json_t *result = s_request (ctl, HALL_OP_TICKET_FIND, args);
    if (!result)
        return ctl->code;
    if (o_json) {
        s_print_json (result);
        json_decref (result);
        return 0;
    }
    json_t *ticket = json_object_get (result, "ticket");
    json_int_t issued = s_int (ticket, "issued_at");
    /* Durations as minutes:seconds, like the offsets below. */
    json_int_t waited = s_int (result, "waited");
    printf ("%s %s %s waited %" JSON_INTEGER_FORMAT ":%02d", s_str (ticket, "number", number),
            s_str (ticket, "category", "?"), s_str (ticket, "state", "?"), waited / 60, (int) (waited % 60));
    if (json_is_integer (json_object_get (result, "served"))) {
        json_int_t served = s_int (result, "served");
        printf (" served %" JSON_INTEGER_FORMAT ":%02d", served / 60, (int) (served % 60));
    }
    printf ("\n");
    size_t i;
    json_t *event;
    json_array_foreach (json_object_get (result, "history"), i, event) {
        json_int_t after = s_int (event, "time") - issued;
        printf ("  +%" JSON_INTEGER_FORMAT ":%02d\t%s", after / 60, (int) (after % 60),
                s_str (event, "type", "?"));
        if (json_is_integer (json_object_get (event, "window")))
            printf ("\twindow %d", (int) s_int (event, "window"));
        if (json_is_string (json_object_get (event, "clerk")))
            printf ("\tclerk %s", s_str (event, "clerk", "?"));
        printf ("\n");
    }
    json_decref (result);
    return 0;
}

static int
s_cmd_clock (ctl_t *ctl)
{
    json_t *args = json_object ();
    if (o_set > 0)
        json_object_set_new (args, "set", json_integer (o_set));
    if (o_advance >= 0)
        json_object_set_new (args, "advance", json_integer (o_advance));
    json_t *result = s_request (ctl, HALL_OP_CLOCK, args);
    if (!result)
        return ctl->code;
    if (o_json)
        s_print_json (result);
    else
        printf ("%" JSON_INTEGER_FORMAT "\n", s_int (result, "time"));
    json_decref (result);
    return 0;
}

/* ---- watch --------------------------------------------------------------- */

typedef struct {
    int count;        /* events printed */
} watch_t;

static void
s_watch_event (hall_session_t *session, json_t *event, void *user)
{
    watch_t *watch = user;
    if (!event)
        return;               /* a (re)load: nothing to print */
    if (o_json)
        s_print_json (event);
    else {
        json_t *ticket = json_object_get (event, "ticket");
        json_t *call = json_object_get (event, "call");
        json_t *window = json_object_get (event, "window");
        const char *number = s_str (ticket, "number", s_str (call, "number", "-"));
        json_t *at = json_object_get (ticket, "window");
        if (!json_is_integer (at))
            at = json_object_get (call, "window");
        if (!json_is_integer (at))
            at = json_object_get (window, "number");
        char where[16] = "-";
        if (json_is_integer (at))
            g_snprintf (where, sizeof where, "%d", (int) json_integer_value (at));
        printf ("%" JSON_INTEGER_FORMAT " %s %s %s\n", s_int (event, "seq"),
                s_str (event, "type", "?"), number, where);
    }
    fflush (stdout);
    watch->count++;
}

static void
s_watch_online (hall_session_t *session, bool online, void *user)
{
    if (!o_json)
        fprintf (stderr, "hallctl: %s\n", online ? "online" : "offline");
}

static int
s_cmd_watch (void)
{
    const char *requests = o_server ? o_server : HALL_DEFAULT_REQUESTS;
    const char *events = o_events ? o_events : HALL_DEFAULT_EVENTS;
    hall_role_t role = o_role ? hall_role_from_name (o_role) : HALL_ROLE_ADMIN;
    hall_session_t *session = hall_session_new (requests, events, role, o_role_window, o_client);
    if (!session) {
        fprintf (stderr, "hallctl: internal: cannot connect to %s and %s\n", requests, events);
        return EXIT_REFUSED;
    }
    hall_session_set_timeout (session, o_timeout, o_retries);
    watch_t watch = { 0 };
    hall_session_on_event (session, s_watch_event, &watch);
    hall_session_on_online (session, s_watch_online, NULL);
    while (!s_stop && (o_count <= 0 || watch.count < o_count))
        if (hall_session_pump (session, 500) < 0 && s_stop)
            break;
    hall_session_destroy (&session);
    return 0;
}

/* ---- main ---------------------------------------------------------------- */

/* The window argument of a window command, or 0 after a usage message. */
static int
s_need_window (int argc, char **argv, const char *command)
{
    if (argc < 3) {
        s_usage ("%s needs a window number", command);
        return 0;
    }
    int window = s_window_number (argv[2]);
    if (!window)
        s_usage ("'%s' is not a window number (1-999)", argv[2]);
    return window;
}

static int
s_run (ctl_t *ctl, int argc, char **argv)
{
    const char *command = argv[1];
    const char *arg = argc >= 3 ? argv[2] : NULL;
    static const struct {
        const char *name;
        hall_op_t   op;
    } window_ops[] = {
        { "call", HALL_OP_CALL }, { "recall", HALL_OP_RECALL }, { "start", HALL_OP_START },
        { "finish", HALL_OP_FINISH }, { "no-show", HALL_OP_NOSHOW }, { "noshow", HALL_OP_NOSHOW },
        { "resume", HALL_OP_RESUME }, { "signout", HALL_OP_SIGNOUT },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (window_ops); i++)
        if (strcmp (command, window_ops[i].name) == 0) {
            int window = s_need_window (argc, argv, command);
            if (!window)
                return EXIT_USAGE;
            return s_cmd_simple (ctl, window_ops[i].op, json_pack ("{s:i}", "window", window));
        }

    if (strcmp (command, "categories") == 0 || strcmp (command, "windows") == 0)
        return s_cmd_list (ctl, strcmp (command, "windows") == 0);
    if (strcmp (command, "status") == 0)
        return s_cmd_status (ctl);
    if (strcmp (command, "clock") == 0)
        return s_cmd_clock (ctl);
    if (strcmp (command, "issue") == 0) {
        if (!arg)
            return s_usage ("issue needs a category code");
        return s_cmd_issue (ctl, arg);
    }
    if (strcmp (command, "ticket") == 0) {
        if (!arg)
            return s_usage ("ticket needs a ticket number");
        return s_cmd_ticket (ctl, arg);
    }
    if (strcmp (command, "find") == 0) {
        if (!arg)
            return s_usage ("find needs a ticket number");
        return s_cmd_find (ctl, arg);
    }
    if (strcmp (command, "requeue") == 0 || strcmp (command, "cancel") == 0) {
        if (!arg)
            return s_usage ("%s needs a ticket number", command);
        return s_cmd_simple (ctl, command[0] == 'r' ? HALL_OP_REQUEUE : HALL_OP_CANCEL,
                             json_pack ("{s:s}", "ticket", arg));
    }
    if (strcmp (command, "open") == 0 || strcmp (command, "close") == 0) {
        if (!arg)
            return s_usage ("%s needs a category code", command);
        return s_cmd_simple (ctl, HALL_OP_CATEGORY_OPEN,
                             json_pack ("{s:s, s:b}", "category", arg, "open", command[0] == 'o'));
    }

    if (strcmp (command, "transfer") && strcmp (command, "pause")
        && strcmp (command, "signin") && strcmp (command, "map"))
        return s_usage ("unknown command '%s'", command);
    int window = s_need_window (argc, argv, command);
    if (!window)
        return EXIT_USAGE;
    json_t *args = json_pack ("{s:i}", "window", window);
    hall_op_t op = HALL_OP_NONE;
    if (strcmp (command, "transfer") == 0) {
        op = HALL_OP_TRANSFER;
        if (!o_to_category == !o_to_window) {
            json_decref (args);
            return s_usage ("transfer needs one of --to-category or --to-window");
        }
        if (o_to_category)
            json_object_set_new (args, "to_category", json_string (o_to_category));
        else
            json_object_set_new (args, "to_window", json_integer (o_to_window));
    }
    else if (strcmp (command, "pause") == 0) {
        op = HALL_OP_PAUSE;
        if (o_reason)
            json_object_set_new (args, "reason", json_string (o_reason));
    }
    else if (strcmp (command, "signin") == 0) {
        op = HALL_OP_SIGNIN;
        if (argc < 4) {
            json_decref (args);
            return s_usage ("signin needs a window and a staff id");
        }
        json_object_set_new (args, "staff", json_string (argv[3]));
        if (o_password)
            json_object_set_new (args, "password", json_string (o_password));
    }
    else if (strcmp (command, "map") == 0) {
        op = HALL_OP_WINDOW_MAP;
        if (!o_primary) {
            json_decref (args);
            return s_usage ("map needs --primary a,b");
        }
        json_object_set_new (args, "primary", s_codes (o_primary));
        if (o_backup)
            json_object_set_new (args, "backup", s_codes (o_backup));
    }
    return s_cmd_simple (ctl, op, args);
}

static void
s_options_free (void)
{
    char **strings[] = { &o_server, &o_events, &o_role, &o_client, &o_green, &o_granted_by,
                         &o_person, &o_to_category, &o_reason, &o_password, &o_primary,
                         &o_backup, &o_key, &o_out, &o_name, &o_db, &o_from, &o_to, &o_by,
                         &o_csv, &o_pdf, &o_reasons, &o_text, &o_note, &o_verdict, &o_filter };
    for (size_t i = 0; i < G_N_ELEMENTS (strings); i++)
        g_clear_pointer (strings[i], g_free);
}

/* Runs the command of the parsed command line ARGV. */
static int
s_main (int argc, char **argv)
{
    if (argc < 2)
        return s_usage ("no command");

    hall_role_t role = o_role ? hall_role_from_name (o_role) : HALL_ROLE_ADMIN;
    if (role == HALL_ROLE_NONE)
        return s_usage ("unknown role '%s'", o_role);
    if (o_role_window < 0 || o_role_window > 999)
        return s_usage ("--role-window must be 1-999");
    /* A counter or rating pad acts for its window: the command's, unless
     * --role-window says otherwise. */
    if ((role == HALL_ROLE_COUNTER || role == HALL_ROLE_RATING_PAD) && !o_role_window) {
        o_role_window = argc >= 3 ? s_window_number (argv[2]) : 0;
        if (!o_role_window)
            return s_usage ("role %s needs --role-window", o_role);
    }
    if (o_client && (!*o_client || strlen (o_client) > HALL_MAX_CLIENT_ID))
        return s_usage ("--client must be 1 to %d bytes", HALL_MAX_CLIENT_ID);
    if (o_timeout <= 0 || o_retries < 0)
        return s_usage ("--timeout must be positive and --retries not negative");

    hallctl_keys_options_t keys = { .key = o_key, .out = o_out, .name = o_name, .db = o_db,
                                    .password = o_password, .json = o_json };
    hallctl_keys_init (&keys);
    int backup = hallctl_backup_command (&keys, argc, argv);
    if (backup >= 0)
        return backup;

    struct sigaction action = { .sa_handler = s_on_signal };
    sigemptyset (&action.sa_mask);
    sigaction (SIGINT, &action, NULL);
    sigaction (SIGTERM, &action, NULL);

    if (strcmp (argv[1], "watch") == 0)
        return s_cmd_watch ();

    const char *requests = o_server ? o_server : HALL_DEFAULT_REQUESTS;
    ctl_t ctl = { 0 };
    ctl.session = hall_session_new (requests, NULL, role, o_role_window, o_client);
    if (!ctl.session) {
        fprintf (stderr, "hallctl: internal: cannot connect to %s\n", requests);
        return EXIT_REFUSED;
    }
    hall_session_set_timeout (ctl.session, o_timeout, o_retries);
    int code = hallctl_keys_command (ctl.session, &keys, argc, argv);
    hallctl_report_options_t report = { .from = o_from, .to = o_to, .by = o_by, .csv = o_csv, .pdf = o_pdf,
                                         .reasons = o_reasons, .text = o_text, .note = o_note,
                                         .verdict = o_verdict, .reason = o_reason,
                                         .filter = o_filter, .json = o_json };
    if (code < 0)
        code = hallctl_report_command (ctl.session, &report, argc, argv);
    if (code < 0)
        code = s_run (&ctl, argc, argv);
    hall_session_destroy (&ctl.session);
    return code;
}

int
main (int argc, char *argv[])
{
    GError *error = NULL;
    GOptionContext *context = g_option_context_new ("COMMAND [ARG...]");
    g_option_context_set_summary (context, "Drive the hall server from the command line.");
    g_option_context_set_description (context, s_summary);
    g_option_context_add_main_entries (context, s_global_options, NULL);
    GOptionGroup *group = g_option_group_new ("command", "Command options:",
                                              "Show the options of the commands", NULL, NULL);
    g_option_group_add_entries (group, s_command_options);
    g_option_context_add_group (context, group);
    /* Reasons and names are Chinese: with no UTF-8 locale set (a bare
     * C locale on a server or in CI), take the terminal as UTF-8. */
    setlocale (LC_ALL, "");
    if (strcmp (nl_langinfo (CODESET), "UTF-8") != 0)
        setlocale (LC_CTYPE, "C.UTF-8");
    argv = g_strdupv (argv);
    if (!g_option_context_parse_strv (context, &argv, &error)) {
        fprintf (stderr, "hallctl: %s (try hallctl --help)\n", error->message);
        g_error_free (error);
        g_option_context_free (context);
        g_strfreev (argv);
        s_options_free ();
        return EXIT_USAGE;
    }
    g_option_context_free (context);
    int code = s_main ((int) g_strv_length (argv), argv);
    g_strfreev (argv);
    s_options_free ();
    return code;
}
