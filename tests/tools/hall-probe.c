/*  hall-probe — a subscriber in a process of its own, for tests that stop
 *  and resume it (SIGSTOP/SIGCONT).  It keeps a session with a mirror and
 *  every 100 ms writes {"online", "resyncs", "seq", "dump"} to FILE
 *  (atomically, by rename).
 *
 *  usage: hall-probe REQUESTS EVENTS FILE
 */
#include "session.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static volatile sig_atomic_t s_stop = 0;
static int s_resyncs = 0;

static void
s_on_event (hall_session_t *session, json_t *event, void *user)
{
    if (!event)
        s_resyncs++;
}

static void
s_signal (int signum)
{
    s_stop = 1;
}

int
main (int argc, char *argv[])
{
    if (argc != 4) {
        fprintf (stderr, "usage: hall-probe REQUESTS EVENTS FILE\n");
        return 2;
    }
    hall_session_t *session = hall_session_new (argv[1], argv[2], HALL_ROLE_DISPLAY, 0, NULL);
    hall_session_on_event (session, s_on_event, NULL);
    signal (SIGTERM, s_signal);
    signal (SIGINT, s_signal);
    char *tmp = g_strdup_printf ("%s.tmp", argv[3]);
    while (!s_stop) {
        gint64 until = g_get_monotonic_time () + 100000;
        while (g_get_monotonic_time () < until && !s_stop)
            hall_session_pump (session, 20);
        hall_mirror_t *mirror = hall_session_mirror (session);
        json_t *state = json_pack ("{s:b, s:i, s:I, s:o}", "online", hall_session_online (session),
                                   "resyncs", s_resyncs, "seq", (json_int_t) hall_mirror_seq (mirror),
                                   "dump", hall_mirror_dump (mirror));
        if (json_dump_file (state, tmp, JSON_COMPACT) == 0)
            rename (tmp, argv[3]);
        json_decref (state);
    }
    g_free (tmp);
    hall_session_destroy (&session);
    return 0;
}
