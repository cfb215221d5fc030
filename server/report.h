/*  report.h — the hall's figures over a range of days, by category,
 *  window, clerk, hour of day or day.
 *
 *  Every figure is computed from the ticket table, the rating and case
 *  tables and the event log (clerk sign-in and sign-out) by the
 *  definitions in docs/METRICS.md; nothing is kept pre-aggregated, so a
 *  report is always consistent with the log.  Cost: one pass over the
 *  range's tickets with their ratings, one over their cases, and one over
 *  the sign-in events up to the range's end — about 1 µs per ticket (a
 *  year of a busy hall, 1M tickets: about a second).  Memory does not grow
 *  with the tickets: per row, its counters and an exact histogram of the
 *  waits in seconds (8 KB for waits under half an hour).
 *  common/report-table.h prints the result as a table or CSV.
 */
#ifndef HALL_REPORT_H
#define HALL_REPORT_H

#include "rules.h"

/* The operation `report`. */
extern const hall_handler_t hall_report_handlers[];

/* The report for local days FROM..TO ("YYYY-MM-DD", inclusive) grouped BY
 * "category" (default), "window", "clerk", "hour" or "day": a new
 * object {from, to, by, generated_at, rows: [...], totals: {...}}, or NULL
 * with the error in OUT. */
json_t *hall_report_build (hall_engine_t *self, const char *from, const char *to, const char *by,
                           hall_outcome_t *out);

#endif
