/*  test-gui-county.c — hall-manager --county, the county's window, against
 *  a real PostgreSQL 15 with the county schema (tests/lib/pg/pg-harness.h),
 *  under Xvfb (tests/lib/with-display.sh).
 *
 *  Until hall-uplink writes the county's rows, the test writes them itself
 *  as the superuser, the way an uplink's transaction would (rows, then
 *  county.hall's clock and seen_at, then pg_notify('county', hall)).  The
 *  window reads as the reader role over TLS, like a dashboard in the
 *  county's office.  Three halls:
 *    cg  城关镇便民服务中心  online, 3 waiting, one window open of three
 *    qs  青山镇便民服务中心  online, 2 waiting, NO window open: first
 *    sq  石桥村便民服务站    last seen 10 minutes ago: 离线
 *  The two online halls are kept alive by a heartbeat of the test's (the
 *  uplink's, every second here) that sets seen_at; the window runs with an
 *  offline threshold of 3 s (--offline-after 3), so stopping a hall's
 *  heartbeat turns it 离线 within seconds.
 *
 *  /county/reports reads the 报表 page's figures against county_report()'s
 *  for the same days, and its exports.
 *
 *  /county/uplink then does it the real way: two hall-servers (the demo hall,
 *  test clock), each with its hall-uplink, and the window following what
 *  happens at the halls: the hall with people waiting and nobody signed in
 *  first, until its clerk signs in; a hall whose uplink stops, 离线.
 */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gui-test.h"
#include "gui-a11y.h"
#include "pg-harness.h"
#include "harness.h"
#include "county-db.h"
#include "county-model.h"
#include "county-report.h"
#include "county-report-view.h"
#include "county-window.h"
#include "report-table.h"

#define OFFLINE_AFTER 3

static const char *const s_ids[] = { "cg", "qs", "sq" };
static const char *const s_names[] = { "城关镇便民服务中心", "青山镇便民服务中心", "石桥村便民服务站" };

typedef struct {
    pg_t         *pg;
    gint64        now;             /* the halls' clock (unix s), fixed for the test */
    CountyModel  *model;
    CountyWindow *window;
    gboolean      alive[3];        /* the heartbeat of s_ids[i] runs */
    guint         heartbeat;
    int           refreshes;       /* "halls" signals seen */
} county_t;

static GString *s_log_text;        /* every message the dashboard logged */

static void
s_log_handler (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
    g_string_append_printf (s_log_text, "%s\n", message);
    g_log_default_handler (domain, level, message, data);
}

/* ---- the county's rows, as an uplink writes them ---------------------------- */

static void
s_sql (county_t *county, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
s_sql (county_t *county, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    g_autofree char *sql = g_strdup_vprintf (format, args);
    va_end (args);
    pg_exec (county->pg, sql);
}

static gboolean
s_beat (gpointer data)
{
    county_t *county = data;
    for (int i = 0; i < 3; i++)
        if (county->alive[i])
            s_sql (county, "UPDATE county.hall SET seen_at = now () WHERE id = '%s'", s_ids[i]);
    return G_SOURCE_CONTINUE;
}

/* A ticket of hall HALL: ID, CATEGORY, STATE, issued AGO seconds before the
 * test's clock, on today's (DAY 0) or yesterday's (DAY -1) day. */
static void
s_ticket (county_t *county, const char *hall, int id, const char *category, const char *state, int ago,
          int day)
{
    s_sql (county,
           "INSERT INTO county.ticket (hall, id, day, number, category, state, issued_at, queued_at)"
           " VALUES ('%s', %d, (SELECT hall_day FROM county.hall WHERE id = '%s') + %d,"
           " '%s%03d', '%s', '%s', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
           hall, id, hall, day, category, id, category, state, county->now - ago, county->now - ago);
}

static void
s_fill (county_t *county)
{
    gint64 t = county->now;
    /* The halls' clock and day (Asia/Shanghai); the last event 3 minutes ago. */
    s_sql (county,
           "UPDATE county.hall SET timezone = 'Asia/Shanghai', hall_time = %" G_GINT64_FORMAT ","
           " hall_day = (to_timestamp (%" G_GINT64_FORMAT ") AT TIME ZONE 'Asia/Shanghai')::date,"
           " last_event_at = %" G_GINT64_FORMAT ", last_seq = 40, seen_at = now ()",
           t, t, t - 180);
    s_sql (county, "UPDATE county.hall SET seen_at = now () - interval '10 minutes' WHERE id = 'sq'");
    for (int i = 0; i < 3; i++)
        s_sql (county,
               "INSERT INTO county.category (hall, code, name, position) VALUES"
               " ('%s', 'A', '综合受理', 1), ('%s', 'B', '社保医保', 2)", s_ids[i], s_ids[i]);
    s_sql (county,
           "INSERT INTO county.staff (hall, id, name) VALUES ('cg', 'c1', '张敏'), ('cg', 'c2', '李强'),"
           " ('qs', 'q1', '王芳'), ('sq', 's1', '赵磊');"
           "INSERT INTO county.service_window (hall, number, name, paused, clerk) VALUES"
           " ('cg', 1, '1号窗口', false, 'c1'), ('cg', 2, '2号窗口', true, 'c2'), ('cg', 3, '3号窗口', false, NULL),"
           " ('qs', 1, '1号窗口', true, 'q1'), ('qs', 2, '2号窗口', false, NULL),"
           " ('sq', 1, '便民窗口', false, 's1')");
    /* 城关镇: 3 waiting (the oldest 10 minutes), 5 finished today, 1 yesterday. */
    s_ticket (county, "cg", 1, "A", "waiting", 600, 0);
    s_ticket (county, "cg", 2, "A", "waiting", 300, 0);
    s_ticket (county, "cg", 3, "B", "waiting", 120, 0);
    for (int id = 4; id <= 8; id++)
        s_ticket (county, "cg", id, id < 7 ? "A" : "B", "finished", 3000 + id * 60, 0);
    s_ticket (county, "cg", 9, "A", "finished", 90000, -1);
    /* Today's valid ratings 3 good, 1 bad: 75.0%; a default, an excluded one
     * and a second round are not counted. */
    const int levels[] = { 5, 4, 3, 2, 1, 1, 1 };
    for (int i = 0; i < 7; i++)
        s_sql (county,
               "INSERT INTO county.rating (hall, id, ticket, round, category, level, is_default, excluded,"
               " channel, time) VALUES ('cg', %d, %d, %d, 'A', %d, %s, %s, 'pad', %" G_GINT64_FORMAT ")",
               i + 1, 4 + (i % 5), i == 6 ? 2 : 1, levels[i], i == 4 ? "true" : "false",
               i == 5 ? "true" : "false", t - 1000);
    /* An open case, not yet due; one closed. */
    s_sql (county,
           "INSERT INTO county.service_case (hall, id, kind, ticket, category, state, opened_at, contact_due,"
           " rectify_due) VALUES ('cg', 1, 'rating', 7, 'A', 'open', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
           ", %" G_GINT64_FORMAT "), ('cg', 2, 'rating', 8, 'A', 'closed', 0, 0, 0)",
           t - 600, t + 3600, t + 86400);
    /* 青山镇: 2 waiting (the oldest 15 minutes), nobody at a window; a case
     * past its contact deadline. */
    s_ticket (county, "qs", 1, "A", "waiting", 900, 0);
    s_ticket (county, "qs", 2, "B", "waiting", 200, 0);
    s_ticket (county, "qs", 3, "A", "finished", 4000, 0);
    s_sql (county,
           "INSERT INTO county.service_case (hall, id, kind, ticket, category, state, opened_at, contact_due,"
           " rectify_due) VALUES ('qs', 1, 'complaint', 3, 'A', 'open', %" G_GINT64_FORMAT ", %"
           G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", t - 7200, t - 60, t + 86400);
    /* 石桥村: quiet, 1 finished. */
    s_ticket (county, "sq", 1, "A", "finished", 5000, 0);
}

/* ---- the window --------------------------------------------------------------- */

static void
s_counted (CountyModel *model, county_t *county)
{
    county->refreshes++;
}

static gboolean
s_loaded (gpointer data)
{
    county_t *county = data;
    return county->refreshes > 0 && gtk_widget_get_mapped (GTK_WIDGET (county->window));
}

static county_t *
county_open (void)
{
    county_t *county = g_new0 (county_t, 1);
    county->pg = pg_start ();
    pg_county_setup (county->pg, s_ids, s_names, 3);
    county->now = (gint64) time (NULL);
    s_fill (county);
    county->alive[0] = county->alive[1] = TRUE;
    county->heartbeat = g_timeout_add (1000, s_beat, county);
    g_autofree char *conninfo = pg_conninfo (county->pg, "reader", "pw-reader");
    county->model = county_model_new (conninfo, OFFLINE_AFTER);
    g_signal_connect (county->model, "halls", G_CALLBACK (s_counted), county);
    county->window = county_window_new (NULL, county->model);
    gtk_window_present (GTK_WINDOW (county->window));
    g_assert_true (gui_wait_until (s_loaded, county, 15000));
    return county;
}

static void
county_close (county_t *county)
{
    g_clear_handle_id (&county->heartbeat, g_source_remove);
    gtk_window_destroy (GTK_WINDOW (county->window));
    g_object_unref (county->model);
    gui_spin (50);
    pg_free (county->pg);
    g_free (county);
}

static void
s_wait_label (county_t *county, const char *name, const char *text, int timeout_ms)
{
    if (!gui_wait_label (GTK_WIDGET (county->window), name, text, timeout_ms))
        g_error ("label %s is '%s', expected '%s'", name,
                 gui_label_text (GTK_WIDGET (county->window), name), text);
}

static void
s_check_label (county_t *county, const char *name, const char *text)
{
    g_assert_cmpstr (gui_label_text (GTK_WIDGET (county->window), name), ==, text);
}

static void
s_check_order (county_t *county, const char *first, const char *second, const char *third)
{
    s_check_label (county, "row-0", first);
    s_check_label (county, "row-1", second);
    s_check_label (county, "row-2", third);
}

/* ROOT as the user sees it, into $HALL_BUILD/screenshots/FILE. */
static void
s_screenshot (GtkWidget *root, const char *file)
{
    const char *build = g_getenv ("HALL_BUILD");
    g_autofree char *dir = g_build_filename (build && *build ? build : "build", "screenshots", NULL);
    g_mkdir_with_parents (dir, 0755);
    g_autofree char *png = g_build_filename (dir, file, NULL);
    g_assert_true (gui_screenshot (root, png));
    g_test_message ("screenshot %s", png);
}

/* The refresh after the next one the 5-s timer makes: a change sent right
 * after it can only come through NOTIFY within 2 s. */
static void
s_after_refresh (county_t *county)
{
    int seen = county->refreshes;
    gint64 until = g_get_monotonic_time () + 8 * G_USEC_PER_SEC;
    while (county->refreshes == seen && g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (county->refreshes, >, seen);
}

static gboolean
s_banner_shown (gpointer data)
{
    GtkWidget *banner = gui_find (data, "county-banner");
    return banner && gtk_widget_get_visible (banner);
}

static gboolean
s_banner_hidden (gpointer data)
{
    return !s_banner_shown (data);
}

static gboolean
s_offline (gpointer data)
{
    county_t *county = data;
    const char *status = gui_label_text (GTK_WIDGET (county->window), "status-cg");
    return status && g_str_has_prefix (status, "离线 自 ");
}

/* ---- the tests ------------------------------------------------------------------- */

static void
test_live (void)
{
    county_t *county = county_open ();
    GtkWidget *root = GTK_WIDGET (county->window);

    /* The order of attention: people waiting and no window, then offline,
     * then the rest. */
    s_wait_label (county, "row-0", "青山镇便民服务中心", 5000);
    s_check_order (county, "青山镇便民服务中心", "石桥村便民服务站", "城关镇便民服务中心");
    g_assert_nonnull (strstr (gui_label_text (root, "county-order"), "无窗口开放"));
    g_assert_false (s_banner_shown (root));

    /* 城关镇 */
    s_check_label (county, "status-cg", "在线");
    s_check_label (county, "last-event-cg", "最后事件 3分钟前");
    s_check_label (county, "waiting-cg", "3");
    s_check_label (county, "windows-cg", "1");
    s_check_label (county, "longest-cg", "10分00秒");
    s_check_label (county, "issued-cg", "8");
    s_check_label (county, "served-cg", "5");
    s_check_label (county, "good-cg", "75.0%");
    s_check_label (county, "cases-cg", "1");
    s_check_label (county, "overdue-cg", "0");
    /* 青山镇 */
    s_check_label (county, "status-qs", "在线");
    s_check_label (county, "waiting-qs", "2");
    s_check_label (county, "windows-qs", "0");
    s_check_label (county, "longest-qs", "15分00秒");
    s_check_label (county, "issued-qs", "3");
    s_check_label (county, "served-qs", "1");
    s_check_label (county, "good-qs", "-");
    s_check_label (county, "overdue-qs", "1");
    /* 石桥村: offline since its seen_at, in the hall's zone */
    g_autofree char *since = pg_query1 (county->pg,
        "SELECT to_char (seen_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI') FROM county.hall WHERE id = 'sq'");
    g_autofree char *offline = g_strdup_printf ("离线 自 %s", since);
    s_check_label (county, "status-sq", offline);
    s_check_label (county, "waiting-sq", "0");
    s_check_label (county, "longest-sq", "-");
    s_check_label (county, "county-waiting", "全县等候 5 人");
    s_check_label (county, "county-halls", "大厅 3 个 · 在线 2");

    /* A change with pg_notify shows without the 5-s timer: right after a
     * timed refresh, within 2 s. */
    s_after_refresh (county);
    gint64 sent = g_get_monotonic_time ();
    s_sql (county,
           "BEGIN;"
           "INSERT INTO county.ticket (hall, id, day, number, category, state, issued_at)"
           " SELECT 'cg', 10 + n, hall_day, 'B0' || (10 + n), 'B', 'waiting', hall_time"
           "   FROM county.hall, generate_series (0, 1) n WHERE id = 'cg';"
           "UPDATE county.hall SET last_seq = last_seq + 2 WHERE id = 'cg';"
           "SELECT pg_notify ('county', 'cg');"
           "COMMIT");
    s_wait_label (county, "waiting-cg", "5", 2000);
    g_test_message ("NOTIFY to the row: %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - sent) / 1000);
    s_check_label (county, "issued-cg", "10");
    s_check_label (county, "county-waiting", "全县等候 7 人");

    /* A burst of notifications is a few refreshes, not one each. */
    int before = county->refreshes;
    for (int i = 0; i < 30; i++)
        s_sql (county, "SELECT pg_notify ('county', 'cg')");
    gui_spin (1000);
    g_assert_cmpint (county->refreshes - before, <=, 5);

    /* 城关镇's link is cut: its heartbeat stops, and it turns 离线 once
     * seen_at is older than 3 s (at the next refresh, 5 s at most). */
    county->alive[0] = FALSE;
    if (!gui_wait_until (s_offline, county, 12000))
        g_error ("status-cg is '%s'", gui_label_text (root, "status-cg"));
    /* Offline halls: the one with people waiting longest first. */
    s_check_order (county, "青山镇便民服务中心", "城关镇便民服务中心", "石桥村便民服务站");
    s_check_label (county, "county-halls", "大厅 3 个 · 在线 1");

    /* The screen at 1280×720: everything fits, in the hall's fonts. */
    g_autofree char *problems = gui_fit_problems (GTK_WINDOW (county->window), 1280, 720);
    if (problems)
        g_error ("the county's window does not fit 1280×720:\n%s", problems);
    g_autofree char *fonts = gui_foreign_fonts (root);
    if (fonts)
        g_error ("labels not in the hall's fonts:\n%s", fonts);
    s_screenshot (root, "county.png");
    county_close (county);
}

static gboolean
s_detail_shown (gpointer data)
{
    const char *clerk = gui_label_text (data, "window-clerk-1");
    return clerk && strcmp (clerk, "张敏") == 0;
}

static void
test_detail (void)
{
    county_t *county = county_open ();
    GtkWidget *root = GTK_WIDGET (county->window);
    s_wait_label (county, "row-2", "城关镇便民服务中心", 5000);
    /* Activating the hall's name opens its detail. */
    GtkWidget *open = gui_find (root, "open-cg");
    g_assert_nonnull (open);
    g_signal_emit_by_name (open, "clicked");
    g_assert_true (gui_wait_until (s_detail_shown, root, 5000));
    GtkStack *stack = GTK_STACK (gui_find (root, "county-pages"));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "detail");
    s_check_label (county, "detail-title", "城关镇便民服务中心");
    s_check_label (county, "detail-status", "在线 · 最后事件 3分钟前");
    s_check_label (county, "cat-waiting-A", "2");
    s_check_label (county, "cat-longest-A", "10分00秒");
    s_check_label (county, "cat-issued-A", "5");
    s_check_label (county, "cat-served-A", "3");
    s_check_label (county, "cat-waiting-B", "1");
    s_check_label (county, "cat-longest-B", "2分00秒");
    s_check_label (county, "cat-issued-B", "3");
    s_check_label (county, "cat-served-B", "2");
    s_check_label (county, "window-state-1", "开放");
    s_check_label (county, "window-clerk-2", "李强");
    s_check_label (county, "window-state-2", "暂停");
    s_check_label (county, "window-clerk-3", "-");
    s_check_label (county, "window-state-3", "未登录");
    /* The detail is live too: a window paused at the hall. */
    s_sql (county,
           "BEGIN; UPDATE county.service_window SET paused = true WHERE hall = 'cg' AND number = 1;"
           "SELECT pg_notify ('county', 'cg'); COMMIT");
    s_wait_label (county, "window-state-1", "暂停", 2000);
    g_autofree char *problems = gui_fit_problems (GTK_WINDOW (county->window), 1280, 720);
    if (problems)
        g_error ("the detail does not fit 1280×720:\n%s", problems);
    s_screenshot (root, "county-detail.png");
    /* Back to the county. */
    g_signal_emit_by_name (gui_find (root, "county-back"), "clicked");
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "halls");
    county_close (county);
}

/* The county's database stops and comes back: the banner, then the rows
 * again without a restart of the window. */
static void
test_reconnect (void)
{
    county_t *county = county_open ();
    GtkWidget *root = GTK_WIDGET (county->window);
    s_wait_label (county, "waiting-cg", "3", 5000);
    g_clear_handle_id (&county->heartbeat, g_source_remove);      /* no heartbeat while it is down */
    pg_stop (county->pg);
    g_assert_true (gui_wait_until (s_banner_shown, root, 10000));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gui_find (root, "county-banner"))),
                              "县级数据库连接中断"));
    s_screenshot (root, "county-down.png");
    pg_restart (county->pg);
    county->heartbeat = g_timeout_add (1000, s_beat, county);
    g_assert_true (gui_wait_until (s_banner_hidden, root, 40000));
    s_sql (county,
           "BEGIN; UPDATE county.ticket SET state = 'called' WHERE hall = 'cg' AND id = 1;"
           "SELECT pg_notify ('county', 'cg'); COMMIT");
    s_wait_label (county, "waiting-cg", "2", 3000);                /* LISTENing again */
    county_close (county);
}

/* A wrong password: the banner, and the password in no log line. */
static void
test_wrong_password (void)
{
    pg_t *pg = pg_start ();
    pg_county_setup (pg, s_ids, s_names, 3);
    g_autofree char *conninfo = pg_conninfo (pg, "reader", "wrong-secret-42");
    CountyModel *model = county_model_new (conninfo, OFFLINE_AFTER);
    CountyWindow *window = county_window_new (NULL, model);
    gtk_window_present (GTK_WINDOW (window));
    g_assert_true (gui_wait_until (s_banner_shown, window, 10000));
    gui_spin (2500);                                              /* a retry or two */
    g_assert_false (county_model_connected (model));
    g_assert_null (strstr (s_log_text->str, "wrong-secret-42"));
    g_assert_null (strstr (s_log_text->str, "pw-reader"));
    gtk_window_destroy (GTK_WINDOW (window));
    g_object_unref (model);
    gui_spin (50);
    pg_free (pg);
}

/* ---- the reports ------------------------------------------------------------------ */

/* What a report needs beyond the live rows: the finished tickets of 城关镇
 * and 青山镇 were called, started and finished; category A has a target
 * wait of 5 minutes and a department; 青山镇 had a no-show; and 城关镇 a
 * ticket 70 days ago, which this month's report leaves out.  And one
 * rating a visit, as a hall has it (rating_once): s_fill's excluded
 * rating, a second one of ticket 4, goes to yesterday's ticket 9. */
static void
s_fill_reports (county_t *county)
{
    s_sql (county, "UPDATE county.rating SET ticket = 9 WHERE hall = 'cg' AND id = 6");
    s_sql (county,
           "UPDATE county.ticket SET called_at = issued_at + 45 * id, started_at = issued_at + 45 * id + 20,"
           " finished_at = issued_at + 45 * id + 320 + 30 * id, \"window\" = 1"
           " WHERE state = 'finished' AND hall IN ('cg', 'qs')");
    s_sql (county, "UPDATE county.category SET target_wait = 300, department = '综合受理科' WHERE code = 'A'");
    s_ticket (county, "qs", 4, "B", "noshow", 3500, 0);
    s_sql (county, "UPDATE county.ticket SET called_at = issued_at + 400 WHERE hall = 'qs' AND id = 4");
    s_ticket (county, "cg", 20, "A", "finished", 70 * 86400, -70);
}

/* The table's figures and how the page writes them (report_cell: counts,
 * minutes with one decimal, percent with one decimal, "-" for null). */
static const struct { const char *key; hall_figure_kind_t kind; } s_report_figures[] = {
    { "issued", HALL_FIGURE_COUNT },       { "served", HALL_FIGURE_COUNT },
    { "noshow", HALL_FIGURE_COUNT },       { "wait_avg", HALL_FIGURE_SECONDS },
    { "wait_p90", HALL_FIGURE_SECONDS },   { "service_avg", HALL_FIGURE_SECONDS },
    { "service_level", HALL_FIGURE_RATIO }, { "good_rate", HALL_FIGURE_RATIO },
    { "ratings_bad", HALL_FIGURE_COUNT },  { "cases_opened", HALL_FIGURE_COUNT },
    { "cases_overdue", HALL_FIGURE_COUNT },
};

static char *
s_figure_text (json_t *row, const char *key, hall_figure_kind_t kind)
{
    json_t *value = json_object_get (row, key);
    if (!json_is_number (value))
        return g_strdup ("-");
    double v = json_number_value (value);
    return kind == HALL_FIGURE_COUNT ? g_strdup_printf ("%" JSON_INTEGER_FORMAT, json_integer_value (value))
         : kind == HALL_FIGURE_SECONDS ? g_strdup_printf ("%.1f", v / 60.0)
         : g_strdup_printf ("%.1f%%", v * 100.0);
}

/* The report of FROM..TO by BY of HALL as county_report() makes it, read
 * as the window's reader. */
static json_t *
s_county_report (county_t *county, const char *from, const char *to, const char *by, const char *hall)
{
    g_autofree char *conninfo = pg_conninfo (county->pg, "reader", "pw-reader");
    GError *error = NULL;
    PGconn *db = county_db_connect (conninfo, &error);
    g_assert_no_error (error);
    json_t *report = county_report (db, from, to, by, hall, &error);
    g_assert_no_error (error);
    PQfinish (db);
    return report;
}

/* Every row and the totals of REPORT are on the page, label and figures. */
static void
s_check_report (county_t *county, json_t *report)
{
    GtkWidget *root = GTK_WIDGET (county->window);
    json_t *rows = json_object_get (report, "rows");
    g_assert_cmpuint (json_array_size (rows), >, 0);
    for (size_t r = 0; r <= json_array_size (rows); r++) {
        gboolean total = r == json_array_size (rows);
        json_t *row = total ? json_object_get (report, "totals") : json_array_get (rows, r);
        const char *key = total ? "total" : json_string_value (json_object_get (row, "key"));
        g_autofree char *label_name = total ? g_strdup ("county-report-row-total")
                                            : g_strdup_printf ("county-report-row-%zu", r);
        const char *name = json_string_value (json_object_get (row, "name"));
        s_check_label (county, label_name, total ? "合计" : name && *name ? name : key);
        for (size_t c = 0; c < G_N_ELEMENTS (s_report_figures); c++) {
            g_autofree char *cell = g_strdup_printf ("cr-%s-%s", key, s_report_figures[c].key);
            g_autofree char *want = s_figure_text (row, s_report_figures[c].key, s_report_figures[c].kind);
            const char *shown = gui_label_text (root, cell);
            if (g_strcmp0 (shown, want) != 0)
                g_error ("%s is '%s', county_report says '%s'", cell, shown ? shown : "(none)", want);
        }
    }
}

/* The text of entry NAME. */
static const char *
s_entry (GtkWidget *root, const char *name)
{
    return gtk_editable_get_text (GTK_EDITABLE (gui_find (root, name)));
}

static gboolean
s_report_done (gpointer data)
{
    GtkWidget *root = data;
    const char *status = gui_label_text (root, "county-report-status");
    return gtk_widget_get_sensitive (gui_find (root, "county-report-query"))
        && !gtk_spinner_get_spinning (GTK_SPINNER (gui_find (root, "county-report-busy")))
        && status && !g_str_has_prefix (status, "正在统计");
}

/* 查询, the busy state while the worker counts, and the answer. */
static void
s_query (county_t *county)
{
    GtkWidget *root = GTK_WIDGET (county->window);
    g_signal_emit_by_name (gui_find (root, "county-report-query"), "clicked");
    g_assert_false (gtk_widget_get_sensitive (gui_find (root, "county-report-query")));
    g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (gui_find (root, "county-report-busy"))));
    g_assert_cmpstr (gui_label_text (root, "county-report-status"), ==, "正在统计……");
    g_assert_false (gtk_widget_get_sensitive (gui_find (root, "county-report-pdf")));
    if (!gui_wait_until (s_report_done, root, 20000))
        g_error ("no report: %s", gui_label_text (root, "county-report-status"));
}

static void
test_reports (void)
{
    county_t *county = county_open ();
    GtkWidget *root = GTK_WIDGET (county->window);
    s_fill_reports (county);
    s_wait_label (county, "row-0", "青山镇便民服务中心", 5000);
    g_assert_nonnull (gui_find (root, "county-switcher"));
    county_window_show_reports (county->window);
    GtkStack *sections = GTK_STACK (gui_find (root, "county-sections"));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (sections), ==, "reports");
    CountyReportView *view = COUNTY_REPORT_VIEW (gui_find (root, "county-reports"));

    /* 本月: the month of the halls' day, whole. */
    g_autofree char *from = pg_query1 (county->pg,
        "SELECT date_trunc ('month', hall_day)::date::text FROM county.hall WHERE id = 'cg'");
    g_autofree char *to = pg_query1 (county->pg,
        "SELECT (date_trunc ('month', hall_day) + interval '1 month - 1 day')::date::text"
        " FROM county.hall WHERE id = 'cg'");
    g_signal_emit_by_name (gui_find (root, "county-report-year"), "clicked");
    g_signal_emit_by_name (gui_find (root, "county-report-month"), "clicked");
    g_assert_cmpstr (s_entry (root, "county-report-from"), ==, from);
    g_assert_cmpstr (s_entry (root, "county-report-to"), ==, to);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_find (root, "county-report-by")), 0);      /* 按大厅 */
    gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_find (root, "county-report-hall")), 0);    /* 全部大厅 */
    s_query (county);

    /* The page's figures are county_report()'s, a row per hall and 合计. */
    json_t *report = s_county_report (county, from, to, "hall", NULL);
    g_assert_cmpuint (json_array_size (json_object_get (report, "rows")), ==, 3);
    s_check_report (county, report);
    g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM county.ticket"
                                                  " WHERE day BETWEEN '%s' AND '%s'", from, to);
    g_autofree char *issued = g_strdup_printf ("%" G_GINT64_FORMAT, pg_int (county->pg, count_sql));
    s_check_label (county, "cr-total-issued", issued);
    g_assert_cmpstr (gui_label_text (root, "cr-total-wait_avg"), !=, "-");
    g_assert_cmpstr (gui_label_text (root, "cr-total-service_level"), !=, "-");
    g_assert_cmpstr (gui_label_text (root, "cr-qs-noshow"), ==, "1");
    g_assert_nonnull (strstr (gui_label_text (root, "county-report-status"), "全县各便民服务中心"));

    /* The screen at 1280×720. */
    g_autofree char *problems = gui_fit_problems (GTK_WINDOW (county->window), 1280, 720);
    if (problems)
        g_error ("the reports page does not fit 1280×720:\n%s", problems);
    g_autofree char *fonts = gui_foreign_fonts (root);
    if (fonts)
        g_error ("labels not in the hall's fonts:\n%s", fonts);
    s_screenshot (root, "county-reports.png");

    /* The exports, as the file dialogs' answers write them: hall-county's
     * CSV (hall_report_csv: the hall's own CSV, machine headers, no BOM)
     * and its PDF, titled for the county, with every hall's name. */
    g_autofree char *month = g_strndup (from, 7);
    g_autofree char *pdf_name = county_report_view_export_name (view, TRUE);
    g_autofree char *want_pdf_name = g_strdup_printf ("县级报表-%s.pdf", month);
    g_assert_cmpstr (pdf_name, ==, want_pdf_name);
    g_autofree char *csv_name = county_report_view_export_name (view, FALSE);
    g_assert_true (g_str_has_suffix (csv_name, ".csv"));
    g_autofree char *dir = g_dir_make_tmp ("county-reports-XXXXXX", NULL);
    g_autofree char *csv_path = g_build_filename (dir, csv_name, NULL);
    g_autofree char *pdf_path = g_build_filename (dir, pdf_name, NULL);
    GError *error = NULL;
    g_assert_true (county_report_view_export (view, FALSE, csv_path, &error));
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (gui_label_text (root, "county-report-status"), "已导出 "));
    g_autofree char *csv = NULL;
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    char *want_csv = hall_report_csv (report);
    g_assert_cmpstr (csv, ==, want_csv);
    free (want_csv);
    g_assert_false (g_str_has_prefix (csv, "\xEF\xBB\xBF"));
    g_assert_true (g_str_has_prefix (csv, "key,name,issued,served,noshow,"));
    for (int i = 0; i < 3; i++)
        g_assert_nonnull (strstr (csv, s_names[i]));
    g_assert_nonnull (strstr (csv, "\r\ntotal,"));
    g_assert_true (county_report_view_export (view, TRUE, pdf_path, &error));
    g_assert_no_error (error);
    g_autofree char *pdf_text = NULL;
    char *pdftotext[] = { "pdftotext", "-layout", pdf_path, "-", NULL };
    int status = 0;
    g_assert_true (g_spawn_sync (NULL, pdftotext, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &pdf_text, NULL,
                                 &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (pdf_text, "全县各便民服务中心"));
    for (int i = 0; i < 3; i++)
        if (!strstr (pdf_text, s_names[i]))
            g_error ("the PDF has no %s:\n%s", s_names[i], pdf_text);
    g_assert_nonnull (strstr (pdf_text, "合计"));
    json_decref (report);

    /* One hall by category: its categories' rows with the hall's names,
     * and the hall's name on the file. */
    county_report_view_select (view, from, to, "category", "cg");
    s_query (county);
    report = s_county_report (county, from, to, "category", "cg");
    s_check_report (county, report);
    s_check_label (county, "county-report-row-0", "综合受理");
    json_decref (report);
    g_autofree char *hall_name = county_report_view_export_name (view, TRUE);
    g_autofree char *want_hall_name = g_strdup_printf ("县级报表-%s-按类别-城关镇便民服务中心.pdf", month);
    g_assert_cmpstr (hall_name, ==, want_hall_name);

    /* By month over the year: 今年, and the ticket of 70 days ago in its month. */
    g_signal_emit_by_name (gui_find (root, "county-report-year"), "clicked");
    gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_find (root, "county-report-by")), 3);      /* 按月份 */
    gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_find (root, "county-report-hall")), 0);
    g_autofree char *year_from = g_strdup (s_entry (root, "county-report-from"));
    g_autofree char *year_to = g_strdup (s_entry (root, "county-report-to"));
    g_assert_cmpstr (year_to + 4, ==, "-12-31");
    g_assert_cmpstr (year_from + 4, ==, "-01-01");
    s_query (county);
    report = s_county_report (county, year_from, year_to, "month", NULL);
    s_check_report (county, report);
    json_decref (report);

    /* A day that is none is said, and nothing is asked. */
    gtk_editable_set_text (GTK_EDITABLE (gui_find (root, "county-report-from")), "2026-13-01");
    county_report_view_query (view);
    s_check_label (county, "county-report-status", "日期应为 YYYY-MM-DD");
    g_assert_true (gtk_widget_get_sensitive (gui_find (root, "county-report-query")));

    g_remove (csv_path);
    g_remove (pdf_path);
    g_rmdir (dir);
    county_close (county);
}

/* A report that takes long (the worker's schema check reads county.meta,
 * which the live table never reads, and waits for a lock the test holds
 * on it) leaves the window live: the busy state, and the table of halls
 * following a change meanwhile; the report comes once the lock goes. */
static void
test_report_busy (void)
{
    county_t *county = county_open ();
    GtkWidget *root = GTK_WIDGET (county->window);
    s_wait_label (county, "waiting-cg", "3", 5000);
    PGconn *lock = pg_connect (county->pg, PG_SUPERUSER, NULL);
    pg_conn_ok (lock, "BEGIN; LOCK TABLE county.meta IN ACCESS EXCLUSIVE MODE");
    county_window_show_reports (county->window);
    g_signal_emit_by_name (gui_find (root, "county-report-month"), "clicked");
    g_signal_emit_by_name (gui_find (root, "county-report-query"), "clicked");
    /* The report's worker waits on the lock: the page stays busy. */
    g_assert_true (gui_wait_label (root, "county-report-status", "正在统计……", 5000));
    g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (gui_find (root, "county-report-busy"))));
    g_assert_false (gtk_widget_get_sensitive (gui_find (root, "county-report-query")));
    s_check_label (county, "county-report-status", "正在统计……");
    s_sql (county,
           "BEGIN; UPDATE county.ticket SET state = 'called' WHERE hall = 'cg' AND id = 1;"
           "SELECT pg_notify ('county', 'cg'); COMMIT");
    s_wait_label (county, "waiting-cg", "2", 3000);
    g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (gui_find (root, "county-report-busy"))));
    pg_conn_ok (lock, "COMMIT");
    PQfinish (lock);
    if (!gui_wait_until (s_report_done, root, 20000))
        g_error ("no report: %s", gui_label_text (root, "county-report-status"));
    json_t *report = s_county_report (county, s_entry (root, "county-report-from"),
                                      s_entry (root, "county-report-to"), "hall", NULL);
    s_check_report (county, report);
    json_decref (report);
    county_close (county);
}

/* ---- with a real hall and its uplink -------------------------------------------- */

#define MORNING ((gint64) 1795741200)     /* Friday 2026-11-27 09:00 Asia/Shanghai */

static void
s_child_setup (gpointer data)
{
    prctl (PR_SET_PDEATHSIG, SIGKILL);    /* never outlives a failed test */
}

static gboolean
s_status_offline (gpointer data)
{
    const char *status = gui_label_text (data, "status-u1");
    return status && g_str_has_prefix (status, "离线 自 ");
}

static void
test_uplink (void)
{
    pg_t *pg = pg_start ();
    const char *const ids[] = { "u1", "u2" };
    const char *const names[] = { "城关镇便民服务中心", "青山镇便民服务中心" };
    pg_county_setup (pg, ids, names, 2);
    /* Two real halls (the demo hall), each its own hall-server and
     * hall-uplink. */
    server_t *servers[2];
    GPid uplinks[2];
    char *logs[2], *admin[2];   /* each server's admin key: hallctl's --key (HALL_KEY is the last one's) */
    for (int h = 0; h < 2; h++) {
        server_t *server = servers[h] = server_start (NULL, MORNING);
        g_autofree char *db_dir = g_path_get_dirname (server->db);
        admin[h] = g_build_filename (db_dir, "keys", "admin.key", NULL);
        g_autofree char *key = g_build_filename (server->dir, "uplink.key", NULL);
        g_free (hallctl_ok (server, "enroll", "uplink", "--name", "县级平台上传", "--out", key, NULL));
        g_autofree char *role = g_strdup_printf ("hall_%s", ids[h]), *password = g_strdup_printf ("pw-%s", ids[h]);
        g_autofree char *uplink_conninfo = pg_conninfo (pg, role, password);
        g_autofree char *text = g_strdup_printf ("[server]\nrequests=%s\nevents=%s\nkey=%s\n"
                                                 "[county]\nhall=%s\nconninfo=%s\n[sync]\nheartbeat=1\n",
                                                 server->requests, server->events, key, ids[h], uplink_conninfo);
        g_autofree char *config = g_build_filename (server->dir, "uplink.conf", NULL);
        g_assert_true (g_file_set_contents (config, text, -1, NULL));
        chmod (config, 0600);
        logs[h] = g_build_filename (server->dir, "uplink.log", NULL);
        g_autofree char *program = harness_program ("hall-uplink");
        char *argv[] = { program, "--config", config, NULL };
        int fd = open (logs[h], O_WRONLY | O_CREAT | O_APPEND, 0600);
        GError *error = NULL;
        g_spawn_async_with_fds (server->dir, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, s_child_setup, NULL,
                                &uplinks[h], -1, fd, fd, &error);
        close (fd);
        g_assert_no_error (error);
    }

    g_autofree char *conninfo = pg_conninfo (pg, "reader", "pw-reader");
    CountyModel *model = county_model_new (conninfo, OFFLINE_AFTER);
    CountyWindow *window = county_window_new (NULL, model);
    GtkWidget *root = GTK_WIDGET (window);
    gtk_window_present (GTK_WINDOW (window));
    /* 城关镇: three waiting and a window open; 青山镇: two waiting and
     * nobody signed in anywhere. */
    for (int i = 0; i < 3; i++)
        g_free (hallctl_ok (servers[0], "--key", admin[0], "issue", "business", NULL));
    g_free (hallctl_ok (servers[0], "--key", admin[0], "signin", "1", "1001", NULL));
    for (int i = 0; i < 2; i++)
        g_free (hallctl_ok (servers[1], "--key", admin[1], "issue", "business", NULL));
    if (!gui_wait_label (root, "waiting-u1", "3", 15000) || !gui_wait_label (root, "windows-u1", "1", 5000)
        || !gui_wait_label (root, "waiting-u2", "2", 15000)) {
        g_autofree char *said = NULL, *said2 = NULL;
        g_file_get_contents (logs[0], &said, NULL, NULL);
        g_file_get_contents (logs[1], &said2, NULL, NULL);
        g_error ("waiting-u1 '%s', windows-u1 '%s', waiting-u2 '%s'; the uplinks said:\n%s\n%s",
                 gui_label_text (root, "waiting-u1"), gui_label_text (root, "windows-u1"),
                 gui_label_text (root, "waiting-u2"), said ? said : "", said2 ? said2 : "");
    }
    g_assert_cmpstr (gui_label_text (root, "status-u1"), ==, "在线");
    g_assert_cmpstr (gui_label_text (root, "issued-u1"), ==, "3");
    g_assert_cmpstr (gui_label_text (root, "windows-u2"), ==, "0");
    /* People waiting and no window open: that hall first. */
    g_assert_true (gui_wait_label (root, "row-0", "青山镇便民服务中心", 5000));
    g_assert_cmpstr (gui_label_text (root, "row-1"), ==, "城关镇便民服务中心");
    /* What happens at the hall is on the county's screen within seconds. */
    g_free (hallctl_ok (servers[0], "--key", admin[0], "issue", "general", NULL));
    g_assert_true (gui_wait_label (root, "waiting-u1", "4", 3000));
    g_assert_cmpstr (gui_label_text (root, "issued-u1"), ==, "4");
    /* 青山镇's clerk signs in: it is no longer the first to look at. */
    g_free (hallctl_ok (servers[1], "--key", admin[1], "signin", "1", "1001", NULL));
    g_assert_true (gui_wait_label (root, "row-0", "城关镇便民服务中心", 5000));
    /* 城关镇's uplink stops: the hall turns 离线 once its heartbeat is
     * 3 s old. */
    kill (uplinks[0], SIGTERM);
    int status;
    waitpid (uplinks[0], &status, 0);
    g_spawn_close_pid (uplinks[0]);
    if (!gui_wait_until (s_status_offline, root, 12000))
        g_error ("status-u1 is '%s'", gui_label_text (root, "status-u1"));
    g_assert_cmpstr (gui_label_text (root, "status-u2"), ==, "在线");
    s_screenshot (root, "county-uplinks.png");
    gtk_window_destroy (GTK_WINDOW (window));
    g_object_unref (model);
    gui_spin (50);
    kill (uplinks[1], SIGTERM);
    waitpid (uplinks[1], &status, 0);
    g_spawn_close_pid (uplinks[1]);
    for (int h = 0; h < 2; h++) {
        server_free (servers[h]);
        g_free (logs[h]);
        g_free (admin[h]);
    }
    pg_free (pg);
}

/* Every control of both pages has an accessible name (AT-SPI). */
static void
test_accessible_names (void)
{
    if (!gui_a11y_bridge_on ()) {
        gui_a11y_run_in_subprocess ();
        return;
    }
    county_t *county = county_open ();
    s_wait_label (county, "row-0", "青山镇便民服务中心", 5000);
    gui_a11y_assert_named ("全县大厅");
    county_window_open_hall (county->window, "cg");
    g_assert_true (gui_wait_until (s_detail_shown, county->window, 5000));
    gui_a11y_assert_named ("大厅详情");
    county_window_show_reports (county->window);
    gui_a11y_assert_named ("县级报表");
    county_close (county);
}

int
main (int argc, char **argv)
{
    g_setenv ("TZ", "UTC", TRUE);           /* the halls are in Asia/Shanghai */
    tzset ();
    g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
    g_test_init (&argc, &argv, NULL);
    gui_a11y_prepare ();
    gtk_init ();
    s_log_text = g_string_new (NULL);
    g_log_set_handler ("hall-manager", G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG,
                       s_log_handler, NULL);
    g_test_add_func ("/county/live", test_live);
    g_test_add_func ("/county/detail", test_detail);
    g_test_add_func ("/county/reports", test_reports);
    g_test_add_func ("/county/report-busy", test_report_busy);
    g_test_add_func ("/county/reconnect", test_reconnect);
    g_test_add_func ("/county/wrong-password", test_wrong_password);
    g_test_add_func ("/county/uplink", test_uplink);
    g_test_add_func ("/county/accessible-names", test_accessible_names);
    int rc = g_test_run ();
    g_string_free (s_log_text, TRUE);
    return rc;
}
