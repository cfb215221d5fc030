/*  rows.h — the hall's entities as the protocol publishes them (tickets,
 *  categories, windows, ratings) and the inputs of the wait estimate.
 *  Every function returns a new reference, or NULL when the entity does
 *  not exist.
 */
#ifndef HALL_ROWS_H
#define HALL_ROWS_H

#include "rules.h"
#include "estimate.h"

/* The ticket columns hall_ticket_row() reads, in its order. */
#define TICKET_COLUMNS \
    "id, number, category, state, green, granted_by, issued_at, queued_at, queue_key," \
    " target_window, window, clerk, called_at, started_at, finished_at, calls, requeues, transfers," \
    " queue_seq, appointment_at, appointment_slot, journey, journey_current, helper"

json_t *hall_ticket_row (sqlite3_stmt *stmt);
/* A journey ticket's "journey" made whole (hall_ticket_row leaves only its
 * code, current step and helper's id there): its theme, steps and where
 * it stands (docs/PROTOCOL.md).  Nothing for other tickets. */
void    hall_ticket_journey_fill (hall_engine_t *self, json_t *ticket);
json_t *hall_ticket_json (hall_engine_t *self, int64_t id);
/* {"ticket": the ticket} (null when it does not exist): an operation's result. */
json_t *hall_ticket_result (hall_engine_t *self, int64_t id);

json_t *hall_category_json (hall_engine_t *self, const char *code);
json_t *hall_categories_json (hall_engine_t *self);

/* The category codes of window NUMBER's KIND list ("primary" or "backup"),
 * kept until hall_lists_drop(). */
json_t *hall_window_lists (hall_engine_t *self, int number, const char *kind);
json_t *hall_window_json (hall_engine_t *self, int number);
json_t *hall_windows_json (hall_engine_t *self);
/* Numbers of the windows that can serve CODE now (estimate.h), ascending. */
json_t *hall_windows_serving (hall_engine_t *self, const char *code);

/* "非常满意" .. "非常不满意" for LEVEL 5..1, "" otherwise. */
const char *hall_rating_level_name (int level);
/* Rating ID. */
json_t *hall_rating_json (hall_engine_t *self, int64_t id);

/* People ahead of TICKET in its category's queue. */
int     hall_ahead (hall_engine_t *self, json_t *ticket);
/* Windows now open for CODE, as the estimate counts them (estimate.h). */
int     hall_category_open_windows (hall_engine_t *self, const char *code, double *capacity);
/* The service time the estimate assumes for CODE. */
int64_t hall_category_mean (hall_engine_t *self, const char *code);
/* The estimate for AHEAD people in CODE. */
hall_estimate_t hall_category_estimate (hall_engine_t *self, const char *code, int ahead);

#endif
