/*  hall-probe — a subscriber in a process of its own, for tests that stop
 *  and resume it (SIGSTOP/SIGCONT).  It keeps a session with a mirror and
 *  every 100 ms writes {"online", "resyncs", "seq", "dump"} to FILE
 *  (atomically, by rename).
 *
 *  With a fourth argument WINDOW it is also a desk: on SIGUSR1 it sends
 *  "call" for that window once and reports the outcome under "action".
 *
 *  usage: hall-probe REQUESTS EVENTS FILE [WINDOW]
 */
#include "session.h"
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>

static volatile sig_atomic_t s_stop = 0;
static volatile sig_atomic_t s_act = 0;
static int s_resyncs = 0;
static json_t *s_action = NULL;     /* {"state": "pending"|"ok"|"error", ...} */
static int s_replies = 0;           /* replies delivered for the action */

static void
s_on_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    s_replies++;
    json_object_set_new (s_action, "replies", json_integer (s_replies));
    if (reply->ok) {
        json_t *ticket = json_object_get (reply->result, "ticket");
        json_object_set_new (s_action, "state", json_string ("ok"));
        json_object_set (s_action, "number", json_object_get (ticket, "number"));
    }
    else {
        json_object_set_new (s_action, "state", json_string ("error"));
        json_object_set_new (s_action, "error", json_string (hall_error_name (reply->error)));
    }
}

static void
s_usr1 (int signum)
{
    s_act = 1;
}

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
    if (argc != 4 && argc != 5) {
        fprintf (stderr, "usage: hall-probe REQUESTS EVENTS FILE [WINDOW]\n");
        return 2;
    }
    /* Die with the test that started us, even if it aborts. */
    prctl (PR_SET_PDEATHSIG, SIGTERM);
    int window = argc == 5 ? atoi (argv[4]) : 0;
    s_action = json_pack ("{s:s}", "state", "none");
    signal (SIGUSR1, s_usr1);
    hall_session_t *session = hall_session_new (argv[1], argv[2],
                                                window ? HALL_ROLE_COUNTER : HALL_ROLE_DISPLAY,
                                                window, NULL);
    hall_session_on_event (session, s_on_event, NULL);
    signal (SIGTERM, s_signal);
    signal (SIGINT, s_signal);
    char *tmp = g_strdup_printf ("%s.tmp", argv[3]);
    while (!s_stop) {
        gint64 until = g_get_monotonic_time () + 100000;
        while (g_get_monotonic_time () < until && !s_stop) {
            if (s_act && window) {
                s_act = 0;
                json_t *args = json_pack ("{s:i}", "window", window);
                hall_session_send (session, HALL_OP_CALL, args, s_on_reply, NULL);
                json_decref (args);
                json_object_set_new (s_action, "state", json_string ("pending"));
            }
            hall_session_pump (session, 20);
        }
        hall_mirror_t *mirror = hall_session_mirror (session);
        json_t *state = json_pack ("{s:O, s:b, s:i, s:I, s:o}", "action", s_action,
                                   "online", hall_session_online (session),
                                   "resyncs", s_resyncs, "seq", (json_int_t) hall_mirror_seq (mirror),
                                   "dump", hall_mirror_dump (mirror));
        if (json_dump_file (state, tmp, JSON_COMPACT) == 0)
            rename (tmp, argv[3]);
        json_decref (state);
    }
    g_free (tmp);
    json_decref (s_action);
    hall_session_destroy (&session);
    return 0;
}
