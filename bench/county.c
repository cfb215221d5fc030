/*  county.c — the county's PostgreSQL (issue 19, docs/COUNTY.md): a real
 *  PostgreSQL 15 in a private folder (tests/lib/pg/pg-harness.h), as the
 *  county suites run it.
 *
 *  - History: 20 halls × 250 days at a busy hall's rate (3,000 tickets a
 *    day, as the simulated day's hall), bulk-loaded by `hall-county
 *    load`'s loader (the rows the uplinks write); then the county's
 *    report of the year by hall (target 2 s) and of a day by hall
 *    (100 ms), each the median of a few runs.
 *  - Catch-up: 20 real hall-servers (test clock), each a simulated day of
 *    3,000 visitors while its hall-uplink is stopped (a day's outage of
 *    all 20), then the 20 uplinks started together: the time until the
 *    county holds every event of every hall (target 60 s).
 *  - Lag: the 20 halls at their peak rate (a day's visitors in 8 hours,
 *    twice the mean at the peak) with their uplinks running: from the
 *    reply to an issue to the ticket's row at the county, p99
 *    (target 2 s).
 */
#include "bench.h"
#include "county-load.h"
#include "county-report.h"
#include "pg-harness.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define HALLS     20
#define PER_DAY   3000
#define MORNING   ((gint64) 1795741200)      /* 2026-11-27 08:00 Asia/Shanghai */

typedef struct {
    char      id[8];
    server_t *server;
    client_t *admin;
    char     *config;
    char     *log;
    GPid      uplink;
} hall_t;

static double
s_median (GArray *samples)
{
    return bench_pct (samples, 50);
}

/* ---- history and reports ------------------------------------------------------ */

static double
s_time_report (PGconn *db, const char *from, const char *to)
{
    double start = bench_now_us ();
    GError *error = NULL;
    json_t *report = county_report (db, from, to, "hall", NULL, &error);
    if (!report)
        g_error ("county report %s..%s: %s", from, to, error->message);
    json_decref (report);
    return (bench_now_us () - start) / 1e6;
}

static void
s_history (bench_t *self, pg_t *pg)
{
    int days = self->quick ? 25 : 250;
    PGconn *db = pg_connect (pg, PG_OWNER, PG_OWNER_PASSWORD);
    county_load_spec_t spec = { .halls = HALLS, .days = days, .tickets_per_day = PER_DAY, .seed = 1,
                                .last_day = "2026-11-27", .prefix = "h" };
    county_load_counts_t counts = { 0 };
    GError *error = NULL;
    double start = bench_now_us ();
    if (!county_load (db, &spec, &counts, NULL, NULL, &error))
        g_error ("county load: %s", error->message);
    double load_s = (bench_now_us () - start) / 1e6;
    g_autofree char *size = pg_query1 (pg, "SELECT pg_size_pretty (pg_database_size ('county'))");
    g_autofree char *label = g_strdup_printf ("county history: 20 halls × %d days × 3,000 tickets, loaded", days);
    bench_row (self, label, NULL, BENCH_NONE, "%.0f s, %s", load_s, size);
    PQfinish (db);

    db = pg_connect (pg, "reader", "pw-reader");
    g_autofree char *first = pg_query1 (pg, "SELECT min (day)::text FROM county.ticket");
    GArray *year = g_array_new (FALSE, FALSE, sizeof (double)), *day = g_array_new (FALSE, FALSE, sizeof (double));
    for (int i = 0; i < 3; i++) {
        double t = s_time_report (db, first, "2026-11-27");
        g_array_append_val (year, t);
    }
    for (int i = 0; i < 5; i++) {
        double t = s_time_report (db, "2026-11-27", "2026-11-27");
        g_array_append_val (day, t);
    }
    double year_s = s_median (year), day_s = s_median (day);
    bench_set (self, "county", "history", json_pack ("{s:i, s:i, s:i, s:I, s:I, s:I, s:f, s:s, s:f, s:f}",
               "halls", HALLS, "days", days, "tickets_per_day", PER_DAY, "tickets", (json_int_t) counts.tickets,
               "ratings", (json_int_t) counts.ratings, "events", (json_int_t) counts.events, "load_s", load_s,
               "size", size, "report_year_by_hall_s", year_s, "report_day_by_hall_s", day_s));
    bench_row (self, "county report: the year by hall (median of 3)", "≤ 2 s", year_s <= 2.0 ? BENCH_MET : BENCH_MISS,
               "%.2f s", year_s);
    bench_row (self, "county report: a day by hall (median of 5)", "≤ 100 ms",
               day_s <= 0.1 ? BENCH_MET : BENCH_MISS, "%.0f ms", day_s * 1000);
    g_array_free (year, TRUE);
    g_array_free (day, TRUE);
    PQfinish (db);
}

/* ---- 20 real halls ------------------------------------------------------------ */

static void
s_child_setup (gpointer data)
{
    prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
s_uplink_start (hall_t *h)
{
    g_autofree char *program = harness_program ("hall-uplink");
    char *argv[] = { program, "--config", h->config, NULL };
    int fd = open (h->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    GError *error = NULL;
    g_spawn_async_with_fds (h->server->dir, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, s_child_setup, NULL,
                            &h->uplink, -1, fd, fd, &error);
    close (fd);
    g_assert_no_error (error);
}

static void
s_uplink_stop (hall_t *h)
{
    if (!h->uplink)
        return;
    kill (h->uplink, SIGTERM);
    int status;
    waitpid (h->uplink, &status, 0);
    g_spawn_close_pid (h->uplink);
    h->uplink = 0;
}

static void
s_hall_start (hall_t *h, pg_t *pg, int i)
{
    g_snprintf (h->id, sizeof h->id, "c%02d", i + 1);
    g_autofree char *config = bench_hall_config (8, 40, 3);
    h->server = server_start (config, MORNING);
    h->admin = client_new (h->server->requests, "admin", 0);
    for (int w = 1; w <= 40; w++) {
        char args[64];
        snprintf (args, sizeof args, "{\"window\": %d, \"staff\": \"s%d\"}", w, w);
        json_decref (client_call (h->admin, "signin", args, true));
    }
    g_autofree char *key = g_build_filename (h->server->dir, "uplink.key", NULL);
    int status;
    g_free (hallctl (h->server, &status, "enroll", "uplink", "--out", key, NULL));
    g_assert_cmpint (status, ==, 0);
    g_autofree char *role = g_strdup_printf ("hall_%s", h->id), *password = g_strdup_printf ("pw-%s", h->id);
    g_autofree char *conninfo = pg_conninfo (pg, role, password);
    g_autofree char *text = g_strdup_printf ("[server]\nrequests=%s\nevents=%s\nkey=%s\n[county]\nhall=%s\n"
                                             "conninfo=%s\n", h->server->requests, h->server->events, key,
                                             h->id, conninfo);
    h->config = g_build_filename (h->server->dir, "uplink.conf", NULL);
    g_assert_true (g_file_set_contents (h->config, text, -1, NULL));
    h->log = g_build_filename (h->server->dir, "uplink.log", NULL);
}

static gint64
s_hall_last (hall_t *h)
{
    return db_int (h->server, "SELECT coalesce (max (seq), 0) FROM event");
}

/* Seconds until the county holds every event of the halls (each one's
 * last seq known beforehand: nothing happens meanwhile). */
static double
s_wait_all (pg_t *pg, hall_t *halls, const gint64 *last, double start)
{
    for (;;) {
        int behind = 0;
        for (int i = 0; i < HALLS; i++) {
            g_autofree char *sql = g_strdup_printf ("SELECT last_seq FROM county.hall WHERE id = '%s'", halls[i].id);
            behind += pg_int (pg, sql) < last[i];
        }
        if (!behind)
            return (bench_now_us () - start) / 1e6;
        if (bench_now_us () - start > 600e6)
            g_error ("catch-up: %d halls still behind after 10 minutes", behind);
        g_usleep (100000);
    }
}

static void
s_catch_up (bench_t *self, pg_t *pg, hall_t *halls)
{
    int visitors = self->quick ? PER_DAY / 10 : PER_DAY;
    gint64 last[HALLS];
    long requests = 0;
    double made = bench_now_us ();
    for (int i = 0; i < HALLS; i++) {
        gint64 clock = MORNING;
        bench_simulate_day (halls[i].admin, 40, 8, visitors, &clock, &requests);
        last[i] = s_hall_last (&halls[i]);
    }
    double made_s = (bench_now_us () - made) / 1e6;
    gint64 events = 0;
    for (int i = 0; i < HALLS; i++)
        events += last[i];
    double start = bench_now_us ();
    for (int i = 0; i < HALLS; i++)
        s_uplink_start (&halls[i]);
    double seconds = s_wait_all (pg, halls, last, start);
    bench_set (self, "county", "catch_up", json_pack ("{s:i, s:i, s:I, s:f, s:f}", "halls", HALLS,
               "visitors_per_hall", visitors, "events", (json_int_t) events, "made_s", made_s, "seconds", seconds));
    bench_row (self, "county catch-up: a day's outage of 20 halls (all their events)", "≤ 60 s",
               seconds <= 60 ? BENCH_MET : BENCH_MISS, "%.1f s, %" G_GINT64_FORMAT " events", seconds, events);
}

/* The 20 halls at their peak: a kiosk's issue every 1/RATE s in turn,
 * each ticket's arrival at the county seen by polling for its row. */
static void
s_lag (bench_t *self, pg_t *pg, hall_t *halls)
{
    /* A day's visitors in 8 hours, twice the mean at the peak. */
    double per_hall = 2.0 * PER_DAY / (8 * 3600.0);
    double rate = per_hall * HALLS;                  /* issues a second, all halls */
    int seconds = self->quick ? 10 : 60;
    PGconn *db = pg_connect (pg, "reader", "pw-reader");
    typedef struct { int hall; gint64 ticket; double at; } pending_t;
    GArray *pending = g_array_new (FALSE, FALSE, sizeof (pending_t));
    GArray *lags = g_array_new (FALSE, FALSE, sizeof (double));
    double start = bench_now_us (), next = start;
    int issued = 0;
    while (bench_now_us () - start < seconds * 1e6 || pending->len) {
        double now = bench_now_us ();
        if (now >= next && now - start < seconds * 1e6) {
            int i = issued++ % HALLS;
            /* As each hall's admin tool: its key is the one the harness
             * gave that hall's first client. */
            json_t *result = client_call (halls[i].admin, "issue", "{\"category\": \"c0\"}", true);
            pending_t p = { i, json_integer_value (json_object_get (json_object_get (result, "ticket"), "id")),
                            bench_now_us () };
            json_decref (result);
            g_array_append_val (pending, p);
            next += 1e6 / rate;
        }
        for (guint k = 0; k < pending->len;) {
            pending_t *p = &g_array_index (pending, pending_t, k);
            char sql[160];
            g_snprintf (sql, sizeof sql, "SELECT count(*) FROM county.ticket WHERE hall = '%s' AND id = %" G_GINT64_FORMAT,
                        halls[p->hall].id, p->ticket);
            if (pg_conn_int (db, sql) > 0) {
                double lag = bench_now_us () - p->at;
                g_array_append_val (lags, lag);
                g_array_remove_index_fast (pending, k);
            }
            else
                k++;
        }
        g_usleep (10000);
    }
    json_t *latency = bench_latency_json (lags);
    double p99 = json_number_value (json_object_get (latency, "p99_ms"));
    json_object_set_new (latency, "issues_per_second", json_real (rate));
    bench_set (self, "county", "lag", latency);
    bench_row (self, "county lag: a hall's commit → the county's row, p99 (20 halls' peak)", "≤ 2 s",
               p99 <= 2000 ? BENCH_MET : BENCH_MISS, "%.0f ms (%d tickets)", p99, issued);
    g_array_free (pending, TRUE);
    g_array_free (lags, TRUE);
    PQfinish (db);
}

void
bench_county (bench_t *self)
{
    bench_section (self, "County (PostgreSQL 15): history, reports, catch-up, lag");
    pg_t *pg = pg_start ();
    const char *ids[HALLS], *names[HALLS];
    char id_text[HALLS][8], name_text[HALLS][32];
    for (int i = 0; i < HALLS; i++) {
        g_snprintf (id_text[i], sizeof id_text[i], "c%02d", i + 1);
        g_snprintf (name_text[i], sizeof name_text[i], "基准镇%02d", i + 1);
        ids[i] = id_text[i];
        names[i] = name_text[i];
    }
    pg_county_setup (pg, ids, names, HALLS);
    s_history (self, pg);
    hall_t halls[HALLS] = { 0 };
    for (int i = 0; i < HALLS; i++)
        s_hall_start (&halls[i], pg, i);
    s_catch_up (self, pg, halls);
    s_lag (self, pg, halls);
    for (int i = 0; i < HALLS; i++) {
        s_uplink_stop (&halls[i]);
        client_destroy (&halls[i].admin);
        server_free (halls[i].server);
        g_free (halls[i].config);
        g_free (halls[i].log);
    }
    pg_free (pg);
}
