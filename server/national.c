/*  national.c — 好差评 in the national form (national.h,
 *  docs/METRICS.md "National form"). */
#define G_LOG_DOMAIN "hall-national"
#include "national.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The row of tickets whose category has no department. */
#define NO_DEPARTMENT "(未设部门)"

/* One row's counters: each is the count of the month's tickets (visits)
 * or of their first ratings that the field of the same name counts. */
typedef struct {
    char *key;                 /* department code (or name), window number, clerk id; "-" = none */
    char *name;                /* the department's name (by department; else looked up at the end) */
    char *code;                /* the department's 统一社会信用代码, or NULL */
    int   visits;              /* tickets that ended finished */
    int   given, defaults, excluded;
    int   level[6];            /* level[1..5]: valid given ratings at that level */
    int   bad_rectified, real_name, anonymous, revisited;
    int   appeals, appeals_decided, appeals_accepted;
    int   second_ratings, second_good;
} row_t;

static row_t *
s_row_new (const char *key, const char *name, const char *code)
{
    row_t *row = g_new0 (row_t, 1);
    row->key = g_strdup (key);
    row->name = g_strdup (name);
    row->code = g_strdup (code);
    return row;
}

static void
s_row_free (gpointer data)
{
    row_t *row = data;
    g_free (row->key);
    g_free (row->name);
    g_free (row->code);
    g_free (row);
}

/* A ratio rounded to 4 places, or null when the denominator is 0 (as
 * report.c's). */
static json_t *
s_ratio (double part, double whole)
{
    if (whole <= 0)
        return json_null ();
    return json_real (round (part / whole * 10000.0) / 10000.0);
}

static json_t *
s_row_json (const row_t *row, bool department)
{
    int valid = row->given - row->excluded;
    int good = row->level[3] + row->level[4] + row->level[5], bad = row->level[1] + row->level[2];
    json_t *out = json_object ();
    json_object_set_new (out, "key", json_string (row->key));
    json_object_set_new (out, "name", json_string (row->name ? row->name : ""));
    if (department)
        json_object_set_new (out, "code", row->code ? json_string (row->code) : json_null ());
    json_object_set_new (out, "visits", json_integer (row->visits));
    json_object_set_new (out, "ratings_given", json_integer (row->given));
    json_object_set_new (out, "ratings_default", json_integer (row->defaults));
    json_object_set_new (out, "ratings_excluded", json_integer (row->excluded));
    json_object_set_new (out, "ratings_valid", json_integer (valid));
    for (int level = 5; level >= 1; level--) {
        char field[16];
        g_snprintf (field, sizeof field, "level_%d", level);
        json_object_set_new (out, field, json_integer (row->level[level]));
    }
    json_object_set_new (out, "good", json_integer (good));
    json_object_set_new (out, "bad", json_integer (bad));
    json_object_set_new (out, "good_rate", s_ratio (good, valid));
    json_object_set_new (out, "bad_rate", s_ratio (bad, valid));
    json_object_set_new (out, "active_rate", s_ratio (row->given, row->visits));
    json_object_set_new (out, "bad_rectified", json_integer (row->bad_rectified));
    json_object_set_new (out, "rectify_rate", s_ratio (row->bad_rectified, bad));
    json_object_set_new (out, "real_name", json_integer (row->real_name));
    json_object_set_new (out, "anonymous", json_integer (row->anonymous));
    json_object_set_new (out, "revisited", json_integer (row->revisited));
    json_object_set_new (out, "revisit_rate", s_ratio (row->revisited, row->real_name));
    json_object_set_new (out, "appeals", json_integer (row->appeals));
    json_object_set_new (out, "appeals_decided", json_integer (row->appeals_decided));
    json_object_set_new (out, "appeals_accepted", json_integer (row->appeals_accepted));
    json_object_set_new (out, "appeal_accept_rate", s_ratio (row->appeals_accepted, row->appeals_decided));
    json_object_set_new (out, "second_ratings", json_integer (row->second_ratings));
    json_object_set_new (out, "second_good", json_integer (row->second_good));
    return out;
}

/* MONTH "YYYY-MM" as its first and last days ("YYYY-MM-DD"); false when
 * it is not a month. */
static bool
s_month (const char *month, char first[11], char last[11])
{
    if (!month || strlen (month) != 7 || month[4] != '-')
        return false;
    for (int i = 0; i < 7; i++)
        if (i != 4 && !g_ascii_isdigit (month[i]))
            return false;
    int year = atoi (month), mon = atoi (month + 5);
    if (year < 1970 || mon < 1 || mon > 12)
        return false;
    g_snprintf (first, 11, "%04d-%02d-01", year, mon);
    g_snprintf (last, 11, "%04d-%02d-%02d", year, mon,
                g_date_get_days_in_month ((GDateMonth) mon, (GDateYear) year));
    return true;
}

/* Rows in order: numbers by value (windows), the rest by text; "-" (no
 * department, window or clerk) last.  As report.c's. */
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

/* The name of a window or clerk row, for people. */
static char *
s_name (hall_engine_t *self, const char *by, const char *key)
{
    sqlite3_stmt *stmt = strcmp (by, "window") == 0
        ? hall_engine_stmt (self, "SELECT name FROM service_window WHERE number = ?1")
        : hall_engine_stmt (self, "SELECT name FROM staff WHERE id = ?1");
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
    char *name = g_strdup (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0)
                           ? (const char *) sqlite3_column_text (stmt, 0) : "");
    sqlite3_reset (stmt);
    return name;
}

/* The columns of the pass below. */
enum {
    COL_WINDOW, COL_CLERK, COL_DEPARTMENT, COL_DEPARTMENT_CODE, COL_SERVED,
    COL_RATED, COL_LEVEL, COL_DEFAULT, COL_EXCLUDED,
    COL_CASE, COL_ANONYMOUS, COL_RECTIFIED, COL_VISITOR_VERDICT, COL_APPEAL,
    COL_SECOND, COL_SECOND_LEVEL,
};

json_t *
hall_national_build (hall_engine_t *self, const char *month, const char *by, hall_outcome_t *out)
{
    char from[11], to[11];
    if (!s_month (month, from, to)) {
        hall_outcome_fail (out, HALL_E_BAD_FIELD, "'month' is a month like 2026-11");
        return NULL;
    }
    by = by ? by : "department";
    bool by_department = strcmp (by, "department") == 0, by_window = strcmp (by, "window") == 0;
    if (!by_department && !by_window && strcmp (by, "clerk") != 0) {
        hall_outcome_fail (out, HALL_E_BAD_FIELD, "'by' is department, window or clerk");
        return NULL;
    }
    bool failed = false;
    int rc;
    /* The month's tickets lie between the least and the greatest id issued
     * on its days (report.c: read by id, the day a filter). */
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT min (id), max (id) FROM ticket WHERE day BETWEEN ?1 AND ?2");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    int64_t first_id = 0, last_id = -1;      /* none */
    if ((rc = sqlite3_step (stmt)) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL) {
        first_id = sqlite3_column_int64 (stmt, 0);
        last_id = sqlite3_column_int64 (stmt, 1);
    }
    failed |= rc != SQLITE_ROW;
    sqlite3_reset (stmt);

    /* One pass: each ticket with its visit's first rating (the rating of
     * its current step: a journey's last, as report.c), that rating's 差评
     * case (found by the case's ticket), its appeal, and the second rating
     * of the same step.  At most one of each (rating_once; one case per
     * 差评, its first should there be two; case_appeal one per case). */
    stmt = hall_engine_stmt (self,
        "SELECT t.window, t.clerk, ci.department, ci.department_code, t.state = 'finished',"
        " r.id IS NOT NULL, r.level, r.is_default, r.excluded,"
        " c.id IS NOT NULL, c.anonymous, c.rectified_at IS NOT NULL,"
        " c.verdict_source IN ('visitor', 'phone_call', 'visit'), a.state,"
        " r2.id IS NOT NULL, r2.level"
        " FROM ticket t"
        " LEFT JOIN category_item ci ON ci.category = t.category"
        " LEFT JOIN rating r ON r.ticket = t.id AND r.step IS t.journey_current AND r.round = 1"
        " LEFT JOIN service_case c ON c.id = (SELECT min (x.id) FROM service_case x"
        "   WHERE x.ticket = t.id AND x.kind = 'rating' AND x.rating = r.id)"
        " LEFT JOIN case_appeal a ON a.service_case = c.id"
        " LEFT JOIN rating r2 ON r2.ticket = t.id AND r2.step IS r.step AND r2.round = 2 AND NOT r2.is_default"
        " WHERE t.id BETWEEN ?3 AND ?4 AND +t.day BETWEEN ?1 AND ?2");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, first_id);
    sqlite3_bind_int64 (stmt, 4, last_id);
    GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, s_row_free);
    row_t *total = s_row_new ("total", "", NULL);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        const char *department = (const char *) sqlite3_column_text (stmt, COL_DEPARTMENT);
        const char *code = (const char *) sqlite3_column_text (stmt, COL_DEPARTMENT_CODE);
        int col = by_department ? -1 : by_window ? COL_WINDOW : COL_CLERK;
        const char *key = col >= 0 ? (const char *) sqlite3_column_text (stmt, col)
                        : code ? code : department;
        if (!key)
            key = "-";
        row_t *row = g_hash_table_lookup (rows, key);
        if (!row) {
            row = by_department ? s_row_new (key, department ? department : NO_DEPARTMENT, code)
                                : s_row_new (key, NULL, NULL);
            g_hash_table_insert (rows, row->key, row);
        }
        bool rated = sqlite3_column_int (stmt, COL_RATED);
        bool is_default = rated && sqlite3_column_int (stmt, COL_DEFAULT);
        bool given = rated && !is_default;
        bool excluded = given && sqlite3_column_int (stmt, COL_EXCLUDED);
        int level = sqlite3_column_int (stmt, COL_LEVEL);
        bool bad = given && !excluded && level <= 2;
        bool kase = given && sqlite3_column_int (stmt, COL_CASE);
        bool anonymous = kase && sqlite3_column_int (stmt, COL_ANONYMOUS);
        const char *appeal = kase ? (const char *) sqlite3_column_text (stmt, COL_APPEAL) : NULL;
        bool second = rated && sqlite3_column_int (stmt, COL_SECOND);
        row_t *pair[2] = { row, total };
        for (int i = 0; i < 2; i++) {
            row_t *r = pair[i];
            r->visits += sqlite3_column_int (stmt, COL_SERVED);
            r->defaults += is_default;
            r->given += given;
            r->excluded += excluded;
            if (given && !excluded && level >= 1 && level <= 5)
                r->level[level]++;
            if (bad && kase) {
                r->bad_rectified += sqlite3_column_int (stmt, COL_RECTIFIED);
                r->anonymous += anonymous;
                r->real_name += !anonymous;
                r->revisited += !anonymous && sqlite3_column_int (stmt, COL_VISITOR_VERDICT);
            }
            if (appeal) {
                r->appeals++;
                r->appeals_decided += strcmp (appeal, "pending") != 0;
                r->appeals_accepted += strcmp (appeal, "accepted") == 0;
            }
            if (second) {
                r->second_ratings++;
                r->second_good += sqlite3_column_int (stmt, COL_SECOND_LEVEL) >= 3;
            }
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
        if (!by_department)
            row->name = strcmp (row->key, "-") == 0 ? g_strdup ("") : s_name (self, by, row->key);
        json_array_append_new (list, s_row_json (row, by_department));
    }
    json_t *totals = s_row_json (total, by_department);
    json_t *report = json_pack ("{s:s, s:s, s:s, s:s, s:I, s:s, s:o, s:o}",
                                "month", month, "by", by, "from", from, "to", to,
                                "generated_at", (json_int_t) hall_engine_now (self),
                                "definitions", "docs/METRICS.md#national-form-reportnational",
                                "rows", list, "totals", totals);
    g_ptr_array_free (sorted, TRUE);
    s_row_free (total);
    g_hash_table_destroy (rows);
    return report;
}

static int
hall_national_op (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    json_t *report = hall_national_build (self, hall_arg_str (req, "month"), hall_arg_str (req, "by"), out);
    if (!report)
        return -1;
    out->result = report;
    return 0;
}

const hall_handler_t hall_national_handlers[] = {
    { HALL_OP_REPORT_NATIONAL, hall_national_op },
    { HALL_OP_NONE, NULL }
};
