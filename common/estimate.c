/*  estimate.c — the wait the hall promises (estimate.h). */
#include "estimate.h"

#include <math.h>
#include <string.h>

int64_t
hall_estimate_wait (int ahead, int64_t mean_service, int open)
{
    if (ahead <= 0)
        return 0;
    if (mean_service < HALL_ESTIMATE_MIN_SERVICE)
        mean_service = HALL_ESTIMATE_MIN_SERVICE;
    if (open < 1)
        open = 1;
    return (int64_t) ceil ((double) ahead * (double) mean_service / (double) open);
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
hall_estimate_open (int unpaused, int staffed)
{
    return staffed > 0 ? staffed : unpaused > 0 ? unpaused : 1;
}

int
hall_estimate_open_windows (json_t *windows, const char *code)
{
    int unpaused = 0, staffed = 0;
    size_t i;
    json_t *window;
    json_array_foreach (windows, i, window) {
        if (json_is_true (json_object_get (window, "paused")) || !code || !s_serves (window, code))
            continue;
        unpaused++;
        if (!json_is_null (json_object_get (window, "clerk")) || !json_is_null (json_object_get (window, "ticket")))
            staffed++;
    }
    return hall_estimate_open (unpaused, staffed);
}
