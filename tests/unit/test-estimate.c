/*  test-estimate.c — the wait the hall promises (common/estimate.h), the one
 *  rule the server's ticket and the kiosk's buttons both use.
 */
#include "estimate.h"

#include <glib.h>

static void
test_wait (void)
{
    g_assert_cmpint (hall_estimate_wait (0, 600, 2), ==, 0);         /* nobody ahead */
    g_assert_cmpint (hall_estimate_wait (-1, 600, 2), ==, 0);
    g_assert_cmpint (hall_estimate_wait (3, 300, 2), ==, 450);       /* 3 × 300 ÷ 2 */
    g_assert_cmpint (hall_estimate_wait (1, 301, 2), ==, 151);       /* rounded up */
    /* Instant services promise a minute each, not nothing. */
    g_assert_cmpint (hall_estimate_wait (2, 5, 1), ==, 120);
    g_assert_cmpint (hall_estimate_wait (2, 0, 1), ==, 120);
    /* No window open: as if one were. */
    g_assert_cmpint (hall_estimate_wait (2, 100, 0), ==, 200);
}

static void
test_open_windows (void)
{
    g_assert_cmpint (hall_estimate_open (0, 0), ==, 1);
    g_assert_cmpint (hall_estimate_open (3, 0), ==, 3);
    g_assert_cmpint (hall_estimate_open (3, 2), ==, 2);
    json_t *windows = json_loads (
        "[{\"number\":1,\"paused\":false,\"clerk\":{\"id\":\"1\"},\"ticket\":null,\"primary\":[\"a\"],\"backup\":[]},"
        " {\"number\":2,\"paused\":false,\"clerk\":null,\"ticket\":null,\"primary\":[\"b\"],\"backup\":[\"a\"]},"
        " {\"number\":3,\"paused\":true,\"clerk\":{\"id\":\"3\"},\"ticket\":null,\"primary\":[\"a\"],\"backup\":[]},"
        " {\"number\":4,\"paused\":false,\"clerk\":null,\"ticket\":7,\"primary\":[\"a\"],\"backup\":[]}]", 0, NULL);
    g_assert_nonnull (windows);
    g_assert_cmpint (hall_estimate_open_windows (windows, "a"), ==, 2);   /* 1 and 4: staffed, unpaused */
    g_assert_cmpint (hall_estimate_open_windows (windows, "b"), ==, 1);   /* 2: unpaused, nobody staffed */
    g_assert_cmpint (hall_estimate_open_windows (windows, "c"), ==, 1);   /* none serves it */
    json_decref (windows);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/estimate/wait", test_wait);
    g_test_add_func ("/estimate/open-windows", test_open_windows);
    return g_test_run ();
}
