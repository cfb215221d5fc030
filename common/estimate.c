/*  estimate.c — the wait the hall promises (estimate.h). */
#include "estimate.h"

#include <math.h>
#include <string.h>

hall_estimate_t
hall_estimate (int ahead, int64_t mean_service, int open, double capacity)
{
    if (open < 1 || capacity <= 0)
        return (hall_estimate_t) { .open = 0, .wait = -1, .low = -1, .high = -1 };
    if (mean_service < HALL_ESTIMATE_MIN_SERVICE)
        mean_service = HALL_ESTIMATE_MIN_SERVICE;
    hall_estimate_t e = { .open = open, .capacity = capacity };
    /* Shares are sums of 1/n and 1/(2n): round them to a thousandth, so
     * that the server (SQL) and the clients (the mirror) add them up to
     * the same figure. */
    double per_unit = (double) mean_service / (round (capacity * 1000.0) / 1000.0);
    if (ahead > 0)
        e.wait = (int64_t) ceil ((double) ahead * per_unit);
    e.low = (int64_t) floor ((double) e.wait * 0.6);
    e.high = (int64_t) ceil ((double) e.wait * 2.0 + 2.0 * per_unit);
    return e;
}

double
hall_estimate_share (bool primary, int primaries, int backups)
{
    if (primary)
        return primaries > 0 ? 1.0 / primaries : 0;
    return backups > 0 ? 0.5 / backups : 0;
}

/* 1: CODE is one of WINDOW's primary categories, 2: a backup one, 0: not
 * served; the sizes of both lists into *PRIMARIES and *BACKUPS. */
static int
s_serves (json_t *window, const char *code, int *primaries, int *backups)
{
    const char *lists[] = { "primary", "backup" };
    int found = 0;
    for (int l = 0; l < 2; l++) {
        json_t *list = json_object_get (window, lists[l]);
        *(l ? backups : primaries) = (int) json_array_size (list);
        size_t i;
        json_t *item;
        json_array_foreach (list, i, item)
            if (!found && json_is_string (item) && strcmp (json_string_value (item), code) == 0)
                found = l + 1;
    }
    return found;
}

static int s_serving_now (json_t *window, const char *code, int *primaries, int *backups);

int
hall_estimate_open_windows (json_t *windows, const char *code, double *capacity)
{
    int open = 0;
    double share = 0;
    size_t i;
    json_t *window;
    json_array_foreach (windows, i, window) {
        int primaries, backups, kind = s_serving_now (window, code, &primaries, &backups);
        if (!kind)
            continue;
        open++;
        share += hall_estimate_share (kind == 1, primaries, backups);
    }
    if (capacity)
        *capacity = share;
    return open;
}

/* Whether WINDOW can serve CODE now: 1 primary, 2 backup, 0 not. */
static int
s_serving_now (json_t *window, const char *code, int *primaries, int *backups)
{
    if (!code || json_is_true (json_object_get (window, "paused"))
        || !json_is_object (json_object_get (window, "clerk")))
        return 0;
    return s_serves (window, code, primaries, backups);
}

json_t *
hall_estimate_windows_now (json_t *windows, const char *code)
{
    json_t *numbers = json_array ();
    size_t i;
    json_t *window;
    int primaries, backups;
    json_array_foreach (windows, i, window)
        if (s_serving_now (window, code, &primaries, &backups))
            json_array_append (numbers, json_object_get (window, "number"));
    return numbers;
}

hall_estimate_t
hall_estimate_for (json_t *category, json_t *windows, int ahead)
{
    double capacity = 0;
    const char *code = json_string_value (json_object_get (category, "code"));
    int open = hall_estimate_open_windows (windows, code, &capacity);
    return hall_estimate (ahead, json_integer_value (json_object_get (category, "service_mean")), open, capacity);
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
                          .capacity = open ? (double) json_integer_value (open) : 1,
                          .wait = json_integer_value (wait) };
    json_t *low = json_object_get (object, "wait_low"), *high = json_object_get (object, "wait_high");
    e.low = json_is_integer (low) ? json_integer_value (low) : e.wait;
    e.high = json_is_integer (high) ? json_integer_value (high) : e.wait;
    return e;
}
