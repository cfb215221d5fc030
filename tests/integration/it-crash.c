/*  it-crash.c — the server killed with SIGKILL 20 times at random points
 *  under the load of 10 clients (4 kiosks issuing, 4 desks calling and
 *  serving, 2 boards keeping mirrors): every acknowledged ticket is in the
 *  database, no number is issued twice, a retry never issues twice, every
 *  client is answered again soon after each restart, and the boards'
 *  mirrors equal a fresh snapshot.
 */
#include "harness.h"
#include "session.h"
#include <signal.h>
#include <string.h>

#define KILLS   20
#define KIOSKS  4
#define DESKS   4
#define BOARDS  2

typedef struct {
    server_t      *server;
    volatile int   kills;          /* done so far */
    volatile int   stop;
    GMutex         lock;
    GArray        *restarts;       /* gint64 monotonic µs when each restart answered */
    GArray        *kills_at;       /* gint64 µs of each kill */
} hall_t;

typedef struct {
    char    number[16];
    gint64  id;
    gint64  req;
} acked_t;

typedef struct {
    hall_t  *hall;
    int      index;
    GArray  *acked;                /* kiosks: acked_t */
    GArray  *successes;            /* gint64 µs of each successful reply */
    int      done;
    int      refused;
    char     client[32];
} client_t;

static gpointer
s_killer (gpointer data)
{
    hall_t *hall = data;
    GRand *rand = g_rand_new_with_seed (7);
    g_usleep (300000);
    while (hall->kills < KILLS) {
        g_usleep (g_rand_int_range (rand, 100, 700) * 1000);
        gint64 at = g_get_monotonic_time ();
        server_kill (hall->server, SIGKILL);
        g_usleep (g_rand_int_range (rand, 0, 300) * 1000);     /* down for a while */
        server_restart (hall->server);                         /* returns once it answers */
        gint64 up = g_get_monotonic_time ();
        g_mutex_lock (&hall->lock);
        g_array_append_val (hall->kills_at, at);
        g_array_append_val (hall->restarts, up);
        g_mutex_unlock (&hall->lock);
        hall->kills++;
    }
    g_usleep (1000000);
    hall->stop = 1;
    g_rand_free (rand);
    return NULL;
}

static void
s_success (client_t *client)
{
    gint64 now = g_get_monotonic_time ();
    g_array_append_val (client->successes, now);
    client->done++;
}

static gpointer
s_kiosk (gpointer data)
{
    client_t *client = data;
    const char *categories[] = { "c0", "c1", "c2", "c3", "c4" };
    snprintf (client->client, sizeof client->client, "crash-kiosk-%d", client->index);
    hall_session_t *session = hall_session_new (client->hall->server->requests, NULL,
                                                HALL_ROLE_KIOSK, 0, client->client);
    hall_session_set_timeout (session, 300, 60);      /* over a minute of retries: longer than any outage */
    for (int i = 0; !client->hall->stop; i++) {
        json_t *args = json_pack ("{s:s}", "category", categories[(i + client->index) % 5]);
        hall_reply_t reply;
        hall_error_t rc = hall_session_call (session, HALL_OP_ISSUE, args, &reply);
        json_decref (args);
        if (rc != HALL_OK)
            g_error ("kiosk %d: issue: %s %s", client->index, hall_error_name (rc), reply.message);
        json_t *ticket = json_object_get (reply.result, "ticket");
        acked_t a = { .id = json_integer_value (json_object_get (ticket, "id")), .req = reply.req };
        snprintf (a.number, sizeof a.number, "%s", json_string_value (json_object_get (ticket, "number")));
        g_array_append_val (client->acked, a);
        hall_reply_clear (&reply);
        s_success (client);
        g_usleep (20000);
    }
    hall_session_destroy (&session);
    return NULL;
}

static gpointer
s_desk (gpointer data)
{
    client_t *client = data;
    int window = client->index + 1;
    hall_session_t *session = hall_session_new (client->hall->server->requests, NULL,
                                                HALL_ROLE_COUNTER, window, NULL);
    hall_session_set_timeout (session, 300, 60);
    json_t *args = json_pack ("{s:i}", "window", window);
    while (!client->hall->stop) {
        for (int step = 0; step < 3; step++) {
            hall_op_t op = step == 0 ? HALL_OP_START : step == 1 ? HALL_OP_FINISH : HALL_OP_CALL;
            hall_reply_t reply;
            hall_error_t rc = hall_session_call (session, op, args, &reply);
            if (rc == HALL_E_TIMEOUT || rc == HALL_E_STORAGE || rc == HALL_E_FORBIDDEN
                || rc == HALL_E_NOT_SIGNED_IN)
                g_error ("desk %d: %s: %s %s", window, hall_op_name (op), hall_error_name (rc), reply.message);
            if (rc == HALL_OK)
                s_success (client);
            else
                client->refused++;        /* nothing to start or finish: fine */
            hall_reply_clear (&reply);
        }
        g_usleep (30000);
    }
    json_decref (args);
    hall_session_destroy (&session);
    return NULL;
}

/* The longest time any client waited, after a restart, for its first
 * answer — counting only restarts followed by 2 s without a kill. */
static gint64
s_worst_recovery (hall_t *hall, client_t *clients, int count)
{
    gint64 worst = 0;
    for (guint k = 0; k < hall->restarts->len; k++) {
        gint64 up = g_array_index (hall->restarts, gint64, k);
        gint64 next_kill = k + 1 < hall->kills_at->len ? g_array_index (hall->kills_at, gint64, k + 1)
                                                      : G_MAXINT64;
        if (next_kill - up < 2000000)
            continue;
        for (int c = 0; c < count; c++) {
            GArray *s = clients[c].successes;
            for (guint i = 0; i < s->len; i++) {
                gint64 at = g_array_index (s, gint64, i);
                if (at >= up) {
                    worst = MAX (worst, at - up);
                    break;
                }
            }
        }
    }
    return worst;
}

static void
test_kill_under_load (void)
{
    /* Five categories of 999 tickets a day, four windows serving them all,
     * four clerks. */
    GString *config = g_string_new ("[hall]\nname=重启测试大厅\ntimezone=Asia/Shanghai\n");
    for (int c = 0; c < 5; c++)
        g_string_append_printf (config, "[category c%d]\nprefix=%c\nname=类别%d\ndaily_cap=999\n",
                                c, 'A' + c, c);
    for (int w = 1; w <= DESKS; w++)
        g_string_append_printf (config, "[window %d]\nprimary=c0;c1;c2;c3;c4\n[staff 100%d]\nname=职员%d\n",
                                w, w, w);
    server_t *server = server_start (config->str, 0);
    g_string_free (config, TRUE);
    /* Clerks signed in at the desks' windows (kept across restarts). */
    for (int w = 1; w <= DESKS; w++) {
        char window[8], staff[8];
        snprintf (window, sizeof window, "%d", w);
        snprintf (staff, sizeof staff, "100%d", w);
        int status;
        g_free (hallctl (server, &status, "signin", window, staff, NULL));
        g_assert_cmpint (status, ==, 0);
    }
    hall_t hall = { .server = server };
    g_mutex_init (&hall.lock);
    hall.restarts = g_array_new (FALSE, FALSE, sizeof (gint64));
    hall.kills_at = g_array_new (FALSE, FALSE, sizeof (gint64));
    hall_session_t *boards[BOARDS];
    for (int b = 0; b < BOARDS; b++)
        boards[b] = hall_session_new (server->requests, server->events, HALL_ROLE_DISPLAY, 0, NULL);

    client_t clients[KIOSKS + DESKS];
    GThread *threads[KIOSKS + DESKS];
    for (int c = 0; c < KIOSKS + DESKS; c++) {
        clients[c] = (client_t) { .hall = &hall, .index = c < KIOSKS ? c : c - KIOSKS,
                                  .acked = g_array_new (FALSE, TRUE, sizeof (acked_t)),
                                  .successes = g_array_new (FALSE, FALSE, sizeof (gint64)) };
        threads[c] = g_thread_new ("client", c < KIOSKS ? s_kiosk : s_desk, &clients[c]);
    }
    GThread *killer = g_thread_new ("killer", s_killer, &hall);
    /* The boards are pumped here, as a board's main loop would. */
    while (!hall.stop)
        for (int b = 0; b < BOARDS; b++)
            hall_session_pump (boards[b], 10);
    g_thread_join (killer);
    for (int c = 0; c < KIOSKS + DESKS; c++)
        g_thread_join (threads[c]);

    int acked_total = 0, desk_ops = 0, refused = 0;
    for (int c = 0; c < KIOSKS; c++)
        acked_total += clients[c].acked->len;
    for (int c = KIOSKS; c < KIOSKS + DESKS; c++) {
        desk_ops += clients[c].done;
        refused += clients[c].refused;
    }
    gint64 worst = s_worst_recovery (&hall, clients, KIOSKS + DESKS);
    g_test_message ("%d kills; %d tickets acknowledged by %d kiosks; %d desk operations done, %d refused "
                    "(nothing to do); slowest first answer after a restart: %" G_GINT64_FORMAT " ms",
                    hall.kills, acked_total, KIOSKS, desk_ops, refused, worst / 1000);
    g_assert_cmpint (hall.kills, ==, KILLS);

    /* Zero acknowledged tickets lost, with the number the client got. */
    int lost = 0;
    for (int c = 0; c < KIOSKS; c++)
        for (guint i = 0; i < clients[c].acked->len; i++) {
            acked_t *a = &g_array_index (clients[c].acked, acked_t, i);
            g_autofree char *sql = g_strdup_printf ("SELECT number FROM ticket WHERE id = %" G_GINT64_FORMAT, a->id);
            g_autofree char *number = db_query (server, sql);
            lost += g_strcmp0 (number, a->number) != 0;
            g_autofree char *sql2 = g_strdup_printf ("SELECT reply FROM request WHERE client = '%s'"
                                                     " AND req = %" G_GINT64_FORMAT, clients[c].client, a->req);
            g_autofree char *stored = db_query (server, sql2);
            g_assert_nonnull (stored);
            g_assert_nonnull (strstr (stored, a->number));
        }
    gint64 tickets = db_int (server, "SELECT count(*) FROM ticket");
    gint64 distinct = db_int (server, "SELECT count(DISTINCT day || number) FROM ticket");
    g_test_message ("lost %d, numbers issued twice %" G_GINT64_FORMAT ", double issues from retries %" G_GINT64_FORMAT,
                    lost, tickets - distinct, tickets - acked_total);
    g_assert_cmpint (lost, ==, 0);
    g_assert_cmpint (distinct, ==, tickets);
    g_assert_cmpint (tickets, ==, acked_total);
    /* Soon, not fast: the figure is logged above; a bound this loose only
     * fails when clients stop being answered (as when retries that gave up
     * before the handshakes finished kept every client from an answer). */
    g_assert_cmpint (worst, <=, 15000000);

    /* A request repeated after a crash gets the same ticket. */
    hall_session_t *retry = hall_session_new (server->requests, NULL, HALL_ROLE_KIOSK, 0, "crash-retry");
    json_t *args = json_pack ("{s:s}", "category", "c1");
    hall_reply_t first, again;
    g_assert_cmpint (hall_session_call_as (retry, 5000, HALL_OP_ISSUE, args, &first), ==, HALL_OK);
    server_kill (server, SIGKILL);
    server_restart (server);
    g_assert_cmpint (hall_session_call_as (retry, 5000, HALL_OP_ISSUE, args, &again), ==, HALL_OK);
    g_assert_true (json_equal (first.result, again.result));
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket"), ==, acked_total + 1);
    hall_reply_clear (&first);
    hall_reply_clear (&again);
    json_decref (args);

    /* The boards come back online and their mirrors are the truth. */
    gint64 restarted = g_get_monotonic_time ();
    for (int b = 0; b < BOARDS; b++) {
        g_assert_true (harness_mirror_matches (boards[b], server));
        g_assert_true (hall_session_online (boards[b]));
    }
    /* How fast is logged, not asserted: a busy machine is slower, and
     * speed is make bench's business. */
    g_test_message ("boards resynced %" G_GINT64_FORMAT " ms after the last restart",
                    (g_get_monotonic_time () - restarted) / 1000);

    hall_session_destroy (&retry);
    for (int b = 0; b < BOARDS; b++)
        hall_session_destroy (&boards[b]);
    for (int c = 0; c < KIOSKS + DESKS; c++) {
        g_array_free (clients[c].acked, TRUE);
        g_array_free (clients[c].successes, TRUE);
    }
    g_array_free (hall.restarts, TRUE);
    g_array_free (hall.kills_at, TRUE);
    g_mutex_clear (&hall.lock);
    server_free (server);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/crash/20-sigkills-under-10-clients", test_kill_under_load);
    return g_test_run ();
}
