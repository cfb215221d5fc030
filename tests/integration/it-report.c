/*  it-report.c — 好差评, 差评 cases and reports against the real
 *  hall-server (demo hall, test clock), through hallctl: a rating pad's key
 *  rates its window's visitor, a 差评 opens a case for the supervisor, the
 *  办不成事反映 desk opens one per ticket, the server's tick gives default
 *  ratings, and `hallctl report` prints the same numbers as its CSV and
 *  its JSON.
 */
#include "harness.h"
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#define MORNING ((gint64) 1795741200)     /* Friday 2026-11-27 09:00 Asia/Shanghai */

/* hallctl with up to 12 arguments; must exit WANT.  Returns stdout. */
static char *
s_run (server_t *server, int want, ...)
{
    va_list args;
    va_start (args, want);
    const char *a[17] = { NULL };
    for (int i = 0; i < 16 && (a[i] = va_arg (args, const char *)); i++)
        ;
    va_end (args);
    int status;
    char *out = hallctl (server, &status, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8],
                         a[9], a[10], a[11], a[12], a[13], a[14], a[15], NULL);
    if (status != want)
        g_error ("hallctl %s %s %s %s: exit %d, not %d: %s", a[0], a[1] ? a[1] : "", a[2] ? a[2] : "",
                 a[3] ? a[3] : "", status, want, out);
    return out;
}

/* Serves one ticket of CATEGORY at WINDOW: waits WAIT s, is served SERVICE s. */
static void
s_serve (server_t *server, const char *category, const char *window, const char *wait, const char *service)
{
    g_free (s_run (server, 0, "issue", category, NULL));
    g_free (s_run (server, 0, "clock", "--advance", wait, NULL));
    g_free (s_run (server, 0, "call", window, NULL));
    g_free (s_run (server, 0, "start", window, NULL));
    g_free (s_run (server, 0, "clock", "--advance", service, NULL));
    g_free (s_run (server, 0, "finish", window, NULL));
}

static char *
s_enroll_pad (server_t *server, const char *window)
{
    char *path = g_strdup_printf ("%s/pad%s.key", server->dir, window);
    g_free (s_run (server, 0, "enroll", "rating_pad", window, "--out", path, NULL));
    return path;
}

static void
test_rating_case_report (void)
{
    server_t *server = server_start (NULL, MORNING);
    g_free (s_run (server, 0, "signin", "1", "1001", NULL));
    g_free (s_run (server, 0, "signin", "7", "1007", NULL));
    s_serve (server, "business", "1", "300", "600");       /* A001: wait 300, service 600 */
    g_autofree char *pad = s_enroll_pad (server, "1");
    /* The pad: a 差评 needs a reason; with one it is stored and opens a case. */
    g_autofree char *refused = s_run (server, 1, "--key", pad, "--role", "rating_pad", "--role-window", "1",
                                      "rate", "1", "1", NULL);
    g_autofree char *rated = s_run (server, 0, "--key", pad, "--role", "rating_pad", "--role-window", "1",
                                    "rate", "1", "1", "--reasons", "impolite,wait_long",
                                    "--contact-phone", "13800138000", "--consent", NULL);
    g_assert_true (g_str_has_prefix (rated, "A001\t1\t非常不满意\tcase 1"));
    g_autofree char *again = s_run (server, 1, "--key", pad, "--role", "rating_pad", "--role-window", "1",
                                    "rate", "1", "5", NULL);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM rating"), ==, 1);
    g_autofree char *reasons = db_query (server, "SELECT reasons FROM rating");
    g_assert_cmpstr (reasons, ==, "[\"impolite\",\"wait_long\"]");
    /* The case is the supervisor's; it is worked from hallctl. */
    g_autofree char *cases = s_run (server, 0, "cases", NULL);
    g_assert_true (g_str_has_prefix (cases, "1\trating\t2026-11-27 A001\topen\towner 9001"));
    g_autofree char *contacted = s_run (server, 0, "case", "1", "contact", "--method", "phone", "--note", "电话联系，已致歉", NULL);
    g_assert_nonnull (strstr (contacted, "contacted"));
    /* The 办不成事反映 desk: a case per finished ticket. */
    s_serve (server, "complaint", "7", "60", "300");       /* F001 */
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM service_case WHERE kind = 'complaint'"), ==, 1);

    /* The report, as a table, as CSV and as JSON: the same numbers. */
    g_autofree char *csv_path = g_build_filename (server->dir, "report.csv", NULL);
    g_autofree char *table = s_run (server, 0, "report", "--from", "2026-11-27", "--csv", csv_path, NULL);
    g_assert_nonnull (strstr (table, "企业开办"));
    g_autofree char *csv = NULL;
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_autofree char *json_text = s_run (server, 0, "--json", "report", "--from", "2026-11-27", NULL);
    json_t *report = json_loads (json_text, 0, NULL);
    g_assert_nonnull (report);
    json_t *totals = json_object_get (report, "totals");
    g_assert_cmpint (json_integer_value (json_object_get (totals, "issued")), ==, 2);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "served")), ==, 2);
    g_assert_cmpfloat (json_real_value (json_object_get (totals, "wait_avg")), ==, 180.0);
    g_assert_cmpfloat (json_real_value (json_object_get (totals, "service_avg")), ==, 450.0);
    g_assert_cmpfloat (json_real_value (json_object_get (totals, "bad_rate")), ==, 1.0);
    g_assert_cmpfloat (json_real_value (json_object_get (totals, "active_rate")), ==, 0.5);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "cases_opened")), ==, 2);
    json_decref (report);
    g_assert_nonnull (strstr (csv, "\r\ntotal,,2,2,0,0,0,2,180.0,300.0,450.0,"));
    g_assert_nonnull (strstr (csv, "\r\nbusiness,企业开办,1,1,0,0,0,1,300.0,300.0,600.0,1.0000,"));

    /* The same report as a PDF carries the same names and totals. */
    g_autofree char *pdf_path = g_build_filename (server->dir, "report.pdf", NULL);
    g_free (s_run (server, 0, "report", "--from", "2026-11-27", "--pdf", pdf_path, NULL));
    g_autofree char *txt_path = g_build_filename (server->dir, "report.txt", NULL);
    g_autofree char *cmd = g_strdup_printf ("pdftotext -layout '%s' '%s'", pdf_path, txt_path);
    g_assert_cmpint (system (cmd), ==, 0);
    g_autofree char *pdf_text = NULL;
    g_assert_true (g_file_get_contents (txt_path, &pdf_text, NULL, NULL));
    g_assert_nonnull (strstr (pdf_text, "企业开办"));
    g_assert_nonnull (strstr (pdf_text, "示范县政务服务中心"));
    g_assert_nonnull (strstr (pdf_text, "2026-11-27"));
    /* Its reader has only the paper: the definitions are its last page,
     * not a path in the repository. */
    g_assert_nonnull (strstr (pdf_text, "指标口径见末页"));
    g_assert_nonnull (strstr (pdf_text, "好评 ÷ 有效评价"));
    g_assert_nonnull (strstr (pdf_text, "首次叫号时间减取号时间"));
    g_assert_null (strstr (pdf_text, "METRICS.md"));

    /* Seven days on, the server's own tick gives F001 its default. */
    g_free (s_run (server, 0, "clock", "--advance", "605000", NULL));
    for (int i = 0; i < 50 && db_int (server, "SELECT count(*) FROM rating WHERE is_default = 1") == 0; i++)
        g_usleep (100000);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM rating WHERE is_default = 1 AND level = 3"), ==, 1);
    /* Both cases have missed their contact deadline? Only the complaint:
     * case 1 was contacted in time. */
    g_autofree char *overdue = s_run (server, 0, "cases", "--filter", "overdue", NULL);
    g_assert_true (g_str_has_prefix (overdue, "2\tcomplaint\t2026-11-27 F001\topen\towner 9001\toverdue"));
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM event WHERE type = 'case.overdue'"), ==, 1);
    server_free (server);
}

static void
test_pad_bound_to_its_window (void)
{
    server_t *server = server_start (NULL, MORNING);
    g_free (s_run (server, 0, "signin", "1", "1001", NULL));
    s_serve (server, "business", "1", "60", "60");
    g_autofree char *pad = s_enroll_pad (server, "2");
    /* Window 2's pad may not rate window 1's visitor, by window or ticket. */
    g_autofree char *a = s_run (server, 1, "--key", pad, "--role", "rating_pad", "--role-window", "2",
                                "rate", "1", "5", NULL);
    g_autofree char *b = s_run (server, 1, "--key", pad, "--role", "rating_pad", "--role-window", "2",
                                "rate", "A001", "5", NULL);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM rating"), ==, 0);
    server_free (server);
}

/* A long report — most of a year, 300,000 tickets — runs in a thread of
 * its own: a kiosk's issue sent while it runs is answered first.  (On
 * the main thread, as before, the whole hall waited for the report.) */
static void
test_report_does_not_hold_up_issues (void)
{
    server_t *server = server_start (NULL, MORNING);
    server_kill (server, SIGTERM);
    sqlite3 *db;
    g_assert_cmpint (sqlite3_open (server->db, &db), ==, SQLITE_OK);
    char *err = NULL;
    int rc = sqlite3_exec (db,
        "WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299999)"
        " INSERT INTO ticket (day, category, seq, number, state, issued_at, queued_at, queue_key,"
        "  window, called_at, started_at, finished_at)"
        " SELECT date ('2026-01-05', '+' || (i / 1300) || ' days'), 'general', i % 1300 + 1,"
        "  'H' || i, 'finished', t, t, t, 1, t + 600, t + 660, t + 1200"
        " FROM (SELECT i, 1767574800 + (i / 1300) * 86400 + (i % 1300) * 20 AS t FROM n)",
        NULL, NULL, &err);
    g_assert_cmpstr (err, ==, NULL);
    g_assert_cmpint (rc, ==, SQLITE_OK);
    sqlite3_close (db);
    server_restart (server);
    g_free (hallctl_ok (server, "clock", "--set", "1795741200", NULL));

    zsock_t *manager = zsock_new (ZMQ_DEALER), *kiosk = zsock_new (ZMQ_DEALER);
    zsock_t *sockets[] = { manager, kiosk };
    for (int i = 0; i < 2; i++) {
        zsock_set_linger (sockets[i], 0);
        harness_secure (sockets[i]);
        g_assert_cmpint (zsock_connect (sockets[i], "%s", server->requests), ==, 0);
    }
    json_t *args = json_pack ("{s:s, s:s, s:s}", "from", "2026-01-01", "to", "2026-11-26",
                              "by", "category");
    char *frame = hall_request_encode ("manager-year", 1, HALL_ROLE_MANAGER, 0, HALL_OP_REPORT, args);
    json_decref (args);
    zstr_send (manager, frame);
    free (frame);
    g_usleep (20 * 1000);
    args = json_pack ("{s:s}", "category", "general");
    frame = hall_request_encode ("kiosk-year", 1, HALL_ROLE_KIOSK, 0, HALL_OP_ISSUE, args);
    json_decref (args);
    zstr_send (kiosk, frame);
    free (frame);

    /* Who answers first. */
    json_t *first = NULL, *report = NULL, *issue = NULL;
    gint64 start = g_get_monotonic_time ();
    while ((!report || !issue) && g_get_monotonic_time () - start < 60 * G_USEC_PER_SEC) {
        zmq_pollitem_t items[] = { { zsock_resolve (manager), 0, ZMQ_POLLIN, 0 },
                                   { zsock_resolve (kiosk), 0, ZMQ_POLLIN, 0 } };
        zmq_poll (items, 2, 100);
        for (int i = 0; i < 2; i++)
            if (items[i].revents & ZMQ_POLLIN) {
                char *text = zstr_recv (sockets[i]);
                json_t *reply = json_loads (text, 0, NULL);
                zstr_free (&text);
                if (!first)
                    first = reply;
                *(i == 0 ? &report : &issue) = reply;
            }
    }
    g_assert_nonnull (report);
    g_assert_nonnull (issue);
    g_assert_true (json_is_true (json_object_get (issue, "ok")));
    g_assert_true (json_is_true (json_object_get (report, "ok")));
    json_t *totals = json_object_get (json_object_get (report, "result"), "totals");
    g_assert_cmpint (json_integer_value (json_object_get (totals, "issued")), ==, 300000);
    g_test_message ("the report took %.0f ms; the issue was answered first: %s",
                    (g_get_monotonic_time () - start) / 1000.0, first == issue ? "yes" : "no");
    g_assert_true (first == issue);
    json_decref (report);
    json_decref (issue);
    zsock_destroy (&manager);
    zsock_destroy (&kiosk);
    server_free (server);
}

/* Midnight in the hall while a visitor is at window 1: the visit is not cut
 * short — the ticket stays serving, the clerk finishes it after the day
 * change, it stays a ticket of the day it was issued, and the window's
 * rating pad rates it.  A ticket still waiting at midnight expires. */
static void
test_served_across_midnight (void)
{
    server_t *server = server_start (NULL, MORNING + 14 * 3600 + 50 * 60);   /* 23:50 */
    g_free (s_run (server, 0, "signin", "1", "1001", NULL));
    g_free (s_run (server, 0, "issue", "business", NULL));                      /* A001 */
    g_free (s_run (server, 0, "issue", "business", NULL));                      /* A002 */
    g_free (s_run (server, 0, "call", "1", NULL));
    g_free (s_run (server, 0, "start", "1", NULL));
    g_free (s_run (server, 0, "clock", "--advance", "1200", NULL));             /* 00:10 */
    g_autofree char *day = db_query (server, "SELECT value FROM meta WHERE key = 'day'");
    g_assert_cmpstr (day, ==, "2026-11-28");
    g_autofree char *serving = db_query (server, "SELECT state FROM ticket WHERE number = 'A001'");
    g_assert_cmpstr (serving, ==, "serving");
    g_autofree char *expired = db_query (server, "SELECT state FROM ticket WHERE number = 'A002'");
    g_assert_cmpstr (expired, ==, "expired");
    g_free (s_run (server, 0, "finish", "1", NULL));
    g_autofree char *finished = db_query (server, "SELECT state || ' ' || day FROM ticket WHERE number = 'A001'");
    g_assert_cmpstr (finished, ==, "finished 2026-11-27");
    g_autofree char *pad = s_enroll_pad (server, "1");
    g_free (s_run (server, 0, "--key", pad, "--role", "rating_pad", "--role-window", "1", "rate", "1", "5", NULL));
    g_autofree char *rated = db_query (server, "SELECT t.number || ' ' || r.level FROM rating r"
                                               " JOIN ticket t ON t.id = r.ticket");
    g_assert_cmpstr (rated, ==, "A001 5");
    server_free (server);
}

/* `hallctl report --from FROM --pdf` into the test's folder as NAME; the
 * PDF's text (pdftotext -layout).  g_free. */
static char *
s_pdf_text (server_t *server, const char *name, const char *from)
{
    g_autofree char *pdf_path = g_build_filename (server->dir, name, NULL);
    g_free (s_run (server, 0, "report", "--from", from, "--pdf", pdf_path, NULL));
    const char *argv[] = { "pdftotext", "-layout", pdf_path, "-", NULL };
    char *pdf_text = NULL;
    int status = -1;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &pdf_text, NULL, &status, NULL));
    g_assert_cmpint (status, ==, 0);
    g_test_message ("%s", pdf_text);
    return pdf_text;
}

/* One step of a journey ticket at WINDOW: after WAIT s it is called, then
 * served SERVICE s. */
static void
s_step (server_t *server, const char *window, const char *wait, const char *service)
{
    g_free (s_run (server, 0, "clock", "--advance", wait, NULL));
    g_free (s_run (server, 0, "call", window, NULL));
    g_free (s_run (server, 0, "start", window, NULL));
    g_free (s_run (server, 0, "clock", "--advance", service, NULL));
    g_free (s_run (server, 0, "finish", window, NULL));
}

static const char *s_journey_hall =
    "[hall]\nname=一件事大厅\ntimezone=Asia/Shanghai\n"
    "[category business]\nprefix=A\nname=企业登记\n"
    "[category seal]\nprefix=B\nname=印章刻制\n"
    "[journey kaiban]\nname=企业开办一件事\nsteps=business; seal?\n"
    "[window 1]\nprimary=business\n[window 2]\nprimary=seal\n"
    "[staff 1001]\nname=王芳\n[staff 1002]\nname=李娜\n";

/* The PDF's 一件事 part: a journey (企业开办一件事: business; seal?) walked
 * twice, once to its end (12 minutes from the issue to the last finish) and
 * once to its second step, where it stands: a row for the theme (2
 * journeys, 1 completed, 50.0%), then its steps. */
static void
test_pdf_journeys (void)
{
    server_t *server = server_start (s_journey_hall, MORNING);
    g_free (s_run (server, 0, "signin", "1", "1001", NULL));
    g_free (s_run (server, 0, "signin", "2", "1002", NULL));
    g_free (s_run (server, 0, "journey", "issue", "kaiban", NULL));              /* A001 */
    s_step (server, "1", "120", "300");                                         /* 企业登记 */
    s_step (server, "2", "60", "240");                                          /* 印章刻制: done */
    g_free (s_run (server, 0, "journey", "issue", "kaiban", NULL));              /* A002 */
    s_step (server, "1", "120", "300");                                         /* on to its step 2 */

    g_autofree char *pdf_text = s_pdf_text (server, "journeys.pdf", "2026-11-27");
    g_assert_nonnull (strstr (pdf_text, "完成率"));
    g_assert_nonnull (strstr (pdf_text, "企业开办一件事：各步骤"));
    g_assert_true (g_regex_match_simple ("^ *一件事$", pdf_text, G_REGEX_MULTILINE, 0));
    /* The theme: 件数 2, 办结 1, 终止 0, 未完成 1, 50.0%, 12.0 minutes, no 帮办. */
    g_assert_true (g_regex_match_simple ("^ *企业开办一件事 +2 +1 +0 +1 +50\\.0% +12\\.0 +0 +-$", pdf_text,
                                         G_REGEX_MULTILINE, 0));
    /* Its first step by its category's name (no longer in the visit rows:
     * both tickets are on seal now): done twice. */
    g_assert_true (g_regex_match_simple ("^ *1 企业登记 +2 +0 +0 ", pdf_text, G_REGEX_MULTILINE, 0));
    /* Its second step: done once, where the other journey stands. */
    g_assert_true (g_regex_match_simple ("^ *2 印章刻制 +1 +0 +0 +1\\.0 +4\\.0 +1 +0 +-$", pdf_text,
                                         G_REGEX_MULTILINE, 0));
    server_free (server);
}

/* 2027-12-31 16:30 UTC is already 2028-01-01 00:30 in the hall (Asia/
 * Shanghai).  With hallctl's machine on UTC, "today" and "yesterday" are
 * still the hall's days, and so are the PDF's range and its "生成于". */
#define NEW_YEAR_IN_SHANGHAI ((gint64) 1830270600)

static void
test_hallctl_names_the_hall_day (void)
{
    server_t *server = server_start (NULL, NEW_YEAR_IN_SHANGHAI);
    g_autofree char *saved_tz = g_strdup (g_getenv ("TZ"));
    g_setenv ("TZ", "UTC", TRUE);
    g_free (s_run (server, 0, "signin", "1", "1001", NULL));
    s_serve (server, "business", "1", "60", "120");

    g_autofree char *today = s_run (server, 0, "report", "--json", NULL);
    json_t *report = json_loads (today, 0, NULL);
    g_assert_cmpstr (json_string_value (json_object_get (report, "from")), ==, "2028-01-01");
    g_assert_cmpstr (json_string_value (json_object_get (report, "to")), ==, "2028-01-01");
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (report, "totals"), "issued")), ==, 1);
    json_decref (report);
    g_autofree char *yesterday = s_run (server, 0, "report", "--from", "yesterday", "--to", "today",
                                        "--json", NULL);
    report = json_loads (yesterday, 0, NULL);
    g_assert_cmpstr (json_string_value (json_object_get (report, "from")), ==, "2027-12-31");
    g_assert_cmpstr (json_string_value (json_object_get (report, "to")), ==, "2028-01-01");
    json_decref (report);

    g_autofree char *pdf_text = s_pdf_text (server, "new-year.pdf", "today");
    g_assert_nonnull (strstr (pdf_text, "2028-01-01 至 2028-01-01"));
    g_assert_nonnull (strstr (pdf_text, "生成于 2028-01-01 00:33"));
    g_assert_null (strstr (pdf_text, "2027-12-31"));

    if (saved_tz)
        g_setenv ("TZ", saved_tz, TRUE);
    else
        g_unsetenv ("TZ");
    server_free (server);
}

/* --req names the command's request whichever command it is: the same
 * client and number again is the stored reply, not a second ticket, a
 * second rating or a second case action (report commands once ignored it). */
static void
test_hallctl_req_everywhere (void)
{
    server_t *server = server_start (NULL, MORNING);
    g_autofree char *first = s_run (server, 0, "--client", "ops-1", "--req", "7", "issue", "business", NULL);
    g_autofree char *again = s_run (server, 0, "--client", "ops-1", "--req", "7", "issue", "business", NULL);
    g_assert_cmpstr (first, ==, again);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket"), ==, 1);
    g_free (s_run (server, 0, "signin", "1", "1001", NULL));
    g_free (s_run (server, 0, "call", "1", NULL));
    g_free (s_run (server, 0, "start", "1", NULL));
    g_free (s_run (server, 0, "finish", "1", NULL));
    g_autofree char *rated = s_run (server, 0, "--client", "ops-1", "--req", "8", "rate", "A001", "1",
                                    "--reasons", "wait_long", "--contact-phone", "13800138000", "--consent", NULL);
    g_autofree char *rated_again = s_run (server, 0, "--client", "ops-1", "--req", "8", "rate", "A001", "1",
                                          "--reasons", "wait_long", "--contact-phone", "13800138000", "--consent", NULL);
    g_assert_cmpstr (rated, ==, rated_again);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM rating"), ==, 1);
    gint64 id = db_int (server, "SELECT id FROM service_case");
    g_autofree char *kase = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    g_free (s_run (server, 0, "--client", "ops-1", "--req", "9", "case", kase, "contact", "--method", "phone", "--note", "电话联系", NULL));
    g_free (s_run (server, 0, "--client", "ops-1", "--req", "9", "case", kase, "contact", "--method", "phone", "--note", "电话联系", NULL));
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM case_action WHERE action = 'contact'"), ==, 1);
    server_free (server);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/report/rating-case-report", test_rating_case_report);
    g_test_add_func ("/report/pad-bound-to-its-window", test_pad_bound_to_its_window);
    g_test_add_func ("/report/does-not-hold-up-issues", test_report_does_not_hold_up_issues);
    g_test_add_func ("/report/pdf-journeys", test_pdf_journeys);
    g_test_add_func ("/report/hallctl-names-the-hall-day", test_hallctl_names_the_hall_day);
    g_test_add_func ("/report/served-across-midnight", test_served_across_midnight);
    g_test_add_func ("/report/hallctl-req-everywhere", test_hallctl_req_everywhere);
    return g_test_run ();
}
