/*  hours.c — issuing hours (hours.h). */
#include "hours.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

int
hall_hours_contains (const char *hours, int minute)
{
    if (!hours || !*hours)
        return 1;
    int inside = 0;
    char **spans = g_strsplit (hours, ",", 0);
    for (char **span = spans; *span; span++) {
        int h1, m1, h2, m2, used = 0;
        char *text = g_strstrip (*span);
        if (sscanf (text, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &used) != 4
            || (size_t) used != strlen (text)
            || h1 < 0 || h1 > 24 || m1 < 0 || m1 > 59 || h2 < 0 || h2 > 24 || m2 < 0 || m2 > 59
            || h1 * 60 + m1 >= h2 * 60 + m2) {
            inside = -1;
            break;
        }
        if (minute >= h1 * 60 + m1 && minute < h2 * 60 + m2)
            inside = 1;
    }
    g_strfreev (spans);
    return inside;
}
