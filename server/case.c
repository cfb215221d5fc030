/*  case.c — 差评 follow-up cases (case.h). */
#define G_LOG_DOMAIN "hall-case"
#include "case.h"
#include "events.h"
#include "rows.h"
#include "gov.h"
#include "day.h"
#include "matter.h"
#include "phone.h"
#include "identity.h"

#include <stdlib.h>
#include <string.h>

/* ---- configuration ------------------------------------------------------- */

/* True when LIST is "" or "YYYY-MM-DD;YYYY-MM-DD;..." of real dates. */
static bool
s_dates_ok (const char *list)
{
    bool ok = true;
    char **days = g_strsplit (list ? list : "", ";", -1);
    for (char **day = days; ok && *day; day++) {
        char *text = g_strstrip (*day);
        if (!*text)
            continue;
        GDate date;
        g_date_clear (&date, 1);
        int y, m, d, used = 0;
        ok = sscanf (text, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && (size_t) used == strlen (text)
             && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
    }
    g_strfreev (days);
    return ok;
}

static bool G_GNUC_PRINTF (3, 4)
s_config_fail (GError **error, const char *source, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    char *text = g_strdup_vprintf (fmt, args);
    va_end (args);
    g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "%s: %s", source, text);
    g_free (text);
    return false;
}

bool
hall_case_config_check (GKeyFile *keys, const char *source, GError **error)
{
    const char *days[] = { "rating_default_days", "case_contact_days", "case_rectify_days", "case_phone_days" };
    for (size_t i = 0; i < G_N_ELEMENTS (days); i++) {
        if (!g_key_file_has_key (keys, "hall", days[i], NULL))
            continue;
        GError *e = NULL;
        int value = g_key_file_get_integer (keys, "hall", days[i], &e);
        if (e || value < 1 || value > 365) {
            g_clear_error (&e);
            return s_config_fail (error, source, "[hall] %s must be 1-365 days", days[i]);
        }
    }
    const char *calendars[] = { "holidays", "workdays" };
    for (size_t i = 0; i < G_N_ELEMENTS (calendars); i++) {
        g_autofree char *list = g_key_file_get_string (keys, "hall", calendars[i], NULL);
        if (!s_dates_ok (list))
            return s_config_fail (error, source, "[hall] %s must be dates like 2026-10-01;2026-10-02",
                                  calendars[i]);
    }
    g_autofree char *owner = g_key_file_get_string (keys, "hall", "case_owner", NULL);
    if (owner && *owner) {
        g_autofree char *group = g_strdup_printf ("staff %s", owner);
        if (!g_key_file_has_group (keys, group))
            return s_config_fail (error, source, "[hall] case_owner: no [staff %s]", owner);
    }
    gsize ngroups;
    g_auto (GStrv) groups = g_key_file_get_groups (keys, &ngroups);
    for (gsize i = 0; i < ngroups; i++) {
        if (g_str_has_prefix (groups[i], "staff ")) {
            g_autofree char *boss = g_key_file_get_string (keys, groups[i], "supervisor", NULL);
            g_autofree char *group = g_strdup_printf ("staff %s", boss ? boss : "");
            if (boss && *boss && !g_key_file_has_group (keys, group))
                return s_config_fail (error, source, "[%s] supervisor: no [staff %s]", groups[i], boss);
        }
        else if (g_str_has_prefix (groups[i], "category ")
                 && g_key_file_has_key (keys, groups[i], "opens_case", NULL)) {
            GError *e = NULL;
            g_key_file_get_boolean (keys, groups[i], "opens_case", &e);
            if (e) {
                g_clear_error (&e);
                return s_config_fail (error, source, "[%s] opens_case must be true or false", groups[i]);
            }
        }
    }
    return true;
}

int
hall_case_config_apply (GKeyFile *keys, hall_store_t *store)
{
    int rc = 0;
    struct { const char *key, *fallback; } hall_keys[] = {
        { "rating_default_days", "7" }, { "case_contact_days", "1" }, { "case_rectify_days", "15" },
        { "case_phone_days", "30" },
        { "case_owner", "" }, { "holidays", "" }, { "workdays", "" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (hall_keys); i++) {
        g_autofree char *value = g_key_file_get_string (keys, "hall", hall_keys[i].key, NULL);
        g_autofree char *meta_key = g_strdup_printf ("hall.%s", hall_keys[i].key);
        rc |= hall_store_meta_set (store, meta_key, value ? g_strstrip (value) : hall_keys[i].fallback);
    }
    rc |= hall_stmt_done (hall_store_stmt (store, "DELETE FROM supervisor"));
    rc |= hall_stmt_done (hall_store_stmt (store, "DELETE FROM case_category"));
    gsize ngroups;
    g_auto (GStrv) groups = g_key_file_get_groups (keys, &ngroups);
    for (gsize i = 0; i < ngroups; i++) {
        const char *group = groups[i];
        if (g_str_has_prefix (group, "staff ")) {
            g_autofree char *boss = g_key_file_get_string (keys, group, "supervisor", NULL);
            if (!boss || !*g_strstrip (boss))
                continue;
            sqlite3_stmt *stmt = hall_store_stmt (store,
                "INSERT INTO supervisor (staff, supervisor) VALUES (?1, ?2)");
            sqlite3_bind_text (stmt, 1, group + 6, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (stmt, 2, boss, -1, SQLITE_TRANSIENT);
            rc |= hall_stmt_done (stmt);
        }
        else if (g_str_has_prefix (group, "category ")
                 && g_key_file_get_boolean (keys, group, "opens_case", NULL)) {
            sqlite3_stmt *stmt = hall_store_stmt (store,
                "INSERT INTO case_category (category) VALUES (?1)");
            sqlite3_bind_text (stmt, 1, group + 9, -1, SQLITE_TRANSIENT);
            rc |= hall_stmt_done (stmt);
        }
    }
    return rc ? -1 : 0;
}

/* ---- the working-day calendar -------------------------------------------- */

int64_t
hall_case_deadline (GTimeZone *tz, const char *holidays, const char *workdays, int64_t from, int days)
{
    GDateTime *utc = g_date_time_new_from_unix_utc (from);
    GDateTime *local = g_date_time_to_timezone (utc, tz);
    GDate *date = g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (local),
                                  (GDateMonth) g_date_time_get_month (local),
                                  (GDateYear) g_date_time_get_year (local));
    g_date_time_unref (local);
    g_date_time_unref (utc);
    /* Count working days after the opening day (common/day.c). */
    hall_day_add_working (date, days, holidays, workdays);
    /* The end of that day: local midnight after it. */
    g_date_add_days (date, 1);
    GDateTime *end = g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date),
                                      g_date_get_day (date), 0, 0, 0);
    int64_t deadline = g_date_time_to_unix (end);
    g_date_time_unref (end);
    g_date_free (date);
    return deadline;
}

/* ---- cases --------------------------------------------------------------- */

#define CASE_COLUMNS \
    "c.id, c.kind, c.ticket, t.number, t.day, c.rating, c.category, c.window, c.clerk, c.owner," \
    " c.state, c.opened_at, c.contact_due, c.rectify_due, c.contacted_at, c.rectified_at," \
    " c.revisited_at, c.verdict, c.verdict_at, c.appealed_at, c.closed_at, s.name, c.verdict_source," \
    " c.anonymous, c.phone, c.link_expires, c.verdict_phone"

/* Deadlines missed as of NOW, as an array ("contact", "rectify"); a closed
 * or appealed case is overdue no more. */
static json_t *
s_overdue (json_t *kase, int64_t now)
{
    json_t *missed = json_array ();
    const char *state = json_string_value (json_object_get (kase, "state"));
    if (strcmp (state, "closed") == 0 || !json_is_null (json_object_get (kase, "appealed_at")))
        return missed;
    if (json_is_null (json_object_get (kase, "contacted_at"))
        && now >= json_integer_value (json_object_get (kase, "contact_due")))
        json_array_append_new (missed, json_string ("contact"));
    if (json_is_null (json_object_get (kase, "rectified_at"))
        && now >= json_integer_value (json_object_get (kase, "rectify_due")))
        json_array_append_new (missed, json_string ("rectify"));
    return missed;
}

static json_t *
s_case_row (hall_engine_t *self, sqlite3_stmt *stmt)
{
    static const char *names[] = {
        "id", "kind", "ticket", "number", "day", "rating", "category", "window", "clerk", "owner",
        "state", "opened_at", "contact_due", "rectify_due", "contacted_at", "rectified_at",
        "revisited_at", "verdict", "verdict_at", "appealed_at", "closed_at", "owner_name", "verdict_source" };
    json_t *kase = json_object ();
    int col = 0;
    for (; col < (int) G_N_ELEMENTS (names); col++)
        json_object_set_new (kase, names[col], sqlite3_column_type (stmt, col) == SQLITE_INTEGER
                                               ? hall_column_int (stmt, col) : hall_column_text (stmt, col));
    json_object_set_new (kase, "anonymous", json_boolean (sqlite3_column_int (stmt, col)));
    json_object_set_new (kase, "phone", hall_phone_masked ((const char *) sqlite3_column_text (stmt, col + 1)));
    json_object_set_new (kase, "verdict_phone", hall_column_text (stmt, col + 3));
    json_object_set_new (kase, "link", sqlite3_column_type (stmt, col + 2) == SQLITE_NULL ? json_null ()
                         : json_pack ("{s:I, s:b}", "expires_at", (json_int_t) sqlite3_column_int64 (stmt, col + 2),
                                      "sent", false));
    json_t *overdue = s_overdue (kase, hall_engine_now (self));
    json_object_set_new (kase, "overdue", json_boolean (json_array_size (overdue) > 0));
    json_object_set_new (kase, "overdue_deadlines", overdue);
    return kase;
}

/* What a case carries beyond its row: the rating (round 1) and the
 * second one, the 办件 and 事项, the appeal, whether the link was sent. */
static void
s_case_fill (hall_engine_t *self, json_t *kase)
{
    int64_t id = json_integer_value (json_object_get (kase, "id"));
    json_t *rating = json_object_get (kase, "rating");
    json_t *matters = NULL;
    json_t *second = json_null ();
    if (json_is_integer (rating)) {
        json_t *full = hall_rating_json (self, json_integer_value (rating));
        if (full) {
            matters = json_incref (json_object_get (full, "matters"));
            sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT s.id FROM rating r JOIN rating s"
                " ON s.ticket = r.ticket AND s.step IS r.step AND s.round = 2 WHERE r.id = ?1");
            sqlite3_bind_int64 (stmt, 1, json_integer_value (rating));
            int64_t second_id = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
            sqlite3_reset (stmt);
            if (second_id) {
                json_decref (second);
                second = hall_rating_json (self, second_id);
            }
        }
        json_object_set_new (kase, "rating", full ? full : json_null ());
    }
    json_object_set_new (kase, "matters", matters ? matters : json_array ());
    json_object_set_new (kase, "second_rating", second ? second : json_null ());
    hall_matter_item_fill (self, json_string_value (json_object_get (kase, "category")), kase);
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT a.state, a.reason, a.filed_by, a.filed_at, a.evidence,"
        " a.decided_by, s.name, a.decided_at, a.decision_note FROM case_appeal a"
        " LEFT JOIN staff s ON s.id = a.decided_by WHERE a.service_case = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    json_t *appeal = json_null ();
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        const char *ids = (const char *) sqlite3_column_text (stmt, 4);
        json_t *evidence = ids ? json_loads (ids, 0, NULL) : NULL;
        appeal = json_pack ("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
            "state", hall_column_text (stmt, 0), "reason", hall_column_text (stmt, 1),
            "filed_by", hall_column_text (stmt, 2), "filed_at", hall_column_int (stmt, 3),
            "evidence", evidence ? evidence : json_array (), "decided_by", hall_column_text (stmt, 5),
            "decided_by_name", hall_column_text (stmt, 6), "decided_at", hall_column_int (stmt, 7),
            "note", hall_column_text (stmt, 8));
    }
    sqlite3_reset (stmt);
    json_object_set_new (kase, "appeal", appeal);
    json_t *link = json_object_get (kase, "link");
    if (json_is_object (link)) {
        stmt = hall_engine_stmt (self, "SELECT count(*) FROM notification WHERE service_case = ?1");
        sqlite3_bind_int64 (stmt, 1, id);
        bool sent = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
        sqlite3_reset (stmt);
        json_object_set_new (link, "sent", json_boolean (sent));
    }
}

json_t *
hall_case_json (hall_engine_t *self, int64_t id, bool actions)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " CASE_COLUMNS " FROM service_case c"
        " JOIN ticket t ON t.id = c.ticket LEFT JOIN staff s ON s.id = c.owner WHERE c.id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    json_t *kase = sqlite3_step (stmt) == SQLITE_ROW ? s_case_row (self, stmt) : NULL;
    sqlite3_reset (stmt);
    if (!kase)
        return NULL;
    s_case_fill (self, kase);
    if (actions) {
        json_t *list = json_array ();
        stmt = hall_engine_stmt (self, "SELECT time, action, note, verdict, reason, client, method, at,"
            " by_whom, evidence, source FROM case_action WHERE service_case = ?1 ORDER BY id");
        sqlite3_bind_int64 (stmt, 1, id);
        while (sqlite3_step (stmt) == SQLITE_ROW) {
            const char *ids = (const char *) sqlite3_column_text (stmt, 9);
            json_t *evidence = ids ? json_loads (ids, 0, NULL) : NULL;
            json_array_append_new (list, json_pack ("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                "time", hall_column_int (stmt, 0), "action", hall_column_text (stmt, 1), "note", hall_column_text (stmt, 2),
                "verdict", hall_column_text (stmt, 3), "reason", hall_column_text (stmt, 4), "client", hall_column_text (stmt, 5),
                "method", hall_column_text (stmt, 6), "at", hall_column_int (stmt, 7), "by", hall_column_text (stmt, 8),
                "evidence", evidence ? evidence : json_array (), "source", hall_column_text (stmt, 10)));
        }
        sqlite3_reset (stmt);
        json_object_set_new (kase, "actions", list);
    }
    return kase;
}

int64_t
hall_case_action (hall_engine_t *self, int64_t id, const char *action, const hall_case_record_t *record,
                  const char *client)
{
    static const hall_case_record_t none;
    if (!record)
        record = &none;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "INSERT INTO case_action (service_case, time, action, note, verdict, reason, client, method, at,"
        " by_whom, evidence, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    sqlite3_bind_text (stmt, 3, action, -1, SQLITE_TRANSIENT);
    const char *texts[] = { record->note, record->verdict, record->reason, client, record->method };
    for (int i = 0; i < 5; i++)
        hall_bind_text (stmt, 4 + i, texts[i]);
    if (record->at)
        sqlite3_bind_int64 (stmt, 9, record->at);
    hall_bind_text (stmt, 10, record->by);
    char *evidence = record->evidence && json_array_size (record->evidence)
                   ? json_dumps (record->evidence, JSON_COMPACT) : NULL;
    hall_bind_text (stmt, 11, evidence);
    hall_bind_text (stmt, 12, record->source);
    int rc = hall_stmt_done (stmt);
    free (evidence);
    return rc ? 0 : sqlite3_last_insert_rowid (hall_store_db (hall_engine_store (self)));
}

json_t *
hall_case_open (hall_engine_t *self, const char *kind, int64_t ticket, int64_t rating, const char *phone)
{
    hall_store_t *store = hall_engine_store (self);
    int64_t now = hall_engine_now (self);
    g_autofree char *holidays = hall_store_meta_get (store, "hall.holidays");
    g_autofree char *workdays = hall_store_meta_get (store, "hall.workdays");
    int contact_days = (int) hall_store_meta_int (store, "hall.case_contact_days", 1);
    int rectify_days = (int) hall_store_meta_int (store, "hall.case_rectify_days", 15);
    GTimeZone *tz = hall_engine_tz (self);
    int64_t contact_due = hall_case_deadline (tz, holidays, workdays, now, MAX (contact_days, 1));
    int64_t rectify_due = hall_case_deadline (tz, holidays, workdays, now, MAX (rectify_days, 1));
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "INSERT INTO service_case (kind, ticket, rating, category, window, clerk, owner, state,"
        " opened_at, contact_due, rectify_due, phone, anonymous)"
        " SELECT ?2, t.id, ?3, t.category, t.window, t.clerk,"
        "  coalesce ((SELECT supervisor FROM supervisor WHERE staff = t.clerk),"
        "            nullif ((SELECT value FROM meta WHERE key = 'hall.case_owner'), '')),"
        "  'open', ?4, ?5, ?6, ?7, ?2 = 'rating' AND ?7 IS NULL FROM ticket t WHERE t.id = ?1");
    sqlite3_bind_int64 (stmt, 1, ticket);
    sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
    if (rating)
        sqlite3_bind_int64 (stmt, 3, rating);
    sqlite3_bind_int64 (stmt, 4, now);
    sqlite3_bind_int64 (stmt, 5, contact_due);
    sqlite3_bind_int64 (stmt, 6, rectify_due);
    hall_bind_text (stmt, 7, phone);
    if (hall_stmt_done (stmt))
        return NULL;
    int64_t id = sqlite3_last_insert_rowid (hall_store_db (store));
    if (!hall_case_action (self, id, "open", NULL, "server"))
        return NULL;
    json_t *kase = hall_case_json (self, id, false);
    json_t *event = kase ? hall_engine_event (self, "case.opened", ticket, 0, NULL,
                                              json_pack ("{s:o}", "case", kase)) : NULL;
    return event ? json_object_get (json_object_get (event, "detail"), "case") : NULL;
}

int
hall_case_finished (hall_engine_t *self, int64_t ticket)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT count(*) FROM ticket t JOIN case_category cc ON cc.category = t.category WHERE t.id = ?1");
    sqlite3_bind_int64 (stmt, 1, ticket);
    bool opens = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
    sqlite3_reset (stmt);
    return opens && !hall_case_open (self, "complaint", ticket, 0, NULL) ? -1 : 0;
}

int
hall_case_sweep (hall_engine_t *self)
{
    int64_t now = hall_engine_now (self);
    /* Bit 1: the contact deadline was announced; bit 2: rectification. */
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT id, ticket, (contacted_at IS NULL AND contact_due <= ?1 AND (overdue & 1) = 0)"
        "  | ((rectified_at IS NULL AND rectify_due <= ?1 AND (overdue & 2) = 0) << 1)"
        " FROM service_case WHERE state != 'closed' AND appealed_at IS NULL"
        " AND ((contacted_at IS NULL AND contact_due <= ?1 AND (overdue & 1) = 0)"
        "   OR (rectified_at IS NULL AND rectify_due <= ?1 AND (overdue & 2) = 0)) ORDER BY id");
    sqlite3_bind_int64 (stmt, 1, now);
    GArray *due = g_array_new (FALSE, FALSE, sizeof (int64_t) * 3);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int64_t row[3] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                           sqlite3_column_int64 (stmt, 2) };
        g_array_append_vals (due, row, 1);
    }
    sqlite3_reset (stmt);
    int rc = 0;
    for (guint i = 0; i < due->len && rc == 0; i++) {
        int64_t *row = &g_array_index (due, int64_t, i * 3);
        stmt = hall_engine_stmt (self, "UPDATE service_case SET overdue = overdue | ?2 WHERE id = ?1");
        sqlite3_bind_int64 (stmt, 1, row[0]);
        sqlite3_bind_int64 (stmt, 2, row[2]);
        rc = hall_stmt_done (stmt);
        json_t *deadlines = json_array ();
        if (row[2] & 1)
            json_array_append_new (deadlines, json_string ("contact"));
        if (row[2] & 2)
            json_array_append_new (deadlines, json_string ("rectify"));
        json_t *kase = rc == 0 ? hall_case_json (self, row[0], false) : NULL;
        if (!kase || !hall_engine_event (self, "case.overdue", row[1], 0, NULL,
                                         json_pack ("{s:o, s:o}", "case", kase, "deadlines", deadlines))) {
            json_decref (kase);
            json_decref (deadlines);
            rc = -1;
        }
    }
    g_array_free (due, TRUE);
    /* The visitors' numbers are kept case_phone_days after the close. */
    int64_t keep = hall_store_meta_int (hall_engine_store (self), "hall.case_phone_days", 30);
    if (rc == 0) {
        stmt = hall_engine_stmt (self, "UPDATE service_case SET phone = NULL, verdict_phone = NULL,"
            " phone_erased_at = ?1 WHERE phone IS NOT NULL AND closed_at IS NOT NULL AND closed_at <= ?2");
        sqlite3_bind_int64 (stmt, 1, now);
        sqlite3_bind_int64 (stmt, 2, now - keep * 86400);
        rc = hall_stmt_done (stmt);
    }
    return rc;
}

/* ---- finding cases ------------------------------------------------------- */

/* The local day "YYYY-MM-DD" as the unix second it starts at (TZ), or -1. */
static int64_t
s_day_start (GTimeZone *tz, const char *day, int add)
{
    int y, m, d, used = 0;
    if (!day || sscanf (day, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || (size_t) used != strlen (day)
        || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        return -1;
    GDateTime *start = g_date_time_new (tz, y, m, d, 0, 0, 0);
    GDateTime *then = g_date_time_add_days (start, add);
    int64_t seconds = g_date_time_to_unix (then);
    g_date_time_unref (then);
    g_date_time_unref (start);
    return seconds;
}

static int
hall_case_op_list (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *filter = json_string_value (json_object_get (req->args, "filter"));
    if (!filter)
        filter = "open";
    if (strcmp (filter, "open") && strcmp (filter, "overdue") && strcmp (filter, "all"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'filter' is open, overdue or all");
    const char *from = json_string_value (json_object_get (req->args, "from"));
    const char *to = json_string_value (json_object_get (req->args, "to"));
    GTimeZone *tz = hall_engine_tz (self);
    int64_t start = from ? s_day_start (tz, from, 0) : 0;
    int64_t end = to ? s_day_start (tz, to, 1) : INT64_MAX;
    if (start < 0 || end < 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'from' and 'to' are days, YYYY-MM-DD");
    const char *state = json_string_value (json_object_get (req->args, "state"));
    static const char *states[] = { "open", "contacted", "rectified", "revisited", "verdict", "closed" };
    bool state_ok = !state;
    for (size_t i = 0; state && i < G_N_ELEMENTS (states); i++)
        state_ok |= strcmp (state, states[i]) == 0;
    if (!state_ok)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'state' is open, contacted, rectified, revisited, "
                                  "verdict or closed");
    const char *appeal = json_string_value (json_object_get (req->args, "appeal"));
    if (appeal && strcmp (appeal, "pending") && strcmp (appeal, "accepted") && strcmp (appeal, "rejected"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'appeal' is pending, accepted or rejected");
    json_t *jlimit = json_object_get (req->args, "limit");
    json_int_t limit = jlimit ? json_integer_value (jlimit) : 200;
    if (limit < 1 || limit > 1000)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'limit' is 1 to 1000");
    json_t *jwindow = json_object_get (req->args, "window");
    json_t *janonymous = json_object_get (req->args, "anonymous");
    /* A desk sees the cases of its signed-in clerk only (to appeal). */
    const char *clerk = json_string_value (json_object_get (req->args, "clerk"));
    char desk_clerk[32] = "";
    if (req->role == HALL_ROLE_COUNTER) {
        if (clerk || jwindow)
            return hall_outcome_fail (out, HALL_E_BAD_FIELD, "a desk sees its own clerk's cases: no 'clerk' or 'window'");
        sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT clerk FROM service_window WHERE number = ?1"
                                               " AND clerk IS NOT NULL");
        sqlite3_bind_int (stmt, 1, req->window);
        if (sqlite3_step (stmt) == SQLITE_ROW)
            g_snprintf (desk_clerk, sizeof desk_clerk, "%s", sqlite3_column_text (stmt, 0));
        sqlite3_reset (stmt);
        if (!*desk_clerk)
            return hall_outcome_fail (out, HALL_E_NOT_SIGNED_IN, "no clerk is signed in at window %d", req->window);
        clerk = desk_clerk;
    }
    bool all = strcmp (filter, "all") == 0;
    bool overdue_only = strcmp (filter, "overdue") == 0;

    /* Every condition is "?N IS NULL OR ...": one statement for any search. */
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " CASE_COLUMNS " FROM service_case c"
        " JOIN ticket t ON t.id = c.ticket LEFT JOIN staff s ON s.id = c.owner"
        " LEFT JOIN category_item ci ON ci.category = c.category"
        " WHERE (?1 OR c.state != 'closed') AND c.opened_at >= ?2 AND c.opened_at < ?3"
        " AND (?4 IS NULL OR c.window = ?4) AND (?5 IS NULL OR c.clerk = ?5)"
        " AND (?6 IS NULL OR ci.department = ?6 OR ci.department_code = ?6)"
        " AND (?7 IS NULL OR c.category = ?7) AND (?8 IS NULL OR c.state = ?8)"
        " AND (?9 IS NULL OR EXISTS (SELECT 1 FROM matter m WHERE m.ticket = c.ticket AND m.number = ?9))"
        " AND (?10 IS NULL OR t.number = upper (?10)) AND (?11 IS NULL OR c.anonymous = ?11)"
        " AND (?12 IS NULL OR (SELECT a.state FROM case_appeal a WHERE a.service_case = c.id) = ?12)"
        " ORDER BY c.id DESC");
    sqlite3_bind_int (stmt, 1, all);
    sqlite3_bind_int64 (stmt, 2, start);
    sqlite3_bind_int64 (stmt, 3, end);
    if (jwindow)
        sqlite3_bind_int64 (stmt, 4, json_integer_value (jwindow));
    hall_bind_text (stmt, 5, clerk);
    const char *texts[] = { "department", "category", "state", "matter", "number" };
    for (int i = 0; i < 5; i++)
        hall_bind_text (stmt, 6 + i, json_string_value (json_object_get (req->args, texts[i])));
    if (janonymous)
        sqlite3_bind_int (stmt, 11, json_is_true (janonymous));
    hall_bind_text (stmt, 12, appeal);
    json_t *cases = json_array ();
    int total = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        json_t *kase = s_case_row (self, stmt);
        bool late = json_is_true (json_object_get (kase, "overdue"));
        if ((overdue_only && !late) || json_array_size (cases) >= (size_t) limit) {
            total += !overdue_only || late;
            json_decref (kase);
            continue;
        }
        total++;
        json_array_append_new (cases, kase);
    }
    sqlite3_reset (stmt);
    /* The counts over all open cases, whatever the search. */
    int open = 0, overdue = 0;
    stmt = hall_engine_stmt (self, "SELECT " CASE_COLUMNS " FROM service_case c"
        " JOIN ticket t ON t.id = c.ticket LEFT JOIN staff s ON s.id = c.owner WHERE c.state != 'closed'");
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        json_t *kase = s_case_row (self, stmt);
        open++;
        overdue += json_is_true (json_object_get (kase, "overdue"));
        json_decref (kase);
    }
    sqlite3_reset (stmt);
    /* The rest of each case after the rows: it needs statements of its own. */
    size_t i;
    json_t *kase;
    json_array_foreach (cases, i, kase)
        s_case_fill (self, kase);
    out->result = json_pack ("{s:I, s:s, s:o, s:i, s:i, s:i}", "time", (json_int_t) hall_engine_now (self),
                             "filter", filter, "cases", cases, "total", total, "open", open, "overdue", overdue);
    return 0;
}

const hall_handler_t hall_case_handlers[] = {
    { HALL_OP_CASES, hall_case_op_list },
    { HALL_OP_NONE, NULL }
};
