/*  hallctl-report.c — rate, reasons, cases, case, report (hallctl-report.h).
 *
 *  Output follows hallctl's rule: the first word of a line is the thing
 *  acted on (ticket number, case id, row key); --json prints the result.
 */
#include "hallctl-report.h"
#include "manager-report.h"
#include "report-table.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_REFUSED 1
#define EXIT_USAGE   2

static int
s_usage (const char *text)
{
    fprintf (stderr, "hallctl: %s (try hallctl --help)\n", text);
    return EXIT_USAGE;
}

/* Runs OP; the result (new reference) or NULL after printing the error. */
static json_t *
s_request (hall_session_t *session, hall_op_t op, json_t *args)
{
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (session, op, args, &reply);
    json_decref (args);
    if (rc != HALL_OK) {
        fprintf (stderr, "hallctl: %s: %s\n", hall_error_name (reply.error), reply.message);
        hall_reply_clear (&reply);
        return NULL;
    }
    json_t *result = reply.result;
    reply.result = NULL;
    return result;
}

static void
s_print_json (json_t *json)
{
    char *text = json_dumps (json, JSON_COMPACT | JSON_ENCODE_ANY);
    printf ("%s\n", text ? text : "null");
    free (text);
}

static json_t *
s_list (const char *text)
{
    json_t *array = json_array ();
    gchar **items = g_strsplit (text ? text : "", ",", -1);
    for (gchar **item = items; *item; item++)
        if (*g_strstrip (*item))
            json_array_append_new (array, json_string (*item));
    g_strfreev (items);
    return array;
}

static const char *
s_str (json_t *object, const char *key, const char *fallback)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : fallback;
}

/* rate WINDOW|TICKET LEVEL */
static int
s_rate (hall_session_t *session, const hallctl_report_options_t *o, int argc, char **argv)
{
    if (argc < 4)
        return s_usage ("rate needs a window or ticket and a level 1-5");
    char *end = NULL;
    errno = 0;
    long level = strtol (argv[3], &end, 10);
    if (errno || *end || level < 1 || level > 5)
        return s_usage ("the level is 1 (非常不满意) to 5 (非常满意)");
    long window = strtol (argv[2], &end, 10);
    json_t *args = json_pack ("{s:i}", "level", (int) level);
    if (!*end && window >= 1 && window <= 999)
        json_object_set_new (args, "window", json_integer (window));
    else
        json_object_set_new (args, "ticket", json_string (argv[2]));
    if (o->reasons)
        json_object_set_new (args, "reasons", s_list (o->reasons));
    if (o->text)
        json_object_set_new (args, "text", json_string (o->text));
    json_t *result = s_request (session, HALL_OP_RATE, args);
    if (!result)
        return EXIT_REFUSED;
    if (o->json)
        s_print_json (result);
    else {
        json_t *rating = json_object_get (result, "rating");
        json_t *kase = json_object_get (result, "case");
        printf ("%s\t%d\t%s", s_str (rating, "number", "?"),
                (int) json_integer_value (json_object_get (rating, "level")), s_str (rating, "level_name", ""));
        if (json_is_object (kase))
            printf ("\tcase %d", (int) json_integer_value (json_object_get (kase, "id")));
        printf ("\n");
    }
    json_decref (result);
    return 0;
}

static int
s_reasons (hall_session_t *session, const hallctl_report_options_t *o)
{
    json_t *result = s_request (session, HALL_OP_RATING_REASONS, NULL);
    if (!result)
        return EXIT_REFUSED;
    if (o->json)
        s_print_json (result);
    else {
        size_t i, j;
        json_t *dimension, *reason;
        json_array_foreach (json_object_get (result, "dimensions"), i, dimension)
            json_array_foreach (json_object_get (dimension, "reasons"), j, reason)
                printf ("%s\t%s\t%s\n", s_str (reason, "code", "?"), s_str (dimension, "name", ""),
                        s_str (reason, "name", ""));
    }
    json_decref (result);
    return 0;
}

static void
s_print_case (json_t *kase)
{
    printf ("%d\t%s\t%s %s\t%s\towner %s%s\n", (int) json_integer_value (json_object_get (kase, "id")),
            s_str (kase, "kind", "?"), s_str (kase, "day", "?"), s_str (kase, "number", "?"),
            s_str (kase, "state", "?"), s_str (kase, "owner", "-"),
            json_is_true (json_object_get (kase, "overdue")) ? "\toverdue" : "");
}

static int
s_cases (hall_session_t *session, const hallctl_report_options_t *o)
{
    json_t *args = json_object ();
    if (o->filter)
        json_object_set_new (args, "filter", json_string (o->filter));
    json_t *result = s_request (session, HALL_OP_CASES, args);
    if (!result)
        return EXIT_REFUSED;
    if (o->json)
        s_print_json (result);
    else {
        size_t i;
        json_t *kase;
        json_array_foreach (json_object_get (result, "cases"), i, kase)
            s_print_case (kase);
    }
    json_decref (result);
    return 0;
}

/* case ID ACTION */
static int
s_case (hall_session_t *session, const hallctl_report_options_t *o, int argc, char **argv)
{
    if (argc < 4)
        return s_usage ("case needs a case id and an action");
    char *end = NULL;
    long id = strtol (argv[2], &end, 10);
    if (*end || id < 1)
        return s_usage ("a case id is a positive number");
    json_t *args = json_pack ("{s:i, s:s}", "case", (int) id, "action", argv[3]);
    if (o->note)
        json_object_set_new (args, "note", json_string (o->note));
    if (o->verdict)
        json_object_set_new (args, "verdict", json_string (o->verdict));
    if (o->reason)
        json_object_set_new (args, "reason", json_string (o->reason));
    json_t *result = s_request (session, HALL_OP_CASE_UPDATE, args);
    if (!result)
        return EXIT_REFUSED;
    if (o->json)
        s_print_json (result);
    else
        s_print_case (json_object_get (result, "case"));
    json_decref (result);
    return 0;
}

/* GIVEN as a day of the report: "today" and "yesterday" are the hall's,
 * from the server's day (its zone, its clock), never this machine's date;
 * anything else is passed on as written (the server checks it).  g_free. */
static char *
s_report_day (const char *given, const char *hall_day)
{
    if (strcmp (given, "today") != 0 && strcmp (given, "yesterday") != 0)
        return g_strdup (given);
    GDate date;
    g_date_clear (&date, 1);
    g_date_set_parse (&date, hall_day ? hall_day : "");
    if (!hall_day || !g_date_valid (&date))
        return NULL;
    if (strcmp (given, "yesterday") == 0)
        g_date_subtract_days (&date, 1);
    char text[16];
    g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (&date),
                g_date_get_month (&date), g_date_get_day (&date));
    return g_strdup (text);
}

static bool
s_is_relative (const char *day)
{
    return !day || strcmp (day, "today") == 0 || strcmp (day, "yesterday") == 0;
}

static int
s_report (hall_session_t *session, const hallctl_report_options_t *o)
{
    /* The hall's day (and zone) come from the server: "today" at 00:30 in
     * Shanghai is the Shanghai day, while this machine may still be on the
     * day before in UTC.  The snapshot is asked for only when a day is
     * relative, or for the PDF's hall name and zone. */
    json_t *snapshot = NULL;
    if (s_is_relative (o->from) || (o->to && s_is_relative (o->to)) || o->pdf) {
        snapshot = s_request (session, HALL_OP_SNAPSHOT, NULL);
        if (!snapshot)
            return EXIT_REFUSED;
    }
    const char *hall_day = json_string_value (json_object_get (snapshot, "day"));
    g_autofree char *from = s_report_day (o->from ? o->from : "today", hall_day);
    g_autofree char *to = o->to ? s_report_day (o->to, hall_day) : g_strdup (from);
    if (!from || !to) {
        json_decref (snapshot);
        fprintf (stderr, "hallctl: the server has no day yet\n");
        return EXIT_REFUSED;
    }
    json_t *args = json_pack ("{s:s, s:s}", "from", from, "to", to);
    if (o->by)
        json_object_set_new (args, "by", json_string (o->by));
    json_t *result = s_request (session, HALL_OP_REPORT, args);
    if (!result) {
        json_decref (snapshot);
        return EXIT_REFUSED;
    }
    int code = 0;
    if (o->csv && strcmp (o->csv, "-") != 0) {
        char *csv = hall_report_csv (result);
        GError *error = NULL;
        if (!csv || !g_file_set_contents (o->csv, csv, -1, &error)) {
            fprintf (stderr, "hallctl: cannot write %s: %s\n", o->csv, error ? error->message : "no report");
            g_clear_error (&error);
            code = EXIT_REFUSED;
        }
        free (csv);
    }
    if (o->pdf) {
        /* The same report on paper, with the dashboard's charts: the hourly
         * load needs the by-hour report of the same days. */
        json_t *hours_args = json_pack ("{s:s, s:s, s:s}", "from", from, "to", to, "by", "hour");
        json_t *hours = s_request (session, HALL_OP_REPORT, hours_args);
        json_t *hall = json_object_get (snapshot, "hall");
        GError *error = NULL;
        if (!manager_report_write_pdf (result, hours, json_string_value (json_object_get (hall, "name")),
                                       json_string_value (json_object_get (hall, "timezone")), o->pdf, &error)) {
            fprintf (stderr, "hallctl: cannot write %s: %s\n", o->pdf, error ? error->message : "?");
            g_clear_error (&error);
            code = EXIT_REFUSED;
        }
        json_decref (hours);
    }
    json_decref (snapshot);
    char *text = o->json ? NULL : o->csv && strcmp (o->csv, "-") == 0 ? hall_report_csv (result)
                                                                       : hall_report_text (result);
    if (o->json)
        s_print_json (result);
    else if (text)
        fputs (text, stdout);
    free (text);
    json_decref (result);
    return code;
}

int
hallctl_report_command (hall_session_t *session, const hallctl_report_options_t *options,
                        int argc, char **argv)
{
    const char *command = argv[1];
    if (strcmp (command, "rate") == 0)
        return s_rate (session, options, argc, argv);
    if (strcmp (command, "reasons") == 0)
        return s_reasons (session, options);
    if (strcmp (command, "cases") == 0)
        return s_cases (session, options);
    if (strcmp (command, "case") == 0)
        return s_case (session, options, argc, argv);
    if (strcmp (command, "report") == 0)
        return s_report (session, options);
    return -1;
}
