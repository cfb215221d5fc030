/*  engine.c — the core of the hall's rules (engine.h): for each request,
 *  the role and window checks, the stored reply of a repeat, the day
 *  change, the savepoint, the caches' upkeep, and the handler the
 *  operation table names.  The rules themselves are in the domain modules;
 *  docs/ARCHITECTURE.md says where, and how to add an operation.
 */
#define G_LOG_DOMAIN "hall-engine"
#include "engine.h"
#include "rules.h"
#include "cache.h"
#include "daily.h"
#include "day.h"
#include "case.h"
#include "device.h"
#include "dispatch.h"
#include "issue.h"
#include "booking.h"
#include "journeys.h"
#include "matter.h"
#include "national.h"
#include "alerts.h"
#include "settings.h"
#include "gov.h"
#include "phone.h"
#include "rating.h"
#include "report.h"
#include "snapshot.h"
#include "uplink.h"
#include "window.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* ---- the operation table --------------------------------------------------- */

/* Every module's rows; each operation of common/protocol.c has one. */
static const hall_handler_t *const s_modules[] = {
    hall_snapshot_handlers, hall_issue_handlers, hall_dispatch_handlers, hall_window_handlers,
    hall_daily_handlers, hall_rating_handlers, hall_case_handlers, hall_case_step_handlers,
    hall_report_handlers,
    hall_device_handlers, hall_phone_handlers, hall_booking_handlers, hall_journey_handlers,
    hall_matter_handlers, hall_gov_handlers, hall_national_handlers, hall_alert_handlers,
    hall_settings_handlers, hall_uplink_handlers,
};

static hall_handler_fn s_table[HALL_OP__COUNT];

static gpointer
s_table_fill (gpointer unused)
{
    for (size_t m = 0; m < G_N_ELEMENTS (s_modules); m++)
        for (const hall_handler_t *row = s_modules[m]; row->op != HALL_OP_NONE; row++) {
            if (row->op <= HALL_OP_NONE || row->op >= HALL_OP__COUNT || s_table[row->op])
                g_error ("operation %d has two handlers", row->op);
            s_table[row->op] = row->run;
        }
    return NULL;
}

hall_handler_fn
hall_engine_handler (hall_op_t op)
{
    static GOnce once = G_ONCE_INIT;
    g_once (&once, s_table_fill, NULL);
    return op > HALL_OP_NONE && op < HALL_OP__COUNT ? s_table[op] : NULL;
}

/* ---- the engine's life ----------------------------------------------------- */

void
hall_engine_reload (hall_engine_t *self)
{
    hall_store_t *store = self->store;
    g_autofree char *tzid = hall_store_meta_get (store, "hall.timezone");
    if (self->tz)
        g_time_zone_unref (self->tz);
    self->tz = hall_day_zone (tzid);
    g_autofree char *policy = hall_store_meta_get (store, "hall.missed_policy");
    self->strict = policy && strcmp (policy, "strict") == 0;
    self->requeue_after = (int) hall_store_meta_int (store, "hall.requeue_after", 3);
    self->requeue_max = (int) hall_store_meta_int (store, "hall.requeue_max", 2);
    g_autofree char *position = hall_store_meta_get (store, "hall.transfer_position");
    self->transfer_front = !position || strcmp (position, "back") != 0;
    g_autofree char *day = hall_store_meta_get (store, "day");
    snprintf (self->day, sizeof self->day, "%s", day ? day : "");
    self->day_seq = hall_store_meta_int (store, "day_seq", 0);
    /* A test clock goes on from where it was last set: a restart (or a
     * rollback) never moves the hall into another day behind a test. */
    int64_t test_now = hall_store_meta_int (store, "test_clock", 0);
    if (hall_clock_is_test (self->clock) && test_now > 0)
        hall_clock_set (self->clock, test_now);
    hall_cache_drop (self);
    hall_lists_drop (self);
}

hall_engine_t *
hall_engine_new (hall_store_t *store, hall_clock_t *clock, const char *instance)
{
    if (sodium_init () < 0)
        return NULL;
    hall_engine_t *self = calloc (1, sizeof *self);
    self->store = store;
    self->clock = clock;
    self->instance = g_strdup (instance ? instance : "");
    self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) hall_cache_entry_free);
    self->lists = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                         (GDestroyNotify) json_decref);
    self->county_after = self->county_kept = -1;
    hall_engine_reload (self);
    return self;
}

void
hall_engine_destroy (hall_engine_t **self_p)
{
    if (self_p && *self_p) {
        hall_engine_t *self = *self_p;
        if (self->tz)
            g_time_zone_unref (self->tz);
        g_hash_table_destroy (self->cache);
        g_hash_table_destroy (self->lists);
        g_free (self->instance);
        free (self);
        *self_p = NULL;
    }
}

/* Time-driven work: the day change, then the follow-up sweep. */
int
hall_engine_tick (hall_engine_t *self, GPtrArray *events)
{
    self->events = events;
    hall_cache_drop (self);
    int rc = hall_engine_day_check (self);
    if (rc == 0)
        rc = hall_daily_sweep (self);
    if (rc)
        hall_engine_reload (self);       /* the caller rolls back: forget the new day too */
    self->events = NULL;
    return rc;
}

/* ---- a request ------------------------------------------------------------ */

static int
s_run (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    hall_handler_fn run = hall_engine_handler (req->op);
    if (!run)
        return hall_outcome_fail (out, HALL_E_UNKNOWN_OP, "operation '%s' has no handler",
                                  hall_op_name (req->op));
    return run (self, req, out);
}

/* The stored reply of (client, req), or NULL. */
static char *
s_stored_reply (hall_engine_t *self, const hall_request_t *req)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT reply FROM request WHERE device = ?3 AND client = ?1 AND req = ?2");
    sqlite3_bind_text (stmt, 1, req->client, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 2, req->req);
    sqlite3_bind_text (stmt, 3, req->device, -1, SQLITE_TRANSIENT);
    char *reply = NULL;
    if (sqlite3_step (stmt) == SQLITE_ROW)
        reply = strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    return reply;
}

static int
s_store_reply (hall_engine_t *self, const hall_request_t *req, const char *reply)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "INSERT INTO request (device, client, req, time, reply) VALUES (?5, ?1, ?2, ?3, ?4)");
    sqlite3_bind_text (stmt, 5, req->device, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 1, req->client, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 2, req->req);
    sqlite3_bind_int64 (stmt, 3, hall_engine_now (self));
    sqlite3_bind_text (stmt, 4, reply, -1, SQLITE_TRANSIENT);
    return hall_stmt_done (stmt);
}

static char *
s_storage_error (hall_engine_t *self, const hall_request_t *req)
{
    char message[256];
    snprintf (message, sizeof message, "database: %s; nothing was changed",
              hall_store_error (self->store));
    return hall_reply_encode_error (req->req, HALL_E_STORAGE, message);
}

char *
hall_engine_handle (hall_engine_t *self, const hall_request_t *req, GPtrArray *events)
{
    /* Roles: the operation must be allowed for the role, and a window-bound
     * role may act only on its own window. */
    if (!hall_op_allowed (req->op, req->role)) {
        g_message ("denied: %s (%s) may not '%s'", req->client, hall_role_name (req->role),
                   hall_op_name (req->op));
        char message[160];
        snprintf (message, sizeof message, "role '%s' may not '%s'", hall_role_name (req->role),
                  hall_op_name (req->op));
        return hall_reply_encode_error (req->req, HALL_E_FORBIDDEN, message);
    }
    json_t *jwindow = json_object_get (req->args, "window");
    if ((req->role == HALL_ROLE_COUNTER || req->role == HALL_ROLE_RATING_PAD) && jwindow
        && json_integer_value (jwindow) != req->window) {
        g_message ("denied: %s (window %d) acted on window %d", req->client, req->window,
                   (int) json_integer_value (jwindow));
        char message[160];
        snprintf (message, sizeof message, "window %d's desk may not act on window %d",
                  req->window, (int) json_integer_value (jwindow));
        return hall_reply_encode_error (req->req, HALL_E_FORBIDDEN, message);
    }
    /* A desk works only with a clerk signed in at its window. */
    if (req->role == HALL_ROLE_COUNTER && hall_op_has (req->op, HALL_OPF_CLERK)) {
        sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT clerk IS NOT NULL FROM service_window WHERE number = ?1");
        sqlite3_bind_int (stmt, 1, req->window);
        bool signed_in = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
        sqlite3_reset (stmt);
        if (!signed_in) {
            char message[160];
            snprintf (message, sizeof message, "sign in at window %d first", req->window);
            return hall_reply_encode_error (req->req, HALL_E_NOT_SIGNED_IN, message);
        }
    }
    bool writes = hall_op_writes (req->op);
    self->req = req;
    self->failed_signin[0] = 0;
    self->events = events;
    char *reply = NULL;
    if (writes) {
        reply = s_stored_reply (self, req);
        if (reply) {
            g_debug ("repeat %s #%" G_GINT64_FORMAT ": stored reply", req->client, req->req);
            goto done;
        }
    }
    /* The day change comes before the request: its events are kept even if
     * the request itself fails. */
    if (writes && hall_engine_day_check (self)) {
        reply = s_storage_error (self, req);
        goto done;
    }
    guint mark = events->len;
    if (writes && hall_store_savepoint (self->store)) {
        reply = s_storage_error (self, req);
        goto done;
    }
    /* Only an issue keeps the issue cache; every other change drops it. */
    bool keeps_cache = hall_op_has (req->op, HALL_OPF_ISSUE_CACHE);
    if (writes && !keeps_cache)
        hall_cache_drop (self);
    if (hall_op_has (req->op, HALL_OPF_MAPS_WINDOWS))
        hall_lists_drop (self);
    hall_outcome_t out = { .code = HALL_OK };
    self->caching = keeps_cache;
    int rc = s_run (self, req, &out);
    self->caching = false;
    if (rc == 0)
        reply = out.raw_key ? hall_reply_encode_ok_raw (req->req, out.result, out.raw_key, out.raw_text)
                            : hall_reply_encode_ok (req->req, out.result);
    else {
        json_decref (out.result);
        reply = hall_reply_encode_error (req->req, out.code, out.message);
    }
    if (!writes)
        goto done;
    /* A success is stored inside its savepoint: if the reply cannot be
     * stored, the change is undone too, so a retry can never act twice. */
    if (rc == 0 && (s_store_reply (self, req, reply) || hall_store_release (self->store))) {
        free (reply);
        reply = s_storage_error (self, req);
        rc = -1;
        out.code = HALL_E_STORAGE;
    }
    if (rc) {
        hall_cache_drop (self);
        hall_lists_drop (self);
        if (hall_store_in_transaction (self->store))
            hall_store_rollback_to (self->store);
        g_ptr_array_remove_range (events, mark, events->len - mark);
        if (out.code == HALL_E_STORAGE)
            hall_engine_reload (self);
        if (self->failed_signin[0]) {
            sqlite3_stmt *stmt = hall_engine_stmt (self, "INSERT INTO signin_failure (staff, time) VALUES (?1, ?2)");
            sqlite3_bind_text (stmt, 1, self->failed_signin, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
            hall_stmt_done (stmt);
        }
        /* A refusal is stored too (best effort), so a retry gets the same
         * answer; a storage failure is not: the retry may well succeed. */
        if (out.code != HALL_E_STORAGE)
            s_store_reply (self, req, reply);
    }
done:
    self->req = NULL;
    self->events = NULL;
    return reply;
}
