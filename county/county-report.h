/*  county-report.h — a report of the county's halls (docs/COUNTY.md,
 *  "Reports"), in the shape of the hall's own `report` (docs/METRICS.md).
 *
 *  Its figures are those of METRICS.md with the same definitions, counted
 *  in SQL from the county's copies of the halls' rows (county.ticket,
 *  rating, service_case, booking, and the clerk.signin/clerk.signout
 *  events) exactly as server/report.c counts them from a hall's own, and
 *  shaped by the hall's code (common/report-figures.h): a hall's figures
 *  at the county equal its own report's.  "Now" for a hall (its cases'
 *  deadlines, a clerk still signed in) is the hall's clock as its uplink
 *  last wrote it, county.hall.hall_time; its days start at local midnight
 *  in its time zone (county.hall.timezone).
 */
#ifndef HALL_COUNTY_REPORT_H
#define HALL_COUNTY_REPORT_H

#include <glib.h>
#include <jansson.h>
#include <libpq-fe.h>

/* The report of the days FROM..TO ("YYYY-MM-DD", inclusive: ticket.day,
 * the hall's local day) by BY:
 *
 *   hall        a row per hall (key its id, name its county name)
 *   department  a row per department (county.category.department of the
 *               ticket's category at the end; key and name the
 *               department, "-" and "(未设部门)" for none)
 *   category    a row per category code (name: the hall's name for it;
 *               over all halls, the codes' rows are merged)
 *   month       a row per month, "YYYY-MM"
 *
 * (NULL: hall) of HALL's tickets (a hall's id) or of every hall's (NULL):
 * {"from", "to", "by", "hall", "generated_at", "definitions", "rows":
 * [{"key", "name", figures…}], "totals": {figures…}}, rows ordered as the
 * hall orders them ("-" last), "totals" over all the period's tickets (not
 * summed from rows).  signed_in and utilisation are in the rows by hall
 * and the totals, null in the others (as the hall's rows by category).
 * NULL with ERROR set (COUNTY_DB_ERROR) on a bad argument or a failure. */
json_t *county_report (PGconn *db, const char *from, const char *to, const char *by, const char *hall,
                       GError **error);

#endif
