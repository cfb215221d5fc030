/*  daily.c — the hall's day: the day change, the follow-up sweep and the
 *  test clock (daily.h).
 */
#define G_LOG_DOMAIN "hall-engine"
#include "daily.h"
#include "booking.h"
#include "phone.h"
#include "cache.h"
#include "case.h"
#include "events.h"
#include "rating.h"
#include "uplink.h"

#include <inttypes.h>
#include <string.h>

bool
hall_engine_tick_due (hall_engine_t *self)
{
    char day[16];
    hall_engine_local (self, hall_engine_now (self), day, NULL);
    return strcmp (day, self->day) != 0 || hall_engine_now (self) >= self->sweep_at;
}

/* The day change: tickets still waiting or called are expired, numbering
 * starts again (day_counter is keyed by day), old request replies are
 * pruned, and one day.changed event tells subscribers to resync. */
int
hall_engine_day_check (hall_engine_t *self)
{
    char day[16];
    int64_t now = hall_engine_now (self);
    hall_engine_local (self, now, day, NULL);
    if (strcmp (day, self->day) == 0)
        return 0;
    hall_cache_drop (self);
    bool first = self->day[0] == 0;
    char old_day[16];
    snprintf (old_day, sizeof old_day, "%s", self->day);
    if (!first) {
        GArray *ids = g_array_new (FALSE, FALSE, sizeof (int64_t));
        sqlite3_stmt *stmt = hall_engine_stmt (self,
            "SELECT id FROM ticket WHERE state IN ('waiting', 'called') ORDER BY id");
        while (sqlite3_step (stmt) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64 (stmt, 0);
            g_array_append_val (ids, id);
        }
        sqlite3_reset (stmt);
        int rc = 0;
        for (guint i = 0; i < ids->len && rc == 0; i++) {
            int64_t id = g_array_index (ids, int64_t, i);
            stmt = hall_engine_stmt (self,
                "UPDATE service_window SET ticket = NULL WHERE ticket = ?1");
            sqlite3_bind_int64 (stmt, 1, id);
            rc |= hall_stmt_done (stmt);
            stmt = hall_engine_stmt (self,
                "UPDATE ticket SET state = 'expired', finished_at = ?2 WHERE id = ?1");
            sqlite3_bind_int64 (stmt, 1, id);
            sqlite3_bind_int64 (stmt, 2, now);
            rc |= hall_stmt_done (stmt);
            if (rc == 0 && !hall_engine_event (self, "ticket.expired", id, 0, NULL, NULL))
                rc = -1;
        }
        g_array_free (ids, TRUE);
        if (rc)
            return -1;
        stmt = hall_engine_stmt (self, "DELETE FROM signin_failure WHERE time < ?1");
        sqlite3_bind_int64 (stmt, 1, now - 86400);
        if (hall_stmt_done (stmt))
            return -1;
        stmt = hall_engine_stmt (self, "DELETE FROM request WHERE time < ?1");
        sqlite3_bind_int64 (stmt, 1, now - 2 * 86400);
        if (hall_stmt_done (stmt) || hall_phone_day_sweep (self))
            return -1;
    }
    snprintf (self->day, sizeof self->day, "%s", day);
    if (hall_store_meta_set (self->store, "day", day))
        return -1;
    if (!first) {
        if (!hall_engine_event (self, "day.changed", 0, 0, NULL,
                      json_pack ("{s:s, s:s}", "day", day, "previous", old_day)))
            return -1;
    }
    self->day_seq = hall_engine_last_seq (self);
    char seq_text[32];
    snprintf (seq_text, sizeof seq_text, "%" G_GINT64_FORMAT, self->day_seq);
    if (hall_store_meta_set (self->store, "day_seq", seq_text))
        return -1;
    g_message ("day is now %s", day);
    return 0;
}

/* Time-driven follow-up, once a minute of server time: default ratings
 * for tickets not rated in time, case.overdue for passed deadlines. */
int
hall_daily_sweep (hall_engine_t *self)
{
    int64_t next = hall_engine_now (self) + 60;
    if (hall_rating_sweep (self) || hall_case_sweep (self) || hall_booking_sweep (self, &next)
        || hall_uplink_sweep (self))
        return -1;
    self->sweep_at = next;
    return 0;
}

/* ---- the test clock ------------------------------------------------------- */

static int
s_op_clock (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    if (!hall_clock_is_test (self->clock))
        return hall_outcome_fail (out, HALL_E_NO_TEST_CLOCK, "start hall-server with --test-clock to move time");
    json_t *set = json_object_get (req->args, "set");
    json_t *advance = json_object_get (req->args, "advance");
    if (set && json_integer_value (set) <= 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'set' must be a positive unix time");
    if (advance && json_integer_value (advance) < 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "the clock does not go back: 'advance' must be >= 0");
    if (set)
        hall_clock_set (self->clock, json_integer_value (set));
    if (advance)
        hall_clock_advance (self->clock, json_integer_value (advance));
    /* Kept with the hall's state (and undone with it by a rollback, which
     * reloads the engine): a restarted test server resumes this time. */
    char now[24];
    snprintf (now, sizeof now, "%" PRId64, hall_engine_now (self));
    if (hall_store_meta_set (self->store, "test_clock", now) || hall_engine_day_check (self))
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:I, s:s}", "time", (json_int_t) hall_engine_now (self), "day", self->day);
    return 0;
}

const hall_handler_t hall_daily_handlers[] = {
    { HALL_OP_CLOCK, s_op_clock },
    { HALL_OP_NONE, NULL }
};
