/*  it-server.c — the real hall-server on loopback, driven through hallctl
 *  and through common/'s session: unified windows, green channel,
 *  transfers, a whole simulated day of 500+ tickets over 8 windows, and
 *  subscribers whose mirror matches a fresh snapshot.
 */
#include "harness.h"
#include "session.h"
#include <string.h>

#define MORNING ((gint64) 1795741200)     /* 2026-11-27 09:00 Asia/Shanghai */

static char *
s_ok (server_t *server, ...)
{
    /* hallctl with up to 6 arguments, must exit 0; returns the first line. */
    va_list args;
    va_start (args, server);
    const char *a[7] = { NULL };
    for (int i = 0; i < 6 && (a[i] = va_arg (args, const char *)); i++)
        ;
    va_end (args);
    int status;
    char *out = hallctl (server, &status, a[0], a[1], a[2], a[3], a[4], a[5], NULL);
    if (status != 0)
        g_error ("hallctl %s %s %s: exit %d: %s", a[0], a[1] ? a[1] : "", a[2] ? a[2] : "",
                 status, out);
    char *newline = strchr (out, '\n');
    if (newline)
        *newline = 0;
    return out;
}

/* First word of hallctl's output line. */
static char *
s_word (char *line)
{
    char *space = strchr (line, ' ');
    if (space)
        *space = 0;
    return line;
}

static void
test_hallctl_unified_window (void)
{
    server_t *server = server_start (NULL, MORNING);
    /* Demo hall: window 2 serves business (A) and deregister (E) as primary. */
    g_autofree char *e1 = s_ok (server, "issue", "deregister", NULL);
    g_assert_true (g_str_has_prefix (e1, "E001 "));
    g_assert_nonnull (strstr (e1, "ahead 0"));
    g_free (s_ok (server, "clock", "--advance", "120", NULL));
    g_autofree char *a1 = s_ok (server, "issue", "business", NULL);
    g_assert_cmpstr (s_word (a1), ==, "A001");
    g_autofree char *a2 = s_ok (server, "issue", "A", NULL);
    g_assert_cmpstr (s_word (a2), ==, "A002");
    /* The longest wait across both categories: E001, then A001. */
    g_free (s_ok (server, "signin", "2", "1002", NULL));
    g_free (s_ok (server, "signin", "3", "1003", NULL));
    g_autofree char *c1 = s_ok (server, "call", "2", NULL);
    g_assert_cmpstr (c1, ==, "E001");
    g_free (s_ok (server, "recall", "2", NULL));        /* the demo hall: a no-show after a recall */
    g_free (s_ok (server, "no-show", "2", NULL));
    g_autofree char *c2 = s_ok (server, "call", "2", NULL);
    g_assert_cmpstr (c2, ==, "A001");
    /* Window 3 serves neither: none. */
    g_autofree char *c3 = s_ok (server, "call", "3", NULL);
    g_assert_cmpstr (c3, ==, "none");
    /* A refused operation: exit 1 and one line with the code. */
    int status;
    g_autofree char *out = hallctl (server, &status, "finish", "2", NULL);
    g_assert_cmpint (status, ==, 1);
    out = (g_free (out), hallctl (server, &status, "issue", "nosuch", NULL));
    g_assert_cmpint (status, ==, 1);
    server_free (server);
}

/* hallctl issue takes a category's code, its Chinese or its English name;
 * a word that names none is refused with the hall's categories listed. */
static void
test_hallctl_issue_by_name (void)
{
    server_t *server = server_start (NULL, MORNING);
    g_autofree char *a1 = s_ok (server, "issue", "企业开办", NULL);
    g_assert_cmpstr (s_word (a1), ==, "A001");
    g_autofree char *a2 = s_ok (server, "issue", "business start-up", NULL);
    g_assert_cmpstr (s_word (a2), ==, "A002");
    g_autofree char *b1 = s_ok (server, "issue", "construction", NULL);
    g_assert_cmpstr (s_word (b1), ==, "B001");
    int status = 0;
    g_autofree char *none = hallctl (server, &status, "issue", "开办企业", NULL);
    g_assert_cmpint (status, ==, 1);
    const char *said = hallctl_last_error ();
    g_assert_nonnull (strstr (said, "unknown_category: no category is called '开办企业'"));
    g_assert_nonnull (strstr (said, "business"));
    g_assert_nonnull (strstr (said, "企业开办"));
    g_assert_nonnull (strstr (said, "工程建设"));
    g_free (none);
    none = hallctl (server, &status, "issue", "nosuchcode", NULL);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (hallctl_last_error (), "no category is called 'nosuchcode'"));
    /* With --req (a retried request) the name is looked up first, and a
     * retry gets the first answer. */
    g_autofree char *c1 = s_ok (server, "--client", "retry", "--req", "41", "issue", "Tendering", NULL);
    g_autofree char *c1again = s_ok (server, "--client", "retry", "--req", "41", "issue", "Tendering", NULL);
    g_assert_cmpstr (s_word (c1), ==, "C001");
    g_assert_cmpstr (s_word (c1again), ==, "C001");
    g_free (none);
    none = hallctl (server, &status, "--client", "retry", "--req", "42", "issue", "开办企业", NULL);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (hallctl_last_error (), "no category is called '开办企业'"));
    g_autofree char *issued = db_query (server, "SELECT count(*) FROM ticket");
    g_assert_cmpstr (issued, ==, "4");
    server_free (server);
}

/* `hallctl call` acts as the window's desk: with nobody signed in there it
 * is the server's not_signed_in (exit 1), not the admin's call at any
 * window; after a clerk signs in the same call works (issue 21). */
static void
test_hallctl_call_needs_a_clerk (void)
{
    server_t *server = server_start (NULL, MORNING);
    g_autofree char *a1 = s_ok (server, "issue", "business", NULL);
    g_assert_cmpstr (s_word (a1), ==, "A001");
    const char *desk_ops[][2] = { { "call", NULL }, { "recall", NULL }, { "start", NULL }, { "finish", NULL },
                                  { "noshow", NULL }, { "pause", NULL }, { "transfer", "--to-window=2" } };
    for (size_t i = 0; i < G_N_ELEMENTS (desk_ops); i++) {
        int status = 0;
        g_autofree char *out = hallctl (server, &status, desk_ops[i][0], "1", desk_ops[i][1], NULL);
        g_assert_cmpint (status, ==, 1);
        g_assert_cmpstr (out, ==, "");
        if (!strstr (hallctl_last_error (), "not_signed_in"))
            g_error ("hallctl %s 1 said '%s'", desk_ops[i][0], hallctl_last_error ());
    }
    g_autofree char *state = db_query (server, "SELECT state FROM ticket WHERE number = 'A001'");
    g_assert_cmpstr (state, ==, "waiting");
    g_autofree char *paused = db_query (server, "SELECT count(*) FROM service_window WHERE paused");
    g_assert_cmpstr (paused, ==, "0");
    /* Explicitly the admin (--role admin), it still acts at any window,
     * as the protocol lets it. */
    g_free (s_ok (server, "--role", "admin", "pause", "2", NULL));
    g_free (paused);
    paused = db_query (server, "SELECT group_concat(number) FROM service_window WHERE paused");
    g_assert_cmpstr (paused, ==, "2");
    g_free (s_ok (server, "signin", "1", "1001", NULL));
    g_autofree char *called = s_ok (server, "call", "1", NULL);
    g_assert_cmpstr (s_word (called), ==, "A001");
    g_free (state);
    state = db_query (server, "SELECT state FROM ticket WHERE number = 'A001'");
    g_assert_cmpstr (state, ==, "called");
    server_free (server);
}

static void
test_hallctl_green_first (void)
{
    server_t *server = server_start (NULL, MORNING);
    g_autofree char *a1 = s_ok (server, "issue", "business", NULL);
    g_free (s_ok (server, "clock", "--advance", "300", NULL));
    g_autofree char *a2 = s_ok (server, "issue", "business", "--green", "老年人", "--granted-by", "导服台", NULL);
    g_assert_cmpstr (s_word (a2), ==, "A002");
    g_free (s_ok (server, "signin", "1", "1001", NULL));
    g_autofree char *called = s_ok (server, "call", "1", NULL);
    g_assert_cmpstr (called, ==, "A002");
    g_autofree char *granted = db_query (server, "SELECT granted_by || '/' || green FROM ticket WHERE number = 'A002'");
    g_assert_cmpstr (granted, ==, "导服台/老年人");
    server_free (server);
}

static void
test_hallctl_transfer_keeps_number (void)
{
    server_t *server = server_start (NULL, MORNING);
    g_free (s_ok (server, "issue", "construction", NULL));
    g_free (s_ok (server, "issue", "general", NULL));
    for (int w = 3; w <= 5; w++) {
        char window[4], staff[8];
        g_snprintf (window, sizeof window, "%d", w);
        g_snprintf (staff, sizeof staff, "%d", 1000 + w);
        g_free (s_ok (server, "signin", window, staff, NULL));
    }
    g_autofree char *c = s_ok (server, "call", "3", NULL);
    g_assert_cmpstr (c, ==, "B001");
    g_free (s_ok (server, "start", "3", NULL));
    g_free (s_ok (server, "transfer", "3", "--to-window", "5", NULL));
    /* Window 5 serves general (D001 waiting), but the ticket transferred
     * to it comes first, with its number. */
    g_autofree char *c5 = s_ok (server, "call", "5", NULL);
    g_assert_cmpstr (c5, ==, "B001");
    g_free (s_ok (server, "start", "5", NULL));
    g_free (s_ok (server, "transfer", "5", "--to-category", "tender", NULL));
    g_autofree char *c4 = s_ok (server, "call", "4", NULL);
    g_assert_cmpstr (c4, ==, "B001");
    g_assert_cmpint (db_int (server, "SELECT transfers FROM ticket WHERE number = 'B001'"), ==, 2);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM event WHERE type = 'ticket.transferred'"), ==, 2);
    server_free (server);
}

/* hallctl find: one ticket's history, each step at its offset from the
 * issue, with the window and the clerk. */
static void
test_hallctl_find (void)
{
    server_t *server = server_start (NULL, MORNING);
    g_free (s_ok (server, "signin", "3", "1003", NULL));
    g_free (s_ok (server, "issue", "construction", NULL));
    g_free (s_ok (server, "clock", "--advance", "125", NULL));
    g_autofree char *c = s_ok (server, "call", "3", NULL);
    g_assert_cmpstr (c, ==, "B001");
    g_free (s_ok (server, "start", "3", NULL));
    g_free (s_ok (server, "clock", "--advance", "240", NULL));
    g_free (s_ok (server, "transfer", "3", "--to-window", "5", NULL));
    int status;
    g_autofree char *out = hallctl (server, &status, "find", "b001", NULL);
    g_assert_cmpint (status, ==, 0);
    g_test_message ("%s", out);
    g_assert_true (g_str_has_prefix (out, "B001 construction waiting waited 2:05\n"));
    g_assert_nonnull (strstr (out, "\n  +0:00\tticket.issued\n"));
    g_assert_nonnull (strstr (out, "\n  +2:05\tticket.called\twindow 3\tclerk 1003\n"));
    g_assert_nonnull (strstr (out, "\n  +6:05\tticket.transferred\twindow 3\tclerk 1003\n"));
    /* A number nobody took today: exit 1 (the code goes to stderr). */
    g_autofree char *none = hallctl (server, &status, "find", "B002", NULL);
    g_assert_cmpint (status, ==, 1);
    g_assert_cmpstr (none, ==, "");
    server_free (server);
}

static json_t *
s_call (hall_session_t *session, hall_op_t op, json_t *args)
{
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (session, op, args, &reply);
    json_decref (args);
    if (rc != HALL_OK) {
        g_test_message ("%s: %s %s", hall_op_name (op), hall_error_name (rc), reply.message);
        hall_reply_clear (&reply);
        return NULL;
    }
    return reply.result;
}

/* A whole day: from 08:30 to 17:30 a visitor arrives about every minute
 * (more at peak hours) into the seven categories; eight windows call,
 * start and finish, one visitor in 15 does not show up and is re-queued
 * once.  At midnight the rest expire. */
static void
test_simulated_day (void)
{
    gint64 opening = MORNING - 30 * 60;
    server_t *server = server_start (NULL, opening);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, "sim-admin");
    hall_session_t *board = hall_session_new (server->requests, server->events, HALL_ROLE_DISPLAY, 0, NULL);
    const char *categories[] = { "business", "business", "general", "general", "general",
                                 "deregister", "construction", "tender", "complaint", "assisted" };
    GRand *rand = g_rand_new_with_seed (42);
    int issued = 0, refused = 0, served = 0, noshows = 0;
    int busy_until[9] = { 0 };       /* minute each window finishes */
    gboolean serving[9] = { FALSE };
    GHashTable *numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (int i = 1; i <= 8; i++) {
        char staff[8];
        snprintf (staff, sizeof staff, "100%d", i);
        json_decref (s_call (admin, HALL_OP_SIGNIN, json_pack ("{s:i, s:s}", "window", i, "staff", staff)));
    }
    for (int minute = 0; minute < 9 * 60; minute++) {
        int arrivals = (minute % 60 < 30 && minute / 60 >= 1 && minute / 60 <= 3) ? 2 : 1;
        for (int a = 0; a < arrivals; a++) {
            const char *category = categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))];
            json_t *result = s_call (admin, HALL_OP_ISSUE, json_pack ("{s:s}", "category", category));
            if (!result) {
                refused++;
                continue;
            }
            const char *number = json_string_value (json_object_get (json_object_get (result, "ticket"), "number"));
            g_assert_false (g_hash_table_contains (numbers, number));
            g_hash_table_add (numbers, g_strdup (number));
            issued++;
            json_decref (result);
        }
        for (int w = 1; w <= 8; w++) {
            if (busy_until[w] > minute)
                continue;
            json_t *result;
            if (serving[w]) {
                result = s_call (admin, HALL_OP_FINISH, json_pack ("{s:i}", "window", w));
                g_assert_nonnull (result);
                served++;
                serving[w] = FALSE;
                json_decref (result);
            }
            result = s_call (admin, HALL_OP_CALL, json_pack ("{s:i}", "window", w));
            g_assert_nonnull (result);
            json_t *ticket = json_object_get (result, "ticket");
            if (json_is_object (ticket)) {
                const char *number = json_string_value (json_object_get (ticket, "number"));
                if (g_rand_int_range (rand, 0, 15) == 0) {
                    /* The demo hall's rule: a no-show after a recall. */
                    json_decref (s_call (admin, HALL_OP_RECALL, json_pack ("{s:i}", "window", w)));
                    json_decref (s_call (admin, HALL_OP_NOSHOW, json_pack ("{s:i}", "window", w)));
                    noshows++;
                    if (json_integer_value (json_object_get (ticket, "requeues")) == 0)
                        json_decref (s_call (admin, HALL_OP_REQUEUE, json_pack ("{s:s}", "ticket", number)));
                }
                else {
                    json_decref (s_call (admin, HALL_OP_START, json_pack ("{s:i}", "window", w)));
                    busy_until[w] = minute + g_rand_int_range (rand, 3, 12);
                    serving[w] = TRUE;
                }
            }
            json_decref (result);
        }
        json_decref (s_call (admin, HALL_OP_CLOCK, json_pack ("{s:i}", "advance", 60)));
        hall_session_pump (board, 0);
    }
    /* Closing: finish whoever is being served. */
    for (int w = 1; w <= 8; w++)
        if (serving[w]) {
            json_t *result = s_call (admin, HALL_OP_FINISH, json_pack ("{s:i}", "window", w));
            served += result != NULL;
            json_decref (result);
        }
    g_test_message ("issued %d (refused %d), served %d, no-shows %d", issued, refused, served, noshows);
    g_assert_cmpint (issued, >=, 500);
    g_assert_true (harness_mirror_matches (board, server));

    /* Midnight: the rest expire; numbering starts again. */
    json_decref (s_call (admin, HALL_OP_CLOCK, json_pack ("{s:i}", "advance", 7 * 3600)));
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket WHERE day = '2026-11-27'"), ==, issued);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket WHERE day = '2026-11-27'"
                                     " AND state NOT IN ('finished', 'noshow', 'expired')"), ==, 0);
    g_assert_cmpint (db_int (server, "SELECT count(DISTINCT number) FROM ticket WHERE day = '2026-11-27'"),
                     ==, issued);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket WHERE state = 'finished'"), ==, served);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM event WHERE type = 'ticket.issued'"), ==, issued);
    /* Every finished ticket's times are in order. */
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket WHERE state = 'finished' AND NOT"
                                     " (issued_at <= called_at AND called_at <= started_at"
                                     "  AND started_at <= finished_at)"), ==, 0);
    json_t *result = s_call (admin, HALL_OP_ISSUE, json_pack ("{s:s}", "category", "business"));
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (result, "ticket"), "number")), ==, "A001");
    json_decref (result);
    g_assert_true (harness_mirror_matches (board, server));
    g_assert_cmpstr (hall_mirror_day (hall_session_mirror (board)), ==, "2026-11-28");

    g_hash_table_destroy (numbers);
    g_rand_free (rand);
    hall_session_destroy (&board);
    hall_session_destroy (&admin);
    server_free (server);
}

/* The request socket refuses a desk acting for another window and changes
 * nothing; a repeat of a request gets the first reply. */
static void
test_session_roles_and_retry (void)
{
    server_t *server = server_start (NULL, MORNING);
    hall_session_t *kiosk = hall_session_new (server->requests, NULL, HALL_ROLE_KIOSK, 0, NULL);
    hall_session_t *desk = hall_session_new (server->requests, NULL, HALL_ROLE_COUNTER, 1, NULL);
    hall_reply_t reply;
    json_t *args = json_pack ("{s:s}", "category", "business");
    g_assert_cmpint (hall_session_call_as (kiosk, 7, HALL_OP_ISSUE, args, &reply), ==, HALL_OK);
    json_t *first = json_incref (reply.result);
    hall_reply_clear (&reply);
    g_assert_cmpint (hall_session_call_as (kiosk, 7, HALL_OP_ISSUE, args, &reply), ==, HALL_OK);
    g_assert_true (json_equal (first, reply.result));
    hall_reply_clear (&reply);
    json_decref (first);
    json_decref (args);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket"), ==, 1);

    args = json_pack ("{s:i, s:s}", "window", 1, "staff", "1001");
    g_assert_cmpint (hall_session_call (desk, HALL_OP_SIGNIN, args, &reply), ==, HALL_OK);
    hall_reply_clear (&reply);
    json_decref (args);
    args = json_pack ("{s:i}", "window", 2);
    g_assert_cmpint (hall_session_call (desk, HALL_OP_CALL, args, &reply), ==, HALL_E_FORBIDDEN);
    hall_reply_clear (&reply);
    json_decref (args);
    args = json_pack ("{s:i}", "window", 1);
    g_assert_cmpint (hall_session_call (kiosk, HALL_OP_CALL, args, &reply), ==, HALL_E_FORBIDDEN);
    hall_reply_clear (&reply);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket WHERE state = 'waiting'"), ==, 1);
    g_assert_cmpint (hall_session_call (desk, HALL_OP_CALL, args, &reply), ==, HALL_OK);
    hall_reply_clear (&reply);
    json_decref (args);
    hall_session_destroy (&kiosk);
    hall_session_destroy (&desk);
    server_free (server);
}

/* A re-queued ticket never overtakes a ticket it should queue behind, even
 * when tickets joined in the same second (the test clock stands still):
 * behind the K-th waiting ticket (requeue_after = 2), and at the back
 * behind a ticket issued in the second of the requeue. */
static void
test_requeue_never_overtakes (void)
{
    const char *config =
        "[hall]\nname=过号测试大厅\ntimezone=Asia/Shanghai\nmissed_policy=requeue\n"
        "requeue_after=2\nrequeue_max=5\n"
        "[category c]\nprefix=A\nname=综合\ndaily_cap=999\n"
        "[window 1]\nprimary=c\n[staff 1001]\nname=王芳\n";
    server_t *server = server_start (config, MORNING);
    g_free (s_ok (server, "signin", "1", "1001", NULL));
    g_free (s_ok (server, "issue", "c", NULL));                       /* A001 */
    g_autofree char *first = s_ok (server, "call", "1", NULL);
    g_assert_cmpstr (first, ==, "A001");
    g_free (s_ok (server, "no-show", "1", NULL));
    g_free (s_ok (server, "clock", "--advance", "2", NULL));
    for (int i = 0; i < 4; i++)                                      /* A002..A005, one second */
        g_free (s_ok (server, "issue", "c", NULL));
    g_free (s_ok (server, "requeue", "A001", NULL));
    /* DISPATCH.md: behind the K-th (A003) and the tickets of its second. */
    const char *expected[] = { "A002", "A003", "A004", "A005", "A001" };
    for (size_t i = 0; i < G_N_ELEMENTS (expected); i++) {
        g_autofree char *called = s_ok (server, "call", "1", NULL);
        g_test_message ("call %zu: %s", i + 1, called);
        g_assert_cmpstr (called, ==, expected[i]);
        g_free (s_ok (server, "no-show", "1", NULL));
    }
    /* Fewer than K + 1 waiting: the back, behind A006 of the same second. */
    g_free (s_ok (server, "clock", "--advance", "5", NULL));
    g_free (s_ok (server, "issue", "c", NULL));                       /* A006 */
    g_free (s_ok (server, "requeue", "A002", NULL));
    g_autofree char *next = s_ok (server, "call", "1", NULL);
    g_assert_cmpstr (next, ==, "A006");
    g_free (s_ok (server, "no-show", "1", NULL));
    g_autofree char *last = s_ok (server, "call", "1", NULL);
    g_assert_cmpstr (last, ==, "A002");
    server_free (server);
}

/* hallctl --help names every command hallctl runs. */
static void
test_hallctl_help_lists_every_command (void)
{
    g_autofree char *program = harness_program ("hallctl");
    const char *argv[] = { program, "--help", NULL };
    g_autofree char *out = NULL;
    int status = -1;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                                 &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    const char *commands[] = { "categories", "windows", "issue", "call", "recall", "start", "finish",
                               "no-show", "requeue", "cancel", "transfer", "pause", "resume", "signin",
                               "signout", "map", "open", "close", "ticket", "find", "status", "clock", "watch",
                               "rate", "reasons", "cases", "case", "report", "enroll", "devices",
                               "revoke", "passwd", "backup" };
    for (size_t i = 0; i < G_N_ELEMENTS (commands); i++) {
        /* At the start of a line, after a "|", or later on a line. */
        g_autofree char *line = g_strdup_printf ("\n  %s ", commands[i]);
        g_autofree char *alt = g_strdup_printf ("|%s", commands[i]);
        g_autofree char *beside = g_strdup_printf ("   %s ", commands[i]);
        g_autofree char *first = g_strdup_printf ("\n  %s|", commands[i]);
        if (!strstr (out, line) && !strstr (out, alt) && !strstr (out, beside) && !strstr (out, first))
            g_error ("hallctl --help does not list '%s':\n%s", commands[i], out);
    }
}

/* data/example-hall.conf, the commented example, is a valid hall. */
static void
test_example_configuration (void)
{
    g_autofree char *path = g_build_filename (g_getenv ("HALL_SOURCE") ? g_getenv ("HALL_SOURCE") : ".",
                                              "data", "example-hall.conf", NULL);
    g_autofree char *program = harness_program ("hall-server");
    g_autofree char *config_arg = g_strdup_printf ("--config=%s", path);
    const char *argv[] = { program, config_arg, "--check-config", NULL };
    g_autofree char *err = NULL;
    int status = -1;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err,
                                 &status, NULL));
    g_test_message ("%s", err);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_autofree char *text = NULL;
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    server_t *server = server_start (text, MORNING);
    g_autofree char *ticket = s_ok (server, "issue", "social", NULL);
    g_assert_cmpstr (s_word (ticket), ==, "S001");
    g_autofree char *name = db_query (server, "SELECT value FROM meta WHERE key = 'hall.name'");
    g_assert_cmpstr (name, ==, "示范镇便民服务中心");
    server_free (server);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/hallctl/unified-window-longest-wait", test_hallctl_unified_window);
    g_test_add_func ("/hallctl/green-first", test_hallctl_green_first);
    g_test_add_func ("/hallctl/issue-by-name", test_hallctl_issue_by_name);
    g_test_add_func ("/hallctl/call-needs-a-clerk", test_hallctl_call_needs_a_clerk);
    g_test_add_func ("/hallctl/transfer-keeps-number", test_hallctl_transfer_keeps_number);
    g_test_add_func ("/session/roles-and-retry", test_session_roles_and_retry);
    g_test_add_func ("/day/simulated-day", test_simulated_day);
    g_test_add_func ("/dispatch/requeue-never-overtakes", test_requeue_never_overtakes);
    g_test_add_func ("/hallctl/find", test_hallctl_find);
    g_test_add_func ("/hallctl/help-lists-every-command", test_hallctl_help_lists_every_command);
    g_test_add_func ("/config/example-is-valid", test_example_configuration);
    return g_test_run ();
}
