/*  test-engine.c — the hall's rules, in-process on an in-memory database:
 *  dispatch order, numbering and the day change, caps and hours, missed
 *  tickets, refused transitions, roles and idempotency.
 */
#include "engine-fixture.h"
#include "queue.h"
#include "rules.h"
#include <string.h>

/* A small hall: window 1 serves A primary, B backup; window 2 serves A and
 * B primary; window 3 is a green-channel window serving C; window 4 serves
 * B only. Targets: A 10 min, B 20 min. */
static const char *s_small_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\nmissed_policy=requeue\n"
    "requeue_after=3\nrequeue_max=2\ntransfer_position=front\n"
    "[category a]\nprefix=A\nname=甲\ntarget_wait=10\ndaily_cap=3\n"
    "[category b]\nprefix=B\nname=乙\ntarget_wait=20\n"
    "[category c]\nprefix=C\nname=丙\nhours=08:30-12:00,13:30-17:00\n"
    "[window 1]\nprimary=a\nbackup=b\n"
    "[window 2]\nprimary=a;b\n"
    "[window 3]\ngreen=true\nprimary=c\n"
    "[window 4]\nprimary=b\n"
    "[staff 1]\nname=一\n[staff 2]\nname=二\n";

static fixture_t *
s_small (void)
{
    return fixture_new (s_small_hall, FX_MORNING);
}

static json_t *
s_issue_green (fixture_t *fx, const char *category, const char *reason)
{
    return fixture_op (fx, HALL_ROLE_ADMIN, 0, "issue",
                       json_pack ("{s:s, s:s, s:s}", "category", category, "green", reason,
                                  "granted_by", "咨询台 王"));
}

/* ---- dispatch ------------------------------------------------------------ */

static void
test_dispatch_transferred_to_window_first (void)
{
    fixture_t *fx = s_small ();
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    fx_advance (fx, 60);
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B001");
    json_decref (s_issue_green (fx, "a", "老年人"));       /* A002, green */
    /* Window 4 calls B001 and transfers it to window 1. */
    g_assert_cmpstr (fx_call (fx, 4), ==, "B001");
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "transfer",
                                json_pack ("{s:i, s:i}", "window", 4, "to_window", 1));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    /* Rule 1 beats green (rule 2) and the older A001. */
    g_assert_cmpstr (fx_call (fx, 1), ==, "B001");
    /* Window 2 may not call a ticket transferred to window 1: after A002
     * (green) and A001 there is nothing. */
    g_assert_cmpstr (fx_call (fx, 2), ==, "A002");
    fixture_free (fx);
}

static void
test_dispatch_green_first (void)
{
    fixture_t *fx = s_small ();
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    fx_advance (fx, 120);
    json_t *reply = s_issue_green (fx, "b", "军人");
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *ticket = json_object_get (json_object_get (reply, "result"), "ticket");
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "green")), ==, "军人");
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "granted_by")), ==, "咨询台 王");
    json_decref (reply);
    /* Window 1 serves b only as backup, yet the green B001 comes first. */
    g_assert_cmpstr (fx_call (fx, 1), ==, "B001");
    g_assert_cmpstr (fx_do (fx, "noshow", 1), ==, "B001");
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    fixture_free (fx);
}

static void
test_dispatch_green_window_takes_any_green (void)
{
    fixture_t *fx = s_small ();
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    /* Window 3 serves only c, but as a green-channel window it takes a
     * green ticket of any category, and not an ordinary a ticket. */
    g_assert_cmpstr (fx_call (fx, 3), ==, "");
    json_decref (s_issue_green (fx, "a", "孕妇"));
    g_assert_cmpstr (fx_call (fx, 3), ==, "A002");
    fixture_free (fx);
}

static void
test_dispatch_primary_before_backup (void)
{
    fixture_t *fx = s_small ();
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B001");     /* older, backup at window 1 */
    fx_advance (fx, 60);
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");     /* newer, primary at window 1 */
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    /* Rule 4: with no primary left, the backup category is called. */
    g_assert_cmpstr (fx_do (fx, "noshow", 1), ==, "A001");
    g_assert_cmpstr (fx_call (fx, 1), ==, "B001");
    fixture_free (fx);
}

static void
test_dispatch_unified_window_longest_wait (void)
{
    fixture_t *fx = s_small ();
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B001");
    fx_advance (fx, 30);
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    fx_advance (fx, 30);
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B002");
    /* Window 2 serves a and b as primary: longest wait first across both. */
    g_assert_cmpstr (fx_call (fx, 2), ==, "B001");
    g_assert_cmpstr (fx_do (fx, "start", 2), ==, "B001");
    g_assert_cmpstr (fx_do (fx, "finish", 2), ==, "B001");
    g_assert_cmpstr (fx_call (fx, 2), ==, "A001");
    fixture_free (fx);
}

static void
test_dispatch_overdue_moves_ahead (void)
{
    fixture_t *fx = s_small ();
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B001");     /* target 20 min, backup at 1 */
    fx_advance (fx, 19 * 60);
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");     /* primary at 1 */
    /* B001 has waited 19 min: not overdue, primary A001 first. */
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    g_assert_cmpstr (fx_do (fx, "noshow", 1), ==, "A001");
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "requeue", json_pack ("{s:s}", "ticket", "A001")));
    fx_advance (fx, 2 * 60);                              /* B001: 21 min > 20 */
    g_assert_cmpstr (fx_call (fx, 1), ==, "B001");
    /* But green still beats an overdue ticket. */
    g_assert_cmpstr (fx_do (fx, "noshow", 1), ==, "B001");
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B002");
    fx_advance (fx, 25 * 60);                             /* B002 overdue too */
    json_decref (s_issue_green (fx, "a", "残疾人"));       /* A002 green */
    g_assert_cmpstr (fx_call (fx, 1), ==, "A002");
    fixture_free (fx);
}

/* ---- numbering, the day, caps, hours ------------------------------------- */

static void
test_numbering_and_day_change (void)
{
    fixture_t *fx = s_small ();
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A002");
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B001");
    g_assert_cmpstr (fx_call (fx, 4), ==, "B001");
    /* To 00:30 the next day: waiting and called tickets expire, numbers
     * start again, the day.changed event is published. */
    fx_advance (fx, 15 * 3600 + 30 * 60);
    gboolean day_changed = FALSE;
    int expired = 0;
    for (guint i = 0; i < fx->last_events->len; i++) {
        json_t *event = g_ptr_array_index (fx->last_events, i);
        const char *type = json_string_value (json_object_get (event, "type"));
        day_changed |= strcmp (type, "day.changed") == 0;
        expired += strcmp (type, "ticket.expired") == 0;
    }
    g_assert_true (day_changed);
    g_assert_cmpint (expired, ==, 3);
    g_assert_cmpstr (hall_engine_day (fx->engine), ==, "2026-11-28");
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    json_t *snap = fixture_op (fx, HALL_ROLE_ADMIN, 0, "snapshot", NULL);
    json_t *result = json_object_get (snap, "result");
    g_assert_cmpint (json_array_size (json_object_get (result, "tickets")), ==, 1);
    g_assert_cmpint (json_array_size (json_object_get (result, "calls")), ==, 0);
    json_t *w4 = json_array_get (json_object_get (result, "windows"), 3);
    g_assert_true (json_is_null (json_object_get (w4, "ticket")));
    json_decref (snap);
    /* Yesterday's A002 is not today's ticket. */
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "status", json_pack ("{s:s}", "ticket", "A002"));
    g_assert_cmpstr (fx_error (reply), ==, "unknown_ticket");
    json_decref (reply);
    fixture_free (fx);
}

static void
test_daily_cap (void)
{
    fixture_t *fx = s_small ();
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A002");
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A003");
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "!daily_cap");
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B001");
    fixture_free (fx);
}

static void
test_issuing_hours (void)
{
    fixture_t *fx = fixture_new (s_small_hall, FX_MORNING - 2 * 3600);   /* 07:00 */
    g_assert_cmpstr (fx_issue (fx, "c"), ==, "!outside_hours");
    fx_advance (fx, 90 * 60);                                          /* 08:30 */
    g_assert_cmpstr (fx_issue (fx, "c"), ==, "C001");
    fx_advance (fx, 4 * 3600);                                         /* 12:30 */
    g_assert_cmpstr (fx_issue (fx, "c"), ==, "!outside_hours");
    fx_advance (fx, 3600);                                             /* 13:30 */
    g_assert_cmpstr (fx_issue (fx, "c"), ==, "C002");
    /* A category without hours issues at any time. */
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    fixture_free (fx);
}

static void
test_closed_category_and_unknown (void)
{
    fixture_t *fx = s_small ();
    json_decref (fixture_op (fx, HALL_ROLE_MANAGER, 0, "category.open",
                             json_pack ("{s:s, s:b}", "category", "a", "open", 0)));
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "!category_closed");
    g_assert_cmpstr (fx_issue (fx, "nope"), ==, "!unknown_category");
    /* By prefix letter too, lower case accepted. */
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B001");
    json_decref (fixture_op (fx, HALL_ROLE_MANAGER, 0, "category.open",
                             json_pack ("{s:s, s:b}", "category", "A", "open", 1)));
    g_assert_cmpstr (fx_issue (fx, "A"), ==, "A001");
    fixture_free (fx);
}

static void
test_one_waiting_ticket_per_person (void)
{
    fixture_t *fx = s_small ();
    json_t *r1 = fixture_op (fx, HALL_ROLE_KIOSK, 0, "issue",
                             json_pack ("{s:s, s:s}", "category", "b", "person", "110101199001011234"));
    g_assert_cmpstr (fx_error (r1), ==, "ok");
    json_t *r2 = fixture_op (fx, HALL_ROLE_KIOSK, 0, "issue",
                             json_pack ("{s:s, s:s}", "category", "b", "person", "110101199001011234"));
    g_assert_cmpstr (fx_error (r2), ==, "duplicate_person");
    json_t *r3 = fixture_op (fx, HALL_ROLE_KIOSK, 0, "issue",
                             json_pack ("{s:s, s:s}", "category", "a", "person", "110101199001011234"));
    g_assert_cmpstr (fx_error (r3), ==, "ok");
    /* The person's id is never published. */
    char *text = json_dumps (r1, 0);
    g_assert_null (strstr (text, "110101199001011234"));
    free (text);
    json_decref (r1);
    json_decref (r2);
    json_decref (r3);
    fixture_free (fx);
}

/* ---- missed tickets ------------------------------------------------------ */

static void
test_missed_requeue_after_k (void)
{
    fixture_t *fx = s_small ();
    const char *numbers[] = { "B001", "B002", "B003", "B004", "B005", "B006" };
    for (int i = 0; i < 6; i++) {
        g_assert_cmpstr (fx_issue (fx, "b"), ==, numbers[i]);
        fx_advance (fx, 10);
    }
    g_assert_cmpstr (fx_call (fx, 4), ==, "B001");
    g_assert_cmpstr (fx_do (fx, "noshow", 4), ==, "B001");
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "requeue", json_pack ("{s:s}", "ticket", "B001"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (reply, "result"), "ahead")), ==, 3);
    json_decref (reply);
    /* Behind 3 waiting tickets: B002 B003 B004, then B001, then B005. */
    const char *order[] = { "B002", "B003", "B004", "B001", "B005" };
    for (int i = 0; i < 5; i++) {
        g_assert_cmpstr (fx_call (fx, 4), ==, order[i]);
        g_assert_cmpstr (fx_do (fx, "noshow", 4), ==, order[i]);
    }
    /* At most twice a day. */
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "requeue", json_pack ("{s:s}", "ticket", "B001"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    g_assert_cmpstr (fx_call (fx, 4), ==, "B006");
    g_assert_cmpstr (fx_do (fx, "start", 4), ==, "B006");
    g_assert_cmpstr (fx_do (fx, "finish", 4), ==, "B006");
    g_assert_cmpstr (fx_call (fx, 4), ==, "B001");
    g_assert_cmpstr (fx_do (fx, "noshow", 4), ==, "B001");
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "requeue", json_pack ("{s:s}", "ticket", "B001"));
    g_assert_cmpstr (fx_error (reply), ==, "requeue_limit");
    json_decref (reply);
    fixture_free (fx);
}

static void
test_missed_strict (void)
{
    GString *config = g_string_new (s_small_hall);
    g_string_replace (config, "missed_policy=requeue", "missed_policy=strict", 1);
    fixture_t *fx = fixture_new (config->str, FX_MORNING);
    g_string_free (config, TRUE);
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    g_assert_cmpstr (fx_do (fx, "noshow", 1), ==, "A001");
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "requeue", json_pack ("{s:s}", "ticket", "A001"));
    g_assert_cmpstr (fx_error (reply), ==, "requeue_refused");
    g_assert_nonnull (strstr (json_string_value (json_object_get (json_object_get (reply, "error"),
                                                                   "message")), "过号无效"));
    json_decref (reply);
    fixture_free (fx);
}

/* ---- refused transitions change nothing ----------------------------------- */

static json_t *
s_state (fixture_t *fx)
{
    json_t *snap = fixture_op (fx, HALL_ROLE_ADMIN, 0, "snapshot", NULL);
    json_t *result = json_incref (json_object_get (snap, "result"));
    json_decref (snap);
    json_object_del (result, "time");
    return result;
}

static void
s_refused (fixture_t *fx, hall_role_t role, int window, const char *op, json_t *args,
           const char *code)
{
    json_t *before = s_state (fx);
    json_t *reply = fixture_op (fx, role, window, op, args);
    if (g_strcmp0 (fx_error (reply), code) != 0)
        g_error ("%s: expected %s, got %s", op, code, fx_error (reply));
    g_assert_cmpuint (fx->last_events->len, ==, 0);
    json_decref (reply);
    json_t *after = s_state (fx);
    g_assert_true (json_equal (before, after));
    json_decref (before);
    json_decref (after);
}

#define W(n) json_pack ("{s:i}", "window", (n))
#define T(t) json_pack ("{s:s}", "ticket", (t))

static void
test_refused_transitions (void)
{
    fixture_t *fx = s_small ();
    s_refused (fx, HALL_ROLE_ADMIN, 0, "start", W (1), "bad_state");     /* nothing called */
    s_refused (fx, HALL_ROLE_ADMIN, 0, "finish", W (1), "bad_state");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "recall", W (1), "bad_state");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "noshow", W (1), "bad_state");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "transfer",
               json_pack ("{s:i, s:s}", "window", 1, "to_category", "b"), "bad_state");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "resume", W (1), "bad_state");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "signout", W (1), "bad_state");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "call", W (9), "unknown_window");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "cancel", T ("A009"), "unknown_ticket");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "issue", json_pack ("{s:s}", "category", "zz"), "unknown_category");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "signin",
               json_pack ("{s:i, s:s}", "window", 1, "staff", "77"), "unknown_staff");

    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A002");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "requeue", T ("A001"), "bad_state");  /* waiting */
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "call", W (1), "window_busy");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "finish", W (1), "bad_state");     /* called, not serving */
    s_refused (fx, HALL_ROLE_ADMIN, 0, "cancel", T ("A001"), "bad_state");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "pause", W (1), "window_busy");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "transfer",
               json_pack ("{s:i, s:i}", "window", 1, "to_window", 1), "bad_field");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "transfer",
               json_pack ("{s:i, s:i, s:s}", "window", 1, "to_window", 2, "to_category", "b"), "bad_field");
    g_assert_cmpstr (fx_do (fx, "start", 1), ==, "A001");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "recall", W (1), "bad_state");     /* serving */
    s_refused (fx, HALL_ROLE_ADMIN, 0, "noshow", W (1), "bad_state");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "start", W (1), "bad_state");
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "A001");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "cancel", T ("A001"), "bad_state"); /* finished */

    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "pause",
                                json_pack ("{s:i, s:s}", "window", 1, "reason", "午休"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    s_refused (fx, HALL_ROLE_ADMIN, 0, "pause", W (1), "bad_state");
    s_refused (fx, HALL_ROLE_ADMIN, 0, "call", W (1), "window_paused");

    /* Sign-in rules. */
    reply = fixture_op (fx, HALL_ROLE_COUNTER, 2, "signin", json_pack ("{s:i, s:s}", "window", 2, "staff", "1"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    s_refused (fx, HALL_ROLE_COUNTER, 4, "signin", json_pack ("{s:i, s:s}", "window", 4, "staff", "1"),
               "clerk_elsewhere");
    s_refused (fx, HALL_ROLE_COUNTER, 2, "signin", json_pack ("{s:i, s:s}", "window", 2, "staff", "2"),
               "bad_state");
    /* The clerk's id is recorded on the tickets they call. */
    g_assert_cmpstr (fx_call (fx, 2), ==, "A002");
    json_t *snap = s_state (fx);
    json_t *ticket = json_array_get (json_object_get (snap, "tickets"), 0);
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "clerk")), ==, "1");
    json_decref (snap);
    fixture_free (fx);
}

static void
test_roles (void)
{
    fixture_t *fx = s_small ();
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    s_refused (fx, HALL_ROLE_KIOSK, 0, "call", W (1), "forbidden");
    s_refused (fx, HALL_ROLE_DISPLAY, 0, "issue", json_pack ("{s:s}", "category", "a"), "forbidden");
    s_refused (fx, HALL_ROLE_COUNTER, 1, "call", W (2), "forbidden");       /* another window */
    s_refused (fx, HALL_ROLE_COUNTER, 1, "window.map",
               json_pack ("{s:i, s:[s]}", "window", 1, "primary", "b"), "forbidden");
    s_refused (fx, HALL_ROLE_COUNTER, 1, "category.open",
               json_pack ("{s:s, s:b}", "category", "a", "open", 0), "forbidden");
    s_refused (fx, HALL_ROLE_MANAGER, 0, "clock", json_pack ("{s:i}", "advance", 5), "forbidden");
    s_refused (fx, HALL_ROLE_RATING_PAD, 1, "call", W (1), "forbidden");
    /* A desk needs a clerk signed in at its window. */
    s_refused (fx, HALL_ROLE_COUNTER, 1, "call", W (1), "not_signed_in");
    json_t *reply = fixture_op (fx, HALL_ROLE_COUNTER, 1, "signin",
                                json_pack ("{s:i, s:s}", "window", 1, "staff", "1"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_COUNTER, 1, "call", W (1));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    fixture_free (fx);
}

static void
test_window_remap (void)
{
    fixture_t *fx = s_small ();
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B001");
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    /* Window 4 serves b only; re-mapped to a, the next call takes A001. */
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "window.map",
                                json_pack ("{s:i, s:[s], s:[]}", "window", 4, "primary", "a", "backup"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    g_assert_cmpstr (fx_call (fx, 4), ==, "A001");
    s_refused (fx, HALL_ROLE_MANAGER, 0, "window.map",
               json_pack ("{s:i, s:[s], s:[s]}", "window", 4, "primary", "a", "backup", "a"), "bad_field");
    s_refused (fx, HALL_ROLE_MANAGER, 0, "window.map",
               json_pack ("{s:i, s:[s]}", "window", 4, "primary", "zz"), "unknown_category");
    fixture_free (fx);
}

static void
test_transfer_keeps_number (void)
{
    fixture_t *fx = s_small ();
    g_assert_cmpstr (fx_issue (fx, "b"), ==, "B001");
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    g_assert_cmpstr (fx_call (fx, 2), ==, "B001");
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "transfer",
                                json_pack ("{s:i, s:s}", "window", 2, "to_category", "a"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *ticket = json_object_get (json_object_get (reply, "result"), "ticket");
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "number")), ==, "B001");
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "category")), ==, "a");
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "state")), ==, "waiting");
    json_decref (reply);
    /* Front of the a queue (config transfer_position=front). */
    g_assert_cmpstr (fx_call (fx, 1), ==, "B001");
    fixture_free (fx);
}

static void
test_idempotent_retry (void)
{
    fixture_t *fx = s_small ();
    json_t *first = fixture_op_as (fx, "kiosk-1", 42, HALL_ROLE_KIOSK, 0, "issue",
                                   json_pack ("{s:s}", "category", "a"));
    int events = fx->events;
    json_t *again = fixture_op_as (fx, "kiosk-1", 42, HALL_ROLE_KIOSK, 0, "issue",
                                   json_pack ("{s:s}", "category", "a"));
    g_assert_true (json_equal (first, again));
    g_assert_cmpint (fx->events, ==, events);                 /* nothing published */
    /* Another client's request 42 is another request. */
    json_t *other = fixture_op_as (fx, "kiosk-2", 42, HALL_ROLE_KIOSK, 0, "issue",
                                   json_pack ("{s:s}", "category", "a"));
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A003");
    json_decref (first);
    json_decref (again);
    json_decref (other);
    fixture_free (fx);
}

/* The issue reply's estimate (common/estimate.h): only windows that can
 * serve the category now count — none signed in promises nothing; two
 * signed in share the queue; pausing one leaves the other. */
static json_t *
s_issue_b (fixture_t *fx, json_t **reply_p)
{
    *reply_p = fixture_op (fx, HALL_ROLE_KIOSK, 0, "issue", json_pack ("{s:s}", "category", "b"));
    return json_object_get (*reply_p, "result");
}

static void
s_op_ok (fixture_t *fx, const char *op, json_t *args)
{
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, op, args);
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
}

static void
test_estimate (void)
{
    fixture_t *fx = s_small ();
    /* Service default is 5 min; b is served by windows 1 (backup), 2 and 4. */
    for (int i = 0; i < 6; i++)
        g_free (g_strdup (fx_issue (fx, "b")));
    json_t *reply;
    json_t *result = s_issue_b (fx, &reply);
    g_assert_cmpint (json_integer_value (json_object_get (result, "ahead")), ==, 6);
    g_assert_true (json_is_null (json_object_get (result, "estimated_wait")));     /* nobody signed in */
    g_assert_true (json_is_null (json_object_get (result, "wait_high")));
    g_assert_cmpint (json_integer_value (json_object_get (result, "open_windows")), ==, 0);
    g_assert_cmpint (json_array_size (json_object_get (result, "windows")), ==, 0);
    json_decref (reply);

    s_op_ok (fx, "signin", json_pack ("{s:i, s:s}", "window", 1, "staff", "1"));
    s_op_ok (fx, "signin", json_pack ("{s:i, s:s}", "window", 4, "staff", "2"));
    result = s_issue_b (fx, &reply);
    g_assert_cmpint (json_integer_value (json_object_get (result, "ahead")), ==, 7);
    g_assert_cmpint (json_integer_value (json_object_get (result, "open_windows")), ==, 2);
    /* Capacity 1.5: window 4 has b as its only primary (1), window 1 as its
     * only backup (½). */
    g_assert_cmpint (json_integer_value (json_object_get (result, "estimated_wait")), ==, 7 * 300 * 2 / 3);
    g_assert_cmpint (json_integer_value (json_object_get (result, "wait_low")), ==, 840);    /* × 0.6 */
    g_assert_cmpint (json_integer_value (json_object_get (result, "wait_high")), ==, 3200);  /* × 2 + 2 × 200 */
    json_t *windows = json_object_get (result, "windows");
    g_assert_cmpint (json_array_size (windows), ==, 2);                /* 1 and 4; not 2 (nobody there) */
    g_assert_cmpint (json_integer_value (json_array_get (windows, 0)), ==, 1);
    g_assert_cmpint (json_integer_value (json_array_get (windows, 1)), ==, 4);
    json_decref (reply);

    s_op_ok (fx, "pause", json_pack ("{s:i, s:s}", "window", 4, "reason", "午休"));      /* 1 is left */
    result = s_issue_b (fx, &reply);
    g_assert_cmpint (json_integer_value (json_object_get (result, "open_windows")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (result, "estimated_wait")), ==, 8 * 300 * 2);   /* backup only: ½ */
    g_assert_cmpint (json_array_size (json_object_get (result, "windows")), ==, 1);
    json_decref (reply);
    fixture_free (fx);
}

/* The engine's shortcuts against the long way: a random mix of every kind
 * of change, in which each issue's reply and event (from the issue cache)
 * must say what the uncached paths say — the status of the same ticket
 * (people ahead, estimate, windows) and the snapshot's category — and each
 * call (which reads only the heads of the queues) must take the first
 * ticket of the whole queue in the policy's order. */
static void
test_shortcuts_agree (void)
{
    fixture_t *fx = s_small ();
    GRand *rand = g_rand_new_with_seed (20261127);
    const char *categories[] = { "a", "b", "c", "B", "A" };
    int issued = 0, checked_ahead = 0, calls = 0;
    for (int step = 0; step < 1500; step++) {
        int window = g_rand_int_range (rand, 1, 5);
        int kind = g_rand_int_range (rand, 0, 100);
        json_t *reply = NULL;
        if (kind < 40) {
            const char *category = categories[g_rand_int_range (rand, 0, 5)];
            json_t *args = json_pack ("{s:s}", "category", category);
            if (g_rand_int_range (rand, 0, 6) == 0) {
                json_object_set_new (args, "green", json_string ("老年人"));
                json_object_set_new (args, "granted_by", json_string ("咨询台"));
            }
            reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "issue", args);
            if (strcmp (fx_error (reply), "ok") == 0) {
                issued++;
                json_t *result = json_object_get (reply, "result");
                const char *number = json_string_value (json_object_get (
                    json_object_get (result, "ticket"), "number"));
                json_t *event = json_incref (g_ptr_array_index (fx->last_events, 0));
                json_t *status = fixture_op (fx, HALL_ROLE_ADMIN, 0, "status",
                                             json_pack ("{s:s}", "ticket", number));
                json_t *expect = json_object_get (status, "result");
                g_assert_cmpint (json_integer_value (json_object_get (result, "ahead")), ==,
                                 json_integer_value (json_object_get (expect, "ahead")));
                g_assert_cmpint (json_integer_value (json_object_get (result, "estimated_wait")), ==,
                                 json_integer_value (json_object_get (expect, "estimated_wait")));
                g_assert_true (json_equal (json_object_get (result, "windows"),
                                           json_object_get (expect, "windows")));
                g_assert_true (json_equal (json_object_get (event, "ahead"),
                                           json_object_get (result, "ahead")));
                checked_ahead += json_integer_value (json_object_get (result, "ahead")) > 0;
                json_decref (status);
                /* The event's category is the snapshot's. */
                json_t *snapshot = fixture_op (fx, HALL_ROLE_ADMIN, 0, "snapshot", NULL);
                json_t *cat = json_object_get (event, "category");
                size_t i;
                json_t *item;
                bool found = false;
                json_array_foreach (json_object_get (json_object_get (snapshot, "result"), "categories"),
                                    i, item)
                    if (json_equal (json_object_get (item, "code"), json_object_get (cat, "code"))) {
                        found = true;
                        if (!json_equal (item, cat)) {
                            char *a = json_dumps (item, JSON_SORT_KEYS), *b = json_dumps (cat, JSON_SORT_KEYS);
                            g_error ("step %d: event category %s, snapshot %s", step, b, a);
                        }
                    }
                g_assert_true (found);
                json_decref (snapshot);
                json_decref (event);
            }
        }
        else if (kind < 79) {
            /* The window's next step, as its clerk would take it (a
             * refused request would drop the cache and hide a stale one). */
            json_t *snapshot = fixture_op (fx, HALL_ROLE_ADMIN, 0, "snapshot", NULL);
            json_t *windows = json_object_get (json_object_get (snapshot, "result"), "windows");
            const char *state = json_string_value (json_object_get (
                json_array_get (windows, (size_t) window - 1), "state"));
            /* The window's lists (kept between requests) are the store's. */
            for (int backup = 0; backup < 2; backup++) {
                sqlite3_stmt *stmt = hall_store_stmt (fx->store,
                    "SELECT json_group_array (category) FROM (SELECT wc.category FROM window_category wc"
                    " JOIN category c ON c.code = wc.category WHERE wc.window = ?1 AND wc.kind = ?2"
                    " ORDER BY c.position)");
                sqlite3_bind_int (stmt, 1, window);
                sqlite3_bind_text (stmt, 2, backup ? "backup" : "primary", -1, SQLITE_STATIC);
                g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
                json_t *stored = json_loads ((const char *) sqlite3_column_text (stmt, 0), 0, NULL);
                sqlite3_reset (stmt);
                g_assert_true (json_equal (stored, json_object_get (json_array_get (windows, (size_t) window - 1),
                                                                    backup ? "backup" : "primary")));
                json_decref (stored);
            }
            const char *op = strcmp (state, "called") == 0 ? (kind < 75 ? "start" : "noshow")
                           : strcmp (state, "serving") == 0 ? "finish"
                           : strcmp (state, "paused") == 0 ? "resume" : "call";
            /* The ticket a call takes is the first of the whole queue in
             * the policy's order (the server reads only the heads). */
            const char *expected = NULL;
            json_t *order = NULL;
            if (strcmp (op, "call") == 0) {
                json_t *result = json_object_get (snapshot, "result");
                order = hall_queue_order (json_object_get (result, "tickets"),
                                          json_array_get (windows, (size_t) window - 1),
                                          json_object_get (result, "categories"),
                                          json_integer_value (json_object_get (result, "time")));
                expected = json_string_value (json_object_get (json_array_get (order, 0), "number"));
            }
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, op, json_pack ("{s:i}", "window", window));
            g_assert_cmpstr (fx_error (reply), ==, "ok");
            if (strcmp (op, "call") == 0) {
                calls += expected != NULL;
                g_assert_cmpstr (json_string_value (json_object_get (json_object_get (
                    json_object_get (reply, "result"), "ticket"), "number")), ==, expected);
            }
            json_decref (order);
            json_decref (snapshot);
        }
        else if (kind < 82)
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "transfer",
                                json_pack ("{s:i, s:s}", "window", window, "to_category",
                                           categories[g_rand_int_range (rand, 0, 3)]));
        else if (kind < 84)
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "transfer",
                                json_pack ("{s:i, s:i}", "window", window, "to_window",
                                           g_rand_int_range (rand, 1, 5)));
        else if (kind < 86)
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, g_rand_boolean (rand) ? "pause" : "resume",
                                json_pack ("{s:i}", "window", window));
        else if (kind < 89)
            reply = g_rand_boolean (rand)
                  ? fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin",
                                json_pack ("{s:i, s:s}", "window", window,
                                           "staff", g_rand_boolean (rand) ? "1" : "2"))
                  : fixture_op (fx, HALL_ROLE_ADMIN, 0, "signout", json_pack ("{s:i}", "window", window));
        else if (kind < 91)
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "category.open",
                                json_pack ("{s:s, s:b}", "category", categories[g_rand_int_range (rand, 0, 3)],
                                           "open", g_rand_int_range (rand, 0, 4) != 0));
        else if (kind < 93)
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "window.map",
                                json_pack ("{s:i, s:[s], s:[s]}", "window", window,
                                           "primary", categories[g_rand_int_range (rand, 0, 3)],
                                           "backup", categories[g_rand_int_range (rand, 0, 3)]));
        else if (kind < 99)
            fx_advance (fx, g_rand_int_range (rand, 1, 900));
        else
            fx_advance (fx, 20 * 3600);     /* the day changes */
        json_decref (reply);
    }
    g_test_message ("%d tickets issued, %d with people ahead, %d called", issued, checked_ahead, calls);
    g_assert_cmpint (issued, >, 100);
    g_assert_cmpint (calls, >, 50);
    g_assert_cmpint (checked_ahead, >, 50);
    g_rand_free (rand);
    fixture_free (fx);
}

/* ---- the documented policy, as a list --------------------------------------
 *
 * DISPATCH.md in terms of one ordered list of the waiting tickets, without
 * queue keys: an issued ticket joins at the end; a transferred one at the
 * head (transfer_position=front) or the end (back); a re-queued one right
 * behind the K-th waiting ticket of its category and the tickets that
 * joined in that ticket's second (the end when no more than K wait).  A
 * call takes the ticket of the lowest rank (hall_queue_rank: the rules'
 * table) that comes first in the list. */
typedef struct {
    char    number[16];
    int64_t second;      /* when it joined, the list's own reckoning */
} s_entry_t;

static void
s_model_insert (GArray *model, size_t at, const char *number, int64_t second)
{
    s_entry_t entry = { .second = second };
    g_strlcpy (entry.number, number, sizeof entry.number);
    g_array_insert_val (model, at, entry);
}

static void
s_model_remove (GArray *model, const char *number)
{
    for (guint i = 0; i < model->len; i++)
        if (strcmp (g_array_index (model, s_entry_t, i).number, number) == 0) {
            g_array_remove_index (model, i);
            return;
        }
}

/* After a finish (REPLY): a journey's step done leaves the ticket waiting
 * for its next step, queued by its first issue (journey_position=issue):
 * behind every ticket of that second or before, ahead of the later.  1
 * when it did. */
static int
s_model_stepped (GArray *model, json_t *reply)
{
    json_t *ticket = json_object_get (json_object_get (reply, "result"), "ticket");
    if (g_strcmp0 (json_string_value (json_object_get (ticket, "state")), "waiting") != 0)
        return 0;
    int64_t issued = json_integer_value (json_object_get (ticket, "issued_at"));
    guint at = 0;
    while (at < model->len && g_array_index (model, s_entry_t, at).second <= issued)
        at++;
    s_model_insert (model, at, json_string_value (json_object_get (ticket, "number")), issued);
    return 1;
}

/* The snapshot's ticket NUMBER (borrowed), or NULL. */
static json_t *s_snapshot_ticket (json_t *result, const char *number);

/* The list, for the log of a failure. */
static void
s_model_dump (GArray *model, json_t *result)
{
    for (guint i = 0; i < model->len; i++) {
        json_t *t = s_snapshot_ticket (result, g_array_index (model, s_entry_t, i).number);
        g_autofree char *text = json_dumps (t, JSON_COMPACT);
        g_test_message ("list %u: %s (second %" G_GINT64_FORMAT ") %s", i,
                        g_array_index (model, s_entry_t, i).number,
                        g_array_index (model, s_entry_t, i).second, text);
    }
}

static json_t *
s_snapshot_ticket (json_t *result, const char *number)
{
    size_t i;
    json_t *ticket;
    json_array_foreach (json_object_get (result, "tickets"), i, ticket)
        if (g_strcmp0 (json_string_value (json_object_get (ticket, "number")), number) == 0)
            return ticket;
    return NULL;
}

static void
s_policy_run (const char *position, guint32 seed)
{
    g_autofree char *config = g_strdup_printf (
        "[hall]\nname=随机大厅\ntimezone=Asia/Shanghai\nmissed_policy=requeue\n"
        "requeue_after=2\nrequeue_max=9\ntransfer_position=%s\n"
        "[category a]\nprefix=A\nname=甲\ntarget_wait=10\n"
        "booking_hours=08:00-23:00\nbooking_slot=30\nbooking_capacity=99\n"
        "[category b]\nprefix=B\nname=乙\ntarget_wait=20\n"
        "booking_hours=08:00-23:00\nbooking_slot=15\nbooking_capacity=99\n"
        "[category c]\nprefix=C\nname=丙\nbooking_hours=08:00-23:00\nbooking_slot=20\nbooking_capacity=99\n"
        "[journey j]\nname=一件事\nsteps=a; b, c?\n"
        "[window 1]\nprimary=a\nbackup=b\n[window 2]\nprimary=a;b\n"
        "[window 3]\ngreen=true\nprimary=c\n[window 4]\nprimary=b;c\n", position);
    fixture_t *fx = fixture_new (config, FX_MORNING);
    bool front = strcmp (position, "front") == 0;
    GRand *rand = g_rand_new_with_seed (seed);
    GArray *model = g_array_new (FALSE, FALSE, sizeof (s_entry_t));
    GPtrArray *missed = g_ptr_array_new_with_free_func (g_free);
    const char *categories[] = { "a", "b", "c" };
    int calls = 0, requeues = 0, transfers = 0, same_second = 0, appointments = 0, appointments_called = 0;
    int journeys = 0, stepped = 0;
    int64_t last_issue = -1;
    for (int step = 0; step < 2000; step++) {
        int window = g_rand_int_range (rand, 1, 5);
        int kind = g_rand_int_range (rand, 0, 100);
        json_t *snapshot = fixture_op (fx, HALL_ROLE_ADMIN, 0, "snapshot", NULL);
        json_t *result = json_object_get (snapshot, "result");
        int64_t now = json_integer_value (json_object_get (result, "time"));
        json_t *win = json_array_get (json_object_get (result, "windows"), (size_t) window - 1);
        const char *state = json_string_value (json_object_get (win, "state"));
        json_t *reply = NULL;
        if (kind < 8) {
            /* An appointment: the next slot of a or b (its check-in window
             * is open), booked and checked in at once. */
            const char *category = categories[g_rand_int_range (rand, 0, 3)];
            int slot = category[0] == 'a' ? 30 : category[0] == 'b' ? 15 : 20;
            int minute = (int) (((now + 8 * 3600) % 86400) / 60);             /* Asia/Shanghai */
            int start = (minute / slot + 1) * slot;
            char day[16], at[8], person[16];
            hall_engine_local (fx->engine, now, day, NULL);
            g_snprintf (at, sizeof at, "%02d:%02d", start / 60, start % 60);
            g_snprintf (person, sizeof person, "P%07d", step);
            json_t *booked = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.create",
                json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "category", category, "day", day, "slot", at,
                           "name", "张三", "document", "passport", "id_number", person, "phone", "13800138000"));
            const char *code = json_string_value (json_object_get (json_object_get (json_object_get (booked, "result"),
                                                                                    "booking"), "code"));
            if (code) {
                reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "booking.checkin", json_pack ("{s:s}", "code", code));
                g_assert_cmpstr (fx_error (reply), ==, "ok");
                json_t *ticket = json_object_get (json_object_get (reply, "result"), "ticket");
                g_assert_true (json_is_object (json_object_get (ticket, "appointment")));
                s_model_insert (model, model->len, json_string_value (json_object_get (ticket, "number")), now);
                appointments++;
            }
            json_decref (booked);
        }
        else if (kind < 12) {
            /* A journey ticket: a, then b and c in any order. */
            reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "journey.issue", json_pack ("{s:s}", "journey", "j"));
            g_assert_cmpstr (fx_error (reply), ==, "ok");
            same_second += last_issue == now;
            last_issue = now;
            s_model_insert (model, model->len, json_string_value (json_object_get (json_object_get (
                json_object_get (reply, "result"), "ticket"), "number")), now);
            journeys++;
        }
        else if (kind < 40) {
            json_t *args = json_pack ("{s:s}", "category", categories[g_rand_int_range (rand, 0, 3)]);
            if (g_rand_int_range (rand, 0, 8) == 0) {
                json_object_set_new (args, "green", json_string ("老年人"));
                json_object_set_new (args, "granted_by", json_string ("咨询台"));
            }
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "issue", args);
            g_assert_cmpstr (fx_error (reply), ==, "ok");
            same_second += last_issue == now;
            last_issue = now;
            s_model_insert (model, model->len, json_string_value (json_object_get (json_object_get (
                json_object_get (reply, "result"), "ticket"), "number")), now);
        }
        else if (kind < 75 && (strcmp (state, "idle") == 0 || strcmp (state, "closed") == 0)) {
            /* The list's first ticket of the lowest rank this window may
             * call; a due appointment ticket's place in its rank is its
             * slot's start (when it checked in earlier). */
            const char *expected = NULL;
            int best = 99;
            int64_t best_start = 0;
            for (guint i = 0; i < model->len; i++) {
                const char *number = g_array_index (model, s_entry_t, i).number;
                json_t *ticket = s_snapshot_ticket (result, number);
                int rank = hall_queue_rank (ticket, win, json_object_get (result, "categories"), now);
                int64_t start = g_array_index (model, s_entry_t, i).second;
                json_t *at = json_object_get (json_object_get (ticket, "appointment"), "at");
                if (json_is_integer (at) && json_integer_value (at) <= now && json_integer_value (at) > start)
                    start = json_integer_value (at);
                if (rank >= 0 && (rank < best || (rank == best && start < best_start))) {
                    best = rank;
                    best_start = start;
                    expected = number;
                }
            }
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "call", json_pack ("{s:i}", "window", window));
            const char *called = json_string_value (json_object_get (json_object_get (
                json_object_get (reply, "result"), "ticket"), "number"));
            if (g_strcmp0 (called, expected) != 0) {
                s_model_dump (model, result);
                g_error ("step %d (%s): window %d called %s, the policy says %s", step, position, window,
                         called ? called : "nobody", expected ? expected : "nobody");
            }
            if (called) {
                s_model_remove (model, called);
                calls++;
                appointments_called += best == 3 || best == 5;
            }
        }
        else if (kind < 86 && strcmp (state, "called") == 0) {
            g_autofree char *current = NULL;
            json_t *ticket = NULL;
            size_t i;
            bool on_journey = false;
            json_array_foreach (json_object_get (result, "tickets"), i, ticket)
                if (json_equal (json_object_get (ticket, "id"), json_object_get (win, "ticket"))) {
                    current = g_strdup (json_string_value (json_object_get (ticket, "number")));
                    on_journey = json_is_object (json_object_get (ticket, "journey"));
                }
            if (on_journey && kind < 83) {
                /* Served at once: its step done moves it on. */
                json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "start", json_pack ("{s:i}", "window", window)));
                reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "finish", json_pack ("{s:i}", "window", window));
                stepped += s_model_stepped (model, reply);
            }
            else if (kind < 80) {
                reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "noshow", json_pack ("{s:i}", "window", window));
                if (strcmp (fx_error (reply), "ok") == 0 && current)
                    g_ptr_array_add (missed, g_strdup (current));
            }
            else {
                bool to_window = g_rand_boolean (rand);
                int target = g_rand_int_range (rand, 1, 5);
                json_t *args = to_window ? json_pack ("{s:i, s:i}", "window", window, "to_window", target)
                                         : json_pack ("{s:i, s:s}", "window", window, "to_category",
                                                      categories[g_rand_int_range (rand, 0, 3)]);
                reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "transfer", args);
                if (strcmp (fx_error (reply), "ok") == 0 && current) {
                    transfers++;
                    s_model_insert (model, front ? 0 : model->len, current,
                                    front ? (model->len ? g_array_index (model, s_entry_t, 0).second - 1 : now - 1)
                                          : now);
                }
            }
        }
        else if (kind < 86) {
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, strcmp (state, "serving") == 0 ? "finish" : "start",
                                json_pack ("{s:i}", "window", window));
            stepped += s_model_stepped (model, reply);
        }
        else if (kind < 93 && missed->len > 0) {
            guint pick = (guint) g_rand_int_range (rand, 0, (gint32) missed->len);
            g_autofree char *number = g_strdup (g_ptr_array_index (missed, pick));
            /* A missed ticket is in no snapshot: ask for it. */
            json_t *status = fixture_op (fx, HALL_ROLE_ADMIN, 0, "status", json_pack ("{s:s}", "ticket", number));
            g_autofree char *category = g_strdup (json_string_value (json_object_get (json_object_get (
                json_object_get (status, "result"), "ticket"), "category")));
            json_decref (status);
            g_assert_nonnull (category);
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "requeue", json_pack ("{s:s}", "ticket", number));
            if (strcmp (fx_error (reply), "ok") == 0) {
                g_ptr_array_remove_index (missed, pick);
                requeues++;
                /* Behind the K-th (K = 2) of its category not sent to a
                 * window, and behind the tickets of that ticket's second. */
                int seen = 0;
                size_t at = model->len;
                for (guint i = 0; i < model->len; i++) {
                    json_t *other = s_snapshot_ticket (result, g_array_index (model, s_entry_t, i).number);
                    if (g_strcmp0 (json_string_value (json_object_get (other, "category")), category) == 0
                        && json_is_null (json_object_get (other, "target_window")) && ++seen == 2) {
                        int64_t second = g_array_index (model, s_entry_t, i).second;
                        /* The end when no third one waits. */
                        bool third = false;
                        for (guint j = i + 1; j < model->len && !third; j++) {
                            json_t *next = s_snapshot_ticket (result, g_array_index (model, s_entry_t, j).number);
                            third = g_strcmp0 (json_string_value (json_object_get (next, "category")), category) == 0
                                    && json_is_null (json_object_get (next, "target_window"));
                        }
                        if (third) {
                            at = i + 1;
                            while (at < model->len && g_array_index (model, s_entry_t, at).second <= second)
                                at++;
                            s_model_insert (model, at, number, second);
                        }
                        break;
                    }
                }
                if (at == model->len)
                    s_model_insert (model, model->len, number, now);
                double key = json_number_value (json_object_get (json_object_get (json_object_get (
                    reply, "result"), "ticket"), "queue_key"));
                for (guint i = 0; i < model->len; i++)
                    if (strcmp (g_array_index (model, s_entry_t, i).number, number) == 0
                        && (double) g_array_index (model, s_entry_t, i).second != key) {
                        s_model_dump (model, result);
                        g_error ("step %d: requeued %s at key %.0f, the list at %" G_GINT64_FORMAT, step,
                                 number, key, g_array_index (model, s_entry_t, i).second);
                    }
            }
            else
                g_assert_cmpstr (fx_error (reply), ==, "requeue_limit");
        }
        else if (kind < 97)
            fx_advance (fx, g_rand_int_range (rand, 0, 3));       /* same-second arrivals, mostly */
        else
            fx_advance (fx, g_rand_int_range (rand, 60, 900));
        json_decref (reply);
        json_decref (snapshot);
    }
    g_test_message ("%s: %d calls checked, %d requeues, %d transfers, %d issues in the second of the one before,"
                    " %d appointment tickets (%d called by their rule)",
                    position, calls, requeues, transfers, same_second, appointments, appointments_called);
    g_test_message ("%s: %d journey tickets, %d steps moved on", position, journeys, stepped);
    g_assert_cmpint (journeys, >, 50);
    g_assert_cmpint (stepped, >, 20);
    g_assert_cmpint (appointments, >, 50);
    g_assert_cmpint (appointments_called, >, 20);
    g_assert_cmpint (calls, >, 300);
    g_assert_cmpint (requeues, >, 30);
    g_assert_cmpint (transfers, >, 30);
    g_assert_cmpint (same_second, >, 100);
    g_ptr_array_free (missed, TRUE);
    g_array_free (model, TRUE);
    g_rand_free (rand);
    fixture_free (fx);
}

static void
test_dispatch_random_against_policy (void)
{
    s_policy_run ("front", 20261201);
    s_policy_run ("back", 20261202);
}

static void
test_signin_rate_limit_and_password (void)
{
    fixture_t *fx = s_small ();
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "staff.password",
                                json_pack ("{s:s, s:s}", "staff", "2", "password", "secret-22"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    /* Wrong password five times, then locked even for the right one. */
    for (int i = 0; i < 5; i++)
        s_refused (fx, HALL_ROLE_COUNTER, 1, "signin",
                   json_pack ("{s:i, s:s, s:s}", "window", 1, "staff", "2", "password", "guess"), "auth");
    s_refused (fx, HALL_ROLE_COUNTER, 1, "signin",
               json_pack ("{s:i, s:s, s:s}", "window", 1, "staff", "2", "password", "secret-22"), "locked");
    /* Five minutes later the right password works. */
    fx_advance (fx, 301);
    reply = fixture_op (fx, HALL_ROLE_COUNTER, 1, "signin",
                        json_pack ("{s:i, s:s, s:s}", "window", 1, "staff", "2", "password", "secret-22"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    /* No password at all is refused for an account that has one. */
    s_refused (fx, HALL_ROLE_COUNTER, 4, "signin", json_pack ("{s:i, s:s}", "window", 4, "staff", "2"),
               "auth");
    fixture_free (fx);
}

/* Valid arguments for every operation (its row's example in the
 * protocol's table), so that only the role decides. */
static json_t *
s_args_for (hall_op_t op)
{
    const char *example = hall_op_example (op);
    return example ? json_loads (example, 0, NULL) : NULL;
}

/* ticket.find: any ticket of the day by number, with its history (issued,
 * called, transferred, started, finished), how long it waited and how
 * long it was served; read-only, for desks and managers. */
static void
test_ticket_find (void)
{
    fixture_t *fx = s_small ();
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin",
                                json_pack ("{s:i, s:s}", "window", 2, "staff", "2"));
    json_decref (reply);
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    fx_advance (fx, 300);                                   /* waits 5 minutes */
    g_assert_cmpstr (fx_call (fx, 2), ==, "A001");
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "transfer",
                        json_pack ("{s:i, s:s}", "window", 2, "to_category", "b"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    fx_advance (fx, 60);
    g_assert_cmpstr (fx_call (fx, 4), ==, "A001");
    g_assert_cmpstr (fx_do (fx, "start", 4), ==, "A001");
    fx_advance (fx, 420);                                   /* served 7 minutes */
    g_assert_cmpstr (fx_do (fx, "finish", 4), ==, "A001");

    /* A desk (window 2) finds it by number, in any case. */
    reply = fixture_op (fx, HALL_ROLE_COUNTER, 2, "ticket.find", json_pack ("{s:s}", "number", "a001"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *result = json_object_get (reply, "result");
    json_t *ticket = json_object_get (result, "ticket");
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "number")), ==, "A001");
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "state")), ==, "finished");
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "category")), ==, "b");
    g_assert_cmpint (json_integer_value (json_object_get (result, "waited")), ==, 300);
    g_assert_cmpint (json_integer_value (json_object_get (result, "served")), ==, 420);
    const char *want[] = { "ticket.issued", "ticket.called", "ticket.transferred", "ticket.called",
                           "ticket.started", "ticket.finished" };
    json_t *history = json_object_get (result, "history");
    g_assert_cmpint (json_array_size (history), ==, G_N_ELEMENTS (want));
    for (size_t i = 0; i < G_N_ELEMENTS (want); i++)
        g_assert_cmpstr (json_string_value (json_object_get (json_array_get (history, i), "type")), ==, want[i]);
    json_t *transferred = json_array_get (history, 2);
    g_assert_cmpint (json_integer_value (json_object_get (transferred, "window")), ==, 2);
    g_assert_cmpstr (json_string_value (json_object_get (transferred, "clerk")), ==, "2");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (transferred, "detail"), "to_category")),
                     ==, "b");
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (history, 5), "time"))
                     - json_integer_value (json_object_get (json_array_get (history, 0), "time")), ==, 780);
    json_decref (reply);

    /* A waiting ticket has waited until now, and is not served yet. */
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A002");
    fx_advance (fx, 90);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "ticket.find", json_pack ("{s:s}", "number", "A002"));
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (reply, "result"), "waited")), ==, 90);
    g_assert_true (json_is_null (json_object_get (json_object_get (reply, "result"), "served")));
    json_decref (reply);

    /* Another day's ticket by its day; a number nobody took: unknown_ticket. */
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "ticket.find",
                        json_pack ("{s:s, s:s}", "number", "A001", "day", "2026-11-26"));
    g_assert_cmpstr (fx_error (reply), ==, "unknown_ticket");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "ticket.find",
                        json_pack ("{s:s, s:s}", "number", "A001", "day", "2026-11-27"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "ticket.find", json_pack ("{s:s}", "number", "A999"));
    g_assert_cmpstr (fx_error (reply), ==, "unknown_ticket");
    json_decref (reply);
    /* A kiosk, a board or a rating pad may not look tickets up. */
    reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "ticket.find", json_pack ("{s:s}", "number", "A001"));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    fixture_free (fx);
}

/* Every operation of the protocol's table has exactly one handler among
 * the modules' rows (two would stop the server at its first request). */
static void
test_every_operation_has_a_handler (void)
{
    for (int op = HALL_OP_NONE + 1; op < HALL_OP__COUNT; op++)
        if (!hall_engine_handler (op))
            g_error ("operation %s has no handler", hall_op_name (op));
    g_assert_null (hall_engine_handler (HALL_OP_NONE));
    g_assert_null (hall_engine_handler (HALL_OP__COUNT));
}

/* The authorisation matrix, exhaustively: every operation as every role.
 * Each pair the table forbids is refused with `forbidden` and changes
 * nothing; each pair it allows is not refused for its role. */
static void
test_authorisation_matrix (void)
{
    fixture_t *fx = s_small ();
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    json_t *reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin",
                                json_pack ("{s:i, s:s}", "window", 1, "staff", "1"));
    json_decref (reply);
    int denied = 0, allowed = 0;
    for (int op = HALL_OP_NONE + 1; op < HALL_OP__COUNT; op++) {
        json_t *probe = s_args_for (op);
        if (!probe)
            g_error ("no test arguments for operation %s", hall_op_name (op));
        json_decref (probe);
        for (int role = HALL_ROLE_NONE + 1; role < HALL_ROLE__COUNT; role++) {
            int window = role == HALL_ROLE_COUNTER || role == HALL_ROLE_RATING_PAD ? 1 : 0;
            if (!hall_op_allowed (op, role)) {
                s_refused (fx, role, window, hall_op_name (op), s_args_for (op), "forbidden");
                denied++;
                continue;
            }
            /* Allowed: whatever the state says, never `forbidden`.  Run on
             * a fresh hall so earlier pairs do not interfere. */
            fixture_t *fresh = s_small ();
            g_free (g_strdup (fx_issue (fresh, "a")));
            json_decref (fixture_op (fresh, HALL_ROLE_ADMIN, 0, "signin",
                                     json_pack ("{s:i, s:s}", "window", 1, "staff", "1")));
            reply = fixture_op (fresh, role, window, hall_op_name (op), s_args_for (op));
            if (g_strcmp0 (fx_error (reply), "forbidden") == 0)
                g_error ("%s as %s was refused: the table allows it", hall_op_name (op), hall_role_name (role));
            json_decref (reply);
            fixture_free (fresh);
            allowed++;
        }
    }
    g_test_message ("%d denied and %d allowed operation x role pairs checked", denied, allowed);
    g_assert_cmpint (denied + allowed, ==, (HALL_OP__COUNT - 1) * (HALL_ROLE__COUNT - 1));
    fixture_free (fx);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
    g_test_add_func ("/dispatch/transferred-to-window-first", test_dispatch_transferred_to_window_first);
    g_test_add_func ("/dispatch/green-first", test_dispatch_green_first);
    g_test_add_func ("/dispatch/random-against-the-documented-policy", test_dispatch_random_against_policy);
    g_test_add_func ("/dispatch/green-window-takes-any-green", test_dispatch_green_window_takes_any_green);
    g_test_add_func ("/dispatch/primary-before-backup", test_dispatch_primary_before_backup);
    g_test_add_func ("/dispatch/unified-window-longest-wait", test_dispatch_unified_window_longest_wait);
    g_test_add_func ("/dispatch/overdue-moves-ahead", test_dispatch_overdue_moves_ahead);
    g_test_add_func ("/numbers/day-change", test_numbering_and_day_change);
    g_test_add_func ("/numbers/daily-cap", test_daily_cap);
    g_test_add_func ("/numbers/issuing-hours", test_issuing_hours);
    g_test_add_func ("/numbers/closed-and-unknown", test_closed_category_and_unknown);
    g_test_add_func ("/numbers/one-per-person", test_one_waiting_ticket_per_person);
    g_test_add_func ("/missed/requeue-after-k", test_missed_requeue_after_k);
    g_test_add_func ("/missed/strict", test_missed_strict);
    g_test_add_func ("/transitions/refused", test_refused_transitions);
    g_test_add_func ("/transitions/transfer-keeps-number", test_transfer_keeps_number);
    g_test_add_func ("/roles/enforced", test_roles);
    g_test_add_func ("/roles/authorisation-matrix", test_authorisation_matrix);
    g_test_add_func ("/ops/every-operation-has-a-handler", test_every_operation_has_a_handler);
    g_test_add_func ("/ops/ticket-find", test_ticket_find);
    g_test_add_func ("/roles/signin-rate-limit-and-password", test_signin_rate_limit_and_password);
    g_test_add_func ("/config/window-remap", test_window_remap);
    g_test_add_func ("/requests/idempotent-retry", test_idempotent_retry);
    g_test_add_func ("/estimate/ahead-over-windows", test_estimate);
    g_test_add_func ("/dispatch/shortcuts-agree-with-full-reads", test_shortcuts_agree);
    return g_test_run ();
}
