/*  test-journey.c — "一件事" journeys in the engine (server/journeys.c,
 *  common/journey.c) on an in-memory database with the test clock: the
 *  steps as written, one number from the first step to the last, the
 *  unordered stage, skip, back, end, the queue place of a stepped ticket,
 *  a desk's ticket turned into a journey, 帮办, and the day change.
 */
#include "engine-fixture.h"
#include "journey.h"
#include "report-table.h"
#include "ticket.h"
#include <stdlib.h>
#include <string.h>

static const char *s_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\n"
    "[category business]\nprefix=A\nname=企业登记\n"
    "[category seal]\nprefix=B\nname=印章刻制\n"
    "[category social]\nprefix=C\nname=社保登记\n"
    "[category bank]\nprefix=D\nname=银行开户\n"
    "[journey kaiban]\nname=企业开办一件事\nname_en=Business start-up\nsteps=business; seal, social?; bank?\n"
    "[window 1]\nprimary=business\n[window 2]\nprimary=seal\n[window 3]\nprimary=social\n[window 4]\nprimary=bank\n"
    "[staff 1001]\nname=王芳\n[staff 1002]\nname=李娜\n[staff 1003]\nname=张伟\n[staff 1004]\nname=刘洋\n"
    "[staff 1009]\nname=赵敏\n";

/* The hall with HALL_KEYS (maybe NULL) in [hall], a clerk at each window. */
static fixture_t *
s_open (const char *hall_keys)
{
    GString *config = g_string_new (s_hall);
    if (hall_keys)
        g_string_replace (config, "[hall]\n", hall_keys, 1);
    fixture_t *fx = fixture_new (config->str, FX_MORNING);
    g_string_free (config, TRUE);
    for (int w = 1; w <= 4; w++) {
        char staff[8];
        g_snprintf (staff, sizeof staff, "100%d", w);
        json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin", json_pack ("{s:i, s:s}", "window", w, "staff", staff)));
    }
    return fx;
}

static json_t *
s_ticket (fixture_t *fx, const char *number)
{
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "ticket.find", json_pack ("{s:s}", "number", number));
    json_t *ticket = json_incref (json_object_get (json_object_get (reply, "result"), "ticket"));
    json_decref (reply);
    return ticket;
}

/* "business:done seal:current social:pending bank:pending" */
static char *
s_steps (fixture_t *fx, const char *number)
{
    json_t *ticket = s_ticket (fx, number);
    GString *text = g_string_new (NULL);
    size_t i;
    json_t *step;
    json_array_foreach (json_object_get (json_object_get (ticket, "journey"), "steps"), i, step)
        g_string_append_printf (text, "%s%s:%s", i ? " " : "", json_string_value (json_object_get (step, "category")),
                                json_string_value (json_object_get (step, "state")));
    json_decref (ticket);
    return g_string_free (text, FALSE);
}

static const char *
s_state (fixture_t *fx, const char *number, char out[64])
{
    json_t *ticket = s_ticket (fx, number);
    g_snprintf (out, 64, "%s %s", json_string_value (json_object_get (ticket, "state")),
                json_string_value (json_object_get (ticket, "category")));
    json_decref (ticket);
    return out;
}

static const char *
s_issue (fixture_t *fx)
{
    static char number[16];
    json_t *reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "journey.issue", json_pack ("{s:s}", "journey", "kaiban"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    g_strlcpy (number, json_string_value (json_object_get (json_object_get (json_object_get (reply, "result"),
               "ticket"), "number")), sizeof number);
    json_decref (reply);
    return number;
}

/* Call, start and finish at WINDOW; what it called. */
static char *
s_serve (fixture_t *fx, int window)
{
    char *called = g_strdup (fx_call (fx, window));
    fx_advance (fx, 60);
    g_assert_cmpstr (fx_do (fx, "start", window), !=, "!bad_state");
    fx_advance (fx, 420);
    g_assert_cmpstr (fx_do (fx, "finish", window), ==, called);
    return called;
}

static bool
s_has_event (fixture_t *fx, const char *type)
{
    for (guint i = 0; i < fx->last_events->len; i++)
        if (g_strcmp0 (json_string_value (json_object_get (g_ptr_array_index (fx->last_events, i), "type")), type) == 0)
            return true;
    return false;
}

static void
test_parse (void)
{
    hall_journey_step_t steps[HALL_JOURNEY_MAX_STEPS];
    const char *error;
    g_assert_cmpint (hall_journey_parse ("business; seal, social?; bank?", steps, &error), ==, 4);
    g_assert_cmpstr (steps[2].category, ==, "social");
    g_assert_cmpint (steps[2].stage, ==, 2);
    g_assert_true (steps[2].optional);
    g_assert_cmpint (steps[3].stage, ==, 3);
    g_assert_false (steps[1].optional);
    g_assert_cmpint (hall_journey_parse ("a; ; b", steps, &error), ==, 2);          /* an empty stage is none */
    g_assert_cmpint (steps[1].stage, ==, 2);
    g_assert_cmpint (hall_journey_parse ("a; a", steps, &error), ==, -1);
    g_assert_cmpint (hall_journey_parse ("", steps, &error), ==, -1);
    g_assert_cmpint (hall_journey_parse ("?", steps, &error), ==, -1);
    g_assert_cmpint (hall_journey_parse ("a,b,c,d,e,f,g,h,i,j,k,l,m", steps, &error), ==, -1);
}

/* Four steps, two of them in any order, one optional skipped: one number
 * from the first window to the last. */
static void
test_walk (void)
{
    fixture_t *fx = s_open (NULL);
    const char *first = s_issue (fx);
    g_assert_cmpstr (first, ==, "A001");
    json_t *ticket = s_ticket (fx, "A001");
    json_t *journey = json_object_get (ticket, "journey");
    g_assert_cmpstr (json_string_value (json_object_get (journey, "name")), ==, "企业开办一件事");
    g_assert_cmpint (json_integer_value (json_object_get (journey, "step")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (journey, "of")), ==, 4);
    g_autofree char *text = hall_journey_text (journey, "企业登记", false);
    g_assert_cmpstr (text, ==, "第 1 步 / 共 4 步：企业登记");
    json_decref (ticket);

    /* Step 1 at window 1: the ticket does not end, it waits for seal (the
     * stage's steps tie on people waiting: the order written). */
    g_autofree char *one = s_serve (fx, 1);
    g_assert_cmpstr (one, ==, "A001");
    g_assert_true (s_has_event (fx, "ticket.stepped"));
    g_assert_false (s_has_event (fx, "ticket.finished"));
    /* Window 1 served it (its figures), for 7 minutes (the event's detail). */
    json_t *detail = NULL;
    for (guint i = 0; i < fx->last_events->len; i++)
        if (g_strcmp0 (json_string_value (json_object_get (g_ptr_array_index (fx->last_events, i), "type")),
                       "ticket.stepped") == 0) {
            json_t *event = g_ptr_array_index (fx->last_events, i);
            g_assert_cmpint (json_integer_value (json_object_get (json_object_get (event, "window"), "served")), ==, 1);
            detail = json_object_get (event, "detail");
        }
    g_assert_cmpint (json_integer_value (json_object_get (detail, "service")), ==, 420);
    char state[64];
    g_assert_cmpstr (s_state (fx, "A001", state), ==, "waiting seal");
    g_autofree char *after_one = s_steps (fx, "A001");
    g_assert_cmpstr (after_one, ==, "business:done seal:current social:pending bank:pending");
    /* Window 2 calls it by its first number. */
    g_autofree char *two = s_serve (fx, 2);
    g_assert_cmpstr (two, ==, "A001");
    g_assert_cmpstr (s_state (fx, "A001", state), ==, "waiting social");
    /* Social insurance is optional: window 3 calls it and skips it. */
    g_assert_cmpstr (fx_call (fx, 3), ==, "A001");
    json_t *skip = fixture_op (fx, HALL_ROLE_ADMIN, 0, "journey.skip", json_pack ("{s:i}", "window", 3));
    g_assert_cmpstr (fx_error (skip), ==, "ok");
    json_decref (skip);
    g_assert_cmpstr (s_state (fx, "A001", state), ==, "waiting bank");
    g_autofree char *last = s_serve (fx, 4);
    g_assert_cmpstr (last, ==, "A001");
    g_assert_true (s_has_event (fx, "ticket.finished"));
    g_assert_cmpstr (s_state (fx, "A001", state), ==, "finished bank");
    g_autofree char *all = s_steps (fx, "A001");
    g_assert_cmpstr (all, ==, "business:done seal:done social:skipped bank:done");
    /* Each step's record: where and by whom. */
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (hall_store_db (fx->store),
        "SELECT group_concat (position || '@' || coalesce (window, '-') || '/' || coalesce (clerk, '-'), ' ')"
        " FROM (SELECT * FROM journey_step ORDER BY position)", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "0@1/1001 1@2/1002 2@-/- 3@4/1004");
    sqlite3_finalize (stmt);
    /* Each step's service counts for its category's estimate (7 minutes
     * each here, not the configured 5). */
    json_t *snapshot = fixture_op (fx, HALL_ROLE_ADMIN, 0, "snapshot", NULL);
    size_t i;
    json_t *category;
    json_array_foreach (json_object_get (json_object_get (snapshot, "result"), "categories"), i, category)
        if (strcmp (json_string_value (json_object_get (category, "code")), "social") != 0)
            g_assert_cmpint (json_integer_value (json_object_get (category, "service_mean")), ==, 420);
    json_decref (snapshot);
    fixture_free (fx);
}

static const char *
s_rate (fixture_t *fx, hall_role_t role, int window, json_t *args)
{
    static char error[32];
    json_object_set_new (args, "level", json_integer (4));
    json_t *reply = fixture_op (fx, role, window, "rate", args);
    g_strlcpy (error, fx_error (reply), sizeof error);
    json_decref (reply);
    return error;
}

/* The detail of the last ticket.stepped event of the last request. */
static json_t *
s_stepped_detail (fixture_t *fx)
{
    for (guint i = fx->last_events->len; i-- > 0;) {
        json_t *event = g_ptr_array_index (fx->last_events, i);
        if (g_strcmp0 (json_string_value (json_object_get (event, "type")), "ticket.stepped") == 0)
            return json_object_get (event, "detail");
    }
    return NULL;
}

/* Ratings: by default the journey is rated after its last step, as that
 * step; with journey_rate_steps each step done may be rated at its window,
 * once, and the journey report counts each step's ratings. */
static void
test_ratings (void)
{
    for (int rate_steps = 0; rate_steps < 2; rate_steps++) {
        fixture_t *fx = s_open (rate_steps ? "[hall]\njourney_rate_steps=true\n" : NULL);
        s_issue (fx);
        g_free (s_serve (fx, 1));
        json_t *detail = s_stepped_detail (fx);
        g_assert_nonnull (detail);
        g_assert_cmpint (json_integer_value (json_object_get (detail, "done")), ==, 0);
        g_assert_true (json_is_true (json_object_get (detail, "rate")) == (rate_steps == 1));
        /* Window 1's pad rates the step done there, where the hall rates steps. */
        g_assert_cmpstr (s_rate (fx, HALL_ROLE_RATING_PAD, 1, json_pack ("{s:s, s:i}", "ticket", "A001", "step", 0)),
                         ==, rate_steps ? "ok" : "bad_state");
        if (rate_steps) {
            g_assert_cmpstr (s_rate (fx, HALL_ROLE_RATING_PAD, 1, json_pack ("{s:s, s:i}", "ticket", "A001", "step", 0)),
                             ==, "already_rated");
            /* Another window's pad may not rate it; a step not done cannot be. */
            g_assert_cmpstr (s_rate (fx, HALL_ROLE_RATING_PAD, 2, json_pack ("{s:s, s:i}", "ticket", "A001", "step", 0)),
                             ==, "forbidden");
            g_assert_cmpstr (s_rate (fx, HALL_ROLE_ADMIN, 0, json_pack ("{s:s, s:i}", "ticket", "A001", "step", 1)),
                             ==, "bad_state");
            g_assert_cmpstr (s_rate (fx, HALL_ROLE_ADMIN, 0, json_pack ("{s:s, s:i}", "ticket", "A001", "step", 9)),
                             ==, "unknown_ticket");
        }
        /* The visit is not finished: it cannot be rated as a whole yet. */
        g_assert_cmpstr (s_rate (fx, HALL_ROLE_ADMIN, 0, json_pack ("{s:s}", "ticket", "A001")), ==, "bad_state");
        g_free (s_serve (fx, 2));
        /* By window: window 2's last step done (where steps are rated). */
        g_assert_cmpstr (s_rate (fx, HALL_ROLE_RATING_PAD, 2, json_object ()), ==,
                         rate_steps ? "ok" : "unknown_ticket");
        g_assert_cmpstr (fx_call (fx, 3), ==, "A001");
        json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "journey.skip", json_pack ("{s:i}", "window", 3)));
        g_free (s_serve (fx, 4));
        /* The visit's rating after the last step: that step's, at window 4. */
        json_t *reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 4, "rate",
                                    json_pack ("{s:s, s:i}", "ticket", "A001", "level", 5));
        g_assert_cmpstr (fx_error (reply), ==, "ok");
        json_t *rating = json_object_get (json_object_get (reply, "result"), "rating");
        g_assert_cmpint (json_integer_value (json_object_get (rating, "step")), ==, 3);
        g_assert_cmpstr (json_string_value (json_object_get (rating, "category")), ==, "bank");
        g_assert_cmpstr (json_string_value (json_object_get (rating, "clerk")), ==, "1004");
        json_decref (reply);
        g_assert_cmpstr (s_rate (fx, HALL_ROLE_ADMIN, 0, json_pack ("{s:s, s:i}", "ticket", "A001", "step", 3)),
                         ==, "already_rated");
        /* The rows: one per step rated, with the step's window and clerk. */
        sqlite3_stmt *stmt;
        g_assert_cmpint (sqlite3_prepare_v2 (hall_store_db (fx->store),
            "SELECT group_concat (step || '@' || window || '/' || clerk || '=' || level, ' ')"
            " FROM (SELECT * FROM rating ORDER BY step)", -1, &stmt, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==,
                         rate_steps ? "0@1/1001=4 1@2/1002=4 3@4/1004=5" : "3@4/1004=5");
        sqlite3_finalize (stmt);
        /* The journey report: each step's ratings; the visit's report one rating. */
        reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "report",
                            json_pack ("{s:s, s:s, s:s}", "from", "2026-11-27", "to", "2026-11-27", "by", "journey"));
        g_assert_cmpstr (fx_error (reply), ==, "ok");
        json_t *steps = json_object_get (json_array_get (json_object_get (json_object_get (reply, "result"), "rows"), 0),
                                         "steps");
        g_assert_cmpint (json_array_size (steps), ==, 4);
        g_assert_cmpint (json_integer_value (json_object_get (json_array_get (steps, 0), "ratings_valid")), ==, rate_steps);
        g_assert_cmpint (json_integer_value (json_object_get (json_array_get (steps, 1), "ratings_good")), ==, rate_steps);
        g_assert_cmpint (json_integer_value (json_object_get (json_array_get (steps, 2), "ratings_valid")), ==, 0);
        g_assert_cmpint (json_integer_value (json_object_get (json_array_get (steps, 3), "ratings_valid")), ==, 1);
        g_assert_cmpfloat (json_real_value (json_object_get (json_array_get (steps, 3), "good_rate")), ==, 1.0);
        json_decref (reply);
        reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "report",
                            json_pack ("{s:s, s:s, s:s}", "from", "2026-11-27", "to", "2026-11-27", "by", "category"));
        g_assert_cmpstr (fx_error (reply), ==, "ok");
        json_t *totals = json_object_get (json_object_get (reply, "result"), "totals");
        g_assert_cmpint (json_integer_value (json_object_get (totals, "ratings_given")), ==, 1);
        json_decref (reply);
        fixture_free (fx);
    }
}

/* The slip again at a later step: the ticket where it stands, with the
 * token of the first slip; on the record; not for a ticket done with. */
static void
test_reprint (void)
{
    fixture_t *fx = s_open (NULL);
    json_t *reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "journey.issue", json_pack ("{s:s}", "journey", "kaiban"));
    g_autofree char *token = g_strdup (json_string_value (json_object_get (json_object_get (reply, "result"), "token")));
    json_decref (reply);
    g_assert_nonnull (token);
    g_free (s_serve (fx, 1));
    /* Not for a kiosk: the token is the visitor's. */
    reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "ticket.reprint", json_pack ("{s:s}", "ticket", "A001"));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "ticket.reprint", json_pack ("{s:s}", "ticket", "A001"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *result = json_object_get (reply, "result");
    g_assert_cmpstr (json_string_value (json_object_get (result, "token")), ==, token);
    json_t *journey = json_object_get (json_object_get (result, "ticket"), "journey");
    g_autofree char *text = hall_journey_text (journey, "印章刻制", false);
    g_assert_cmpstr (text, ==, "第 2 步 / 共 4 步：印章刻制");
    g_assert_cmpint (json_array_size (json_object_get (result, "windows")), ==, 1);
    g_assert_true (s_has_event (fx, "ticket.reprinted"));
    /* The slip says so: the reprint's time and count, in the hall's zone. */
    hall_ticket_print_t *slip = hall_ticket_print_from_issue (result, NULL, NULL, NULL);
    g_autofree char *mark = hall_ticket_print_reprint_text (slip);
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (result, "reprint"), "count")), ==, 1);
    g_assert_true (g_str_has_prefix (mark, "补打（第 1 次）2026年11月27日 "));
    hall_ticket_print_destroy (&slip);
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "ticket.reprint", json_pack ("{s:s}", "ticket", "A009"));
    g_assert_cmpstr (fx_error (reply), ==, "unknown_ticket");
    json_decref (reply);
    g_free (s_serve (fx, 2));
    g_assert_cmpstr (fx_call (fx, 3), ==, "A001");
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "journey.skip", json_pack ("{s:i}", "window", 3)));
    g_free (s_serve (fx, 4));
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "ticket.reprint", json_pack ("{s:s}", "ticket", "A001"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_state");
    json_decref (reply);
    fixture_free (fx);
}

/* The unordered stage takes the step with fewer people waiting first. */
static void
test_unordered_stage (void)
{
    fixture_t *fx = s_open (NULL);
    g_assert_cmpstr (fx_issue (fx, "seal"), ==, "B001");
    g_assert_cmpstr (s_issue (fx), ==, "A001");
    g_autofree char *one = s_serve (fx, 1);
    char state[64];
    g_assert_cmpstr (s_state (fx, "A001", state), ==, "waiting social");
    fixture_free (fx);
}

/* Back to an earlier step (materials missing) and a required step that
 * cannot be skipped; then the journey ended at a window. */
static void
test_back_skip_end (void)
{
    fixture_t *fx = s_open (NULL);
    s_issue (fx);
    g_free (s_serve (fx, 1));
    g_assert_cmpstr (fx_call (fx, 2), ==, "A001");
    json_t *refused = fixture_op (fx, HALL_ROLE_ADMIN, 0, "journey.skip", json_pack ("{s:i}", "window", 2));
    g_assert_cmpstr (fx_error (refused), ==, "bad_state");                    /* seal is required */
    json_decref (refused);
    /* Not by a transfer to another category (to another window: yes). */
    json_t *moved = fixture_op (fx, HALL_ROLE_ADMIN, 0, "transfer",
                                json_pack ("{s:i, s:s}", "window", 2, "to_category", "bank"));
    g_assert_cmpstr (fx_error (moved), ==, "bad_state");
    json_decref (moved);
    json_t *back = fixture_op (fx, HALL_ROLE_ADMIN, 0, "journey.back", json_pack ("{s:i, s:i}", "window", 2, "step", 0));
    g_assert_cmpstr (fx_error (back), ==, "ok");
    json_decref (back);
    g_assert_true (s_has_event (fx, "ticket.stepped"));
    json_t *event = g_ptr_array_index (fx->last_events, fx->last_events->len - 1);
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (event, "detail"), "action")), ==, "back");
    char state[64];
    g_assert_cmpstr (s_state (fx, "A001", state), ==, "waiting business");
    g_autofree char *again = s_steps (fx, "A001");
    g_assert_cmpstr (again, ==, "business:current seal:pending social:pending bank:pending");
    g_free (s_serve (fx, 1));
    /* Skipping a pending optional step ahead of time. */
    g_assert_cmpstr (fx_call (fx, 2), ==, "A001");
    json_t *ahead = fixture_op (fx, HALL_ROLE_ADMIN, 0, "journey.skip", json_pack ("{s:i, s:i}", "window", 2, "step", 3));
    g_assert_cmpstr (fx_error (ahead), ==, "ok");
    json_decref (ahead);
    g_assert_cmpstr (fx_do (fx, "start", 2), ==, "A001");
    json_t *end = fixture_op (fx, HALL_ROLE_ADMIN, 0, "journey.end", json_pack ("{s:i}", "window", 2));
    g_assert_cmpstr (fx_error (end), ==, "ok");
    json_decref (end);
    g_assert_cmpstr (s_state (fx, "A001", state), ==, "finished seal");
    g_autofree char *ended = s_steps (fx, "A001");
    g_assert_cmpstr (ended, ==, "business:done seal:done social:dropped bank:skipped");
    fixture_free (fx);
}

/* journey_position=issue: the stepped ticket queues by its first issue,
 * ahead of the walk-ins who came after it; =wait (10 minutes): ahead of
 * those who have waited less than that only. */
static void
test_position (void)
{
    for (int mode = 0; mode < 2; mode++) {
        fixture_t *fx = s_open (mode ? "[hall]\njourney_position=wait\njourney_wait=10\n" : NULL);
        s_issue (fx);                                          /* A001 at 09:00 */
        fx_advance (fx, 60);
        g_assert_cmpstr (fx_issue (fx, "seal"), ==, "B001");   /* 09:01 */
        fx_advance (fx, 30 * 60);
        g_assert_cmpstr (fx_issue (fx, "seal"), ==, "B002");   /* 09:31 */
        for (int i = 0; i < 3; i++)                            /* social is busier: seal is next */
            g_free (g_strdup (fx_issue (fx, "social")));
        g_free (s_serve (fx, 1));                              /* A001 joins seal at 09:39 */
        GString *order = g_string_new (NULL);
        for (int i = 0; i < 3; i++) {
            g_string_append_printf (order, "%s%s", i ? " " : "", fx_call (fx, 2));
            fx_do (fx, "noshow", 2);
        }
        /* issue: A001 (09:00) before B001 (09:01); wait: A001 counts from
         * 09:29, after B001, before B002 (09:31). */
        g_assert_cmpstr (order->str, ==, mode ? "B001 A001 B002" : "A001 B001 B002");
        g_string_free (order, TRUE);
        fixture_free (fx);
    }
}

/* A desk turns its ticket into a journey; a 帮办 clerk accompanies it and
 * is on every step done from then on; `journeys` lists it for them. */
static void
test_start_and_accompany (void)
{
    fixture_t *fx = s_open (NULL);
    g_assert_cmpstr (fx_issue (fx, "seal"), ==, "B001");
    g_assert_cmpstr (fx_call (fx, 2), ==, "B001");
    json_t *start = fixture_op (fx, HALL_ROLE_ADMIN, 0, "journey.start",
                                json_pack ("{s:i, s:s}", "window", 2, "journey", "kaiban"));
    g_assert_cmpstr (fx_error (start), ==, "ok");
    json_decref (start);
    g_autofree char *begun = s_steps (fx, "B001");
    g_assert_cmpstr (begun, ==, "business:pending seal:current social:pending bank:pending");
    json_t *helper = fixture_op (fx, HALL_ROLE_MANAGER, 0, "journey.accompany",
                                 json_pack ("{s:s, s:s}", "ticket", "B001", "staff", "1009"));
    g_assert_cmpstr (fx_error (helper), ==, "ok");
    json_decref (helper);
    json_t *list = fixture_op (fx, HALL_ROLE_MANAGER, 0, "journeys", json_pack ("{s:s}", "helper", "1009"));
    json_t *tickets = json_object_get (json_object_get (list, "result"), "tickets");
    g_assert_cmpuint (json_array_size (tickets), ==, 1);
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (json_object_get (json_array_get (tickets, 0),
                     "journey"), "helper"), "name")), ==, "赵敏");
    json_decref (list);
    /* Seal done: next the first stage's business, still pending. */
    g_assert_cmpstr (fx_do (fx, "start", 2), ==, "B001");
    g_assert_cmpstr (fx_do (fx, "finish", 2), ==, "B001");
    char state[64];
    g_assert_cmpstr (s_state (fx, "B001", state), ==, "waiting business");
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (hall_store_db (fx->store),
        "SELECT helper FROM journey_step WHERE category = 'seal'", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "1009");
    sqlite3_finalize (stmt);
    /* A ticket on no journey cannot be accompanied; nor turned twice. */
    g_assert_cmpstr (fx_issue (fx, "bank"), ==, "D001");
    json_t *none = fixture_op (fx, HALL_ROLE_MANAGER, 0, "journey.accompany",
                               json_pack ("{s:s, s:s}", "ticket", "D001", "staff", "1009"));
    g_assert_cmpstr (fx_error (none), ==, "bad_state");
    json_decref (none);
    fixture_free (fx);
}

/* The day change: a journey ticket still waiting expires with the day. */
static void
test_day_change (void)
{
    fixture_t *fx = s_open (NULL);
    s_issue (fx);
    g_free (s_serve (fx, 1));
    fx_advance (fx, 86400);
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "snapshot", NULL));
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (hall_store_db (fx->store),
        "SELECT state FROM ticket WHERE number = 'A001'", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "expired");
    sqlite3_finalize (stmt);
    fixture_free (fx);
}

/* The journey figures (METRICS.md) of a random day equal those counted
 * here from the raw rows, ticket by ticket and step by step. */
static void
test_report_from_raw_rows (void)
{
    fixture_t *fx = s_open (NULL);
    GRand *rand = g_rand_new_with_seed (20261216);
    for (int step = 0; step < 300; step++) {
        int kind = g_rand_int_range (rand, 0, 100);
        int window = g_rand_int_range (rand, 1, 5);
        json_t *args = json_pack ("{s:i}", "window", window);
        if (kind < 20)
            json_decref (fixture_op (fx, HALL_ROLE_KIOSK, 0, "journey.issue", json_pack ("{s:s}", "journey", "kaiban")));
        else if (kind < 30) {
            const char *categories[] = { "business", "seal", "social", "bank" };
            json_decref (fixture_op (fx, HALL_ROLE_KIOSK, 0, "issue",
                                     json_pack ("{s:s}", "category", categories[g_rand_int_range (rand, 0, 4)])));
        }
        else if (kind < 80) {
            /* The window serves its next visitor, mostly to the end. */
            json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "call", json_incref (args)));
            fx_advance (fx, g_rand_int_range (rand, 5, 90));
            int how = g_rand_int_range (rand, 0, 100);
            if (how < 8)
                json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "journey.skip", json_incref (args)));
            else if (how < 12)
                json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "journey.back",
                                         json_pack ("{s:i, s:i}", "window", window, "step", 0)));
            else {
                json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "start", json_incref (args)));
                fx_advance (fx, g_rand_int_range (rand, 30, 600));
                json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, how < 16 ? "journey.end" : "finish",
                                         json_incref (args)));
            }
        }
        else if (kind < 85) {
            char number[8];
            g_snprintf (number, sizeof number, "A%03d", g_rand_int_range (rand, 1, 40));
            json_decref (fixture_op (fx, HALL_ROLE_MANAGER, 0, "journey.accompany",
                                     json_pack ("{s:s, s:s}", "ticket", number, "staff", "1009")));
        }
        else
            fx_advance (fx, g_rand_int_range (rand, 10, 300));
        json_decref (args);
    }
    g_rand_free (rand);
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                                json_pack ("{s:s, s:s, s:s}", "from", "2026-11-27", "to", "2026-11-27", "by", "journey"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *row = json_array_get (json_object_get (json_object_get (reply, "result"), "rows"), 0);
    g_assert_cmpstr (json_string_value (json_object_get (row, "key")), ==, "kaiban");

    /* The raw rows, one journey ticket at a time. */
    int journeys = 0, completed = 0, ended = 0, accompanied = 0;
    double total = 0;
    int done[4] = { 0 }, skipped[4] = { 0 }, stalled[4] = { 0 }, waits[4] = { 0 }, services[4] = { 0 };
    double wait_sum[4] = { 0 }, service_sum[4] = { 0 };
    sqlite3 *db = hall_store_db (fx->store);
    sqlite3_stmt *tickets, *steps;
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, state, issued_at, finished_at, helper, journey_current"
                                         " FROM ticket WHERE journey = 'kaiban' AND day = '2026-11-27'", -1, &tickets, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT position, state, joined_at, called_at, started_at, finished_at,"
                                         " helper FROM journey_step WHERE ticket = ?1", -1, &steps, NULL), ==, SQLITE_OK);
    while (sqlite3_step (tickets) == SQLITE_ROW) {
        journeys++;
        bool finished = strcmp ((const char *) sqlite3_column_text (tickets, 1), "finished") == 0;
        bool open = false, dropped = false, helped = sqlite3_column_type (tickets, 4) != SQLITE_NULL;
        sqlite3_bind_int64 (steps, 1, sqlite3_column_int64 (tickets, 0));
        while (sqlite3_step (steps) == SQLITE_ROW) {
            int at = sqlite3_column_int (steps, 0);
            const char *state = (const char *) sqlite3_column_text (steps, 1);
            open |= strcmp (state, "pending") == 0 || strcmp (state, "current") == 0;
            dropped |= strcmp (state, "dropped") == 0;
            helped |= sqlite3_column_type (steps, 6) != SQLITE_NULL;
            if (strcmp (state, "done") == 0) {
                done[at]++;
                if (sqlite3_column_type (steps, 3) != SQLITE_NULL) {
                    waits[at]++;
                    wait_sum[at] += (double) (sqlite3_column_int64 (steps, 3) - sqlite3_column_int64 (steps, 2));
                }
                if (sqlite3_column_type (steps, 4) != SQLITE_NULL) {
                    services[at]++;
                    service_sum[at] += (double) (sqlite3_column_int64 (steps, 5) - sqlite3_column_int64 (steps, 4));
                }
            }
            skipped[at] += strcmp (state, "skipped") == 0;
        }
        sqlite3_reset (steps);
        bool whole = finished && !open && !dropped;
        completed += whole;
        ended += finished && dropped;
        accompanied += helped;
        if (whole)
            total += (double) (sqlite3_column_int64 (tickets, 3) - sqlite3_column_int64 (tickets, 2));
        else
            stalled[sqlite3_column_int (tickets, 5)]++;
    }
    sqlite3_finalize (steps);
    sqlite3_finalize (tickets);
    g_test_message ("%d journeys, %d completed, %d ended, %d accompanied", journeys, completed, ended, accompanied);
    g_assert_cmpint (completed, >, 3);
    g_assert_cmpint (json_integer_value (json_object_get (row, "journeys")), ==, journeys);
    g_assert_cmpint (json_integer_value (json_object_get (row, "completed")), ==, completed);
    g_assert_cmpint (json_integer_value (json_object_get (row, "ended")), ==, ended);
    g_assert_cmpint (json_integer_value (json_object_get (row, "accompanied")), ==, accompanied);
    g_assert_cmpfloat_with_epsilon (json_real_value (json_object_get (row, "total_time_avg")), total / completed, 0.051);
    json_t *list = json_object_get (row, "steps");
    g_assert_cmpuint (json_array_size (list), ==, 4);
    for (int at = 0; at < 4; at++) {
        json_t *step = json_array_get (list, (size_t) at);
        g_assert_cmpint (json_integer_value (json_object_get (step, "done")), ==, done[at]);
        g_assert_cmpint (json_integer_value (json_object_get (step, "skipped")), ==, skipped[at]);
        g_assert_cmpint (json_integer_value (json_object_get (step, "stalled")), ==, stalled[at]);
        if (waits[at])
            g_assert_cmpfloat_with_epsilon (json_real_value (json_object_get (step, "wait_avg")),
                                            wait_sum[at] / waits[at], 0.051);
        if (services[at])
            g_assert_cmpfloat_with_epsilon (json_real_value (json_object_get (step, "service_avg")),
                                            service_sum[at] / services[at], 0.051);
    }
    /* The CSV and the table have the journey figures, not the visits'. */
    char *csv = hall_report_csv (json_object_get (reply, "result"));
    g_assert_true (g_str_has_prefix (csv, "key,name,journeys,completed,ended,unfinished,completion_rate,"
                                          "total_time_avg_s,accompanied,accompanied_time_avg_s\r\nkaiban,"));
    free (csv);
    json_decref (reply);
    fixture_free (fx);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/journey/parse", test_parse);
    g_test_add_func ("/journey/walk-keeps-one-number", test_walk);
    g_test_add_func ("/journey/unordered-stage", test_unordered_stage);
    g_test_add_func ("/journey/back-skip-end", test_back_skip_end);
    g_test_add_func ("/journey/queue-position", test_position);
    g_test_add_func ("/journey/start-and-accompany", test_start_and_accompany);
    g_test_add_func ("/journey/day-change", test_day_change);
    g_test_add_func ("/journey/report-from-raw-rows", test_report_from_raw_rows);
    g_test_add_func ("/journey/ratings", test_ratings);
    g_test_add_func ("/journey/reprint", test_reprint);
    return g_test_run ();
}
