/*  hall-bench — `make bench`: the broker against its floors, the fan-out,
 *  a simulated day at scale, a year of history and the GUI clients.
 *  Prints one table (each ratio next to its target) and writes the JSON.
 *
 *  usage: hall-bench [--out FILE] [--quick] [--only PART,...]
 *  PART: floors broker fanout day history accuracy clients.
 *  Run from the source tree; HALL_BUILD names the build folder (build).
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
s_wanted (const char *only, const char *part)
{
    if (!only)
        return true;
    g_auto (GStrv) parts = g_strsplit (only, ",", -1);
    return g_strv_contains ((const char *const *) parts, part);
}

int
main (int argc, char *argv[])
{
    g_autofree char *out = NULL;
    g_autofree char *only = NULL;
    gboolean quick = FALSE;
    GOptionEntry entries[] = {
        { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Write the results here (bench/results.json)", "FILE" },
        { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, "Smaller counts (a trial run)", NULL },
        { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Run only these parts (comma separated)", "PARTS" },
        { NULL }
    };
    GOptionContext *context = g_option_context_new ("— benchmarks of the hall server");
    g_option_context_add_main_entries (context, entries, NULL);
    GError *error = NULL;
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        fprintf (stderr, "hall-bench: %s\n", error->message);
        return 2;
    }
    g_option_context_free (context);
    zsys_handler_set (NULL);
    zsys_init ();

    bench_t bench = { .results = json_object (), .quick = quick };
    bench.work = g_dir_make_tmp ("hall-bench-XXXXXX", &error);
    g_assert_no_error (error);
    g_autofree char *uname = NULL;
    g_spawn_command_line_sync ("uname -srm", &uname, NULL, NULL, NULL);
    bench_set (&bench, "machine", "cpus", json_integer (g_get_num_processors ()));
    bench_set (&bench, "machine", "uname", json_string (g_strstrip (uname ? uname : g_strdup (""))));
    bench_set (&bench, "machine", "quick", json_boolean (quick));
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *date = g_date_time_format_iso8601 (now);
    bench_set (&bench, "machine", "date", json_string (date));

    printf ("| %-58s | %-22s | %-12s | %-6s |\n", "measure", "result", "target", "");
    printf ("|%s|%s|%s|%s|\n", "------------------------------------------------------------",
            "------------------------", "--------------", "--------");
    double start = bench_now_us ();
    size_t request_size = 0, reply_size = 0;
    bench_message_sizes (&request_size, &reply_size);
    if (s_wanted (only, "floors") || s_wanted (only, "broker"))
        bench_floors (&bench, request_size, reply_size);
    if (s_wanted (only, "broker"))
        bench_broker (&bench);
    if (s_wanted (only, "fanout"))
        bench_fanout (&bench);
    if (s_wanted (only, "day"))
        bench_day (&bench);
    if (s_wanted (only, "history"))
        bench_history (&bench);
    if (s_wanted (only, "accuracy"))
        bench_accuracy (&bench);
    if (s_wanted (only, "county"))
        bench_county (&bench);
    if (s_wanted (only, "clients")) {
        bench_clients (&bench);
        bench_repaint (&bench);
    }
    double seconds = (bench_now_us () - start) / 1e6;
    bench_set (&bench, "machine", "bench_seconds", json_real (seconds));
    int met = 0, missed = 0;
    size_t i;
    json_t *row;
    json_array_foreach (json_object_get (bench.results, "table"), i, row) {
        const char *verdict = json_string_value (json_object_get (row, "verdict"));
        met += verdict && strcmp (verdict, "met") == 0;
        missed += verdict && strcmp (verdict, "MISSED") == 0;
    }
    printf ("\n%d targets met, %d missed; %.0f s\n", met, missed, seconds);

    const char *path = out ? out : "bench/results.json";
    if (json_dump_file (bench.results, path, JSON_INDENT (2) | JSON_SORT_KEYS) != 0)
        fprintf (stderr, "hall-bench: cannot write %s\n", path);
    else
        printf ("results: %s\n", path);
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", bench.work);
    if (system (cmd) != 0)
        fprintf (stderr, "hall-bench: could not remove %s\n", bench.work);
    json_decref (bench.results);
    return 0;
}
