/*  test-gui-display.c — the hall board, the window strip and the voice,
 *  against the real hall-server under Xvfb (tests/lib/with-display.sh).
 *
 *  Each test starts a server on the test clock (09:00 in Shanghai), builds
 *  a display in-process on its endpoints, drives the hall through an admin
 *  session, and reads the board's labels by widget name.
 */
#include "display.h"
#include "board-view.h"
#include "board-window.h"
#include "gui-a11y.h"
#include "gui-test.h"
#include "harness.h"
#include "i18n.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_START 1795741200      /* 2026-11-27 09:00 Asia/Shanghai */
#define S_WAIT  5000            /* ms to wait for the board to follow */

/* ---- helpers ------------------------------------------------------------- */

typedef struct {
    GtkWidget  *root;
    const char *name;
    const char *expect;         /* NULL: the widget exists and is visible */
} s_label_t;

static gboolean
s_label_is (gpointer data)
{
    s_label_t *check = data;
    if (!check->expect) {
        GtkWidget *widget = gui_find (check->root, check->name);
        return widget && gtk_widget_get_visible (widget);
    }
    return g_strcmp0 (gui_label_text (check->root, check->name), check->expect) == 0;
}

/* Waits until label NAME under ROOT reads EXPECT, then asserts it. */
static void
s_expect (GtkWindow *root, const char *name, const char *expect)
{
    s_label_t check = { GTK_WIDGET (root), name, expect };
    if (!gui_wait_until (s_label_is, &check, S_WAIT))
        g_test_message ("label %s: \"%s\", expected \"%s\"", name,
                        gui_label_text (GTK_WIDGET (root), name), expect ? expect : "(visible)");
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (root), name), ==, expect);
}

static gboolean
s_ready (gpointer data)
{
    hall_session_t *session = data;
    return hall_session_online (session) && hall_mirror_loaded (hall_session_mirror (session));
}

static gboolean
s_banner_visible (gpointer data)
{
    GtkWidget *banner = gui_find (data, "offline-banner");
    return banner && gtk_widget_get_visible (banner);
}

static gboolean
s_banner_hidden (gpointer data)
{
    return !s_banner_visible (data);
}

/* Runs OP with ARGS (stolen) as the admin; asserts success. */
static void
s_op (hall_session_t *admin, hall_op_t op, json_t *args)
{
    hall_reply_t reply = { 0 };
    hall_error_t error = hall_session_call (admin, op, args, &reply);
    if (error != HALL_OK)
        g_test_message ("%s: %s %s", hall_op_name (op), hall_error_name (error), reply.message);
    g_assert_cmpint (error, ==, HALL_OK);
    hall_reply_clear (&reply);
    json_decref (args);
}

static void
s_issue (hall_session_t *admin, const char *category)
{
    s_op (admin, HALL_OP_ISSUE, json_pack ("{s:s}", "category", category));
}

static void
s_window_op (hall_session_t *admin, hall_op_t op, int window)
{
    s_op (admin, op, json_pack ("{s:i}", "window", window));
}

static hall_display_t *
s_display (server_t *server, int window, int width, int height, const char *voice_out)
{
    hall_display_options_t options = {
        .requests = server->requests, .events = server->events,
        .window = window, .width = width, .height = height,
        .no_voice = voice_out == NULL,
        .voice = { .out_dir = voice_out, .call_phrase = "请 {number} 号到 {window} 号窗口办理" },
    };
    hall_display_t *display = hall_display_new (&options);
    gtk_window_present (hall_display_window (display));
    g_assert_true (gui_wait_until (s_ready, hall_display_session (display), 8000));
    gui_spin (1500);            /* the first heartbeat sets the clock */
    return display;
}

/* ---- 1 and 2: the board follows calls; screenshots ----------------------- */

static void
test_board (void)
{
    server_t *server = server_start (NULL, S_START);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, "test-admin");
    hall_display_t *display = s_display (server, 0, 1920, 1080, NULL);
    GtkWindow *board = hall_display_window (display);

    s_expect (board, "hall-name", "示范县政务服务中心");
    s_expect (board, "current-number", "—");
    s_expect (board, "waiting-business", "0");

    s_issue (admin, "business");
    s_issue (admin, "business");
    s_issue (admin, "general");
    s_issue (admin, "construction");
    s_expect (board, "waiting-business", "2");
    s_expect (board, "waiting-general", "1");
    s_expect (board, "waiting-construction", "1");

    /* Window 1 serves business first: A001. */
    s_window_op (admin, HALL_OP_CALL, 1);
    s_expect (board, "current-number", "A001");
    s_expect (board, "current-window", "→ 1号窗口");
    s_expect (board, "current-english", "A001 → Window 1");
    s_expect (board, "waiting-business", "1");
    g_assert_true (hall_board_window_flashing (HALL_BOARD_WINDOW (board)));

    /* Window 5 serves general first: D001 becomes the newest, A001 moves
     * to the list of earlier calls. */
    s_window_op (admin, HALL_OP_CALL, 5);
    s_expect (board, "current-number", "D001");
    s_expect (board, "current-window", "→ 5号窗口");
    s_expect (board, "recent-0-number", "A001");
    s_expect (board, "recent-0-window", "→ 1号窗口");
    s_expect (board, "waiting-general", "0");

    /* A recall brings A001 back as the newest call. */
    s_window_op (admin, HALL_OP_RECALL, 1);
    s_expect (board, "current-number", "A001");
    s_expect (board, "recent-0-number", "D001");

    s_window_op (admin, HALL_OP_CALL, 3);
    s_expect (board, "current-number", "B001");
    s_expect (board, "current-window", "→ 3号窗口");
    s_expect (board, "waiting-construction", "0");
    /* The earlier calls list A001 once, at its recall (it was listed
     * twice). */
    s_expect (board, "recent-0-number", "A001");
    s_expect (board, "recent-1-number", "D001");
    s_expect (board, "recent-2-number", "");

    /* Pause an idle window: the paused list shows it. */
    s_op (admin, HALL_OP_PAUSE, json_pack ("{s:i,s:s}", "window", 4, "reason", "午休"));
    s_expect (board, "paused-4", "4号窗口 暂停服务");
    s_op (admin, HALL_OP_PAUSE, json_pack ("{s:i}", "window", 7));
    s_expect (board, "paused-7", "7号窗口 暂停服务");

    gui_spin (6500);            /* the flash is over: the steady look */
    /* The clock runs on the server's (test) clock: 09:00 in Shanghai. */
    g_assert_true (g_str_has_prefix (gui_label_text (GTK_WIDGET (board), "clock"), "09:00:"));
    g_assert_true (g_str_has_prefix (gui_label_text (GTK_WIDGET (board), "date"), "2026-11-27"));
    gui_screenshot_named (GTK_WIDGET (board), "board-1920");

    /* The same hall on a 1280x720 screen. */
    hall_display_t *small = s_display (server, 0, 1280, 720, NULL);
    GtkWindow *small_board = hall_display_window (small);
    s_expect (small_board, "current-number", "B001");
    s_expect (small_board, "paused-4", "4号窗口 暂停服务");
    g_test_message ("clock: \"%s\"", gui_label_text (GTK_WIDGET (small_board), "clock"));
    g_assert_true (g_str_has_prefix (gui_label_text (GTK_WIDGET (small_board), "clock"), "09:00:"));
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (small_board), "compact"));
    gui_screenshot_named (GTK_WIDGET (small_board), "board-1280");
    hall_display_destroy (&small);

    /* The strip above window 1, then above the paused window 4. */
    hall_display_t *strip = s_display (server, 1, 0, 0, NULL);
    GtkWindow *strip_window = hall_display_window (strip);
    s_expect (strip_window, "strip-window", "1号窗口");
    s_expect (strip_window, "strip-ticket", "A001");
    s_expect (strip_window, "strip-state", "请到本窗口办理");
    gui_screenshot_named (GTK_WIDGET (strip_window), "strip");
    s_window_op (admin, HALL_OP_START, 1);
    s_expect (strip_window, "strip-state", "正在办理");
    s_window_op (admin, HALL_OP_FINISH, 1);
    s_expect (strip_window, "strip-ticket", "—");
    s_expect (strip_window, "strip-state", "等候叫号");
    hall_display_destroy (&strip);

    strip = s_display (server, 4, 0, 0, NULL);
    strip_window = hall_display_window (strip);
    s_expect (strip_window, "strip-state", "暂停服务");
    gui_screenshot_named (GTK_WIDGET (strip_window), "strip-paused");
    hall_display_destroy (&strip);

    /* A001 is finished: the board no longer shows it among current calls;
     * B001 (window 3) is still the current one. */
    s_expect (board, "current-number", "B001");
    s_window_op (admin, HALL_OP_START, 3);
    s_window_op (admin, HALL_OP_FINISH, 3);
    s_window_op (admin, HALL_OP_NOSHOW, 5);
    s_expect (board, "current-number", "—");

    /* A002, called at window 1 and transferred to 综合政务服务, waits
     * again: the earlier calls do not send its visitor to window 1. */
    s_window_op (admin, HALL_OP_CALL, 1);
    s_expect (board, "current-number", "A002");
    s_op (admin, HALL_OP_TRANSFER, json_pack ("{s:i, s:s}", "window", 1, "to_category", "general"));
    s_expect (board, "current-number", "—");
    s_expect (board, "recent-0-number", "B001");
    for (int i = 0; i < HALL_BOARD_RECENT; i++) {
        g_autofree char *name = g_strdup_printf ("recent-%d-number", i);
        g_assert_cmpstr (gui_label_text (GTK_WIDGET (board), name), !=, "A002");
    }
    gui_screenshot_named (GTK_WIDGET (board), "board-after-recall-and-transfer");

    hall_display_destroy (&display);
    hall_session_destroy (&admin);
    server_free (server);
}

/* ---- 3: voice ----------------------------------------------------------- */

typedef struct {
    const char *dir;
    guint       lines;
} s_log_t;

static gboolean
s_log_has (gpointer data)
{
    s_log_t *log = data;
    g_autofree char *path = g_build_filename (log->dir, HALL_ANNOUNCER_LOG, NULL);
    g_autofree char *text = NULL;
    if (!g_file_get_contents (path, &text, NULL, NULL))
        return FALSE;
    g_auto (GStrv) lines = g_strsplit (g_strstrip (text), "\n", -1);
    return g_strv_length (lines) >= log->lines;
}

/* RMS of the 16-bit samples of the WAV at PATH from SKIP seconds on. */
static double
s_wav_rms (const char *path, double skip, int *rate)
{
    g_autofree char *data = NULL;
    gsize size;
    g_assert_true (g_file_get_contents (path, &data, &size, NULL));
    g_assert_cmpuint (size, >, 44);
    g_assert_true (memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WAVE", 4) == 0);
    guint16 channels, bits;
    guint32 sample_rate;
    memcpy (&channels, data + 22, 2);
    memcpy (&sample_rate, data + 24, 4);
    memcpy (&bits, data + 34, 2);
    g_assert_cmpuint (GUINT16_FROM_LE (channels), ==, 1);
    g_assert_cmpuint (GUINT16_FROM_LE (bits), ==, 16);
    *rate = (int) GUINT32_FROM_LE (sample_rate);
    gsize count = (size - 44) / 2;
    gsize from = (gsize) (skip * *rate);
    g_assert_cmpuint (count, >, from + *rate);      /* more than a second of speech */
    double sum = 0;
    for (gsize i = from; i < count; i++) {
        gint16 sample;
        memcpy (&sample, data + 44 + 2 * i, 2);
        sample = GINT16_FROM_LE (sample);
        sum += (double) sample * sample;
    }
    return sqrt (sum / (count - from));
}

static void
test_voice (void)
{
    g_autofree char *dir = g_dir_make_tmp ("hall-voice-XXXXXX", NULL);
    server_t *server = server_start (NULL, S_START);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, "test-admin");
    hall_display_t *display = s_display (server, 0, 1280, 720, dir);
    GtkWindow *board = hall_display_window (display);

    for (int i = 0; i < 3; i++)
        s_issue (admin, "business");
    /* Three quick calls and a recall, without waiting in between. */
    s_window_op (admin, HALL_OP_CALL, 1);     /* A001 */
    s_window_op (admin, HALL_OP_CALL, 2);     /* A002 */
    s_window_op (admin, HALL_OP_CALL, 5);     /* A003 (backup of window 5) */
    s_window_op (admin, HALL_OP_RECALL, 1);   /* A001 again */
    s_expect (board, "current-number", "A001");

    s_log_t log = { dir, 4 };
    g_assert_true (gui_wait_until (s_log_has, &log, 30000));
    gui_spin (500);             /* nothing more comes */

    static const char *expected[] = {
        "请 A 零 零 一 号到 一 号窗口办理",
        "请 A 零 零 二 号到 二 号窗口办理",
        "请 A 零 零 三 号到 五 号窗口办理",
        "请 A 零 零 一 号到 一 号窗口办理",
    };
    g_autofree char *path = g_build_filename (dir, HALL_ANNOUNCER_LOG, NULL);
    g_autofree char *text = NULL;
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_auto (GStrv) lines = g_strsplit (g_strstrip (text), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 4);
    gint64 previous_end = 0;
    for (int i = 0; i < 4; i++) {
        g_auto (GStrv) fields = g_strsplit (lines[i], "\t", 4);
        g_assert_cmpuint (g_strv_length (fields), ==, 4);
        gint64 start = g_ascii_strtoll (fields[0], NULL, 10);
        gint64 end = g_ascii_strtoll (fields[1], NULL, 10);
        g_assert_cmpint (start, <, end);
        g_assert_cmpint (start, >=, previous_end);        /* never overlapping */
        previous_end = end;
        g_assert_cmpstr (fields[3], ==, expected[i]);
        g_autofree char *wav = g_build_filename (dir, fields[2], NULL);
        int rate = 0;
        double rms = s_wav_rms (wav, 1.0 /* past the chime */, &rate);
        g_test_message ("%s: %s, %d Hz, speech RMS %.0f, %.2f s to make",
                        fields[2], fields[3], rate, rms, (end - start) / 1e6);
        g_assert_cmpfloat (rms, >, 300.0);
    }

    /* A pause is announced after them. */
    s_op (admin, HALL_OP_PAUSE, json_pack ("{s:i}", "window", 3));
    log.lines = 5;
    g_assert_true (gui_wait_until (s_log_has, &log, 10000));
    g_autofree char *text5 = NULL;
    g_assert_true (g_file_get_contents (path, &text5, NULL, NULL));
    g_auto (GStrv) lines5 = g_strsplit (g_strstrip (text5), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines5), ==, 5);
    g_assert_true (g_str_has_suffix (lines5[4], "\t三 号窗口暂停服务"));

    /* The spoken forms on their own. */
    g_autofree char *spelt = hall_announcer_spell_number ("B120");
    g_assert_cmpstr (spelt, ==, "B 一 二 零");
    g_autofree char *twelve = hall_announcer_say_integer (12);
    g_assert_cmpstr (twelve, ==, "十二");
    g_autofree char *twenty = hall_announcer_say_integer (20);
    g_assert_cmpstr (twenty, ==, "二十");
    g_autofree char *pause = hall_announcer_format (HALL_ANNOUNCER_PAUSE_PHRASE, "", 3);
    g_assert_cmpstr (pause, ==, "三 号窗口暂停服务");

    hall_display_destroy (&display);
    hall_session_destroy (&admin);
    server_free (server);
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (rm), ==, 0);
}

/* ---- 4: offline and back ----------------------------------------------- */

static void
test_offline (void)
{
    server_t *server = server_start (NULL, S_START);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, "test-admin");
    hall_display_t *display = s_display (server, 0, 1280, 720, NULL);
    GtkWidget *board = GTK_WIDGET (hall_display_window (display));
    g_assert_false (s_banner_visible (board));

    s_issue (admin, "business");
    s_issue (admin, "business");
    s_window_op (admin, HALL_OP_CALL, 1);
    s_expect (GTK_WINDOW (board), "current-number", "A001");

    int height = gtk_widget_get_height (board);
    gint64 stopped = g_get_monotonic_time ();
    server_kill (server, SIGTERM);
    /* HALL_OFFLINE_MS after the last heartbeat (tests/unit/test-session.c
     * holds the rule); logged, not asserted: a busy machine is slower. */
    g_assert_true (gui_wait_until (s_banner_visible, board, 20000));
    gint64 took = (g_get_monotonic_time () - stopped) / 1000;
    g_test_message ("offline banner after %" G_GINT64_FORMAT " ms", took);
    g_assert_cmpstr (gui_label_text (board, "offline-banner"), ==, "与服务器的连接已中断，正在重新连接…");
    gui_screenshot_named (board, "board-offline");
    /* The hall's name and the clock stay in sight: the banner is under
     * the header, not over it (it covered both, once). */
    graphene_rect_t banner, name, clock;
    g_assert_true (gtk_widget_compute_bounds (gui_find (board, "offline-banner"), board, &banner));
    g_assert_true (gtk_widget_compute_bounds (gui_find (board, "hall-name"), board, &name));
    g_assert_true (gtk_widget_compute_bounds (gui_find (board, "clock"), board, &clock));
    g_assert_false (graphene_rect_intersection (&banner, &name, NULL));
    g_assert_false (graphene_rect_intersection (&banner, &clock, NULL));
    g_assert_true (gtk_widget_get_mapped (gui_find (board, "hall-name")));
    g_assert_cmpint (gtk_widget_get_height (board), ==, height);      /* in the notice bar's place */

    server_restart (server);
    g_assert_true (gui_wait_until (s_banner_hidden, board, 8000));
    s_expect (GTK_WINDOW (board), "current-number", "A001");
    s_expect (GTK_WINDOW (board), "waiting-business", "1");

    /* The state after the restart is followed as before. */
    s_window_op (admin, HALL_OP_CALL, 2);
    s_expect (GTK_WINDOW (board), "current-number", "A002");
    s_expect (GTK_WINDOW (board), "waiting-business", "0");

    hall_display_destroy (&display);
    hall_session_destroy (&admin);
    server_free (server);
}

/* ---- 5: the paint trace behind hall-bench's repaint figure --------------- */

typedef struct {
    FILE   *out;                /* the display's trace (open_memstream) */
    char  **text;               /* its buffer */
    gint64  seq;                /* wait for a frame painted at this seq or later */
    gint64  applied, painted, real;     /* that line's times */
} s_trace_t;

static gboolean
s_trace_painted (gpointer data)
{
    s_trace_t *trace = data;
    fflush (trace->out);
    g_auto (GStrv) lines = g_strsplit (*trace->text ? *trace->text : "", "\n", -1);
    for (char **line = lines; *line; line++) {
        gint64 seq, applied, painted, real;
        if (sscanf (*line, "hall-display: painted seq=%" G_GINT64_FORMAT " applied=%" G_GINT64_FORMAT
                    " painted=%" G_GINT64_FORMAT " real=%" G_GINT64_FORMAT,
                    &seq, &applied, &painted, &real) == 4 && seq >= trace->seq) {
            trace->applied = applied;
            trace->painted = painted;
            trace->real = real;
            return TRUE;
        }
    }
    return FALSE;
}

static void
test_paint_trace (void)
{
    server_t *server = server_start (NULL, S_START);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, "test-admin");
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    hall_display_options_t options = {
        .requests = server->requests, .events = server->events,
        .width = 1280, .height = 720, .no_voice = TRUE, .paint_trace = out,
    };
    hall_display_t *display = hall_display_new (&options);
    GtkWindow *board = hall_display_window (display);
    gtk_window_present (board);
    hall_session_t *session = hall_display_session (display);
    g_assert_true (gui_wait_until (s_ready, session, 8000));

    /* The snapshot's first frame, then a call's. */
    s_trace_t trace = { out, &text, hall_mirror_seq (hall_session_mirror (session)) };
    g_assert_true (gui_wait_until (s_trace_painted, &trace, S_WAIT));
    s_issue (admin, "business");
    s_window_op (admin, HALL_OP_CALL, 1);
    s_expect (board, "current-number", "A001");
    trace.seq = hall_mirror_seq (hall_session_mirror (session));
    gint64 now = g_get_monotonic_time ();
    g_assert_true (gui_wait_until (s_trace_painted, &trace, S_WAIT));
    g_test_message ("call applied → painted: %.1f ms", (trace.painted - trace.applied) / 1000.0);
    g_assert_cmpint (trace.applied, <=, trace.painted);
    g_assert_cmpint (trace.applied, <=, now);
    g_assert_cmpint (trace.painted, <=, g_get_monotonic_time ());
    g_assert_cmpint (llabs (trace.real - g_get_real_time ()), <, 60 * G_USEC_PER_SEC);

    hall_display_destroy (&display);
    fclose (out);
    free (text);
    hall_session_destroy (&admin);
    server_free (server);
}

/* ---- a "一件事" journey ticket is called for its step -------------------- */

static const char *s_journey_hall =
    "[hall]\nname=一件事大厅\nname_en=One-go Hall\ntimezone=Asia/Shanghai\n"
    "[category business]\nprefix=A\nname=企业开办\nname_en=Business Start-up\n"
    "[category seal]\nprefix=B\nname=印章刻制\nname_en=Seal Engraving\n"
    "[category social]\nprefix=C\nname=社保登记\nname_en=Social Insurance\n"
    "[category bank]\nprefix=D\nname=银行开户\nname_en=Bank Account\n"
    "[journey kaiban]\nname=企业开办一件事\nsteps=business; seal, social?; bank?\n"
    "[window 1]\nprimary=business\n[window 2]\nprimary=seal;social\n[window 3]\nprimary=bank\n"
    "[staff 1001]\nname=王芳\n";

static void
test_journey (void)
{
    server_t *server = server_start (s_journey_hall, S_START);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, "test-admin");
    hall_display_t *display = s_display (server, 0, 1920, 1080, NULL);
    GtkWindow *board = hall_display_window (display);

    s_op (admin, HALL_OP_JOURNEY_ISSUE, json_pack ("{s:s}", "journey", "kaiban"));
    s_issue (admin, "seal");
    s_window_op (admin, HALL_OP_CALL, 1);
    s_expect (board, "current-number", "A001");
    s_expect (board, "current-window", "→ 1号窗口");
    s_expect (board, "current-step", "第 1 步 / 共 4 步：企业开办");
    s_expect (board, "current-english", "A001 → Window 1 · Step 1 of 4");

    /* A plain ticket's call has no step line. */
    s_window_op (admin, HALL_OP_CALL, 2);
    s_expect (board, "current-number", "B001");
    GtkWidget *step = gui_find (GTK_WIDGET (board), "current-step");
    g_assert_false (gtk_widget_get_visible (step));
    s_expect (board, "current-english", "B001 → Window 2");
    s_window_op (admin, HALL_OP_START, 2);
    s_window_op (admin, HALL_OP_FINISH, 2);

    /* Step 1 done at window 1: A001 is called to window 2 for 印章刻制. */
    s_window_op (admin, HALL_OP_START, 1);
    s_window_op (admin, HALL_OP_FINISH, 1);
    s_window_op (admin, HALL_OP_CALL, 2);
    s_expect (board, "current-number", "A001");
    s_expect (board, "current-window", "→ 2号窗口");
    s_expect (board, "current-step", "第 2 步 / 共 4 步：印章刻制");
    g_assert_true (gtk_widget_get_visible (step));
    s_expect (board, "recent-0-number", "B001");
    gui_spin (6500);            /* the flash is over: the steady look */
    gui_screenshot_named (GTK_WIDGET (board), "board-journey");

    hall_display_t *small = s_display (server, 0, 1280, 720, NULL);
    GtkWindow *small_board = hall_display_window (small);
    s_expect (small_board, "current-step", "第 2 步 / 共 4 步：印章刻制");
    gui_spin (300);
    gui_screenshot_named (GTK_WIDGET (small_board), "board-journey-1280");
    hall_display_destroy (&small);

    hall_display_destroy (&display);
    hall_session_destroy (&admin);
    server_free (server);
}

/* ---- screens that fit (issue 18) --------------------------------------- */

/* A busy hall on the board at each screen size, started there and
 * resized to it (smaller and larger): every visible label and number inside the window, none
 * cut (gui_fit_problems); the compact style below 1600 px; a screenshot
 * at 1280x720. */
typedef struct {
    GtkWindow *board;
    gboolean   compact;
} s_style_wait_t;

static gboolean
s_style_is (gpointer data)
{
    s_style_wait_t *wait = data;
    return gtk_widget_has_css_class (GTK_WIDGET (wait->board), "compact") == wait->compact;
}

static void
test_fits (void)
{
    server_t *server = server_start (NULL, S_START);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, "test-admin");
    const char *categories [] = { "business", "general", "construction", "business", "general" };
    for (int round = 0; round < 3; round++)
        for (size_t c = 0; c < G_N_ELEMENTS (categories); c++)
            s_issue (admin, categories [c]);
    for (int window = 1; window <= 6; window++)
        s_window_op (admin, HALL_OP_CALL, window);
    s_op (admin, HALL_OP_PAUSE, json_pack ("{s:i,s:s}", "window", 7, "reason", "午休"));
    s_op (admin, HALL_OP_PAUSE, json_pack ("{s:i}", "window", 8));
    const struct { int width, height; const char *shot; } sizes [] = {
        { 1280, 720, "board-fit-1280x720" }, { 1366, 768, NULL }, { 1920, 1080, NULL },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (sizes); i++) {
        hall_display_t *display = s_display (server, 0, sizes [i].width, sizes [i].height, NULL);
        GtkWindow *board = hall_display_window (display);
        s_expect (board, "paused-8", "8号窗口 暂停服务");
        gui_spin (6500);        /* the flash is over: the steady look */
        g_autofree char *problems = gui_fit_problems (board, sizes [i].width, sizes [i].height);
        g_test_message ("board at %d×%d: %s", sizes [i].width, sizes [i].height,
                        problems ? problems : "fits");
        if (sizes [i].shot)
            gui_screenshot_named (GTK_WIDGET (board), sizes [i].shot);
        g_assert_null (problems);
        s_style_wait_t style = { board, sizes [i].width < 1600 };
        g_assert_true (gui_wait_until (s_style_is, &style, 5000));
        hall_display_destroy (&display);
    }
    /* A board started on one screen and shown on others (a TV's
     * resolution changed), smaller and larger: it follows. */
    hall_display_t *display = s_display (server, 0, 1920, 1080, NULL);
    GtkWindow *board = hall_display_window (display);
    const int resized [][2] = { { 1280, 720 }, { 1366, 768 }, { 1920, 1080 }, { 1366, 768 } };
    for (size_t i = 0; i < G_N_ELEMENTS (resized); i++) {
        /* The style follows the new size on a later turn of the loop (the
         * compact one fits any size: the window may fit before), and the
         * window is walked again in it. */
        g_free (gui_fit_problems (board, resized [i][0], resized [i][1]));
        s_style_wait_t style = { board, resized [i][0] < 1600 };
        g_assert_true (gui_wait_until (s_style_is, &style, 5000));
        g_autofree char *problems = gui_fit_problems (board, resized [i][0], resized [i][1]);
        g_test_message ("board resized to %d×%d: %s", resized [i][0], resized [i][1],
                        problems ? problems : "fits");
        g_assert_null (problems);
    }
    hall_display_destroy (&display);
    hall_session_destroy (&admin);
    server_free (server);
}

/* ---- English (LANGUAGE=en): runs last, it switches the whole process ---- */

static void
test_english (void)
{
    g_setenv ("LANGUAGE", "en", TRUE);
    g_autofree char *program = harness_program ("hall-display");
    hall_i18n_init ("hall-display", program);
    server_t *server = server_start (NULL, S_START);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, "test-admin");
    hall_display_t *display = s_display (server, 0, 1920, 1080, NULL);
    GtkWindow *board = hall_display_window (display);
    s_expect (board, "current-title", "Now calling");
    s_expect (board, "hall-name", "Demo County Government Service Center");
    s_issue (admin, "business");
    s_window_op (admin, HALL_OP_CALL, 2);
    s_expect (board, "current-window", "→ Window 2");
    s_op (admin, HALL_OP_PAUSE, json_pack ("{s:i}", "window", 6));
    s_expect (board, "paused-6", "Window 6 paused");
    gui_spin (6500);
    gui_screenshot_named (GTK_WIDGET (board), "board-1920-en");
    hall_display_destroy (&display);
    hall_session_destroy (&admin);
    server_free (server);
    g_unsetenv ("LANGUAGE");
}

/* A board whose key the server does not know says so on its banner, not
 * "reconnecting" for ever. */
static gboolean
s_banner_says_refused (gpointer data)
{
    return s_banner_visible (data)
           && g_str_has_prefix (gui_label_text (data, "offline-banner"), "服务器拒绝了本设备的密钥");
}

static void
test_key_refused (void)
{
    server_t *server = server_start (NULL, S_START);
    g_autofree char *stranger = harness_stranger_key (server);
    g_autofree char *admin_key = g_strdup (g_getenv ("HALL_KEY"));
    g_setenv ("HALL_KEY", stranger, TRUE);
    hall_display_options_t options = { .requests = server->requests, .events = server->events,
                                       .no_voice = TRUE };
    hall_display_t *display = hall_display_new (&options);
    g_setenv ("HALL_KEY", admin_key, TRUE);
    GtkWidget *board = GTK_WIDGET (hall_display_window (display));
    gtk_window_present (GTK_WINDOW (board));
    g_assert_true (gui_wait_until (s_banner_says_refused, board, 30000));
    g_test_message ("banner: %s", gui_label_text (board, "offline-banner"));
    gui_spin (300);
    gui_screenshot_named (board, "board-key-refused");
    hall_display_destroy (&display);
    server_free (server);
}

/* ---- every control has an accessible name (issue 18) --------------------- */

/* The board (a call on it, a window paused) and the strip above window 1:
 * every control they have has an accessible name over AT-SPI (the board is
 * read, not operated: this guards what may be added to it).  The test runs
 * again in a subprocess with GTK's bridge on, where
 * tests/tools/a11y-check.py walks this process's tree. */
static void
test_accessible_names (void)
{
    if (!gui_a11y_bridge_on ()) {
        gui_a11y_run_in_subprocess ();
        return;
    }
    server_t *server = server_start (NULL, S_START);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, "test-admin");
    hall_display_t *display = s_display (server, 0, 1920, 1080, NULL);
    GtkWindow *board = hall_display_window (display);
    s_issue (admin, "business");
    s_window_op (admin, HALL_OP_CALL, 1);
    s_op (admin, HALL_OP_PAUSE, json_pack ("{s:i}", "window", 6));
    s_expect (board, "current-number", "A001");
    hall_display_t *strip = s_display (server, 1, 0, 0, NULL);
    s_expect (hall_display_window (strip), "strip-ticket", "A001");
    gui_a11y_assert_named ("board and strip");
    hall_display_destroy (&strip);
    hall_display_destroy (&display);
    hall_session_destroy (&admin);
    server_free (server);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    gui_a11y_prepare ();
    gtk_init ();
    g_test_add_func ("/display/board", test_board);
    g_test_add_func ("/display/voice", test_voice);
    g_test_add_func ("/display/offline", test_offline);
    g_test_add_func ("/display/paint-trace", test_paint_trace);
    g_test_add_func ("/display/journey", test_journey);
    g_test_add_func ("/display/fits", test_fits);
    g_test_add_func ("/display/accessible-names", test_accessible_names);
    g_test_add_func ("/display/english", test_english);
    g_test_add_func ("/display/key-refused", test_key_refused);
    return g_test_run ();
}
