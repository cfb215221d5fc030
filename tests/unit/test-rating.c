/*  test-rating.c — 好差评 ratings and 差评 follow-up cases, in-process on
 *  an in-memory database with the test clock: reasons, once per ticket,
 *  default ratings, roles, the case workflow, working-day deadlines over a
 *  weekend and a holiday, appeals, and the 办不成事反映 category.
 */
#include "engine-fixture.h"
#include "case.h"
#include <stdlib.h>
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

/* Asserts REPLY is ok, and frees it. */
static void
s_done (json_t *reply)
{
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
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

/* A 差评 on A001 at window 1, the visitor leaving their number (or, with
 * PHONE NULL, none: anonymous); returns the case id. */
static int64_t
s_bad_case_from (fixture_t *fx, const char *phone)
{
    s_serve (fx, "a", 1, "A001");
    json_t *args = json_pack ("{s:i, s:i, s:[s]}", "window", 1, "level", 2, "reasons", "slow_handling");
    if (phone) {
        json_object_set_new (args, "contact_phone", json_string (phone));
        json_object_set_new (args, "consent", json_true ());
    }
    json_t *reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 1, "rate", args);
    int64_t id = json_integer_value (json_object_get (json_object_get (s_result (reply), "case"), "id"));
    json_decref (reply);
    g_assert_cmpint (id, >, 0);
    return id;
}

static int64_t
s_bad_case (fixture_t *fx)
{
    return s_bad_case_from (fx, "13800138000");
}

/* What each step's record holds when a test does not say otherwise. */
static json_t *
s_record (const char *action)
{
    if (strcmp (action, "contact") == 0)
        return json_pack ("{s:s, s:s}", "method", "phone", "note", "约定三个工作日内答复");
    if (strcmp (action, "rectify") == 0)
        return json_pack ("{s:s, s:s}", "note", "窗口增设材料清单，缩短办理时间", "by", "陈科长");
    if (strcmp (action, "revisit") == 0)
        return json_pack ("{s:s, s:s, s:s, s:s}", "method", "phone", "called", "13800138000",
                          "verdict", "满意", "note", "访客表示满意");
    return json_pack ("{s:s}", "note", "已整改并回访，结案");
}

/* case.update ACTION on case ID with the record ARGS (stolen; NULL: the
 * usual record of the step). */
static json_t *
s_step (fixture_t *fx, int64_t id, const char *action, json_t *args)
{
    if (!args)
        args = s_record (action);
    json_object_set_new (args, "case", json_integer (id));
    json_object_set_new (args, "action", json_string (action));
    return fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.update", args);
}

/* The state after the step, or "!error". */
static const char *
s_step_state (fixture_t *fx, int64_t id, const char *action, json_t *args)
{
    static char state[32];
    json_t *reply = s_step (fx, id, action, args);
    if (strcmp (fx_error (reply), "ok") == 0)
        g_snprintf (state, sizeof state, "%s", json_string_value (json_object_get (
                    json_object_get (s_result (reply), "case"), "state")));
    else
        g_snprintf (state, sizeof state, "!%s", fx_error (reply));
    json_decref (reply);
    return state;
}

/* The usual record of ACTION less KEY (or with KEY set to VALUE). */
static json_t *
s_record_but (const char *action, const char *key, const char *value)
{
    json_t *args = s_record (action);
    if (value)
        json_object_set_new (args, key, json_string (value));
    else
        json_object_del (args, key);
    return args;
}

static json_t *
s_case_get (fixture_t *fx, int64_t id)
{
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.get", json_pack ("{s:I}", "case", (json_int_t) id));
    json_t *kase = json_incref (json_object_get (s_result (reply), "case"));
    json_decref (reply);
    return kase;
}

/* Each step needs its record, refused by the server without it: the five
 * clicks without a word are no longer a case closed. */
static void
test_case_workflow (void)
{
    fixture_t *fx = s_fixture ();
    int64_t id = s_bad_case (fx);
    json_t *kase = s_case_get (fx, id);
    g_assert_false (json_is_true (json_object_get (kase, "anonymous")));
    g_assert_cmpstr (json_string_value (json_object_get (kase, "phone")), ==, "138****8000");
    json_decref (kase);
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM rating WHERE text LIKE '%13800138000%'"), ==, 0);
    g_assert_cmpstr (s_step_state (fx, id, "rectify", NULL), ==, "!bad_state");
    g_assert_cmpstr (s_step_state (fx, id, "close", NULL), ==, "!bad_state");
    g_assert_cmpstr (s_step_state (fx, id, "dance", json_object ()), ==, "!bad_field");
    g_assert_cmpstr (s_step_state (fx, 999, "contact", NULL), ==, "!unknown_case");
    /* Contact: how, and what was agreed; when it happened, not after now. */
    g_assert_cmpstr (s_step_state (fx, id, "contact", json_object ()), ==, "!record_required");
    g_assert_cmpstr (s_step_state (fx, id, "contact", s_record_but ("contact", "note", NULL)), ==, "!record_required");
    g_assert_cmpstr (s_step_state (fx, id, "contact", s_record_but ("contact", "note", "   ")), ==, "!record_required");
    g_assert_cmpstr (s_step_state (fx, id, "contact", s_record_but ("contact", "method", NULL)), ==, "!record_required");
    g_assert_cmpstr (s_step_state (fx, id, "contact", s_record_but ("contact", "method", "fax")), ==, "!bad_field");
    json_t *future = s_record ("contact");
    json_object_set_new (future, "at", json_integer (hall_engine_now (fx->engine) + 60));
    g_assert_cmpstr (s_step_state (fx, id, "contact", future), ==, "!bad_field");
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM case_action WHERE action = 'contact'"), ==, 0);
    g_assert_cmpstr (s_step_state (fx, id, "contact", NULL), ==, "contacted");
    g_assert_nonnull (s_event (fx->last_events, "case.updated"));
    fx_advance (fx, 86400);
    /* Rectify: what was done and by whom. */
    g_assert_cmpstr (s_step_state (fx, id, "rectify", s_record_but ("rectify", "by", NULL)), ==, "!record_required");
    g_assert_cmpstr (s_step_state (fx, id, "rectify", s_record_but ("rectify", "note", NULL)), ==, "!record_required");
    g_assert_cmpstr (s_step_state (fx, id, "rectify", NULL), ==, "rectified");
    /* The manager no longer picks the verdict. */
    g_assert_cmpstr (s_step_state (fx, id, "verdict", json_pack ("{s:s, s:s}", "verdict", "满意", "note", "x")), ==,
                     "!bad_field");
    g_assert_cmpstr (s_step_state (fx, id, "revisit", s_record_but ("revisit", "verdict", NULL)), ==,
                     "!record_required");
    g_assert_cmpstr (s_step_state (fx, id, "revisit", s_record_but ("revisit", "called", NULL)), ==,
                     "!record_required");
    g_assert_cmpstr (s_step_state (fx, id, "revisit", s_record_but ("revisit", "verdict", "还行")), ==, "!bad_field");
    g_assert_cmpstr (s_step_state (fx, id, "revisit", s_record_but ("revisit", "verdict", "不满意")), ==, "verdict");
    kase = s_case_get (fx, id);
    g_assert_cmpstr (json_string_value (json_object_get (kase, "verdict_phone")), ==, "138****8000");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "verdict_source")), ==, "phone_call");
    json_decref (kase);
    /* Not satisfied: rectify again, revisit in person, a new verdict. */
    g_assert_cmpstr (s_step_state (fx, id, "close", s_record_but ("close", "note", NULL)), ==, "!record_required");
    g_assert_cmpstr (s_step_state (fx, id, "rectify", NULL), ==, "rectified");
    json_t *visit = json_pack ("{s:s, s:s, s:s}", "method", "visit", "verdict", "满意", "note", "上门回访，访客满意");
    g_assert_cmpstr (s_step_state (fx, id, "revisit", visit), ==, "verdict");
    json_t *reply = s_step (fx, id, "close", NULL);
    kase = json_object_get (s_result (reply), "case");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "state")), ==, "closed");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "verdict")), ==, "满意");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "verdict_source")), ==, "visit");
    g_assert_false (json_is_true (json_object_get (kase, "overdue")));
    /* The audit trail: open, contact, rectify, revisit, rectify, revisit,
     * close, each with its record. */
    json_t *actions = json_object_get (kase, "actions");
    g_assert_cmpuint (json_array_size (actions), ==, 7);
    json_t *first_visit = json_array_get (actions, 3);
    g_assert_cmpstr (json_string_value (json_object_get (first_visit, "verdict")), ==, "不满意");
    g_assert_cmpstr (json_string_value (json_object_get (first_visit, "source")), ==, "phone_call");
    g_assert_nonnull (strstr (json_string_value (json_object_get (first_visit, "note")), "138****8000"));
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (actions, 1), "method")), ==, "phone");
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (actions, 2), "by")), ==, "陈科长");
    json_decref (reply);
    /* The whole number is nowhere in the trail. */
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM case_action WHERE note LIKE '%13800138000%'"), ==, 0);
    g_assert_cmpstr (s_step_state (fx, id, "contact", NULL), ==, "!bad_state");
    /* Closed cases leave the open list, and stay findable. */
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "cases", NULL);
    g_assert_cmpuint (json_array_size (json_object_get (s_result (reply), "cases")), ==, 0);
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "cases", json_pack ("{s:s}", "filter", "all"));
    g_assert_cmpuint (json_array_size (json_object_get (s_result (reply), "cases")), ==, 1);
    json_decref (reply);
    /* The number is kept case_phone_days (30) after the close, then erased. */
    fx_advance (fx, 29 * 86400);
    g_ptr_array_free (s_tick (fx), TRUE);
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM service_case WHERE phone IS NOT NULL"), ==, 1);
    fx_advance (fx, 86400 + 60);
    g_ptr_array_free (s_tick (fx), TRUE);
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM service_case WHERE phone IS NULL"
                                    " AND phone_erased_at IS NOT NULL"), ==, 1);
    fixture_free (fx);
}

/* A 差评 without a number: anonymous, no contact possible; rectified and
 * closed, and outside the revisit rate. */
static void
test_case_anonymous (void)
{
    fixture_t *fx = s_fixture ();
    int64_t id = s_bad_case_from (fx, NULL);
    s_serve (fx, "a", 2, "A002");
    /* A number goes with a 差评 and its consent only. */
    json_t *reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 2, "rate", json_pack ("{s:i, s:i, s:s, s:b}",
                                "window", 2, "level", 4, "contact_phone", "13800138000", "consent", true));
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 2, "rate", json_pack ("{s:i, s:i, s:[s], s:s}",
                        "window", 2, "level", 1, "reasons", "slow_handling", "contact_phone", "13800138000"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    json_decref (reply);
    json_t *kase = s_case_get (fx, id);
    g_assert_true (json_is_true (json_object_get (kase, "anonymous")));
    g_assert_true (json_is_null (json_object_get (kase, "phone")));
    json_decref (kase);
    g_assert_cmpstr (s_step_state (fx, id, "contact", NULL), ==, "!bad_state");
    g_assert_cmpstr (s_step_state (fx, id, "rectify", NULL), ==, "rectified");
    g_assert_cmpstr (s_step_state (fx, id, "revisit", NULL), ==, "!bad_state");
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.link", json_pack ("{s:I}", "case", (json_int_t) id));
    g_assert_cmpstr (fx_error (reply), ==, "bad_state");
    json_decref (reply);
    g_assert_cmpstr (s_step_state (fx, id, "close", NULL), ==, "closed");
    /* The revisit rate has no real-name 差评 to count: null, not 0 %. */
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                        json_pack ("{s:s, s:s}", "from", "2026-11-27", "to", "2026-11-27"));
    json_t *totals = json_object_get (s_result (reply), "totals");
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_bad")), ==, 1);
    g_assert_true (json_is_null (json_object_get (totals, "revisit_rate")));
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "cases", json_pack ("{s:s, s:b}", "filter", "all", "anonymous", true));
    g_assert_cmpint (json_integer_value (json_object_get (s_result (reply), "total")), ==, 1);
    json_decref (reply);
    fixture_free (fx);
}

/* The visitor's own verdict by their link lands as theirs; then their
 * second rating, reported apart. */
static void
test_case_visitor_link (void)
{
    fixture_t *fx = s_fixture ();
    int64_t id = s_bad_case (fx);
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.link", json_pack ("{s:I}", "case", (json_int_t) id));
    g_assert_cmpstr (fx_error (reply), ==, "bad_state");          /* nothing rectified yet */
    json_decref (reply);
    g_assert_cmpstr (s_step_state (fx, id, "contact", NULL), ==, "contacted");
    g_assert_cmpstr (s_step_state (fx, id, "rectify", NULL), ==, "rectified");
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.link",
                        json_pack ("{s:I, s:b}", "case", (json_int_t) id, "send", true));
    char token[64];
    g_snprintf (token, sizeof token, "%s", json_string_value (json_object_get (s_result (reply), "token")));
    g_assert_cmpuint (strlen (token), ==, 22);
    g_assert_true (g_str_has_suffix (json_string_value (json_object_get (s_result (reply), "path")), token));
    json_decref (reply);
    /* The SMS with the link is owed to the visitor's number, once. */
    for (int round = 0; round < 2; round++) {
        reply = fixture_op (fx, HALL_ROLE_WEB, 0, "notify.owed", NULL);
        json_t *owed = json_object_get (s_result (reply), "owed");
        g_assert_cmpuint (json_array_size (owed), ==, 1);
        json_t *message = json_array_get (owed, 0);
        g_assert_cmpstr (json_string_value (json_object_get (message, "kind")), ==, "revisit");
        g_assert_cmpstr (json_string_value (json_object_get (message, "token")), ==, token);
        g_assert_cmpstr (json_string_value (json_object_get (message, "phone")), ==, "13800138000");
        json_decref (reply);
        json_decref (fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.link",
                                 json_pack ("{s:I, s:b}", "case", (json_int_t) id, "send", true)));
    }
    /* The phone page: what the hall did, and the visitor's buttons. */
    reply = fixture_op (fx, HALL_ROLE_WEB, 0, "case.view", json_pack ("{s:s}", "token", token));
    json_t *view = s_result (reply);
    g_assert_true (json_is_true (json_object_get (view, "can_verdict")));
    g_assert_false (json_is_true (json_object_get (view, "can_rate")));
    json_t *shown = json_object_get (view, "case");
    g_assert_cmpstr (json_string_value (json_object_get (shown, "rectified_note")), ==, "窗口增设材料清单，缩短办理时间");
    g_assert_null (json_object_get (shown, "phone"));
    g_assert_null (json_object_get (shown, "clerk"));
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_WEB, 0, "case.view", json_pack ("{s:s}", "token", "AAAAAAAAAAAAAAAAAAAAAA"));
    g_assert_cmpstr (fx_error (reply), ==, "unknown_case");
    json_decref (reply);
    /* A second rating before the verdict is refused. */
    reply = fixture_op (fx, HALL_ROLE_WEB, 0, "rate", json_pack ("{s:s, s:i}", "case_token", token, "level", 5));
    g_assert_cmpstr (fx_error (reply), ==, "bad_state");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_WEB, 0, "case.verdict",
                        json_pack ("{s:s, s:s, s:s}", "token", token, "verdict", "满意", "text", "改进明显"));
    g_assert_true (json_is_true (json_object_get (s_result (reply), "can_rate")));
    json_decref (reply);
    json_t *kase = s_case_get (fx, id);
    g_assert_cmpstr (json_string_value (json_object_get (kase, "state")), ==, "verdict");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "verdict")), ==, "满意");
    g_assert_cmpstr (json_string_value (json_object_get (kase, "verdict_source")), ==, "visitor");
    json_t *last = json_array_get (json_object_get (kase, "actions"),
                                   json_array_size (json_object_get (kase, "actions")) - 1);
    g_assert_cmpstr (json_string_value (json_object_get (last, "source")), ==, "visitor");
    g_assert_cmpstr (json_string_value (json_object_get (last, "client")), ==, "fixture");
    json_decref (kase);
    reply = fixture_op (fx, HALL_ROLE_WEB, 0, "case.verdict", json_pack ("{s:s, s:s}", "token", token, "verdict", "不满意"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_state");
    json_decref (reply);
    /* The second rating: the visitor's, round 2, once; not a new case. */
    reply = fixture_op (fx, HALL_ROLE_WEB, 0, "rate", json_pack ("{s:s, s:i}", "case_token", token, "level", 5));
    json_t *second = json_object_get (s_result (reply), "rating");
    g_assert_cmpint (json_integer_value (json_object_get (second, "round")), ==, 2);
    g_assert_cmpstr (json_string_value (json_object_get (second, "channel")), ==, "phone");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_WEB, 0, "rate", json_pack ("{s:s, s:i}", "case_token", token, "level", 4));
    g_assert_cmpstr (fx_error (reply), ==, "already_rated");
    json_decref (reply);
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM service_case"), ==, 1);
    kase = s_case_get (fx, id);
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (kase, "second_rating"), "level")), ==, 5);
    json_decref (kase);
    /* Owed to the province as a second rating; the hall's figures count
     * first ratings. */
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM gov_record g JOIN rating r ON r.id = g.rating"
                                    " WHERE r.round = 2"), ==, 1);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                        json_pack ("{s:s, s:s}", "from", "2026-11-27", "to", "2026-11-27"));
    json_t *totals = json_object_get (s_result (reply), "totals");
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_given")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_bad")), ==, 1);
    g_assert_cmpfloat (json_real_value (json_object_get (totals, "revisit_rate")), ==, 1.0);
    json_decref (reply);
    /* The link lasts 15 days. */
    fx_advance (fx, 15 * 86400);
    reply = fixture_op (fx, HALL_ROLE_WEB, 0, "case.view", json_pack ("{s:s}", "token", token));
    g_assert_cmpstr (fx_error (reply), ==, "bad_state");
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
    g_assert_cmpstr (s_step_state (fx, id, "contact", NULL), ==, "contacted");
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

static json_t *
s_appeal (fixture_t *fx, hall_role_t role, int window, int64_t id, json_t *args)
{
    json_object_set_new (args, "case", json_integer (id));
    return fixture_op (fx, role, window, "case.appeal", args);
}

static const char *
s_decide (fixture_t *fx, int64_t id, const char *staff, const char *password, const char *decision)
{
    static char error[32];
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.decide",
                                json_pack ("{s:I, s:s, s:s, s:s, s:s}", "case", (json_int_t) id, "decision", decision,
                                           "note", "调取监控核实：访客未实际办理业务", "staff", staff,
                                           "password", password));
    g_snprintf (error, sizeof error, "%s", fx_error (reply));
    json_decref (reply);
    return error;
}

static void
s_password (fixture_t *fx, const char *staff, const char *password)
{
    s_done (fixture_op (fx, HALL_ROLE_ADMIN, 0, "staff.password",
                                       json_pack ("{s:s, s:s}", "staff", staff, "password", password)));
}

/* The clerk appeals; another manager decides, with their own password;
 * an accepted appeal excludes the rating and leaves it in the database. */
static void
test_appeal_excludes_rating (void)
{
    fixture_t *fx = s_fixture ();
    s_password (fx, "9001", "zhou-9001");
    s_password (fx, "9002", "chen-9002");
    s_password (fx, "1001", "wang-1001");
    int64_t id = s_bad_case (fx);                 /* clerk 1001 at window 1 */
    g_assert_cmpstr (s_step_state (fx, id, "appeal", json_pack ("{s:s}", "reason", "x")), ==, "!bad_field");
    /* Only the clerk rated: window 2's clerk may not. */
    json_t *reply = s_appeal (fx, HALL_ROLE_COUNTER, 2, id, json_pack ("{s:s}", "reason", "x"));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    /* The desks see their own clerk's cases, to appeal them. */
    reply = fixture_op (fx, HALL_ROLE_COUNTER, 1, "cases", NULL);
    g_assert_cmpint (json_integer_value (json_object_get (s_result (reply), "total")), ==, 1);
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_COUNTER, 2, "cases", NULL);
    g_assert_cmpint (json_integer_value (json_object_get (s_result (reply), "total")), ==, 0);
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_COUNTER, 2, "cases", json_pack ("{s:s}", "clerk", "1001"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    json_decref (reply);
    reply = s_appeal (fx, HALL_ROLE_COUNTER, 1, id, json_pack ("{s:s}", "reason", "   "));
    g_assert_cmpstr (fx_error (reply), ==, "record_required");
    json_decref (reply);
    reply = s_appeal (fx, HALL_ROLE_COUNTER, 1, id, json_pack ("{s:s}", "reason", "恶意差评：未办理业务即评价"));
    json_t *kase = json_object_get (s_result (reply), "case");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (kase, "appeal"), "state")), ==, "pending");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (kase, "appeal"), "filed_by")), ==, "1001");
    g_assert_false (json_is_true (json_object_get (json_object_get (kase, "rating"), "excluded")));
    json_decref (reply);
    reply = s_appeal (fx, HALL_ROLE_COUNTER, 1, id, json_pack ("{s:s}", "reason", "again"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_state");
    json_decref (reply);
    /* Decided by a manager: not a clerk, with the right password. */
    g_assert_cmpstr (s_decide (fx, id, "1001", "wang-1001", "accepted"), ==, "forbidden");
    g_assert_cmpstr (s_decide (fx, id, "9002", "wrong-password", "accepted"), ==, "auth");
    g_assert_cmpstr (s_decide (fx, id, "9002", "chen-9002", "maybe"), ==, "bad_field");
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM rating WHERE excluded = 1"), ==, 0);
    g_assert_cmpstr (s_decide (fx, id, "9002", "chen-9002", "accepted"), ==, "ok");
    g_assert_cmpstr (s_decide (fx, id, "9001", "zhou-9001", "rejected"), ==, "bad_state");
    /* Never deleted: the rating is still there, visible and marked. */
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM rating WHERE excluded = 1 AND level = 2"
                                    " AND excluded_by = '9002' AND excluded_reason = '恶意差评：未办理业务即评价'"), ==, 1);
    kase = s_case_get (fx, id);
    json_t *appeal = json_object_get (kase, "appeal");
    g_assert_cmpstr (json_string_value (json_object_get (appeal, "state")), ==, "accepted");
    g_assert_cmpstr (json_string_value (json_object_get (appeal, "decided_by_name")), ==, "陈科长");
    g_assert_false (json_is_null (json_object_get (appeal, "decided_at")));
    json_decref (kase);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                        json_pack ("{s:s, s:s}", "from", "2026-11-27", "to", "2026-11-27"));
    json_t *totals = json_object_get (s_result (reply), "totals");
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_given")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_excluded")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_valid")), ==, 0);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_bad")), ==, 0);
    g_assert_true (json_is_null (json_object_get (totals, "bad_rate")));
    json_decref (reply);
    /* An accepted appeal ends the case. */
    g_assert_cmpstr (s_step_state (fx, id, "close", NULL), ==, "closed");

    /* A manager rated at a window may not decide their own appeal. */
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signout", json_pack ("{s:i}", "window", 2)));
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin", json_pack ("{s:i, s:s, s:s}", "window", 2, "staff", "9001",
                                                                          "password", "zhou-9001")));
    s_serve (fx, "a", 2, "A002");
    reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 2, "rate", json_pack ("{s:i, s:i, s:[s]}",
                        "window", 2, "level", 1, "reasons", "slow_handling"));
    int64_t own = json_integer_value (json_object_get (json_object_get (s_result (reply), "case"), "id"));
    json_decref (reply);
    reply = s_appeal (fx, HALL_ROLE_ADMIN, 0, own, json_pack ("{s:s, s:s}", "reason", "误评", "staff", "1001"));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");      /* not 1001's service */
    json_decref (reply);
    s_done (s_appeal (fx, HALL_ROLE_ADMIN, 0, own, json_pack ("{s:s, s:s}", "reason", "误评",
                                                                            "staff", "9001")));
    g_assert_cmpstr (s_decide (fx, own, "9001", "zhou-9001", "accepted"), ==, "forbidden");
    g_assert_cmpstr (s_decide (fx, own, "9002", "chen-9002", "rejected"), ==, "ok");
    g_assert_cmpint (s_sql_int (fx, "SELECT excluded FROM rating WHERE level = 1"), ==, 0);
    fixture_free (fx);
}

/* Closed cases stay findable: by 办件编号, clerk, window, department,
 * state and day. */
static void
test_case_search (void)
{
    fixture_t *fx = s_fixture ();
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    g_assert_cmpstr (fx_do (fx, "start", 1), ==, "A001");
    json_t *reply = fixture_op (fx, HALL_ROLE_COUNTER, 1, "matter.add",
                                json_pack ("{s:i, s:s}", "window", 1, "number", "330102202611270001"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "A001");
    reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 1, "rate", json_pack ("{s:i, s:i, s:[s], s:s, s:b}",
                        "window", 1, "level", 1, "reasons", "slow_handling", "contact_phone", "13900139000",
                        "consent", true));
    int64_t id = json_integer_value (json_object_get (json_object_get (s_result (reply), "case"), "id"));
    json_decref (reply);
    const char *steps[] = { "contact", "rectify", "revisit", "close" };
    for (size_t i = 0; i < G_N_ELEMENTS (steps); i++)
        g_assert_cmpstr (s_step_state (fx, id, steps[i], NULL), !=, "");
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM service_case WHERE state = 'closed'"), ==, 1);
    /* Another, open, at window 2. */
    s_serve (fx, "a", 2, "A002");
    json_decref (fixture_op (fx, HALL_ROLE_RATING_PAD, 2, "rate", json_pack ("{s:i, s:i, s:[s]}",
                             "window", 2, "level", 2, "reasons", "slow_handling")));
    struct { const char *search; int total; int64_t first; } cases[] = {
        { "{\"filter\": \"all\", \"matter\": \"330102202611270001\"}", 1, id },
        { "{\"filter\": \"all\", \"matter\": \"330102202611270002\"}", 0, 0 },
        { "{\"filter\": \"open\", \"matter\": \"330102202611270001\"}", 0, 0 },
        { "{\"filter\": \"all\", \"clerk\": \"1001\"}", 1, id },
        { "{\"filter\": \"all\", \"window\": 2}", 1, id + 1 },
        { "{\"filter\": \"all\", \"state\": \"closed\"}", 1, id },
        { "{\"filter\": \"all\", \"number\": \"a002\"}", 1, id + 1 },
        { "{\"filter\": \"all\", \"from\": \"2026-11-27\", \"to\": \"2026-11-27\"}", 2, id + 1 },
        { "{\"filter\": \"all\", \"from\": \"2026-11-28\"}", 0, 0 },
        { "{\"filter\": \"all\", \"limit\": 1}", 2, id + 1 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (cases); i++) {
        reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "cases", json_loads (cases[i].search, 0, NULL));
        json_t *result = s_result (reply);
        g_test_message ("%s", cases[i].search);
        g_assert_cmpint (json_integer_value (json_object_get (result, "total")), ==, cases[i].total);
        json_t *list = json_object_get (result, "cases");
        g_assert_cmpint (json_integer_value (json_object_get (json_array_get (list, 0), "id")), ==, cases[i].first);
        if (cases[i].first == id)
            g_assert_cmpstr (json_string_value (json_object_get (json_array_get (json_object_get (
                             json_array_get (list, 0), "matters"), 0), "number")), ==, "330102202611270001");
        json_decref (reply);
    }
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "cases", json_pack ("{s:s, s:s}", "filter", "all", "state", "gone"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "cases", json_pack ("{s:s}", "from", "2026-02-30"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    json_decref (reply);
    fixture_free (fx);
}

/* Files kept with a case: in pieces, resent pieces harmless, checked,
 * attached once to a step. */
static void
test_case_evidence (void)
{
    fixture_t *fx = s_fixture ();
    int64_t id = s_bad_case (fx);
    g_assert_cmpstr (s_step_state (fx, id, "contact", NULL), ==, "contacted");
    enum { SIZE = 40000, PIECE = 32 * 1024 };
    guchar *data = g_malloc (SIZE);
    for (int i = 0; i < SIZE; i++)
        data[i] = (guchar) (i * 7 + i / 256);
    char *first = g_base64_encode (data, PIECE), *rest = g_base64_encode (data + PIECE, SIZE - PIECE);
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.evidence.add", json_pack ("{s:I, s:s, s:s, s:i, s:s}",
                                "case", (json_int_t) id, "name", "整改照片.jpg", "type", "image/jpeg", "size", SIZE,
                                "data", first));
    json_t *file = json_object_get (s_result (reply), "evidence");
    int64_t file_id = json_integer_value (json_object_get (file, "id"));
    g_assert_false (json_is_true (json_object_get (file, "complete")));
    json_decref (reply);
    /* Not complete: cannot go with a step. */
    json_t *args = s_record ("rectify");
    json_object_set_new (args, "evidence", json_pack ("[I]", (json_int_t) file_id));
    g_assert_cmpstr (s_step_state (fx, id, "rectify", args), ==, "!bad_field");
    /* A gap is refused; the same piece again is harmless. */
    const char *pieces[][2] = { { "0", "ok" }, { "100", "bad_field" }, { "32768", "ok" }, { "32768", "ok" } };
    for (size_t i = 0; i < G_N_ELEMENTS (pieces); i++) {
        int offset = atoi (pieces[i][0]);
        reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.evidence.add", json_pack ("{s:I, s:I, s:i, s:s}",
                            "case", (json_int_t) id, "id", (json_int_t) file_id, "offset", offset,
                            "data", offset == 0 ? first : rest));
        g_assert_cmpstr (fx_error (reply), ==, pieces[i][1]);
        json_decref (reply);
    }
    g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, SIZE);
    g_assert_cmpint (s_sql_int (fx, "SELECT received = size AND length (data) = 40000 FROM case_evidence"), ==, 1);
    /* Read back in pieces: the same bytes. */
    GByteArray *back = g_byte_array_new ();
    for (;;) {
        reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.evidence.get",
                            json_pack ("{s:I, s:i}", "id", (json_int_t) file_id, "offset", (int) back->len));
        json_t *result = s_result (reply);
        g_assert_cmpstr (json_string_value (json_object_get (json_object_get (result, "evidence"), "sha256")), ==, sha);
        gsize len;
        guchar *piece = g_base64_decode (json_string_value (json_object_get (result, "data")), &len);
        g_byte_array_append (back, piece, (guint) len);
        g_free (piece);
        json_decref (reply);
        if (len == 0)
            break;
    }
    g_assert_cmpmem (back->data, back->len, data, SIZE);
    g_byte_array_free (back, TRUE);
    args = s_record ("rectify");
    json_object_set_new (args, "evidence", json_pack ("[I]", (json_int_t) file_id));
    g_assert_cmpstr (s_step_state (fx, id, "rectify", args), ==, "rectified");
    json_t *kase = s_case_get (fx, id);
    json_t *files = json_object_get (kase, "evidence");
    g_assert_cmpuint (json_array_size (files), ==, 1);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (files, 0), "name")), ==, "整改照片.jpg");
    g_assert_false (json_is_null (json_object_get (json_array_get (files, 0), "action")));
    json_decref (kase);
    /* Too large, or one file too many. */
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.evidence.add", json_pack ("{s:I, s:s, s:s, s:i, s:s}",
                        "case", (json_int_t) id, "name", "big.pdf", "type", "application/pdf",
                        "size", 3 * 1024 * 1024, "data", "b2s="));
    g_assert_cmpstr (fx_error (reply), ==, "too_large");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.evidence.add", json_pack ("{s:I, s:s, s:s, s:i, s:s}",
                        "case", (json_int_t) id, "name", "a.exe", "type", "application/x-msdownload",
                        "size", 2, "data", "b2s="));
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    json_decref (reply);
    for (int i = 0; i < 10; i++) {
        reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.evidence.add", json_pack ("{s:I, s:s, s:s, s:i, s:s}",
                            "case", (json_int_t) id, "name", "note.txt", "type", "text/plain", "size", 2, "data", "b2s="));
        g_assert_cmpstr (fx_error (reply), ==, i < 9 ? "ok" : "too_large");
        json_decref (reply);
    }
    g_free (first);
    g_free (rest);
    g_free (data);
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
    json_t *reply = s_appeal (fx, HALL_ROLE_ADMIN, 0, id, json_pack ("{s:s, s:s}", "reason", "x", "staff", "1002"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_state");
    json_decref (reply);
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
    const char *tables[] = { "rating", "service_case", "case_action", "supervisor", "case_category",
                             "case_evidence", "case_appeal", "notification" };
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
    g_test_add_func ("/case/anonymous", test_case_anonymous);
    g_test_add_func ("/case/visitor-link", test_case_visitor_link);
    g_test_add_func ("/case/search", test_case_search);
    g_test_add_func ("/case/evidence", test_case_evidence);
    g_test_add_func ("/case/overdue-weekend-holiday", test_case_overdue_weekend_holiday);
    g_test_add_func ("/case/deadline-calendar", test_deadline_calendar);
    g_test_add_func ("/case/appeal-excludes-rating", test_appeal_excludes_rating);
    g_test_add_func ("/case/complaint-category", test_complaint_category_opens_case);
    g_test_add_func ("/config/refused", test_config_refused);
    g_test_add_func ("/store/migrated-like-fresh", test_migrated_like_fresh);
    return g_test_run ();
}
