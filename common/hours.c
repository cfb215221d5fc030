/*  hours.c — issuing and booking hours (hours.h). */
#include "hours.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

int
hall_hours_spans (const char *hours, int *from, int *to, int max)
{
    if (!hours || !*hours)
        return 0;
    int n = 0;
    char **spans = g_strsplit (hours, ",", 0);
    for (char **span = spans; *span; span++) {
        int h1, m1, h2, m2, used = 0;
        char *text = g_strstrip (*span);
        if (sscanf (text, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &used) != 4
            || (size_t) used != strlen (text)
            || h1 < 0 || h1 > 24 || m1 < 0 || m1 > 59 || h2 < 0 || h2 > 24 || m2 < 0 || m2 > 59
            || h1 * 60 + m1 >= h2 * 60 + m2 || h2 * 60 + m2 > 24 * 60) {
            n = -1;
            break;
        }
        if (n < max) {
            from[n] = h1 * 60 + m1;
            to[n] = h2 * 60 + m2;
        }
        n++;
    }
    g_strfreev (spans);
    return n;
}

int
hall_hours_contains (const char *hours, int minute)
{
    if (!hours || !*hours)
        return 1;
    int from[32], to[32];
    int n = hall_hours_spans (hours, from, to, 32);
    if (n < 0)
        return -1;
    for (int i = 0; i < MIN (n, 32); i++)
        if (minute >= from[i] && minute < to[i])
            return 1;
    return 0;
}
