/*  clock.c — the server's clock (clock.h). */
#include "clock.h"

#include <glib.h>
#include <stdlib.h>

struct _hall_clock_t {
    bool    test;        /* true: time moves only by set/advance */
    int64_t now;         /* the test clock's time */
};

hall_clock_t *
hall_clock_new (bool test)
{
    hall_clock_t *self = calloc (1, sizeof *self);
    self->test = test;
    self->now = g_get_real_time () / G_USEC_PER_SEC;
    return self;
}

void
hall_clock_destroy (hall_clock_t **self_p)
{
    if (self_p && *self_p) {
        free (*self_p);
        *self_p = NULL;
    }
}

bool
hall_clock_is_test (hall_clock_t *self)
{
    return self->test;
}

int64_t
hall_clock_now (hall_clock_t *self)
{
    return self->test ? self->now : g_get_real_time () / G_USEC_PER_SEC;
}

int
hall_clock_set (hall_clock_t *self, int64_t now)
{
    if (!self->test)
        return -1;
    self->now = now;
    return 0;
}

int
hall_clock_advance (hall_clock_t *self, int64_t seconds)
{
    if (!self->test)
        return -1;
    self->now += seconds;
    return 0;
}
