/*  test-rating.c — 好差评 ratings and 差评 follow-up cases, in-process on
 *  an in-memory database with the test clock: reasons, once per ticket,
 *  default ratings, roles, the case workflow, working-day deadlines over a
 *  weekend and a holiday, appeals, and the 办不成事反映 category.
 */
#include "engine-fixture.h"
#include "case.h"
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

/* FX_MORNING is Friday 2026-11-27 09:00 in Asia/Shanghai; Monday 30 is
 * made a holiday here. */
static const char *s_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\n"
    "rating_default_days=7\ncase_owner=9001\nholidays=2026-11-30;2026-10-01\n"
    "[category a]\nprefix=A\nname=甲\ntarget_wait=10\n"
    "[category f]\nprefix=F\nname=办不成事反映\ntarget_wait=10\nopens_case=true\n"
    "[window 1]\nprimary=a\n"
    "[window 2]\nprimary=a\n"
    "[window 7]\nprimary=f\n"
    "[staff 1001]\nname=王芳\nsupervisor=9002\n"
    "[staff 1002]\nname=李娜\n"
    "[staff 9001]\nname=周主任\nrole=manager\n"
    "[staff 9002]\nname=陈科长\nrole=manager\n";

static fixture_t *
s_fixture (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin",
                             json_pack ("{s:i, s:s}", "window", 1, "staff", "1001")));
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin",
                             json_pack ("{s:i, s:s}", "window", 2, "staff", "1002")));
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin",
                             json_pack ("{s:i, s:s}", "window", 7, "staff", "1002")));
    return fx;
}

/* Issues a ticket of CATEGORY and serves it at WINDOW for 5 minutes. */
static void
s_serve (fixture_t *fx, const char *category, int window, const char *expect)
{
    g_assert_cmpstr (fx_issue (fx, category), ==, expect);
    g_assert_cmpstr (fx_call (fx, window), ==, expect);
    g_assert_cmpstr (fx_do (fx, "start", window), ==, expect);
    fx_advance (fx, 300);
    g_assert_cmpstr (fx_do (fx, "finish", window), ==, expect);
}

/* The pad of WINDOW rates LEVEL with REASONS (NULL-terminated). */
static json_t *
s_pad_rate (fixture_t *fx, int window, int level, ...)
{
    json_t *reasons = json_array ();
    va_list args;
    va_start (args, level);
    for (const char *r; (r = va_arg (args, const char *));)
        json_array_append_new (reasons, json_string (r));
    va_end (args);
    return fixture_op (fx, HALL_ROLE_RATING_PAD, window, "rate",
                       json_pack ("{s:i, s:i, s:o}", "window", window, "level", level, "reasons", reasons));
}

/* The event of TYPE among the last request's (borrowed) or NULL. */
static json_t *
s_event (GPtrArray *events, const char *type)
{
    for (guint i = 0; events && i < events->len; i++)
        if (strcmp (json_string_value (json_object_get (g_ptr_array_index (events, i), "type")), type) == 0)
            return g_ptr_array_index (events, i);
    return NULL;
}

static int
s_count (GPtrArray *events, const char *type)
{
    int n = 0;
    for (guint i = 0; i < events->len; i++)
        n += strcmp (json_string_value (json_object_get (g_ptr_array_index (events, i), "type")), type) == 0;
    return n;
}

/* Runs the server's tick (day change, default ratings, overdue cases) and
 * returns its events. */
static GPtrArray *
s_tick (fixture_t *fx)
{
    GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
    g_assert_cmpint (hall_store_begin (fx->store), ==, 0);
    g_assert_cmpint (hall_engine_tick (fx->engine, events), ==, 0);
    g_assert_cmpint (hall_store_commit (fx->store), ==, 0);
    return events;
}

static int64_t
s_sql_int (fixture_t *fx, const char *sql)
{
    sqlite3_stmt *stmt = hall_store_stmt (fx->store, sql);
    int64_t value = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
    sqlite3_reset (stmt);
    return value;
}

static json_t *
s_result (json_t *reply)
{
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    return json_object_get (reply, "result");
}

/* Local midnight in Shanghai starting Y-M-D. */
static int64_t
s_midnight (int y, int m, int d)
{
    GTimeZone *tz = g_time_zone_new_identifier ("Asia/Shanghai");
    GDateTime *dt = g_date_time_new (tz, y, m, d, 0, 0, 0);
    int64_t t = g_date_time_to_unix (dt);
    g_date_time_unref (dt);
    g_time_zone_unref (tz);
    return t;
}

/* ---- ratings ------------------------------------------------------------- */

static void
test_very_satisfied_no_reason (void)
{
    fixture_t *fx = s_fixture ();
    s_serve (fx, "a", 1, "A001");
    json_t *reply = s_pad_rate (fx, 1, 5, NULL);
    json_t *rating = json_object_get (s_result (reply), "rating");
    g_assert_cmpint (json_integer_value (json_object_get (rating, "level")), ==, 5);
    g_assert_cmpstr (json_string_value (json_object_get (rating, "level_name")), ==, "非常满意");
    g_assert_cmpstr (json_string_value (json_object_get (rating, "number")), ==, "A001");
    g_assert_cmpstr (json_string_value (json_object_get (rating, "clerk")), ==, "1001");
    g_assert_cmpstr (json_string_value (json_object_get (rating, "category")), ==, "a");
    g_assert_cmpint (json_integer_value (json_object_get (rating, "window")), ==, 1);
    g_assert_cmpstr (json_string_value (json_object_get (rating, "channel")), ==, "pad");
    g_assert_cmpstr (json_string_value (json_object_get (rating, "reasons_version")), ==, "2026.1");
    g_assert_cmpuint (json_array_size (json_object_get (rating, "reasons")), ==, 0);
    g_assert_true (json_is_null (json_object_get (s_result (reply), "case")));
    json_decref (reply);
    json_t *event = s_event (fx->last_events, "rating.given");
    g_assert_nonnull (event);
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (event, "ticket"), "number")), ==, "A001");
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (event, "window"), "number")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (json_object_get (event, "detail"),
                     "rating"), "level")), ==, 5);
    g_assert_null (s_event (fx->last_events, "case.opened"));
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM rating WHERE level = 5 AND is_default = 0"
                                    " AND time = 1795741500"), ==, 1);
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM service_case"), ==, 0);
    fixture_free (fx);
}

static void
test_bad_rating_needs_reason (void)
{
    fixture_t *fx = s_fixture ();
    s_serve (fx, "a", 1, "A001");
    json_t *reply = s_pad_rate (fx, 1, 1, NULL);
    g_assert_cmpstr (fx_error (reply), ==, "reason_required");
    json_decref (reply);
    reply = s_pad_rate (fx, 1, 2, NULL);
    g_assert_cmpstr (fx_error (reply), ==, "reason_required");
    json_decref (reply);
    reply = s_pad_rate (fx, 1, 1, "no_such_reason", NULL);
    g_assert_cmpstr (fx_error (reply), ==, "unknown_reason");
    json_decref (reply);
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM rating"), ==, 0);
    /* With a reason and free text: stored, and a case for the supervisor. */
    reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 1, "rate",
                        json_pack ("{s:i, s:[s, s], s:s}", "level", 1, "reasons", "impolite", "wait_long",
                                   "text", "等了很久，态度也不好"));
    json_t *result = s_result (reply);
    json_t *rating = json_object_get (result, "rating");
    g_assert_cmpint (json_integer_value (json_object_get (rating, "level")), ==, 1);
    g_assert_true (json_is_true (json_object_get (rating, "bad")));
    g_assert_cmpstr (json_string_value (json_array_get (json_object_get (rating, "reasons"), 0)), ==, "impolite");
    g_assert_cmpstr (json_string_value (json_object_get (rating, "text")), ==, "等了很久，态度也不好");
    json_t *kase = json_object_get (result, "case");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "kind")), ==, "rating");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "owner")), ==, "9002");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "state")), ==, "open");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "clerk")), ==, "1001");
    json_decref (reply);
    json_t *event = s_event (fx->last_events, "case.opened");
    g_assert_nonnull (event);
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (event, "ticket"), "number")), ==, "A001");
    g_assert_nonnull (s_event (fx->last_events, "rating.given"));
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM service_case WHERE rating IS NOT NULL"), ==, 1);
    fixture_free (fx);
}

static void
test_rated_once (void)
{
    fixture_t *fx = s_fixture ();
    s_serve (fx, "a", 1, "A001");
    json_decref (s_pad_rate (fx, 1, 4, NULL));
    json_t *reply = s_pad_rate (fx, 1, 5, NULL);
    g_assert_cmpstr (fx_error (reply), ==, "already_rated");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "rate", json_pack ("{s:s, s:i}", "ticket", "A001", "level", 1));
    g_assert_cmpstr (fx_error (reply), ==, "reason_required");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "rate", json_pack ("{s:s, s:i}", "ticket", "a001", "level", 3));
    g_assert_cmpstr (fx_error (reply), ==, "already_rated");
    json_decref (reply);
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM rating"), ==, 1);
    /* A ticket still in service cannot be rated; nor one never finished. */
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A002");
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "rate", json_pack ("{s:s, s:i}", "ticket", "A002", "level", 5));
    g_assert_cmpstr (fx_error (reply), ==, "bad_state");
    json_decref (reply);
    fixture_free (fx);
}

static void
test_roles (void)
{
    fixture_t *fx = s_fixture ();
    s_serve (fx, "a", 1, "A001");
    /* The clerk's desk cannot rate on the visitor's behalf. */
    json_t *reply = fixture_op (fx, HALL_ROLE_COUNTER, 1, "rate",
                                json_pack ("{s:i, s:i}", "window", 1, "level", 5));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    /* Window 2's pad can rate neither window 1 nor its ticket. */
    reply = s_pad_rate (fx, 2, 5, NULL);
    g_assert_cmpstr (fx_error (reply), ==, "unknown_ticket");      /* nothing finished at 2 */
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 2, "rate", json_pack ("{s:i, s:i}", "window", 1, "level", 5));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 2, "rate", json_pack ("{s:s, s:i}", "ticket", "A001", "level", 5));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    /* Kiosk and display neither; the manager may not rate either. */
    hall_role_t roles[] = { HALL_ROLE_KIOSK, HALL_ROLE_DISPLAY, HALL_ROLE_MANAGER };
    for (size_t i = 0; i < G_N_ELEMENTS (roles); i++) {
        reply = fixture_op (fx, roles[i], 0, "rate", json_pack ("{s:s, s:i}", "ticket", "A001", "level", 5));
        g_assert_cmpstr (fx_error (reply), ==, "forbidden");
        json_decref (reply);
    }
    /* A pad may not work the cases or read reports; it may read the reasons. */
    reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 1, "cases", NULL);
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 1, "rating.reasons", NULL);
    g_assert_cmpstr (json_string_value (json_object_get (s_result (reply), "version")), ==, "2026.1");
    g_assert_cmpuint (json_array_size (json_object_get (s_result (reply), "dimensions")), ==, 4);
    json_decref (reply);
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM rating"), ==, 0);
    fixture_free (fx);
}

static void
test_default_rating (void)
{
    fixture_t *fx = s_fixture ();
    s_serve (fx, "a", 1, "A001");            /* finished 09:05 */
    s_serve (fx, "a", 1, "A002");            /* finished 09:10 */
    json_decref (s_pad_rate (fx, 1, 5, NULL));   /* A002 rated; A001 is not */
    fx_advance (fx, 7 * 86400 - 600);        /* 7 days less 5 minutes after A001 */
    GPtrArray *events = s_tick (fx);
    g_assert_cmpint (s_count (events, "rating.defaulted"), ==, 0);
    g_ptr_array_free (events, TRUE);
    fx_advance (fx, 301);
    events = s_tick (fx);
    json_t *event = s_event (events, "rating.defaulted");
    g_assert_nonnull (event);
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (event, "detail"), "count")), ==, 1);
    g_assert_cmpstr (json_string_value (json_array_get (json_object_get (json_object_get (event, "detail"),
                     "tickets"), 0)), ==, "2026-11-27 A001");
    g_ptr_array_free (events, TRUE);
    g_assert_cmpint (s_sql_int (fx, "SELECT level FROM rating WHERE is_default = 1 AND channel = 'default'"), ==, 3);
    /* Once: another sweep gives nothing more. */
    fx_advance (fx, 3600);
    events = s_tick (fx);
    g_assert_cmpint (s_count (events, "rating.defaulted"), ==, 0);
    g_ptr_array_free (events, TRUE);
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM rating"), ==, 2);
    /* A late rating is refused: the ticket has its default. */
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "rate",
                                json_pack ("{s:s, s:s, s:i}", "ticket", "A001", "day", "2026-11-27", "level", 5));
    g_assert_cmpstr (fx_error (reply), ==, "already_rated");
    json_decref (reply);
    /* Counted apart: one given, one default; 好评率 over the given only. */
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                        json_pack ("{s:s, s:s}", "from", "2026-11-27", "to", "2026-11-27"));
    json_t *totals = json_object_get (s_result (reply), "totals");
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_given")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_default")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_valid")), ==, 1);
    g_assert_cmpfloat (json_real_value (json_object_get (totals, "good_rate")), ==, 1.0);
    g_assert_cmpfloat (json_real_value (json_object_get (totals, "active_rate")), ==, 0.5);
    json_decref (reply);
    fixture_free (fx);
}

/* ---- cases --------------------------------------------------------------- */

/* A 差评 on A001 at window 1; returns the case id. */
static int64_t
s_bad_case (fixture_t *fx)
{
    s_serve (fx, "a", 1, "A001");
    json_t *reply = s_pad_rate (fx, 1, 2, "slow_handling", NULL);
    int64_t id = json_integer_value (json_object_get (json_object_get (s_result (reply), "case"), "id"));
    json_decref (reply);
    g_assert_cmpint (id, >, 0);
    return id;
}

static json_t *
s_case_do (fixture_t *fx, int64_t id, const char *action, const char *key, const char *value)
{
    json_t *args = json_pack ("{s:I, s:s, s:s}", "case", (json_int_t) id, "action", action,
                              "note", "已处理");
    if (key)
        json_object_set_new (args, key, json_string (value));
    return fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.update", args);
}

static const char *
s_case_state (fixture_t *fx, int64_t id, const char *action, const char *key, const char *value)
{
    static char state[32];
    json_t *reply = s_case_do (fx, id, action, key, value);
    if (strcmp (fx_error (reply), "ok") == 0)
        g_snprintf (state, sizeof state, "%s", json_string_value (json_object_get (
                    json_object_get (s_result (reply), "case"), "state")));
    else
        g_snprintf (state, sizeof state, "!%s", fx_error (reply));
    json_decref (reply);
    return state;
}

static void
test_case_workflow (void)
{
    fixture_t *fx = s_fixture ();
    int64_t id = s_bad_case (fx);
    g_assert_cmpstr (s_case_state (fx, id, "rectify", NULL, NULL), ==, "!bad_state");
    g_assert_cmpstr (s_case_state (fx, id, "close", NULL, NULL), ==, "!bad_state");
    g_assert_cmpstr (s_case_state (fx, id, "dance", NULL, NULL), ==, "!bad_field");
    g_assert_cmpstr (s_case_state (fx, 999, "contact", NULL, NULL), ==, "!unknown_case");
    g_assert_cmpstr (s_case_state (fx, id, "contact", NULL, NULL), ==, "contacted");
    g_assert_nonnull (s_event (fx->last_events, "case.updated"));
    fx_advance (fx, 86400);
    g_assert_cmpstr (s_case_state (fx, id, "rectify", NULL, NULL), ==, "rectified");
    g_assert_cmpstr (s_case_state (fx, id, "verdict", "verdict", "满意"), ==, "!bad_state");
    g_assert_cmpstr (s_case_state (fx, id, "revisit", NULL, NULL), ==, "revisited");
    g_assert_cmpstr (s_case_state (fx, id, "verdict", NULL, NULL), ==, "!bad_field");
    g_assert_cmpstr (s_case_state (fx, id, "verdict", "verdict", "还行"), ==, "!bad_field");
    g_assert_cmpstr (s_case_state (fx, id, "verdict", "verdict", "不满意"), ==, "verdict");
    /* Not satisfied: rectify again, revisit, a new verdict. */
    g_assert_cmpstr (s_case_state (fx, id, "rectify", NULL, NULL), ==, "rectified");
    g_assert_cmpstr (s_case_state (fx, id, "revisit", NULL, NULL), ==, "revisited");
    g_assert_cmpstr (s_case_state (fx, id, "verdict", "verdict", "满意"), ==, "verdict");
    json_t *reply = s_case_do (fx, id, "close", NULL, NULL);
    json_t *kase = json_object_get (s_result (reply), "case");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "state")), ==, "closed");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "verdict")), ==, "满意");
    g_assert_false (json_is_true (json_object_get (kase, "overdue")));
    /* The audit trail: open, contact, rectify, revisit, verdict, rectify,
     * revisit, verdict, close. */
    json_t *actions = json_object_get (kase, "actions");
    g_assert_cmpuint (json_array_size (actions), ==, 9);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (actions, 4), "verdict")), ==, "不满意");
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (actions, 1), "note")), ==, "已处理");
    json_decref (reply);
    g_assert_cmpstr (s_case_state (fx, id, "contact", NULL, NULL), ==, "!bad_state");
    /* Closed cases leave the open list. */
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "cases", NULL);
    g_assert_cmpuint (json_array_size (json_object_get (s_result (reply), "cases")), ==, 0);
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "cases", json_pack ("{s:s}", "filter", "all"));
    g_assert_cmpuint (json_array_size (json_object_get (s_result (reply), "cases")), ==, 1);
    json_decref (reply);
    fixture_free (fx);
}

static void
test_case_overdue_weekend_holiday (void)
{
    fixture_t *fx = s_fixture ();
    int64_t id = s_bad_case (fx);            /* Friday 2026-11-27 09:05 */
    {
        json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "cases", NULL);
        json_t *kase = json_array_get (json_object_get (s_result (reply), "cases"), 0);
        /* Sat, Sun, holiday Mon: the one working day is Tue 1 Dec, so
         * contact is due by its end; 15 working days end Mon 21 Dec. */
        g_assert_cmpint (json_integer_value (json_object_get (kase, "contact_due")), ==, s_midnight (2026, 12, 2));
        g_assert_cmpint (json_integer_value (json_object_get (kase, "rectify_due")), ==, s_midnight (2026, 12, 22));
        g_assert_cmpint (json_integer_value (json_object_get (kase, "id")), ==, id);
        g_assert_false (json_is_true (json_object_get (kase, "overdue")));
        json_decref (reply);
    }
    /* Tuesday 23:59: not yet. */
    fx_advance (fx, s_midnight (2026, 12, 2) - 60 - hall_engine_now (fx->engine));
    GPtrArray *events = s_tick (fx);
    g_assert_cmpint (s_count (events, "case.overdue"), ==, 0);
    g_ptr_array_free (events, TRUE);
    /* Wednesday 00:00: overdue, announced once. */
    fx_advance (fx, 60);
    events = s_tick (fx);
    g_assert_cmpint (s_count (events, "case.overdue"), ==, 1);
    json_t *detail = json_object_get (s_event (events, "case.overdue"), "detail");
    g_assert_cmpstr (json_string_value (json_array_get (json_object_get (detail, "deadlines"), 0)), ==, "contact");
    g_assert_true (json_is_true (json_object_get (json_object_get (detail, "case"), "overdue")));
    g_ptr_array_free (events, TRUE);
    fx_advance (fx, 120);
    events = s_tick (fx);
    g_assert_cmpint (s_count (events, "case.overdue"), ==, 0);
    g_ptr_array_free (events, TRUE);
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "cases", json_pack ("{s:s}", "filter", "overdue"));
    g_assert_cmpint (json_integer_value (json_object_get (s_result (reply), "overdue")), ==, 1);
    g_assert_cmpuint (json_array_size (json_object_get (s_result (reply), "cases")), ==, 1);
    json_decref (reply);
    /* Contacted late: no longer overdue now (the report still counts the
     * missed deadline). */
    g_assert_cmpstr (s_case_state (fx, id, "contact", NULL, NULL), ==, "contacted");
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "cases", json_pack ("{s:s}", "filter", "overdue"));
    g_assert_cmpuint (json_array_size (json_object_get (s_result (reply), "cases")), ==, 0);
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                        json_pack ("{s:s, s:s}", "from", "2026-11-27", "to", "2026-11-27"));
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (s_result (reply), "totals"),
                     "cases_overdue")), ==, 1);
    json_decref (reply);
    fixture_free (fx);
}

static void
test_deadline_calendar (void)
{
    GTimeZone *tz = g_time_zone_new_identifier ("Asia/Shanghai");
    int64_t friday = s_midnight (2026, 11, 27) + 9 * 3600;
    /* Plain weekend: Monday is the first working day. */
    g_assert_cmpint (hall_case_deadline (tz, NULL, NULL, friday, 1), ==, s_midnight (2026, 12, 1));
    /* A make-up working Saturday (调休) counts. */
    g_assert_cmpint (hall_case_deadline (tz, "", "2026-11-28", friday, 1), ==, s_midnight (2026, 11, 29));
    /* National Day week: 1-7 October off, Sunday 27 September and
     * Saturday 10 October worked. */
    const char *holidays = "2026-10-01;2026-10-02;2026-10-05;2026-10-06;2026-10-07";
    int64_t sept30 = s_midnight (2026, 9, 30) + 15 * 3600;
    g_assert_cmpint (hall_case_deadline (tz, holidays, "2026-10-10", sept30, 1), ==, s_midnight (2026, 10, 9));
    g_assert_cmpint (hall_case_deadline (tz, holidays, "2026-10-10", sept30, 2), ==, s_midnight (2026, 10, 10));
    g_assert_cmpint (hall_case_deadline (tz, holidays, "2026-10-10", sept30, 3), ==, s_midnight (2026, 10, 11));
    g_time_zone_unref (tz);
}

static void
test_appeal_excludes_rating (void)
{
    fixture_t *fx = s_fixture ();
    int64_t id = s_bad_case (fx);
    g_assert_cmpstr (s_case_state (fx, id, "appeal", NULL, NULL), ==, "!bad_field");
    g_assert_cmpstr (s_case_state (fx, id, "contact", "reason", "x"), ==, "!bad_field");
    json_t *reply = s_case_do (fx, id, "appeal", "reason", "恶意差评：未办理业务即评价");
    json_t *kase = json_object_get (s_result (reply), "case");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "state")), ==, "open");
    json_t *rating = json_object_get (kase, "rating");
    g_assert_true (json_is_true (json_object_get (rating, "excluded")));
    g_assert_cmpstr (json_string_value (json_object_get (rating, "excluded_reason")), ==,
                     "恶意差评：未办理业务即评价");
    json_decref (reply);
    g_assert_cmpstr (s_case_state (fx, id, "appeal", "reason", "again"), ==, "!bad_state");
    /* Never deleted: the rating is still there, visible and marked. */
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM rating WHERE excluded = 1 AND level = 2"
                                    " AND excluded_by = 'fixture'"), ==, 1);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                        json_pack ("{s:s, s:s}", "from", "2026-11-27", "to", "2026-11-27"));
    json_t *totals = json_object_get (s_result (reply), "totals");
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_given")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_excluded")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_valid")), ==, 0);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_bad")), ==, 0);
    g_assert_true (json_is_null (json_object_get (totals, "bad_rate")));
    json_decref (reply);
    /* An upheld appeal ends the case. */
    g_assert_cmpstr (s_case_state (fx, id, "close", NULL, NULL), ==, "closed");
    fixture_free (fx);
}

static void
test_complaint_category_opens_case (void)
{
    fixture_t *fx = s_fixture ();
    s_serve (fx, "f", 7, "F001");
    json_t *event = s_event (fx->last_events, "case.opened");
    g_assert_nonnull (event);
    json_t *kase = json_object_get (json_object_get (event, "detail"), "case");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "kind")), ==, "complaint");
    /* Clerk 1002 has no supervisor: the hall's case owner. */
    g_assert_cmpstr (json_string_value (json_object_get (kase, "owner")), ==, "9001");
    g_assert_true (json_is_null (json_object_get (kase, "rating")));
    /* A complaint case cannot be appealed. */
    int64_t id = json_integer_value (json_object_get (kase, "id"));
    g_assert_cmpstr (s_case_state (fx, id, "appeal", "reason", "x"), ==, "!bad_state");
    /* Ordinary categories open none. */
    s_serve (fx, "a", 1, "A001");
    g_assert_null (s_event (fx->last_events, "case.opened"));
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM service_case"), ==, 1);
    fixture_free (fx);
}

static void
test_config_refused (void)
{
    const char *bad[] = {
        "[hall]\nname=x\nholidays=2026-13-01\n[category a]\nprefix=A\nname=a\n[window 1]\nprimary=a\n",
        "[hall]\nname=x\nrating_default_days=0\n[category a]\nprefix=A\nname=a\n[window 1]\nprimary=a\n",
        "[hall]\nname=x\n[category a]\nprefix=A\nname=a\n[window 1]\nprimary=a\n[staff 1]\nsupervisor=2\n",
    };
    for (size_t i = 0; i < G_N_ELEMENTS (bad); i++) {
        char *path = NULL;
        GError *error = NULL;
        int fd = g_file_open_tmp ("hall-test-XXXXXX.conf", &path, &error);
        close (fd);
        g_file_set_contents (path, bad[i], -1, NULL);
        hall_config_t *config = hall_config_load (path, &error);
        g_assert_null (config);
        g_assert_nonnull (error);
        g_test_message ("refused: %s", error->message);
        g_error_free (error);
        unlink (path);
        g_free (path);
    }
}

/* The columns of TABLE in STORE as "name type notnull dflt pk;...". */
static char *
s_columns (hall_store_t *store, const char *table)
{
    GString *out = g_string_new (NULL);
    char *sql = g_strdup_printf ("PRAGMA table_info (%s)", table);
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (hall_store_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (out, "%s %s %d %s %d;", sqlite3_column_text (stmt, 1),
                                sqlite3_column_text (stmt, 2), sqlite3_column_int (stmt, 3),
                                sqlite3_column_text (stmt, 4) ? (const char *) sqlite3_column_text (stmt, 4) : "-",
                                sqlite3_column_int (stmt, 5));
    sqlite3_finalize (stmt);
    g_free (sql);
    return g_string_free (out, FALSE);
}

/* A version-1 database migrated gets the rating and case tables exactly
 * as a new one has them (migrations/003-ratings.sql = schema.sql). */
static void
test_migrated_like_fresh (void)
{
    g_autofree char *dir = g_dir_make_tmp ("hall-rating-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "hall.db", NULL);
    const char *source = g_getenv ("HALL_SOURCE");
    g_autofree char *file = g_build_filename (source ? source : ".", "tests/data/schema-v1.sql", NULL);
    g_autofree char *v1 = NULL;
    g_assert_true (g_file_get_contents (file, &v1, NULL, NULL));
    sqlite3 *db;
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, v1, NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version=1", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    char errbuf[256];
    hall_store_t *migrated = hall_store_open (path, true, errbuf, sizeof errbuf);
    g_assert_nonnull (migrated);
    hall_store_t *fresh = hall_store_open (":memory:", true, errbuf, sizeof errbuf);
    const char *tables[] = { "rating", "service_case", "case_action", "supervisor", "case_category" };
    for (size_t i = 0; i < G_N_ELEMENTS (tables); i++) {
        g_autofree char *a = s_columns (migrated, tables[i]);
        g_autofree char *b = s_columns (fresh, tables[i]);
        g_assert_cmpstr (a, !=, "");
        g_assert_cmpstr (a, ==, b);
    }
    hall_store_destroy (&migrated);
    hall_store_destroy (&fresh);
    unlink (path);
    g_autofree char *wal = g_strdup_printf ("%s-wal", path), *shm = g_strdup_printf ("%s-shm", path);
    unlink (wal);
    unlink (shm);
    g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/rating/very-satisfied-no-reason", test_very_satisfied_no_reason);
    g_test_add_func ("/rating/bad-needs-reason-opens-case", test_bad_rating_needs_reason);
    g_test_add_func ("/rating/once-per-ticket", test_rated_once);
    g_test_add_func ("/rating/roles", test_roles);
    g_test_add_func ("/rating/default-after-days", test_default_rating);
    g_test_add_func ("/case/workflow", test_case_workflow);
    g_test_add_func ("/case/overdue-weekend-holiday", test_case_overdue_weekend_holiday);
    g_test_add_func ("/case/deadline-calendar", test_deadline_calendar);
    g_test_add_func ("/case/appeal-excludes-rating", test_appeal_excludes_rating);
    g_test_add_func ("/case/complaint-category", test_complaint_category_opens_case);
    g_test_add_func ("/config/refused", test_config_refused);
    g_test_add_func ("/store/migrated-like-fresh", test_migrated_like_fresh);
    return g_test_run ();
}
