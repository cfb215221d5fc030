/*  engine-fixture.c — see engine-fixture.h. */
#include "engine-fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

fixture_t *
fixture_new (const char *config_text, int64_t now)
{
    fixture_t *fx = g_new0 (fixture_t, 1);
    char errbuf[256];
    fx->store = hall_store_open (":memory:", true, errbuf, sizeof errbuf);
    g_assert_nonnull (fx->store);
    GError *error = NULL;
    hall_config_t *config;
    if (config_text) {
        char *path = NULL;
        int fd = g_file_open_tmp ("hall-test-XXXXXX.conf", &path, &error);
        g_assert_no_error (error);
        close (fd);
        g_assert_true (g_file_set_contents (path, config_text, -1, &error));
        config = hall_config_load (path, &error);
        unlink (path);
        g_free (path);
    }
    else
        config = hall_config_load (NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (hall_config_apply (config, fx->store, &error), ==, 1);
    hall_config_destroy (&config);
    fx->clock = hall_clock_new (true);
    hall_clock_set (fx->clock, now);
    fx->engine = hall_engine_new (fx->store, fx->clock, "test");
    GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
    g_assert_cmpint (hall_store_begin (fx->store), ==, 0);
    g_assert_cmpint (hall_engine_tick (fx->engine, events), ==, 0);
    g_assert_cmpint (hall_store_commit (fx->store), ==, 0);
    g_ptr_array_free (events, TRUE);
    fx->req = 1;
    return fx;
}

void
fixture_free (fixture_t *fx)
{
    if (fx->last_events)
        g_ptr_array_free (fx->last_events, TRUE);
    hall_engine_destroy (&fx->engine);
    hall_clock_destroy (&fx->clock);
    hall_store_destroy (&fx->store);
    g_free (fx);
}

json_t *
fixture_op_as (fixture_t *fx, const char *client, int64_t reqno, hall_role_t role, int window,
               const char *op, json_t *args)
{
    char *frame = hall_request_encode (client, reqno, role, window, hall_op_from_name (op), args);
    json_decref (args);
    hall_request_t req;
    char errbuf[256];
    hall_error_t rc = hall_request_parse (frame, strlen (frame), &req, errbuf, sizeof errbuf);
    free (frame);
    if (rc != HALL_OK)
        return json_pack ("{s:b, s:{s:s, s:s}}", "ok", 0, "error", "code", hall_error_name (rc),
                          "message", errbuf);
    if (fx->last_events)
        g_ptr_array_free (fx->last_events, TRUE);
    fx->last_events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
    g_assert_cmpint (hall_store_begin (fx->store), ==, 0);
    char *reply = hall_engine_handle (fx->engine, &req, fx->last_events);
    g_assert_nonnull (reply);
    g_assert_cmpint (hall_store_commit (fx->store), ==, 0);
    fx->events += fx->last_events->len;
    hall_request_clear (&req);
    json_t *parsed = json_loads (reply, 0, NULL);
    free (reply);
    g_assert_nonnull (parsed);
    return parsed;
}

json_t *
fixture_op (fixture_t *fx, hall_role_t role, int window, const char *op, json_t *args)
{
    return fixture_op_as (fx, "fixture", fx->req++, role, window, op, args);
}

const char *
fx_error (json_t *reply)
{
    if (json_is_true (json_object_get (reply, "ok")))
        return "ok";
    return json_string_value (json_object_get (json_object_get (reply, "error"), "code"));
}

static const char *
s_number (json_t *reply)
{
    static char buffer[64];
    if (!json_is_true (json_object_get (reply, "ok")))
        snprintf (buffer, sizeof buffer, "!%s", fx_error (reply));
    else {
        json_t *ticket = json_object_get (json_object_get (reply, "result"), "ticket");
        snprintf (buffer, sizeof buffer, "%s",
                  json_is_object (ticket) ? json_string_value (json_object_get (ticket, "number")) : "");
    }
    json_decref (reply);
    return buffer;
}

const char *
fx_issue (fixture_t *fx, const char *category)
{
    return s_number (fixture_op (fx, HALL_ROLE_ADMIN, 0, "issue",
                                 json_pack ("{s:s}", "category", category)));
}

const char *
fx_call (fixture_t *fx, int window)
{
    return fx_do (fx, "call", window);
}

const char *
fx_do (fixture_t *fx, const char *op, int window)
{
    return s_number (fixture_op (fx, HALL_ROLE_ADMIN, 0, op, json_pack ("{s:i}", "window", window)));
}

void
fx_tick (fixture_t *fx)
{
    if (!hall_engine_tick_due (fx->engine))
        return;
    if (fx->last_events)
        g_ptr_array_free (fx->last_events, TRUE);
    fx->last_events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
    g_assert_cmpint (hall_store_begin (fx->store), ==, 0);
    g_assert_cmpint (hall_engine_tick (fx->engine, fx->last_events), ==, 0);
    g_assert_cmpint (hall_store_commit (fx->store), ==, 0);
    fx->events += fx->last_events->len;
}

void
fx_advance (fixture_t *fx, int64_t seconds)
{
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "clock", json_pack ("{s:I}", "advance",
                                                                         (json_int_t) seconds)));
}
