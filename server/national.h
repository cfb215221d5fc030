/*  national.h — 好差评 in the national form: a month's figures by
 *  department (the "企业评部门" table), window or clerk, as the national
 *  政务服务好差评 scheme counts them (docs/PROTOCOL.md `report.national`,
 *  docs/METRICS.md "National form").
 *
 *  The population is the month's tickets (by their hall day, as `report`),
 *  each with its visit's first rating (round 1; a journey ticket's: its
 *  last step's), that rating's case and appeal, and its second rating
 *  (round 2).  The figures that `report` has too (ratings_given … the
 *  rates) are defined the same, so the two reports agree on them.  Cost:
 *  one pass over the month's tickets with their rating, case, appeal and
 *  second rating (index lookups each), nothing kept per ticket; a month
 *  of a busy hall (100,000 tickets) takes about a tenth of a second.
 *  Runs on the reporter thread (server/reporter.h).
 */
#ifndef HALL_NATIONAL_H
#define HALL_NATIONAL_H

#include "rules.h"

/* The operation `report.national`. */
extern const hall_handler_t hall_national_handlers[];

/* The national-form report of MONTH ("YYYY-MM") grouped BY "department"
 * (NULL: the default), "window" or "clerk": a new object {month, by,
 * generated_at, from, to, definitions, rows: [...], totals: {...}}, or
 * NULL with the error in OUT (bad_field for a month or grouping that is
 * not one). */
json_t *hall_national_build (hall_engine_t *self, const char *month, const char *by, hall_outcome_t *out);

#endif
