/*  county-report.c — the county's report over its halls' rows
 *  (county-report.h, docs/METRICS.md).
 *
 *  Four queries, each grouped by the row's key and, in the same pass, over
 *  everything (GROUPING SETS ((key), ()): the totals are of the whole, not
 *  sums of rows — averages and the percentile need that): the period's
 *  tickets with their visit's rating, their cases, the bookings of the
 *  period's slots, and the clerks' signed-in time.  Each counts what
 *  server/report.c counts, column for column; the counters then become
 *  figures in the hall's own code (hall_figures_json), so the rounding
 *  and the nulls are the hall's.  One scan of the period's rows per query
 *  (ticket_day index), O(rows); nothing is kept per ticket here.  The
 *  signed-in time reads, as the hall does, every clerk.signin and
 *  clerk.signout of the halls before the range's end: with no index on
 *  the event's type, a scan of county.event (about 0.4 s for 800,000
 *  events on the test machine).
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

/* The period's tickets, each with its visit's rating (the one of the step
 * it ended at, round 1), as server/report.c's ticket pass.  A NULL
 * finished_at counts as 0 there (sqlite3_column_int64): so here.
 * percentile_disc (0.9) is the hall's nearest rank: the ceil(0.9 n)-th
 * smallest of the n waits (NULLs, the tickets never called, left out). */
static const char s_ticket_sql[] =
    "SELECT grouping (k.key), k.key, count(*),"
    " count(*) FILTER (WHERE state = 'finished'), count(*) FILTER (WHERE state = 'noshow'),"
    " count(*) FILTER (WHERE state = 'expired'), count(*) FILTER (WHERE state = 'cancelled'),"
    " count(*) FILTER (WHERE state IN ('waiting', 'called', 'serving')),"
    " count(called_at), coalesce (sum (called_at - issued_at), 0),"
    " percentile_disc (0.9) WITHIN GROUP (ORDER BY called_at - issued_at),"
    " coalesce (sum (coalesce (finished_at, 0) - started_at) FILTER (WHERE state = 'finished'), 0),"
    " count(started_at) FILTER (WHERE state = 'finished'),"
    " count(*) FILTER (WHERE called_at IS NOT NULL AND target > 0 AND called_at - issued_at <= target),"
    " count(*) FILTER (WHERE called_at IS NOT NULL AND target > 0),"
    " count(level) FILTER (WHERE NOT is_default), count(level) FILTER (WHERE is_default),"
    " count(level) FILTER (WHERE NOT is_default AND excluded),"
    " count(level) FILTER (WHERE NOT is_default AND NOT excluded AND level >= 3),"
    " count(level) FILTER (WHERE NOT is_default AND NOT excluded AND level <= 2),"
    " coalesce (sum (greatest (called_at - greatest (issued_at, appointment_at), 0))"
    "   FILTER (WHERE called_at IS NOT NULL AND appointment_at IS NOT NULL), 0),"
    " count(*) FILTER (WHERE called_at IS NOT NULL AND appointment_at IS NOT NULL)"
    " FROM (SELECT %s AS key, x.state, x.issued_at, x.called_at, x.started_at, x.finished_at,"
    "   x.appointment_at, r.level, r.is_default, r.excluded, coalesce (c.target_wait, 0) AS target"
    "   FROM county.ticket x" JOIN_CATEGORY
    "   LEFT JOIN county.rating r ON r.hall = x.hall AND r.ticket = x.id"
    "    AND r.step IS NOT DISTINCT FROM x.journey_current AND r.round = 1"
    "   WHERE" WHERE_PERIOD ") k"
    " GROUP BY GROUPING SETS ((k.key), ())";

/* The period's tickets' cases, found by the case's ticket; overdue as of
 * the hall's now. */
static const char s_case_sql[] =
    "SELECT grouping (k.key), k.key, count(*), count(*) FILTER (WHERE state = 'closed'),"
    " count(*) FILTER (WHERE overdue), count(*) FILTER (WHERE bad_case),"
    " count(*) FILTER (WHERE bad_case AND revisited)"
    " FROM (SELECT %s AS key, s.state,"
    "   coalesce (s.contacted_at, s.closed_at, h.now) >= s.contact_due"
    "    OR coalesce (s.rectified_at, s.closed_at, h.now) >= s.rectify_due AS overdue,"
    "   s.kind = 'rating' AND NOT coalesce (r.excluded, false) AND NOT s.anonymous AS bad_case,"
    "   s.verdict_source IS NOT NULL AS revisited"
    "   FROM county.service_case s JOIN county.ticket x ON x.hall = s.hall AND x.id = s.ticket"
    "   JOIN (SELECT id, " HALL_NOW " AS now FROM county.hall) h ON h.id = s.hall" JOIN_CATEGORY
    "   LEFT JOIN county.rating r ON r.hall = s.hall AND r.id = s.rating"
    "   WHERE" WHERE_PERIOD ") k"
    " GROUP BY GROUPING SETS ((k.key), ())";

/* The bookings of the period's slots (booking.day). */
static const char s_booking_sql[] =
    "SELECT grouping (k.key), k.key, count(*), count(*) FILTER (WHERE state = 'cancelled'),"
    " count(*) FILTER (WHERE state = 'checked_in'), count(*) FILTER (WHERE state = 'noshow')"
    " FROM (SELECT %s AS key, x.state FROM county.booking x" JOIN_CATEGORY
    "   WHERE" WHERE_PERIOD ") k"
    " GROUP BY GROUPING SETS ((k.key), ())";

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
     * event at or before the start: the earlier ones end by then. */
    " b AS (SELECT ws.hall, ws.win, h.start, h.stop, h.now,"
    "   (SELECT max (p.time) FROM county.event p WHERE p.hall = ws.hall AND coalesce (p.\"window\", 0) = ws.win"
    "     AND p.type IN ('clerk.signin', 'clerk.signout') AND p.time <= h.start) AS since"
    "   FROM ws JOIN h ON h.id = ws.hall WHERE ws.win IS NOT NULL),"
    " e AS (SELECT e.hall, e.type, e.time, b.start, b.stop, b.now,"
    "   lead (e.time) OVER (PARTITION BY e.hall, coalesce (e.\"window\", 0) ORDER BY e.seq) AS next"
    "   FROM b JOIN county.event e ON e.hall = b.hall AND coalesce (e.\"window\", 0) = b.win"
    "   WHERE e.type IN ('clerk.signin', 'clerk.signout') AND e.time >= coalesce (b.since, b.start) AND e.time < b.stop)"
    " SELECT grouping (hall), hall,"
    "  coalesce (sum (greatest (least (coalesce (next, least (now, stop)), stop) - greatest (time, start), 0)), 0)::bigint"
    " FROM e WHERE type = 'clerk.signin' GROUP BY GROUPING SETS ((hall), ())";

typedef struct {
    char          *key;
    hall_figures_t f;
} row_t;

static row_t *
s_row_new (const char *key)
{
    row_t *row = g_new0 (row_t, 1);
    row->key = g_strdup (key);
    row->f.wait_p90 = -1;
    return row;
}

static void
s_row_free (gpointer data)
{
    row_t *row = data;
    g_free (row->key);
    g_free (row);
}

/* The row of result line I: the totals for the grouping set (), else the
 * key's row, made when new. */
static hall_figures_t *
s_figures (GHashTable *rows, row_t *total, PGresult *res, int i)
{
    if (strcmp (PQgetvalue (res, i, 0), "1") == 0)
        return &total->f;
    const char *key = PQgetisnull (res, i, 1) ? "-" : PQgetvalue (res, i, 1);
    row_t *row = g_hash_table_lookup (rows, key);
    if (!row) {
        row = s_row_new (key);
        g_hash_table_insert (rows, row->key, row);
    }
    return &row->f;
}

static int64_t
s_int (PGresult *res, int i, int col)
{
    return PQgetisnull (res, i, col) ? 0 : g_ascii_strtoll (PQgetvalue (res, i, col), NULL, 10);
}

/* Runs TEMPLATE with the grouping's KEY expression. */
static PGresult *
s_run (PGconn *db, const char *template, const char *key, const char *const params[3], GError **error)
{
    g_autofree char *sql = g_strdup_printf (template, key);
    return county_db_query (db, sql, 3, params, error);
}

static bool
s_tickets (PGconn *db, const char *key, const char *const params[3], GHashTable *rows, row_t *total,
           GError **error)
{
    PGresult *res = s_run (db, s_ticket_sql, key, params, error);
    if (!res)
        return false;
    for (int i = 0; i < PQntuples (res); i++) {
        hall_figures_t *f = s_figures (rows, total, res, i);
        int c = 2;
        f->issued = (int) s_int (res, i, c++);
        f->served = (int) s_int (res, i, c++);
        f->noshow = (int) s_int (res, i, c++);
        f->expired = (int) s_int (res, i, c++);
        f->cancelled = (int) s_int (res, i, c++);
        f->active = (int) s_int (res, i, c++);
        f->called = (int) s_int (res, i, c++);
        f->wait_sum = s_int (res, i, c++);
        f->wait_p90 = PQgetisnull (res, i, c) ? -1 : s_int (res, i, c);
        c++;
        f->service_sum = s_int (res, i, c++);
        f->service_count = (int) s_int (res, i, c++);
        f->target_in = (int) s_int (res, i, c++);
        f->target_count = (int) s_int (res, i, c++);
        f->given = (int) s_int (res, i, c++);
        f->defaults = (int) s_int (res, i, c++);
        f->excluded = (int) s_int (res, i, c++);
        f->good = (int) s_int (res, i, c++);
        f->bad = (int) s_int (res, i, c++);
        f->appointment_wait_sum = s_int (res, i, c++);
        f->appointment_called = (int) s_int (res, i, c++);
    }
    PQclear (res);
    return true;
}

static bool
s_cases (PGconn *db, const char *key, const char *const params[3], GHashTable *rows, row_t *total,
         GError **error)
{
    PGresult *res = s_run (db, s_case_sql, key, params, error);
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
    PGresult *res = s_run (db, s_booking_sql, key, params, error);
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
    if (!s_tickets (db, key, params, rows, total, error) || !s_cases (db, key, params, rows, total, error)
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
