/*  day.h — the hall's day: an instant as the hall's local time and date.
 *
 *  Every program turns the server's unix times into dates here, with the
 *  hall's time zone from the server (the snapshot's hall.timezone), never
 *  the machine's zone or UTC: a ticket issued at 00:30 in Shanghai is of
 *  that Shanghai day, whatever zone the kiosk or the manager's PC is set to.
 */
#ifndef HALL_DAY_H
#define HALL_DAY_H

#include <glib.h>
#include <stdint.h>

/* The zone the hall runs on when its settings name none (or one this
 * machine does not know). */
#define HALL_DAY_DEFAULT_ZONE "Asia/Shanghai"

/* The hall's time zone TZID (an IANA name), or HALL_DAY_DEFAULT_ZONE when
 * TZID is NULL, empty or unknown; never the machine's zone.
 * g_time_zone_unref. */
GTimeZone *hall_day_zone (const char *tzid);

/* NOW (unix seconds) as the hall's local time.  g_date_time_unref. */
GDateTime *hall_day_local (int64_t now, const char *tzid);

/* NOW in the hall's zone, written with g_date_time_format's FORMAT
 * ("%Y-%m-%d" is the hall's day).  g_free. */
char      *hall_day_format (int64_t now, const char *tzid, const char *format);

/* The hall's working-day calendar: Monday to Friday, less the days of
 * HOLIDAYS, plus the make-up working days of WORKDAYS (both lists
 * "YYYY-MM-DD;YYYY-MM-DD;...", as the hall's settings give them, or NULL).
 * Case deadlines count on it, appointments book on it. */
gboolean   hall_day_is_working (const GDate *date, const char *holidays, const char *workdays);
/* DATE moved on to the DAYS-th working day after it (DAYS ≥ 1), at most
 * ten years ahead (a calendar of nothing but holidays stops there). */
void       hall_day_add_working (GDate *date, int days, const char *holidays, const char *workdays);

#endif
