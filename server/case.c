/*  case.c — 差评 follow-up cases (case.h). */
#define G_LOG_DOMAIN "hall-case"
#include "case.h"
#include "events.h"
#include "rows.h"
#include "gov.h"
#include "day.h"

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
    const char *days[] = { "rating_default_days", "case_contact_days", "case_rectify_days" };
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
    " c.revisited_at, c.verdict, c.verdict_at, c.appealed_at, c.closed_at, s.name"

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
        "revisited_at", "verdict", "verdict_at", "appealed_at", "closed_at", "owner_name" };
    json_t *kase = json_object ();
    for (int col = 0; col < (int) G_N_ELEMENTS (names); col++)
        json_object_set_new (kase, names[col], sqlite3_column_type (stmt, col) == SQLITE_INTEGER
                                               ? hall_column_int (stmt, col) : hall_column_text (stmt, col));
    json_t *overdue = s_overdue (kase, hall_engine_now (self));
    json_object_set_new (kase, "overdue", json_boolean (json_array_size (overdue) > 0));
    json_object_set_new (kase, "overdue_deadlines", overdue);
    return kase;
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
    json_t *rating = json_object_get (kase, "rating");
    if (json_is_integer (rating))
        json_object_set_new (kase, "rating", hall_rating_json (self, json_integer_value (rating)));
    if (actions) {
        json_t *list = json_array ();
        stmt = hall_engine_stmt (self, "SELECT time, action, note, verdict, reason, client"
            " FROM case_action WHERE service_case = ?1 ORDER BY id");
        sqlite3_bind_int64 (stmt, 1, id);
        while (sqlite3_step (stmt) == SQLITE_ROW)
            json_array_append_new (list, json_pack ("{s:o, s:o, s:o, s:o, s:o, s:o}",
                "time", hall_column_int (stmt, 0), "action", hall_column_text (stmt, 1), "note", hall_column_text (stmt, 2),
                "verdict", hall_column_text (stmt, 3), "reason", hall_column_text (stmt, 4), "client", hall_column_text (stmt, 5)));
        sqlite3_reset (stmt);
        json_object_set_new (kase, "actions", list);
    }
    return kase;
}

static int
s_action (hall_engine_t *self, int64_t id, const char *action, const char *note,
          const char *verdict, const char *reason, const char *client)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "INSERT INTO case_action (service_case, time, action, note, verdict, reason, client)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    sqlite3_bind_text (stmt, 3, action, -1, SQLITE_TRANSIENT);
    const char *texts[] = { note, verdict, reason, client };
    for (int i = 0; i < 4; i++)
        if (texts[i])
            sqlite3_bind_text (stmt, 4 + i, texts[i], -1, SQLITE_TRANSIENT);
    return hall_stmt_done (stmt);
}

json_t *
hall_case_open (hall_engine_t *self, const char *kind, int64_t ticket, int64_t rating)
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
        " opened_at, contact_due, rectify_due)"
        " SELECT ?2, t.id, ?3, t.category, t.window, t.clerk,"
        "  coalesce ((SELECT supervisor FROM supervisor WHERE staff = t.clerk),"
        "            nullif ((SELECT value FROM meta WHERE key = 'hall.case_owner'), '')),"
        "  'open', ?4, ?5, ?6 FROM ticket t WHERE t.id = ?1");
    sqlite3_bind_int64 (stmt, 1, ticket);
    sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
    if (rating)
        sqlite3_bind_int64 (stmt, 3, rating);
    sqlite3_bind_int64 (stmt, 4, now);
    sqlite3_bind_int64 (stmt, 5, contact_due);
    sqlite3_bind_int64 (stmt, 6, rectify_due);
    if (hall_stmt_done (stmt))
        return NULL;
    int64_t id = sqlite3_last_insert_rowid (hall_store_db (store));
    if (s_action (self, id, "open", NULL, NULL, NULL, "server"))
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
    return opens && !hall_case_open (self, "complaint", ticket, 0) ? -1 : 0;
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
    return rc;
}

/* ---- operations ---------------------------------------------------------- */

static bool
s_verdict_ok (const char *verdict)
{
    return verdict && (strcmp (verdict, "满意") == 0 || strcmp (verdict, "基本满意") == 0
                       || strcmp (verdict, "不满意") == 0);
}

static int
hall_case_op_update (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    int64_t id = json_integer_value (json_object_get (req->args, "case"));
    const char *action = json_string_value (json_object_get (req->args, "action"));
    const char *note = json_string_value (json_object_get (req->args, "note"));
    const char *verdict = json_string_value (json_object_get (req->args, "verdict"));
    const char *reason = json_string_value (json_object_get (req->args, "reason"));
    json_t *kase = hall_case_json (self, id, false);
    if (!kase)
        return hall_outcome_fail (out, HALL_E_UNKNOWN_CASE, "no case %" G_GINT64_FORMAT, id);
    char state[16], kind[16], last_verdict[32];
    g_snprintf (state, sizeof state, "%s", json_string_value (json_object_get (kase, "state")));
    g_snprintf (kind, sizeof kind, "%s", json_string_value (json_object_get (kase, "kind")));
    const char *v = json_string_value (json_object_get (kase, "verdict"));
    g_snprintf (last_verdict, sizeof last_verdict, "%s", v ? v : "");
    bool appealed = !json_is_null (json_object_get (kase, "appealed_at"));
    int64_t rating = json_integer_value (json_object_get (json_object_get (kase, "rating"), "id"));
    json_decref (kase);

    /* Each action: the state it may follow and the state it leads to (it
     * also sets its time column: contacted_at for contact, ...). */
    static const struct {
        const char *action, *from, *to;
    } steps[] = {
        { "contact", "open", "contacted" },
        { "rectify", "contacted", "rectified" },
        { "revisit", "rectified", "revisited" },
        { "verdict", "revisited", "verdict" },
        { "appeal", NULL, NULL },
        { "close", "verdict", "closed" },
    };
    int step = -1;
    for (int i = 0; action && i < (int) G_N_ELEMENTS (steps); i++)
        if (strcmp (steps[i].action, action) == 0)
            step = i;
    if (step < 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'action' is one of contact, rectify, revisit, "
                                  "verdict, appeal, close");
    if (strcmp (state, "closed") == 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "case %" G_GINT64_FORMAT " is closed", id);
    if (verdict && strcmp (action, "verdict") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'verdict' goes with the action verdict");
    if (reason && strcmp (action, "appeal") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'reason' goes with the action appeal");
    const char *to = steps[step].to;
    bool allowed = steps[step].from && strcmp (state, steps[step].from) == 0;
    if (strcmp (action, "rectify") == 0 && strcmp (state, "verdict") == 0
        && strcmp (last_verdict, "不满意") == 0)
        allowed = true;           /* the visitor is not satisfied: rectify again */
    if (strcmp (action, "close") == 0 && appealed)
        allowed = true;           /* an upheld appeal ends the case */
    if (strcmp (action, "verdict") == 0 && !s_verdict_ok (verdict))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'verdict' is 满意, 基本满意 or 不满意");
    if (strcmp (action, "appeal") == 0) {
        if (strcmp (kind, "rating") != 0)
            return hall_outcome_fail (out, HALL_E_BAD_STATE, "only a 差评 case can be appealed");
        if (appealed)
            return hall_outcome_fail (out, HALL_E_BAD_STATE, "the rating of case %" G_GINT64_FORMAT
                                      " is already excluded", id);
        if (!reason)
            return hall_outcome_fail (out, HALL_E_BAD_FIELD, "an appeal needs a 'reason'");
        allowed = true;
        to = state;
    }
    if (!allowed)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "case %" G_GINT64_FORMAT " is %s: cannot %s",
                                  id, state, action);

    int64_t now = hall_engine_now (self);
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "UPDATE service_case SET state = ?2, verdict = coalesce (?4, verdict),"
        " contacted_at = CASE ?5 WHEN 'contact' THEN ?3 ELSE contacted_at END,"
        " rectified_at = CASE ?5 WHEN 'rectify' THEN ?3 ELSE rectified_at END,"
        " revisited_at = CASE ?5 WHEN 'revisit' THEN ?3 ELSE revisited_at END,"
        " verdict_at = CASE ?5 WHEN 'verdict' THEN ?3 ELSE verdict_at END,"
        " appealed_at = CASE ?5 WHEN 'appeal' THEN ?3 ELSE appealed_at END,"
        " closed_at = CASE ?5 WHEN 'close' THEN ?3 ELSE closed_at END WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, now);
    if (verdict)
        sqlite3_bind_text (stmt, 4, verdict, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 5, action, -1, SQLITE_TRANSIENT);
    int rc = hall_stmt_done (stmt);
    if (rc == 0 && strcmp (action, "appeal") == 0) {
        stmt = hall_engine_stmt (self, "UPDATE rating SET excluded = 1, excluded_reason = ?2,"
                                 " excluded_at = ?3, excluded_by = ?4 WHERE id = ?1");
        sqlite3_bind_int64 (stmt, 1, rating);
        sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 3, now);
        sqlite3_bind_text (stmt, 4, req->client, -1, SQLITE_TRANSIENT);
        rc = hall_stmt_done (stmt);
    }
    if (rc == 0)
        rc = s_action (self, id, action, note, verdict, reason, req->client);
    /* A 差评 case's outcome is owed to the province. */
    if (rc == 0 && strcmp (action, "close") == 0 && strcmp (kind, "rating") == 0)
        rc = hall_gov_case_owed (self, id);
    json_t *updated = rc == 0 ? hall_case_json (self, id, true) : NULL;
    if (!updated)
        return hall_engine_storage_fail (self, out);
    json_t *published = json_deep_copy (updated);
    json_object_del (published, "actions");
    if (!hall_engine_event (self, "case.updated", json_integer_value (json_object_get (updated, "ticket")),
                            0, NULL, json_pack ("{s:o, s:s}", "case", published, "action", action))) {
        json_decref (updated);
        return hall_engine_storage_fail (self, out);
    }
    out->result = json_pack ("{s:o}", "case", updated);
    return 0;
}

static int
hall_case_op_list (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *filter = json_string_value (json_object_get (req->args, "filter"));
    if (!filter)
        filter = "open";
    if (strcmp (filter, "open") && strcmp (filter, "overdue") && strcmp (filter, "all"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'filter' is open, overdue or all");
    bool all = strcmp (filter, "all") == 0;
    json_t *cases = json_array ();
    int open = 0, overdue = 0;
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " CASE_COLUMNS " FROM service_case c"
        " JOIN ticket t ON t.id = c.ticket LEFT JOIN staff s ON s.id = c.owner"
        " WHERE ?1 OR c.state != 'closed' ORDER BY c.id DESC LIMIT 1000");
    sqlite3_bind_int (stmt, 1, all);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        json_t *kase = s_case_row (self, stmt);
        bool late = json_is_true (json_object_get (kase, "overdue"));
        open += strcmp (json_string_value (json_object_get (kase, "state")), "closed") != 0;
        overdue += late;
        if (strcmp (filter, "overdue") == 0 && !late)
            json_decref (kase);
        else
            json_array_append_new (cases, kase);
    }
    sqlite3_reset (stmt);
    /* Ratings after the rows: hall_rating_json uses statements of its own. */
    size_t i;
    json_t *kase;
    json_array_foreach (cases, i, kase) {
        json_t *rating = json_object_get (kase, "rating");
        if (json_is_integer (rating))
            json_object_set_new (kase, "rating", hall_rating_json (self, json_integer_value (rating)));
    }
    out->result = json_pack ("{s:I, s:s, s:o, s:i, s:i}", "time", (json_int_t) hall_engine_now (self),
                             "filter", filter, "cases", cases, "open", open, "overdue", overdue);
    return 0;
}

const hall_handler_t hall_case_handlers[] = {
    { HALL_OP_CASE_UPDATE, hall_case_op_update },
    { HALL_OP_CASES, hall_case_op_list },
    { HALL_OP_NONE, NULL }
};
