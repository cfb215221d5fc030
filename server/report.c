/*  report.c — the hall's figures over a range of days (report.h,
 *  docs/METRICS.md). */
#define G_LOG_DOMAIN "hall-report"
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One row's accumulators. */
typedef struct {
    char    *key;              /* category code, window number, clerk id, "HH", day; "-" = none */
    int      issued, served, noshow, expired, cancelled, active;
    GArray  *waits;            /* int64 seconds: first call - issue */
    int64_t  service_sum;      /* seconds: finish - start, over finished tickets */
    int      service_count;
    int      target_in, target_count;   /* called within / called, with a target */
    int64_t  signed_in;        /* seconds a clerk was signed in (window and clerk rows) */
    int      given, defaults, excluded, good, bad;
    int      cases_opened, cases_closed, cases_overdue, bad_cases, revisited;
} row_t;

static row_t *
s_row_new (const char *key)
{
    row_t *row = g_new0 (row_t, 1);
    row->key = g_strdup (key);
    row->waits = g_array_new (FALSE, FALSE, sizeof (int64_t));
    return row;
}

static void
s_row_free (gpointer data)
{
    row_t *row = data;
    g_array_free (row->waits, TRUE);
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

static int
s_cmp_int64 (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

/* A ratio rounded to 4 places, or null when the denominator is 0. */
static json_t *
s_ratio (double part, double whole)
{
    if (whole <= 0)
        return json_null ();
    return json_real (round (part / whole * 10000.0) / 10000.0);
}

/* Seconds rounded to 0.1, or null over no values. */
static json_t *
s_seconds (double sum, double count)
{
    if (count <= 0)
        return json_null ();
    return json_real (round (sum / count * 10.0) / 10.0);
}

static json_t *
s_row_json (row_t *row, bool utilisation)
{
    json_t *out = json_object ();
    json_object_set_new (out, "key", json_string (row->key));
    json_object_set_new (out, "issued", json_integer (row->issued));
    json_object_set_new (out, "served", json_integer (row->served));
    json_object_set_new (out, "noshow", json_integer (row->noshow));
    json_object_set_new (out, "expired", json_integer (row->expired));
    json_object_set_new (out, "cancelled", json_integer (row->cancelled));
    json_object_set_new (out, "active", json_integer (row->active));
    json_object_set_new (out, "called", json_integer (row->waits->len));
    g_array_sort (row->waits, s_cmp_int64);
    int64_t wait_sum = 0;
    for (guint i = 0; i < row->waits->len; i++)
        wait_sum += g_array_index (row->waits, int64_t, i);
    json_object_set_new (out, "wait_avg", s_seconds ((double) wait_sum, row->waits->len));
    /* 90th percentile, nearest rank: the ceil(0.9 n)-th smallest wait. */
    if (row->waits->len > 0) {
        guint rank = (guint) ceil (0.9 * row->waits->len);
        json_object_set_new (out, "wait_p90", json_integer (g_array_index (row->waits, int64_t, rank - 1)));
    }
    else
        json_object_set_new (out, "wait_p90", json_null ());
    json_object_set_new (out, "service_avg", s_seconds ((double) row->service_sum, row->service_count));
    json_object_set_new (out, "service_level", s_ratio (row->target_in, row->target_count));
    json_object_set_new (out, "service_time", json_integer (row->service_sum));
    json_object_set_new (out, "signed_in", utilisation ? json_integer (row->signed_in) : json_null ());
    json_object_set_new (out, "utilisation", utilisation ? s_ratio ((double) row->service_sum,
                                                                    (double) row->signed_in)
                                                         : json_null ());
    int valid = row->given - row->excluded;
    json_object_set_new (out, "ratings_given", json_integer (row->given));
    json_object_set_new (out, "ratings_default", json_integer (row->defaults));
    json_object_set_new (out, "ratings_excluded", json_integer (row->excluded));
    json_object_set_new (out, "ratings_valid", json_integer (valid));
    json_object_set_new (out, "ratings_good", json_integer (row->good));
    json_object_set_new (out, "ratings_bad", json_integer (row->bad));
    json_object_set_new (out, "good_rate", s_ratio (row->good, valid));
    json_object_set_new (out, "bad_rate", s_ratio (row->bad, valid));
    json_object_set_new (out, "active_rate", s_ratio (row->given, row->served));
    json_object_set_new (out, "cases_opened", json_integer (row->cases_opened));
    json_object_set_new (out, "cases_closed", json_integer (row->cases_closed));
    json_object_set_new (out, "cases_overdue", json_integer (row->cases_overdue));
    json_object_set_new (out, "revisit_rate", s_ratio (row->revisited, row->bad_cases));
    return out;
}

/* True when TEXT is a real date "YYYY-MM-DD"; its GDate into DATE. */
static bool
s_date (const char *text, GDate *date)
{
    int y, m, d, used = 0;
    g_date_clear (date, 1);
    if (!text || sscanf (text, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || (size_t) used != strlen (text)
        || strlen (text) != 10 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        return false;
    g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
    return true;
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

/* The key of a ticket row for BY. */
static void
s_key (hall_engine_t *self, const char *by, sqlite3_stmt *stmt, char key[64])
{
    int col = strcmp (by, "category") == 0 ? 2 : strcmp (by, "window") == 0 ? 3
            : strcmp (by, "clerk") == 0 ? 4 : strcmp (by, "day") == 0 ? 1 : -1;
    if (col < 0) {                          /* hour of issue, local */
        char day[16];
        int minute = 0;
        hall_engine_local (self, sqlite3_column_int64 (stmt, 6), day, &minute);
        g_snprintf (key, 64, "%02d", minute / 60);
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
        s_row (rows, key)->signed_in += b - a;
    total->signed_in += b - a;
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
 * "-" (no window, no clerk) last. */
static gint
s_row_order (gconstpointer a, gconstpointer b)
{
    const row_t *x = *(row_t * const *) a, *y = *(row_t * const *) b;
    if (strcmp (x->key, "-") == 0 || strcmp (y->key, "-") == 0)
        return (strcmp (x->key, "-") == 0) - (strcmp (y->key, "-") == 0);
    char *ex, *ey;
    long nx = strtol (x->key, &ex, 10), ny = strtol (y->key, &ey, 10);
    if (!*ex && !*ey && ex != x->key && ey != y->key)
        return nx < ny ? -1 : nx > ny;
    return strcmp (x->key, y->key);
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

json_t *
hall_report_build (hall_engine_t *self, const char *from, const char *to, const char *by,
                   hall_outcome_t *out)
{
    GDate first, last;
    if (!s_date (from, &first) || !s_date (to, &last)) {
        hall_outcome_fail (out, HALL_E_BAD_FIELD, "'from' and 'to' are days like 2026-11-27");
        return NULL;
    }
    if (g_date_compare (&first, &last) > 0 || g_date_days_between (&first, &last) > 400) {
        hall_outcome_fail (out, HALL_E_BAD_FIELD, "'from' must not be after 'to', at most 400 days apart");
        return NULL;
    }
    by = by ? by : "category";
    if (strcmp (by, "category") && strcmp (by, "window") && strcmp (by, "clerk")
        && strcmp (by, "hour") && strcmp (by, "day")) {
        hall_outcome_fail (out, HALL_E_BAD_FIELD, "'by' is category, window, clerk, hour or day");
        return NULL;
    }
    GDate after = last;
    g_date_add_days (&after, 1);
    int64_t start = s_midnight (hall_engine_tz (self), &first);
    int64_t end = s_midnight (hall_engine_tz (self), &after);
    int64_t now = hall_engine_now (self);

    GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, s_row_free);
    GHashTable *of_ticket = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    row_t *total = s_row_new ("total");

    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT t.id, t.day, t.category, t.window, t.clerk, t.state, t.issued_at, t.called_at,"
        " t.started_at, t.finished_at, coalesce (c.target_wait, 0)"
        " FROM ticket t LEFT JOIN category c ON c.code = t.category"
        " WHERE t.day BETWEEN ?1 AND ?2 ORDER BY t.id");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        char key[64];
        s_key (self, by, stmt, key);
        row_t *pair[2] = { s_row (rows, key), total };
        int64_t *id = g_new (int64_t, 1);
        *id = sqlite3_column_int64 (stmt, 0);
        g_hash_table_insert (of_ticket, id, pair[0]);
        const char *state = (const char *) sqlite3_column_text (stmt, 5);
        bool called = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
        int64_t wait = sqlite3_column_int64 (stmt, 7) - sqlite3_column_int64 (stmt, 6);
        int64_t target = sqlite3_column_int64 (stmt, 10);
        bool served = strcmp (state, "finished") == 0;
        bool timed = served && sqlite3_column_type (stmt, 8) != SQLITE_NULL;
        int64_t service = sqlite3_column_int64 (stmt, 9) - sqlite3_column_int64 (stmt, 8);
        for (int i = 0; i < 2; i++) {
            row_t *row = pair[i];
            row->issued++;
            row->served += served;
            row->noshow += strcmp (state, "noshow") == 0;
            row->expired += strcmp (state, "expired") == 0;
            row->cancelled += strcmp (state, "cancelled") == 0;
            row->active += hall_ticket_state_active (state);
            if (called) {
                g_array_append_val (row->waits, wait);
                if (target > 0) {
                    row->target_count++;
                    row->target_in += wait <= target;
                }
            }
            if (timed) {
                row->service_sum += service;
                row->service_count++;
            }
        }
    }
    sqlite3_reset (stmt);

    stmt = hall_engine_stmt (self,
        "SELECT r.ticket, r.level, r.is_default, r.excluded FROM rating r JOIN ticket t ON t.id = r.ticket"
        " WHERE t.day BETWEEN ?1 AND ?2");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64 (stmt, 0);
        row_t *pair[2] = { g_hash_table_lookup (of_ticket, &id), total };
        int level = sqlite3_column_int (stmt, 1);
        bool is_default = sqlite3_column_int (stmt, 2), excluded = sqlite3_column_int (stmt, 3);
        for (int i = 0; i < 2 && pair[0]; i++) {
            row_t *row = pair[i];
            if (is_default) {
                row->defaults++;
                continue;
            }
            row->given++;
            row->excluded += excluded;
            if (!excluded) {
                row->good += level >= 3;
                row->bad += level <= 2;
            }
        }
    }
    sqlite3_reset (stmt);

    stmt = hall_engine_stmt (self,
        "SELECT c.ticket, c.kind, c.state, c.revisited_at IS NOT NULL, coalesce (r.excluded, 0),"
        " coalesce (c.contacted_at, c.closed_at, ?3) >= c.contact_due"
        "  OR coalesce (c.rectified_at, c.closed_at, ?3) >= c.rectify_due"
        " FROM service_case c JOIN ticket t ON t.id = c.ticket LEFT JOIN rating r ON r.id = c.rating"
        " WHERE t.day BETWEEN ?1 AND ?2");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, now);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64 (stmt, 0);
        row_t *pair[2] = { g_hash_table_lookup (of_ticket, &id), total };
        bool bad_case = strcmp ((const char *) sqlite3_column_text (stmt, 1), "rating") == 0
                        && !sqlite3_column_int (stmt, 4);
        for (int i = 0; i < 2 && pair[0]; i++) {
            row_t *row = pair[i];
            row->cases_opened++;
            row->cases_closed += strcmp ((const char *) sqlite3_column_text (stmt, 2), "closed") == 0;
            row->cases_overdue += sqlite3_column_int (stmt, 5);
            row->bad_cases += bad_case;
            row->revisited += bad_case && sqlite3_column_int (stmt, 3);
        }
    }
    sqlite3_reset (stmt);

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
    g_hash_table_destroy (of_ticket);
    g_hash_table_destroy (rows);
    return report;
}

int
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
