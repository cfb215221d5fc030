/*  day.c — the hall's day (day.h). */
#include "day.h"

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
