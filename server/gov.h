/*  gov.h — 好差评 owed to the provincial platform: gov records and their
 *  delivery state (docs/PROTOCOL.md, `gov.pending`; hall-gov-sync
 *  delivers them).
 */
#ifndef HALL_GOV_H
#define HALL_GOV_H

#include "rules.h"

/* RATING (rating.id) was stored: it is owed once per 办件 it covers (one
 * record without a 办件编号 when none).  Inside the caller's transaction;
 * 0 or -1. */
int hall_gov_rating_owed (hall_engine_t *self, int64_t rating);

/* The 差评 case KASE (service_case.id) closed: its outcome is owed. */
int hall_gov_case_owed (hall_engine_t *self, int64_t kase);

extern const hall_handler_t hall_gov_handlers[];

#endif
