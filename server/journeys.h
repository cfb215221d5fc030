/*  journeys.h — "一件事" journeys: one ticket walks the steps of a theme
 *  keeping its number (docs/PROTOCOL.md, `journey.issue` ...; the policy
 *  of the next step is common/journey.h).
 *
 *  [journey CODE] name=, name_en=, steps= ("business; seal, social?;
 *  bank?"), position=; [hall] journey_position = issue (a stepped ticket
 *  queues by its first issue time, the default) or wait (as if it had
 *  waited journey_wait minutes, default 10).
 */
#ifndef HALL_JOURNEYS_H
#define HALL_JOURNEYS_H

#include "rules.h"

bool hall_journeys_config_check (GKeyFile *keys, GHashTable *codes, const char *source, GError **error);
int  hall_journeys_config_apply (GKeyFile *keys, hall_store_t *store);

/* `finish` at WINDOW of a journey ticket with steps still to do: the step
 * is done and the ticket waits for the next one (event ticket.stepped);
 * 1 then, with OUT's result set.  2 when that was its journey's last step
 * (marked done: the caller finishes the ticket), 0 when the ticket is no
 * journey's, -1 with OUT failed. */
int  hall_journey_finish_step (hall_engine_t *self, const hall_window_t *window, hall_outcome_t *out);

/* The window's call and start of a journey ticket, on its current step's
 * record. */
int  hall_journey_step_mark (hall_engine_t *self, int64_t ticket, const char *column);

extern const hall_handler_t hall_journey_handlers[];

#endif
