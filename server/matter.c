/*  matter.c — 办件编号 on visits, and the 事项 of categories (matter.h). */
#define G_LOG_DOMAIN "hall-matter"
#include "matter.h"
#include "events.h"
#include "rows.h"

#include <string.h>

/* ---- configuration ---------------------------------------------------------- */

static const char s_credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

bool
hall_credit_code_valid (const char *text)
{
    if (!text || strlen (text) != 18)
        return false;
    /* GB 32100-2015: weights 3^(i-1) mod 31; check = 31 - sum mod 31 (31: 0). */
    int sum = 0, weight = 1;
    for (int i = 0; i < 17; i++) {
        const char *at = strchr (s_credit_alphabet, text[i]);
        if (!text[i] || !at)
            return false;
        sum += (int) (at - s_credit_alphabet) * weight;
        weight = weight * 3 % 31;
    }
    int check = (31 - sum % 31) % 31;
    return text[17] == s_credit_alphabet[check];
}

static bool
s_code_chars (const char *text, size_t min, size_t max)
{
    size_t n = text ? strlen (text) : 0;
    if (n < min || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isalnum (text[i]) && !strchr ("-_.", text[i]))
            return false;
    return true;
}

static bool
s_fail (GError **error, const char *source, const char *group, const char *what)
{
    g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "%s: [%s] %s", source, group, what);
    return false;
}

bool
hall_matter_config_check (GKeyFile *keys, const char *source, GError **error)
{
    g_autofree char *area = g_key_file_get_string (keys, "hall", "area_code", NULL);
    if (area && *g_strstrip (area)) {
        size_t n = strlen (area);
        bool digits = n == 6 || n == 12;
        for (size_t i = 0; digits && i < n; i++)
            digits = g_ascii_isdigit (area[i]);
        if (!digits)
            return s_fail (error, source, "hall", "area_code is the 区划代码: 6 or 12 digits");
    }
    gsize ngroups;
    g_auto (GStrv) groups = g_key_file_get_groups (keys, &ngroups);
    for (gsize g = 0; g < ngroups; g++) {
        if (!g_str_has_prefix (groups[g], "category "))
            continue;
        g_autofree char *item = g_key_file_get_string (keys, groups[g], "item_code", NULL);
        if (item && *g_strstrip (item) && !s_code_chars (item, 1, 64))
            return s_fail (error, source, groups[g], "item_code is the 事项编码: 1-64 of 0-9 A-Z a-z - _ .");
        g_autofree char *code = g_key_file_get_string (keys, groups[g], "department_code", NULL);
        if (code && *g_strstrip (code) && !hall_credit_code_valid (code))
            return s_fail (error, source, groups[g], "department_code is not a 统一社会信用代码 "
                           "(18 characters; its check character does not match)");
        if (g_key_file_has_key (keys, groups[g], "matter_required", NULL)) {
            GError *e = NULL;
            g_key_file_get_boolean (keys, groups[g], "matter_required", &e);
            if (e) {
                g_clear_error (&e);
                return s_fail (error, source, groups[g], "matter_required must be true or false");
            }
        }
    }
    return true;
}

int
hall_matter_config_apply (GKeyFile *keys, hall_store_t *store)
{
    g_autofree char *area = g_key_file_get_string (keys, "hall", "area_code", NULL);
    int rc = hall_store_meta_set (store, "hall.area_code", area ? g_strstrip (area) : "");
    rc |= hall_stmt_done (hall_store_stmt (store, "DELETE FROM category_item"));
    gsize ngroups;
    g_auto (GStrv) groups = g_key_file_get_groups (keys, &ngroups);
    for (gsize g = 0; g < ngroups; g++) {
        if (!g_str_has_prefix (groups[g], "category "))
            continue;
        const char *keys_of[] = { "item_code", "department", "department_code" };
        sqlite3_stmt *stmt = hall_store_stmt (store, "INSERT INTO category_item"
            " (category, item_code, department, department_code, matter_required) VALUES (?1, ?2, ?3, ?4, ?5)");
        sqlite3_bind_text (stmt, 1, groups[g] + strlen ("category "), -1, SQLITE_TRANSIENT);
        for (int k = 0; k < 3; k++) {
            g_autofree char *value = g_key_file_get_string (keys, groups[g], keys_of[k], NULL);
            if (value && *g_strstrip (value))
                sqlite3_bind_text (stmt, 2 + k, value, -1, SQLITE_TRANSIENT);
        }
        sqlite3_bind_int (stmt, 5, g_key_file_get_boolean (keys, groups[g], "matter_required", NULL));
        rc |= hall_stmt_done (stmt);
    }
    return rc ? -1 : 0;
}

/* ---- rows ------------------------------------------------------------------------- */

void
hall_matter_item_fill (hall_engine_t *self, const char *category, json_t *object)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT item_code, department, department_code FROM category_item WHERE category = ?1");
    sqlite3_bind_text (stmt, 1, category, -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    const char *names[] = { "item_code", "department", "department_code" };
    for (int k = 0; k < 3; k++)
        json_object_set_new (object, names[k], found ? hall_column_text (stmt, k) : json_null ());
    sqlite3_reset (stmt);
}

/* The matter objects of STMT's rows (number, category, item_code, step,
 * window, clerk, added_at). */
static json_t *
s_matter_rows (sqlite3_stmt *stmt)
{
    json_t *list = json_array ();
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (list, json_pack ("{s:o, s:o, s:o, s:o, s:i, s:o, s:I}",
            "number", hall_column_text (stmt, 0), "category", hall_column_text (stmt, 1),
            "item_code", hall_column_text (stmt, 2), "step", hall_column_int (stmt, 3),
            "window", sqlite3_column_int (stmt, 4), "clerk", hall_column_text (stmt, 5),
            "added_at", (json_int_t) sqlite3_column_int64 (stmt, 6)));
    return list;
}

json_t *
hall_matters_json (hall_engine_t *self, int64_t ticket, int step)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT number, category, item_code, step, window, clerk, added_at FROM matter"
        " WHERE ticket = ?1 AND (?2 < 0 OR step = ?2) ORDER BY id");
    sqlite3_bind_int64 (stmt, 1, ticket);
    sqlite3_bind_int (stmt, 2, step);
    json_t *list = s_matter_rows (stmt);
    sqlite3_reset (stmt);
    return list;
}

json_t *
hall_rating_matters_json (hall_engine_t *self, int64_t rating)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT m.number, m.category, m.item_code, m.step, m.window, m.clerk, m.added_at"
        " FROM rating r JOIN ticket t ON t.id = r.ticket JOIN matter m ON m.ticket = r.ticket"
        " WHERE r.id = ?1 AND (r.step IS NULL OR m.step = r.step"
        "  OR (r.step IS t.journey_current AND t.state = 'finished'"
        "      AND NOT EXISTS (SELECT 1 FROM rating o WHERE o.ticket = m.ticket AND o.step = m.step AND o.round = 1)))"
        " ORDER BY m.id");
    sqlite3_bind_int64 (stmt, 1, rating);
    json_t *list = s_matter_rows (stmt);
    sqlite3_reset (stmt);
    return list;
}

/* ---- finish ----------------------------------------------------------------------- */

int
hall_matter_finish_check (hall_engine_t *self, const hall_window_t *window, hall_outcome_t *out)
{
    /* The visit at the window: its category now and, for a journey
     * ticket, its current step. */
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT t.number, t.category, ci.matter_required,"
        " (SELECT count(*) FROM matter m WHERE m.ticket = t.id AND m.step IS t.journey_current)"
        " FROM ticket t LEFT JOIN category_item ci ON ci.category = t.category WHERE t.id = ?1");
    sqlite3_bind_int64 (stmt, 1, window->ticket);
    int rc = 0;
    if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 2) && sqlite3_column_int (stmt, 3) == 0)
        rc = hall_outcome_fail (out, HALL_E_MATTER_REQUIRED, "ticket %s (%s) needs its 办件编号 before finish "
                                "(matter.add)", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
    sqlite3_reset (stmt);
    return rc;
}

/* ---- matter.add, matter.remove ------------------------------------------------------ */

/* The window's ticket being served, or -1 with OUT failed. */
static int
s_serving (hall_engine_t *self, const hall_request_t *req, hall_window_t *window, hall_outcome_t *out)
{
    if (hall_window_get (self, hall_arg_int (req, "window"), window, out))
        return -1;
    if (!window->ticket || strcmp (window->ticket_state, "serving") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "window %d serves no ticket now: a 办件编号 is "
                                  "recorded while serving", window->number);
    return 0;
}

static int
s_changed (hall_engine_t *self, const hall_window_t *window, const char *action, const char *number,
           hall_outcome_t *out)
{
    if (!hall_engine_event (self, "ticket.matter", window->ticket, window->number, NULL,
                            json_pack ("{s:s, s:s}", "action", action, "number", number)))
        return hall_engine_storage_fail (self, out);
    out->result = hall_ticket_result (self, window->ticket);
    return 0;
}

static int
s_op_add (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *number = hall_arg_str (req, "number");
    if (!s_code_chars (number, 4, 64))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "a 办件编号 is 4-64 of 0-9 A-Z a-z - _ .");
    hall_window_t window;
    if (s_serving (self, req, &window, out))
        return -1;
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT t.number, t.day FROM matter m JOIN ticket t"
                                                 " ON t.id = m.ticket WHERE m.number = ?1");
    sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        hall_outcome_fail (out, HALL_E_DUPLICATE_MATTER, "办件编号 %s is recorded already (ticket %s of %s)",
                           number, sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
        sqlite3_reset (stmt);
        return -1;
    }
    sqlite3_reset (stmt);
    stmt = hall_engine_stmt (self,
        "INSERT INTO matter (ticket, step, number, category, item_code, window, clerk, added_at)"
        " SELECT t.id, t.journey_current, ?2, t.category, ci.item_code, ?3, t.clerk, ?4"
        " FROM ticket t LEFT JOIN category_item ci ON ci.category = t.category WHERE t.id = ?1");
    sqlite3_bind_int64 (stmt, 1, window.ticket);
    sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 3, window.number);
    sqlite3_bind_int64 (stmt, 4, hall_engine_now (self));
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    return s_changed (self, &window, "added", number, out);
}

static int
s_op_remove (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *number = hall_arg_str (req, "number");
    hall_window_t window;
    if (s_serving (self, req, &window, out))
        return -1;
    sqlite3_stmt *stmt = hall_engine_stmt (self, "DELETE FROM matter WHERE ticket = ?1 AND number = ?2"
                                                 " AND step IS (SELECT journey_current FROM ticket WHERE id = ?1)");
    sqlite3_bind_int64 (stmt, 1, window.ticket);
    sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    if (sqlite3_changes (hall_store_db (hall_engine_store (self))) == 0)
        return hall_outcome_fail (out, HALL_E_UNKNOWN_TICKET, "the visit at window %d carries no 办件编号 %.64s",
                                  window.number, number);
    return s_changed (self, &window, "removed", number, out);
}

const hall_handler_t hall_matter_handlers[] = {
    { HALL_OP_MATTER_ADD, s_op_add },
    { HALL_OP_MATTER_REMOVE, s_op_remove },
    { HALL_OP_NONE, NULL }
};
