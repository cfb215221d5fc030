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

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#define MORNING ((gint64) 1795741200)      /* 2026-11-27 08:00 Asia/Shanghai */

typedef struct {
    int    state;              /* 0 idle, 1 called, 2 serving */
    gint64 until;              /* serving: service ends */
} desk_t;

typedef struct {
    int window;                /* 0: an issue */
    int op;                    /* 0 issue, 1 call, 2 start, 3 finish */
} sent_t;

/* One simulated day of VISITORS at WINDOWS windows over CATEGORIES. */
static void
s_day (client_t *admin, int windows, int categories, int visitors, gint64 *clock,
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
        s_day (admin, windows, categories, visitors, &clock, &requests);
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
     * 60,000 visitors are run as three days of 20,000. */
    s_scenario (self, "county", "20 halls: 800 windows, 3 days × 20,000 visitors", 800, 26,
                20000 / scale, 3);
}

void bench_history (bench_t *self) {}
void bench_clients (bench_t *self) {}
