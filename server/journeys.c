/*  journeys.c — "一件事" journeys (journeys.h). */
#define G_LOG_DOMAIN "hall-engine"
#include "journeys.h"
#include "journey.h"
#include "issue.h"
#include "events.h"
#include "rows.h"
#include "cache.h"

#include <string.h>

/* ---- configuration ---------------------------------------------------------- */

bool
hall_journeys_config_check (GKeyFile *keys, GHashTable *codes, const char *source, GError **error)
{
    g_autofree char *position = g_key_file_get_string (keys, "hall", "journey_position", NULL);
    if (position && strcmp (g_strstrip (position), "issue") && strcmp (position, "wait")) {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                     "%s: [hall] journey_position is issue or wait", source);
        return false;
    }
    if (g_key_file_has_key (keys, "hall", "journey_wait", NULL)) {
        GError *e = NULL;
        int wait = g_key_file_get_integer (keys, "hall", "journey_wait", &e);
        if (e || wait < 0 || wait > 480) {
            g_clear_error (&e);
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                         "%s: [hall] journey_wait is 0-480 minutes", source);
            return false;
        }
    }
    if (g_key_file_has_key (keys, "hall", "journey_rate_steps", NULL)) {
        GError *e = NULL;
        g_key_file_get_boolean (keys, "hall", "journey_rate_steps", &e);
        if (e) {
            g_clear_error (&e);
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                         "%s: [hall] journey_rate_steps is true or false", source);
            return false;
        }
    }
    gsize ngroups;
    g_auto (GStrv) groups = g_key_file_get_groups (keys, &ngroups);
    for (gsize g = 0; g < ngroups; g++) {
        if (!g_str_has_prefix (groups[g], "journey "))
            continue;
        const char *code = groups[g] + strlen ("journey ");
        g_autofree char *name = g_key_file_get_string (keys, groups[g], "name", NULL);
        g_autofree char *spec = g_key_file_get_string (keys, groups[g], "steps", NULL);
        hall_journey_step_t steps[HALL_JOURNEY_MAX_STEPS];
        const char *problem = NULL;
        int n = spec ? hall_journey_parse (spec, steps, &problem) : -1;
        if (!*code || !name || !*g_strstrip (name)) {
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                         "%s: [%s] needs a code and name=", source, groups[g]);
            return false;
        }
        if (n < 0) {
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "%s: [%s] steps: %s", source,
                         groups[g], problem ? problem : "missing");
            return false;
        }
        for (int i = 0; i < n; i++)
            if (!g_hash_table_contains (codes, steps[i].category)) {
                g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                             "%s: [%s] steps: no category '%s'", source, groups[g], steps[i].category);
                return false;
            }
    }
    return true;
}

int
hall_journeys_config_apply (GKeyFile *keys, hall_store_t *store)
{
    g_autofree char *position = g_key_file_get_string (keys, "hall", "journey_position", NULL);
    int rc = hall_store_meta_set (store, "hall.journey_position", position ? g_strstrip (position) : "issue");
    char wait[16];
    g_snprintf (wait, sizeof wait, "%d", g_key_file_has_key (keys, "hall", "journey_wait", NULL)
                                         ? g_key_file_get_integer (keys, "hall", "journey_wait", NULL) : 10);
    rc |= hall_store_meta_set (store, "hall.journey_wait", wait);
    rc |= hall_store_meta_set (store, "hall.journey_rate_steps",
                               g_key_file_get_boolean (keys, "hall", "journey_rate_steps", NULL) ? "1" : "0");
    rc |= hall_stmt_done (hall_store_stmt (store, "DELETE FROM journey"));
    gsize ngroups;
    g_auto (GStrv) groups = g_key_file_get_groups (keys, &ngroups);
    for (gsize g = 0; g < ngroups; g++) {
        if (!g_str_has_prefix (groups[g], "journey "))
            continue;
        g_autofree char *name = g_key_file_get_string (keys, groups[g], "name", NULL);
        g_autofree char *name_en = g_key_file_get_string (keys, groups[g], "name_en", NULL);
        g_autofree char *spec = g_key_file_get_string (keys, groups[g], "steps", NULL);
        sqlite3_stmt *stmt = hall_store_stmt (store,
            "INSERT INTO journey (code, name, name_en, steps, position) VALUES (?1, ?2, ?3, ?4, ?5)");
        sqlite3_bind_text (stmt, 1, groups[g] + strlen ("journey "), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, g_strstrip (name), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 3, name_en ? g_strstrip (name_en) : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 4, g_strstrip (spec), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int (stmt, 5, g_key_file_get_integer (keys, groups[g], "position", NULL));
        rc |= hall_stmt_done (stmt);
    }
    return rc;
}

/* ---- the theme and its steps -------------------------------------------------- */

/* The steps of journey CODE into STEPS: their number, or -1 when there is
 * no such journey. */
static int
s_theme (hall_engine_t *self, const char *code, hall_journey_step_t *steps)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT steps FROM journey WHERE code = ?1");
    sqlite3_bind_text (stmt, 1, code ? code : "", -1, SQLITE_TRANSIENT);
    int n = -1;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        const char *problem;
        n = hall_journey_parse ((const char *) sqlite3_column_text (stmt, 0), steps, &problem);
    }
    sqlite3_reset (stmt);
    return n;
}

/* People waiting now in CATEGORY's queue (not sent to one window): the
 * policy's choice among a stage's steps. */
static int
s_waiting (const char *category, void *user)
{
    hall_engine_t *self = user;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT count(*) FROM ticket WHERE state = 'waiting' AND category = ?1 AND target_window IS NULL");
    sqlite3_bind_text (stmt, 1, category, -1, SQLITE_TRANSIENT);
    int n = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return n;
}

/* A journey object for the policy from parsed STEPS, all pending but
 * CURRENT (-1: none). */
static json_t *
s_plan (const hall_journey_step_t *steps, int n, int current)
{
    json_t *list = json_array ();
    for (int i = 0; i < n; i++)
        json_array_append_new (list, json_pack ("{s:s, s:i, s:b, s:s}", "category", steps[i].category,
                                                "stage", steps[i].stage, "optional", steps[i].optional,
                                                "state", i == current ? "current" : "pending"));
    return json_pack ("{s:o}", "steps", list);
}

typedef struct {
    const char                *code;
    const hall_journey_step_t *steps;
    int                        n, current;
} plan_t;

/* The ticket's step rows, written before its first event. */
static int
s_steps_insert (hall_engine_t *self, int64_t ticket, void *user)
{
    const plan_t *plan = user;
    int64_t now = hall_engine_now (self);
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "UPDATE ticket SET journey = ?2, journey_current = ?3 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, ticket);
    sqlite3_bind_text (stmt, 2, plan->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 3, plan->current);
    if (hall_stmt_done (stmt))
        return -1;
    for (int i = 0; i < plan->n; i++) {
        stmt = hall_engine_stmt (self,
            "INSERT INTO journey_step (ticket, position, category, stage, optional, state, joined_at)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        sqlite3_bind_int64 (stmt, 1, ticket);
        sqlite3_bind_int (stmt, 2, i);
        sqlite3_bind_text (stmt, 3, plan->steps[i].category, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int (stmt, 4, plan->steps[i].stage);
        sqlite3_bind_int (stmt, 5, plan->steps[i].optional);
        sqlite3_bind_text (stmt, 6, i == plan->current ? "current" : "pending", -1, SQLITE_STATIC);
        if (i == plan->current)
            sqlite3_bind_int64 (stmt, 7, now);
        else
            sqlite3_bind_null (stmt, 7);
        if (hall_stmt_done (stmt))
            return -1;
    }
    return 0;
}

/* ---- journey.issue ---------------------------------------------------------------- */

static int
s_op_issue (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *code = hall_arg_str (req, "journey");
    hall_journey_step_t steps[HALL_JOURNEY_MAX_STEPS];
    int n = s_theme (self, code, steps);
    if (n < 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "no journey '%.32s'", code);
    json_t *plan = s_plan (steps, n, -1);
    int first = hall_journey_next (plan, s_waiting, self);
    json_decref (plan);
    hall_category_cache_t *category = hall_issue_check (self, steps[first].category, hall_arg_str (req, "person"), out);
    if (!category)
        return -1;
    plan_t then = { code, steps, n, first };
    hall_issue_t what = { .person = hall_arg_str (req, "person"), .then = s_steps_insert, .user = &then };
    return hall_issue_ticket (self, category, &what, out);
}

/* ---- moving on -------------------------------------------------------------------- */

/* The window's current journey ticket: its id, its journey object (new
 * reference) into *JOURNEY; -1 with OUT failed when the window has none
 * or it is no journey's. */
static int
s_current (hall_engine_t *self, const hall_request_t *req, hall_window_t *window, json_t **journey,
           hall_outcome_t *out)
{
    if (hall_window_get (self, hall_arg_int (req, "window"), window, out))
        return -1;
    if (!window->ticket)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "window %d has no ticket called", window->number);
    json_t *ticket = hall_ticket_json (self, window->ticket);
    json_t *found = ticket ? json_object_get (ticket, "journey") : NULL;
    if (!json_is_object (found)) {
        json_decref (ticket);
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "the ticket at window %d is on no journey", window->number);
    }
    *journey = json_incref (found);
    json_decref (ticket);
    return 0;
}

/* Step POSITION of TICKET becomes STATE, with the window's record when it
 * is done or skipped there. */
static int
s_step_set (hall_engine_t *self, int64_t ticket, int position, const char *state, int window)
{
    bool settled = strcmp (state, "done") == 0 || strcmp (state, "skipped") == 0 || strcmp (state, "dropped") == 0;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "UPDATE journey_step SET state = ?3,"
        " window = CASE WHEN ?3 = 'done' THEN ?4 ELSE window END,"
        " clerk = CASE WHEN ?3 = 'done' THEN (SELECT clerk FROM ticket WHERE id = ?1) ELSE clerk END,"
        " helper = CASE WHEN ?3 = 'done' THEN (SELECT helper FROM ticket WHERE id = ?1) ELSE helper END,"
        " finished_at = CASE WHEN ?5 THEN ?6 ELSE NULL END,"
        " joined_at = CASE WHEN ?3 = 'current' THEN ?6 ELSE joined_at END,"
        " called_at = CASE WHEN ?3 IN ('current', 'pending') THEN NULL ELSE called_at END,"
        " started_at = CASE WHEN ?3 IN ('current', 'pending') THEN NULL ELSE started_at END"
        " WHERE ticket = ?1 AND position = ?2");
    sqlite3_bind_int64 (stmt, 1, ticket);
    sqlite3_bind_int (stmt, 2, position);
    sqlite3_bind_text (stmt, 3, state, -1, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 4, window);
    sqlite3_bind_int (stmt, 5, settled);
    sqlite3_bind_int64 (stmt, 6, hall_engine_now (self));
    return hall_stmt_done (stmt);
}

/* The queue key of a ticket joining its next step now (journey_position). */
static double
s_next_key (hall_engine_t *self, int64_t ticket)
{
    int64_t now = hall_engine_now (self);
    g_autofree char *position = hall_store_meta_get (hall_engine_store (self), "hall.journey_position");
    if (position && strcmp (position, "wait") == 0)
        return (double) (now - 60 * hall_store_meta_int (hall_engine_store (self), "hall.journey_wait", 10));
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT issued_at FROM ticket WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, ticket);
    double key = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_double (stmt, 0) : (double) now;
    sqlite3_reset (stmt);
    return key;
}

/* The ticket at WINDOW leaves it and waits for step NEXT of JOURNEY
 * (event ticket.stepped, ACTION); DONE is the step it has just done there
 * (-1: none), which the window's rating pad may rate when the hall rates
 * steps (hall.journey_rate_steps). */
static int
s_join_step (hall_engine_t *self, const hall_window_t *window, json_t *journey, int next, const char *action,
             const char *from, int done, hall_outcome_t *out)
{
    json_t *step = json_array_get (json_object_get (journey, "steps"), (size_t) next);
    const char *category = json_string_value (json_object_get (step, "category"));
    int64_t now = hall_engine_now (self);
    if (s_step_set (self, window->ticket, next, "current", 0))
        return hall_engine_storage_fail (self, out);
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "UPDATE ticket SET state = 'waiting', category = ?2, journey_current = ?3, target_window = NULL,"
        " queued_at = ?4, queue_key = ?5, queue_seq = ?6, started_at = NULL, calls = 0,"
        " appointment_at = NULL, appointment_slot = NULL WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, window->ticket);
    sqlite3_bind_text (stmt, 2, category, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 3, next);
    sqlite3_bind_int64 (stmt, 4, now);
    sqlite3_bind_double (stmt, 5, s_next_key (self, window->ticket));
    sqlite3_bind_int64 (stmt, 6, hall_join_seq (self));
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    stmt = hall_engine_stmt (self, "UPDATE service_window SET ticket = NULL WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, window->number);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    json_t *ticket = hall_ticket_json (self, window->ticket);
    json_t *now_journey = json_object_get (ticket, "journey");
    json_t *detail = json_pack ("{s:s, s:s, s:O, s:O}", "action", action, "from", from,
                                "step", json_object_get (now_journey, "step"), "of", json_object_get (now_journey, "of"));
    if (done >= 0) {
        json_object_set_new (detail, "done", json_integer (done));
        /* The step's service, for the desk's figures (the ticket's own
         * times are its next step's now). */
        stmt = hall_engine_stmt (self, "SELECT finished_at - started_at FROM journey_step"
                                       " WHERE ticket = ?1 AND position = ?2 AND started_at IS NOT NULL");
        sqlite3_bind_int64 (stmt, 1, window->ticket);
        sqlite3_bind_int (stmt, 2, done);
        json_object_set_new (detail, "service", sqlite3_step (stmt) == SQLITE_ROW ? hall_column_int (stmt, 0)
                                                                                  : json_null ());
        sqlite3_reset (stmt);
        json_object_set_new (detail, "rate", json_boolean (
            hall_store_meta_int (hall_engine_store (self), "hall.journey_rate_steps", 0)));
    }
    json_decref (ticket);
    /* The event carries the category of the step just done: its mean
     * service changed (the next step's category did not). */
    if (!hall_engine_event (self, "ticket.stepped", window->ticket, window->number, from, detail))
        return hall_engine_storage_fail (self, out);
    out->result = hall_ticket_result (self, window->ticket);
    return 0;
}

/* The current step of the window's ticket settled as STATE (done or
 * skipped): the ticket moves on to its next step (1), or its journey is
 * over (0: the caller finishes it). */
static int
s_move_on (hall_engine_t *self, const hall_window_t *window, json_t *journey, const char *state,
           const char *action, hall_outcome_t *out)
{
    int current = (int) json_integer_value (json_object_get (journey, "current"));
    json_t *step = json_array_get (json_object_get (journey, "steps"), (size_t) current);
    char from[64];
    g_strlcpy (from, json_string_value (json_object_get (step, "category")) ?: "", sizeof from);
    if (s_step_set (self, window->ticket, current, state, window->number))
        return hall_engine_storage_fail (self, out);
    json_object_set_new (step, "state", json_string (state));
    int next = hall_journey_next (journey, s_waiting, self);
    if (next < 0)
        return 2;
    return s_join_step (self, window, journey, next, action, from,
                        strcmp (state, "done") == 0 ? current : -1, out) ? -1 : 1;
}

int
hall_journey_finish_step (hall_engine_t *self, const hall_window_t *window, hall_outcome_t *out)
{
    json_t *ticket = hall_ticket_json (self, window->ticket);
    json_t *journey = ticket ? json_incref (json_object_get (ticket, "journey")) : NULL;
    json_decref (ticket);
    if (!json_is_object (journey)) {
        json_decref (journey);
        return 0;
    }
    int rc = s_move_on (self, window, journey, "done", "finish", out);
    json_decref (journey);
    return rc;
}

int
hall_journey_step_mark (hall_engine_t *self, int64_t ticket, const char *column)
{
    /* Only the step's first call and start: a recall keeps them. */
    g_autofree char *sql = g_strdup_printf (
        "UPDATE journey_step SET %s = coalesce (%s, ?2) WHERE ticket = ?1"
        " AND position = (SELECT journey_current FROM ticket WHERE id = ?1 AND journey IS NOT NULL)",
        column, column);
    sqlite3_stmt *stmt = hall_engine_stmt (self, sql);
    sqlite3_bind_int64 (stmt, 1, ticket);
    sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    return hall_stmt_done (stmt);
}

/* The window's ticket finishes (its journey ended or complete: DETAIL). */
static int
s_finish (hall_engine_t *self, const hall_window_t *window, const char *how, hall_outcome_t *out)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "UPDATE ticket SET state = 'finished', finished_at = ?2 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, window->ticket);
    sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    stmt = hall_engine_stmt (self, "UPDATE service_window SET ticket = NULL WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, window->number);
    if (hall_stmt_done (stmt) || !hall_engine_event (self, "ticket.finished", window->ticket, window->number, NULL,
                                                     json_pack ("{s:s}", "journey", how)))
        return hall_engine_storage_fail (self, out);
    out->result = hall_ticket_result (self, window->ticket);
    return 0;
}

/* ---- journey.start, journey.skip, journey.back, journey.end ------------------------- */

static int
s_updated (hall_engine_t *self, int64_t ticket, const char *action, hall_outcome_t *out)
{
    if (!hall_engine_event (self, "journey.updated", ticket, 0, NULL, json_pack ("{s:s}", "action", action)))
        return hall_engine_storage_fail (self, out);
    out->result = hall_ticket_result (self, ticket);
    return 0;
}

static int
s_op_start (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_window_t window;
    if (hall_window_get (self, hall_arg_int (req, "window"), &window, out))
        return -1;
    if (!window.ticket)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "window %d has no ticket called", window.number);
    json_t *ticket = hall_ticket_json (self, window.ticket);
    bool on_one = ticket && json_is_object (json_object_get (ticket, "journey"));
    char category[64];
    g_strlcpy (category, ticket ? json_string_value (json_object_get (ticket, "category")) : "", sizeof category);
    json_decref (ticket);
    if (on_one)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "the ticket at window %d is on a journey already",
                                  window.number);
    const char *code = hall_arg_str (req, "journey");
    hall_journey_step_t steps[HALL_JOURNEY_MAX_STEPS];
    int n = s_theme (self, code, steps), at = -1;
    if (n < 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "no journey '%.32s'", code);
    for (int i = 0; i < n; i++)
        if (strcmp (steps[i].category, category) == 0)
            at = i;
    if (at < 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "journey %s has no step of %s", code, category);
    plan_t plan = { code, steps, n, at };
    if (s_steps_insert (self, window.ticket, &plan)
        || hall_journey_step_mark (self, window.ticket, "called_at"))
        return hall_engine_storage_fail (self, out);
    return s_updated (self, window.ticket, "start", out);
}

/* The index of args.step (1-based? no: an index into steps) or CURRENT. */
static int
s_step_arg (const hall_request_t *req, json_t *journey)
{
    json_t *step = json_object_get (req->args, "step");
    return json_is_integer (step) ? (int) json_integer_value (step)
                                  : (int) json_integer_value (json_object_get (journey, "current"));
}

static int
s_op_skip (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_window_t window;
    json_t *journey;
    if (s_current (self, req, &window, &journey, out))
        return -1;
    int at = s_step_arg (req, journey);
    json_t *step = json_array_get (json_object_get (journey, "steps"), (size_t) MAX (at, 0));
    const char *state = json_string_value (json_object_get (step, "state"));
    int rc;
    if (!step || at < 0)
        rc = hall_outcome_fail (out, HALL_E_BAD_FIELD, "no step %d", at);
    else if (!json_is_true (json_object_get (step, "optional")))
        rc = hall_outcome_fail (out, HALL_E_BAD_STATE, "step %d (%s) is required", at,
                                json_string_value (json_object_get (step, "category")));
    else if (strcmp (state, "pending") && strcmp (state, "current"))
        rc = hall_outcome_fail (out, HALL_E_BAD_STATE, "step %d is %s", at, state);
    else if (strcmp (state, "pending") == 0)
        rc = s_step_set (self, window.ticket, at, "skipped", 0) ? hall_engine_storage_fail (self, out)
           : s_updated (self, window.ticket, "skip", out);
    else {
        /* The step the visitor is at: on to the next, or the end. */
        rc = s_move_on (self, &window, journey, "skipped", "skip", out);
        if (rc == 2)
            rc = s_finish (self, &window, "completed", out);
        else if (rc > 0)
            rc = 0;
    }
    json_decref (journey);
    return rc;
}

static int
s_op_back (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_window_t window;
    json_t *journey;
    if (s_current (self, req, &window, &journey, out))
        return -1;
    int at = (int) hall_arg_int (req, "step");
    int current = (int) json_integer_value (json_object_get (journey, "current"));
    json_t *step = json_array_get (json_object_get (journey, "steps"), (size_t) MAX (at, 0));
    const char *state = step ? json_string_value (json_object_get (step, "state")) : "";
    int rc;
    if (!step || at < 0)
        rc = hall_outcome_fail (out, HALL_E_BAD_FIELD, "no step %d", at);
    else if (strcmp (state, "done") && strcmp (state, "skipped"))
        rc = hall_outcome_fail (out, HALL_E_BAD_STATE, "step %d is %s: only a step done or skipped is done again",
                                at, state);
    else {
        char from[64];
        g_strlcpy (from, json_string_value (json_object_get (json_array_get (json_object_get (journey, "steps"),
                   (size_t) current), "category")) ?: "", sizeof from);
        rc = s_step_set (self, window.ticket, current, "pending", 0) ? hall_engine_storage_fail (self, out)
           : s_join_step (self, &window, journey, at, "back", from, -1, out);
    }
    json_decref (journey);
    return rc;
}

static int
s_op_end (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_window_t window;
    json_t *journey;
    if (s_current (self, req, &window, &journey, out))
        return -1;
    /* The step served here is done; those still to do are dropped. */
    int current = (int) json_integer_value (json_object_get (journey, "current"));
    int rc = s_step_set (self, window.ticket, current, strcmp (window.ticket_state, "serving") == 0 ? "done" : "dropped",
                         window.number);
    size_t i;
    json_t *step;
    json_array_foreach (json_object_get (journey, "steps"), i, step)
        if (rc == 0 && (int) i != current && strcmp (json_string_value (json_object_get (step, "state")), "pending") == 0)
            rc = s_step_set (self, window.ticket, (int) i, "dropped", 0);
    json_decref (journey);
    if (rc)
        return hall_engine_storage_fail (self, out);
    return s_finish (self, &window, "ended", out);
}

/* ---- 帮办: journey.accompany, journeys ------------------------------------------------ */

static int
s_op_accompany (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_ticket_t ticket;
    if (hall_ticket_get (self, hall_arg_str (req, "ticket"), &ticket, out))
        return -1;
    bool release = json_is_true (json_object_get (req->args, "release"));
    char staff[64] = "";
    if (req->role == HALL_ROLE_COUNTER) {
        hall_window_t window;
        if (hall_window_get (self, req->window, &window, out))
            return -1;
        g_strlcpy (staff, window.clerk, sizeof staff);
    }
    else if (hall_arg_str (req, "staff"))
        g_strlcpy (staff, hall_arg_str (req, "staff"), sizeof staff);
    if (!release && !*staff)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "who accompanies: 'staff'");
    if (!hall_ticket_state_active (ticket.state))
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "ticket %s is %s", ticket.number, ticket.state);
    if (!release) {
        sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT 1 FROM staff WHERE id = ?1");
        sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
        bool known = sqlite3_step (stmt) == SQLITE_ROW;
        sqlite3_reset (stmt);
        if (!known)
            return hall_outcome_fail (out, HALL_E_UNKNOWN_STAFF, "no staff '%.32s'", staff);
    }
    json_t *found = hall_ticket_json (self, ticket.id);
    bool on_one = found && json_is_object (json_object_get (found, "journey"));
    json_decref (found);
    if (!on_one)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "ticket %s is on no journey", ticket.number);
    sqlite3_stmt *stmt = hall_engine_stmt (self, "UPDATE ticket SET helper = ?2 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, ticket.id);
    hall_bind_text (stmt, 2, release ? NULL : staff);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    return s_updated (self, ticket.id, release ? "release" : "accompany", out);
}

static int
s_op_list (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *helper = hall_arg_str (req, "helper");
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT id FROM ticket WHERE day = ?1 AND journey IS NOT NULL"
        " AND state IN ('waiting', 'called', 'serving') AND (?2 IS NULL OR helper = ?2) ORDER BY id");
    sqlite3_bind_text (stmt, 1, hall_engine_day (self), -1, SQLITE_TRANSIENT);
    hall_bind_text (stmt, 2, helper);
    GArray *ids = g_array_new (FALSE, FALSE, sizeof (int64_t));
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (ids, id);
    }
    sqlite3_reset (stmt);
    json_t *tickets = json_array ();
    for (guint i = 0; i < ids->len; i++) {
        json_t *ticket = hall_ticket_json (self, g_array_index (ids, int64_t, i));
        if (ticket)
            json_array_append_new (tickets, ticket);
    }
    g_array_free (ids, TRUE);
    out->result = json_pack ("{s:o}", "tickets", tickets);
    return 0;
}

const hall_handler_t hall_journey_handlers[] = {
    { HALL_OP_JOURNEY_ISSUE, s_op_issue },
    { HALL_OP_JOURNEY_START, s_op_start },
    { HALL_OP_JOURNEY_SKIP, s_op_skip },
    { HALL_OP_JOURNEY_BACK, s_op_back },
    { HALL_OP_JOURNEY_END, s_op_end },
    { HALL_OP_JOURNEY_ACCOMPANY, s_op_accompany },
    { HALL_OP_JOURNEYS, s_op_list },
    { HALL_OP_NONE, NULL }
};
