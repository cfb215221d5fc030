/*  report.c — the hall's figures over a range of days (report.h,
 *  docs/METRICS.md). */
#define G_LOG_DOMAIN "hall-report"
#include "report.h"
#include "report-figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The waits of a row as an exact histogram: how many tickets waited each
 * whole number of seconds, enough for the mean and any percentile.  Waits
 * under DENSE_MAX are counted in an array indexed by the wait, grown to
 * the largest wait seen; the others (and those that came before the array
 * was allowed to reach them) in an open-addressing table of (wait, count)
 * whose free slots have count 0.  Memory is per distinct wait, not per
 * ticket: 8 KB for a row whose waits are all under half an hour, however
 * many tickets; never more than about 32 bytes per ticket (the array
 * grows only to 8 slots per wait counted). */
#define DENSE_MAX 8192

typedef struct {
    uint32_t *dense;           /* dense[w]: tickets that waited w seconds */
    size_t    dense_size;      /* waits 0 .. dense_size - 1: a power of two, or 0 */
    int64_t  *wait;            /* the table's waits, seconds */
    int64_t  *count;           /* tickets that waited that long; 0 = free slot */
    size_t    size;            /* table slots, a power of two (0 before the first) */
    size_t    used;            /* table slots in use */
    int64_t   n;               /* waits counted */
} histogram_t;

/* The slot of WAIT in SIZE slots: a multiplicative hash, then linear
 * probing. */
static size_t
s_slot (const int64_t *waits, const int64_t *counts, size_t size, int64_t wait)
{
    size_t slot = (size_t) (((uint64_t) wait * UINT64_C (0x9E3779B97F4A7C15)) >> 32) & (size - 1);
    while (counts[slot] && waits[slot] != wait)
        slot = (slot + 1) & (size - 1);
    return slot;
}

/* Counts one more ticket that waited WAIT seconds: amortised O(1). */
static void
s_histogram_add (histogram_t *self, int64_t wait)
{
    self->n++;
    if (wait >= 0 && wait < DENSE_MAX && (size_t) wait >= self->dense_size) {
        size_t size = self->dense_size ? self->dense_size : 256;
        while (size <= (size_t) wait)
            size *= 2;
        if (size <= 8 * (size_t) self->n) {
            self->dense = g_renew (uint32_t, self->dense, size);
            memset (self->dense + self->dense_size, 0, (size - self->dense_size) * sizeof (uint32_t));
            self->dense_size = size;
        }
    }
    if (wait >= 0 && (size_t) wait < self->dense_size) {
        self->dense[wait]++;
        return;
    }
    if ((self->used + 1) * 2 > self->size) {            /* keep at most half full */
        size_t size = self->size ? self->size * 2 : 64;
        int64_t *waits = g_new (int64_t, size), *counts = g_new0 (int64_t, size);
        for (size_t i = 0; i < self->size; i++)
            if (self->count[i]) {
                size_t slot = s_slot (waits, counts, size, self->wait[i]);
                waits[slot] = self->wait[i];
                counts[slot] = self->count[i];
            }
        g_free (self->wait);
        g_free (self->count);
        self->wait = waits;
        self->count = counts;
        self->size = size;
    }
    size_t slot = s_slot (self->wait, self->count, self->size, wait);
    self->used += self->count[slot] == 0;
    self->wait[slot] = wait;
    self->count[slot]++;
}

static void
s_histogram_clear (histogram_t *self)
{
    g_free (self->dense);
    g_free (self->wait);
    g_free (self->count);
    memset (self, 0, sizeof *self);
}

static int
s_cmp_int64 (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

/* The RANK-th smallest of the waits counted (1 <= RANK <= their number):
 * every (wait, count) of the array and the table in order of the wait, the
 * counts summed up to RANK.  O(d log d) for d distinct waits. */
static int64_t
s_histogram_rank (const histogram_t *self, int64_t rank)
{
    int64_t *pairs = g_new (int64_t, 2 * (self->used + self->dense_size));
    size_t n = 0;
    for (size_t i = 0; i < self->dense_size; i++)
        if (self->dense[i]) {
            pairs[2 * n] = (int64_t) i;
            pairs[2 * n + 1] = self->dense[i];
            n++;
        }
    for (size_t i = 0; i < self->size; i++)
        if (self->count[i]) {
            pairs[2 * n] = self->wait[i];
            pairs[2 * n + 1] = self->count[i];
            n++;
        }
    /* By wait (a wait may be in both parts: its pairs end up side by side). */
    qsort (pairs, n, 2 * sizeof (int64_t), s_cmp_int64);
    int64_t below = 0, wait = 0;
    for (size_t i = 0; i < n; i++) {
        wait = pairs[2 * i];
        below += pairs[2 * i + 1];
        if (below >= rank)
            break;
    }
    g_free (pairs);
    return wait;
}

/* One row's accumulators: its figures' counters (report-figures.h) and
 * the waits themselves, for the percentile. */
typedef struct {
    char          *key;        /* category code, window number, clerk id, "HH", day; "-" = none */
    hall_figures_t f;          /* the counters (f.wait_p90 set at the end) */
    histogram_t    waits;      /* the called tickets' waits (first call - issue) */
} row_t;

static row_t *
s_row_new (const char *key)
{
    row_t *row = g_new0 (row_t, 1);
    row->key = g_strdup (key);
    return row;
}

static void
s_row_free (gpointer data)
{
    row_t *row = data;
    s_histogram_clear (&row->waits);
    g_free (row->key);
    g_free (row);
}

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

static json_t *
s_row_json (row_t *row, bool utilisation)
{
    /* 90th percentile, nearest rank: the ceil(0.9 n)-th smallest wait,
     * ceil(9n/10) in integers. */
    row->f.wait_p90 = row->f.called > 0
                    ? s_histogram_rank (&row->waits, (9 * (int64_t) row->f.called + 9) / 10) : -1;
    return hall_figures_json (&row->f, row->key, utilisation);
}

static int64_t
s_midnight (GTimeZone *tz, const GDate *date)
{
    GDateTime *local = g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date),
                                        g_date_get_day (date), 0, 0, 0);
    int64_t time = g_date_time_to_unix (local);
    g_date_time_unref (local);
    return time;
}

/* Every ticket query starts with these columns of the ticket, in this
 * order: what a row's key is made of. */
enum { COL_DAY, COL_CATEGORY, COL_WINDOW, COL_CLERK, COL_ISSUED_AT, COL_FIGURES };

/* The key for BY of the ticket in STMT's current row.  The hour of issue
 * is local: the time zone's offset at that instant, as GDateTime's
 * conversion does, without allocating one per ticket. */
static void
s_key (GTimeZone *tz, const char *by, sqlite3_stmt *stmt, char key[64])
{
    int col = strcmp (by, "category") == 0 ? COL_CATEGORY : strcmp (by, "window") == 0 ? COL_WINDOW
            : strcmp (by, "clerk") == 0 ? COL_CLERK : strcmp (by, "day") == 0 ? COL_DAY : -1;
    if (col < 0) {
        int64_t issued = sqlite3_column_int64 (stmt, COL_ISSUED_AT);
        int64_t local = issued + g_time_zone_get_offset (tz, g_time_zone_find_interval (
                                                             tz, G_TIME_TYPE_UNIVERSAL, issued));
        int64_t second = ((local % 86400) + 86400) % 86400;
        g_snprintf (key, 64, "%02d", (int) (second / 3600));
    }
    else if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
        g_snprintf (key, 64, "-");
    else
        g_snprintf (key, 64, "%s", sqlite3_column_text (stmt, col));
}

/* Adds the signed-in time of [FROM, TO) clipped to [START, END) to the
 * row of KEY (when the report is by window or clerk) and to TOTAL. */
static void
s_signed_in (GHashTable *rows, const char *key, row_t *total, int64_t from, int64_t to,
             int64_t start, int64_t end)
{
    int64_t a = MAX (from, start), b = MIN (to, end);
    if (b <= a)
        return;
    if (rows)
        s_row (rows, key)->f.signed_in += b - a;
    total->f.signed_in += b - a;
}

typedef struct {
    int64_t since;             /* sign-in time; 0 = nobody signed in */
    char    clerk[64];
} shift_t;

static void
s_signin_time (hall_engine_t *self, const char *by, GHashTable *rows, row_t *total,
               int64_t start, int64_t end)
{
    bool by_window = strcmp (by, "window") == 0, by_clerk = strcmp (by, "clerk") == 0;
    GHashTable *shifts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT time, type, window, coalesce (clerk, '-') FROM event"
        " WHERE type IN ('clerk.signin', 'clerk.signout') AND time < ?1 ORDER BY seq");
    sqlite3_bind_int64 (stmt, 1, end);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int64_t time = sqlite3_column_int64 (stmt, 0);
        bool signin = strcmp ((const char *) sqlite3_column_text (stmt, 1), "clerk.signin") == 0;
        int window = sqlite3_column_int (stmt, 2);
        shift_t *shift = g_hash_table_lookup (shifts, GINT_TO_POINTER (window));
        if (!shift) {
            shift = g_new0 (shift_t, 1);
            g_hash_table_insert (shifts, GINT_TO_POINTER (window), shift);
        }
        if (shift->since) {
            char key[64];
            g_snprintf (key, sizeof key, "%d", window);
            s_signed_in (by_window || by_clerk ? rows : NULL, by_window ? key : shift->clerk,
                         total, shift->since, time, start, end);
            shift->since = 0;
        }
        if (signin) {
            shift->since = time;
            g_snprintf (shift->clerk, sizeof shift->clerk, "%s", sqlite3_column_text (stmt, 3));
        }
    }
    sqlite3_reset (stmt);
    /* Still signed in: up to the end of the range or now, if sooner. */
    int64_t now = hall_engine_now (self);
    GHashTableIter iter;
    gpointer window, value;
    g_hash_table_iter_init (&iter, shifts);
    while (g_hash_table_iter_next (&iter, &window, &value)) {
        shift_t *shift = value;
        if (!shift->since)
            continue;
        char key[64];
        g_snprintf (key, sizeof key, "%d", GPOINTER_TO_INT (window));
        s_signed_in (by_window || by_clerk ? rows : NULL, by_window ? key : shift->clerk,
                     total, shift->since, MIN (now, end), start, end);
    }
    g_hash_table_destroy (shifts);
}

/* Rows in order: numbers by value (windows, hours), the rest by text;
 * "-" (no window, no clerk) last (hall_figures_key_cmp). */
static gint
s_row_order (gconstpointer a, gconstpointer b)
{
    const row_t *x = *(row_t * const *) a, *y = *(row_t * const *) b;
    return hall_figures_key_cmp (x->key, y->key);
}

/* A row's name for people: the category's or window's name, the clerk's. */
static json_t *
s_name (hall_engine_t *self, const char *by, const char *key)
{
    sqlite3_stmt *stmt = NULL;
    if (strcmp (by, "category") == 0)
        stmt = hall_engine_stmt (self, "SELECT name FROM category WHERE code = ?1");
    else if (strcmp (by, "window") == 0)
        stmt = hall_engine_stmt (self, "SELECT name FROM service_window WHERE number = ?1");
    else if (strcmp (by, "clerk") == 0)
        stmt = hall_engine_stmt (self, "SELECT name FROM staff WHERE id = ?1");
    if (!stmt)
        return json_string (strcmp (by, "hour") == 0 ? "" : key);
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
    json_t *name = json_string (sqlite3_step (stmt) == SQLITE_ROW
                                ? (const char *) sqlite3_column_text (stmt, 0) : "");
    sqlite3_reset (stmt);
    return name;
}

/* ---- journeys (一件事): by theme ----------------------------------------------- */

/* One theme's figures (docs/METRICS.md, "Journeys") from the period's
 * journey tickets and their steps; CODE NULL: all themes (the totals). */
static json_t *
s_journey_row (hall_engine_t *self, const char *from, const char *to, const char *code, bool *failed)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT count(*),"
        " sum (s.done_all), sum (s.ended),"
        " avg (CASE WHEN s.done_all THEN t.finished_at - t.issued_at END),"
        " sum (t.helper IS NOT NULL OR s.helped),"
        " avg (CASE WHEN s.done_all AND (t.helper IS NOT NULL OR s.helped) THEN t.finished_at - t.issued_at END)"
        " FROM ticket t JOIN (SELECT ticket,"
        "   t2.state = 'finished' AND sum (js.state IN ('pending', 'current', 'dropped')) = 0 AS done_all,"
        "   t2.state = 'finished' AND sum (js.state = 'dropped') > 0 AS ended,"
        "   sum (js.helper IS NOT NULL) > 0 AS helped"
        "   FROM journey_step js JOIN ticket t2 ON t2.id = js.ticket GROUP BY js.ticket) s ON s.ticket = t.id"
        " WHERE t.journey IS NOT NULL AND t.day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR t.journey = ?3)");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    hall_bind_text (stmt, 3, code);
    json_t *row = json_object ();
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        int journeys = sqlite3_column_int (stmt, 0), completed = sqlite3_column_int (stmt, 1);
        json_object_set_new (row, "journeys", json_integer (journeys));
        json_object_set_new (row, "completed", json_integer (completed));
        json_object_set_new (row, "ended", json_integer (sqlite3_column_int (stmt, 2)));
        json_object_set_new (row, "unfinished", json_integer (journeys - completed - sqlite3_column_int (stmt, 2)));
        json_object_set_new (row, "completion_rate", hall_figures_ratio (completed, journeys));
        json_object_set_new (row, "total_time_avg", sqlite3_column_type (stmt, 3) == SQLITE_NULL ? json_null ()
                             : json_real (round (sqlite3_column_double (stmt, 3) * 10.0) / 10.0));
        json_object_set_new (row, "accompanied", json_integer (sqlite3_column_int (stmt, 4)));
        json_object_set_new (row, "accompanied_time_avg", sqlite3_column_type (stmt, 5) == SQLITE_NULL ? json_null ()
                             : json_real (round (sqlite3_column_double (stmt, 5) * 10.0) / 10.0));
    }
    else
        *failed = true;
    sqlite3_reset (stmt);
    if (!code)
        return row;
    /* Per step, in the order written: how often done or skipped, the wait
     * before it and its service, and where journeys not completed stand. */
    stmt = hall_engine_stmt (self,
        "SELECT js.position, js.category, sum (js.state = 'done'), sum (js.state = 'skipped'),"
        " sum (js.state = 'dropped'),"
        " avg (CASE WHEN js.state = 'done' AND js.called_at IS NOT NULL THEN js.called_at - js.joined_at END),"
        " avg (CASE WHEN js.state = 'done' AND js.started_at IS NOT NULL THEN js.finished_at - js.started_at END),"
        " sum (js.position = t.journey_current AND NOT (t.state = 'finished' AND NOT EXISTS (SELECT 1 FROM journey_step x"
        "      WHERE x.ticket = t.id AND x.state IN ('pending', 'current', 'dropped')))),"
        " sum ((SELECT NOT r.is_default AND NOT r.excluded FROM rating r"
        "       WHERE r.ticket = js.ticket AND r.step = js.position AND r.round = 1)),"
        " sum ((SELECT NOT r.is_default AND NOT r.excluded AND r.level >= 3 FROM rating r"
        "       WHERE r.ticket = js.ticket AND r.step = js.position AND r.round = 1))"
        " , (SELECT name FROM category c WHERE c.code = js.category)"
        " FROM journey_step js JOIN ticket t ON t.id = js.ticket"
        " WHERE t.journey = ?3 AND t.day BETWEEN ?1 AND ?2 GROUP BY js.position, js.category ORDER BY js.position");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, code, -1, SQLITE_TRANSIENT);
    json_t *steps = json_array ();
    int rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        json_array_append_new (steps, json_pack ("{s:i, s:o, s:o, s:i, s:i, s:i, s:o, s:o, s:i, s:i, s:i, s:o}",
            "position", sqlite3_column_int (stmt, 0), "category", hall_column_text (stmt, 1),
            "name", hall_column_text (stmt, 10),
            "done", sqlite3_column_int (stmt, 2), "skipped", sqlite3_column_int (stmt, 3),
            "dropped", sqlite3_column_int (stmt, 4),
            "wait_avg", sqlite3_column_type (stmt, 5) == SQLITE_NULL ? json_null ()
                        : json_real (round (sqlite3_column_double (stmt, 5) * 10.0) / 10.0),
            "service_avg", sqlite3_column_type (stmt, 6) == SQLITE_NULL ? json_null ()
                           : json_real (round (sqlite3_column_double (stmt, 6) * 10.0) / 10.0),
            "stalled", sqlite3_column_int (stmt, 7),
            "ratings_valid", sqlite3_column_int (stmt, 8), "ratings_good", sqlite3_column_int (stmt, 9),
            "good_rate", hall_figures_ratio (sqlite3_column_int (stmt, 9), sqlite3_column_int (stmt, 8))));
    *failed |= rc != SQLITE_DONE;
    sqlite3_reset (stmt);
    json_object_set_new (row, "steps", steps);
    return row;
}

static json_t *
s_journey_report (hall_engine_t *self, const char *from, const char *to, hall_outcome_t *out)
{
    bool failed = false;
    GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
    GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
    /* Every theme of the configuration, and any the period's tickets name. */
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT code, name FROM journey UNION SELECT DISTINCT t.journey, t.journey FROM ticket t"
        " WHERE t.journey IS NOT NULL AND t.day BETWEEN ?1 AND ?2 AND t.journey NOT IN (SELECT code FROM journey)"
        " ORDER BY 1");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
        g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
    sqlite3_reset (stmt);
    json_t *rows = json_array ();
    for (guint i = 0; i < codes->len; i++) {
        json_t *row = s_journey_row (self, from, to, g_ptr_array_index (codes, i), &failed);
        json_object_set_new (row, "key", json_string (g_ptr_array_index (codes, i)));
        json_object_set_new (row, "name", json_string (g_ptr_array_index (names, i)));
        json_array_append_new (rows, row);
    }
    json_t *totals = s_journey_row (self, from, to, NULL, &failed);
    json_object_set_new (totals, "key", json_string ("total"));
    json_object_set_new (totals, "name", json_string (""));
    g_ptr_array_free (codes, TRUE);
    g_ptr_array_free (names, TRUE);
    if (failed) {
        json_decref (rows);
        json_decref (totals);
        hall_engine_storage_fail (self, out);
        return NULL;
    }
    return json_pack ("{s:s, s:s, s:s, s:I, s:s, s:o, s:o}", "from", from, "to", to, "by", "journey",
                      "generated_at", (json_int_t) hall_engine_now (self), "definitions", "docs/METRICS.md",
                      "rows", rows, "totals", totals);
}

json_t *
hall_report_build (hall_engine_t *self, const char *from, const char *to, const char *by,
                   hall_outcome_t *out)
{
    GDate first, last;
    if (!hall_report_day (from, &first) || !hall_report_day (to, &last)) {
        hall_outcome_fail (out, HALL_E_BAD_FIELD, "'from' and 'to' are days like 2026-11-27");
        return NULL;
    }
    if (g_date_compare (&first, &last) > 0 || g_date_days_between (&first, &last) > 400) {
        hall_outcome_fail (out, HALL_E_BAD_FIELD, "'from' must not be after 'to', at most 400 days apart");
        return NULL;
    }
    by = by ? by : "category";
    if (strcmp (by, "journey") == 0)
        return s_journey_report (self, from, to, out);
    if (strcmp (by, "category") && strcmp (by, "window") && strcmp (by, "clerk")
        && strcmp (by, "hour") && strcmp (by, "day")) {
        hall_outcome_fail (out, HALL_E_BAD_FIELD, "'by' is category, window, clerk, hour, day or journey");
        return NULL;
    }
    GDate after = last;
    g_date_add_days (&after, 1);
    int64_t start = s_midnight (hall_engine_tz (self), &first);
    int64_t end = s_midnight (hall_engine_tz (self), &after);
    int64_t now = hall_engine_now (self);

    GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, s_row_free);
    row_t *total = s_row_new ("total");
    GTimeZone *tz = hall_engine_tz (self);
    bool failed = false;

    /* The categories' target waits (a handful), rather than a join per ticket. */
    GHashTable *targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT code, target_wait FROM category");
    int rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_hash_table_insert (targets, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                             GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
    failed |= rc != SQLITE_DONE;
    sqlite3_reset (stmt);

    /* The period's tickets lie between the least and the greatest id
     * issued on its days (read from the day index alone).  The passes
     * below read them by id, with the day as a filter: the table and the
     * ratings in the order they were written, twice as fast over a year
     * as following the day index, whose (day, number) order visits each
     * day's tickets category by category, all over its pages.  Ids grow
     * with time, so the id range holds little else. */
    stmt = hall_engine_stmt (self, "SELECT min (id), max (id) FROM ticket WHERE day BETWEEN ?1 AND ?2");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    int64_t first_id = 0, last_id = -1;      /* none */
    if ((rc = sqlite3_step (stmt)) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL) {
        first_id = sqlite3_column_int64 (stmt, 0);
        last_id = sqlite3_column_int64 (stmt, 1);
    }
    failed |= rc != SQLITE_ROW;
    sqlite3_reset (stmt);

    /* One pass over the period's tickets, each with its rating (at most
     * one: the visit's, rating_once; a journey's earlier steps' ratings
     * are in by=journey): no sort, nothing kept per ticket. */
    stmt = hall_engine_stmt (self,
        "SELECT t.day, t.category, t.window, t.clerk, t.issued_at,"
        " t.state, t.called_at, t.started_at, t.finished_at, r.level, r.is_default, r.excluded, t.appointment_at"
        " FROM ticket t LEFT JOIN rating r ON r.ticket = t.id AND r.step IS t.journey_current AND r.round = 1"
        " WHERE t.id BETWEEN ?3 AND ?4 AND +t.day BETWEEN ?1 AND ?2");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, first_id);
    sqlite3_bind_int64 (stmt, 4, last_id);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        char key[64];
        s_key (tz, by, stmt, key);
        row_t *pair[2] = { s_row (rows, key), total };
        const char *state = (const char *) sqlite3_column_text (stmt, COL_FIGURES);
        bool served = strcmp (state, "finished") == 0, noshow = !served && strcmp (state, "noshow") == 0;
        bool expired = !served && !noshow && strcmp (state, "expired") == 0;
        bool cancelled = !served && !noshow && !expired && strcmp (state, "cancelled") == 0;
        bool active = !served && !noshow && !expired && !cancelled && hall_ticket_state_active (state);
        bool called = sqlite3_column_type (stmt, COL_FIGURES + 1) != SQLITE_NULL;
        int64_t wait = sqlite3_column_int64 (stmt, COL_FIGURES + 1) - sqlite3_column_int64 (stmt, COL_ISSUED_AT);
        int64_t target = GPOINTER_TO_INT (g_hash_table_lookup (
            targets, (const char *) sqlite3_column_text (stmt, COL_CATEGORY)));
        bool timed = served && sqlite3_column_type (stmt, COL_FIGURES + 2) != SQLITE_NULL;
        int64_t service = sqlite3_column_int64 (stmt, COL_FIGURES + 3) - sqlite3_column_int64 (stmt, COL_FIGURES + 2);
        bool rated = sqlite3_column_type (stmt, COL_FIGURES + 4) != SQLITE_NULL;
        int level = sqlite3_column_int (stmt, COL_FIGURES + 4);
        bool is_default = sqlite3_column_int (stmt, COL_FIGURES + 5);
        bool excluded = sqlite3_column_int (stmt, COL_FIGURES + 6);
        /* An appointment ticket's wait: from the later of its check-in
         * (its issue) and its slot's start. */
        bool appointment = called && sqlite3_column_type (stmt, COL_FIGURES + 7) != SQLITE_NULL;
        int64_t appointment_wait = sqlite3_column_int64 (stmt, COL_FIGURES + 1)
                                 - MAX (sqlite3_column_int64 (stmt, COL_ISSUED_AT),
                                        sqlite3_column_int64 (stmt, COL_FIGURES + 7));
        for (int i = 0; i < 2; i++) {
            row_t *row = pair[i];
            if (appointment) {
                row->f.appointment_called++;
                row->f.appointment_wait_sum += MAX (appointment_wait, 0);
            }
            row->f.issued++;
            row->f.served += served;
            row->f.noshow += noshow;
            row->f.expired += expired;
            row->f.cancelled += cancelled;
            row->f.active += active;
            if (called) {
                row->f.called++;
                row->f.wait_sum += wait;
                s_histogram_add (&row->waits, wait);
                if (target > 0) {
                    row->f.target_count++;
                    row->f.target_in += wait <= target;
                }
            }
            if (timed) {
                row->f.service_sum += service;
                row->f.service_count++;
            }
            if (rated && is_default)
                row->f.defaults++;
            else if (rated) {
                row->f.given++;
                row->f.excluded += excluded;
                if (!excluded) {
                    row->f.good += level >= 3;
                    row->f.bad += level <= 2;
                }
            }
        }
    }
    failed |= rc != SQLITE_DONE;
    sqlite3_reset (stmt);
    g_hash_table_destroy (targets);

    /* The period's tickets' cases (a ticket may have two: its 差评's and a
     * complaint), found by the case's ticket id. */
    stmt = hall_engine_stmt (self,
        "SELECT t.day, t.category, t.window, t.clerk, t.issued_at,"
        " c.kind, c.state, c.verdict_source IS NOT NULL, coalesce (r.excluded, 0),"
        " coalesce (c.contacted_at, c.closed_at, ?3) >= c.contact_due"
        "  OR coalesce (c.rectified_at, c.closed_at, ?3) >= c.rectify_due, c.anonymous"
        " FROM service_case c JOIN ticket t ON t.id = c.ticket LEFT JOIN rating r ON r.id = c.rating"
        " WHERE c.ticket BETWEEN ?4 AND ?5 AND +t.day BETWEEN ?1 AND ?2");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, now);
    sqlite3_bind_int64 (stmt, 4, first_id);
    sqlite3_bind_int64 (stmt, 5, last_id);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        char key[64];
        s_key (tz, by, stmt, key);
        row_t *pair[2] = { s_row (rows, key), total };
        /* The revisit rate's cases: real-name 差评 (not anonymous), not
         * excluded; revisited once the visitor's verdict is recorded. */
        bool bad_case = strcmp ((const char *) sqlite3_column_text (stmt, COL_FIGURES), "rating") == 0
                        && !sqlite3_column_int (stmt, COL_FIGURES + 3)
                        && !sqlite3_column_int (stmt, COL_FIGURES + 5);
        for (int i = 0; i < 2; i++) {
            row_t *row = pair[i];
            row->f.cases_opened++;
            row->f.cases_closed += strcmp ((const char *) sqlite3_column_text (stmt, COL_FIGURES + 1),
                                         "closed") == 0;
            row->f.cases_overdue += sqlite3_column_int (stmt, COL_FIGURES + 4);
            row->f.bad_cases += bad_case;
            row->f.revisited += bad_case && sqlite3_column_int (stmt, COL_FIGURES + 2);
        }
    }
    failed |= rc != SQLITE_DONE;
    sqlite3_reset (stmt);
    /* The bookings of the period's slots, by the slot's day, category
     * and hour (by window or clerk: the total only). */
    bool by_booking = strcmp (by, "category") == 0 || strcmp (by, "day") == 0 || strcmp (by, "hour") == 0;
    stmt = hall_engine_stmt (self,
        "SELECT day, category, slot_start, state, count(*) FROM booking WHERE day BETWEEN ?1 AND ?2"
        " GROUP BY day, category, slot_start, state");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        char key[64];
        if (strcmp (by, "hour") == 0)
            g_snprintf (key, sizeof key, "%02d", sqlite3_column_int (stmt, 2) / 60);
        else
            g_snprintf (key, sizeof key, "%s", sqlite3_column_text (stmt, strcmp (by, "day") == 0 ? 0 : 1));
        const char *state = (const char *) sqlite3_column_text (stmt, 3);
        int count = sqlite3_column_int (stmt, 4);
        row_t *pair[2] = { by_booking ? s_row (rows, key) : NULL, total };
        for (int i = 0; i < 2; i++) {
            row_t *row = pair[i];
            if (!row)
                continue;
            row->f.bookings += count;
            row->f.bookings_cancelled += strcmp (state, "cancelled") == 0 ? count : 0;
            row->f.checkins += strcmp (state, "checked_in") == 0 ? count : 0;
            row->f.booking_noshows += strcmp (state, "noshow") == 0 ? count : 0;
        }
    }
    failed |= rc != SQLITE_DONE;
    sqlite3_reset (stmt);
    if (failed) {
        hall_engine_storage_fail (self, out);
        s_row_free (total);
        g_hash_table_destroy (rows);
        return NULL;
    }

    bool utilisation = strcmp (by, "window") == 0 || strcmp (by, "clerk") == 0;
    s_signin_time (self, by, rows, total, start, end);

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
        json_t *item = s_row_json (row, utilisation);
        json_object_set_new (item, "name", s_name (self, by, row->key));
        json_array_append_new (list, item);
    }
    json_t *totals = s_row_json (total, true);
    json_object_set_new (totals, "name", json_string (""));
    json_t *report = json_pack ("{s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:o, s:o}",
                                "from", from, "to", to, "by", by,
                                "generated_at", (json_int_t) now, "start", (json_int_t) start,
                                "end", (json_int_t) end, "definitions", "docs/METRICS.md",
                                "rows", list, "totals", totals);
    g_ptr_array_free (sorted, TRUE);
    s_row_free (total);
    g_hash_table_destroy (rows);
    return report;
}

static int
hall_report_op (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    json_t *report = hall_report_build (self, json_string_value (json_object_get (req->args, "from")),
                                        json_string_value (json_object_get (req->args, "to")),
                                        json_string_value (json_object_get (req->args, "by")), out);
    if (!report)
        return -1;
    out->result = report;
    return 0;
}

const hall_handler_t hall_report_handlers[] = {
    { HALL_OP_REPORT, hall_report_op },
    { HALL_OP_NONE, NULL }
};
