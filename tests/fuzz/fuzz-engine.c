/*  fuzz-engine.c — libFuzzer target: the request handler over an
 *  in-memory database.  Each input is one request frame; accepted requests
 *  run and commit, so a run explores sequences of operations.  The hall is
 *  started afresh every 2,000 inputs to keep it small.
 */
#include "config.h"
#include "engine.h"
#include "protocol.h"
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static hall_store_t  *s_store;
static hall_clock_t  *s_clock;
static hall_engine_t *s_engine;
static int            s_runs;

static void
s_quiet (const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer user)
{
}

static void
s_fresh (void)
{
    hall_engine_destroy (&s_engine);
    hall_clock_destroy (&s_clock);
    hall_store_destroy (&s_store);
    char errbuf[256];
    s_store = hall_store_open (":memory:", false, errbuf, sizeof errbuf);
    hall_config_t *config = hall_config_load (NULL, NULL);
    if (!s_store || !config || hall_config_apply (config, s_store, NULL) < 0)
        abort ();
    hall_config_destroy (&config);
    s_clock = hall_clock_new (true);
    hall_clock_set (s_clock, 1795741200);
    s_engine = hall_engine_new (s_store, s_clock, "fuzz");
    GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
    hall_store_begin (s_store);
    hall_engine_tick (s_engine, events);
    hall_store_commit (s_store);
    g_ptr_array_free (events, TRUE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    if (!s_engine || ++s_runs % 2000 == 0) {
        g_log_set_default_handler (s_quiet, NULL);
        s_fresh ();
    }
    hall_request_t req;
    char errbuf[256];
    if (hall_request_parse (data, size, &req, errbuf, sizeof errbuf) != HALL_OK)
        return 0;
    /* Big clock jumps would only exercise the day change: keep them small. */
    if (req.op == HALL_OP_CLOCK) {
        json_t *advance = json_object_get (req.args, "advance");
        if (json_object_get (req.args, "set") || (advance && json_integer_value (advance) > 86400)) {
            hall_request_clear (&req);
            return 0;
        }
    }
    GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
    if (hall_store_begin (s_store) != 0)
        abort ();
    char *reply = hall_engine_handle (s_engine, &req, events);
    if (!reply)
        abort ();
    hall_reply_t parsed;
    if (hall_reply_parse (reply, strlen (reply), &parsed) != 0)
        abort ();               /* every reply is a valid reply */
    hall_reply_clear (&parsed);
    free (reply);
    if (hall_store_commit (s_store) != 0)
        abort ();
    g_ptr_array_free (events, TRUE);
    hall_request_clear (&req);
    return 0;
}
