/*  rows.c — the hall's entities as JSON, and the inputs of the wait
 *  estimate (rows.h).
 */
#define G_LOG_DOMAIN "hall-engine"
#include "rows.h"
#include "estimate.h"
#include "matter.h"

#include <math.h>
#include <string.h>


json_t *
hall_ticket_row (sqlite3_stmt *stmt)
{
    json_t *ticket = json_object ();
    json_object_set_new (ticket, "id", json_integer (sqlite3_column_int64 (stmt, 0)));
    json_object_set_new (ticket, "number", hall_column_text (stmt, 1));
    json_object_set_new (ticket, "category", hall_column_text (stmt, 2));
    json_object_set_new (ticket, "state", hall_column_text (stmt, 3));
    json_object_set_new (ticket, "green", hall_column_text (stmt, 4));
    json_object_set_new (ticket, "granted_by", hall_column_text (stmt, 5));
    json_object_set_new (ticket, "issued_at", hall_column_int (stmt, 6));
    json_object_set_new (ticket, "queued_at", hall_column_int (stmt, 7));
    json_object_set_new (ticket, "queue_key", json_real (sqlite3_column_double (stmt, 8)));
    json_object_set_new (ticket, "target_window", hall_column_int (stmt, 9));
    json_object_set_new (ticket, "window", hall_column_int (stmt, 10));
    json_object_set_new (ticket, "clerk", hall_column_text (stmt, 11));
    json_object_set_new (ticket, "called_at", hall_column_int (stmt, 12));
    json_object_set_new (ticket, "started_at", hall_column_int (stmt, 13));
    json_object_set_new (ticket, "finished_at", hall_column_int (stmt, 14));
    json_object_set_new (ticket, "calls", json_integer (sqlite3_column_int (stmt, 15)));
    json_object_set_new (ticket, "requeues", json_integer (sqlite3_column_int (stmt, 16)));
    json_object_set_new (ticket, "transfers", json_integer (sqlite3_column_int (stmt, 17)));
    json_object_set_new (ticket, "queue_seq", json_integer (sqlite3_column_int64 (stmt, 18)));
    /* An appointment ticket: the slot's start and its text "09:00-09:30". */
    const char *slot = (const char *) sqlite3_column_text (stmt, 20);
    if (sqlite3_column_type (stmt, 19) != SQLITE_NULL && slot && strlen (slot) == 11)
        json_object_set_new (ticket, "appointment",
                             json_pack ("{s:I, s:s%, s:s%}", "at", (json_int_t) sqlite3_column_int64 (stmt, 19),
                                        "start", slot, (size_t) 5, "end", slot + 6, (size_t) 5));
    else
        json_object_set_new (ticket, "appointment", json_null ());
    json_object_set_new (ticket, "journey", sqlite3_column_type (stmt, 21) == SQLITE_NULL ? json_null ()
        : json_pack ("{s:o, s:i, s:o}", "code", hall_column_text (stmt, 21), "current", sqlite3_column_int (stmt, 22),
                     "helper", hall_column_text (stmt, 23)));
    return ticket;
}

void
hall_ticket_journey_fill (hall_engine_t *self, json_t *ticket)
{
    if (!json_object_get (ticket, "matters"))
        json_object_set_new (ticket, "matters",
                             hall_matters_json (self, json_integer_value (json_object_get (ticket, "id")), -1));
    json_t *journey = json_object_get (ticket, "journey");
    if (!json_is_object (journey) || json_object_get (journey, "steps"))
        return;
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT name, name_en FROM journey WHERE code = ?1");
    sqlite3_bind_text (stmt, 1, json_string_value (json_object_get (journey, "code")), -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    json_object_set_new (journey, "name", found ? hall_column_text (stmt, 0) : json_string (""));
    json_object_set_new (journey, "name_en", found ? hall_column_text (stmt, 1) : json_string (""));
    sqlite3_reset (stmt);
    /* The helper as {id, name}. */
    const char *helper = json_string_value (json_object_get (journey, "helper"));
    if (helper) {
        stmt = hall_engine_stmt (self, "SELECT name FROM staff WHERE id = ?1");
        sqlite3_bind_text (stmt, 1, helper, -1, SQLITE_TRANSIENT);
        json_t *name = sqlite3_step (stmt) == SQLITE_ROW ? hall_column_text (stmt, 0) : json_string ("");
        sqlite3_reset (stmt);
        json_object_set_new (journey, "helper", json_pack ("{s:s, s:o}", "id", helper, "name", name));
    }
    stmt = hall_engine_stmt (self,
        "SELECT category, stage, optional, state, window FROM journey_step WHERE ticket = ?1 ORDER BY position");
    sqlite3_bind_int64 (stmt, 1, json_integer_value (json_object_get (ticket, "id")));
    json_t *steps = json_array ();
    int settled = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        const char *state = (const char *) sqlite3_column_text (stmt, 3);
        settled += strcmp (state, "done") == 0 || strcmp (state, "skipped") == 0;
        json_array_append_new (steps, json_pack ("{s:o, s:i, s:b, s:s, s:o}", "category", hall_column_text (stmt, 0),
                                                 "stage", sqlite3_column_int (stmt, 1),
                                                 "optional", sqlite3_column_int (stmt, 2), "state", state,
                                                 "window", hall_column_int (stmt, 4)));
    }
    sqlite3_reset (stmt);
    /* The step the visitor is on: those behind them, and this one (none
     * once the journey is over). */
    bool over = !hall_ticket_state_active (json_string_value (json_object_get (ticket, "state")));
    json_object_set_new (journey, "step", json_integer (MIN (settled + (over ? 0 : 1), (int) json_array_size (steps))));
    json_object_set_new (journey, "of", json_integer ((json_int_t) json_array_size (steps)));
    json_object_set_new (journey, "steps", steps);
}

json_t *
hall_ticket_json (hall_engine_t *self, int64_t id)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " TICKET_COLUMNS " FROM ticket WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    json_t *ticket = sqlite3_step (stmt) == SQLITE_ROW ? hall_ticket_row (stmt) : NULL;
    sqlite3_reset (stmt);
    if (ticket)
        hall_ticket_journey_fill (self, ticket);
    return ticket;
}

/* Mean service time of CODE over its last 20 finished services (tickets,
 * and journeys' steps done), or the category's configured default. */
static int64_t
s_service_mean (hall_engine_t *self, const char *code, int64_t fallback)
{
    /* A journey ticket's steps each count for their own category (the
     * ticket row holds only its last). */
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT avg (finished_at - started_at) FROM"
        " (SELECT finished_at, started_at FROM ticket"
        "  WHERE category = ?1 AND state = 'finished' AND started_at IS NOT NULL AND journey IS NULL"
        "  UNION ALL SELECT finished_at, started_at FROM journey_step"
        "  WHERE category = ?1 AND state = 'done' AND started_at IS NOT NULL"
        "  ORDER BY finished_at DESC LIMIT 20)");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    int64_t mean = fallback;
    if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        mean = llround (sqlite3_column_double (stmt, 0));
    sqlite3_reset (stmt);
    return mean;
}

#define CATEGORY_COLUMNS \
    "code, prefix, name, name_en, grp, target_wait, daily_cap, hours, open, position, service_default"

static json_t *
s_category_row (hall_engine_t *self, sqlite3_stmt *stmt)
{
    const char *code = (const char *) sqlite3_column_text (stmt, 0);
    json_t *category = json_object ();
    json_object_set_new (category, "code", json_string (code));
    json_object_set_new (category, "prefix", hall_column_text (stmt, 1));
    json_object_set_new (category, "name", hall_column_text (stmt, 2));
    json_object_set_new (category, "name_en", hall_column_text (stmt, 3));
    json_object_set_new (category, "group", hall_column_text (stmt, 4));
    json_object_set_new (category, "target_wait", json_integer (sqlite3_column_int (stmt, 5)));
    json_object_set_new (category, "daily_cap", json_integer (sqlite3_column_int (stmt, 6)));
    json_object_set_new (category, "hours", hall_column_text (stmt, 7));
    json_object_set_new (category, "open", json_boolean (sqlite3_column_int (stmt, 8)));
    json_object_set_new (category, "position", json_integer (sqlite3_column_int (stmt, 9)));
    int64_t fallback = sqlite3_column_int64 (stmt, 10);
    /* Nested statements: both are cached separately, so the outer one is
     * still valid while these run. */
    sqlite3_stmt *count = hall_engine_stmt (self,
        "SELECT last FROM day_counter WHERE day = ?1 AND category = ?2");
    sqlite3_bind_text (count, 1, self->day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (count, 2, code, -1, SQLITE_TRANSIENT);
    int issued = sqlite3_step (count) == SQLITE_ROW ? sqlite3_column_int (count, 0) : 0;
    sqlite3_reset (count);
    json_object_set_new (category, "issued", json_integer (issued));
    json_object_set_new (category, "service_mean", json_integer (s_service_mean (self, code, fallback)));
    hall_matter_item_fill (self, code, category);
    sqlite3_stmt *required = hall_engine_stmt (self, "SELECT matter_required FROM category_item WHERE category = ?1");
    sqlite3_bind_text (required, 1, code, -1, SQLITE_TRANSIENT);
    json_object_set_new (category, "matter_required",
                         json_boolean (sqlite3_step (required) == SQLITE_ROW && sqlite3_column_int (required, 0)));
    sqlite3_reset (required);
    return category;
}

json_t *
hall_category_json (hall_engine_t *self, const char *code)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " CATEGORY_COLUMNS " FROM category WHERE code = ?1");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    json_t *category = NULL;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        char *copy = g_strdup (code);
        category = s_category_row (self, stmt);
        g_free (copy);
    }
    sqlite3_reset (stmt);
    return category;
}

json_t *
hall_categories_json (hall_engine_t *self)
{
    json_t *list = json_array ();
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT " CATEGORY_COLUMNS " FROM category ORDER BY position");
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (list, s_category_row (self, stmt));
    sqlite3_reset (stmt);
    return list;
}

json_t *
hall_window_lists (hall_engine_t *self, int number, const char *kind)
{
    gpointer key = GINT_TO_POINTER (2 * number + (strcmp (kind, "backup") == 0));
    json_t *list = g_hash_table_lookup (self->lists, key);
    if (list)
        return json_incref (list);
    list = json_array ();
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT wc.category FROM window_category wc JOIN category c ON c.code = wc.category"
        " WHERE wc.window = ?1 AND wc.kind = ?2 ORDER BY c.position");
    sqlite3_bind_int (stmt, 1, number);
    sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (list, hall_column_text (stmt, 0));
    sqlite3_reset (stmt);
    g_hash_table_insert (self->lists, key, json_incref (list));
    return list;
}

#define WINDOW_COLUMNS \
    "w.number, w.name, w.green, w.paused, w.pause_reason, w.clerk, s.name, w.ticket, t.state"
#define WINDOW_FROM \
    " FROM service_window w LEFT JOIN staff s ON s.id = w.clerk" \
    " LEFT JOIN ticket t ON t.id = w.ticket"

static json_t *
s_window_row (hall_engine_t *self, sqlite3_stmt *stmt)
{
    int number = sqlite3_column_int (stmt, 0);
    json_t *window = json_object ();
    json_object_set_new (window, "number", json_integer (number));
    json_object_set_new (window, "name", hall_column_text (stmt, 1));
    json_object_set_new (window, "green", json_boolean (sqlite3_column_int (stmt, 2)));
    bool paused = sqlite3_column_int (stmt, 3);
    json_object_set_new (window, "paused", json_boolean (paused));
    json_object_set_new (window, "pause_reason", hall_column_text (stmt, 4));
    bool clerk = sqlite3_column_type (stmt, 5) != SQLITE_NULL;
    if (clerk)
        json_object_set_new (window, "clerk", json_pack ("{s:o, s:o}",
                             "id", hall_column_text (stmt, 5), "name", hall_column_text (stmt, 6)));
    else
        json_object_set_new (window, "clerk", json_null ());
    json_object_set_new (window, "ticket", hall_column_int (stmt, 7));
    const char *state = paused ? "paused"
                      : sqlite3_column_type (stmt, 8) != SQLITE_NULL
                        ? (const char *) sqlite3_column_text (stmt, 8)
                      : clerk ? "idle" : "closed";
    json_object_set_new (window, "state", json_string (state));
    json_object_set_new (window, "primary", hall_window_lists (self, number, "primary"));
    json_object_set_new (window, "backup", hall_window_lists (self, number, "backup"));
    /* A journey ticket counts once per step done at the window; of those
     * served after a start, the service seconds too (the desk's average). */
    sqlite3_stmt *served = hall_engine_stmt (self,
        "SELECT count(*), count(started_at), coalesce (sum (finished_at - started_at), 0) FROM ("
        "  SELECT started_at, finished_at FROM ticket WHERE window = ?1 AND day = ?2 AND state = 'finished'"
        "   AND journey IS NULL"
        "  UNION ALL SELECT js.started_at, js.finished_at FROM ticket t JOIN journey_step js ON js.ticket = t.id"
        "   WHERE t.journey IS NOT NULL AND t.day = ?2 AND js.window = ?1 AND js.state = 'done')");
    sqlite3_bind_int (served, 1, number);
    sqlite3_bind_text (served, 2, self->day, -1, SQLITE_TRANSIENT);
    int count = 0, timed = 0;
    int64_t service = 0;
    if (sqlite3_step (served) == SQLITE_ROW) {
        count = sqlite3_column_int (served, 0);
        timed = sqlite3_column_int (served, 1);
        service = sqlite3_column_int64 (served, 2);
    }
    sqlite3_reset (served);
    json_object_set_new (window, "served_timed", json_integer (timed));
    json_object_set_new (window, "service_time", json_integer (MAX (0, service)));
    json_object_set_new (window, "served", json_integer (count));
    return window;
}

json_t *
hall_window_json (hall_engine_t *self, int number)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " WINDOW_COLUMNS WINDOW_FROM " WHERE w.number = ?1");
    sqlite3_bind_int (stmt, 1, number);
    json_t *window = sqlite3_step (stmt) == SQLITE_ROW ? s_window_row (self, stmt) : NULL;
    sqlite3_reset (stmt);
    return window;
}

json_t *
hall_windows_json (hall_engine_t *self)
{
    json_t *list = json_array ();
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " WINDOW_COLUMNS WINDOW_FROM " ORDER BY w.number");
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (list, s_window_row (self, stmt));
    sqlite3_reset (stmt);
    return list;
}

/* Windows that can serve CODE now (estimate.h): mapped to it as primary
 * or backup, a clerk signed in, not paused. */
#define SERVING_NOW \
    " FROM service_window w JOIN window_category wc ON wc.window = w.number" \
    " WHERE wc.category = ?1 AND w.paused = 0 AND w.clerk IS NOT NULL"

/* The numbers of the windows that can serve CODE now, ascending. */
json_t *
hall_windows_serving (hall_engine_t *self, const char *code)
{
    json_t *list = json_array ();
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT w.number" SERVING_NOW " ORDER BY w.number");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (list, json_integer (sqlite3_column_int (stmt, 0)));
    sqlite3_reset (stmt);
    return list;
}
/* ---- the estimate's inputs ------------------------------------------------ */

/* People ahead of TICKET in its category's queue now: green tickets
 * first, then due appointment tickets, then the rest by queue key
 * (mirror.h: hall_mirror_ahead counts the same). */
int
hall_ahead (hall_engine_t *self, json_t *ticket)
{
    json_t *at = json_object_get (json_object_get (ticket, "appointment"), "at");
    int64_t now = hall_engine_now (self);
    double key = json_number_value (json_object_get (ticket, "queue_key"));
    int class = 2;
    if (json_is_string (json_object_get (ticket, "green")))
        class = 0;
    else if (json_is_integer (at) && json_integer_value (at) <= now) {
        class = 1;
        key = MAX (key, (double) json_integer_value (at));
    }
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT count(*) FROM (SELECT CASE WHEN green IS NOT NULL THEN 0"
        "                             WHEN appointment_at <= ?6 THEN 1 ELSE 2 END AS class,"
        "                        CASE WHEN green IS NULL AND appointment_at <= ?6 THEN max (appointment_at, queue_key)"
        "                             ELSE queue_key END AS key, queue_seq"
        "  FROM ticket WHERE state = 'waiting' AND category = ?1 AND id != ?2 AND target_window IS NULL)"
        " WHERE class < ?3 OR (class = ?3 AND (key < ?4 OR (key = ?4 AND queue_seq < ?5)))");
    sqlite3_bind_text (stmt, 1, json_string_value (json_object_get (ticket, "category")), -1,
                       SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 2, json_integer_value (json_object_get (ticket, "id")));
    sqlite3_bind_int (stmt, 3, class);
    sqlite3_bind_double (stmt, 4, key);
    sqlite3_bind_int64 (stmt, 5, json_integer_value (json_object_get (ticket, "queue_seq")));
    sqlite3_bind_int64 (stmt, 6, now);
    int ahead = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return ahead;
}

/* How many windows can serve CODE now (0: the hall promises no wait), and
 * their capacity for it (estimate.h: each gives its share). */
int
hall_category_open_windows (hall_engine_t *self, const char *code, double *capacity)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT wc.kind = 'primary', (SELECT count(*) FROM window_category x"
        "                             WHERE x.window = w.number AND x.kind = wc.kind)" SERVING_NOW);
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    int open = 0;
    double share = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int n = sqlite3_column_int (stmt, 1);
        open++;
        share += hall_estimate_share (sqlite3_column_int (stmt, 0) != 0, n, n);
    }
    sqlite3_reset (stmt);
    if (capacity)
        *capacity = share;
    return open;
}

/* The service time the estimate assumes for CODE. */
int64_t
hall_category_mean (hall_engine_t *self, const char *code)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT service_default FROM category WHERE code = ?1");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    int64_t fallback = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 300;
    sqlite3_reset (stmt);
    return s_service_mean (self, code, fallback);
}


/* The estimate for AHEAD people in CODE (estimate.h). */
hall_estimate_t
hall_category_estimate (hall_engine_t *self, const char *code, int ahead)
{
    double capacity = 0;
    int open = hall_category_open_windows (self, code, &capacity);
    return hall_estimate (ahead, hall_category_mean (self, code), open, capacity);
}
json_t *
hall_ticket_result (hall_engine_t *self, int64_t id)
{
    json_t *ticket = hall_ticket_json (self, id);
    return json_pack ("{s:o}", "ticket", ticket ? ticket : json_null ());
}

/* ---- ratings --------------------------------------------------------------- */

const char *
hall_rating_level_name (int level)
{
    static const char *names[] = { "", "非常不满意", "不满意", "基本满意", "满意", "非常满意" };
    return level >= 1 && level <= 5 ? names[level] : "";
}

#define RATING_COLUMNS \
    "r.id, r.ticket, t.number, t.day, r.category, r.window, r.clerk, r.level, r.reasons, r.text," \
    " r.reasons_version, r.is_default, r.channel, r.time, r.excluded, r.excluded_reason, r.excluded_at, r.step, r.round"

json_t *
hall_rating_json (hall_engine_t *self, int64_t id)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " RATING_COLUMNS
        " FROM rating r JOIN ticket t ON t.id = r.ticket WHERE r.id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    json_t *rating = NULL;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        int level = sqlite3_column_int (stmt, 7);
        json_t *reasons = json_loads ((const char *) sqlite3_column_text (stmt, 8), 0, NULL);
        rating = json_object ();
        json_object_set_new (rating, "id", json_integer (sqlite3_column_int64 (stmt, 0)));
        json_object_set_new (rating, "ticket", json_integer (sqlite3_column_int64 (stmt, 1)));
        json_object_set_new (rating, "number", hall_column_text (stmt, 2));
        json_object_set_new (rating, "day", hall_column_text (stmt, 3));
        json_object_set_new (rating, "category", hall_column_text (stmt, 4));
        json_object_set_new (rating, "window", hall_column_int (stmt, 5));
        json_object_set_new (rating, "clerk", hall_column_text (stmt, 6));
        json_object_set_new (rating, "level", json_integer (level));
        json_object_set_new (rating, "level_name", json_string (hall_rating_level_name (level)));
        json_object_set_new (rating, "bad", json_boolean (level <= 2));
        json_object_set_new (rating, "reasons", json_is_array (reasons) ? reasons : json_array ());
        if (!json_is_array (reasons))
            json_decref (reasons);
        json_object_set_new (rating, "text", hall_column_text (stmt, 9));
        json_object_set_new (rating, "reasons_version", hall_column_text (stmt, 10));
        json_object_set_new (rating, "is_default", json_boolean (sqlite3_column_int (stmt, 11)));
        json_object_set_new (rating, "channel", hall_column_text (stmt, 12));
        json_object_set_new (rating, "time", json_integer (sqlite3_column_int64 (stmt, 13)));
        json_object_set_new (rating, "excluded", json_boolean (sqlite3_column_int (stmt, 14)));
        json_object_set_new (rating, "excluded_reason", hall_column_text (stmt, 15));
        json_object_set_new (rating, "excluded_at", hall_column_int (stmt, 16));
        json_object_set_new (rating, "step", hall_column_int (stmt, 17));
        json_object_set_new (rating, "round", json_integer (sqlite3_column_int (stmt, 18)));
        json_object_set_new (rating, "matters", hall_rating_matters_json (self, sqlite3_column_int64 (stmt, 0)));
        hall_matter_item_fill (self, (const char *) sqlite3_column_text (stmt, 4), rating);
    }
    sqlite3_reset (stmt);
    return rating;
}
