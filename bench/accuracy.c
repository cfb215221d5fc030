/*  accuracy.c — how honest is the wait the hall promises?  Simulated days
 *  of a hall (bench part "accuracy"; no server: the estimate is a pure
 *  function, common/estimate.c, and the dispatch policy is common/queue.c,
 *  the server's own).
 *
 *  A day: four categories with Poisson arrivals that peak in the morning
 *  and the afternoon and fall at lunch; service times lognormal per
 *  category (skewed: a few long ones); six windows, unified (primary and
 *  backup categories), each staffed for its own hours with a lunch break,
 *  one opening late and one closing early.  A free, staffed window calls
 *  the next ticket in the server's dispatch order (hall_queue_order,
 *  overdue rule included) and serves it.
 *
 *  For every ticket, at issue, the hall's estimate from what the server
 *  knows then — people ahead in the category's queue, the mean of the
 *  category's last 20 services (floor 60 s; before any, its configured
 *  service time), the windows that can serve it now and their capacity
 *  for it (hall_estimate_open_windows) —
 *  against the real wait (call time − issue time).  Next to it the
 *  baseline of the issue: people ahead × the mean of today's services ÷
 *  the windows staffed for the category.
 */
#include "bench.h"
#include "estimate.h"
#include "queue.h"

#include <math.h>
#include <string.h>

#define N_CAT    4
#define N_WIN    6
#define OPEN_AT  (9 * 3600)
#define ISSUE_TO (16 * 3600 + 1800)
#define CLOSE_AT (17 * 3600 + 1800)

typedef struct {
    const char *code;
    double      per_hour;         /* arrivals per hour at the base rate */
    double      median_s;         /* lognormal service time: median and sigma */
    double      sigma;
    int         configured_s;     /* service_minutes × 60 */
} cat_t;

static const cat_t s_cats[N_CAT] = {
    { "business", 11, 420, 0.5, 480 },
    { "construction", 4, 900, 0.6, 900 },
    { "general", 15, 300, 0.45, 300 },
    { "complaint", 2, 600, 0.7, 600 },
};

typedef struct {
    const char *primary[3];
    const char *backup[3];
    int         from, to;           /* staffed (seconds of the day) */
    int         lunch_from, lunch_to;
} win_t;

static const win_t s_wins[N_WIN] = {
    { { "business" }, { "general" }, 9 * 3600, 17 * 3600, 12 * 3600, 13 * 3600 },
    { { "business", "general" }, { 0 }, 9 * 3600, 17 * 3600, 12 * 3600 + 1800, 13 * 3600 + 1800 },
    { { "construction" }, { "business" }, 9 * 3600, 17 * 3600, 11 * 3600 + 2700, 12 * 3600 + 2700 },
    { { "general" }, { "construction" }, 10 * 3600, 17 * 3600, 12 * 3600 + 900, 13 * 3600 + 900 },
    { { "general" }, { "business", "complaint" }, 9 * 3600, 15 * 3600 + 1800, 12 * 3600, 12 * 3600 + 2700 },
    { { "complaint" }, { "general" }, 9 * 3600, 17 * 3600, 12 * 3600 + 1800, 13 * 3600 + 1800 },
};

/* Arrival rate factor by the time of day: peaks 9:30–11:00 and
 * 14:30–16:00, low at lunch. */
static double
s_profile (int t)
{
    double h = t / 3600.0;
    if (h < 9.5)
        return 0.8;
    if (h < 11)
        return 1.6;
    if (h < 12)
        return 1.0;
    if (h < 13.5)
        return 0.45;
    if (h < 14.5)
        return 1.0;
    if (h < 16)
        return 1.5;
    return 0.7;
}

static gboolean
s_staffed (int w, int t)
{
    const win_t *win = &s_wins[w];
    return t >= win->from && t < win->to && !(t >= win->lunch_from && t < win->lunch_to);
}

typedef struct {
    int      cat;
    int      issued, called;
    double   mid, low, high;        /* the hall's estimate at issue */
    double   base;                  /* the baseline's */
    gboolean open;                  /* a window could serve it at issue */
} rec_t;

typedef struct {
    double err, base_err;
    int    n, above, inside, n_open;
} score_t;

/* One simulated day; adds each ticket's record to RECS. */
static void
s_day (GRand *rand, GArray *recs)
{
    json_t *categories = json_array ();
    for (int c = 0; c < N_CAT; c++)
        json_array_append_new (categories, json_pack ("{s:s, s:i}", "code", s_cats[c].code,
                                                      "target_wait", 1800));
    json_t *windows[N_WIN];
    for (int w = 0; w < N_WIN; w++) {
        json_t *p = json_array (), *b = json_array ();
        for (int i = 0; i < 3; i++) {
            if (s_wins[w].primary[i])
                json_array_append_new (p, json_string (s_wins[w].primary[i]));
            if (s_wins[w].backup[i])
                json_array_append_new (b, json_string (s_wins[w].backup[i]));
        }
        windows[w] = json_pack ("{s:i, s:b, s:o, s:o, s:n, s:b}", "number", w + 1, "paused", 0,
                                "primary", p, "backup", b, "clerk", "green", 0);
    }
    json_t *tickets = json_array ();          /* the waiting ones */
    int busy_until[N_WIN] = { 0 };
    GArray *services[N_CAT];                   /* finished services today, seconds */
    for (int c = 0; c < N_CAT; c++)
        services[c] = g_array_new (FALSE, FALSE, sizeof (double));
    /* Arrival times, merged over the categories. */
    double next[N_CAT];
    for (int c = 0; c < N_CAT; c++)
        next[c] = OPEN_AT;
    int64_t seq = 0;
    guint first = recs->len;
    for (int t = OPEN_AT; t < CLOSE_AT; t++) {
        /* Windows staffed now (a clerk signed in) and free to call. */
        for (int w = 0; w < N_WIN; w++) {
            gboolean staffed = s_staffed (w, t) || busy_until[w] > t;
            json_object_set_new (windows[w], "clerk", staffed ? json_pack ("{s:i}", "id", w + 1) : json_null ());
        }
        /* Arrivals this second. */
        for (int c = 0; c < N_CAT && t < ISSUE_TO; c++) {
            while (next[c] <= t) {
                double rate = s_cats[c].per_hour * s_profile (t) / 3600.0;
                next[c] += -log (1.0 - g_rand_double (rand)) / rate;
                json_t *windows_json = json_array ();
                for (int w = 0; w < N_WIN; w++)
                    json_array_append (windows_json, windows[w]);
                int ahead = 0;
                size_t i;
                json_t *other;
                json_array_foreach (tickets, i, other)
                    ahead += strcmp (json_string_value (json_object_get (other, "category")), s_cats[c].code) == 0;
                GArray *done = services[c];
                double last20 = 0, today = 0;
                int n20 = 0;
                for (guint k = 0; k < done->len; k++) {
                    today += g_array_index (done, double, k);
                    if (k + 20 >= done->len) {
                        last20 += g_array_index (done, double, k);
                        n20++;
                    }
                }
                int64_t mean = n20 ? llround (last20 / n20) : s_cats[c].configured_s;
                double today_mean = done->len ? today / done->len : s_cats[c].configured_s;
                double capacity = 0;
                int open = hall_estimate_open_windows (windows_json, s_cats[c].code, &capacity);
                hall_estimate_t e = hall_estimate (ahead, mean, open, capacity);
                rec_t rec = { .cat = c, .issued = t, .called = -1, .open = open > 0 };
                rec.mid = open > 0 ? (double) e.wait : 0;
                rec.low = open > 0 ? (double) e.low : 0;
                rec.high = open > 0 ? (double) e.high : 0;
                rec.base = ahead * today_mean / MAX (open, 1);
                g_array_append_val (recs, rec);
                json_array_append_new (tickets, json_pack ("{s:I, s:s, s:s, s:n, s:n, s:f, s:I, s:I}",
                    "id", (json_int_t) recs->len - 1, "category", s_cats[c].code, "state", "waiting",
                    "green", "target_window", "queue_key", (double) t, "queue_seq", (json_int_t) ++seq,
                    "queued_at", (json_int_t) t));
                json_decref (windows_json);
            }
        }
        /* Free staffed windows call. */
        for (int w = 0; w < N_WIN; w++) {
            if (busy_until[w] > t || !s_staffed (w, t) || json_array_size (tickets) == 0)
                continue;
            json_t *order = hall_queue_order (tickets, windows[w], categories, t);
            if (json_array_size (order) > 0) {
                json_t *ticket = json_array_get (order, 0);
                json_int_t id = json_integer_value (json_object_get (ticket, "id"));
                rec_t *rec = &g_array_index (recs, rec_t, id);
                rec->called = t;
                const cat_t *cat = &s_cats[rec->cat];
                double z = sqrt (-2.0 * log (1.0 - g_rand_double (rand))) * cos (2 * G_PI * g_rand_double (rand));
                double service = MAX (30.0, cat->median_s * exp (cat->sigma * z));
                busy_until[w] = t + (int) service;
                g_array_append_val (services[rec->cat], service);
                size_t i;
                json_t *other;
                json_array_foreach (tickets, i, other)
                    if (json_integer_value (json_object_get (other, "id")) == id) {
                        json_array_remove (tickets, i);
                        break;
                    }
            }
            json_decref (order);
        }
    }
    /* Tickets never called (left at closing) are not scored. */
    (void) first;
    for (int c = 0; c < N_CAT; c++)
        g_array_free (services[c], TRUE);
    for (int w = 0; w < N_WIN; w++)
        json_decref (windows[w]);
    json_decref (tickets);
    json_decref (categories);
}

static void
s_score (score_t *s, const rec_t *rec)
{
    if (rec->called < 0 || !rec->open)
        return;
    double real = rec->called - rec->issued;
    s->n++;
    s->err += fabs (rec->mid - real);
    s->base_err += fabs (rec->base - real);
    s->above += real > rec->high;
    s->inside += real >= rec->low && real <= rec->high;
}

void
bench_accuracy (bench_t *self)
{
    bench_section (self, "The promised wait against the real one (simulated days)");
    int days = self->quick ? 3 : 20;
    GRand *rand = g_rand_new_with_seed (20261202);
    GArray *recs = g_array_new (FALSE, FALSE, sizeof (rec_t));
    for (int d = 0; d < days; d++)
        s_day (rand, recs);
    score_t all = { 0 }, per[N_CAT] = { { 0 } };
    int unserved = 0;
    for (guint i = 0; i < recs->len; i++) {
        const rec_t *rec = &g_array_index (recs, rec_t, i);
        s_score (&all, rec);
        s_score (&per[rec->cat], rec);
        unserved += !rec->open;
    }
    json_t *part = json_object ();
    for (int c = 0; c <= N_CAT; c++) {
        score_t *s = c < N_CAT ? &per[c] : &all;
        const char *name = c < N_CAT ? s_cats[c].code : "all";
        if (s->n == 0)
            continue;
        double mae = s->err / s->n / 60, base = s->base_err / s->n / 60;
        double above = 100.0 * s->above / s->n, inside = 100.0 * s->inside / s->n;
        json_object_set_new (part, name, json_pack ("{s:i, s:f, s:f, s:f, s:f}", "tickets", s->n,
                             "mae_min", mae, "baseline_mae_min", base, "above_pct", above, "inside_pct", inside));
        g_autofree char *label = g_strdup_printf ("%s: mean abs. error of the middle (baseline)", name);
        gboolean last = c == N_CAT;
        bench_row (self, label, last ? "≥ 25 % below" : NULL,
                   last ? (mae <= 0.75 * base ? BENCH_MET : BENCH_MISS) : BENCH_NONE,
                   "%.1f min (%.1f), n=%d", mae, base, s->n);
        g_autofree char *label2 = g_strdup_printf ("%s: real waits above the band / inside it", name);
        bench_row (self, label2, last ? "≤ 10 % / ≥ 75 %" : NULL,
                   last ? (above <= 10 && inside >= 75 ? BENCH_MET : BENCH_MISS) : BENCH_NONE,
                   "%.1f %% / %.1f %%", above, inside);
    }
    json_object_set_new (part, "days", json_integer (days));
    json_object_set_new (part, "unserved_at_issue", json_integer (unserved));
    json_object_set_new (self->results, "accuracy", part);
    g_array_free (recs, TRUE);
    g_rand_free (rand);
}
