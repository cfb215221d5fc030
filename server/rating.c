/*  rating.c — 好差评 ratings (rating.h). */
#define G_LOG_DOMAIN "hall-rating"
#include "rating.h"
#include "phone.h"
#include "case.h"
#include "events.h"
#include "rows.h"
#include "gov.h"
#include "rating_reasons.h"   /* generated from data/rating-reasons.json: s_rating_reasons */

#include <stdlib.h>
#include <string.h>

/* ---- the reason list ----------------------------------------------------- */

static json_t *s_reasons;        /* parsed once, kept for the process */

json_t *
hall_rating_reasons (void)
{
    if (!s_reasons) {
        json_error_t error;
        s_reasons = json_loads (s_rating_reasons, 0, &error);
        /* Built into the program from data/: a broken file is a build bug. */
        if (!json_is_object (s_reasons))
            g_error ("data/rating-reasons.json: %s (line %d)", error.text, error.line);
    }
    return s_reasons;
}

const char *
hall_rating_reasons_version (void)
{
    const char *version = json_string_value (json_object_get (hall_rating_reasons (), "version"));
    return version ? version : "?";
}

bool
hall_rating_reason_known (const char *code)
{
    size_t i, j;
    json_t *dimension, *reason;
    json_array_foreach (json_object_get (hall_rating_reasons (), "dimensions"), i, dimension)
        json_array_foreach (json_object_get (dimension, "reasons"), j, reason)
            if (code && g_strcmp0 (json_string_value (json_object_get (reason, "code")), code) == 0)
                return true;
    return false;
}

/* ---- ratings ------------------------------------------------------------- */

/* What to rate: a ticket (the visit; for a journey ticket, its last step)
 * or, where the hall rates steps, one step of a journey ticket. */
typedef struct {
    int64_t id;                   /* the ticket */
    char    number[16];
    char    state[16];            /* the ticket's, or the step's for a step */
    int     window;               /* where it was served; 0 when never called */
    int64_t finished_at;
    int64_t rating;               /* its rating's id, 0 when none */
    char    category[64];         /* stored with the rating */
    char    clerk[32];
    int     step;                 /* journey_step.position; -1: not a journey ticket */
    bool    is_step;              /* a step named by 'step', not the visit */
} target_t;

static int
s_target_load (sqlite3_stmt *stmt, target_t *target)
{
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return -1;
    }
    memset (target, 0, sizeof *target);
    target->id = sqlite3_column_int64 (stmt, 0);
    g_snprintf (target->number, sizeof target->number, "%s", sqlite3_column_text (stmt, 1));
    g_snprintf (target->state, sizeof target->state, "%s", sqlite3_column_text (stmt, 2));
    target->window = sqlite3_column_int (stmt, 3);
    target->finished_at = sqlite3_column_int64 (stmt, 4);
    target->rating = sqlite3_column_int64 (stmt, 5);
    g_snprintf (target->category, sizeof target->category, "%s", sqlite3_column_text (stmt, 6));
    if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
        g_snprintf (target->clerk, sizeof target->clerk, "%s", sqlite3_column_text (stmt, 7));
    target->step = sqlite3_column_int (stmt, 8);
    target->is_step = sqlite3_column_int (stmt, 9);
    sqlite3_reset (stmt);
    return 0;
}

/* The visit: the ticket, with the rating of its last (current) step. */
#define TARGET_COLUMNS \
    "t.id, t.number, t.state, t.window, t.finished_at, coalesce (r.id, 0), t.category, t.clerk," \
    " coalesce (t.journey_current, -1), 0" \
    " FROM ticket t LEFT JOIN rating r ON r.ticket = t.id AND r.step IS t.journey_current AND r.round = 1"

/* One step of a journey ticket; a step done reads as 'finished'. */
#define STEP_COLUMNS \
    "t.id, t.number, CASE js.state WHEN 'done' THEN 'finished' ELSE js.state END, js.window," \
    " js.finished_at, coalesce (r.id, 0), js.category, js.clerk, js.position, 1" \
    " FROM journey_step js JOIN ticket t ON t.id = js.ticket" \
    " LEFT JOIN rating r ON r.ticket = t.id AND r.step = js.position AND r.round = 1"

static bool
s_rates_steps (hall_engine_t *self)
{
    return hall_store_meta_int (hall_engine_store (self), "hall.journey_rate_steps", 0) != 0;
}

/* Finds what the request rates: the named ticket (or its step), or what
 * the window finished last today.  A pad rates only its window's. */
static int
s_target (hall_engine_t *self, const hall_request_t *req, target_t *target, hall_outcome_t *out)
{
    const char *number = json_string_value (json_object_get (req->args, "ticket"));
    const char *day = json_string_value (json_object_get (req->args, "day"));
    const char *token = json_string_value (json_object_get (req->args, "token"));
    json_t *jwindow = json_object_get (req->args, "window");
    json_t *jstep = json_object_get (req->args, "step");
    int window = jwindow ? (int) json_integer_value (jwindow) : req->window;
    if (jstep && (!json_is_integer (jstep) || json_integer_value (jstep) < 0 || !number))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'step' is a step's index, with 'ticket'");
    /* The phone page rates the ticket of its link, and nothing else. */
    if (req->role == HALL_ROLE_WEB && (!token || number || day || jwindow))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "the phone page rates by the link's 'token' only");
    if (token) {
        int64_t id = hall_phone_ticket (self, token, out);
        if (!id)
            return -1;
        sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " TARGET_COLUMNS " WHERE t.id = ?1");
        sqlite3_bind_int64 (stmt, 1, id);
        if (s_target_load (stmt, target))
            return hall_outcome_fail (out, HALL_E_UNKNOWN_TICKET, "no ticket has this link");
        return 0;
    }
    if (number) {
        sqlite3_stmt *stmt = jstep
            ? hall_engine_stmt (self, "SELECT " STEP_COLUMNS
                                " WHERE t.day = ?1 AND t.number = upper (?2) AND js.position = ?3")
            : hall_engine_stmt (self, "SELECT " TARGET_COLUMNS " WHERE t.day = ?1 AND t.number = upper (?2)");
        sqlite3_bind_text (stmt, 1, day ? day : hall_engine_day (self), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
        if (jstep)
            sqlite3_bind_int64 (stmt, 3, json_integer_value (jstep));
        if (s_target_load (stmt, target))
            return hall_outcome_fail (out, HALL_E_UNKNOWN_TICKET, "no ticket %.32s on %.16s%s", number,
                                      day ? day : hall_engine_day (self), jstep ? " with that step" : "");
        if (req->role == HALL_ROLE_RATING_PAD && target->window != req->window)
            return hall_outcome_fail (out, HALL_E_FORBIDDEN, "window %d's rating pad may not rate "
                                      "ticket %s, served elsewhere", req->window, target->number);
        return 0;
    }
    if (day)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'day' goes with 'ticket'");
    if (!window)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "give the 'window' or the 'ticket' to rate");
    /* The window's last finished ticket (or, where the hall rates steps,
     * journey step): if its visitor rated already, the pad must not fall
     * back on an earlier visitor's.  "Today" is when it was finished: a
     * visitor served across midnight (issued the day before, finished
     * after the day change) is the pad's too. */
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT * FROM ("
        " SELECT " TARGET_COLUMNS " WHERE t.window = ?1 AND t.day = ?2 AND t.state = 'finished'"
        " UNION ALL"
        " SELECT " TARGET_COLUMNS " WHERE t.window = ?1 AND t.day = date (?2, '-1 day')"
        "  AND t.state = 'finished' AND t.finished_at >= ?3"
        " UNION ALL"
        " SELECT " STEP_COLUMNS " WHERE ?4 AND js.window = ?1 AND js.state = 'done' AND js.finished_at >= ?3"
        "  AND t.day >= date (?2, '-1 day'))"
        " ORDER BY 5 DESC, 1 DESC, 10 LIMIT 1");
    sqlite3_bind_int (stmt, 1, window);
    sqlite3_bind_text (stmt, 2, hall_engine_day (self), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, hall_engine_day_start (self));
    sqlite3_bind_int (stmt, 4, s_rates_steps (self));
    if (s_target_load (stmt, target))
        return hall_outcome_fail (out, HALL_E_UNKNOWN_TICKET, "window %d has finished no ticket today",
                                  window);
    return 0;
}

static int64_t
s_default_days (hall_engine_t *self)
{
    int64_t days = hall_store_meta_int (hall_engine_store (self), "hall.rating_default_days", 7);
    return days > 0 ? days : 7;
}

/* The second rating, by a case's link: the ticket's rating of round 2,
 * about what its first one was about (the same step, window, clerk). */
static int
s_rate_second (hall_engine_t *self, const hall_request_t *req, int level, json_t *reasons,
               hall_outcome_t *out)
{
    if (req->role != HALL_ROLE_WEB && req->role != HALL_ROLE_ADMIN)
        return hall_outcome_fail (out, HALL_E_FORBIDDEN, "a second rating comes by the case's link");
    if (json_object_get (req->args, "ticket") || json_object_get (req->args, "token")
        || json_object_get (req->args, "window") || json_object_get (req->args, "step")
        || json_object_get (req->args, "contact_phone"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "a second rating names the case's link only");
    int64_t first = hall_case_second_rating_of (self, json_string_value (json_object_get (req->args, "case_token")),
                                                out);
    if (!first)
        return -1;
    char *reasons_text = reasons ? json_dumps (reasons, JSON_COMPACT) : strdup ("[]");
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "INSERT INTO rating (ticket, category, window, clerk, level, reasons, text, reasons_version,"
        " is_default, channel, client, time, step, round)"
        " SELECT ticket, category, window, clerk, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, step, 2"
        " FROM rating WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, first);
    sqlite3_bind_int (stmt, 2, level);
    sqlite3_bind_text (stmt, 3, reasons_text, -1, SQLITE_TRANSIENT);
    hall_bind_text (stmt, 4, json_string_value (json_object_get (req->args, "text")));
    sqlite3_bind_text (stmt, 5, hall_rating_reasons_version (), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 6, req->role == HALL_ROLE_WEB ? "phone" : "admin", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 7, req->client, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 8, hall_engine_now (self));
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    free (reasons_text);
    if (rc == SQLITE_CONSTRAINT)
        return hall_outcome_fail (out, HALL_E_ALREADY_RATED, "this case has its second rating");
    if (rc != SQLITE_DONE)
        return hall_engine_storage_fail (self, out);
    int64_t id = sqlite3_last_insert_rowid (hall_store_db (hall_engine_store (self)));
    if (hall_gov_rating_owed (self, id))
        return hall_engine_storage_fail (self, out);
    json_t *rating = hall_rating_json (self, id);
    if (!rating || !hall_engine_event (self, "rating.given", json_integer_value (json_object_get (rating, "ticket")),
                                       0, NULL, json_pack ("{s:O}", "rating", rating))) {
        json_decref (rating);
        return hall_engine_storage_fail (self, out);
    }
    out->result = json_pack ("{s:o, s:n}", "rating", rating, "case");
    return 0;
}

/* Op `rate`: args window | ticket [+ day], level, reasons, text. */
static int
hall_rating_op_rate (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    json_int_t level = json_integer_value (json_object_get (req->args, "level"));
    if (level < 1 || level > 5)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'level' is 1 (非常不满意) to 5 (非常满意)");
    json_t *reasons = json_object_get (req->args, "reasons");
    size_t i;
    json_t *reason;
    json_array_foreach (reasons, i, reason) {
        const char *code = json_string_value (reason);
        if (!hall_rating_reason_known (code))
            return hall_outcome_fail (out, HALL_E_UNKNOWN_REASON, "no reason '%.64s' in list %s",
                                      code, hall_rating_reasons_version ());
        for (size_t j = 0; j < i; j++)
            if (strcmp (json_string_value (json_array_get (reasons, j)), code) == 0)
                return hall_outcome_fail (out, HALL_E_BAD_FIELD, "reason '%.64s' is given twice", code);
    }
    if (level <= 2 && json_array_size (reasons) == 0)
        return hall_outcome_fail (out, HALL_E_REASON_REQUIRED,
                                  "%s needs at least one reason", hall_rating_level_name ((int) level));
    /* The visitor's number for the follow-up: a 差评's, with consent. */
    const char *phone = json_string_value (json_object_get (req->args, "contact_phone"));
    if (phone && (level > 2 || !json_is_true (json_object_get (req->args, "consent"))))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'contact_phone' goes with a 差评 and 'consent': true");
    if (phone && !hall_case_phone_ok (phone, false))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'contact_phone' is a mainland mobile number "
                                  "(11 digits from 1)");
    if (!phone && json_object_get (req->args, "consent"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'consent' goes with 'contact_phone'");
    if (json_object_get (req->args, "case_token"))
        return s_rate_second (self, req, (int) level, reasons, out);
    target_t target;
    if (s_target (self, req, &target, out))
        return -1;
    if (target.rating && target.is_step)
        return hall_outcome_fail (out, HALL_E_ALREADY_RATED, "step %d of ticket %s is already rated",
                                  target.step, target.number);
    if (target.rating)
        return hall_outcome_fail (out, HALL_E_ALREADY_RATED, "ticket %s is already rated", target.number);
    if (strcmp (target.state, "finished") != 0 && target.is_step)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "step %d of ticket %s is %s; only a step done "
                                  "can be rated", target.step, target.number, target.state);
    if (strcmp (target.state, "finished") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "ticket %s is %s; only a finished ticket "
                                  "can be rated", target.number, target.state);
    /* A step of its own only where the hall rates steps; the last step
     * (the ticket's current one, finished) is the visit's rating. */
    if (target.is_step && !s_rates_steps (self)) {
        target_t visit;
        sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " TARGET_COLUMNS " WHERE t.id = ?1");
        sqlite3_bind_int64 (stmt, 1, target.id);
        if (s_target_load (stmt, &visit) || strcmp (visit.state, "finished") != 0 || visit.step != target.step)
            return hall_outcome_fail (out, HALL_E_BAD_STATE, "this hall rates a journey after its last step "
                                      "only (journey_rate_steps)");
    }
    int64_t now = hall_engine_now (self);
    if (now >= target.finished_at + s_default_days (self) * 86400)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "the rating time of ticket %s is over",
                                  target.number);

    char *reasons_text = reasons ? json_dumps (reasons, JSON_COMPACT) : strdup ("[]");
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "INSERT INTO rating (ticket, category, window, clerk, level, reasons, text, reasons_version,"
        " is_default, channel, client, time, step)"
        " VALUES (?1, ?9, ?10, ?11, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?12)");
    sqlite3_bind_int64 (stmt, 1, target.id);
    sqlite3_bind_text (stmt, 9, target.category, -1, SQLITE_TRANSIENT);
    if (target.window)
        sqlite3_bind_int (stmt, 10, target.window);
    if (*target.clerk)
        sqlite3_bind_text (stmt, 11, target.clerk, -1, SQLITE_TRANSIENT);
    if (target.step >= 0)
        sqlite3_bind_int (stmt, 12, target.step);
    sqlite3_bind_int (stmt, 2, (int) level);
    sqlite3_bind_text (stmt, 3, reasons_text, -1, SQLITE_TRANSIENT);
    const char *text = json_string_value (json_object_get (req->args, "text"));
    if (text)
        sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 5, hall_rating_reasons_version (), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 6, req->role == HALL_ROLE_RATING_PAD ? "pad"
                                : req->role == HALL_ROLE_WEB ? "phone" : "admin", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 7, req->client, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 8, now);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    free (reasons_text);
    if (rc != SQLITE_DONE)
        return hall_engine_storage_fail (self, out);
    int64_t id = sqlite3_last_insert_rowid (hall_store_db (hall_engine_store (self)));
    if (hall_gov_rating_owed (self, id))
        return hall_engine_storage_fail (self, out);
    json_t *rating = hall_rating_json (self, id);
    if (!rating || !hall_engine_event (self, "rating.given", target.id, target.window, NULL,
                                       json_pack ("{s:O}", "rating", rating))) {
        json_decref (rating);
        return hall_engine_storage_fail (self, out);
    }
    out->result = json_pack ("{s:o, s:n}", "rating", rating, "case");
    if (level <= 2) {
        /* The reply carries the case exactly as case.opened does. */
        json_t *kase = hall_case_open (self, "rating", target.id, id, phone);
        if (!kase)
            return hall_engine_storage_fail (self, out);
        json_object_set (out->result, "case", kase);
    }
    return 0;
}

static int
hall_rating_op_reasons (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    out->result = json_deep_copy (hall_rating_reasons ());
    return 0;
}

const hall_handler_t hall_rating_handlers[] = {
    { HALL_OP_RATE, hall_rating_op_rate },
    { HALL_OP_RATING_REASONS, hall_rating_op_reasons },
    { HALL_OP_NONE, NULL }
};

int
hall_rating_sweep (hall_engine_t *self)
{
    hall_store_t *store = hall_engine_store (self);
    int64_t now = hall_engine_now (self);
    int64_t cutoff = now - s_default_days (self) * 86400;
    /* Everything finished before the watermark has been looked at: each
     * sweep reads only the tickets whose rating time ended since. */
    int64_t watermark = hall_store_meta_int (store, "rating.default_through", 0);
    if (cutoff <= watermark)
        return 0;
    GArray *ids = g_array_new (FALSE, FALSE, sizeof (int64_t));
    json_t *numbers = json_array ();
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT t.id, t.day || ' ' || t.number FROM ticket t WHERE t.state = 'finished'"
        " AND t.finished_at >= ?1 AND t.finished_at < ?2"
        " AND NOT EXISTS (SELECT 1 FROM rating r WHERE r.ticket = t.id AND r.step IS t.journey_current)"
        " ORDER BY t.finished_at, t.id");
    sqlite3_bind_int64 (stmt, 1, watermark);
    sqlite3_bind_int64 (stmt, 2, cutoff);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (ids, id);
        json_array_append_new (numbers, json_string ((const char *) sqlite3_column_text (stmt, 1)));
    }
    sqlite3_reset (stmt);
    int rc = 0;
    for (guint i = 0; i < ids->len && rc == 0; i++) {
        stmt = hall_engine_stmt (self,
            "INSERT INTO rating (ticket, category, window, clerk, level, reasons, reasons_version,"
            " is_default, channel, time, step)"
            " SELECT id, category, window, clerk, 3, '[]', ?2, 1, 'default', ?3, journey_current"
            " FROM ticket WHERE id = ?1");
        sqlite3_bind_int64 (stmt, 1, g_array_index (ids, int64_t, i));
        sqlite3_bind_text (stmt, 2, hall_rating_reasons_version (), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 3, now);
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset (stmt);
        if (rc == 0)
            rc = hall_gov_rating_owed (self, sqlite3_last_insert_rowid (hall_store_db (store)));
    }
    char text[32];
    g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, cutoff);
    if (rc == 0)
        rc = hall_store_meta_set (store, "rating.default_through", text);
    if (rc == 0 && ids->len > 0) {
        g_message ("default 基本满意 for %u tickets not rated in time", ids->len);
        if (!hall_engine_event (self, "rating.defaulted", 0, 0, NULL,
                                json_pack ("{s:i, s:O}", "count", (int) ids->len, "tickets", numbers)))
            rc = -1;
    }
    json_decref (numbers);
    g_array_free (ids, TRUE);
    return rc;
}
