/*  it-journey.c — "一件事" journeys on the real hall-server over loopback
 *  with the test clock, driven through hallctl: a four-step journey with
 *  an optional step and two unordered ones walks to its end with one
 *  number; back to an earlier step and skip are recorded; a subscriber's
 *  mirror follows every step; the day change expires a journey still on
 *  its way, and a restart keeps where journeys stand.
 */
#include "harness.h"
#include "session.h"
#include <signal.h>
#include <string.h>

#define MORNING ((gint64) 1795741200)     /* Friday 2026-11-27 09:00 Asia/Shanghai */

static const char *s_hall =
    "[hall]\nname=一件事大厅\ntimezone=Asia/Shanghai\n"
    "[category business]\nprefix=A\nname=企业登记\n"
    "[category seal]\nprefix=B\nname=印章刻制\n"
    "[category social]\nprefix=C\nname=社保登记\n"
    "[category bank]\nprefix=D\nname=银行开户\n"
    "[journey kaiban]\nname=企业开办一件事\nsteps=business; seal, social?; bank?\n"
    "[window 1]\nprimary=business\n[window 2]\nprimary=seal\n[window 3]\nprimary=social\n[window 4]\nprimary=bank\n"
    "[staff 1001]\nname=王芳\n[staff 1002]\nname=李娜\n[staff 1003]\nname=张伟\n[staff 1004]\nname=刘洋\n"
    "[staff 1009]\nname=赵敏\n";

static void
s_signin (server_t *server)
{
    for (int w = 1; w <= 4; w++) {
        char window[4], staff[8];
        g_snprintf (window, sizeof window, "%d", w);
        g_snprintf (staff, sizeof staff, "100%d", w);
        g_free (hallctl_ok (server, "signin", window, staff, NULL));
    }
}

static void
s_serve (server_t *server, const char *window, const char *expect)
{
    g_autofree char *called = hallctl_ok (server, "call", window, NULL);
    g_assert_cmpstr (called, ==, expect);
    g_free (hallctl_ok (server, "clock", "--advance", "60", NULL));
    g_free (hallctl_ok (server, "start", window, NULL));
    g_free (hallctl_ok (server, "clock", "--advance", "240", NULL));
    g_free (hallctl_ok (server, "finish", window, NULL));
}

static char *
s_steps (server_t *server)
{
    return db_query (server, "SELECT group_concat (category || ':' || state, ' ')"
                             " FROM (SELECT * FROM journey_step ORDER BY ticket, position)");
}

static void
test_walk (void)
{
    server_t *server = server_start (s_hall, MORNING);
    s_signin (server);
    hall_session_t *board = hall_session_new (server->requests, server->events, HALL_ROLE_DISPLAY, 0, NULL);
    g_autofree char *number = hallctl_ok (server, "journey", "issue", "kaiban", NULL);
    g_assert_cmpstr (number, ==, "A001");
    s_serve (server, "1", "A001");
    g_autofree char *after_one = db_query (server, "SELECT state || ' ' || category FROM ticket WHERE number = 'A001'");
    g_assert_cmpstr (after_one, ==, "waiting seal");
    s_serve (server, "2", "A001");
    /* Window 3 calls it for social insurance; the clerk skips it. */
    g_autofree char *three = hallctl_ok (server, "call", "3", NULL);
    g_assert_cmpstr (three, ==, "A001");
    g_free (hallctl_ok (server, "journey", "skip", "3", NULL));
    s_serve (server, "4", "A001");
    g_autofree char *done = db_query (server, "SELECT state || ' ' || number FROM ticket");
    g_assert_cmpstr (done, ==, "finished A001");                  /* one ticket, one number */
    g_autofree char *steps = s_steps (server);
    g_assert_cmpstr (steps, ==, "business:done seal:done social:skipped bank:done");
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM event WHERE type = 'ticket.stepped'"), ==, 3);
    g_assert_true (harness_mirror_matches (board, server));
    /* The journey's figures, as the server reports them, against its rows:
     * one journey, completed, its time from the issue to the last finish;
     * per step done or skipped, and each step's service. */
    int status;
    g_autofree char *report = hallctl (server, &status, "--json", "report", "--by", "journey", NULL);
    g_assert_cmpint (status, ==, 0);
    json_t *root = json_loads (report, 0, NULL);
    g_assert_nonnull (root);
    json_t *row = json_array_get (json_object_get (root, "rows"), 0);
    g_assert_cmpint (json_integer_value (json_object_get (row, "journeys")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (row, "completed")), ==, 1);
    g_assert_cmpint ((gint64) json_real_value (json_object_get (row, "total_time_avg")), ==,
                     db_int (server, "SELECT finished_at - issued_at FROM ticket WHERE number = 'A001'"));
    json_t *per_step = json_object_get (row, "steps");
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (per_step, 2), "skipped")), ==, 1);
    for (int i = 0; i < 4; i++) {
        g_autofree char *sql = g_strdup_printf ("SELECT coalesce (finished_at - started_at, -1) FROM journey_step"
                                                " WHERE position = %d AND state = 'done'", i);
        json_t *service = json_object_get (json_array_get (per_step, (size_t) i), "service_avg");
        g_assert_cmpint (json_is_null (service) ? -1 : (gint64) json_real_value (service), ==,
                         i == 2 ? -1 : db_int (server, sql));
    }
    json_decref (root);
    hall_session_destroy (&board);
    server_free (server);
}

/* Back to the first step from the second (materials missing), recorded;
 * the journey's place is kept over a restart; the day change expires it. */
static void
test_back_restart_day (void)
{
    server_t *server = server_start (s_hall, MORNING);
    s_signin (server);
    g_free (hallctl_ok (server, "journey", "issue", "kaiban", NULL));
    s_serve (server, "1", "A001");
    g_autofree char *two = hallctl_ok (server, "call", "2", NULL);
    g_assert_cmpstr (two, ==, "A001");
    g_free (hallctl_ok (server, "journey", "back", "2", "0", NULL));
    g_autofree char *back = db_query (server, "SELECT state || ' ' || category FROM ticket WHERE number = 'A001'");
    g_assert_cmpstr (back, ==, "waiting business");
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM event WHERE type = 'ticket.stepped'"
                                      " AND json_extract (detail, '$.action') = 'back'"), ==, 1);
    g_autofree char *steps = s_steps (server);
    g_assert_cmpstr (steps, ==, "business:current seal:pending social:pending bank:pending");
    server_kill (server, SIGKILL);
    server_restart (server);
    g_autofree char *kept = s_steps (server);
    g_assert_cmpstr (kept, ==, steps);
    /* A 帮办 clerk accompanies it; hallctl journeys lists it for them. */
    g_free (hallctl_ok (server, "journey", "accompany", "A001", "--staff", "1009", NULL));
    int status;
    g_autofree char *listed = hallctl (server, &status, "journeys", "--helper", "1009", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (listed, "A001\tkaiban\t第 1 步 / 共 4 步\tbusiness\twaiting\t帮办 1009\n"));
    /* Next day: the journey still on its way expires with the day. */
    g_free (hallctl_ok (server, "clock", "--advance", "86400", NULL));
    g_free (hallctl_ok (server, "status", NULL));
    g_autofree char *expired = db_query (server, "SELECT state FROM ticket WHERE number = 'A001'");
    g_assert_cmpstr (expired, ==, "expired");
    server_free (server);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/journey/walk-with-one-number", test_walk);
    g_test_add_func ("/journey/back-restart-day-change", test_back_restart_day);
    return g_test_run ();
}
