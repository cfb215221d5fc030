/*  test-estimate.c — the wait the hall promises (common/estimate.h), the one
 *  rule the server's replies, the printed ticket and the kiosk's buttons use,
 *  and the sentences said from it (common/ticket-text.h).
 */
#include "estimate.h"
#include "ticket-text.h"

#include <glib.h>

static void
test_wait (void)
{
    g_assert_cmpint (hall_estimate (0, 600, 2, 2).wait, ==, 0);       /* nobody ahead */
    g_assert_cmpint (hall_estimate (-1, 600, 2, 2).wait, ==, 0);
    g_assert_cmpint (hall_estimate (3, 300, 2, 2).wait, ==, 450);     /* 3 × 300 ÷ 2 */
    g_assert_cmpint (hall_estimate (1, 301, 2, 2).wait, ==, 151);     /* rounded up */
    /* Two windows that each share their time with another category give
     * it the capacity of one. */
    g_assert_cmpint (hall_estimate (3, 300, 2, 1).wait, ==, 900);
    /* Instant services promise a minute each, not nothing. */
    g_assert_cmpint (hall_estimate (2, 5, 1, 1).wait, ==, 120);
    g_assert_cmpint (hall_estimate (2, 0, 1, 1).wait, ==, 120);
}

static void
test_band (void)
{
    hall_estimate_t e = hall_estimate (3, 300, 2, 2);
    g_assert_cmpint (e.open, ==, 2);
    g_assert_cmpint (e.low, ==, 270);                 /* 450 × 0.6 */
    g_assert_cmpint (e.high, ==, 1200);               /* 450 × 2 + 2 × 300 ÷ 2 */
    /* Nobody ahead: a band from 0 up to two services' worth. */
    hall_estimate_t next = hall_estimate (0, 300, 2, 2);
    g_assert_cmpint (next.low, ==, 0);
    g_assert_cmpint (next.high, ==, 300);
    g_assert_cmpint (e.low, <=, e.wait);
    g_assert_cmpint (e.wait, <=, e.high);
}

/* No window can serve the category: no promise at all, not "as if one
 * were open". */
static void
test_no_window (void)
{
    hall_estimate_t e = hall_estimate (2, 100, 0, 0);
    g_assert_cmpint (e.open, ==, 0);
    g_assert_cmpint (e.wait, ==, -1);
    json_t *reply = json_object ();
    hall_estimate_set (reply, e);
    g_assert_true (json_is_null (json_object_get (reply, "estimated_wait")));
    g_assert_true (json_is_null (json_object_get (reply, "wait_high")));
    g_assert_cmpint (json_integer_value (json_object_get (reply, "open_windows")), ==, 0);
    g_assert_cmpint (hall_estimate_get (reply).open, ==, 0);
    json_decref (reply);
    g_autofree char *text = hall_text_wait (e, NULL);
    g_assert_cmpstr (text, ==, "当前暂无窗口办理此业务，请咨询服务台");
    g_autofree char *load = hall_text_category_load (2, e, NULL);
    g_assert_cmpstr (load, ==, "等待 2 人 · 暂无窗口办理");
}

static void
test_texts (void)
{
    hall_estimate_t e = hall_estimate (2, 300, 2, 2);       /* 300: 180..900 s */
    g_autofree char *band = hall_text_band (e);
    g_assert_cmpstr (band, ==, "3–15");
    g_autofree char *wait = hall_text_wait (e, NULL);
    g_assert_cmpstr (wait, ==, "预计等待约 3–15 分钟");
    hall_estimate_t big = hall_estimate (10, 300, 2, 2);    /* 1500: 900..3300 s */
    g_autofree char *big_band = hall_text_band (big);
    g_assert_cmpstr (big_band, ==, "15–55");              /* fives above a quarter hour */
    g_autofree char *none = hall_text_wait (hall_estimate (0, 20, 1, 1), NULL);
    g_assert_cmpstr (none, ==, "预计等待约 0–2 分钟");       /* 0 .. 2 × a minute at least */
    g_autofree char *free_load = hall_text_category_load (0, hall_estimate (0, 300, 1, 1), NULL);
    g_assert_cmpstr (free_load, ==, "无需等待");
    /* A reply and its read-back agree. */
    json_t *reply = json_object ();
    hall_estimate_set (reply, e);
    hall_estimate_t back = hall_estimate_get (reply);
    g_assert_cmpint (back.open, ==, e.open);
    g_assert_cmpint (back.low, ==, e.low);
    g_assert_cmpint (back.high, ==, e.high);
    json_decref (reply);
}

static void
test_open_windows (void)
{
    json_t *windows = json_loads (
        "[{\"number\":1,\"paused\":false,\"clerk\":{\"id\":\"1\"},\"ticket\":null,\"primary\":[\"a\"],\"backup\":[]},"
        " {\"number\":2,\"paused\":false,\"clerk\":null,\"ticket\":null,\"primary\":[\"b\"],\"backup\":[\"a\"]},"
        " {\"number\":3,\"paused\":true,\"clerk\":{\"id\":\"3\"},\"ticket\":null,\"primary\":[\"a\"],\"backup\":[]},"
        " {\"number\":4,\"paused\":false,\"clerk\":{\"id\":\"4\"},\"ticket\":7,\"primary\":[\"c\"],\"backup\":[\"a\"]}]", 0, NULL);
    g_assert_nonnull (windows);
    double capacity = -1;
    g_assert_cmpint (hall_estimate_open_windows (windows, "a", &capacity), ==, 2);   /* 1, and 4 as backup */
    g_assert_cmpfloat_with_epsilon (capacity, 1.0 + 0.5, 1e-9);     /* 1's only primary; 4's only backup */
    g_assert_cmpint (hall_estimate_open_windows (windows, "c", &capacity), ==, 1);
    g_assert_cmpfloat_with_epsilon (capacity, 1.0, 1e-9);
    g_assert_cmpint (hall_estimate_open_windows (windows, "b", &capacity), ==, 0);   /* 2 has no clerk */
    g_assert_cmpfloat_with_epsilon (capacity, 0.0, 1e-9);
    g_assert_cmpint (hall_estimate_open_windows (windows, "d", NULL), ==, 0);        /* none serves it */
    json_decref (windows);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/estimate/wait", test_wait);
    g_test_add_func ("/estimate/band", test_band);
    g_test_add_func ("/estimate/no-window", test_no_window);
    g_test_add_func ("/estimate/texts", test_texts);
    g_test_add_func ("/estimate/open-windows", test_open_windows);
    return g_test_run ();
}
