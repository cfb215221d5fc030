/*  hall-county — the county's tool (docs/COUNTY.md, "hall-county").
 *
 *      hall-county [--db CONNINFO] COMMAND [ARG...] [COMMAND OPTION...]
 *
 *  migrate   applies the county schema's missing migrations (the owner)
 *  enroll    a hall: its uplink's login role and its county.hall row
 *  halls     every hall and its link: the last event held, when last seen
 *  report    the county's report (county-report.h) as a table, CSV, PDF or JSON
 *  load      made-up halls for benchmarks (county-load.h), by COPY
 *
 *  Without --db, libpq's environment says where (PGHOST, PGDATABASE …).
 *  No password is ever taken on the command line: ~/.pgpass, a passfile=
 *  in the conninfo, or a client certificate.  Exit status: 0 done, 1 the
 *  database refused or failed (one line "hall-county: message" on
 *  stderr), 2 a usage error.
 */
#define G_LOG_DOMAIN "hall-county"
#include "county-db.h"
#include "county-load.h"
#include "county-report.h"
#include "report-table.h"
#include "report-writer.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef HALL_COUNTY_VERSION
#define HALL_COUNTY_VERSION "1.0"
#endif

enum { EXIT_REFUSED = 1, EXIT_USAGE = 2 };

/* The options every command takes. */
static char    *o_db = NULL;
static gboolean o_version = FALSE;

static GOptionEntry s_global_options[] = {
    { "db", 0, 0, G_OPTION_ARG_STRING, &o_db, "libpq conninfo of the county (default: PGHOST, PGDATABASE …)", "CONNINFO" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o_version, "Print the version and the schema version it carries", NULL },
    { NULL }
};

typedef struct {
    const char   *name;
    const char   *args;        /* usage after the name */
    const char   *summary;
    GOptionEntry *options;     /* may be NULL */
    int         (*run) (PGconn *db, int argc, char **argv);
    int           positional;  /* arguments besides the options */
} command_t;

/* Says why on stderr; the exit status: a usage error for a bad
 * argument, else the database's refusal or failure. */
static int
s_fail (GError *error)
{
    fprintf (stderr, "hall-county: %s\n", error ? error->message : "failed");
    bool usage = error && error->domain == COUNTY_DB_ERROR && error->code == COUNTY_DB_ERROR_ARGUMENT;
    g_clear_error (&error);
    return usage ? EXIT_USAGE : EXIT_REFUSED;
}

/* ---- migrate -------------------------------------------------------------- */

static int
s_migrate (PGconn *db, int argc, char **argv)
{
    GError *error = NULL;
    int before = county_db_schema_version (db, &error);
    if (before < 0)
        return s_fail (error);
    if (before > county_db_latest_version ()) {
        fprintf (stderr, "hall-county: the county schema is version %d, newer than this hall-county (%d)\n",
                 before, county_db_latest_version ());
        return EXIT_REFUSED;
    }
    int applied = 0;
    int version = county_db_migrate (db, &applied, &error);
    if (version < 0)
        return s_fail (error);
    if (applied)
        printf ("schema\t%d\tmigrated from %d\n", version, before);
    else
        printf ("schema\t%d\tup to date\n", version);
    return 0;
}

/* ---- enroll --------------------------------------------------------------- */

static struct { char *name, *level, *parent, *role; } s_enroll_opt;
static GOptionEntry s_enroll_options[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &s_enroll_opt.name, "The hall's name at the county", "NAME" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &s_enroll_opt.level, "town (default), village or county", "LEVEL" },
    { "parent", 0, 0, G_OPTION_ARG_STRING, &s_enroll_opt.parent, "The town of a village point (enrolled before)", "ID" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &s_enroll_opt.role, "Its uplink's login role (default hall_ID)", "ROLE" },
    { NULL }
};

static int
s_enroll (PGconn *db, int argc, char **argv)
{
    if (!s_enroll_opt.name) {
        fprintf (stderr, "hall-county: enroll ID --name NAME\n");
        return EXIT_USAGE;
    }
    county_hall_spec_t spec = { argv[0], s_enroll_opt.name, s_enroll_opt.level, s_enroll_opt.parent,
                                s_enroll_opt.role };
    GError *error = NULL;
    if (!county_db_check_schema (db, &error) || !county_db_enroll (db, &spec, &error))
        return s_fail (error);
    g_autofree char *role = spec.role ? g_strdup (spec.role) : county_db_default_role (spec.id);
    printf ("%s\tenrolled\trole %s\n", spec.id, role);
    printf ("# give %s a password (psql: \\password %s) or a client certificate: docs/OPERATIONS.md\n",
            role, role);
    return 0;
}

/* ---- halls ---------------------------------------------------------------- */

/* A hall whose uplink wrote nothing for this long is offline: a minute,
 * twelve of the uplink's heartbeats ([sync] heartbeat, 5 s), as the
 * county's dashboard and OPERATIONS have it. */
#define LINK_OFFLINE_AFTER 60

static gboolean o_halls_json = FALSE;
static GOptionEntry s_halls_options[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &o_halls_json, "Print JSON", NULL },
    { NULL }
};

static int
s_halls (PGconn *db, int argc, char **argv)
{
    GError *error = NULL;
    if (!county_db_check_schema (db, &error))
        return s_fail (error);
    PGresult *res = county_db_query (db,
        "SELECT id, name, level, coalesce (parent, ''), last_seq,"
        " coalesce (to_char (seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''),"
        " coalesce (floor (extract (epoch FROM now () - seen_at))::bigint::text, ''),"
        " coalesce (hall_day::text, ''), db_role"
        " FROM county.hall ORDER BY id", 0, NULL, &error);
    if (!res)
        return s_fail (error);
    json_t *list = json_array ();
    for (int i = 0; i < PQntuples (res); i++) {
        const char *age = PQgetvalue (res, i, 6);
        const char *link = !*age ? "never" : atoll (age) < LINK_OFFLINE_AFTER ? "online" : "offline";
        json_array_append_new (list, json_pack ("{s:s, s:s, s:s, s:o, s:I, s:o, s:o, s:o, s:s, s:s}",
            "id", PQgetvalue (res, i, 0), "name", PQgetvalue (res, i, 1), "level", PQgetvalue (res, i, 2),
            "parent", *PQgetvalue (res, i, 3) ? json_string (PQgetvalue (res, i, 3)) : json_null (),
            "last_seq", (json_int_t) atoll (PQgetvalue (res, i, 4)),
            "seen_at", *PQgetvalue (res, i, 5) ? json_string (PQgetvalue (res, i, 5)) : json_null (),
            "seen_ago", *age ? json_integer (atoll (age)) : json_null (),
            "hall_day", *PQgetvalue (res, i, 7) ? json_string (PQgetvalue (res, i, 7)) : json_null (),
            "role", PQgetvalue (res, i, 8), "link", link));
    }
    PQclear (res);
    if (o_halls_json) {
        char *text = json_dumps (list, JSON_INDENT (2));
        puts (text);
        free (text);
    }
    else {
        printf ("%-12s %-7s %-8s %10s  %-20s %s\n", "id", "link", "level", "last_seq", "seen_at", "name");
        size_t i;
        json_t *hall;
        json_array_foreach (list, i, hall)
            printf ("%-12s %-7s %-8s %10lld  %-20s %s\n", json_string_value (json_object_get (hall, "id")),
                    json_string_value (json_object_get (hall, "link")),
                    json_string_value (json_object_get (hall, "level")),
                    (long long) json_integer_value (json_object_get (hall, "last_seq")),
                    json_is_string (json_object_get (hall, "seen_at"))
                        ? json_string_value (json_object_get (hall, "seen_at")) : "-",
                    json_string_value (json_object_get (hall, "name")));
    }
    json_decref (list);
    return 0;
}

/* ---- report --------------------------------------------------------------- */

static struct { char *from, *to, *by, *hall, *csv, *pdf; gboolean json; } s_report_opt;
static GOptionEntry s_report_options[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &s_report_opt.from, "First day (YYYY-MM-DD, today, yesterday; default today)", "DAY" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &s_report_opt.to, "Last day (default: --from)", "DAY" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &s_report_opt.by, "hall (default), department, category or month", "WHAT" },
    { "hall", 0, 0, G_OPTION_ARG_STRING, &s_report_opt.hall, "One hall's tickets only (its id)", "ID" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &s_report_opt.csv, "Also write CSV here (- = stdout only)", "FILE" },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &s_report_opt.pdf, "Also write the report as PDF here (the hall's layout)", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &s_report_opt.json, "Print the report's JSON", NULL },
    { NULL }
};

/* The PDF's title and time zone: the hall's, or the county's over all. */
static bool
s_write_pdf (PGconn *db, json_t *report, const char *hall, const char *path, GError **error)
{
    g_autofree char *name = NULL, *tz = NULL;
    if (hall) {
        const char *params[] = { hall };
        PGresult *res = county_db_query (db, "SELECT name, coalesce (timezone, 'Asia/Shanghai') FROM county.hall"
                                             " WHERE id = $1", 1, params, error);
        if (!res)
            return false;
        name = g_strdup (PQntuples (res) ? PQgetvalue (res, 0, 0) : hall);
        tz = g_strdup (PQntuples (res) ? PQgetvalue (res, 0, 1) : "Asia/Shanghai");
        PQclear (res);
    }
    return report_write_pdf (report, NULL, NULL, name ? name : "全县各便民服务中心", tz ? tz : "Asia/Shanghai",
                             path, error);
}

/* DAY as a date: "today" and "yesterday" are the hall's day (HALL) or,
 * over all halls, the latest day a hall has reported, never this
 * machine's date.  g_free; NULL with ERROR set. */
static char *
s_day (PGconn *db, const char *day, const char *hall, GError **error)
{
    if (strcmp (day, "today") && strcmp (day, "yesterday"))
        return g_strdup (day);
    const char *params[] = { hall, strcmp (day, "yesterday") == 0 ? "1" : "0" };
    PGresult *res = county_db_query (db,
        "SELECT (coalesce ((SELECT max (hall_day) FROM county.hall WHERE $1::text IS NULL OR id = $1),"
        " (now () AT TIME ZONE 'Asia/Shanghai')::date) - $2::int)::text", 2, params, error);
    if (!res)
        return NULL;
    char *out = g_strdup (PQgetvalue (res, 0, 0));
    PQclear (res);
    return out;
}

static int
s_report (PGconn *db, int argc, char **argv)
{
    __typeof__ (s_report_opt) *o = &s_report_opt;
    GError *error = NULL;
    if (!county_db_check_schema (db, &error))
        return s_fail (error);
    g_autofree char *from = s_day (db, o->from ? o->from : "today", o->hall, &error);
    g_autofree char *to = from ? s_day (db, o->to ? o->to : from, o->hall, &error) : NULL;
    if (!to)
        return s_fail (error);
    json_t *report = county_report (db, from, to, o->by, o->hall, &error);
    if (!report)
        return s_fail (error);
    int code = 0;
    bool csv_out = o->csv && strcmp (o->csv, "-") == 0;
    if (o->csv && !csv_out) {
        char *csv = hall_report_csv (report);
        if (!csv || !g_file_set_contents (o->csv, csv, -1, &error)) {
            fprintf (stderr, "hall-county: cannot write %s: %s\n", o->csv, error ? error->message : "no report");
            g_clear_error (&error);
            code = EXIT_REFUSED;
        }
        free (csv);
    }
    if (o->pdf && !s_write_pdf (db, report, o->hall, o->pdf, &error)) {
        fprintf (stderr, "hall-county: cannot write %s: %s\n", o->pdf, error ? error->message : "?");
        g_clear_error (&error);
        code = EXIT_REFUSED;
    }
    if (o->json) {
        char *text = json_dumps (report, JSON_INDENT (2) | JSON_REAL_PRECISION (10));
        puts (text);
        free (text);
    }
    else {
        char *text = csv_out ? hall_report_csv (report) : hall_report_text (report);
        if (text)
            fputs (text, stdout);
        free (text);
    }
    json_decref (report);
    return code;
}

/* ---- load ------------------------------------------------------------------ */

static struct { gint halls, days, tickets; gint64 seed; char *last_day, *prefix; } s_load_opt = { .tickets = 300, .seed = 1 };
static GOptionEntry s_load_options[] = {
    { "halls", 0, 0, G_OPTION_ARG_INT, &s_load_opt.halls, "How many halls (1..999)", "N" },
    { "days", 0, 0, G_OPTION_ARG_INT, &s_load_opt.days, "Days of each (1..3660), up to --last-day", "D" },
    { "tickets-per-day", 0, 0, G_OPTION_ARG_INT, &s_load_opt.tickets, "Tickets a hall issues a day (300)", "T" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &s_load_opt.seed, "The same seed, the same rows (1)", "S" },
    { "last-day", 0, 0, G_OPTION_ARG_STRING, &s_load_opt.last_day, "The last day (default: today in China)", "DAY" },
    { "prefix", 0, 0, G_OPTION_ARG_STRING, &s_load_opt.prefix, "The halls' ids: PREFIX001 … (load)", "TEXT" },
    { NULL }
};

static void
s_load_progress (const county_load_counts_t *counts, void *data)
{
    fprintf (stderr, "\rloaded %" G_GINT64_FORMAT " of %d halls, %" G_GINT64_FORMAT " tickets", counts->halls,
             *(const int *) data, counts->tickets);
}

static int
s_load (PGconn *db, int argc, char **argv)
{
    if (s_load_opt.halls <= 0 || s_load_opt.days <= 0) {
        fprintf (stderr, "hall-county: load --halls N --days D [--tickets-per-day T] [--seed S]\n");
        return EXIT_USAGE;
    }
    GError *error = NULL;
    if (!county_db_check_schema (db, &error))
        return s_fail (error);
    county_load_spec_t spec = { s_load_opt.halls, s_load_opt.days, s_load_opt.tickets, (guint32) s_load_opt.seed,
                                s_load_opt.last_day, s_load_opt.prefix };
    county_load_counts_t counts;
    gint64 start = g_get_monotonic_time ();
    bool ok = county_load (db, &spec, &counts, isatty (fileno (stderr)) ? s_load_progress : NULL, &spec.halls,
                           &error);
    if (isatty (fileno (stderr)))
        fputc ('\n', stderr);
    if (!ok)
        return s_fail (error);
    double seconds = (double) (g_get_monotonic_time () - start) / 1e6;
    int64_t rows = counts.tickets + counts.ratings + counts.cases + counts.bookings + counts.events;
    printf ("loaded\t%" G_GINT64_FORMAT " halls\t%" G_GINT64_FORMAT " tickets\t%" G_GINT64_FORMAT " ratings\t%"
            G_GINT64_FORMAT " cases\t%" G_GINT64_FORMAT " bookings\t%" G_GINT64_FORMAT " events\t%.1f s\t%.0f rows/s\n",
            counts.halls, counts.tickets, counts.ratings, counts.cases, counts.bookings, counts.events, seconds,
            seconds > 0 ? (double) rows / seconds : 0.0);
    return 0;
}

/* ---- the commands ----------------------------------------------------------- */

static const command_t s_commands[] = {
    { "migrate", "", "Apply the county schema's missing migrations (as county_owner)", NULL, s_migrate, 0 },
    { "enroll", "ID --name NAME [--level town|village|county] [--parent ID] [--role ROLE]",
      "Enrol a hall: its uplink's login role and its row (as county_owner)", s_enroll_options, s_enroll, 1 },
    { "halls", "[--json]", "Every hall and its link: last event held, last seen", s_halls_options, s_halls, 0 },
    { "report", "[--from DAY] [--to DAY] [--by hall|department|category|month] [--hall ID] [--csv FILE] [--pdf FILE]"
      " [--json]", "The county's report (docs/METRICS.md figures)", s_report_options, s_report, 0 },
    { "load", "--halls N --days D [--tickets-per-day T] [--seed S] [--last-day DAY] [--prefix TEXT]",
      "Made-up halls for benchmarks, by COPY (as county_owner)", s_load_options, s_load, 0 },
};

static void
s_usage (FILE *out)
{
    fprintf (out, "Usage: hall-county [--db CONNINFO] COMMAND [ARG...] [OPTION...]\n\nCommands:\n");
    for (size_t i = 0; i < G_N_ELEMENTS (s_commands); i++)
        fprintf (out, "  %-8s %s\n           %s\n", s_commands[i].name, s_commands[i].args, s_commands[i].summary);
}

int
main (int argc, char **argv)
{
    setlocale (LC_ALL, "");
    GError *error = NULL;
    GOptionContext *context = g_option_context_new ("COMMAND [ARG...] — the county's tool");
    g_option_context_add_main_entries (context, s_global_options, NULL);
    /* The command's own options are parsed below, by the command's table row. */
    g_option_context_set_ignore_unknown_options (context, TRUE);
    g_option_context_set_help_enabled (context, FALSE);
    bool ok = g_option_context_parse (context, &argc, &argv, &error);
    g_option_context_free (context);
    if (!ok) {
        fprintf (stderr, "hall-county: %s\n", error->message);
        g_clear_error (&error);
        return EXIT_USAGE;
    }
    if (o_version) {
        printf ("hall-county %s (county schema %d)\n", HALL_COUNTY_VERSION, county_db_latest_version ());
        return 0;
    }
    if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0) {
        s_usage (argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    const command_t *command = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS (s_commands); i++)
        if (strcmp (argv[1], s_commands[i].name) == 0)
            command = &s_commands[i];
    if (!command) {
        fprintf (stderr, "hall-county: no command '%s'\n", argv[1]);
        s_usage (stderr);
        return EXIT_USAGE;
    }
    /* The command's arguments, as their own argv (argv[0] the command). */
    int cargc = argc - 1;
    char **cargv = argv + 1;
    g_autofree char *parameter = g_strdup_printf ("%s %s", command->name, command->args);
    context = g_option_context_new (parameter);
    g_option_context_set_summary (context, command->summary);
    if (command->options)
        g_option_context_add_main_entries (context, command->options, NULL);
    g_option_context_add_main_entries (context, s_global_options, NULL);
    ok = g_option_context_parse (context, &cargc, &cargv, &error);
    g_option_context_free (context);
    if (!ok) {
        fprintf (stderr, "hall-county: %s %s\n", command->name, error->message);
        g_clear_error (&error);
        return EXIT_USAGE;
    }
    if (cargc - 1 != command->positional) {
        fprintf (stderr, "Usage: hall-county %s %s\n", command->name, command->args);
        return EXIT_USAGE;
    }
    PGconn *db = county_db_connect (o_db, &error);
    if (!db)
        return s_fail (error);
    int code = command->run (db, cargc - 1, cargv + 1);
    PQfinish (db);
    return code;
}
