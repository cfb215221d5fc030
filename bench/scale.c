/*  scale.c — a simulated day at scale, and a year of history.
 *
 *  Day: the test clock moves in steps of a minute; in each step visitors
 *  arrive evenly over eight hours, idle windows call while people wait,
 *  called visitors start at the next step, services last 2–8 minutes.
 *  Every request of a step goes out pipelined on one admin connection (the
 *  server groups them into commits as it would a hall's desks).
 *
 *  History: see s_load_history — a year of a busy hall written by SQL
 *  into the server's own database (the rows the server writes), then the
 *  server started on it.
 */
#include "bench.h"
#include "rating.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#define MORNING ((gint64) 1795741200)      /* 2026-11-27 08:00 Asia/Shanghai */

typedef struct {
    int    state;              /* 0 idle, 1 called, 2 serving */
    gint64 until;              /* serving: service ends */
} desk_t;

typedef struct {
    int window;                /* 0: an issue */
    int op;                    /* 0 issue, 1 call, 2 start, 3 finish */
} sent_t;

/* One simulated day of VISITORS at WINDOWS windows over CATEGORIES (bench.h). */
void
bench_simulate_day (client_t *admin, int windows, int categories, int visitors, gint64 *clock,
       long *requests)
{
    static const char *ops[] = { "issue", "call", "start", "finish" };
    desk_t *desks = g_new0 (desk_t, windows + 1);
    GArray *sent = g_array_new (FALSE, FALSE, sizeof (sent_t));
    int issued = 0, waiting = 0, busy = 0;
    gint64 day_start = *clock;
    for (int minute = 1; issued < visitors || waiting > 0 || busy > 0; minute++) {
        json_decref (client_call (admin, "clock", "{\"advance\": 60}", true));
        *clock += 60;
        (*requests)++;
        g_array_set_size (sent, 0);
        int64_t first_req = admin->req + 1;
        char args[96];
        int due = (int) ((gint64) visitors * MIN (minute, 480) / 480);
        for (; issued < due; issued++) {
            snprintf (args, sizeof args, "{\"category\": \"c%d\"}", issued % categories);
            client_send (admin, "issue", args);
            g_array_append_val (sent, ((sent_t) { 0, 0 }));
        }
        int idle_calls = 0;
        /* Idle windows take turns to call (at most twice as many calls as
         * people waiting), so each category's windows get their go. */
        for (int k = 0; k < windows; k++) {
            int w = 1 + (k + minute * 37) % windows;
            desk_t *d = &desks[w];
            int op = 0;
            if (d->state == 1)
                op = 2;
            else if (d->state == 2 && *clock >= d->until)
                op = 3;
            else if (d->state == 0 && idle_calls < 2 * waiting) {
                op = 1;
                idle_calls++;
            }
            if (!op)
                continue;
            snprintf (args, sizeof args, "{\"window\": %d}", w);
            client_send (admin, ops[op], args);
            g_array_append_val (sent, ((sent_t) { w, op }));
        }
        for (guint i = 0; i < sent->len; i++) {
            json_t *reply = client_recv (admin, 60000);
            g_assert_nonnull (reply);
            sent_t *s = &g_array_index (sent, sent_t, json_integer_value (json_object_get (reply, "req")) - first_req);
            if (!json_is_true (json_object_get (reply, "ok"))) {
                char *text = json_dumps (reply, JSON_COMPACT);
                g_error ("simulated day: %s at window %d: %s", ops[s->op], s->window, text);
            }
            desk_t *d = &desks[s->window];
            json_t *ticket = json_object_get (json_object_get (reply, "result"), "ticket");
            switch (s->op) {
            case 0: waiting++; break;
            case 1: if (!json_is_null (ticket)) { d->state = 1; waiting--; busy++; } break;
            case 2: d->state = 2; d->until = *clock + 60 * (2 + g_random_int_range (0, 7)); break;
            case 3: d->state = 0; busy--; break;
            }
            json_decref (reply);
        }
        *requests += sent->len;
    }
    /* On to the next morning. */
    gint64 next = day_start + 86400;
    char args[64];
    snprintf (args, sizeof args, "{\"set\": %" G_GINT64_FORMAT "}", next);
    json_decref (client_call (admin, "clock", args, true));
    *clock = next;
    g_array_free (sent, TRUE);
    g_free (desks);
}

static void
s_scenario (bench_t *self, const char *key, const char *label, int windows, int categories,
            int visitors, int days)
{
    g_autofree char *config = bench_hall_config (categories, windows, 3);
    server_t *server = server_start (config, MORNING);
    client_t *admin = client_new (server->requests, "admin", 0);
    for (int w = 1; w <= windows; w++) {
        char args[64];
        snprintf (args, sizeof args, "{\"window\": %d, \"staff\": \"s%d\"}", w, w);
        json_decref (client_call (admin, "signin", args, true));
    }
    gint64 clock = MORNING;
    long requests = 0;
    double start = bench_now_us ();
    for (int d = 0; d < days; d++)
        bench_simulate_day (admin, windows, categories, visitors, &clock, &requests);
    double seconds = (bench_now_us () - start) / 1e6;
    long hwm = bench_proc_kb (server->pid, "VmHWM:");
    gint64 tickets = db_int (server, "SELECT count(*) FROM ticket WHERE state = 'finished'");
    bench_set (self, "day", key, json_pack ("{s:i, s:i, s:i, s:i, s:f, s:I, s:I, s:I}",
               "windows", windows, "categories", categories, "visitors_per_day", visitors,
               "days", days, "wall_s", seconds, "requests", (json_int_t) requests,
               "finished", (json_int_t) tickets, "server_peak_rss_kb", (json_int_t) hwm));
    bench_row (self, label, NULL, BENCH_NONE, "%.1f s, %.1f MB", seconds, hwm / 1024.0);
    client_destroy (&admin);
    server_free (server);
}

void
bench_day (bench_t *self)
{
    bench_section (self, "Simulated day (test clock): wall time, server peak RSS");
    int scale = self->quick ? 10 : 1;
    s_scenario (self, "hall", "1 hall: 40 windows, 3,000 visitors, 8 categories", 40, 8,
                3000 / scale, 1);
    /* 20 halls: 800 windows.  Numbers are one letter + 3 digits, so one
     * server can issue at most 26 × 999 = 25,974 tickets a day: 20 halls'
     * 60,000 visitors cannot be numbered in one day.  And each issue scans
     * every ticket of the database (docs/BENCHMARKS.md), so 20,000 takes
     * minutes: 800 windows with 6,000 visitors keeps `make bench` under ten
     * minutes. */
    s_scenario (self, "county", "20 halls: 800 windows, 6,000 visitors, 26 categories", 800, 26,
                6000 / scale, 1);
}

/* ---- a year of history ------------------------------------------------------ */

/* The bulk loader.  Writes into DB (the server's own database, server
 * stopped) DAYS working days before MORNING of PER_DAY tickets each, over
 * CATEGORIES categories and WINDOWS windows (clerk sN at window N): the
 * rows the server writes for them — a ticket row in its final state, the
 * day_counter row of each category and day, and the event rows issue →
 * call → start → finish (95%) or issue → call → noshow (5%), with the
 * columns the server fills; and the 好差评 of each finished ticket: 40%
 * rated on the window's pad a minute after (5: 70%, 4: 20%, 3: 6%, 2: 3%,
 * 1: 1%) with its rating.given event, each 差评 with its follow-up case
 * (closed in four days: service_case, its six case_action rows and the
 * case.opened event), the rest given the default 基本满意 seven days after
 * the finish (one rating.defaulted event a day) — except the last week's,
 * whose rating time is not over when the server starts.  Stored replies
 * (request) and the case.updated events are left out.  One transaction,
 * synchronous=OFF while loading (the file is checkpointed before the
 * server starts). */
static double
s_load_history (const char *path, int days, int per_day, int categories, int windows)
{
    double start = bench_now_us ();
    sqlite3 *db;
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
                                   "PRAGMA cache_size=-262144; BEGIN IMMEDIATE", NULL, NULL, NULL),
                     ==, SQLITE_OK);
    sqlite3_stmt *ticket, *event, *counter;
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "INSERT INTO ticket (day, category, seq, number, state, issued_at, queued_at, queue_key,"
        " window, clerk, called_at, started_at, finished_at, calls)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6, ?7, ?8, ?9, ?10, ?11, 1)", -1, &ticket, NULL),
        ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "INSERT INTO event (time, type, ticket, number, category, window, clerk)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &event, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "INSERT INTO day_counter (day, category, last) VALUES (?1, ?2, ?3)", -1, &counter, NULL),
        ==, SQLITE_OK);
    sqlite3_stmt *rating, *service_case, *action;
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "INSERT INTO rating (ticket, category, window, clerk, level, reasons, reasons_version,"
        " is_default, channel, client, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        -1, &rating, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "INSERT INTO service_case (kind, ticket, rating, category, window, clerk, state, opened_at,"
        " contact_due, rectify_due, contacted_at, rectified_at, revisited_at, verdict, verdict_at,"
        " closed_at) VALUES ('rating', ?1, ?2, ?3, ?4, ?5, 'closed', ?6, ?6 + 86400, ?6 + 15 * 86400,"
        " ?6 + 7200, ?6 + 3 * 86400, ?6 + 4 * 86400, '满意', ?6 + 4 * 86400, ?6 + 4 * 86400)",
        -1, &service_case, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "INSERT INTO case_action (service_case, time, action, client) VALUES (?1, ?2, ?3, ?4)",
        -1, &action, NULL), ==, SQLITE_OK);
    const char *version = hall_rating_reasons_version ();
    gint64 rating_over = MORNING - 7 * 86400;   /* finished before: defaulted when unrated */
    GTimeZone *tz = g_time_zone_new_identifier ("Asia/Shanghai");
    GRand *rand = g_rand_new_with_seed (7);
    int loaded = 0;
    for (gint64 back = 365; back >= 1 && loaded < days; back--) {
        gint64 morning = MORNING - back * 86400;        /* 08:00 local */
        GDateTime *utc = g_date_time_new_from_unix_utc (morning);
        GDateTime *local = g_date_time_to_timezone (utc, tz);
        int weekday = g_date_time_get_day_of_week (local);
        char *day = g_date_time_format (local, "%Y-%m-%d");
        g_date_time_unref (local);
        g_date_time_unref (utc);
        if (weekday >= 6 && days < 300) {                /* a working year: weekdays */
            g_free (day);
            continue;
        }
        loaded++;
        int defaulted = 0;
        for (int i = 0; i < per_day; i++) {
            int c = i % categories;
            int seq = i / categories + 1;
            char code[16], number[16], clerk[16];
            snprintf (code, sizeof code, "c%d", c);
            snprintf (number, sizeof number, "%c%03d", 'A' + c, seq);
            int window = 1 + g_rand_int_range (rand, 0, windows);
            snprintf (clerk, sizeof clerk, "s%d", window);
            gint64 issued = morning + 1800 + (gint64) i * 9 * 3600 / per_day;
            gint64 called = issued + g_rand_int_range (rand, 0, 1800);
            bool noshow = g_rand_int_range (rand, 0, 100) < 5;
            gint64 started = called + 60;
            gint64 finished = noshow ? called + 180 : started + g_rand_int_range (rand, 120, 900);
            sqlite3_bind_text (ticket, 1, day, -1, SQLITE_STATIC);
            sqlite3_bind_text (ticket, 2, code, -1, SQLITE_STATIC);
            sqlite3_bind_int (ticket, 3, seq);
            sqlite3_bind_text (ticket, 4, number, -1, SQLITE_STATIC);
            sqlite3_bind_text (ticket, 5, noshow ? "noshow" : "finished", -1, SQLITE_STATIC);
            sqlite3_bind_int64 (ticket, 6, issued);
            sqlite3_bind_int (ticket, 7, window);
            sqlite3_bind_text (ticket, 8, clerk, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (ticket, 9, called);
            if (noshow)
                sqlite3_bind_null (ticket, 10);
            else
                sqlite3_bind_int64 (ticket, 10, started);
            sqlite3_bind_int64 (ticket, 11, finished);
            g_assert_cmpint (sqlite3_step (ticket), ==, SQLITE_DONE);
            sqlite3_reset (ticket);
            gint64 id = sqlite3_last_insert_rowid (db);
            const char *types[4] = { "ticket.issued", "ticket.called",
                                     noshow ? "ticket.noshow" : "ticket.started", "ticket.finished" };
            gint64 times[4] = { issued, called, noshow ? finished : started, finished };
            for (int e = 0; e < (noshow ? 3 : 4); e++) {
                sqlite3_bind_int64 (event, 1, times[e]);
                sqlite3_bind_text (event, 2, types[e], -1, SQLITE_STATIC);
                sqlite3_bind_int64 (event, 3, id);
                sqlite3_bind_text (event, 4, number, -1, SQLITE_STATIC);
                sqlite3_bind_text (event, 5, code, -1, SQLITE_STATIC);
                if (e > 0) {
                    sqlite3_bind_int (event, 6, window);
                    sqlite3_bind_text (event, 7, clerk, -1, SQLITE_STATIC);
                }
                g_assert_cmpint (sqlite3_step (event), ==, SQLITE_DONE);
                sqlite3_reset (event);
                sqlite3_clear_bindings (event);
            }
            if (noshow)
                continue;
            int pick = g_rand_int_range (rand, 0, 1000);
            bool given = pick < 400;
            if (!given && finished >= rating_over)
                continue;
            int level = !given ? 3 : pick < 280 ? 5 : pick < 360 ? 4 : pick < 384 ? 3 : pick < 396 ? 2 : 1;
            gint64 rated = given ? finished + 60 : finished + 7 * 86400;
            char client[16];
            snprintf (client, sizeof client, "pad-%d", window);
            sqlite3_bind_int64 (rating, 1, id);
            sqlite3_bind_text (rating, 2, code, -1, SQLITE_STATIC);
            sqlite3_bind_int (rating, 3, window);
            sqlite3_bind_text (rating, 4, clerk, -1, SQLITE_STATIC);
            sqlite3_bind_int (rating, 5, level);
            sqlite3_bind_text (rating, 6, level <= 2 ? "[\"wait_long\"]" : "[]", -1, SQLITE_STATIC);
            sqlite3_bind_text (rating, 7, version, -1, SQLITE_STATIC);
            sqlite3_bind_int (rating, 8, !given);
            sqlite3_bind_text (rating, 9, given ? "pad" : "default", -1, SQLITE_STATIC);
            if (given)
                sqlite3_bind_text (rating, 10, client, -1, SQLITE_STATIC);
            else
                sqlite3_bind_null (rating, 10);
            sqlite3_bind_int64 (rating, 11, rated);
            g_assert_cmpint (sqlite3_step (rating), ==, SQLITE_DONE);
            sqlite3_reset (rating);
            gint64 rating_id = sqlite3_last_insert_rowid (db);
            defaulted += !given;
            const char *more[2] = { "rating.given", "case.opened" };
            for (int e = 0; given && e < (level <= 2 ? 2 : 1); e++) {
                sqlite3_bind_int64 (event, 1, rated);
                sqlite3_bind_text (event, 2, more[e], -1, SQLITE_STATIC);
                sqlite3_bind_int64 (event, 3, id);
                sqlite3_bind_text (event, 4, number, -1, SQLITE_STATIC);
                sqlite3_bind_text (event, 5, code, -1, SQLITE_STATIC);
                sqlite3_bind_int (event, 6, window);
                sqlite3_bind_text (event, 7, clerk, -1, SQLITE_STATIC);
                g_assert_cmpint (sqlite3_step (event), ==, SQLITE_DONE);
                sqlite3_reset (event);
                sqlite3_clear_bindings (event);
            }
            if (level > 2)
                continue;
            sqlite3_bind_int64 (service_case, 1, id);
            sqlite3_bind_int64 (service_case, 2, rating_id);
            sqlite3_bind_text (service_case, 3, code, -1, SQLITE_STATIC);
            sqlite3_bind_int (service_case, 4, window);
            sqlite3_bind_text (service_case, 5, clerk, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (service_case, 6, rated);
            g_assert_cmpint (sqlite3_step (service_case), ==, SQLITE_DONE);
            sqlite3_reset (service_case);
            gint64 case_id = sqlite3_last_insert_rowid (db);
            const char *actions[] = { "open", "contact", "rectify", "revisit", "verdict", "close" };
            const gint64 after[] = { 0, 7200, 3 * 86400, 4 * 86400, 4 * 86400, 4 * 86400 };
            for (int a = 0; a < 6; a++) {
                sqlite3_bind_int64 (action, 1, case_id);
                sqlite3_bind_int64 (action, 2, rated + after[a]);
                sqlite3_bind_text (action, 3, actions[a], -1, SQLITE_STATIC);
                sqlite3_bind_text (action, 4, a ? "manager" : "server", -1, SQLITE_STATIC);
                g_assert_cmpint (sqlite3_step (action), ==, SQLITE_DONE);
                sqlite3_reset (action);
            }
        }
        if (defaulted) {             /* the sweep's one event, a week on */
            sqlite3_bind_int64 (event, 1, morning + 7 * 86400);
            sqlite3_bind_text (event, 2, "rating.defaulted", -1, SQLITE_STATIC);
            g_assert_cmpint (sqlite3_step (event), ==, SQLITE_DONE);
            sqlite3_reset (event);
            sqlite3_clear_bindings (event);
        }
        for (int c = 0; c < categories; c++) {
            char code[16];
            snprintf (code, sizeof code, "c%d", c);
            sqlite3_bind_text (counter, 1, day, -1, SQLITE_STATIC);
            sqlite3_bind_text (counter, 2, code, -1, SQLITE_STATIC);
            sqlite3_bind_int (counter, 3, per_day / categories + (c < per_day % categories));
            g_assert_cmpint (sqlite3_step (counter), ==, SQLITE_DONE);
            sqlite3_reset (counter);
        }
        g_free (day);
    }
    sqlite3_finalize (ticket);
    sqlite3_finalize (event);
    sqlite3_finalize (counter);
    sqlite3_finalize (rating);
    sqlite3_finalize (service_case);
    sqlite3_finalize (action);
    /* BENCH_EXPERIMENT_SQL: extra SQL on the loaded database (to measure a
     * proposed index without changing the server; docs/BENCHMARKS.md). */
    const char *experiment = g_getenv ("BENCH_EXPERIMENT_SQL");
    if (experiment && *experiment)
        g_assert_cmpint (sqlite3_exec (db, experiment, NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL),
                     ==, SQLITE_OK);
    sqlite3_close (db);
    g_rand_free (rand);
    g_time_zone_unref (tz);
    return (bench_now_us () - start) / 1e6;
}

/* The p50 of N calls of OP ARGS, in ms; *OK false when the server refused. */
static double
s_time_op (client_t *client, const char *op, const char *args, int n, bool *ok)
{
    GArray *samples = g_array_new (FALSE, FALSE, sizeof (double));
    *ok = true;
    for (int i = 0; i < n && *ok; i++) {
        client_send (client, op, args);
        json_t *reply = client_recv (client, 120000);
        double latency = bench_now_us () - client->sent_us;
        g_assert_nonnull (reply);
        *ok = json_is_true (json_object_get (reply, "ok"));
        if (!*ok) {
            char *text = json_dumps (reply, JSON_COMPACT);
            g_printerr ("hall-bench: %s: %s\n", op, text);
            free (text);
        }
        json_decref (reply);
        g_array_append_val (samples, latency);
    }
    double p50 = bench_pct (samples, 50) / 1000.0;
    g_array_free (samples, TRUE);
    return p50;
}

/* The same figures as a report, by SQL on a read-only connection (when the
 * server has no `report` op): per category over FROM..TO. */
static double
s_time_sql_report (const char *path, const char *from, const char *to)
{
    sqlite3 *db;
    sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *stmt;
    sqlite3_prepare_v2 (db,
        "SELECT category, count(*), sum (state = 'finished'), sum (state = 'noshow'),"
        " avg (called_at - issued_at), avg (finished_at - started_at),"
        " avg (called_at - issued_at <= 1200)"
        " FROM ticket WHERE day BETWEEN ?1 AND ?2 GROUP BY category", -1, &stmt, NULL);
    double start = bench_now_us ();
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        ;
    double ms = (bench_now_us () - start) / 1000.0;
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    return ms;
}

void
bench_history (bench_t *self)
{
    int days = self->quick ? 25 : 250, per_day = 4000, categories = 10, windows = 40;
    g_autofree char *config = bench_hall_config (categories, windows, 3);
    server_t *server = server_start (config, MORNING);
    server_kill (server, SIGTERM);
    double load_s = s_load_history (server->db, days, per_day, categories, windows);
    struct stat st;
    g_assert_cmpint (g_stat (server->db, &st), ==, 0);
    double size_mb = st.st_size / 1048576.0;
    gint64 tickets = db_int (server, "SELECT count(*) FROM ticket");
    gint64 events = db_int (server, "SELECT count(*) FROM event");
    g_autofree char *first = db_query (server, "SELECT min (day) FROM ticket");
    g_autofree char *last = db_query (server, "SELECT max (day) FROM ticket");
    g_autofree char *month = db_query (server, "SELECT date (max (day), '-1 month', '+1 day') FROM ticket");

    /* Not server_restart(): its readiness probe gives up on a snapshot
     * slower than 200 ms (see docs/BENCHMARKS.md).  Start-up here is spawn
     * → the first snapshot answered, asked once with a long timeout. */
    g_autofree char *program = harness_program ("hall-server");
    g_autofree char *db_arg = g_strdup_printf ("--db=%s", server->db);
    g_autofree char *req_arg = g_strdup_printf ("--requests=%s", server->requests);
    g_autofree char *ev_arg = g_strdup_printf ("--events=%s", server->events);
    g_autofree char *conf_arg = g_strdup_printf ("--config=%s", server->config);
    const char *argv[] = { program, db_arg, req_arg, ev_arg, conf_arg, "--test-clock", NULL };
    double start = bench_now_us ();
    GError *error = NULL;
    g_spawn_async (server->dir, (char **) argv, NULL,
                   G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                   NULL, NULL, &server->pid, &error);
    g_assert_no_error (error);
    client_t *admin = client_new (server->requests, "admin", 0);
    json_decref (client_call (admin, "snapshot", NULL, true));
    double startup_s = (bench_now_us () - start) / 1e6;
    bool ok;
    double snapshot_ms = s_time_op (admin, "snapshot", NULL, 5, &ok);
    char args[160];
    snprintf (args, sizeof args, "{\"category\": \"c0\"}");
    double issue_ms = s_time_op (admin, "issue", args, 10, &ok);
    double report_ms[3];
    const char *froms[3] = { last, month, first };
    bool by_op = true;
    for (int r = 0; r < 3; r++) {
        snprintf (args, sizeof args, "{\"from\": \"%s\", \"to\": \"%s\", \"by\": \"category\"}",
                  froms[r], last);
        report_ms[r] = by_op ? s_time_op (admin, "report", args, r == 2 ? 1 : 3, &ok) : 0;
        if (!ok || !by_op) {
            by_op = false;
            report_ms[r] = s_time_sql_report (server->db, froms[r], last);
        }
    }
    /* Kiosks while a manager runs the yearly report: five issues, one
     * after another, sent once the report is under way. */
    double during_ms = -1;
    if (by_op) {
        client_t *kiosk = client_new (server->requests, "kiosk", 0);
        json_decref (client_call (kiosk, "snapshot", NULL, true));
        snprintf (args, sizeof args, "{\"from\": \"%s\", \"to\": \"%s\", \"by\": \"category\"}",
                  first, last);
        client_send (admin, "report", args);
        g_usleep (20 * 1000);
        for (int i = 0; i < 5; i++) {
            client_send (kiosk, "issue", "{\"category\": \"c1\"}");
            json_t *reply = client_recv (kiosk, 120000);
            g_assert_nonnull (reply);
            during_ms = MAX (during_ms, (bench_now_us () - kiosk->sent_us) / 1000.0);
            json_decref (reply);
        }
        json_decref (client_recv (admin, 120000));
        client_destroy (&kiosk);
    }
    long hwm = bench_proc_kb (server->pid, "VmHWM:");
    long rss = bench_proc_kb (server->pid, "VmRSS:");
    client_destroy (&admin);
    server_free (server);

    bench_set (self, "history", "figures", json_pack (
        "{s:i, s:I, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:I, s:I, s:s}",
        "days", days, "tickets", (json_int_t) tickets, "events", (json_int_t) events,
        "load_s", load_s, "db_mb", size_mb, "startup_s", startup_s, "snapshot_ms", snapshot_ms,
        "issue_p50_ms", issue_ms, "report_day_ms", report_ms[0], "report_month_ms", report_ms[1],
        "report_year_ms", report_ms[2], "issue_during_year_report_max_ms", during_ms,
        "server_peak_rss_kb", (json_int_t) hwm,
        "server_rss_kb", (json_int_t) rss, "report_by", by_op ? "op report" : "SQL aggregate"));
    char name[128];
    snprintf (name, sizeof name, "History: %" G_GINT64_FORMAT " tickets, %" G_GINT64_FORMAT
              " events (%d days)", tickets, events, days);
    bench_section (self, name);
    bench_row (self, "bulk load (one transaction)", NULL, BENCH_NONE, "%.1f s", load_s);
    bench_row (self, "database size", NULL, BENCH_NONE, "%.0f MB", size_mb);
    const char *how = by_op ? "op report" : "SQL aggregate (no report op)";
    snprintf (name, sizeof name, "daily report, %s", how);
    bench_row (self, name, "≤ 50 ms", report_ms[0] <= 50, "%.1f ms", report_ms[0]);
    snprintf (name, sizeof name, "monthly report, %s", how);
    bench_row (self, name, NULL, BENCH_NONE, "%.1f ms", report_ms[1]);
    snprintf (name, sizeof name, "yearly report, %s", how);
    bench_row (self, name, "≤ 2 s", report_ms[2] <= 2000, "%.0f ms", report_ms[2]);
    bench_row (self, "issue while the yearly report runs (slowest of 5)", NULL, BENCH_NONE,
               "%.1f ms", during_ms);
    bench_row (self, "snapshot (round trip, p50)", "≤ 20 ms", snapshot_ms <= 20, "%.1f ms", snapshot_ms);
    bench_row (self, "issue at this size (1 client, p50)", NULL, BENCH_NONE, "%.1f ms", issue_ms);
    bench_row (self, "server peak RSS (VmHWM)", "≤ 30 MB", hwm <= 30 * 1024, "%.1f MB", hwm / 1024.0);
    bench_row (self, "server start-up (spawn → first snapshot reply)", "≤ 1 s", startup_s <= 1.0,
               "%.2f s", startup_s);
}
/* ---- the GUI clients ------------------------------------------------------- */

void
bench_clients (bench_t *self)
{
    static const char *programs[] = { "hall-display", "hall-counter", "hall-kiosk", "hall-manager" };
    bench_section (self, "GUI clients under Xvfb: first window mapped, RSS after 3 s");
    g_autofree char *config = bench_hall_config (8, 40, 3);
    server_t *server = server_start (config, 0);
    for (size_t i = 0; i < G_N_ELEMENTS (programs); i++) {
        g_autofree char *path = harness_program (programs[i]);
        char name[96];
        if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE)) {
            snprintf (name, sizeof name, "%s: not built, skipped", programs[i]);
            bench_row (self, name, NULL, BENCH_NONE, "-");
            continue;
        }
        g_autofree char *server_arg = g_strdup_printf ("--server=%s", server->requests);
        g_autofree char *events_arg = g_strdup_printf ("--events=%s", server->events);
        bool desk = strcmp (programs[i], "hall-counter") == 0;
        const char *argv[] = { "tests/lib/with-display.sh", "bench/gui.sh", path, server_arg,
                               events_arg, desk ? "--window=1" : NULL, "--staff=s1", NULL };
        g_autofree char *out = NULL;
        g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                      NULL, NULL, NULL);
        long up = -1, rss = -1, hwm = -1;
        if (out)
            sscanf (out, "%ld %ld %ld", &up, &rss, &hwm);
        bench_set (self, "clients", programs[i], json_pack ("{s:I, s:I, s:I}", "startup_ms",
                   (json_int_t) up, "rss_kb", (json_int_t) rss, "peak_rss_kb", (json_int_t) hwm));
        snprintf (name, sizeof name, "%s: start-up, RSS (peak)", programs[i]);
        bool board_or_desk = i < 2;
        bench_row (self, name, board_or_desk ? "RSS ≤ 100 MB" : NULL,
                   board_or_desk ? hwm >= 0 && hwm <= 100 * 1024 : BENCH_NONE,
                   "%ld ms, %.0f (%.0f) MB", up, rss / 1024.0, hwm / 1024.0);
    }
    server_free (server);
}
