/*  events.h — every change to the hall is an event: a row of the event
 *  log (its seq orders everything) and the object published once the
 *  transaction commits (docs/PROTOCOL.md, "Events").
 */
#ifndef HALL_EVENTS_H
#define HALL_EVENTS_H

#include "rules.h"

/* Appends event TYPE to the log and its published form to the request's
 * events.  TICKET id, WINDOW (0 = none) and CATEGORY (NULL = the ticket's)
 * say which entities it carries; DETAIL (stolen, may be NULL) is stored
 * and published as "detail".  The event (borrowed) or NULL on a storage
 * error. */
json_t *hall_engine_event (hall_engine_t *self, const char *type, int64_t ticket,
                           int window, const char *category, json_t *detail);

#endif
