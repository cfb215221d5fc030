/*  alerts.c — alerts kept by the server (alerts.h). */
#define G_LOG_DOMAIN "hall-alerts"
#include "alerts.h"
#include "events.h"
#include "rows.h"

#include <string.h>

#define ALERT_COLUMNS \
    "id, subject, kind, urgency, summary, body, source, day, raised_at, last_at, count, cleared_at"

static json_t *
s_alert_row (sqlite3_stmt *stmt)
{
    return json_pack ("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
        "id", hall_column_int (stmt, 0), "subject", hall_column_text (stmt, 1), "kind", hall_column_text (stmt, 2),
        "urgency", hall_column_text (stmt, 3), "summary", hall_column_text (stmt, 4), "body", hall_column_text (stmt, 5),
        "source", hall_column_text (stmt, 6), "day", hall_column_text (stmt, 7), "raised_at", hall_column_int (stmt, 8),
        "last_at", hall_column_int (stmt, 9), "count", hall_column_int (stmt, 10),
        "cleared_at", hall_column_int (stmt, 11));
}

static json_t *
s_alert_json (hall_engine_t *self, int64_t id)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " ALERT_COLUMNS " FROM alert WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    json_t *alert = sqlite3_step (stmt) == SQLITE_ROW ? s_alert_row (stmt) : NULL;
    sqlite3_reset (stmt);
    return alert;
}

/* The open alert of SUBJECT: its id, or 0. */
static int64_t
s_open (hall_engine_t *self, const char *subject)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT id FROM alert WHERE subject = ?1 AND cleared_at IS NULL");
    sqlite3_bind_text (stmt, 1, subject, -1, SQLITE_TRANSIENT);
    int64_t id = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return id;
}

/* Raises SUBJECT (or counts a reminder on its open row) and publishes
 * alert.raised: 0, or -1 on a storage error. */
static int
s_raise (hall_engine_t *self, const char *subject, const char *kind, const char *urgency,
         const char *summary, const char *body, const char *source)
{
    int64_t now = hall_engine_now (self);
    int64_t id = s_open (self, subject);
    sqlite3_stmt *stmt;
    if (id) {
        stmt = hall_engine_stmt (self, "UPDATE alert SET count = count + 1, last_at = ?2, urgency = ?3,"
                                 " summary = ?4, body = ?5 WHERE id = ?1");
        sqlite3_bind_int64 (stmt, 1, id);
        sqlite3_bind_int64 (stmt, 2, now);
    }
    else {
        stmt = hall_engine_stmt (self, "INSERT INTO alert (subject, kind, urgency, summary, body, source, day,"
                                 " raised_at, last_at) VALUES (?6, ?7, ?3, ?4, ?5, ?8, ?9, ?2, ?2)");
        sqlite3_bind_int64 (stmt, 2, now);
        sqlite3_bind_text (stmt, 6, subject, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 7, kind, -1, SQLITE_TRANSIENT);
        hall_bind_text (stmt, 8, source);
        sqlite3_bind_text (stmt, 9, hall_engine_day (self), -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_text (stmt, 3, urgency, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 4, summary, -1, SQLITE_TRANSIENT);
    hall_bind_text (stmt, 5, body);
    if (hall_stmt_done (stmt))
        return -1;
    if (!id)
        id = sqlite3_last_insert_rowid (hall_store_db (hall_engine_store (self)));
    json_t *alert = s_alert_json (self, id);
    return alert && hall_engine_event (self, "alert.raised", 0, 0, NULL, json_pack ("{s:o}", "alert", alert))
           ? 0 : -1;
}

/* Clears SUBJECT's open alert, if any, and publishes alert.cleared. */
static int
s_clear (hall_engine_t *self, const char *subject)
{
    int64_t id = s_open (self, subject);
    if (!id)
        return 0;
    sqlite3_stmt *stmt = hall_engine_stmt (self, "UPDATE alert SET cleared_at = ?2 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    if (hall_stmt_done (stmt))
        return -1;
    json_t *alert = s_alert_json (self, id);
    return alert && hall_engine_event (self, "alert.cleared", 0, 0, NULL, json_pack ("{s:o}", "alert", alert))
           ? 0 : -1;
}

int
hall_alert_raise (hall_engine_t *self, const char *subject, const char *kind, const char *urgency,
                  const char *summary, const char *body)
{
    return s_raise (self, subject, kind, urgency, summary, body, "server");
}

int
hall_alert_clear (hall_engine_t *self, const char *subject)
{
    return s_clear (self, subject);
}

bool
hall_alert_is_open (hall_engine_t *self, const char *subject)
{
    return s_open (self, subject) != 0;
}

/* The device a request came from: its key's id, else its client id. */
static const char *
s_device (const hall_request_t *req)
{
    return *req->device ? req->device : req->client;
}

/* Op `device.trouble`: args part (printer), state, detail. */
static int
s_op_trouble (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *part = hall_arg_str (req, "part");
    const char *state = hall_arg_str (req, "state");
    if (strcmp (part, "printer") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'part' is printer");
    static const struct { const char *state, *summary; } states[] = {
        { "ok", NULL }, { "paper_out", "缺纸" }, { "failed", "故障" }, { "unreachable", "无法连接" },
    };
    const char *what = NULL;
    bool known = false;
    for (size_t i = 0; i < G_N_ELEMENTS (states); i++)
        if (strcmp (state, states[i].state) == 0) {
            known = true;
            what = states[i].summary;
        }
    if (!known)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'state' is ok, paper_out, failed or unreachable");
    const char *device = s_device (req);
    g_autofree char *subject = g_strdup_printf ("printer:%s", device);
    int rc;
    if (what) {
        g_autofree char *summary = g_strdup_printf ("%s 的打印机%s", device, what);
        const char *detail = hall_arg_str (req, "detail");
        rc = s_raise (self, subject, "device", "critical", summary, detail, device);
    }
    else
        rc = s_clear (self, subject);
    if (rc)
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:s, s:b}", "subject", subject, "open", s_open (self, subject) != 0);
    return 0;
}

static bool
s_one_of (const char *value, const char *const *list)
{
    for (; *list; list++)
        if (strcmp (value, *list) == 0)
            return true;
    return false;
}

/* Op `alert.raise`: args subject, kind, urgency, summary, body. */
static int
s_op_raise (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    static const char *const kinds[] = { "wait", "crowd", "idle", "unserved", "rating", "case", "gov", "other", NULL };
    static const char *const urgencies[] = { "low", "normal", "critical", NULL };
    const char *subject = hall_arg_str (req, "subject"), *kind = hall_arg_str (req, "kind");
    const char *urgency = hall_arg_str (req, "urgency");
    if (!s_one_of (kind, kinds))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'kind' is wait, crowd, idle, unserved, rating, case, "
                                  "gov or other (device alerts come from the devices)");
    if (!s_one_of (urgency, urgencies))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'urgency' is low, normal or critical");
    if (g_str_has_prefix (subject, "printer:"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "a printer's alert comes from its device");
    if (s_raise (self, subject, kind, urgency, hall_arg_str (req, "summary"), hall_arg_str (req, "body"),
                 s_device (req)))
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:o}", "alert", s_alert_json (self, s_open (self, subject)));
    return 0;
}

/* Op `alert.clear`: args subject.  Clearing what is not open changes nothing. */
static int
s_op_clear (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *subject = hall_arg_str (req, "subject");
    bool was_open = s_open (self, subject) != 0;
    if (s_clear (self, subject))
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:s, s:b}", "subject", subject, "cleared", was_open);
    return 0;
}

static bool
s_day_ok (const char *day)
{
    int y, m, d, used = 0;
    return sscanf (day, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && (size_t) used == strlen (day)
           && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/* Op `alerts`: args from, to (days; default today): the alerts raised on
 * those days, and every one still open, newest first. */
static int
s_op_alerts (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *today = hall_engine_day (self);
    const char *from = hall_arg_str (req, "from"), *to = hall_arg_str (req, "to");
    if (!from)
        from = today;
    if (!to)
        to = from;
    if (!s_day_ok (from) || !s_day_ok (to) || strcmp (from, to) > 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'from' and 'to' are days, YYYY-MM-DD, in order");
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " ALERT_COLUMNS " FROM alert"
        " WHERE day BETWEEN ?1 AND ?2 OR cleared_at IS NULL ORDER BY last_at DESC, id DESC LIMIT 1000");
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
    json_t *alerts = json_array ();
    int open = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        open += sqlite3_column_type (stmt, 11) == SQLITE_NULL;
        json_array_append_new (alerts, s_alert_row (stmt));
    }
    sqlite3_reset (stmt);
    out->result = json_pack ("{s:s, s:s, s:o, s:i}", "from", from, "to", to, "alerts", alerts, "open", open);
    return 0;
}

const hall_handler_t hall_alert_handlers[] = {
    { HALL_OP_DEVICE_TROUBLE, s_op_trouble },
    { HALL_OP_ALERT_RAISE, s_op_raise },
    { HALL_OP_ALERT_CLEAR, s_op_clear },
    { HALL_OP_ALERTS, s_op_alerts },
    { HALL_OP_NONE, NULL }
};
