/*  report-figures.c — a report row's figures from its counters
 *  (report-figures.h, docs/METRICS.md). */
#include "report-figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
hall_report_day (const char *text, GDate *date)
{
    int y, m, d, used = 0;
    if (date)
        g_date_clear (date, 1);
    if (!text || strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10
        || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        return false;
    if (date)
        g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
    return true;
}

int
hall_figures_key_cmp (const char *a, const char *b)
{
    if (strcmp (a, "-") == 0 || strcmp (b, "-") == 0)
        return (strcmp (a, "-") == 0) - (strcmp (b, "-") == 0);
    char *ea, *eb;
    long na = strtol (a, &ea, 10), nb = strtol (b, &eb, 10);
    if (!*ea && !*eb && ea != a && eb != b)
        return na < nb ? -1 : na > nb;
    return strcmp (a, b);
}

json_t *
hall_figures_ratio (double part, double whole)
{
    if (whole <= 0)
        return json_null ();
    return json_real (round (part / whole * 10000.0) / 10000.0);
}

json_t *
hall_figures_seconds (double sum, double count)
{
    if (count <= 0)
        return json_null ();
    return json_real (round (sum / count * 10.0) / 10.0);
}

json_t *
hall_figures_json (const hall_figures_t *f, const char *key, bool utilisation)
{
    json_t *out = json_object ();
    json_object_set_new (out, "key", json_string (key));
    json_object_set_new (out, "issued", json_integer (f->issued));
    json_object_set_new (out, "served", json_integer (f->served));
    json_object_set_new (out, "noshow", json_integer (f->noshow));
    json_object_set_new (out, "expired", json_integer (f->expired));
    json_object_set_new (out, "cancelled", json_integer (f->cancelled));
    json_object_set_new (out, "active", json_integer (f->active));
    json_object_set_new (out, "called", json_integer (f->called));
    json_object_set_new (out, "wait_avg", hall_figures_seconds ((double) f->wait_sum, f->called));
    json_object_set_new (out, "wait_p90", f->wait_p90 >= 0 ? json_integer (f->wait_p90) : json_null ());
    json_object_set_new (out, "service_avg", hall_figures_seconds ((double) f->service_sum, f->service_count));
    json_object_set_new (out, "service_level", hall_figures_ratio (f->target_in, f->target_count));
    json_object_set_new (out, "service_time", json_integer (f->service_sum));
    json_object_set_new (out, "signed_in", utilisation ? json_integer (f->signed_in) : json_null ());
    json_object_set_new (out, "utilisation", utilisation ? hall_figures_ratio ((double) f->service_sum,
                                                                               (double) f->signed_in)
                                                         : json_null ());
    int valid = f->given - f->excluded;
    json_object_set_new (out, "ratings_given", json_integer (f->given));
    json_object_set_new (out, "ratings_default", json_integer (f->defaults));
    json_object_set_new (out, "ratings_excluded", json_integer (f->excluded));
    json_object_set_new (out, "ratings_valid", json_integer (valid));
    json_object_set_new (out, "ratings_good", json_integer (f->good));
    json_object_set_new (out, "ratings_bad", json_integer (f->bad));
    json_object_set_new (out, "good_rate", hall_figures_ratio (f->good, valid));
    json_object_set_new (out, "bad_rate", hall_figures_ratio (f->bad, valid));
    json_object_set_new (out, "active_rate", hall_figures_ratio (f->given, f->served));
    json_object_set_new (out, "cases_opened", json_integer (f->cases_opened));
    json_object_set_new (out, "cases_closed", json_integer (f->cases_closed));
    json_object_set_new (out, "cases_overdue", json_integer (f->cases_overdue));
    json_object_set_new (out, "revisit_rate", hall_figures_ratio (f->revisited, f->bad_cases));
    /* Appointments: the denominators leave out cancelled bookings and
     * those still to come. */
    int settled = f->checkins + f->booking_noshows;
    json_object_set_new (out, "bookings", json_integer (f->bookings));
    json_object_set_new (out, "bookings_cancelled", json_integer (f->bookings_cancelled));
    json_object_set_new (out, "checkins", json_integer (f->checkins));
    json_object_set_new (out, "booking_noshows", json_integer (f->booking_noshows));
    json_object_set_new (out, "checkin_rate", hall_figures_ratio (f->checkins, settled));
    json_object_set_new (out, "noshow_rate", hall_figures_ratio (f->booking_noshows, settled));
    json_object_set_new (out, "appointment_wait_avg", hall_figures_seconds ((double) f->appointment_wait_sum,
                                                                            f->appointment_called));
    return out;
}
