/*  uplink.c — the event log for the county, and the county's lag
 *  (uplink.h, docs/PROTOCOL.md "events.read", docs/COUNTY.md).
 */
#define G_LOG_DOMAIN "hall-county"
#include "uplink.h"
#include "alerts.h"
#include "engine.h"

#include <inttypes.h>
#include <string.h>

#define LAG_SUBJECT "county:lag"

/* Columns sent as JSON booleans (stored as 0/1) and as parsed JSON
 * (stored as JSON text). */
static const char *const s_bools[] = { "green", "is_default", "excluded", "anonymous", "open", "paused",
                                       "disabled", NULL };
static const char *const s_nested[] = { "detail", "reasons", "categories", NULL };

static bool
s_in (const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp (name, *list) == 0)
            return true;
    return false;
}

/* What a detail may carry that the county must not get: free text, a
 * visitor's number, a link, a file. */
static const char *const s_private[] = { "text", "note", "body", "phone", "verdict_phone", "contact_phone",
                                         "link", "token", "link_token", "evidence", NULL };

/* VALUE without the members of s_private, at any depth. */
static void
s_strip (json_t *value)
{
    if (json_is_object (value)) {
        const char *key;
        json_t *member;
        void *tmp;
        json_object_foreach_safe (value, tmp, key, member) {
            if (s_in (key, s_private))
                json_object_del (value, key);
            else
                s_strip (member);
        }
    }
    else if (json_is_array (value)) {
        size_t i;
        json_t *item;
        json_array_foreach (value, i, item)
            s_strip (item);
    }
}

/* Every row of STMT (bound, not yet stepped) as an object keyed by the
 * columns' names; the statement is reset.  NULL on a storage error. */
static json_t *
s_rows (sqlite3_stmt *stmt)
{
    json_t *rows = json_array ();
    int rc, columns = sqlite3_column_count (stmt);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        json_t *row = json_object ();
        for (int c = 0; c < columns; c++) {
            const char *name = sqlite3_column_name (stmt, c);
            json_t *value;
            if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
                value = json_null ();
            else if (s_in (name, s_bools))
                value = json_boolean (sqlite3_column_int (stmt, c) != 0);
            else if (s_in (name, s_nested)) {
                value = json_loads ((const char *) sqlite3_column_text (stmt, c), JSON_DECODE_ANY, NULL);
                if (!value)
                    value = json_null ();
                s_strip (value);
            }
            else if (sqlite3_column_type (stmt, c) == SQLITE_INTEGER)
                value = json_integer (sqlite3_column_int64 (stmt, c));
            else if (sqlite3_column_type (stmt, c) == SQLITE_FLOAT)
                value = json_real (sqlite3_column_double (stmt, c));
            else
                value = json_string ((const char *) sqlite3_column_text (stmt, c));
            json_object_set_new (row, name, value);
        }
        json_array_append_new (rows, row);
    }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE) {
        json_decref (rows);
        return NULL;
    }
    return rows;
}

/* The rows of SQL, whose ?1 is IDS (a JSON array of integers). */
static json_t *
s_rows_of (hall_engine_t *self, const char *sql, const char *ids)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, sql);
    if (ids)
        sqlite3_bind_text (stmt, 1, ids, -1, SQLITE_TRANSIENT);
    return s_rows (stmt);
}

/* Op `events.read`: args after, limit. */
static int
s_op_read (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    json_int_t after = json_integer_value (json_object_get (req->args, "after"));
    json_t *limit_arg = json_object_get (req->args, "limit");
    json_int_t limit = limit_arg ? json_integer_value (limit_arg) : 500;
    if (after < 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'after' is a seq, 0 or more");
    if (limit < 1 || limit > 2000)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'limit' is 1-2000");

    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT seq, time, type, ticket, number, category, window, clerk, detail FROM event"
        " WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    sqlite3_bind_int64 (stmt, 1, after);
    sqlite3_bind_int64 (stmt, 2, limit);
    json_t *events = s_rows (stmt);
    if (!events)
        return hall_engine_storage_fail (self, out);

    /* What the page's events name: tickets by id, bookings by their
     * events' detail. */
    json_t *tickets = json_array (), *bookings = json_array ();
    GHashTable *seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    size_t i;
    json_t *event;
    json_int_t last = after;
    json_array_foreach (events, i, event) {
        last = json_integer_value (json_object_get (event, "seq"));
        json_t *ticket = json_object_get (event, "ticket");
        if (json_is_integer (ticket)) {
            gint64 id = json_integer_value (ticket);
            if (!g_hash_table_contains (seen, &id)) {
                g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
                json_array_append (tickets, ticket);
            }
        }
        json_t *booking = json_object_get (json_object_get (json_object_get (event, "detail"), "booking"), "id");
        if (json_is_integer (booking))
            json_array_append (bookings, booking);
    }
    g_hash_table_destroy (seen);
    char *ticket_ids = json_dumps (tickets, JSON_COMPACT), *booking_ids = json_dumps (bookings, JSON_COMPACT);
    json_decref (tickets);
    json_decref (bookings);

    json_t *result = json_object ();
    json_object_set_new (result, "events", events);
    struct { const char *key, *sql, *ids; } parts[] = {
        { "tickets",
          "SELECT id, day, number, category, state, green IS NOT NULL AS green, issued_at, queued_at, called_at,"
          " started_at, finished_at, window, clerk, calls, requeues, transfers, appointment_at, journey,"
          " journey_current FROM ticket WHERE id IN (SELECT value FROM json_each (?1)) ORDER BY id", ticket_ids },
        { "ratings",
          "SELECT id, ticket, step, round, category, window, clerk, level, reasons, is_default, excluded, channel,"
          " time FROM rating WHERE ticket IN (SELECT value FROM json_each (?1)) ORDER BY id", ticket_ids },
        { "cases",
          "SELECT id, kind, ticket, rating, category, window, clerk, state, opened_at, contact_due, rectify_due,"
          " contacted_at, rectified_at, revisited_at, verdict_at, closed_at, anonymous, verdict_source"
          " FROM service_case WHERE ticket IN (SELECT value FROM json_each (?1)) ORDER BY id", ticket_ids },
        { "bookings",
          "SELECT id, category, day, slot_start, slot_end, state, channel, created_at, cancelled_at, checked_in_at,"
          " ticket FROM booking WHERE id IN (SELECT value FROM json_each (?1))"
          " OR ticket IN (SELECT value FROM json_each (?2)) ORDER BY id", booking_ids },
        { "categories",
          "SELECT c.code, c.name, c.name_en, i.department, i.department_code, c.target_wait, c.position, c.open"
          " FROM category c LEFT JOIN category_item i ON i.category = c.code ORDER BY c.position, c.code", NULL },
        { "windows",
          "SELECT w.number, w.name, w.green, w.paused, w.clerk,"
          " (SELECT json_group_array (category) FROM (SELECT category FROM window_category"
          "   WHERE window = w.number ORDER BY kind DESC, category)) AS categories"
          " FROM service_window w ORDER BY w.number", NULL },
        { "staff", "SELECT id, name, role, disabled FROM staff ORDER BY id", NULL },
    };
    bool failed = false;
    for (size_t p = 0; p < G_N_ELEMENTS (parts) && !failed; p++) {
        sqlite3_stmt *part = hall_engine_stmt (self, parts[p].sql);
        if (parts[p].ids)
            sqlite3_bind_text (part, 1, parts[p].ids, -1, SQLITE_TRANSIENT);
        if (strcmp (parts[p].key, "bookings") == 0)
            sqlite3_bind_text (part, 2, ticket_ids, -1, SQLITE_TRANSIENT);
        json_t *rows = s_rows (part);
        failed = !rows;
        json_object_set_new (result, parts[p].key, rows ? rows : json_null ());
    }
    free (ticket_ids);
    free (booking_ids);
    if (failed) {
        json_decref (result);
        return hall_engine_storage_fail (self, out);
    }

    json_t *last_row = s_rows_of (self, "SELECT coalesce (max (seq), 0) AS seq FROM event", NULL);
    json_int_t last_seq = last_row ? json_integer_value (json_object_get (json_array_get (last_row, 0), "seq")) : 0;
    json_decref (last_row);
    hall_store_t *store = hall_engine_store (self);
    g_autofree char *name = hall_store_meta_get (store, "hall.name");
    g_autofree char *area = hall_store_meta_get (store, "hall.area_code");
    g_autofree char *tz = hall_store_meta_get (store, "hall.timezone");
    json_object_set_new (result, "hall", json_pack ("{s:s, s:s, s:s}", "name", name ? name : "",
                                                    "area_code", area ? area : "",
                                                    "timezone", tz ? tz : "Asia/Shanghai"));
    json_object_set_new (result, "time", json_integer (hall_engine_now (self)));
    json_object_set_new (result, "day", json_string (hall_engine_day (self)));
    json_object_set_new (result, "last_seq", json_integer (last_seq));
    json_object_set_new (result, "more", json_boolean (last < last_seq));
    out->result = result;

    /* The uplink reads from where the county is: that is what it holds. */
    if (req->role == HALL_ROLE_UPLINK)
        self->county_after = after;
    return 0;
}

int
hall_uplink_sweep (hall_engine_t *self)
{
    hall_store_t *store = hall_engine_store (self);
    if (self->county_kept < 0)
        self->county_kept = hall_store_meta_int (store, "county.after", -1);
    if (self->county_after < 0)
        self->county_after = self->county_kept;
    if (self->county_after < 0)
        return 0;                        /* no county has ever read: a hall alone */
    if (self->county_after != self->county_kept) {
        char value[24];
        g_snprintf (value, sizeof value, "%" PRId64, self->county_after);
        if (hall_store_meta_set (store, "county.after", value))
            return -1;
        self->county_kept = self->county_after;
    }
    int64_t limit = hall_store_meta_int (store, "hall.county_lag_alert", 10) * 60;
    bool open = hall_alert_is_open (self, LAG_SUBJECT);
    int64_t oldest = -1;                 /* the time of the first event the county lacks */
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT time FROM event WHERE seq > ?1 ORDER BY seq LIMIT 1");
    sqlite3_bind_int64 (stmt, 1, self->county_after);
    int rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
        oldest = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return -1;
    int64_t behind = oldest < 0 ? 0 : hall_engine_now (self) - oldest;
    bool lagging = limit > 0 && behind > limit;
    if (lagging && !open) {
        g_warning ("the county is %" PRId64 " minutes behind (it holds events up to %" PRId64 ")",
                   behind / 60, self->county_after);
        g_autofree char *summary = g_strdup_printf ("县级平台数据落后 %" PRId64 " 分钟", behind / 60);
        return hall_alert_raise (self, LAG_SUBJECT, "county", "normal", summary,
                                 "hall-uplink 未能把本厅的事件送到县级数据库：请检查与县级平台的网络和 hall-uplink 服务。"
                                 "本厅照常运行，连通后自动补传。");
    }
    if (!lagging && open) {
        g_message ("the county has caught up (it holds events up to %" PRId64 ")", self->county_after);
        return hall_alert_clear (self, LAG_SUBJECT);
    }
    return 0;
}

const hall_handler_t hall_uplink_handlers[] = {
    { HALL_OP_EVENTS_READ, s_op_read },
    { HALL_OP_NONE, NULL }
};
