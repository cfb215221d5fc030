/*  engine-fixture.h — runs the server's engine in-process on an in-memory
 *  database with a test clock, for unit tests of the hall's rules.
 */
#ifndef HALL_ENGINE_FIXTURE_H
#define HALL_ENGINE_FIXTURE_H

#include <glib.h>
#include <jansson.h>
#include "engine.h"
#include "config.h"

typedef struct {
    hall_store_t  *store;
    hall_clock_t  *clock;
    hall_engine_t *engine;
    int64_t        req;        /* next request number */
    int            events;     /* events produced so far */
    GPtrArray     *last_events;
} fixture_t;

/* Starts an engine on CONFIG_TEXT (NULL: the built-in demo hall) with the
 * test clock at NOW. */
fixture_t *fixture_new (const char *config_text, int64_t now);
void       fixture_free (fixture_t *fx);

/* Runs OP as ROLE (window for counter roles) with ARGS (stolen, may be
 * NULL) and returns the parsed reply (caller unrefs).  Each call is its own
 * committed transaction. */
json_t    *fixture_op (fixture_t *fx, hall_role_t role, int window, const char *op, json_t *args);
/* The same with an explicit client id and request number. */
json_t    *fixture_op_as (fixture_t *fx, const char *client, int64_t req, hall_role_t role,
                          int window, const char *op, json_t *args);

/* Shortcuts as admin.  Return the ticket number acted on ("" for none) in
 * a static buffer, or "!code" on an error. */
const char *fx_issue (fixture_t *fx, const char *category);
const char *fx_call (fixture_t *fx, int window);
const char *fx_do (fixture_t *fx, const char *op, int window);   /* start, finish, noshow, recall */
void        fx_advance (fixture_t *fx, int64_t seconds);
/* Runs the server's time-driven work when it is due (the main loop's
 * tick): the day change, the sweeps.  Its events go to last_events. */
void        fx_tick (fixture_t *fx);
const char *fx_error (json_t *reply);                            /* error code or "ok" */

/* 2026-11-27 09:00 in Asia/Shanghai. */
#define FX_MORNING ((int64_t) 1795741200)

#endif
