/*  day.c — the hall's day (day.h). */
#include "day.h"

#include <string.h>

GTimeZone *
hall_day_zone (const char *tzid)
{
    GTimeZone *zone = tzid && *tzid ? g_time_zone_new_identifier (tzid) : NULL;
    if (!zone)
        zone = g_time_zone_new_identifier (HALL_DAY_DEFAULT_ZONE);
    /* A machine without tzdata: China Standard Time has had no summer time
     * since 1991, so a fixed +08:00 is the same zone for every date here. */
    if (!zone)
        zone = g_time_zone_new_offset (8 * 3600);
    return zone;
}

GDateTime *
hall_day_local (int64_t now, const char *tzid)
{
    GTimeZone *zone = hall_day_zone (tzid);
    GDateTime *utc = g_date_time_new_from_unix_utc (now);
    GDateTime *local = utc ? g_date_time_to_timezone (utc, zone) : NULL;
    if (utc)
        g_date_time_unref (utc);
    g_time_zone_unref (zone);
    return local;
}

char *
hall_day_format (int64_t now, const char *tzid, const char *format)
{
    GDateTime *local = hall_day_local (now, tzid);
    char *text = local ? g_date_time_format (local, format) : NULL;
    if (local)
        g_date_time_unref (local);
    return text;
}

/* True when LIST names DAY ("YYYY-MM-DD") as one of its ';'-separated
 * entries (spaces around them allowed). */
static gboolean
s_listed (const char *list, const char *day)
{
    if (!list || !*list)
        return FALSE;
    size_t len = strlen (day);
    for (const char *p = strstr (list, day); p; p = strstr (p + 1, day))
        if ((p == list || p[-1] == ';' || p[-1] == ' ') && (p[len] == 0 || p[len] == ';' || p[len] == ' '))
            return TRUE;
    return FALSE;
}

gboolean
hall_day_is_working (const GDate *date, const char *holidays, const char *workdays)
{
    char day[16];
    g_snprintf (day, sizeof day, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                g_date_get_day (date));
    if (s_listed (workdays, day))
        return TRUE;
    GDateWeekday weekday = g_date_get_weekday (date);
    return weekday != G_DATE_SATURDAY && weekday != G_DATE_SUNDAY && !s_listed (holidays, day);
}

void
hall_day_add_working (GDate *date, int days, const char *holidays, const char *workdays)
{
    for (int counted = 0, guard = 0; counted < days && guard < 3660; guard++) {
        g_date_add_days (date, 1);
        if (hall_day_is_working (date, holidays, workdays))
            counted++;
    }
}
