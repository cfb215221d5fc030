/*  county-report.c — the county's report over its halls' rows
 *  (county-report.h, docs/METRICS.md).
 *
 *  The tickets' counters come from the sums the county's triggers keep per
 *  hall, day and category (county.day_figure, county/schema/003-figures.sql),
 *  added up here per row and for the totals (the totals are of the whole:
 *  the percentile of all waits, not of the rows').  The two figures that
 *  sums cannot hold are counted exactly: wait_p90, the ceil(0.9 n)-th
 *  smallest wait, lies in the 5-minute bucket (county.wait_bucket) where
 *  the cumulative count reaches the rank, and is read from that bucket's
 *  tickets alone (index ticket_wait); the overdue of the cases whose
 *  deadlines are open, as of the hall's clock, from those cases.
 *  service_level's waits within the category's target as it is now are
 *  summed too (a category's change counts them again).  Cases by their
 *  ticket's day (county.day_case), bookings from the per-day counts
 *  (county.day_booking), and the clerks' signed-in time from their
 *  events.  The counters become figures in the hall's own code
 *  (hall_figures_json), so the rounding and the nulls are the hall's.
 *  docs/COUNTY.md, "How the report stays fast".
 */
#define G_LOG_DOMAIN "hall-county"
#include "county-report.h"
#include "county-db.h"
#include "report-figures.h"

#include <stdlib.h>
#include <string.h>

/* One row per grouping: how a row's key is made of a ticket's or a
 * booking's columns (alias x, its category c).  The figures are the same
 * for every grouping; only the key differs. */
static const struct {
    const char *by;
    const char *key;           /* SQL over x (county.ticket or county.booking) and c (county.category) */
    bool        utilisation;   /* the rows carry signed_in (they are whole halls) */
} s_groupings[] = {
    { "hall",       "x.hall",                       true },
    { "department", "coalesce (c.department, '-')", false },
    { "category",   "x.category",                   false },
    { "month",      "to_char (x.day, 'YYYY-MM')",   false },
};

/* The rows of every query: the period's days, the halls ($3 NULL: all). */
#define WHERE_PERIOD " x.day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR x.hall = $3)"
#define JOIN_CATEGORY " LEFT JOIN county.category c ON c.hall = x.hall AND c.code = x.category"
/* "Now" of each hall: its clock as its uplink last wrote it. */
#define HALL_NOW "coalesce (hall_time, extract (epoch FROM now ())::bigint)"

/* The period's counters per row key, hall and category, from the sums the
 * triggers keep (county/schema/003-figures.sql): each county.day_figure
 * row is the tickets of a hall's day and category as server/report.c's
 * ticket pass counts them (each with its visit's rating; target_in
 * against the category's target as it is now).  The target: for
 * target_count, the called tickets of a category with a target. */
static const char s_figure_sql[] =
    "SELECT k.key, k.hall, k.category, k.target, sum (issued), sum (served), sum (noshow), sum (expired),"
    " sum (cancelled), sum (active), sum (called), sum (wait_sum), sum (service_sum), sum (service_count),"
    " sum (given), sum (defaults), sum (excluded), sum (good), sum (bad), sum (appointment_wait_sum),"
    " sum (appointment_called), sum (target_in)"
    " FROM (SELECT %s AS key, x.*, coalesce (c.target_wait, 0) AS target FROM county.day_figure x" JOIN_CATEGORY
    "   WHERE" WHERE_PERIOD ") k"
    " GROUP BY 1, 2, 3, 4 HAVING sum (issued) > 0";

/* The period's called tickets per row key, hall, category and 5-minute
 * bucket of their wait ((called_at - issued_at) / 300). */
static const char s_bucket_sql[] =
    "SELECT k.key, k.hall, k.category, k.bucket, sum (k.n)"
    " FROM (SELECT %s AS key, x.hall, x.category, x.bucket, x.n FROM county.wait_bucket x" JOIN_CATEGORY
    "   WHERE" WHERE_PERIOD ") k"
    " GROUP BY 1, 2, 3, 4 HAVING sum (k.n) <> 0";

/* The (offset + 1)-th smallest wait of bucket $3 of halls' categories
 * ($1, $2) over the days $4..$5 (index ticket_wait). */
static const char s_rank_sql[] =
    "SELECT q.w FROM unnest ($1::text[], $2::text[]) AS p (hall, category)"
    " CROSS JOIN LATERAL (SELECT x.called_at - x.issued_at AS w FROM county.ticket x"
    "   WHERE x.hall = p.hall AND x.category = p.category AND (x.called_at - x.issued_at) / 300 = $3::bigint"
    "   AND x.day BETWEEN $4::date AND $5::date AND x.called_at IS NOT NULL) q"
    " ORDER BY q.w OFFSET $6::bigint LIMIT 1";

/* The period's tickets' cases (by their ticket's day, copied to the case
 * by a trigger), from the counts the triggers keep (county.day_case) and,
 * for the cases whose overdue depends on the hall's clock (a deadline not
 * met yet: coalesce (..., now)), overdue as of the hall's now.  KEY twice
 * (%1$s). */
static const char s_case_sql[] =
    "SELECT grouping (k.key), k.key, sum (k.opened), sum (k.closed), sum (k.overdue), sum (k.bad),"
    " sum (k.revisited)"
    " FROM (SELECT %1$s AS key, x.opened, x.closed, x.overdue, x.bad, x.revisited FROM county.day_case x"
    JOIN_CATEGORY " WHERE" WHERE_PERIOD
    "  UNION ALL SELECT %1$s AS key, 0, 0,"
    "   (coalesce (x.contacted_at, x.closed_at, h.now) >= x.contact_due"
    "    OR coalesce (x.rectified_at, x.closed_at, h.now) >= x.rectify_due)::int, 0, 0"
    "   FROM (SELECT s.hall, s.ticket_day AS day, s.ticket_category AS category, s.contacted_at, s.closed_at,"
    "     s.contact_due, s.rectified_at, s.rectify_due FROM county.service_case s"
    "     WHERE s.closed_at IS NULL AND (s.contacted_at IS NULL OR s.rectified_at IS NULL)) x"
    "   JOIN (SELECT id, " HALL_NOW " AS now FROM county.hall) h ON h.id = x.hall" JOIN_CATEGORY
    "   WHERE" WHERE_PERIOD ") k"
    " GROUP BY GROUPING SETS ((k.key), ()) HAVING grouping (k.key) = 1 OR sum (k.opened) > 0";

/* The bookings of the period's slots (booking.day), from the counts the
 * triggers keep. */
static const char s_booking_sql[] =
    "SELECT grouping (k.key), k.key, sum (n), sum (n) FILTER (WHERE state = 'cancelled'),"
    " sum (n) FILTER (WHERE state = 'checked_in'), sum (n) FILTER (WHERE state = 'noshow')"
    " FROM (SELECT %s AS key, x.state, x.n FROM county.day_booking x" JOIN_CATEGORY
    "   WHERE" WHERE_PERIOD ") k"
    " GROUP BY GROUPING SETS ((k.key), ()) HAVING grouping (k.key) = 1 OR sum (n) <> 0";

/* Signed-in time, as server/report.c's s_signin_time: at each window of a
 * hall, a clerk.signin opens a shift that the window's next sign-in or
 * sign-out closes; a shift still open lasts to the end of the range or
 * the hall's now, if sooner; each clipped to the hall's local midnights
 * start..end.  Events at or after the end are not read (the hall's
 * "time < end").  By hall and in total. */
static const char s_signin_sql[] =
    "WITH RECURSIVE h AS (SELECT id, " HALL_NOW " AS now,"
    "   extract (epoch FROM ($1::date::timestamp AT TIME ZONE coalesce (timezone, 'Asia/Shanghai')))::bigint AS start,"
    "   extract (epoch FROM (($2::date + 1)::timestamp AT TIME ZONE coalesce (timezone, 'Asia/Shanghai')))::bigint"
    "    AS stop"
    "   FROM county.hall WHERE $3::text IS NULL OR id = $3),"
    /* Each hall's windows that ever had a clerk (0: events without one),
     * one index probe each (a skip scan of event_clerk: there is no
     * DISTINCT that uses it). */
    " ws AS (SELECT h.id AS hall, (SELECT min (coalesce (p.\"window\", 0)) FROM county.event p WHERE p.hall = h.id"
    "     AND p.type IN ('clerk.signin', 'clerk.signout')) AS win FROM h"
    "   UNION ALL SELECT ws.hall, (SELECT min (coalesce (p.\"window\", 0)) FROM county.event p WHERE p.hall = ws.hall"
    "     AND p.type IN ('clerk.signin', 'clerk.signout') AND coalesce (p.\"window\", 0) > ws.win) FROM ws WHERE ws.win IS NOT NULL),"
    /* A window's shifts that can reach into the range start at its last
     * event at or before the start: the earlier ones end by then.
     * MATERIALIZED: once per window (inlined, the planner evaluated the
     * subquery again for every event it read after it).  The last event
     * by the index's own order, not max (): under row-level security (a
     * reader) the planner read and sorted every earlier event of the
     * window instead, a year's worth. */
    " b AS MATERIALIZED (SELECT ws.hall, ws.win, h.start, h.stop, h.now,"
    "   (SELECT p.time FROM county.event p WHERE p.hall = ws.hall AND coalesce (p.\"window\", 0) = ws.win"
    "     AND p.type IN ('clerk.signin', 'clerk.signout') AND p.time <= h.start"
    "     ORDER BY p.hall DESC, coalesce (p.\"window\", 0) DESC, p.time DESC LIMIT 1) AS since"
    "   FROM ws JOIN h ON h.id = ws.hall WHERE ws.win IS NOT NULL),"
    /* Each window's events from then, by an index probe per window
     * (LATERAL: the planner, misjudging how many windows there are,
     * would rather merge-join the whole index). */
    " e AS (SELECT b.hall, x.type, x.time, b.start, b.stop, b.now, x.next"
    "   FROM b CROSS JOIN LATERAL (SELECT e.type, e.time, lead (e.time) OVER (ORDER BY e.seq) AS next"
    "     FROM county.event e WHERE e.hall = b.hall AND coalesce (e.\"window\", 0) = b.win"
    "     AND e.type IN ('clerk.signin', 'clerk.signout') AND e.time >= coalesce (b.since, b.start)"
    "     AND e.time < b.stop) x)"
    " SELECT grouping (hall), hall,"
    "  coalesce (sum (greatest (least (coalesce (next, least (now, stop)), stop) - greatest (time, start), 0)), 0)::bigint"
    " FROM e WHERE type = 'clerk.signin' GROUP BY GROUPING SETS ((hall), ())";

typedef struct {
    char          *key;
    hall_figures_t f;
    GHashTable    *buckets;    /* wait bucket (gint64 *) -> called tickets (gint64 *) */
    int64_t        rank_bucket;     /* the bucket of the ceil(0.9 n)-th wait */
    int64_t        rank_offset;     /* its place in the bucket, from 0 */
    GString       *rank_halls, *rank_categories;   /* the cells (SQL arrays) with waits in that bucket */
    GHashTable    *rank_cells;      /* "hall\037category" of those */
} row_t;

static row_t *
s_row_new (const char *key)
{
    row_t *row = g_new0 (row_t, 1);
    row->key = g_strdup (key);
    row->f.wait_p90 = -1;
    row->buckets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
    row->rank_halls = g_string_new ("{");
    row->rank_categories = g_string_new ("{");
    row->rank_cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    return row;
}

static void
s_row_free (gpointer data)
{
    row_t *row = data;
    g_free (row->key);
    g_hash_table_destroy (row->buckets);
    g_string_free (row->rank_halls, TRUE);
    g_string_free (row->rank_categories, TRUE);
    g_hash_table_destroy (row->rank_cells);
    g_free (row);
}

/* The row of KEY, made when new. */
static row_t *
s_row (GHashTable *rows, const char *key)
{
    row_t *row = g_hash_table_lookup (rows, key);
    if (!row) {
        row = s_row_new (key);
        g_hash_table_insert (rows, row->key, row);
    }
    return row;
}

/* The row of result line I: the totals for the grouping set (), else the
 * key's row, made when new. */
static hall_figures_t *
s_figures (GHashTable *rows, row_t *total, PGresult *res, int i)
{
    if (strcmp (PQgetvalue (res, i, 0), "1") == 0)
        return &total->f;
    return &s_row (rows, PQgetisnull (res, i, 1) ? "-" : PQgetvalue (res, i, 1))->f;
}

static int64_t
s_int (PGresult *res, int i, int col)
{
    return PQgetisnull (res, i, col) ? 0 : g_ascii_strtoll (PQgetvalue (res, i, col), NULL, 10);
}

/* Runs TEMPLATE with the grouping's KEY expression. */
static PGresult *
s_run (PGconn *db, const char *template, const char *key, int n, const char *const *params, GError **error)
{
    g_autofree char *sql = g_strdup_printf (template, key);
    return county_db_query (db, sql, n, params, error);
}

/* Appends TEXT to the SQL array literal ARRAY ("{" so far, "}" to come). */
static void
s_array_add (GString *array, const char *text)
{
    g_string_append (array, array->len > 1 ? ",\"" : "\"");
    for (const char *p = text; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_c (array, '\\');
        g_string_append_c (array, *p);
    }
    g_string_append_c (array, '"');
}

static void
s_add_counters (hall_figures_t *f, const hall_figures_t *c)
{
    f->issued += c->issued;
    f->served += c->served;
    f->noshow += c->noshow;
    f->expired += c->expired;
    f->cancelled += c->cancelled;
    f->active += c->active;
    f->called += c->called;
    f->wait_sum += c->wait_sum;
    f->service_sum += c->service_sum;
    f->service_count += c->service_count;
    f->target_in += c->target_in;
    f->target_count += c->target_count;
    f->given += c->given;
    f->defaults += c->defaults;
    f->excluded += c->excluded;
    f->good += c->good;
    f->bad += c->bad;
    f->appointment_wait_sum += c->appointment_wait_sum;
    f->appointment_called += c->appointment_called;
}

static void
s_add_bucket (row_t *row, int64_t bucket, int64_t n)
{
    int64_t *count = g_hash_table_lookup (row->buckets, &bucket);
    if (!count) {
        count = g_new0 (int64_t, 1);
        g_hash_table_insert (row->buckets, g_memdup2 (&bucket, sizeof bucket), count);
    }
    *count += n;
}

/* A hall's category as one string (a cell's key). */
static char *
s_cell (const char *hall, const char *category)
{
    return g_strconcat (hall, "\037", category, NULL);
}

/* The wait bucket (g_int64_hash) order. */
static gint
s_bucket_order (gconstpointer a, gconstpointer b)
{
    int64_t x = **(int64_t * const *) a, y = **(int64_t * const *) b;
    return x < y ? -1 : x > y;
}

/* Which bucket holds ROW's ceil(0.9 n)-th smallest wait (the hall's
 * nearest rank: ceil(9n/10) in integers), and its place there. */
static void
s_rank_bucket (row_t *row)
{
    row->rank_offset = -1;
    if (row->f.called <= 0)
        return;
    int64_t rank = (9 * (int64_t) row->f.called + 9) / 10;
    GPtrArray *keys = g_ptr_array_new ();
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init (&iter, row->buckets);
    while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (keys, key);
    g_ptr_array_sort (keys, s_bucket_order);
    int64_t below = 0;
    for (guint i = 0; i < keys->len; i++) {
        int64_t n = *(int64_t *) g_hash_table_lookup (row->buckets, keys->pdata[i]);
        if (below + n >= rank) {
            row->rank_bucket = *(int64_t *) keys->pdata[i];
            row->rank_offset = rank - below - 1;
            break;
        }
        below += n;
    }
    g_ptr_array_free (keys, TRUE);
}

static void
s_rank_cell (row_t *row, const char *hall, const char *category, int64_t bucket)
{
    if (row->rank_offset < 0 || bucket != row->rank_bucket)
        return;
    char *cell = s_cell (hall, category);
    if (!g_hash_table_add (row->rank_cells, cell))
        return;
    s_array_add (row->rank_halls, hall);
    s_array_add (row->rank_categories, category);
}

/* ROW's wait_p90: the wait at its rank, from the tickets of its cells'
 * rank bucket over FROM..TO. */
static bool
s_rank_wait (PGconn *db, row_t *row, const char *from, const char *to, GError **error)
{
    if (row->rank_offset < 0)
        return true;
    g_string_append_c (row->rank_halls, '}');
    g_string_append_c (row->rank_categories, '}');
    char bucket[24], offset[24];
    g_snprintf (bucket, sizeof bucket, "%" G_GINT64_FORMAT, row->rank_bucket);
    g_snprintf (offset, sizeof offset, "%" G_GINT64_FORMAT, row->rank_offset);
    const char *params[] = { row->rank_halls->str, row->rank_categories->str, bucket, from, to, offset };
    PGresult *res = county_db_query (db, s_rank_sql, 6, params, error);
    if (!res)
        return false;
    if (PQntuples (res) != 1) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_FAILED,
                     "the wait figures do not match the tickets (%s): run county.refigure ()", row->key);
        PQclear (res);
        return false;
    }
    row->f.wait_p90 = s_int (res, 0, 0);
    PQclear (res);
    return true;
}

/* The days of month KEY ("YYYY-MM") within FROM..TO, into FIRST, LAST
 * ("YYYY-MM-DD"). */
static void
s_month_days (const char *key, const char *from, const char *to, char first[11], char last[11])
{
    int year = 0, month = 0;
    sscanf (key, "%4d-%2d", &year, &month);
    g_snprintf (first, 11, "%04d-%02d-01", year, month);
    g_snprintf (last, 11, "%04d-%02d-%02d", year, month,
                g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year));
    if (strcmp (first, from) < 0)
        g_strlcpy (first, from, 11);
    if (strcmp (last, to) > 0)
        g_strlcpy (last, to, 11);
}

/* The tickets' figures: the counters, service_level and wait_p90. */
static bool
s_tickets (PGconn *db, const char *key, bool by_month, const char *const params[3], GHashTable *rows,
           row_t *total, GError **error)
{
    PGresult *res = s_run (db, s_figure_sql, key, 3, params, error);
    if (!res)
        return false;
    for (int i = 0; i < PQntuples (res); i++) {
        row_t *row = s_row (rows, PQgetvalue (res, i, 0));
        int64_t target = s_int (res, i, 3);
        hall_figures_t c = { 0 };
        int col = 4;
        c.issued = (int) s_int (res, i, col++);
        c.served = (int) s_int (res, i, col++);
        c.noshow = (int) s_int (res, i, col++);
        c.expired = (int) s_int (res, i, col++);
        c.cancelled = (int) s_int (res, i, col++);
        c.active = (int) s_int (res, i, col++);
        c.called = (int) s_int (res, i, col++);
        c.wait_sum = s_int (res, i, col++);
        c.service_sum = s_int (res, i, col++);
        c.service_count = (int) s_int (res, i, col++);
        c.given = (int) s_int (res, i, col++);
        c.defaults = (int) s_int (res, i, col++);
        c.excluded = (int) s_int (res, i, col++);
        c.good = (int) s_int (res, i, col++);
        c.bad = (int) s_int (res, i, col++);
        c.appointment_wait_sum = s_int (res, i, col++);
        c.appointment_called = (int) s_int (res, i, col++);
        c.target_in = (int) s_int (res, i, col++);
        c.target_count = target > 0 ? c.called : 0;
        s_add_counters (&row->f, &c);
        s_add_counters (&total->f, &c);
    }
    PQclear (res);

    /* The waits by bucket: the rows' histograms. */
    bool ok = (res = s_run (db, s_bucket_sql, key, 3, params, error)) != NULL;
    for (int i = 0; ok && i < PQntuples (res); i++) {
        row_t *row = s_row (rows, PQgetvalue (res, i, 0));
        int64_t bucket = s_int (res, i, 3), n = s_int (res, i, 4);
        s_add_bucket (row, bucket, n);
        s_add_bucket (total, bucket, n);
    }

    /* wait_p90: each row's rank bucket, its cells there, the wait. */
    if (ok) {
        GHashTableIter iter;
        gpointer value;
        g_hash_table_iter_init (&iter, rows);
        while (g_hash_table_iter_next (&iter, NULL, &value))
            s_rank_bucket (value);
        s_rank_bucket (total);
        for (int i = 0; i < PQntuples (res); i++) {
            const char *hall = PQgetvalue (res, i, 1), *category = PQgetvalue (res, i, 2);
            int64_t bucket = s_int (res, i, 3);
            s_rank_cell (g_hash_table_lookup (rows, PQgetvalue (res, i, 0)), hall, category, bucket);
            s_rank_cell (total, hall, category, bucket);
        }
        g_hash_table_iter_init (&iter, rows);
        while (ok && g_hash_table_iter_next (&iter, NULL, &value)) {
            row_t *row = value;
            char first[11], last[11];
            if (by_month)
                s_month_days (row->key, params[0], params[1], first, last);
            ok = s_rank_wait (db, row, by_month ? first : params[0], by_month ? last : params[1], error);
        }
        ok = ok && s_rank_wait (db, total, params[0], params[1], error);
    }
    PQclear (res);
    return ok;
}

static bool
s_cases (PGconn *db, const char *key, const char *const params[3], GHashTable *rows, row_t *total,
         GError **error)
{
    PGresult *res = s_run (db, s_case_sql, key, 3, params, error);
    if (!res)
        return false;
    for (int i = 0; i < PQntuples (res); i++) {
        hall_figures_t *f = s_figures (rows, total, res, i);
        f->cases_opened = (int) s_int (res, i, 2);
        f->cases_closed = (int) s_int (res, i, 3);
        f->cases_overdue = (int) s_int (res, i, 4);
        f->bad_cases = (int) s_int (res, i, 5);
        f->revisited = (int) s_int (res, i, 6);
    }
    PQclear (res);
    return true;
}

static bool
s_bookings (PGconn *db, const char *key, const char *const params[3], GHashTable *rows, row_t *total,
            GError **error)
{
    PGresult *res = s_run (db, s_booking_sql, key, 3, params, error);
    if (!res)
        return false;
    for (int i = 0; i < PQntuples (res); i++) {
        hall_figures_t *f = s_figures (rows, total, res, i);
        f->bookings = (int) s_int (res, i, 2);
        f->bookings_cancelled = (int) s_int (res, i, 3);
        f->checkins = (int) s_int (res, i, 4);
        f->booking_noshows = (int) s_int (res, i, 5);
    }
    PQclear (res);
    return true;
}

/* Signed-in time: into the halls' rows when BY_HALL, and the totals. */
static bool
s_signed_in (PGconn *db, const char *const params[3], bool by_hall, GHashTable *rows, row_t *total,
             GError **error)
{
    PGresult *res = county_db_query (db, s_signin_sql, 3, params, error);
    if (!res)
        return false;
    for (int i = 0; i < PQntuples (res); i++) {
        /* A hall's row only for time signed in, as the hall makes a
         * window's row only for a shift that overlaps the range. */
        bool is_total = strcmp (PQgetvalue (res, i, 0), "1") == 0;
        int64_t seconds = s_int (res, i, 2);
        if (is_total || (by_hall && seconds > 0))
            s_figures (rows, total, res, i)->signed_in = seconds;
    }
    PQclear (res);
    return true;
}

/* The rows' names for people (key -> name), for BY. */
static GHashTable *
s_names (PGconn *db, const char *by, const char *hall, GError **error)
{
    GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    const char *sql = strcmp (by, "hall") == 0 ? "SELECT id, name FROM county.hall"
                    : strcmp (by, "category") == 0
                    ? "SELECT code, min (name) FROM county.category WHERE $1::text IS NULL OR hall = $1 GROUP BY code"
                    : NULL;
    if (!sql)
        return names;
    const char *params[] = { hall };
    PGresult *res = county_db_query (db, sql, strcmp (by, "category") == 0 ? 1 : 0, params, error);
    if (!res) {
        g_hash_table_destroy (names);
        return NULL;
    }
    for (int i = 0; i < PQntuples (res); i++)
        g_hash_table_insert (names, g_strdup (PQgetvalue (res, i, 0)), g_strdup (PQgetvalue (res, i, 1)));
    PQclear (res);
    return names;
}

static const char *
s_name (GHashTable *names, const char *by, const char *key)
{
    if (strcmp (by, "department") == 0)
        return strcmp (key, "-") == 0 ? "(未设部门)" : key;
    if (strcmp (by, "month") == 0)
        return key;
    const char *name = g_hash_table_lookup (names, key);
    return name ? name : "";
}

static gint
s_row_order (gconstpointer a, gconstpointer b)
{
    const row_t *x = *(row_t * const *) a, *y = *(row_t * const *) b;
    return hall_figures_key_cmp (x->key, y->key);
}

/* The report's moment and, for one hall, its range in unix seconds. */
static json_t *
s_header (PGconn *db, const char *from, const char *to, const char *by, const char *hall, GError **error)
{
    const char *params[] = { from, to, hall };
    PGresult *res = county_db_query (db,
        "SELECT extract (epoch FROM now ())::bigint, coalesce (h.hall_time, extract (epoch FROM now ())::bigint),"
        " extract (epoch FROM ($1::date::timestamp AT TIME ZONE coalesce (h.timezone, 'Asia/Shanghai')))::bigint,"
        " extract (epoch FROM (($2::date + 1)::timestamp AT TIME ZONE coalesce (h.timezone, 'Asia/Shanghai')))::bigint"
        " FROM (SELECT 1) one LEFT JOIN county.hall h ON h.id = $3", 3, params, error);
    if (!res)
        return NULL;
    json_t *header = json_pack ("{s:s, s:s, s:s, s:o, s:s}", "from", from, "to", to, "by", by,
                                "hall", hall ? json_string (hall) : json_null (),
                                "definitions", "docs/METRICS.md");
    if (hall) {
        json_object_set_new (header, "generated_at", json_integer (s_int (res, 0, 1)));
        json_object_set_new (header, "start", json_integer (s_int (res, 0, 2)));
        json_object_set_new (header, "end", json_integer (s_int (res, 0, 3)));
    }
    else
        json_object_set_new (header, "generated_at", json_integer (s_int (res, 0, 0)));
    PQclear (res);
    return header;
}

json_t *
county_report (PGconn *db, const char *from, const char *to, const char *by, const char *hall, GError **error)
{
    GDate first, last;
    if (!hall_report_day (from, &first) || !hall_report_day (to, &last)) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_ARGUMENT, "'from' and 'to' are days like 2026-11-27");
        return NULL;
    }
    if (g_date_compare (&first, &last) > 0) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_ARGUMENT, "'from' must not be after 'to'");
        return NULL;
    }
    by = by ? by : "hall";
    int g = -1;
    for (size_t i = 0; i < G_N_ELEMENTS (s_groupings); i++)
        if (strcmp (by, s_groupings[i].by) == 0)
            g = (int) i;
    if (g < 0) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_ARGUMENT, "'by' is hall, department, category or month");
        return NULL;
    }
    if (hall && !county_db_hall_exists (db, hall, error))
        return NULL;

    /* One snapshot for the four queries: rows an uplink writes meanwhile
     * are in all of them or in none. */
    if (!county_db_exec (db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error))
        return NULL;
    /* PostgreSQL's JIT compiles each of these queries for longer (50-100
     * ms) than a day's report takes to run. */
    if (!county_db_exec (db, "SET LOCAL jit = off", 0, NULL, error)) {
        PQclear (PQexec (db, "ROLLBACK"));
        return NULL;
    }
    const char *params[3] = { from, to, hall };
    const char *key = s_groupings[g].key;
    GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, s_row_free);
    row_t *total = s_row_new ("total");
    GHashTable *names = NULL;
    json_t *report = NULL;
    if (!s_tickets (db, key, strcmp (by, "month") == 0, params, rows, total, error) || !s_cases (db, key, params, rows, total, error)
        || !s_bookings (db, key, params, rows, total, error)
        || !s_signed_in (db, params, strcmp (by, "hall") == 0, rows, total, error)
        || !(names = s_names (db, by, hall, error)) || !(report = s_header (db, from, to, by, hall, error)))
        goto done;

    GPtrArray *sorted = g_ptr_array_new ();
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init (&iter, rows);
    while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (sorted, value);
    g_ptr_array_sort (sorted, s_row_order);
    json_t *list = json_array ();
    for (guint i = 0; i < sorted->len; i++) {
        row_t *row = g_ptr_array_index (sorted, i);
        json_t *item = hall_figures_json (&row->f, row->key, s_groupings[g].utilisation);
        json_object_set_new (item, "name", json_string (s_name (names, by, row->key)));
        json_array_append_new (list, item);
    }
    g_ptr_array_free (sorted, TRUE);
    json_t *totals = hall_figures_json (&total->f, "total", true);
    json_object_set_new (totals, "name", json_string (""));
    json_object_set_new (report, "rows", list);
    json_object_set_new (report, "totals", totals);
done:
    PQclear (PQexec (db, report ? "COMMIT" : "ROLLBACK"));
    if (names)
        g_hash_table_destroy (names);
    s_row_free (total);
    g_hash_table_destroy (rows);
    return report;
}
