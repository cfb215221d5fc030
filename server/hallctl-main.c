/*  hallctl — the hall's command-line client, for operators and scripts.
 *
 *      hallctl [OPTION...] COMMAND [ARG...] [COMMAND OPTION...]
 *
 *  Every command is one request through a common/ session (same retries,
 *  same request numbers as the GUI clients).  The first word of each output
 *  line is the thing acted on (a ticket number, a window number, a category
 *  code), so scripts can cut it; --json prints the raw result instead.
 *  Exit status: 0 done, 1 the server refused or did not answer (one line
 *  "hallctl: CODE: message" on stderr), 2 usage error.
 *
 *  The commands are the rows of four tables (hallctl.h); this file parses
 *  the options shared by all of them, finds the command's row, parses its
 *  own options, connects when it needs the server and runs it.
 */
#include "hallctl.h"
#include "ticket-text.h"

#include <langinfo.h>
#include <signal.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* The options every command takes. */
static char    *o_server = NULL;
static char    *o_events = NULL;
static char    *o_role = NULL;
static gint     o_role_window = 0;
static char    *o_client = NULL;
static gint64   o_req = 0;
static gint     o_timeout = HALL_REQUEST_TIMEOUT;
static gint     o_retries = HALL_REQUEST_RETRIES;
static gboolean o_json = FALSE;
static char    *o_key = NULL;

static GOptionEntry s_global_options[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &o_server, "Request endpoint (" HALL_DEFAULT_REQUESTS ")", "EP" },
    { "events", 0, 0, G_OPTION_ARG_STRING, &o_events, "Event endpoint (" HALL_DEFAULT_EVENTS ")", "EP" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &o_role, "Role to act as (admin; the window's desk, counter, for call, recall, start, finish, no-show, transfer, pause)", "ROLE" },
    { "role-window", 0, 0, G_OPTION_ARG_INT, &o_role_window, "Window of a counter or rating_pad role", "N" },
    { "client", 0, 0, G_OPTION_ARG_STRING, &o_client, "Client id (default: made up)", "ID" },
    { "req", 0, 0, G_OPTION_ARG_INT64, &o_req, "Request number of the command's first request (idempotency tests)", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &o_timeout, "Wait for the first try, in ms (each retry waits twice as long, up to 4 times this)", "MS" },
    { "retries", 0, 0, G_OPTION_ARG_INT, &o_retries, "Retries after the first try", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o_json, "Print the raw result JSON", NULL },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &o_key,
      "This tool's device key (default $HALL_KEY, else state/demo/keys/admin.key or state/keys/admin.key)", "FILE" },
    { NULL }
};

static const hallctl_command_t *const s_tables[] = {
    hallctl_hall_commands, hallctl_booking_commands, hallctl_journey_commands, hallctl_report_commands,
    hallctl_case_commands, hallctl_config_commands, hallctl_keys_commands,
};

/* ---- what the command tables share (hallctl.h) ----------------------------- */

json_t *
hallctl_request (hallctl_t *ctl, hall_op_t op, json_t *args)
{
    return hallctl_request_quiet (ctl, op, args, HALL_OK);
}

json_t *
hallctl_request_quiet (hallctl_t *ctl, hall_op_t op, json_t *args, hall_error_t quiet)
{
    hall_reply_t reply;
    hall_error_t rc;
    if (ctl->req > 0) {
        rc = hall_session_call_as (ctl->session, ctl->req, op, args, &reply);
        ctl->req = 0;
    }
    else
        rc = hall_session_call (ctl->session, op, args, &reply);
    json_decref (args);
    ctl->error = rc;
    if (rc != HALL_OK) {
        if (rc != quiet)
            fprintf (stderr, "hallctl: %s: %s\n", hall_error_name (reply.error),
                     reply.message[0] ? reply.message : hall_error_text (reply.error));
        hall_reply_clear (&reply);
        return NULL;
    }
    json_t *result = reply.result;
    reply.result = NULL;
    return result;
}

int
hallctl_usage (const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    g_autofree char *text = g_strdup_vprintf (fmt, args);
    va_end (args);
    fprintf (stderr, "hallctl: %s (try hallctl --help)\n", text);
    return HALLCTL_EXIT_USAGE;
}

void
hallctl_print_json (json_t *json)
{
    char *text = json_dumps (json, JSON_COMPACT | JSON_ENCODE_ANY);
    printf ("%s\n", text ? text : "null");
    free (text);
}

const char *
hallctl_str (json_t *object, const char *key, const char *fallback)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : fallback;
}

json_int_t
hallctl_int (json_t *object, const char *key)
{
    return json_integer_value (json_object_get (object, key));
}

json_t *
hallctl_list (const char *text)
{
    json_t *array = json_array ();
    gchar **items = g_strsplit (text ? text : "", ",", -1);
    for (gchar **item = items; *item; item++)
        if (*g_strstrip (*item))
            json_array_append_new (array, json_string (*item));
    g_strfreev (items);
    return array;
}

int
hallctl_window_number (const char *text)
{
    char *end = NULL;
    long number = text ? strtol (text, &end, 10) : 0;
    if (!text || end == text || *end || number < 1 || number > 999)
        return 0;
    return (int) number;
}

char *
hallctl_wait_text (json_t *result)
{
    g_autofree char *band = hall_text_band (hall_estimate_get (result));
    return band ? g_strdup_printf ("%s min", band) : g_strdup ("none (no window serves it now)");
}

char *
hallctl_day (const char *given, const char *hall_day)
{
    int shift = strcmp (given, "today") == 0 ? 0 : strcmp (given, "yesterday") == 0 ? -1
              : strcmp (given, "tomorrow") == 0 ? 1 : 2;
    if (shift == 2)
        return g_strdup (given);
    GDate date;
    g_date_clear (&date, 1);
    g_date_set_parse (&date, hall_day ? hall_day : "");
    if (!hall_day || !g_date_valid (&date))
        return NULL;
    if (shift < 0)
        g_date_subtract_days (&date, 1);
    else if (shift > 0)
        g_date_add_days (&date, 1);
    char text[16];
    g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (&date),
                g_date_get_month (&date), g_date_get_day (&date));
    return g_strdup (text);
}

bool
hallctl_day_is_relative (const char *day)
{
    return !day || strcmp (day, "today") == 0 || strcmp (day, "yesterday") == 0
           || strcmp (day, "tomorrow") == 0;
}

char *
hallctl_hall_day (hallctl_t *ctl, const char *given)
{
    if (!hallctl_day_is_relative (given))
        return g_strdup (given);
    int64_t req = ctl->req;          /* --req is the command's own request's */
    ctl->req = 0;
    json_t *snapshot = hallctl_request (ctl, HALL_OP_SNAPSHOT, NULL);
    ctl->req = req;
    if (!snapshot)
        return NULL;
    char *day = hallctl_day (given ? given : "today", json_string_value (json_object_get (snapshot, "day")));
    json_decref (snapshot);
    if (!day)
        fprintf (stderr, "hallctl: the server has no day yet\n");
    return day;
}

/* ---- the command line ------------------------------------------------------ */

/* How many words of ARGS the verb VERB ("booking create" is two) takes,
 * or 0 when ARGS do not start with it. */
static int
s_verb_words (const char *verb, char **args)
{
    g_auto (GStrv) words = g_strsplit (verb, " ", -1);
    int n = 0;
    for (; words[n]; n++)
        if (!args[n] || strcmp (words[n], args[n]) != 0)
            return 0;
    return n;
}

/* The row whose verb ARGS start with (the longest such verb), and how many
 * words of ARGS it took in *WORDS. */
static const hallctl_command_t *
s_find (char **args, int *words)
{
    const hallctl_command_t *found = NULL;
    *words = 0;
    for (size_t t = 0; t < G_N_ELEMENTS (s_tables); t++)
        for (const hallctl_command_t *row = s_tables[t]; row->verb; row++) {
            int n = s_verb_words (row->verb, args);
            if (n > *words) {
                found = row;
                *words = n;
            }
        }
    return found;
}

/* True when VERB is one of GROUP's ("booking list" is booking's). */
static bool
s_in_group (const char *verb, const char *group)
{
    size_t len = strlen (group);
    return strncmp (verb, group, len) == 0 && verb[len] == ' ';
}

/* True when WORD is the first word of verbs of two ("booking"). */
static bool
s_is_group (const char *word)
{
    for (size_t t = 0; t < G_N_ELEMENTS (s_tables); t++)
        for (const hallctl_command_t *row = s_tables[t]; row->verb; row++)
            if (s_in_group (row->verb, word))
                return true;
    return false;
}

/* --help's list of commands, from the tables: all of them, or those of
 * GROUP ("booking"). */
static char *
s_commands_text (const char *group)
{
    GString *text = g_string_new ("Commands (hallctl COMMAND --help for a command's options):\n");
    for (size_t t = 0; t < G_N_ELEMENTS (s_tables); t++)
        for (const hallctl_command_t *row = s_tables[t]; row->verb; row++) {
            if (group && !s_in_group (row->verb, group))
                continue;
            g_autofree char *call = g_strdup_printf ("%s %s", row->verb, row->usage);
            if (g_utf8_strlen (call, -1) > 40)
                g_string_append_printf (text, "  %s\n  %-40s %s\n", call, "", row->summary);
            else
                g_string_append_printf (text, "  %-40s %s\n", call, row->summary);
        }
    g_string_append (text, "DAY: YYYY-MM-DD, today, yesterday or tomorrow (the hall's day)");
    return g_string_free (text, FALSE);
}

static GOptionContext *
s_command_context (const hallctl_command_t *command)
{
    g_autofree char *parameter = g_strdup_printf ("%s %s", command->verb, command->usage);
    GOptionContext *context = g_option_context_new (parameter);
    g_option_context_set_summary (context, command->summary);
    g_option_context_set_help_enabled (context, FALSE);
    if (command->options)
        g_option_context_add_main_entries (context, command->options, NULL);
    return context;
}

static bool
s_wants_help (char **argv)
{
    for (char **arg = argv + 1; *arg; arg++)
        if (strcmp (*arg, "--help") == 0 || strcmp (*arg, "-h") == 0 || strcmp (*arg, "-?") == 0)
            return true;
    return false;
}

/* Points HALL_KEY at the tool's key: --key, else $HALL_KEY, else the
 * first of state/demo/keys/admin.key and state/keys/admin.key. */
static void
s_key_init (void)
{
    if (o_key) {
        g_setenv ("HALL_KEY", o_key, TRUE);
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

/* Runs COMMAND with ARGV (its own options parsed away). */
static int
s_run (const hallctl_command_t *command, int argc, char **argv)
{
    if (argc - 1 < command->args)
        return hallctl_usage ("%s needs %s", command->verb, command->usage);
    hallctl_t ctl = { .req = o_req, .json = o_json, .client = o_client,
                      .requests = o_server ? o_server : HALL_DEFAULT_REQUESTS,
                      .events = o_events ? o_events : HALL_DEFAULT_EVENTS,
                      .role = o_role ? hall_role_from_name (o_role) : HALL_ROLE_ADMIN,
                      .role_window = o_role_window, .timeout = o_timeout, .retries = o_retries };
    if (ctl.role == HALL_ROLE_NONE)
        return hallctl_usage ("unknown role '%s'", o_role);
    if (o_role_window < 0 || o_role_window > 999)
        return hallctl_usage ("--role-window must be 1-999");
    /* What a clerk does at a desk is asked as that window's desk, so that
     * nobody signed in there is `not_signed_in` as at the desk itself
     * (the admin key may act as any role); --role admin still acts as the
     * admin, at any window.  A bad WINDOW is the command's usage error. */
    if ((command->flags & HALLCTL_DESK) && !o_role && hallctl_window_number (argv[1])) {
        ctl.role = HALL_ROLE_COUNTER;
        ctl.role_window = hallctl_window_number (argv[1]);
    }
    /* A counter or rating pad acts for its window: the command's, unless
     * --role-window says otherwise. */
    if ((ctl.role == HALL_ROLE_COUNTER || ctl.role == HALL_ROLE_RATING_PAD) && !ctl.role_window) {
        ctl.role_window = argc >= 2 ? hallctl_window_number (argv[1]) : 0;
        if (!ctl.role_window)
            return hallctl_usage ("role %s needs --role-window", o_role);
    }
    if (o_client && (!*o_client || strlen (o_client) > HALL_MAX_CLIENT_ID))
        return hallctl_usage ("--client must be 1 to %d bytes", HALL_MAX_CLIENT_ID);
    if (o_timeout <= 0 || o_retries < 0)
        return hallctl_usage ("--timeout must be positive and --retries not negative");
    s_key_init ();
    if (command->flags & HALLCTL_CONNECT) {
        ctl.session = hall_session_new (ctl.requests, NULL, ctl.role, ctl.role_window, o_client);
        if (!ctl.session) {
            fprintf (stderr, "hallctl: internal: cannot connect to %s\n", ctl.requests);
            return HALLCTL_EXIT_REFUSED;
        }
        hall_session_set_timeout (ctl.session, o_timeout, o_retries);
    }
    int code = command->run (&ctl, argc, argv);
    hall_session_destroy (&ctl.session);
    return code;
}

static void
s_options_free (void)
{
    char **strings[] = { &o_server, &o_events, &o_role, &o_client, &o_key };
    for (size_t i = 0; i < G_N_ELEMENTS (strings); i++)
        g_clear_pointer (strings[i], g_free);
}

/* ---- secrets, never from the command line ------------------------------------ */

static struct termios s_saved_tty;
static volatile sig_atomic_t s_tty_quiet = 0;

/* Echo back on, whatever ends the prompt (Ctrl-C included). */
static void
s_tty_restore (void)
{
    if (s_tty_quiet) {
        tcsetattr (STDIN_FILENO, TCSAFLUSH, &s_saved_tty);
        s_tty_quiet = 0;
    }
}

static void
s_on_signal (int signum)
{
    s_tty_restore ();
    signal (signum, SIG_DFL);
    raise (signum);
}

char *
hallctl_read_secret (const char *prompt)
{
    char line[128] = "";
    bool tty = isatty (STDIN_FILENO);
    if (tty) {
        static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
        struct sigaction action = { .sa_handler = s_on_signal };
        sigemptyset (&action.sa_mask);
        for (size_t i = 0; i < G_N_ELEMENTS (signals); i++)
            sigaction (signals[i], &action, NULL);
        /* Echo off before the prompt: nothing typed after it shows. */
        if (tcgetattr (STDIN_FILENO, &s_saved_tty) == 0) {
            struct termios quiet = s_saved_tty;
            quiet.c_lflag &= ~(tcflag_t) ECHO;
            quiet.c_lflag |= ECHONL;
            s_tty_quiet = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
        fputs (prompt, stderr);
        fflush (stderr);
    }
    bool got = fgets (line, sizeof line, stdin) != NULL;
    if (tty)
        s_tty_restore ();
    g_strstrip (line);
    char *secret = got && *line ? g_strdup (line) : NULL;
    explicit_bzero (line, sizeof line);
    return secret;
}


int
main (int argc, char *argv[])
{
    /* Reasons and names are Chinese: with no UTF-8 locale set (a bare
     * C locale on a server or in CI), take the terminal as UTF-8. */
    setlocale (LC_ALL, "");
    if (strcmp (nl_langinfo (CODESET), "UTF-8") != 0)
        setlocale (LC_CTYPE, "C.UTF-8");
    GOptionContext *context = g_option_context_new ("COMMAND [ARG...]");
    g_option_context_set_summary (context, "Drive the hall server from the command line.");
    g_autofree char *commands = s_commands_text (NULL);
    g_option_context_set_description (context, commands);
    g_option_context_add_main_entries (context, s_global_options, NULL);
    /* The command's own options are its row's: left for its parse. */
    g_option_context_set_ignore_unknown_options (context, TRUE);
    g_option_context_set_help_enabled (context, FALSE);
    char **args = g_strdupv (argv);
    GError *error = NULL;
    int code;
    if (!g_option_context_parse_strv (context, &args, &error)) {
        code = hallctl_usage ("%s", error->message);
        g_clear_error (&error);
    }
    else {
        int words = 0;
        const hallctl_command_t *command = args[1] && args[1][0] != '-' ? s_find (args + 1, &words) : NULL;
        bool group = !command && args[1] && s_is_group (args[1]);
        bool help = s_wants_help (args);
        if ((help || !args[1]) && !group) {
            GOptionContext *shown = command ? s_command_context (command) : context;
            g_autofree char *text = g_option_context_get_help (shown, FALSE, NULL);
            fputs (text, help ? stdout : stderr);
            if (shown != context)
                g_option_context_free (shown);
            code = help ? 0 : HALLCTL_EXIT_USAGE;
        }
        else if (group && args[2] && args[2][0] != '-' && !help)
            code = hallctl_usage ("unknown command '%s %s'", args[1], args[2]);
        else if (group) {
            /* "hallctl booking": the commands of the group. */
            g_autofree char *text = s_commands_text (args[1]);
            if (!help)
                fprintf (stderr, "hallctl: %s needs one of its commands:\n", args[1]);
            fprintf (help ? stdout : stderr, "%s\n", text);
            code = help ? 0 : HALLCTL_EXIT_USAGE;
        }
        else if (!command)
            code = hallctl_usage ("unknown command '%s'", args[1]);
        else {
            /* The command's options; what is left are its arguments, after
             * the verb as one word ("booking create"). */
            GOptionContext *own = s_command_context (command);
            char **rest = g_strdupv (args + words);
            g_free (rest[0]);
            rest[0] = g_strdup (command->verb);
            if (!g_option_context_parse_strv (own, &rest, &error)) {
                code = hallctl_usage ("%s: %s", command->verb, error->message);
                g_clear_error (&error);
            }
            else
                code = s_run (command, (int) g_strv_length (rest), rest);
            g_strfreev (rest);
            g_option_context_free (own);
        }
    }
    g_option_context_free (context);
    g_strfreev (args);
    s_options_free ();
    return code;
}
