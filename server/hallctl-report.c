/*  hallctl-report.c — hallctl's commands for 好差评 and reports (hallctl.h):
 *  rate, reasons, report, report national (cases: hallctl-case.c).
 *
 *  Output follows hallctl's rule: the first word of a line is the thing
 *  acted on (ticket number, case id, row key); --json prints the result.
 */
#include "hallctl.h"
#include "report-writer.h"
#include "report-table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_REFUSED HALLCTL_EXIT_REFUSED

static struct { char *reasons, *text, *phone; gboolean consent; } s_rate_opt;
static GOptionEntry s_rate_options[] = {
    { "reasons", 0, 0, G_OPTION_ARG_STRING, &s_rate_opt.reasons, "Reason codes (a 差评 needs one)", "a,b" },
    { "text", 0, 0, G_OPTION_ARG_STRING, &s_rate_opt.text, "The visitor's words", "T" },
    { "contact-phone", 0, 0, G_OPTION_ARG_STRING, &s_rate_opt.phone, "A 差评: the number the visitor left", "NO" },
    { "consent", 0, 0, G_OPTION_ARG_NONE, &s_rate_opt.consent, "The visitor agreed to be contacted on it", NULL },
    { NULL }
};

/* rate WINDOW|TICKET LEVEL */
static int
s_rate (hallctl_t *ctl, int argc, char **argv)
{
    char *end = NULL;
    errno = 0;
    long level = strtol (argv[2], &end, 10);
    if (errno || *end || level < 1 || level > 5)
        return hallctl_usage ("the level is 1 (非常不满意) to 5 (非常满意)");
    long window = strtol (argv[1], &end, 10);
    json_t *args = json_pack ("{s:i}", "level", (int) level);
    if (!*end && window >= 1 && window <= 999)
        json_object_set_new (args, "window", json_integer (window));
    else
        json_object_set_new (args, "ticket", json_string (argv[1]));
    if (s_rate_opt.reasons)
        json_object_set_new (args, "reasons", hallctl_list (s_rate_opt.reasons));
    if (s_rate_opt.text)
        json_object_set_new (args, "text", json_string (s_rate_opt.text));
    if (s_rate_opt.phone)
        json_object_set_new (args, "contact_phone", json_string (s_rate_opt.phone));
    if (s_rate_opt.consent)
        json_object_set_new (args, "consent", json_true ());
    json_t *result = hallctl_request (ctl, HALL_OP_RATE, args);
    if (!result)
        return EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else {
        json_t *rating = json_object_get (result, "rating");
        json_t *kase = json_object_get (result, "case");
        printf ("%s\t%d\t%s", hallctl_str (rating, "number", "?"),
                (int) json_integer_value (json_object_get (rating, "level")), hallctl_str (rating, "level_name", ""));
        if (json_is_object (kase))
            printf ("\tcase %d", (int) json_integer_value (json_object_get (kase, "id")));
        printf ("\n");
    }
    json_decref (result);
    return 0;
}

static int
s_reasons (hallctl_t *ctl, int argc, char **argv)
{
    json_t *result = hallctl_request (ctl, HALL_OP_RATING_REASONS, NULL);
    if (!result)
        return EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else {
        size_t i, j;
        json_t *dimension, *reason;
        json_array_foreach (json_object_get (result, "dimensions"), i, dimension)
            json_array_foreach (json_object_get (dimension, "reasons"), j, reason)
                printf ("%s\t%s\t%s\n", hallctl_str (reason, "code", "?"), hallctl_str (dimension, "name", ""),
                        hallctl_str (reason, "name", ""));
    }
    json_decref (result);
    return 0;
}

static struct { char *from, *to, *by, *csv, *pdf; } s_report_opt;
static GOptionEntry s_report_options[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &s_report_opt.from, "First day (default: the hall's today)", "DAY" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &s_report_opt.to, "Last day (default: --from)", "DAY" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &s_report_opt.by, "category, window, clerk, hour or day", "WHAT" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &s_report_opt.csv, "Also write CSV here (- = stdout only)", "FILE" },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &s_report_opt.pdf, "Also write a PDF report (table and charts) here", "FILE" },
    { NULL }
};

static int
s_report (hallctl_t *ctl, int argc, char **argv)
{
    __typeof__ (s_report_opt) *o = &s_report_opt;
    /* The hall's day (and zone) come from the server: "today" at 00:30 in
     * Shanghai is the Shanghai day, while this machine may still be on the
     * day before in UTC.  The snapshot is asked for only when a day is
     * relative, or for the PDF's hall name and zone. */
    json_t *snapshot = NULL;
    if (hallctl_day_is_relative (o->from) || (o->to && hallctl_day_is_relative (o->to)) || o->pdf) {
        snapshot = hallctl_request (ctl, HALL_OP_SNAPSHOT, NULL);
        if (!snapshot)
            return EXIT_REFUSED;
    }
    const char *hall_day = json_string_value (json_object_get (snapshot, "day"));
    g_autofree char *from = hallctl_day (o->from ? o->from : "today", hall_day);
    g_autofree char *to = o->to ? hallctl_day (o->to, hall_day) : g_strdup (from);
    if (!from || !to) {
        json_decref (snapshot);
        fprintf (stderr, "hallctl: the server has no day yet\n");
        return EXIT_REFUSED;
    }
    json_t *args = json_pack ("{s:s, s:s}", "from", from, "to", to);
    if (o->by)
        json_object_set_new (args, "by", json_string (o->by));
    json_t *result = hallctl_request (ctl, HALL_OP_REPORT, args);
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
         * load needs the by-hour report of the same days, the journeys'
         * part (一件事) the by-journey one. */
        json_t *hours_args = json_pack ("{s:s, s:s, s:s}", "from", from, "to", to, "by", "hour");
        json_t *hours = hallctl_request (ctl, HALL_OP_REPORT, hours_args);
        json_t *journeys_args = json_pack ("{s:s, s:s, s:s}", "from", from, "to", to, "by", "journey");
        json_t *journeys = hallctl_request (ctl, HALL_OP_REPORT, journeys_args);
        json_t *hall = json_object_get (snapshot, "hall");
        /* A report of one day: the day chart from the same by-hour report,
         * with the hall's categories' targets (the snapshot's). */
        json_t *day = strcmp (from, to) == 0 && hours
                      ? report_day_series_from_hours (hours, json_object_get (snapshot, "categories")) : NULL;
        GError *error = NULL;
        if (!report_write_pdf_day (result, hours, journeys, day, json_string_value (json_object_get (hall, "name")),
                                   json_string_value (json_object_get (hall, "timezone")), o->pdf, &error)) {
            fprintf (stderr, "hallctl: cannot write %s: %s\n", o->pdf, error ? error->message : "?");
            g_clear_error (&error);
            code = EXIT_REFUSED;
        }
        json_decref (day);
        json_decref (hours);
        json_decref (journeys);
    }
    json_decref (snapshot);
    char *text = ctl->json ? NULL : o->csv && strcmp (o->csv, "-") == 0 ? hall_report_csv (result)
                                                                       : hall_report_text (result);
    if (ctl->json)
        hallctl_print_json (result);
    else if (text)
        fputs (text, stdout);
    free (text);
    json_decref (result);
    return code;
}

static struct { char *month, *by, *csv, *pdf; } s_national_opt;
static GOptionEntry s_national_options[] = {
    { "month", 0, 0, G_OPTION_ARG_STRING, &s_national_opt.month, "The month (default: the hall's this month)", "YYYY-MM" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &s_national_opt.by, "department (default), window or clerk", "WHAT" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &s_national_opt.csv, "Also write CSV for Excel here (- = stdout only)", "FILE" },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &s_national_opt.pdf, "Also write the PDF here", "FILE" },
    { NULL }
};

/* The national form as a table: a line per row (its key first), then the
 * totals; figures as the dashboard shows them (percent for the rates). */
static void
s_national_print (json_t *report)
{
    const report_column_t *tables[] = { report_national_columns (), report_national_follow_up_columns () };
    printf ("key\tname");
    for (int t = 0; t < 2; t++)
        for (const report_column_t *c = tables[t]; c->key; c++)
            printf ("\t%s", c->key);
    printf ("\n");
    json_t *rows = json_object_get (report, "rows");
    size_t n = json_array_size (rows);
    for (size_t r = 0; r <= n; r++) {
        json_t *row = r < n ? json_array_get (rows, r) : json_object_get (report, "totals");
        const char *name = hallctl_str (row, "name", "");
        printf ("%s\t%s", r < n ? hallctl_str (row, "key", "-") : "total", *name ? name : "-");
        for (int t = 0; t < 2; t++)
            for (const report_column_t *c = tables[t]; c->key; c++) {
                g_autofree char *cell = report_cell (row, c);
                printf ("\t%s", cell);
            }
        printf ("\n");
    }
}

/* report national [--month YYYY-MM] [--by department|window|clerk] */
static int
s_report_national (hallctl_t *ctl, int argc, char **argv)
{
    __typeof__ (s_national_opt) *o = &s_national_opt;
    /* This month is the hall's (the server's day, in its zone); the PDF
     * names the hall. */
    json_t *snapshot = NULL;
    if (!o->month || o->pdf) {
        snapshot = hallctl_request (ctl, HALL_OP_SNAPSHOT, NULL);
        if (!snapshot)
            return EXIT_REFUSED;
    }
    const char *day = json_string_value (json_object_get (snapshot, "day"));
    if (!o->month && (!day || strlen (day) < 7)) {
        json_decref (snapshot);
        fprintf (stderr, "hallctl: the server has no day yet\n");
        return EXIT_REFUSED;
    }
    g_autofree char *month = o->month ? g_strdup (o->month) : g_strndup (day, 7);
    json_t *args = json_pack ("{s:s}", "month", month);
    if (o->by)
        json_object_set_new (args, "by", json_string (o->by));
    json_t *result = hallctl_request (ctl, HALL_OP_REPORT_NATIONAL, args);
    if (!result) {
        json_decref (snapshot);
        return EXIT_REFUSED;
    }
    int code = 0;
    GError *error = NULL;
    if (o->csv && strcmp (o->csv, "-") != 0 && !report_write_national_csv (result, o->csv, &error)) {
        fprintf (stderr, "hallctl: cannot write %s: %s\n", o->csv, error->message);
        g_clear_error (&error);
        code = EXIT_REFUSED;
    }
    json_t *hall = json_object_get (snapshot, "hall");
    if (o->pdf && !report_write_national_pdf (result, json_string_value (json_object_get (hall, "name")),
                                              json_string_value (json_object_get (hall, "timezone")), o->pdf,
                                              &error)) {
        fprintf (stderr, "hallctl: cannot write %s: %s\n", o->pdf, error->message);
        g_clear_error (&error);
        code = EXIT_REFUSED;
    }
    json_decref (snapshot);
    if (ctl->json)
        hallctl_print_json (result);
    else if (o->csv && strcmp (o->csv, "-") == 0) {
        g_autofree char *csv = report_national_csv (result);
        fputs (csv, stdout);
    }
    else
        s_national_print (result);
    json_decref (result);
    return code;
}

const hallctl_command_t hallctl_report_commands[] = {
    { "rate", "WINDOW|TICKET LEVEL [--reasons a,b] [--text T] [--contact-phone NO --consent]",
      "好差评 (5 非常满意 .. 1 非常不满意)", 2, HALLCTL_CONNECT, s_rate_options, s_rate },
    { "reasons", "", "the rating reason list", 0, HALLCTL_CONNECT, NULL, s_reasons },
    { "report", "[--from DAY] [--to DAY] [--by category|window|clerk|hour|day] [--csv FILE] [--pdf FILE]",
      "the figures of days", 0, HALLCTL_CONNECT, s_report_options, s_report },
    { "report national", "[--month YYYY-MM] [--by department|window|clerk] [--csv FILE] [--pdf FILE]",
      "好差评 of a month in the national form", 0, HALLCTL_CONNECT, s_national_options, s_report_national },
    { NULL }
};
