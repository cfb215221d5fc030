/*  matter.h — 好差评 by 办件: the case numbers (办件编号) a clerk records
 *  for a visit, and the 事项 and department of each category
 *  (docs/PROTOCOL.md, `matter.add`; docs/OPERATIONS.md).
 *
 *  [hall] area_code (区划代码: 6 or 12 digits); [category CODE]
 *  item_code (事项编码), department, department_code (统一社会信用代码,
 *  18 characters with their check character, GB 32100-2015),
 *  matter_required (finish needs a 办件编号).
 */
#ifndef HALL_MATTER_H
#define HALL_MATTER_H

#include "rules.h"

bool hall_matter_config_check (GKeyFile *keys, const char *source, GError **error);
int  hall_matter_config_apply (GKeyFile *keys, hall_store_t *store);

/* Whether TEXT is a 统一社会信用代码: 18 characters of the code's alphabet
 * whose last is the check character of the first 17. */
bool hall_credit_code_valid (const char *text);

/* Before `finish` at WINDOW: 0 when its ticket may finish, -1 with OUT
 * failed (matter_required) when its category needs a 办件编号 and the
 * visit (the ticket's current step, for a journey) has none. */
int  hall_matter_finish_check (hall_engine_t *self, const hall_window_t *window, hall_outcome_t *out);

/* TICKET's "matters": the 办件 recorded for it, oldest first (STEP >= 0:
 * those of that journey step only; -1: all).  A new array. */
json_t *hall_matters_json (hall_engine_t *self, int64_t ticket, int step);

/* The 办件 RATING (rating.id) is about: those of the step it rates; the
 * visit's rating of a journey ticket (its last step) also covers the
 * steps no rating of their own covers.  A new array. */
json_t *hall_rating_matters_json (hall_engine_t *self, int64_t rating);

/* The category's 事项 and department into OBJECT (a category or a rating):
 * item_code, department, department_code (null when not configured). */
void hall_matter_item_fill (hall_engine_t *self, const char *category, json_t *object);

extern const hall_handler_t hall_matter_handlers[];

#endif
