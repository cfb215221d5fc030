/*  clients.c — how soon the hall board shows a call.
 *
 *  The real hall-display runs under tests/lib/with-display.sh (Xvfb) as a
 *  hall runs it — the renderer it picks itself, the voice on (written to
 *  WAV files: no sound card here) — with HALL_TRACE_PAINT=1, which makes it
 *  write a line on stderr for each frame painted after it applied an event
 *  (display/paint-trace.h): the mirror's seq and CLOCK_MONOTONIC times.
 *  The bench, as window 1's desk, calls tickets; for each call it takes the
 *  time the reply arrives, the time the ticket.called event arrives at its
 *  own SUB socket (beside the board's), and the board's first frame painted
 *  with that seq.  Both processes read the same monotonic clock.
 *
 *  Calls are paced 0.4–0.7 s apart (a busy hall calls every few seconds),
 *  each followed by start and finish, so the board is never measured while
 *  it is still painting the previous call.  The first calls after the
 *  board started (S_WARM_UP) are reported on their own, as the slowest of
 *  them, and left out of the percentiles: one of them paints the board's
 *  first large frame since start-up, whose buffers (an X shared-memory
 *  image and the frame's pixels) are new memory faulted in page by page —
 *  35–110 ms on this virtual machine, once after start-up.
 */
#include "bench.h"

#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define S_WAIT_MS 5000          /* an event or a frame later than this is lost */
#define S_WARM_UP 3             /* first calls, reported apart */

/* The board's trace lines as they come. */
typedef struct {
    FILE   *log;
    gint64  seq;                /* last painted seq read */
    gint64  applied_us, painted_us;
} trace_t;

/* Reads trace lines until one paints SEQ or later (true), or TIMEOUT_MS
 * passes (false). */
static bool
s_trace_wait (trace_t *trace, gint64 seq, int timeout_ms)
{
    double deadline = bench_now_us () + timeout_ms * 1000.0;
    char line[512];
    while (trace->seq < seq) {
        if (!fgets (line, sizeof line, trace->log)) {
            if (bench_now_us () > deadline)
                return false;
            clearerr (trace->log);
            g_usleep (1000);
            continue;
        }
        int64_t s, applied, painted;
        const char *at = strstr (line, "hall-display: painted ");
        if (at && sscanf (at, "hall-display: painted seq=%" SCNd64 " applied=%" SCNd64
                          " painted=%" SCNd64, &s, &applied, &painted) == 3) {
            trace->seq = s;
            trace->applied_us = applied;
            trace->painted_us = painted;
        }
    }
    return true;
}

/* Waits for an event of TYPE on SUB; its seq into *SEQ, its arrival (µs)
 * returned, or -1 after TIMEOUT_MS. */
static double
s_event_wait (zsock_t *sub, const char *type, gint64 *seq, int timeout_ms)
{
    double deadline = bench_now_us () + timeout_ms * 1000.0;
    while (true) {
        int left = (int) ((deadline - bench_now_us ()) / 1000);
        zmq_pollitem_t item = { zsock_resolve (sub), 0, ZMQ_POLLIN, 0 };
        if (left <= 0 || zmq_poll (&item, 1, left) <= 0)
            return -1;
        zmsg_t *msg = zmsg_recv (sub);
        double at = bench_now_us ();
        char *topic = zmsg_popstr (msg);
        char *body = zmsg_popstr (msg);
        json_t *event = body ? json_loads (body, 0, NULL) : NULL;
        bool match = topic && strcmp (topic, "event") == 0
                     && g_strcmp0 (json_string_value (json_object_get (event, "type")), type) == 0;
        if (match)
            *seq = json_integer_value (json_object_get (event, "seq"));
        json_decref (event);
        zstr_free (&topic);
        zstr_free (&body);
        zmsg_destroy (&msg);
        if (match)
            return at;
    }
}

/* The process named NAME in process group GROUP (the board under
 * with-display.sh and dbus-run-session), or 0. */
static GPid
s_find_in_group (GPid group, const char *name)
{
    g_autoptr (GDir) dir = g_dir_open ("/proc", 0, NULL);
    const char *entry;
    while (dir && (entry = g_dir_read_name (dir))) {
        g_autofree char *path = g_strdup_printf ("/proc/%s/stat", entry);
        g_autofree char *text = NULL;
        if (!g_ascii_isdigit (entry[0]) || !g_file_get_contents (path, &text, NULL, NULL))
            continue;
        /* pid (comm) state ppid pgrp ... */
        char *open = strchr (text, '('), *close = strrchr (text, ')');
        int ppid, pgrp;
        if (!open || !close || sscanf (close + 1, " %*c %d %d", &ppid, &pgrp) != 2)
            continue;
        *close = '\0';
        if (pgrp == group && strcmp (open + 1, name) == 0)
            return (GPid) atoi (entry);
    }
    return 0;
}

/* The table rows and the JSON of a run (times in µs). */
static void
s_report (bench_t *self, int calls, GArray *from_reply, GArray *from_event, GArray *from_apply,
          double warm_ms, int lost, long rss, long hwm)
{
    json_t *figures = json_object ();
    json_object_set_new (figures, "reply_to_paint", bench_latency_json (from_reply));
    json_object_set_new (figures, "event_to_paint", bench_latency_json (from_event));
    json_object_set_new (figures, "apply_to_paint", bench_latency_json (from_apply));
    json_object_set_new (figures, "warm_up_reply_to_paint_max_ms", json_real (warm_ms));
    json_object_set_new (figures, "rss_after_kb", json_integer (rss));
    json_object_set_new (figures, "peak_rss_after_kb", json_integer (hwm));
    json_object_set_new (figures, "calls", json_integer (calls));
    json_object_set_new (figures, "warm_up_calls", json_integer (S_WARM_UP));
    json_object_set_new (figures, "lost", json_integer (lost));
    bench_set (self, "clients", "repaint", figures);
    double p50 = bench_pct (from_reply, 50) / 1000, p99 = bench_pct (from_reply, 99) / 1000;
    char name[96];
    snprintf (name, sizeof name, "call reply → board painted (%d calls): p50 / p99", calls);
    bench_row (self, name, "p99 ≤ 50 ms",
               lost == 0 && from_reply->len > 0 && p99 <= 50.0, "%.1f / %.1f ms", p50, p99);
    bench_row (self, "ticket.called at a SUB → board painted: p50 / p99", NULL, BENCH_NONE,
               "%.1f / %.1f ms", bench_pct (from_event, 50) / 1000, bench_pct (from_event, 99) / 1000);
    bench_row (self, "event applied → frame painted, in the board: p50 / p99", NULL, BENCH_NONE,
               "%.1f / %.1f ms", bench_pct (from_apply, 50) / 1000, bench_pct (from_apply, 99) / 1000);
    snprintf (name, sizeof name, "first %d calls after start-up (apart): slowest", S_WARM_UP);
    bench_row (self, name, NULL, BENCH_NONE, "%.1f ms", warm_ms);
    snprintf (name, sizeof name, "hall-display after the %d calls: RSS (peak)", S_WARM_UP + calls);
    bench_row (self, name, "RSS ≤ 100 MB", rss >= 0 && rss <= 100 * 1024, "%.0f (%.0f) MB",
               rss / 1024.0, hwm / 1024.0);
    if (lost)
        bench_row (self, "calls not painted within 5 s", NULL, BENCH_NONE, "%d of %d", lost,
                   S_WARM_UP + calls);
}

/* The board in its own process group, so that Xvfb and D-Bus go with it. */
static void
s_own_group (gpointer data)
{
    setpgid (0, 0);
}

void
bench_repaint (bench_t *self)
{
    int calls = self->quick ? 15 : 50;
    bench_section (self, "Board repaint under Xvfb: call → first frame painted after it");
    g_autofree char *program = harness_program ("hall-display");
    if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE)) {
        bench_row (self, "hall-display: not built, skipped", NULL, BENCH_NONE, "-");
        return;
    }
    g_autofree char *config = bench_hall_config (8, 40, 3);
    server_t *server = server_start (config, 0);
    client_t *desk = client_new (server->requests, "counter", 1);
    client_signin (desk);
    client_t *kiosk = client_new (server->requests, "kiosk", 0);
    for (int i = 0; i < S_WARM_UP + calls + 2; i++)
        json_decref (client_call (kiosk, "issue", "{\"category\": \"c0\"}", true));
    client_destroy (&kiosk);
    zsock_t *sub = zsock_new (ZMQ_SUB);
    zsock_set_linger (sub, 0);
    bench_secure (sub);
    zsock_set_subscribe (sub, "event");
    g_assert_cmpint (zsock_connect (sub, "%s", server->events), ==, 0);

    g_autofree char *log_path = g_build_filename (self->work, "paint-trace.log", NULL);
    g_autofree char *voice_dir = g_build_filename (self->work, "voice", NULL);
    g_mkdir_with_parents (voice_dir, 0700);
    int fd = open (log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    g_assert_cmpint (fd, >=, 0);
    g_autofree char *server_arg = g_strdup_printf ("--server=%s", server->requests);
    g_autofree char *events_arg = g_strdup_printf ("--events=%s", server->events);
    g_autofree char *voice_arg = g_strdup_printf ("--voice-out=%s", voice_dir);
    const char *argv[] = { "tests/lib/with-display.sh", program, server_arg, events_arg,
                           voice_arg, NULL };
    char **envp = g_environ_setenv (g_get_environ (), "HALL_TRACE_PAINT", "1", TRUE);
    envp = g_environ_unsetenv (envp, "GSK_RENDERER");
    GPid pid = 0;
    GError *error = NULL;
    g_spawn_async_with_fds (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, s_own_group,
                            NULL, &pid, -1, fd, fd, &error);
    g_assert_no_error (error);
    g_strfreev (envp);
    close (fd);

    trace_t trace = { .log = fopen (log_path, "r"), .seq = -1 };
    g_assert_nonnull (trace.log);
    /* Ready when it has painted the snapshot; then a heartbeat's time. */
    bool ready = s_trace_wait (&trace, 0, 30000);
    g_usleep (1500000);
    GArray *from_reply = g_array_new (FALSE, FALSE, sizeof (double));
    GArray *from_event = g_array_new (FALSE, FALSE, sizeof (double));
    GArray *from_apply = g_array_new (FALSE, FALSE, sizeof (double));
    int lost = 0;
    double warm_ms = -1;
    for (int i = 0; ready && i < S_WARM_UP + calls; i++) {
        client_send (desk, "call", "{\"window\": 1}");
        json_t *reply = client_recv (desk, 10000);
        double reply_at = bench_now_us ();
        if (!reply || !json_is_true (json_object_get (reply, "ok")))
            g_error ("call refused: %s", reply ? json_dumps (reply, JSON_COMPACT) : "no reply");
        json_decref (reply);
        gint64 seq = 0;
        double event_at = s_event_wait (sub, "ticket.called", &seq, S_WAIT_MS);
        if (event_at < 0 || !s_trace_wait (&trace, seq, S_WAIT_MS))
            lost++;
        else if (i < S_WARM_UP)
            warm_ms = MAX (warm_ms, (trace.painted_us - reply_at) / 1000);
        else {
            double us = trace.painted_us - reply_at;
            g_array_append_val (from_reply, us);
            us = trace.painted_us - event_at;
            g_array_append_val (from_event, us);
            us = trace.painted_us - trace.applied_us;
            g_array_append_val (from_apply, us);
        }
        json_decref (client_call (desk, "start", "{\"window\": 1}", true));
        json_decref (client_call (desk, "finish", "{\"window\": 1}", true));
        g_usleep (400000 + g_random_int_range (0, 300000));
    }
    /* The board's memory after the calls (buffers of its largest frames). */
    GPid board = s_find_in_group (pid, "hall-display");
    long rss = board ? bench_proc_kb (board, "VmRSS") : -1;
    long hwm = board ? bench_proc_kb (board, "VmHWM") : -1;
    kill (-pid, SIGTERM);
    waitpid (pid, NULL, 0);
    g_spawn_close_pid (pid);
    fclose (trace.log);
    zsock_destroy (&sub);
    client_destroy (&desk);
    server_free (server);

    if (ready)
        s_report (self, calls, from_reply, from_event, from_apply, warm_ms, lost, rss, hwm);
    else
        bench_row (self, "hall-display: no frame painted within 30 s", "p99 ≤ 50 ms", BENCH_MISS, "-");
    g_array_free (from_reply, TRUE);
    g_array_free (from_event, TRUE);
    g_array_free (from_apply, TRUE);
}
