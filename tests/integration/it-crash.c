/*  it-crash.c — the server killed with SIGKILL while clients issue and
 *  call: every acknowledged ticket is in the database, no number is issued
 *  twice, a retried request gets the same ticket, and subscribers resync
 *  to a mirror equal to a fresh snapshot.
 */
#include "harness.h"
#include "session.h"
#include <signal.h>
#include <string.h>

#define KILLS 5

typedef struct {
    server_t      *server;
    volatile int   kills;          /* done so far */
    volatile int   stop;
} killer_t;

static gpointer
s_killer (gpointer data)
{
    killer_t *killer = data;
    GRand *rand = g_rand_new_with_seed (7);
    while (killer->kills < KILLS && !killer->stop) {
        g_usleep (g_rand_int_range (rand, 150, 600) * 1000);
        server_kill (killer->server, SIGKILL);
        g_usleep (g_rand_int_range (rand, 0, 300) * 1000);     /* down for a while */
        server_restart (killer->server);
        killer->kills++;
    }
    g_rand_free (rand);
    return NULL;
}

typedef struct {
    char    number[16];
    gint64  id;
    gint64  req;
} acked_t;

static void
test_kill_under_load (void)
{
    server_t *server = server_start (NULL, 0);
    hall_session_t *kiosk = hall_session_new (server->requests, NULL, HALL_ROLE_KIOSK, 0, "crash-kiosk");
    hall_session_t *desk = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, "crash-desk");
    hall_session_t *board = hall_session_new (server->requests, server->events, HALL_ROLE_DISPLAY, 0, NULL);
    /* Generous retries: a restart takes a fraction of a second. */
    hall_session_set_timeout (kiosk, 300, 40);
    hall_session_set_timeout (desk, 300, 40);
    const char *categories[] = { "business", "general", "deregister", "construction", "tender" };
    GArray *acked = g_array_new (FALSE, TRUE, sizeof (acked_t));
    killer_t killer = { .server = server };
    GThread *thread = g_thread_new ("killer", s_killer, &killer);
    int calls = 0, refused = 0;
    for (int i = 0; killer.kills < KILLS || i < 50; i++) {
        g_assert_cmpint (i, <, 20000);
        json_t *args = json_pack ("{s:s}", "category", categories[i % G_N_ELEMENTS (categories)]);
        hall_reply_t reply;
        hall_error_t rc = hall_session_call (kiosk, HALL_OP_ISSUE, args, &reply);
        json_decref (args);
        if (rc != HALL_OK)
            g_error ("issue %d: %s %s", i, hall_error_name (rc), reply.message);
        json_t *ticket = json_object_get (reply.result, "ticket");
        acked_t a = { .id = json_integer_value (json_object_get (ticket, "id")), .req = reply.req };
        snprintf (a.number, sizeof a.number, "%s", json_string_value (json_object_get (ticket, "number")));
        g_array_append_val (acked, a);
        hall_reply_clear (&reply);
        /* A desk works window (i % 8) + 1: finish, then call; refusals
         * (nothing to finish) are fine, errors of transport are not. */
        int window = (i % 8) + 1;
        args = json_pack ("{s:i}", "window", window);
        for (int step = 0; step < 3; step++) {
            hall_op_t op = step == 0 ? HALL_OP_START : step == 1 ? HALL_OP_FINISH : HALL_OP_CALL;
            rc = hall_session_call (desk, op, args, &reply);
            g_assert_cmpint (rc, !=, HALL_E_TIMEOUT);
            g_assert_cmpint (rc, !=, HALL_E_STORAGE);
            calls += rc == HALL_OK;
            refused += rc != HALL_OK;
            hall_reply_clear (&reply);
        }
        json_decref (args);
        hall_session_pump (board, 0);
    }
    g_thread_join (thread);
    g_test_message ("%u tickets acknowledged, %d desk operations done, %d refused, %d kills",
                    acked->len, calls, refused, killer.kills);

    /* Every acknowledged ticket is there, with its number. */
    for (guint i = 0; i < acked->len; i++) {
        acked_t *a = &g_array_index (acked, acked_t, i);
        g_autofree char *sql = g_strdup_printf ("SELECT number FROM ticket WHERE id = %" G_GINT64_FORMAT, a->id);
        g_autofree char *number = db_query (server, sql);
        g_assert_cmpstr (number, ==, a->number);
        g_autofree char *sql2 = g_strdup_printf ("SELECT reply FROM request WHERE client = 'crash-kiosk'"
                                                 " AND req = %" G_GINT64_FORMAT, a->req);
        g_autofree char *stored = db_query (server, sql2);
        g_assert_nonnull (stored);
        g_assert_nonnull (strstr (stored, a->number));
    }
    /* No double issue from retries: exactly one ticket per acknowledged
     * request; no number twice on a day. */
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket"), ==, acked->len);
    g_assert_cmpint (db_int (server, "SELECT count(DISTINCT day || number) FROM ticket"), ==, acked->len);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM event WHERE type = 'ticket.issued'"), ==, acked->len);

    /* A request repeated after a crash gets the same ticket. */
    hall_session_t *retry = hall_session_new (server->requests, NULL, HALL_ROLE_KIOSK, 0, "crash-retry");
    json_t *args = json_pack ("{s:s}", "category", "general");
    hall_reply_t first, again;
    g_assert_cmpint (hall_session_call_as (retry, 5000, HALL_OP_ISSUE, args, &first), ==, HALL_OK);
    server_kill (server, SIGKILL);
    server_restart (server);
    g_assert_cmpint (hall_session_call_as (retry, 5000, HALL_OP_ISSUE, args, &again), ==, HALL_OK);
    g_assert_true (json_equal (first.result, again.result));
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket"), ==, acked->len + 1);
    hall_reply_clear (&first);
    hall_reply_clear (&again);
    json_decref (args);

    /* The board resynced after the restarts: its mirror is the truth. */
    g_assert_true (harness_mirror_matches (board, server));
    g_assert_true (hall_session_online (board));

    hall_session_destroy (&retry);
    hall_session_destroy (&board);
    hall_session_destroy (&desk);
    hall_session_destroy (&kiosk);
    g_array_free (acked, TRUE);
    server_free (server);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/crash/sigkill-under-load", test_kill_under_load);
    return g_test_run ();
}
