/*  engine.h — the hall's rules: tickets, windows, dispatch, the day.
 *
 *  The engine keeps no state of its own beyond caches: every fact lives in
 *  the store, so a rolled-back request leaves nothing behind and a restart
 *  after SIGKILL resumes exactly where the last commit left off.
 *
 *  hall_engine_handle() runs one request inside the caller's transaction
 *  (the main loop groups the requests that arrive together into one
 *  transaction: group commit).  Each writing request runs in a savepoint;
 *  when it fails, its changes are rolled back and its error reply is kept.
 *  The reply of every writing request is stored by (client, req) in the
 *  same transaction, so a repeat gets the stored reply and changes nothing.
 *  The events a request produced are appended to EVENTS, in seq order, to
 *  be published once the transaction has committed.
 */
#ifndef HALL_ENGINE_H
#define HALL_ENGINE_H

#include <glib.h>
#include <jansson.h>
#include "protocol.h"
#include "store.h"
#include "clock.h"

typedef struct _hall_engine_t hall_engine_t;

hall_engine_t *hall_engine_new (hall_store_t *store, hall_clock_t *clock, const char *instance);
void           hall_engine_destroy (hall_engine_t **self_p);

/* Handles REQ; returns the reply frame text (free()).  Appends the
 * request's events (json_t*, owned by the array) to EVENTS.  Must be
 * called inside a transaction for writing operations. */
char   *hall_engine_handle (hall_engine_t *self, const hall_request_t *req, GPtrArray *events);

/* Time-driven work (the day change: expire waiting tickets, reset
 * numbers).  Inside a transaction.  Returns 0 or -1 on a storage error. */
int     hall_engine_tick (hall_engine_t *self, GPtrArray *events);

/* True when hall_engine_tick() has work to do now (cheap). */
bool    hall_engine_tick_due (hall_engine_t *self);

/* The whole state as a snapshot (new reference). */
json_t *hall_engine_snapshot (hall_engine_t *self);

/* The seq of the last event in the store. */
int64_t hall_engine_last_seq (hall_engine_t *self);
const char *hall_engine_day (hall_engine_t *self);
/* The unix time at which the hall's current day began (its midnight, in
 * the hall's zone), or 0 before the first day. */
int64_t     hall_engine_day_start (hall_engine_t *self);
int64_t hall_engine_now (hall_engine_t *self);

/* Reloads the cached hall settings from the store (after a config apply). */
void    hall_engine_reload (hall_engine_t *self);

#endif
