/*  gov.c — gov records: 好差评 owed to the provincial platform (gov.h). */
#define G_LOG_DOMAIN "hall-gov"
#include "gov.h"
#include "case.h"
#include "events.h"
#include "rows.h"

#include <string.h>

/* ---- owing ------------------------------------------------------------------------ */

static int
s_owe (hall_engine_t *self, const char *kind, int64_t rating, int64_t kase, const char *matter)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "INSERT OR IGNORE INTO gov_record (kind, rating, service_case, matter, next_try_at, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
    sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
    if (rating)
        sqlite3_bind_int64 (stmt, 2, rating);
    if (kase)
        sqlite3_bind_int64 (stmt, 3, kase);
    hall_bind_text (stmt, 4, matter);
    sqlite3_bind_int64 (stmt, 5, hall_engine_now (self));
    return hall_stmt_done (stmt);
}

int
hall_gov_rating_owed (hall_engine_t *self, int64_t rating)
{
    json_t *json = hall_rating_json (self, rating);
    if (!json)
        return -1;
    json_t *matters = json_object_get (json, "matters");
    int rc = 0;
    if (json_array_size (matters) == 0)
        rc = s_owe (self, "rating", rating, 0, NULL);
    size_t i;
    json_t *matter;
    json_array_foreach (matters, i, matter)
        rc |= s_owe (self, "rating", rating, 0, json_string_value (json_object_get (matter, "number")));
    json_decref (json);
    return rc ? -1 : 0;
}

int
hall_gov_case_owed (hall_engine_t *self, int64_t kase)
{
    return s_owe (self, "case", 0, kase, NULL);
}

/* ---- records ---------------------------------------------------------------------- */

#define RECORD_COLUMNS \
    "g.id, g.kind, g.rating, g.service_case, g.matter, g.state, g.tries, g.next_try_at, g.reason," \
    " g.created_at, g.delivered_at, g.platform_id"

/* The staff member ID as {id, name}, or null. */
static json_t *
s_staff (hall_engine_t *self, const char *id)
{
    if (!id)
        return json_null ();
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT name FROM staff WHERE id = ?1");
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
    json_t *name = sqlite3_step (stmt) == SQLITE_ROW ? hall_column_text (stmt, 0) : json_string ("");
    sqlite3_reset (stmt);
    return json_pack ("{s:s, s:o}", "id", id, "name", name);
}

/* The record of STMT's row, with its data in the hall's terms. */
static json_t *
s_record (hall_engine_t *self, sqlite3_stmt *stmt)
{
    int64_t id = sqlite3_column_int64 (stmt, 0);
    const char *kind = (const char *) sqlite3_column_text (stmt, 1);
    int64_t rating_id = sqlite3_column_int64 (stmt, 2), case_id = sqlite3_column_int64 (stmt, 3);
    g_autofree char *area = hall_store_meta_get (hall_engine_store (self), "hall.area_code");
    g_autofree char *hall_id = hall_store_meta_get (hall_engine_store (self), "gov.hall_id");
    g_autofree char *hall = hall_store_meta_get (hall_engine_store (self), "hall.name");
    json_t *record = json_pack ("{s:I, s:s%, s:s, s:s, s:i, s:o, s:o, s:I, s:o, s:o}",
        "id", (json_int_t) id, "key", "", (size_t) 0, "kind", kind,
        "state", (const char *) sqlite3_column_text (stmt, 5), "tries", sqlite3_column_int (stmt, 6),
        "next_try_at", hall_column_int (stmt, 7), "reason", hall_column_text (stmt, 8),
        "created_at", (json_int_t) sqlite3_column_int64 (stmt, 9), "delivered_at", hall_column_int (stmt, 10),
        "platform_id", hall_column_text (stmt, 11));
    json_object_set_new (record, "key", json_sprintf ("%s-%s-%" G_GINT64_FORMAT, area && *area ? area : "000000",
                                                      hall_id ? hall_id : "0", id));
    json_object_set_new (record, "area_code", json_string (area ? area : ""));
    json_object_set_new (record, "hall", json_string (hall ? hall : ""));
    json_object_set_new (record, "matter", hall_column_text (stmt, 4));
    json_t *kase = case_id ? hall_case_json (self, case_id, false) : NULL;
    json_t *rating = rating_id ? hall_rating_json (self, rating_id)
                   : json_is_object (json_object_get (kase, "rating")) ? json_incref (json_object_get (kase, "rating"))
                   : NULL;
    json_t *source = rating ? rating : kase;
    const char *fields[] = { "item_code", "department", "department_code", "category", "window" };
    for (size_t i = 0; i < G_N_ELEMENTS (fields); i++) {
        json_t *value = json_object_get (source, fields[i]);
        json_object_set (record, fields[i], value ? value : json_null ());
    }
    json_object_set_new (record, "clerk", s_staff (self, json_string_value (json_object_get (source, "clerk"))));
    json_object_set_new (record, "ticket", json_sprintf ("%s %s", json_string_value (json_object_get (source, "day")),
                                                         json_string_value (json_object_get (source, "number"))));
    if (rating_id)
        json_object_set_new (record, "rating", json_pack ("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}",
            "level", json_object_get (rating, "level"), "reasons", json_object_get (rating, "reasons"),
            "text", json_object_get (rating, "text"), "channel", json_object_get (rating, "channel"),
            "is_default", json_object_get (rating, "is_default"), "time", json_object_get (rating, "time"),
            "round", json_object_get (rating, "round")));
    if (kase)
        json_object_set_new (record, "case", json_pack ("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:b, s:O, s:O, s:O}",
            "id", json_object_get (kase, "id"), "opened_at", json_object_get (kase, "opened_at"),
            "contacted_at", json_object_get (kase, "contacted_at"),
            "rectified_at", json_object_get (kase, "rectified_at"),
            "revisited_at", json_object_get (kase, "revisited_at"), "verdict", json_object_get (kase, "verdict"),
            "closed_at", json_object_get (kase, "closed_at"),
            "appealed", !json_is_null (json_object_get (kase, "appealed_at")),
            "excluded_reason", json_object_get (rating, "excluded_reason") ?: json_null (),
            "verdict_source", json_object_get (kase, "verdict_source"),
            "anonymous", json_object_get (kase, "anonymous")));
    json_decref (rating);
    json_decref (kase);
    return record;
}

/* Gov record ID, or NULL. */
static json_t *
s_record_get (hall_engine_t *self, int64_t id)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " RECORD_COLUMNS " FROM gov_record g WHERE g.id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    /* s_record runs statements of its own: this one stays on its row. */
    json_t *record = sqlite3_step (stmt) == SQLITE_ROW ? s_record (self, stmt) : NULL;
    sqlite3_reset (stmt);
    return record;
}

/* The records of the ids STMT selects, read whole before any is built. */
static json_t *
s_records (hall_engine_t *self, sqlite3_stmt *stmt)
{
    GArray *ids = g_array_new (FALSE, FALSE, sizeof (int64_t));
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (ids, id);
    }
    sqlite3_reset (stmt);
    json_t *records = json_array ();
    for (guint i = 0; i < ids->len; i++) {
        json_t *record = s_record_get (self, g_array_index (ids, int64_t, i));
        if (record)
            json_array_append_new (records, record);
    }
    g_array_free (ids, TRUE);
    return records;
}

static int
s_count (hall_engine_t *self, const char *state)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT count(*) FROM gov_record WHERE state = ?1");
    sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
    int n = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return n;
}

/* ---- gov.pending, gov.result, gov.held ------------------------------------------------ */

static int
s_op_pending (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    json_t *jlimit = json_object_get (req->args, "limit");
    json_int_t limit = jlimit ? json_integer_value (jlimit) : 20;
    if (limit < 1 || limit > 100)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'limit' is 1-100");
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT id FROM gov_record"
        " WHERE state = 'pending' AND next_try_at <= ?1 ORDER BY id LIMIT ?2");
    sqlite3_bind_int64 (stmt, 1, hall_engine_now (self));
    sqlite3_bind_int64 (stmt, 2, limit);
    json_t *records = s_records (self, stmt);
    out->result = json_pack ("{s:I, s:o, s:i, s:i}", "time", (json_int_t) hall_engine_now (self),
                             "records", records, "pending", s_count (self, "pending"), "held", s_count (self, "held"));
    return 0;
}

static int
s_op_result (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    int64_t id = json_integer_value (json_object_get (req->args, "id"));
    const char *outcome = hall_arg_str (req, "outcome");
    const char *reason = hall_arg_str (req, "reason");
    const char *platform_id = hall_arg_str (req, "platform_id");
    bool accepted = g_strcmp0 (outcome, "accepted") == 0, retry = g_strcmp0 (outcome, "retry") == 0;
    bool refused = g_strcmp0 (outcome, "refused") == 0;
    if (!accepted && !retry && !refused)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'outcome' is accepted, retry or refused");
    if (refused && !reason)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "a refusal needs the platform's 'reason'");
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT state, tries FROM gov_record WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "no gov record %" G_GINT64_FORMAT, id);
    }
    char state[16];
    g_strlcpy (state, (const char *) sqlite3_column_text (stmt, 0), sizeof state);
    int tries = sqlite3_column_int (stmt, 1);
    sqlite3_reset (stmt);
    if (strcmp (state, "delivered") == 0 && accepted) {
        /* A reply lost on the way: the same answer, nothing changed. */
        out->result = json_pack ("{s:o}", "record", s_record_get (self, id));
        return 0;
    }
    if (strcmp (state, "pending") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "gov record %" G_GINT64_FORMAT " is %s", id, state);
    int64_t now = hall_engine_now (self);
    /* Back-off: 1, 2, 4 ... minutes, at most an hour. */
    int64_t wait = MIN ((int64_t) 60 << MIN (tries, 6), (int64_t) 3600);
    stmt = hall_engine_stmt (self,
        "UPDATE gov_record SET state = ?2, tries = tries + 1, reason = ?3, platform_id = coalesce (?4, platform_id),"
        " delivered_at = CASE WHEN ?2 = 'delivered' THEN ?5 ELSE delivered_at END,"
        " next_try_at = CASE WHEN ?2 = 'pending' THEN ?5 + ?6 ELSE next_try_at END WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_text (stmt, 2, accepted ? "delivered" : retry ? "pending" : "held", -1, SQLITE_STATIC);
    hall_bind_text (stmt, 3, accepted ? NULL : reason);
    hall_bind_text (stmt, 4, platform_id);
    sqlite3_bind_int64 (stmt, 5, now);
    sqlite3_bind_int64 (stmt, 6, wait);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    json_t *record = s_record_get (self, id);
    if (refused) {
        g_message ("the platform refused gov record %" G_GINT64_FORMAT ": held for a person", id);
        if (!hall_engine_event (self, "gov.held", 0, 0, NULL, json_pack ("{s:O}", "record", record))) {
            json_decref (record);
            return hall_engine_storage_fail (self, out);
        }
    }
    out->result = json_pack ("{s:o}", "record", record);
    return 0;
}

static int
s_op_held (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT id FROM gov_record WHERE state = 'held' ORDER BY id");
    out->result = json_pack ("{s:o}", "records", s_records (self, stmt));
    return 0;
}

const hall_handler_t hall_gov_handlers[] = {
    { HALL_OP_GOV_PENDING, s_op_pending },
    { HALL_OP_GOV_RESULT, s_op_result },
    { HALL_OP_GOV_HELD, s_op_held },
    { HALL_OP_NONE, NULL }
};
