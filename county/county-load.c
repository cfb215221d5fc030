/*  county-load.c — made-up halls for benchmarks, by COPY (county-load.h).
 *
 *  A hall's tickets are made in memory first (a year of 300 a day is
 *  about 110,000, some 10 MB), then each table is one COPY of them: the
 *  county's tables in the order of their references (the hall, then its
 *  categories, windows and staff, its tickets, ratings, cases, bookings,
 *  events).  Events are numbered per hall in the order of their times,
 *  day by day, as the hall's own log numbers them.  The report's figures
 *  (county/schema/003-figures.sql) are made once per hall at the end of
 *  its transaction (county.refigure), its triggers off meanwhile.
 */
#define G_LOG_DOMAIN "hall-county"
#include "county-load.h"
#include "county-db.h"
#include "report-figures.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Every made-up hall has these: a category per window, each with its
 * department (科室) and target wait. */
static const struct {
    const char *code, *name, *department, *prefix;
    int         target;        /* seconds; 0 = none */
    int         weight;        /* share of the tickets, of 100 */
} s_categories[] = {
    { "c1", "户籍办理",   "公安局",       "A", 600,  30 },
    { "c2", "社保医保",   "人力资源和社会保障局", "B", 900, 25 },
    { "c3", "不动产登记", "自然资源局",   "C", 1200, 15 },
    { "c4", "企业开办",   "市场监督管理局", "D", 900, 12 },
    { "c5", "公积金",     "住房公积金中心", "E", 600, 10 },
    { "c6", "综合咨询",   NULL,           "F", 0,    8 },
};
#define N_CATEGORIES ((int) G_N_ELEMENTS (s_categories))

/* Hours (seconds of the local day): open, last ticket, close. */
#define OPEN_AT   (8 * 3600 + 1800)
#define LAST_AT   (16 * 3600 + 1800)
#define CLOSE_AT  (17 * 3600 + 1800)
/* All of China keeps one offset, +08:00, with no summer time. */
#define TZ_OFFSET (8 * 3600)
#define TZ_NAME   "Asia/Shanghai"

typedef struct {
    int      day;              /* index of the day, 0 .. days - 1 */
    int      category;         /* index in s_categories */
    int      seq;              /* the number's digits, per category and day */
    const char *state;
    int64_t  issued, called, started, finished, appointment;   /* 0: none */
    int      level;            /* the visit's rating, 1..5; 0: none */
    bool     is_default, excluded;
    int64_t  rated;            /* its time */
    int      case_kind;        /* 0 none, 1 a 差评's case, 2 a complaint */
    bool     anonymous;
} gen_ticket_t;

typedef struct {
    int64_t  time;
    const char *type;
    int64_t  ticket;           /* ticket id; 0: none */
    int      window;           /* 0: none */
} gen_event_t;

/* ---- COPY ---------------------------------------------------------------- */

typedef struct {
    PGconn  *db;
    GString *buf;
    bool     failed;
} copy_t;

static bool
s_copy_begin (copy_t *copy, PGconn *db, const char *sql, GError **error)
{
    copy->db = db;
    copy->failed = false;
    g_string_truncate (copy->buf, 0);
    PGresult *res = PQexec (db, sql);
    bool ok = PQresultStatus (res) == PGRES_COPY_IN;
    if (!ok) {
        g_autofree char *text = g_strchomp (g_strdup (PQresultErrorMessage (res)));
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_FAILED, "%s", text);
    }
    PQclear (res);
    return ok;
}

static void
s_copy_flush (copy_t *copy)
{
    if (copy->buf->len && !copy->failed)
        copy->failed = PQputCopyData (copy->db, copy->buf->str, (int) copy->buf->len) != 1;
    g_string_truncate (copy->buf, 0);
}

/* One line of COPY's text format: FORMAT's fields separated by tabs (the
 * values here never hold a tab, a newline or a backslash; "\\N" is NULL). */
G_GNUC_PRINTF (2, 3) static void
s_copy_row (copy_t *copy, const char *format, ...)
{
    va_list ap;
    va_start (ap, format);
    g_string_append_vprintf (copy->buf, format, ap);
    va_end (ap);
    g_string_append_c (copy->buf, '\n');
    if (copy->buf->len >= 256 * 1024)
        s_copy_flush (copy);
}

static bool
s_copy_end (copy_t *copy, int64_t *rows, GError **error)
{
    s_copy_flush (copy);
    bool ok = !copy->failed && PQputCopyEnd (copy->db, NULL) == 1;
    PGresult *res;
    while ((res = PQgetResult (copy->db))) {
        if (PQresultStatus (res) != PGRES_COMMAND_OK && ok) {
            g_autofree char *text = g_strchomp (g_strdup (PQresultErrorMessage (res)));
            g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_FAILED, "%s", text);
            ok = false;
        }
        else if (rows)
            *rows += g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
        PQclear (res);
    }
    if (!ok && error && !*error)
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_FAILED, "COPY: %s", PQerrorMessage (copy->db));
    return ok;
}

/* A time or NULL. */
static const char *
s_time (char buf[24], int64_t t)
{
    if (!t)
        return "\\N";
    g_snprintf (buf, 24, "%" G_GINT64_FORMAT, t);
    return buf;
}

/* ---- making a hall ------------------------------------------------------------ */

static int
s_pick_category (GRand *rand)
{
    int r = g_rand_int_range (rand, 0, 100);
    for (int c = 0; c < N_CATEGORIES; c++) {
        if (r < s_categories[c].weight)
            return c;
        r -= s_categories[c].weight;
    }
    return N_CATEGORIES - 1;
}

static int
s_cmp_time (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

/* The event that ends a ticket in STATE. */
static const char *
s_end_event (const char *state)
{
    return strcmp (state, "finished") == 0 ? "ticket.finished" : strcmp (state, "noshow") == 0 ? "ticket.noshow"
         : strcmp (state, "cancelled") == 0 ? "ticket.cancelled" : "ticket.expired";
}

/* A day's tickets of one hall (T of them) into TICKETS, from MIDNIGHT,
 * in the order of issue. */
static void
s_make_day (GRand *rand, int day, int64_t midnight, int per_day, GArray *tickets)
{
    int64_t *issued = g_new (int64_t, per_day);
    for (int i = 0; i < per_day; i++)
        issued[i] = midnight + OPEN_AT + g_rand_int_range (rand, 0, LAST_AT - OPEN_AT);
    /* In the order of issue, as the hall numbers them. */
    qsort (issued, (size_t) per_day, sizeof *issued, s_cmp_time);
    int seqs[N_CATEGORIES] = { 0 };
    for (int i = 0; i < per_day; i++) {
        gen_ticket_t t = { .day = day, .issued = issued[i] };
        t.category = s_pick_category (rand);
        t.seq = ++seqs[t.category];
        int r = g_rand_int_range (rand, 0, 100);
        t.state = r < 86 ? "finished" : r < 91 ? "noshow" : r < 95 ? "cancelled" : "expired";
        bool called = strcmp (t.state, "cancelled") != 0 && (strcmp (t.state, "expired") != 0 || g_rand_boolean (rand));
        /* Waits: mostly minutes, some long ones at busy hours. */
        int wait = g_rand_int_range (rand, 0, 100) < 90 ? g_rand_int_range (rand, 0, 1500)
                                                        : g_rand_int_range (rand, 1500, 5400);
        if (called)
            t.called = MIN (t.issued + wait, midnight + CLOSE_AT - 600);
        if (strcmp (t.state, "finished") == 0) {
            t.started = t.called + g_rand_int_range (rand, 20, 120);
            t.finished = t.started + g_rand_int_range (rand, 120, 1500);
            r = g_rand_int_range (rand, 0, 100);
            if (r < 70) {
                int l = g_rand_int_range (rand, 0, 100);
                t.level = l < 62 ? 5 : l < 87 ? 4 : l < 94 ? 3 : l < 97 ? 2 : 1;
                t.rated = t.finished + g_rand_int_range (rand, 5, 300);
                t.excluded = t.level <= 2 && g_rand_int_range (rand, 0, 10) == 0;
                if (t.level <= 2) {
                    t.case_kind = 1;
                    t.anonymous = g_rand_int_range (rand, 0, 5) == 0;
                }
            }
            else if (r < 90) {
                t.level = 3;
                t.is_default = true;
                t.rated = t.finished + 7 * 86400;
            }
            if (!t.case_kind && g_rand_int_range (rand, 0, 200) == 0)
                t.case_kind = 2;
        }
        if (g_rand_int_range (rand, 0, 10) == 0)       /* an appointment ticket: its slot's start */
            t.appointment = t.issued + g_rand_int_range (rand, -600, 900);
        g_array_append_val (tickets, t);
    }
    g_free (issued);
}

static gint
s_event_order (gconstpointer a, gconstpointer b)
{
    const gen_event_t *x = a, *y = b;
    return x->time < y->time ? -1 : x->time > y->time;
}

/* The hall's ids and names. */
static char *
s_hall_id (const county_load_spec_t *spec, int h)
{
    return g_strdup_printf ("%s%03d", spec->prefix ? spec->prefix : "load", h + 1);
}

/* The triggers that keep the report's sums: table and trigger. */
static const char *const s_figured[][2] = {
    { "ticket", "figures" }, { "rating", "figures" }, { "service_case", "copies" },
    { "service_case", "figures" }, { "booking", "figures" },
};

/* Loads hall H in one transaction. */
static bool
s_load_hall (PGconn *db, const county_load_spec_t *spec, int h, const GDate *first,
             county_load_counts_t *counts, GError **error)
{
    g_autofree char *id = s_hall_id (spec, h);
    GRand *rand = g_rand_new_with_seed (spec->seed * 1000003u + (guint32) h);
    GArray *tickets = g_array_sized_new (FALSE, FALSE, sizeof (gen_ticket_t),
                                         (guint) spec->days * (guint) spec->tickets_per_day);
    char **days = g_new0 (char *, spec->days + 1);
    int64_t *midnights = g_new (int64_t, spec->days);
    for (int d = 0; d < spec->days; d++) {
        GDate date = *first;
        g_date_add_days (&date, (guint) d);
        days[d] = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                                   g_date_get_day (&date));
        midnights[d] = ((int64_t) g_date_get_julian (&date) - 719163) * 86400 - TZ_OFFSET;
        s_make_day (rand, d, midnights[d], spec->tickets_per_day, tickets);
    }
    copy_t copy = { .buf = g_string_sized_new (300 * 1024) };
    char a[24], b[24], c[24], e[24], f[24];
    /* The figures' triggers (county/schema/003-figures.sql) off while
     * COPY writes the hall's rows, and its figures made from them at the
     * end (county.refigure): one GROUP BY instead of a trigger per row.  In
     * the hall's transaction (ALTER TABLE: the owner's), so no one else
     * writes while they are off, and nothing is off after it. */
    bool ok = county_db_exec (db, "BEGIN", 0, NULL, error);
    for (size_t k = 0; ok && k < G_N_ELEMENTS (s_figured); k++) {
        g_autofree char *sql = g_strdup_printf ("ALTER TABLE county.%s DISABLE TRIGGER %s", s_figured[k][0],
                                                s_figured[k][1]);
        ok = county_db_exec (db, sql, 0, NULL, error);
    }

    /* The hall: as its uplink leaves it after the last page. */
    int64_t last_time = midnights[spec->days - 1] + CLOSE_AT + 600;
    g_autofree char *name = g_strdup_printf ("压测%03d镇便民服务中心", h + 1);
    g_autofree char *area = g_strdup_printf ("330102%03d", h + 1);
    g_autofree char *role = county_db_default_role (id);
    if (ok) {
        const char *params[] = { id, name, role, area, days[spec->days - 1] };
        ok = county_db_exec (db,
            "INSERT INTO county.hall (id, name, level, db_role, hall_name, area_code, timezone, hall_day, seen_at)"
            " VALUES ($1, $2, 'town', $3, $2, $4, '" TZ_NAME "', $5, now ())", 5, params, error);
    }
    if (ok && (ok = s_copy_begin (&copy, db, "COPY county.category (hall, code, name, department, target_wait,"
                                             " position) FROM STDIN", error))) {
        for (int k = 0; k < N_CATEGORIES; k++)
            s_copy_row (&copy, "%s\t%s\t%s\t%s\t%d\t%d", id, s_categories[k].code, s_categories[k].name,
                        s_categories[k].department ? s_categories[k].department : "\\N", s_categories[k].target, k);
        ok = s_copy_end (&copy, NULL, error);
    }
    if (ok && (ok = s_copy_begin (&copy, db, "COPY county.service_window (hall, number, name, clerk, categories)"
                                             " FROM STDIN", error))) {
        for (int k = 0; k < N_CATEGORIES; k++)
            s_copy_row (&copy, "%s\t%d\t%d号窗口\tk%02d\t{%s}", id, k + 1, k + 1, k + 1, s_categories[k].code);
        ok = s_copy_end (&copy, NULL, error);
    }
    if (ok && (ok = s_copy_begin (&copy, db, "COPY county.staff (hall, id, name) FROM STDIN", error))) {
        for (int k = 0; k < N_CATEGORIES; k++)
            s_copy_row (&copy, "%s\tk%02d\t工作人员%02d", id, k + 1, k + 1);
        ok = s_copy_end (&copy, NULL, error);
    }
    if (ok && (ok = s_copy_begin (&copy, db,
            "COPY county.ticket (hall, id, day, number, category, state, issued_at, queued_at, called_at,"
            " started_at, finished_at, \"window\", clerk, calls, appointment_at) FROM STDIN", error))) {
        for (guint i = 0; i < tickets->len; i++) {
            const gen_ticket_t *t = &g_array_index (tickets, gen_ticket_t, i);
            int k = t->category;
            char window[16], clerk[16];
            g_snprintf (window, sizeof window, "%d", k + 1);
            g_snprintf (clerk, sizeof clerk, "k%02d", k + 1);
            s_copy_row (&copy, "%s\t%u\t%s\t%s%03d\t%s\t%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT
                        "\t%s\t%s\t%s\t%s\t%s\t%d\t%s", id, i + 1, days[t->day], s_categories[k].prefix, t->seq,
                        s_categories[k].code, t->state, t->issued, t->issued, s_time (a, t->called),
                        s_time (b, t->started), s_time (c, t->finished), t->called ? window : "\\N",
                        t->called ? clerk : "\\N", t->called ? 1 : 0, s_time (e, t->appointment));
        }
        ok = s_copy_end (&copy, &counts->tickets, error);
    }
    if (ok && (ok = s_copy_begin (&copy, db,
            "COPY county.rating (hall, id, ticket, round, category, \"window\", clerk, level, is_default,"
            " excluded, channel, time) FROM STDIN", error))) {
        int64_t rating = 0;
        for (guint i = 0; i < tickets->len; i++) {
            const gen_ticket_t *t = &g_array_index (tickets, gen_ticket_t, i);
            if (!t->level)
                continue;
            s_copy_row (&copy, "%s\t%" G_GINT64_FORMAT "\t%u\t1\t%s\t%d\tk%02d\t%d\t%s\t%s\t%s\t%" G_GINT64_FORMAT,
                        id, ++rating, i + 1, s_categories[t->category].code, t->category + 1, t->category + 1,
                        t->level, t->is_default ? "t" : "f", t->excluded ? "t" : "f",
                        t->is_default ? "default" : "pad", t->rated);
        }
        ok = s_copy_end (&copy, &counts->ratings, error);
    }
    if (ok && (ok = s_copy_begin (&copy, db,
            "COPY county.service_case (hall, id, kind, ticket, rating, category, \"window\", clerk, state,"
            " opened_at, contact_due, rectify_due, contacted_at, rectified_at, closed_at, anonymous,"
            " verdict_source) FROM STDIN", error))) {
        int64_t rating = 0, number = 0;
        for (guint i = 0; i < tickets->len; i++) {
            const gen_ticket_t *t = &g_array_index (tickets, gen_ticket_t, i);
            rating += t->level != 0;
            if (!t->case_kind)
                continue;
            int64_t opened = t->case_kind == 1 ? t->rated : t->finished + 3600;
            int64_t contacted = g_rand_int_range (rand, 0, 10) < 9 ? opened + g_rand_int_range (rand, 600, 2 * 86400) : 0;
            int64_t rectified = contacted && g_rand_int_range (rand, 0, 10) < 8
                              ? contacted + g_rand_int_range (rand, 3600, 6 * 86400) : 0;
            int64_t closed = rectified && g_rand_boolean (rand) ? rectified + g_rand_int_range (rand, 3600, 86400) : 0;
            bool verdict = contacted && !t->anonymous && g_rand_int_range (rand, 0, 10) < 7;
            char rating_id[24];
            g_snprintf (rating_id, sizeof rating_id, "%" G_GINT64_FORMAT, rating);
            s_copy_row (&copy, "%s\t%" G_GINT64_FORMAT "\t%s\t%u\t%s\t%s\t%d\tk%02d\t%s\t%" G_GINT64_FORMAT
                        "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%s",
                        id, ++number, t->case_kind == 1 ? "rating" : "complaint", i + 1,
                        t->case_kind == 1 ? rating_id : "\\N", s_categories[t->category].code, t->category + 1,
                        t->category + 1, closed ? "closed" : rectified ? "rectified" : contacted ? "contacted" : "open",
                        opened, opened + 86400, opened + 5 * 86400, s_time (a, contacted), s_time (b, rectified),
                        s_time (c, closed), t->anonymous ? "t" : "f", verdict ? "visitor" : "\\N");
        }
        ok = s_copy_end (&copy, &counts->cases, error);
    }
    if (ok && (ok = s_copy_begin (&copy, db,
            "COPY county.booking (hall, id, category, day, slot_start, slot_end, state, channel, created_at,"
            " cancelled_at, checked_in_at) FROM STDIN", error))) {
        int64_t number = 0;
        for (int d = 0; d < spec->days; d++)
            for (int i = 0; i < MAX (1, spec->tickets_per_day / 10); i++) {
                int k = s_pick_category (rand), slot = 540 + 30 * g_rand_int_range (rand, 0, 14);
                int r = g_rand_int_range (rand, 0, 100);
                const char *state = r < 70 ? "checked_in" : r < 80 ? "noshow" : r < 95 ? "cancelled" : "booked";
                int64_t created = midnights[d] - g_rand_int_range (rand, 3600, 7 * 86400);
                int64_t start = midnights[d] + slot * 60;
                s_copy_row (&copy, "%s\t%" G_GINT64_FORMAT "\t%s\t%s\t%d\t%d\t%s\t%s\t%" G_GINT64_FORMAT "\t%s\t%s",
                            id, ++number, s_categories[k].code, days[d], slot, slot + 30, state,
                            g_rand_boolean (rand) ? "phone" : "desk", created,
                            s_time (a, strcmp (state, "cancelled") == 0 ? created + 3600 : 0),
                            s_time (b, strcmp (state, "checked_in") == 0 ? start - g_rand_int_range (rand, 0, 900) : 0));
            }
        ok = s_copy_end (&copy, &counts->bookings, error);
    }
    /* The event log, day by day in the order of time. */
    int64_t seq = 0;
    if (ok && (ok = s_copy_begin (&copy, db,
            "COPY county.event (hall, seq, time, type, ticket, number, category, \"window\", clerk) FROM STDIN",
            error))) {
        GArray *events = g_array_new (FALSE, FALSE, sizeof (gen_event_t));
        guint i = 0;
        for (int d = 0; d < spec->days; d++) {
            g_array_set_size (events, 0);
            for (int k = 0; k < N_CATEGORIES; k++) {
                gen_event_t in = { midnights[d] + OPEN_AT - 600, "clerk.signin", 0, k + 1 };
                gen_event_t out = { midnights[d] + CLOSE_AT + 300, "clerk.signout", 0, k + 1 };
                g_array_append_val (events, in);
                g_array_append_val (events, out);
            }
            for (; i < tickets->len && g_array_index (tickets, gen_ticket_t, i).day == d; i++) {
                const gen_ticket_t *t = &g_array_index (tickets, gen_ticket_t, i);
                int w = t->category + 1;
                gen_event_t list[] = {
                    { t->issued, "ticket.issued", i + 1, 0 },
                    { t->called, "ticket.called", i + 1, w },
                    { t->started, "ticket.started", i + 1, w },
                    { strcmp (t->state, "finished") == 0 ? t->finished
                      : strcmp (t->state, "noshow") == 0 ? t->called + 300
                      : strcmp (t->state, "cancelled") == 0 ? t->issued + 600
                      : midnights[d] + 86400, s_end_event (t->state), i + 1, w },
                    /* A default rating comes days later, in a later day's
                     * log: not made here, so that seq follows time. */
                    { t->is_default ? 0 : t->rated, "rating.given", i + 1, w },
                };
                for (size_t n = 0; n < G_N_ELEMENTS (list); n++)
                    if (list[n].time)
                        g_array_append_val (events, list[n]);
            }
            g_array_sort (events, s_event_order);
            for (guint n = 0; n < events->len; n++) {
                const gen_event_t *ev = &g_array_index (events, gen_event_t, n);
                const gen_ticket_t *t = ev->ticket ? &g_array_index (tickets, gen_ticket_t, ev->ticket - 1) : NULL;
                char number[16] = "\\N", window[16] = "\\N", clerk[16] = "\\N", ticket[24] = "\\N";
                if (t) {
                    g_snprintf (number, sizeof number, "%s%03d", s_categories[t->category].prefix, t->seq);
                    g_snprintf (ticket, sizeof ticket, "%" G_GINT64_FORMAT, ev->ticket);
                }
                if (ev->window) {
                    g_snprintf (window, sizeof window, "%d", ev->window);
                    g_snprintf (clerk, sizeof clerk, "k%02d", ev->window);
                }
                s_copy_row (&copy, "%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%s\t%s", id, ++seq,
                            ev->time, ev->type, ticket, number, t ? s_categories[t->category].code : "\\N", window,
                            clerk);
                last_time = MAX (last_time, ev->time);
            }
        }
        g_array_free (events, TRUE);
        ok = s_copy_end (&copy, &counts->events, error);
    }
    if (ok) {
        g_snprintf (f, sizeof f, "%" G_GINT64_FORMAT, seq);
        const char *params[] = { id, f, s_time (a, last_time) };
        ok = county_db_exec (db, "UPDATE county.hall SET last_seq = $2, hall_seq = $2, last_event_at = $3,"
                                 " hall_time = $3 WHERE id = $1", 3, params, error);
    }
    /* The planner's statistics first (the hall's rows are most of what
     * it knows of them), then the figures. */
    if (ok)
        ok = county_db_exec (db, "ANALYZE county.ticket, county.rating, county.service_case, county.booking",
                             0, NULL, error)
             && county_db_exec (db, "SELECT county.refigure ($1)", 1, (const char *[]) { id }, error);
    for (size_t k = 0; ok && k < G_N_ELEMENTS (s_figured); k++) {
        g_autofree char *sql = g_strdup_printf ("ALTER TABLE county.%s ENABLE TRIGGER %s", s_figured[k][0],
                                                s_figured[k][1]);
        ok = county_db_exec (db, sql, 0, NULL, error);
    }
    if (ok) {
        ok = county_db_exec (db, "COMMIT", 0, NULL, error);
    }
    if (!ok)
        PQclear (PQexec (db, "ROLLBACK"));
    else
        counts->halls++;
    g_string_free (copy.buf, TRUE);
    g_strfreev (days);
    g_free (midnights);
    g_array_free (tickets, TRUE);
    g_rand_free (rand);
    return ok;
}

bool
county_load (PGconn *db, const county_load_spec_t *spec, county_load_counts_t *counts,
             void (*progress) (const county_load_counts_t *counts, void *data), void *data, GError **error)
{
    memset (counts, 0, sizeof *counts);
    if (spec->halls < 1 || spec->halls > 999 || spec->days < 1 || spec->days > 3660
        || spec->tickets_per_day < 1 || spec->tickets_per_day > 9999) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_ARGUMENT,
                     "--halls 1..999, --days 1..3660, --tickets-per-day 1..9999");
        return false;
    }
    const char *prefix = spec->prefix ? spec->prefix : "load";
    if (!*prefix || strlen (prefix) > 29 || strspn (prefix, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                            "abcdefghijklmnopqrstuvwxyz_-") != strlen (prefix)) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_ARGUMENT, "--prefix: 1 to 29 of 0-9 A-Z a-z _ -");
        return false;
    }
    /* The last day: given, or the county's today in China. */
    g_autofree char *last_text = NULL;
    if (spec->last_day)
        last_text = g_strdup (spec->last_day);
    else {
        PGresult *res = county_db_query (db, "SELECT (now () AT TIME ZONE '" TZ_NAME "')::date::text", 0, NULL, error);
        if (!res)
            return false;
        last_text = g_strdup (PQgetvalue (res, 0, 0));
        PQclear (res);
    }
    GDate first;
    if (!hall_report_day (last_text, &first)) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_ARGUMENT, "--last-day is a day like 2026-11-27");
        return false;
    }
    g_date_subtract_days (&first, (guint) spec->days - 1);
    /* None of the halls may be there: a load is made once. */
    for (int h = 0; h < spec->halls; h++) {
        g_autofree char *id = s_hall_id (spec, h);
        GError *missing = NULL;
        if (county_db_hall_exists (db, id, &missing)) {
            g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_EXISTS,
                         "hall %s is at the county already (another --prefix?)", id);
            return false;
        }
        if (missing->code != COUNTY_DB_ERROR_NOT_FOUND) {
            g_propagate_error (error, missing);
            return false;
        }
        g_clear_error (&missing);
    }
    for (int h = 0; h < spec->halls; h++) {
        if (!s_load_hall (db, spec, h, &first, counts, error))
            return false;
        if (progress)
            progress (counts, data);
    }
    /* Fresh statistics for the planner: the benchmark's queries follow.
     * And VACUUM: the report reads the waits of one bucket from the index
     * ticket_wait alone, the unsettled cases from service_case_unsettled,
     * once the pages are all-visible; and autovacuum, which would
     * otherwise start on every table just loaded (the event log's tens of
     * millions of rows: minutes), has nothing left to do while the
     * benchmark measures. */
    return county_db_exec (db, "VACUUM (ANALYZE) county.ticket, county.rating, county.service_case, county.booking,"
                               " county.event, county.day_figure, county.wait_bucket, county.day_case,"
                               " county.day_booking", 0, NULL, error)
           && county_db_exec (db, "ANALYZE county.hall, county.category", 0, NULL, error);
}
