/*  report-figures.h — the figures of one report row (docs/METRICS.md) from
 *  their counters, shaped as the `report` operation returns them.
 *
 *  The hall's server (server/report.c) counts a row's tickets, ratings,
 *  cases and bookings from its SQLite tables; the county (hall-county,
 *  county/county-report.c) sums the same counters in SQL from its copies
 *  of those rows.  Both turn the counters into figures here, so the
 *  county's figures of a hall are the hall's own: the same field names,
 *  the same rounding (ratios to four places, seconds to 0.1), the same
 *  nulls where there is nothing to divide by.
 */
#ifndef HALL_REPORT_FIGURES_H
#define HALL_REPORT_FIGURES_H

#include <glib.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* One row's counters (all zero: a row with no tickets). */
typedef struct {
    int     issued;            /* tickets of the row */
    int     served;            /* ... that ended finished */
    int     noshow, expired, cancelled;
    int     active;            /* ... still waiting, called or serving */
    int     called;            /* tickets with a wait (called at least once) */
    int64_t wait_sum;          /* seconds, over the called tickets */
    int64_t wait_p90;          /* the ceil(0.9 n)-th smallest wait, seconds; -1: none */
    int64_t service_sum;       /* seconds: finish - start, over finished tickets started */
    int     service_count;     /* those tickets */
    int     target_in;         /* called within their category's target wait */
    int     target_count;      /* called, of a category with a target */
    int64_t signed_in;         /* seconds a clerk was signed in (window and clerk rows, totals) */
    int     given;             /* ratings the visitors gave, excluded ones included */
    int     defaults;          /* default ratings */
    int     excluded;          /* given ratings excluded by an appeal */
    int     good, bad;         /* valid given ratings of level 3-5, 1-2 */
    int     cases_opened, cases_closed, cases_overdue;
    int     bad_cases;         /* real-name 差评 cases, rating not excluded */
    int     revisited;         /* ... with the visitor's verdict recorded */
    int     bookings, bookings_cancelled, checkins, booking_noshows;   /* of the period's slots */
    int64_t appointment_wait_sum;   /* seconds: first call - the later of check-in and slot start */
    int     appointment_called;     /* called appointment tickets */
} hall_figures_t;

/* The row {"key": KEY, "issued": …, …, "appointment_wait_avg": …} of F,
 * in the order of docs/METRICS.md.  UTILISATION false: signed_in and
 * utilisation are null (rows by category, hour, day; a county without
 * the sign-ins).  F->wait_p90 < 0: wait_p90 null. */
json_t *hall_figures_json (const hall_figures_t *f, const char *key, bool utilisation);

/* The order of a report's rows by their keys (strcmp-like): numbers by
 * value (windows, hours), the rest by text (bytes); "-" (none) last. */
int hall_figures_key_cmp (const char *a, const char *b);

/* True when TEXT is a report's day, a real date "YYYY-MM-DD" (the
 * `from` and `to` of every report); DATE (may be NULL) set to it. */
bool hall_report_day (const char *text, GDate *date);

/* PART / WHOLE rounded to 4 places, or null when WHOLE is 0. */
json_t *hall_figures_ratio (double part, double whole);

/* SUM / COUNT seconds rounded to 0.1, or null when COUNT is 0. */
json_t *hall_figures_seconds (double sum, double count);

#endif
