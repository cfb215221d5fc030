/*  test-phone.c — the visitor's phone in the engine (server/phone.c):
 *  every ticket's link token (random, never published), the page's view
 *  by token, rating from the phone (channel "phone", one rating per
 *  ticket across pad and phone), and the SMS the hall owes (once per
 *  ticket and kind, none after the day ends, the number erased with it).
 */
#include "engine-fixture.h"
#include "mirror.h"
#include <string.h>

static const char *s_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\nnotify_ahead=2\n"
    "[category a]\nprefix=A\nname=甲\ntarget_wait=10\n"
    "booking_hours=08:00-23:00\nbooking_slot=15\nbooking_capacity=99\n"
    "[window 1]\nprimary=a\n"
    "[window 2]\nprimary=a\n"
    "[staff 1001]\nname=王芳\n"
    "[staff 1002]\nname=李娜\n";

static fixture_t *
s_fixture (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin",
                             json_pack ("{s:i, s:s}", "window", 1, "staff", "1001")));
    return fx;
}

/* Issues a ticket of a; its link token into TOKEN (22 characters). */
static void
s_issue (fixture_t *fx, char token[32], const char *expect)
{
    json_t *reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "issue", json_pack ("{s:s}", "category", "a"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *result = json_object_get (reply, "result");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (result, "ticket"), "number")), ==, expect);
    const char *t = json_string_value (json_object_get (result, "token"));
    g_assert_nonnull (t);
    g_assert_cmpuint (strlen (t), ==, 22);
    for (const char *c = t; *c; c++)
        g_assert_true (g_ascii_isalnum (*c) || *c == '-' || *c == '_');
    /* Nothing published carries it: the ticket.issued event, the snapshot. */
    for (guint i = 0; i < fx->last_events->len; i++) {
        g_autofree char *text = json_dumps (g_ptr_array_index (fx->last_events, i), 0);
        g_assert_null (strstr (text, t));
    }
    json_t *snapshot = fixture_op (fx, HALL_ROLE_DISPLAY, 0, "snapshot", NULL);
    g_autofree char *text = json_dumps (snapshot, 0);
    g_assert_null (strstr (text, t));
    json_decref (snapshot);
    g_strlcpy (token, t, 32);
    json_decref (reply);
}

static json_t *
s_web (fixture_t *fx, const char *op, json_t *args)
{
    return fixture_op (fx, HALL_ROLE_WEB, 0, op, args);
}

static void
test_token_and_view (void)
{
    fixture_t *fx = s_fixture ();
    char t1[32], t2[32], t3[32];
    s_issue (fx, t1, "A001");
    s_issue (fx, t2, "A002");
    s_issue (fx, t3, "A003");
    g_assert_cmpstr (t1, !=, t2);
    json_t *reply = s_web (fx, "ticket.view", json_pack ("{s:s}", "token", t3));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *result = json_object_get (reply, "result");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (result, "ticket"), "number")), ==, "A003");
    g_assert_cmpint (json_integer_value (json_object_get (result, "ahead")), ==, 2);
    g_assert_cmpint (json_integer_value (json_object_get (result, "open_windows")), ==, 1);
    g_assert_true (json_is_integer (json_object_get (result, "wait_high")));
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (result, "category"), "name")), ==, "甲");
    g_assert_true (json_is_null (json_object_get (result, "rating")));
    json_decref (reply);
    /* A made-up or shortened token is no ticket. */
    reply = s_web (fx, "ticket.view", json_pack ("{s:s}", "token", "AAAAAAAAAAAAAAAAAAAAAA"));
    g_assert_cmpstr (fx_error (reply), ==, "unknown_ticket");
    json_decref (reply);
    char shorter[32];
    g_strlcpy (shorter, t1, 21);
    reply = s_web (fx, "ticket.view", json_pack ("{s:s}", "token", shorter));
    g_assert_cmpstr (fx_error (reply), ==, "unknown_ticket");
    json_decref (reply);
    /* The desks and the board may not look tickets up by token. */
    reply = fixture_op (fx, HALL_ROLE_DISPLAY, 0, "ticket.view", json_pack ("{s:s}", "token", t1));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    /* The next day the link has expired (the ticket expired with its day). */
    fx_advance (fx, 86400);
    reply = s_web (fx, "ticket.view", json_pack ("{s:s}", "token", t1));
    g_assert_cmpstr (fx_error (reply), ==, "bad_state");
    json_decref (reply);
    fixture_free (fx);
}

static json_t *
s_phone_rate (fixture_t *fx, const char *token, int level, const char *reason)
{
    json_t *args = json_pack ("{s:s, s:i}", "token", token, "level", level);
    if (reason)
        json_object_set_new (args, "reasons", json_pack ("[s]", reason));
    return s_web (fx, "rate", args);
}

static void
test_rate_from_phone (void)
{
    fixture_t *fx = s_fixture ();
    char t1[32], t2[32];
    s_issue (fx, t1, "A001");
    s_issue (fx, t2, "A002");
    /* Not finished yet: nothing to rate. */
    json_t *reply = s_phone_rate (fx, t1, 5, NULL);
    g_assert_cmpstr (fx_error (reply), ==, "bad_state");
    json_decref (reply);
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    g_assert_cmpstr (fx_do (fx, "start", 1), ==, "A001");
    fx_advance (fx, 240);
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "A001");
    /* The phone rates by its token only, with the pad's rules. */
    reply = s_web (fx, "rate", json_pack ("{s:i, s:i}", "window", 1, "level", 5));
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    json_decref (reply);
    reply = s_phone_rate (fx, t1, 1, NULL);
    g_assert_cmpstr (fx_error (reply), ==, "reason_required");
    json_decref (reply);
    reply = s_phone_rate (fx, t1, 1, "wait_long");
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *result = json_object_get (reply, "result");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (result, "rating"), "channel")), ==, "phone");
    g_assert_true (json_is_object (json_object_get (result, "case")));      /* a 差评 opens its case */
    json_decref (reply);
    /* Once per ticket: again from the phone, or from the window's pad. */
    reply = s_phone_rate (fx, t1, 5, NULL);
    g_assert_cmpstr (fx_error (reply), ==, "already_rated");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_RATING_PAD, 1, "rate", json_pack ("{s:i, s:i}", "window", 1, "level", 5));
    g_assert_cmpstr (fx_error (reply), ==, "already_rated");
    json_decref (reply);
    reply = s_web (fx, "ticket.view", json_pack ("{s:s}", "token", t1));
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (json_object_get (reply, "result"),
                                                                           "rating"), "level")), ==, 1);
    json_decref (reply);
    fixture_free (fx);
}

/* The messages owed now: (kind, number) of each, "near:A003 called:A001". */
static char *
s_owed (fixture_t *fx, json_t **owed_p)
{
    json_t *reply = s_web (fx, "notify.owed", NULL);
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *owed = json_object_get (json_object_get (reply, "result"), "owed");
    GString *text = g_string_new (NULL);
    size_t i;
    json_t *item;
    json_array_foreach (owed, i, item)
        g_string_append_printf (text, "%s%s:%s", i ? " " : "", json_string_value (json_object_get (item, "kind")),
                                json_string_value (json_object_get (item, "number")));
    if (owed_p)
        *owed_p = json_incref (owed);
    json_decref (reply);
    return g_string_free (text, FALSE);
}

static void
s_sent (fixture_t *fx, json_t *owed)
{
    size_t i;
    json_t *item;
    json_array_foreach (owed, i, item) {
        json_t *reply = s_web (fx, "notify.sent", json_pack ("{s:O}", "id", json_object_get (item, "id")));
        g_assert_cmpstr (fx_error (reply), ==, "ok");
        json_decref (reply);
    }
}

static void
test_notify (void)
{
    fixture_t *fx = s_fixture ();
    char t[6][32];
    for (int i = 0; i < 6; i++) {
        g_autofree char *number = g_strdup_printf ("A%03d", i + 1);
        s_issue (fx, t[i], number);
    }
    json_t *reply = s_web (fx, "notify.subscribe", json_pack ("{s:s, s:s}", "token", t[4], "phone", "1380013800"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");                    /* 10 digits */
    json_decref (reply);
    reply = s_web (fx, "notify.subscribe", json_pack ("{s:s, s:s}", "token", t[4], "phone", "13800138000"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (reply, "result"), "phone")), ==, "138****8000");
    json_decref (reply);
    /* A005 has 4 ahead, the hall warns at 2: nothing owed yet. */
    g_autofree char *none = s_owed (fx, NULL);
    g_assert_cmpstr (none, ==, "");
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    g_autofree char *still = s_owed (fx, NULL);
    g_assert_cmpstr (still, ==, "");
    g_assert_cmpstr (fx_do (fx, "start", 1), ==, "A001");
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "A001");
    g_assert_cmpstr (fx_call (fx, 1), ==, "A002");                          /* A005: 2 ahead */
    json_t *owed = NULL;
    g_autofree char *near = s_owed (fx, &owed);
    g_assert_cmpstr (near, ==, "near:A005");
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (owed, 0), "ahead")), ==, 2);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (owed, 0), "phone")), ==, "13800138000");
    /* Not delivered yet (a failed try): still owed, with the same key. */
    const char *key = json_string_value (json_object_get (json_array_get (owed, 0), "key"));
    g_autofree char *first_key = g_strdup (key);
    reply = s_web (fx, "notify.sent", json_pack ("{s:O, s:b}", "id", json_object_get (json_array_get (owed, 0), "id"),
                                                 "ok", 0));
    json_decref (reply);
    json_decref (owed);
    g_autofree char *again = s_owed (fx, &owed);
    g_assert_cmpstr (again, ==, "near:A005");
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (owed, 0), "key")), ==, first_key);
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (owed, 0), "tries")), ==, 1);
    s_sent (fx, owed);
    json_decref (owed);
    /* Delivered: never again, even as more people go ahead of it. */
    g_assert_cmpstr (fx_do (fx, "start", 1), ==, "A002");
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "A002");
    g_assert_cmpstr (fx_call (fx, 1), ==, "A003");
    g_autofree char *after = s_owed (fx, NULL);
    g_assert_cmpstr (after, ==, "");
    g_assert_cmpstr (fx_do (fx, "start", 1), ==, "A003");
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "A003");
    g_assert_cmpstr (fx_call (fx, 1), ==, "A004");
    g_assert_cmpstr (fx_do (fx, "start", 1), ==, "A004");
    g_assert_cmpstr (fx_do (fx, "finish", 1), ==, "A004");
    g_assert_cmpstr (fx_call (fx, 1), ==, "A005");
    g_autofree char *called = s_owed (fx, &owed);
    g_assert_cmpstr (called, ==, "called:A005");
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (owed, 0), "window")), ==, 1);
    json_decref (owed);

    /* A6 subscribes; its message is owed when the day ends unsent: the
     * day change drops it and erases both numbers. */
    reply = s_web (fx, "notify.subscribe", json_pack ("{s:s, s:s}", "token", t[5], "phone", "13912345678"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_decref (reply);
    g_autofree char *both = s_owed (fx, NULL);
    g_assert_cmpstr (both, ==, "called:A005 near:A006");
    fx_advance (fx, 86400);
    json_decref (fixture_op (fx, HALL_ROLE_DISPLAY, 0, "snapshot", NULL));
    g_autofree char *next_day = s_owed (fx, NULL);
    g_assert_cmpstr (next_day, ==, "");
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (hall_store_db (fx->store),
        "SELECT count(*) FROM ticket WHERE phone IS NOT NULL", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
    fixture_free (fx);
}

/* hall-web counts people ahead from its mirror (common/mirror.c): the
 * same figure as the server's, for ordinary, green, transferred and
 * appointment tickets (due or not yet), checked against `status` after
 * each of a mix of changes. */
static void
test_mirror_ahead_agrees (void)
{
    fixture_t *fx = s_fixture ();
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin",
                             json_pack ("{s:i, s:s}", "window", 2, "staff", "1002")));
    GRand *rand = g_rand_new_with_seed (20261202);
    int checked = 0, appointments = 0;
    for (int step = 0; step < 120; step++) {
        int kind = g_rand_int_range (rand, 0, 12);
        json_t *reply = NULL;
        if (kind >= 10) {
            /* An appointment for the next slot, checked in at once: due
             * within the quarter hour. */
            json_t *now = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.slots", json_pack ("{s:s}", "category", "a"));
            json_t *day = json_array_get (json_object_get (json_object_get (now, "result"), "days"), 0);
            json_t *slot = json_array_get (json_object_get (day, "slots"), 0);
            char person[16];
            g_snprintf (person, sizeof person, "P%07d", step);
            json_t *booked = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.create",
                json_pack ("{s:s, s:O, s:O, s:s, s:s, s:s, s:s}", "category", "a", "day", json_object_get (day, "day"),
                           "slot", json_object_get (slot, "start"), "name", "张三", "document", "passport",
                           "id_number", person, "phone", "13800138000"));
            const char *code = json_string_value (json_object_get (json_object_get (json_object_get (booked, "result"),
                                                                                    "booking"), "code"));
            if (code)
                reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "booking.checkin", json_pack ("{s:s}", "code", code));
            json_decref (booked);
            json_decref (now);
        }
        else if (kind < 5)
            g_free (g_strdup (fx_issue (fx, "a")));
        else if (kind < 6)
            reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "issue",
                                json_pack ("{s:s, s:s, s:s}", "category", "a", "green", "老年人", "granted_by", "导服台"));
        else if (kind < 8) {
            int window = g_rand_int_range (rand, 1, 3);
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "finish", json_pack ("{s:i}", "window", window));
            json_decref (reply);
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "call", json_pack ("{s:i}", "window", window));
        } else if (kind < 9)
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "noshow", json_pack ("{s:i}", "window", 1));
        else if (step % 2)
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "start", json_pack ("{s:i}", "window", 2));
        else
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "transfer",
                                json_pack ("{s:i, s:i}", "window", 1, "to_window", 2));
        json_decref (reply);
        fx_advance (fx, g_rand_int_range (rand, 0, 90));
        json_t *snapshot = fixture_op (fx, HALL_ROLE_WEB, 0, "snapshot", NULL);
        hall_mirror_t *mirror = hall_mirror_new ();
        g_assert_cmpint (hall_mirror_load (mirror, json_object_get (snapshot, "result")), ==, 0);
        size_t i;
        json_t *ticket;
        json_array_foreach (hall_mirror_tickets (mirror), i, ticket) {
            if (g_strcmp0 (json_string_value (json_object_get (ticket, "state")), "waiting") != 0)
                continue;
            json_t *status = fixture_op (fx, HALL_ROLE_WEB, 0, "status",
                                         json_pack ("{s:O}", "ticket", json_object_get (ticket, "number")));
            g_assert_cmpint (hall_mirror_ahead (mirror, ticket, json_integer_value (json_object_get (
                                 json_object_get (snapshot, "result"), "time"))), ==,
                             json_integer_value (json_object_get (json_object_get (status, "result"), "ahead")));
            json_decref (status);
            checked++;
            appointments += json_is_object (json_object_get (ticket, "appointment"));
        }
        hall_mirror_destroy (&mirror);
        json_decref (snapshot);
    }
    g_test_message ("%d tickets' people ahead compared, %d of them appointments", checked, appointments);
    g_assert_cmpint (appointments, >, 20);
    g_assert_cmpint (checked, >, 200);
    g_rand_free (rand);
    fixture_free (fx);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/phone/token-and-view", test_token_and_view);
    g_test_add_func ("/phone/rate-from-phone", test_rate_from_phone);
    g_test_add_func ("/phone/notify", test_notify);
    g_test_add_func ("/phone/mirror-ahead-agrees", test_mirror_ahead_agrees);
    return g_test_run ();
}
