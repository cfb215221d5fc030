/*  estimate.c — the wait the hall promises (estimate.h). */
#include "estimate.h"

#include <math.h>
#include <string.h>

hall_estimate_t
hall_estimate (int ahead, int64_t mean_service, int open)
{
    if (open < 1)
        return (hall_estimate_t) { .open = 0, .wait = -1, .low = -1, .high = -1 };
    if (mean_service < HALL_ESTIMATE_MIN_SERVICE)
        mean_service = HALL_ESTIMATE_MIN_SERVICE;
    hall_estimate_t e = { .open = open };
    if (ahead <= 0)
        return e;
    double per_window = (double) mean_service / (double) open;
    e.wait = (int64_t) ceil ((double) ahead * per_window);
    e.low = (int64_t) floor ((double) e.wait * 0.6);
    e.high = (int64_t) ceil ((double) e.wait * 1.5 + per_window);
    return e;
}

static int
s_serves (json_t *window, const char *code)
{
    const char *lists[] = { "primary", "backup" };
    for (int l = 0; l < 2; l++) {
        size_t i;
        json_t *item;
        json_array_foreach (json_object_get (window, lists[l]), i, item)
            if (json_is_string (item) && strcmp (json_string_value (item), code) == 0)
                return 1;
    }
    return 0;
}

int
hall_estimate_open_windows (json_t *windows, const char *code)
{
    int open = 0;
    size_t i;
    json_t *window;
    json_array_foreach (windows, i, window)
        if (code && !json_is_true (json_object_get (window, "paused"))
            && json_is_object (json_object_get (window, "clerk")) && s_serves (window, code))
            open++;
    return open;
}

static json_t *
s_seconds (int64_t value, int open)
{
    return open > 0 ? json_integer (value) : json_null ();
}

void
hall_estimate_set (json_t *object, hall_estimate_t e)
{
    json_object_set_new (object, "estimated_wait", s_seconds (e.wait, e.open));
    json_object_set_new (object, "wait_low", s_seconds (e.low, e.open));
    json_object_set_new (object, "wait_high", s_seconds (e.high, e.open));
    json_object_set_new (object, "open_windows", json_integer (e.open));
}

hall_estimate_t
hall_estimate_get (json_t *object)
{
    json_t *wait = json_object_get (object, "estimated_wait");
    json_t *open = json_object_get (object, "open_windows");
    if (!json_is_integer (wait) || (open && json_integer_value (open) < 1))
        return (hall_estimate_t) { .open = 0, .wait = -1, .low = -1, .high = -1 };
    hall_estimate_t e = { .open = open ? (int) json_integer_value (open) : 1,
                          .wait = json_integer_value (wait) };
    json_t *low = json_object_get (object, "wait_low"), *high = json_object_get (object, "wait_high");
    e.low = json_is_integer (low) ? json_integer_value (low) : e.wait;
    e.high = json_is_integer (high) ? json_integer_value (high) : e.wait;
    return e;
}
