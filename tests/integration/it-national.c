/*  it-national.c — `hallctl report national` against the real hall-server
 *  (test clock): the report runs on the server's reporter thread; its CSV
 *  is for Excel in China (UTF-8 with a BOM, Chinese headers) and safe to
 *  open (a cell that would be a formula is text); the PDF names the hall
 *  and the month; a month that is not one is refused.
 */
#include "harness.h"
#include <stdlib.h>
#include <string.h>

#define MORNING ((gint64) 1795741200)     /* Friday 2026-11-27 09:00 Asia/Shanghai */

/* A department whose name a spreadsheet would run as a formula. */
static const char *s_hall =
    "[hall]\nname=国家口径测试大厅\ntimezone=Asia/Shanghai\nrating_default_days=7\ncase_owner=9001\n"
    "[category a]\nprefix=A\nname=企业登记\ndepartment=市场监管所\ndepartment_code=11330102MB1234567B\n"
    "[category b]\nprefix=B\nname=外部\ndepartment==HYPERLINK(\"http://x\")\n"
    "[window 1]\nprimary=a\n[window 2]\nprimary=b\n"
    "[staff 1001]\nname=王芳\n[staff 1002]\nname=李娜\n[staff 9001]\nname=周主任\nrole=manager\n";

static char *
s_run (server_t *server, int want, ...)
{
    va_list args;
    va_start (args, want);
    const char *a[13] = { NULL };
    for (int i = 0; i < 12 && (a[i] = va_arg (args, const char *)); i++)
        ;
    va_end (args);
    int status;
    char *out = hallctl (server, &status, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8],
                         a[9], a[10], a[11], NULL);
    if (status != want)
        g_error ("hallctl %s %s %s: exit %d, not %d: %s", a[0], a[1] ? a[1] : "", a[2] ? a[2] : "",
                 status, want, out);
    return out;
}

static void
s_serve_and_rate (server_t *server, const char *category, const char *window, const char *level)
{
    g_free (s_run (server, 0, "issue", category, NULL));
    g_free (s_run (server, 0, "call", window, NULL));
    g_free (s_run (server, 0, "start", window, NULL));
    g_free (s_run (server, 0, "clock", "--advance", "120", NULL));
    g_free (s_run (server, 0, "finish", window, NULL));
    if (level && atoi (level) <= 2)
        g_free (s_run (server, 0, "rate", window, level, "--reasons", "slow_handling", NULL));
    else if (level)
        g_free (s_run (server, 0, "rate", window, level, NULL));
}

static void
test_hallctl_national (void)
{
    server_t *server = server_start (s_hall, MORNING);
    if (db_int (server, "PRAGMA user_version") < 15) {     /* case_appeal, rating.round */
        g_test_skip ("the database is not yet at schema 15");
        server_free (server);
        return;
    }
    g_free (s_run (server, 0, "signin", "1", "1001", NULL));
    g_free (s_run (server, 0, "signin", "2", "1002", NULL));
    s_serve_and_rate (server, "a", "1", "5");
    s_serve_and_rate (server, "a", "1", "2");
    s_serve_and_rate (server, "a", "1", NULL);
    s_serve_and_rate (server, "b", "2", "4");

    g_autofree char *csv_path = g_build_filename (server->dir, "national.csv", NULL);
    g_autofree char *table = s_run (server, 0, "report", "national", "--month", "2026-11", "--csv", csv_path, NULL);
    g_assert_true (g_str_has_prefix (table, "key\tname\tvisits\t"));
    g_assert_nonnull (strstr (table, "\n11330102MB1234567B\t市场监管所\t3\t2\t0\t0\t2\t1\t0\t0\t1\t0\t1\t1\t50.0%\t50.0%\t66.7%\t"));
    g_assert_nonnull (strstr (table, "\ntotal\t-\t4\t3\t"));

    g_autofree char *csv = NULL;
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    /* The BOM, then the Chinese header line. */
    g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "月份,部门编码,部门,统一社会信用代码,办结人次,主动评价,默认评价,"));
    g_assert_nonnull (strstr (csv, ",非常满意,满意,基本满意,不满意,非常不满意,好评,差评,好评率,差评率,主动评价率,"));
    g_assert_nonnull (strstr (csv, ",实名回访率,"));
    /* The counts and rates as the JSON has them. */
    g_assert_nonnull (strstr (csv, "\r\n2026-11,11330102MB1234567B,市场监管所,11330102MB1234567B,3,2,0,0,2,1,0,0,1,0,1,1,"
                                   "0.5000,0.5000,0.6667,"));
    /* The formula is a text cell: quoted, with a leading '. */
    g_assert_nonnull (strstr (csv, "\r\n2026-11,\"'=HYPERLINK(\"\"http://x\"\")\",\"'=HYPERLINK(\"\"http://x\"\")\",,1,1,"));
    g_assert_null (strstr (csv, ",=HYPERLINK"));
    g_assert_nonnull (strstr (csv, "\r\n2026-11,合计,,,4,3,"));
    g_assert_true (g_str_has_suffix (csv, "\r\n"));

    /* The PDF: the hall, the month, the five levels, in Chinese. */
    g_autofree char *pdf_path = g_build_filename (server->dir, "national.pdf", NULL);
    g_free (s_run (server, 0, "report", "national", "--month", "2026-11", "--by", "clerk", "--pdf", pdf_path, NULL));
    g_autofree char *cmd = g_strdup_printf ("pdftotext -layout '%s' '%s.txt'", pdf_path, pdf_path);
    g_assert_cmpint (system (cmd), ==, 0);
    g_autofree char *txt_path = g_strdup_printf ("%s.txt", pdf_path);
    g_autofree char *pdf_text = NULL;
    g_assert_true (g_file_get_contents (txt_path, &pdf_text, NULL, NULL));
    const char *words[] = { "国家口径测试大厅", "2026-11", "非常满意", "非常不满意", "好评率", "实名回访率",
                            "王芳", "李娜", "合计", "匿名差评" };
    for (size_t i = 0; i < G_N_ELEMENTS (words); i++)
        if (!strstr (pdf_text, words[i]))
            g_error ("the PDF has no %s:\n%s", words[i], pdf_text);

    /* By window, as JSON; the month defaults to the hall's. */
    g_autofree char *json_text = s_run (server, 0, "--json", "report", "national", "--by", "window", NULL);
    json_t *report = json_loads (json_text, 0, NULL);
    g_assert_nonnull (report);
    g_assert_cmpstr (json_string_value (json_object_get (report, "month")), ==, "2026-11");
    g_assert_cmpuint (json_array_size (json_object_get (report, "rows")), ==, 2);
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (report, "totals"), "level_2")), ==, 1);
    json_decref (report);

    /* Not a month: refused, nothing written. */
    g_autofree char *bad_path = g_build_filename (server->dir, "bad.csv", NULL);
    g_autofree char *refused = NULL;
    int status;
    refused = hallctl (server, &status, "report", "national", "--month", "2026-13", "--csv", bad_path, NULL);
    g_assert_cmpint (status, ==, 1);
    g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
    server_free (server);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/national/hallctl-csv-pdf", test_hallctl_national);
    return g_test_run ();
}
