/*  engine.c — the hall's rules (engine.h).
 *
 *  Each operation reads what it needs from the store, checks the request
 *  against the state, writes the change and appends its events.  Errors are
 *  returned as (code, message) before anything is written wherever the
 *  check can be made first; a storage failure half-way is undone by the
 *  caller's savepoint.
 */
#define G_LOG_DOMAIN "hall-engine"
#include "engine.h"
#include "config.h"
#include "queue.h"
#include "day.h"
#include "estimate.h"
#include "engine-private.h"
#include "rating.h"
#include "case.h"
#include "report.h"

#include <inttypes.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _hall_engine_t {
    hall_store_t *store;          /* the database (not owned) */
    hall_clock_t *clock;          /* the server's clock (not owned) */
    char         *instance;       /* this run's id, in snapshots */
    GTimeZone    *tz;             /* the hall's time zone */
    char          day[16];        /* the local day counters are for; "" before the first tick */
    int64_t       day_seq;        /* seq before the first event of the day */
    /* hall settings, cached from meta */
    bool          strict;         /* missed numbers are void */
    int           requeue_after;  /* re-queue behind this many waiting tickets */
    int           requeue_max;    /* at most this many re-queues a day */
    bool          transfer_front; /* transferred tickets go to the front */
    /* the request being handled */
    const hall_request_t *req;
    GPtrArray    *events;         /* events of the current request */
    int64_t       sweep_at;       /* next follow-up sweep (default ratings, overdue cases) */
    char          failed_signin[64]; /* staff id of a failed sign-in to record after rollback */
    /* kept between requests (see "the issue cache" below) */
    GHashTable   *cache;          /* category code → category_cache_t */
    bool          caching;        /* the request being handled is an issue */
    GHashTable   *lists;          /* window's category lists: 2 × number (+1 backup) → json_t* */
};

#define SIGNIN_MAX_FAILURES 5     /* failed sign-ins per staff id ... */
#define SIGNIN_WINDOW       300   /* ... within this many seconds lock it for as long */

/* An operation's outcome. */
typedef struct {
    hall_error_t code;
    char         message[256];
    json_t      *result;          /* on success */
    const char  *raw_key;         /* with this member added to it, when set ... */
    const char  *raw_text;        /* ... as already-encoded JSON (borrowed) */
} outcome_t;

static int G_GNUC_PRINTF (3, 4)
s_fail (outcome_t *out, hall_error_t code, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    vsnprintf (out->message, sizeof out->message, fmt, args);
    va_end (args);
    out->code = code;
    return -1;
}

#define STORAGE_FAIL(out) \
    s_fail ((out), HALL_E_STORAGE, "database: %s", hall_store_error (self->store))

/* ---- small helpers over statements --------------------------------------- */

static sqlite3_stmt *
s_stmt (hall_engine_t *self, const char *sql)
{
    return hall_store_stmt (self->store, sql);
}

/* Steps a writing statement; 0 or -1. */
static int
s_done (sqlite3_stmt *stmt)
{
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : -1;
}

static json_t *
s_col_int (sqlite3_stmt *stmt, int col)
{
    if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
        return json_null ();
    return json_integer (sqlite3_column_int64 (stmt, col));
}

static json_t *
s_col_str (sqlite3_stmt *stmt, int col)
{
    if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
        return json_null ();
    return json_string ((const char *) sqlite3_column_text (stmt, col));
}

static void
s_bind_str (sqlite3_stmt *stmt, int col, const char *value)
{
    if (value)
        sqlite3_bind_text (stmt, col, value, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null (stmt, col);
}

static const char *
s_arg_str (const hall_request_t *req, const char *key)
{
    return json_string_value (json_object_get (req->args, key));
}

static int
s_arg_int (const hall_request_t *req, const char *key)
{
    return (int) json_integer_value (json_object_get (req->args, key));
}

/* ---- the issue cache ----------------------------------------------------- */

/* Issuing is the hall's most frequent request, and the one a kiosk queue
 * waits on.  What an issue reads about its category (the row, its
 * published form, today's count, the windows serving it, the estimate's
 * inputs, how many wait) is kept here between issues, so an issue reads
 * only its own rows.  Only issues keep it up to date: any other writing
 * request, the day change, a rolled-back request and a reload drop it
 * whole, and the next issue reads the store again.  So nothing it holds
 * can outlive a change it was not told of. */
typedef struct {
    char     code[64];
    char     prefix[8];
    char     name[128];
    char     hours[128];
    bool     open;
    int      cap;
    int      issued;              /* today's last number */
    json_t  *json;                /* the category as events carry it */
    json_t  *windows;             /* numbers of the windows serving it */
    char    *windows_text;        /* the same, encoded (replies carry it as is) */
    int      open_windows;        /* for the estimate */
    int64_t  mean;                /* service time for the estimate */
    int      waiting;             /* waiting in its queue (not sent to one window) */
    double   last_key;            /* largest queue key of an ordinary one waiting */
    bool     any_ordinary;        /* whether there is one */
} category_cache_t;

static void
s_cache_entry_free (category_cache_t *entry)
{
    json_decref (entry->json);
    json_decref (entry->windows);
    free (entry->windows_text);
    g_free (entry);
}

static void
s_cache_drop (hall_engine_t *self)
{
    if (self->cache)
        g_hash_table_remove_all (self->cache);
}

/* The windows' category lists change only by window.map and a new
 * configuration: they are kept until one of those, or a rollback. */
static void
s_lists_drop (hall_engine_t *self)
{
    if (self->lists)
        g_hash_table_remove_all (self->lists);
}

/* ---- time and day -------------------------------------------------------- */

int64_t
hall_engine_now (hall_engine_t *self)
{
    return hall_clock_now (self->clock);
}

/* The local date of NOW as "YYYY-MM-DD" into DAY, and the minute of the
 * local day into *MINUTE. */
static void
s_local (hall_engine_t *self, int64_t now, char day[16], int *minute)
{
    GDateTime *utc = g_date_time_new_from_unix_utc (now);
    GDateTime *local = g_date_time_to_timezone (utc, self->tz);
    snprintf (day, 16, "%04d-%02d-%02d", g_date_time_get_year (local),
              g_date_time_get_month (local), g_date_time_get_day_of_month (local));
    if (minute)
        *minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
    g_date_time_unref (local);
    g_date_time_unref (utc);
}

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
    s_cache_drop (self);
    s_lists_drop (self);
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
                                         (GDestroyNotify) s_cache_entry_free);
    self->lists = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                         (GDestroyNotify) json_decref);
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

const char *
hall_engine_day (hall_engine_t *self)
{
    return self->day;
}

int64_t
hall_engine_day_start (hall_engine_t *self)
{
    int year, month, day;
    if (sscanf (self->day, "%d-%d-%d", &year, &month, &day) != 3)
        return 0;
    GDateTime *midnight = g_date_time_new (self->tz, year, month, day, 0, 0, 0);
    int64_t start = midnight ? g_date_time_to_unix (midnight) : 0;
    if (midnight)
        g_date_time_unref (midnight);
    return start;
}

int64_t
hall_engine_last_seq (hall_engine_t *self)
{
    sqlite3_stmt *stmt = s_stmt (self, "SELECT coalesce (max (seq), 0) FROM event");
    int64_t seq = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return seq;
}

/* ---- entities as JSON ---------------------------------------------------- */

#define TICKET_COLUMNS \
    "id, number, category, state, green, granted_by, issued_at, queued_at, queue_key," \
    " target_window, window, clerk, called_at, started_at, finished_at, calls, requeues, transfers," \
    " queue_seq"

static json_t *
s_ticket_row (sqlite3_stmt *stmt)
{
    json_t *ticket = json_object ();
    json_object_set_new (ticket, "id", json_integer (sqlite3_column_int64 (stmt, 0)));
    json_object_set_new (ticket, "number", s_col_str (stmt, 1));
    json_object_set_new (ticket, "category", s_col_str (stmt, 2));
    json_object_set_new (ticket, "state", s_col_str (stmt, 3));
    json_object_set_new (ticket, "green", s_col_str (stmt, 4));
    json_object_set_new (ticket, "granted_by", s_col_str (stmt, 5));
    json_object_set_new (ticket, "issued_at", s_col_int (stmt, 6));
    json_object_set_new (ticket, "queued_at", s_col_int (stmt, 7));
    json_object_set_new (ticket, "queue_key", json_real (sqlite3_column_double (stmt, 8)));
    json_object_set_new (ticket, "target_window", s_col_int (stmt, 9));
    json_object_set_new (ticket, "window", s_col_int (stmt, 10));
    json_object_set_new (ticket, "clerk", s_col_str (stmt, 11));
    json_object_set_new (ticket, "called_at", s_col_int (stmt, 12));
    json_object_set_new (ticket, "started_at", s_col_int (stmt, 13));
    json_object_set_new (ticket, "finished_at", s_col_int (stmt, 14));
    json_object_set_new (ticket, "calls", json_integer (sqlite3_column_int (stmt, 15)));
    json_object_set_new (ticket, "requeues", json_integer (sqlite3_column_int (stmt, 16)));
    json_object_set_new (ticket, "transfers", json_integer (sqlite3_column_int (stmt, 17)));
    json_object_set_new (ticket, "queue_seq", json_integer (sqlite3_column_int64 (stmt, 18)));
    return ticket;
}

static json_t *
s_ticket_json (hall_engine_t *self, int64_t id)
{
    sqlite3_stmt *stmt = s_stmt (self, "SELECT " TICKET_COLUMNS " FROM ticket WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    json_t *ticket = sqlite3_step (stmt) == SQLITE_ROW ? s_ticket_row (stmt) : NULL;
    sqlite3_reset (stmt);
    return ticket;
}

/* Mean service time of CODE over its last 20 finished tickets, or the
 * category's configured default. */
static int64_t
s_service_mean (hall_engine_t *self, const char *code, int64_t fallback)
{
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT avg (finished_at - started_at) FROM"
        " (SELECT finished_at, started_at FROM ticket"
        "  WHERE category = ?1 AND state = 'finished' AND started_at IS NOT NULL"
        "  ORDER BY finished_at DESC LIMIT 20)");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    int64_t mean = fallback;
    if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        mean = llround (sqlite3_column_double (stmt, 0));
    sqlite3_reset (stmt);
    return mean;
}

#define CATEGORY_COLUMNS \
    "code, prefix, name, name_en, grp, target_wait, daily_cap, hours, open, position, service_default"

static json_t *
s_category_row (hall_engine_t *self, sqlite3_stmt *stmt)
{
    const char *code = (const char *) sqlite3_column_text (stmt, 0);
    json_t *category = json_object ();
    json_object_set_new (category, "code", json_string (code));
    json_object_set_new (category, "prefix", s_col_str (stmt, 1));
    json_object_set_new (category, "name", s_col_str (stmt, 2));
    json_object_set_new (category, "name_en", s_col_str (stmt, 3));
    json_object_set_new (category, "group", s_col_str (stmt, 4));
    json_object_set_new (category, "target_wait", json_integer (sqlite3_column_int (stmt, 5)));
    json_object_set_new (category, "daily_cap", json_integer (sqlite3_column_int (stmt, 6)));
    json_object_set_new (category, "hours", s_col_str (stmt, 7));
    json_object_set_new (category, "open", json_boolean (sqlite3_column_int (stmt, 8)));
    json_object_set_new (category, "position", json_integer (sqlite3_column_int (stmt, 9)));
    int64_t fallback = sqlite3_column_int64 (stmt, 10);
    /* Nested statements: both are cached separately, so the outer one is
     * still valid while these run. */
    sqlite3_stmt *count = s_stmt (self,
        "SELECT last FROM day_counter WHERE day = ?1 AND category = ?2");
    sqlite3_bind_text (count, 1, self->day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (count, 2, code, -1, SQLITE_TRANSIENT);
    int issued = sqlite3_step (count) == SQLITE_ROW ? sqlite3_column_int (count, 0) : 0;
    sqlite3_reset (count);
    json_object_set_new (category, "issued", json_integer (issued));
    json_object_set_new (category, "service_mean", json_integer (s_service_mean (self, code, fallback)));
    return category;
}

static json_t *
s_category_json (hall_engine_t *self, const char *code)
{
    sqlite3_stmt *stmt = s_stmt (self, "SELECT " CATEGORY_COLUMNS " FROM category WHERE code = ?1");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    json_t *category = NULL;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        char *copy = g_strdup (code);
        category = s_category_row (self, stmt);
        g_free (copy);
    }
    sqlite3_reset (stmt);
    return category;
}

static json_t *
s_categories_json (hall_engine_t *self)
{
    json_t *list = json_array ();
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT " CATEGORY_COLUMNS " FROM category ORDER BY position");
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (list, s_category_row (self, stmt));
    sqlite3_reset (stmt);
    return list;
}

static bool s_category_code_cached (hall_engine_t *self, const char *given, char code[64]);

/* Resolves a category given by code or by prefix letter; the code into
 * CODE (64 bytes) or false. */
static bool
s_category_code (hall_engine_t *self, const char *given, char code[64])
{
    if (s_category_code_cached (self, given, code))
        return true;
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT code FROM category WHERE code = ?1 OR prefix = upper (?1)");
    sqlite3_bind_text (stmt, 1, given, -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found)
        snprintf (code, 64, "%s", sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    return found;
}

static json_t *
s_window_lists (hall_engine_t *self, int number, const char *kind)
{
    gpointer key = GINT_TO_POINTER (2 * number + (strcmp (kind, "backup") == 0));
    json_t *list = g_hash_table_lookup (self->lists, key);
    if (list)
        return json_incref (list);
    list = json_array ();
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT wc.category FROM window_category wc JOIN category c ON c.code = wc.category"
        " WHERE wc.window = ?1 AND wc.kind = ?2 ORDER BY c.position");
    sqlite3_bind_int (stmt, 1, number);
    sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (list, s_col_str (stmt, 0));
    sqlite3_reset (stmt);
    g_hash_table_insert (self->lists, key, json_incref (list));
    return list;
}

#define WINDOW_COLUMNS \
    "w.number, w.name, w.green, w.paused, w.pause_reason, w.clerk, s.name, w.ticket, t.state"
#define WINDOW_FROM \
    " FROM service_window w LEFT JOIN staff s ON s.id = w.clerk" \
    " LEFT JOIN ticket t ON t.id = w.ticket"

static json_t *
s_window_row (hall_engine_t *self, sqlite3_stmt *stmt)
{
    int number = sqlite3_column_int (stmt, 0);
    json_t *window = json_object ();
    json_object_set_new (window, "number", json_integer (number));
    json_object_set_new (window, "name", s_col_str (stmt, 1));
    json_object_set_new (window, "green", json_boolean (sqlite3_column_int (stmt, 2)));
    bool paused = sqlite3_column_int (stmt, 3);
    json_object_set_new (window, "paused", json_boolean (paused));
    json_object_set_new (window, "pause_reason", s_col_str (stmt, 4));
    bool clerk = sqlite3_column_type (stmt, 5) != SQLITE_NULL;
    if (clerk)
        json_object_set_new (window, "clerk", json_pack ("{s:o, s:o}",
                             "id", s_col_str (stmt, 5), "name", s_col_str (stmt, 6)));
    else
        json_object_set_new (window, "clerk", json_null ());
    json_object_set_new (window, "ticket", s_col_int (stmt, 7));
    const char *state = paused ? "paused"
                      : sqlite3_column_type (stmt, 8) != SQLITE_NULL
                        ? (const char *) sqlite3_column_text (stmt, 8)
                      : clerk ? "idle" : "closed";
    json_object_set_new (window, "state", json_string (state));
    json_object_set_new (window, "primary", s_window_lists (self, number, "primary"));
    json_object_set_new (window, "backup", s_window_lists (self, number, "backup"));
    sqlite3_stmt *served = s_stmt (self,
        "SELECT count(*) FROM ticket WHERE window = ?1 AND day = ?2 AND state = 'finished'");
    sqlite3_bind_int (served, 1, number);
    sqlite3_bind_text (served, 2, self->day, -1, SQLITE_TRANSIENT);
    int count = sqlite3_step (served) == SQLITE_ROW ? sqlite3_column_int (served, 0) : 0;
    sqlite3_reset (served);
    json_object_set_new (window, "served", json_integer (count));
    return window;
}

static json_t *
s_window_json (hall_engine_t *self, int number)
{
    sqlite3_stmt *stmt = s_stmt (self, "SELECT " WINDOW_COLUMNS WINDOW_FROM " WHERE w.number = ?1");
    sqlite3_bind_int (stmt, 1, number);
    json_t *window = sqlite3_step (stmt) == SQLITE_ROW ? s_window_row (self, stmt) : NULL;
    sqlite3_reset (stmt);
    return window;
}

static json_t *
s_windows_json (hall_engine_t *self)
{
    json_t *list = json_array ();
    sqlite3_stmt *stmt = s_stmt (self, "SELECT " WINDOW_COLUMNS WINDOW_FROM " ORDER BY w.number");
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (list, s_window_row (self, stmt));
    sqlite3_reset (stmt);
    return list;
}

/* Window numbers that serve CODE (primary or backup), ascending. */
static json_t *
s_windows_serving (hall_engine_t *self, const char *code)
{
    json_t *list = json_array ();
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT window FROM window_category WHERE category = ?1 ORDER BY window");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (list, json_integer (sqlite3_column_int (stmt, 0)));
    sqlite3_reset (stmt);
    return list;
}

/* ---- estimates ----------------------------------------------------------- */

/* People ahead of TICKET in its category's queue: green tickets before
 * ordinary ones, then by queue key. */
static int
s_ahead (hall_engine_t *self, json_t *ticket)
{
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT count(*) FROM ticket WHERE state = 'waiting' AND category = ?1 AND id != ?2"
        " AND target_window IS NULL"
        " AND ((green IS NOT NULL AND ?3 IS NULL)"
        "      OR ((green IS NULL) = (?3 IS NULL)"
        "          AND (queue_key < ?4 OR (queue_key = ?4 AND queue_seq < ?5))))");
    sqlite3_bind_text (stmt, 1, json_string_value (json_object_get (ticket, "category")), -1,
                       SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 2, json_integer_value (json_object_get (ticket, "id")));
    s_bind_str (stmt, 3, json_string_value (json_object_get (ticket, "green")));
    sqlite3_bind_double (stmt, 4, json_number_value (json_object_get (ticket, "queue_key")));
    sqlite3_bind_int64 (stmt, 5, json_integer_value (json_object_get (ticket, "queue_seq")));
    int ahead = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return ahead;
}

/* Windows now open for CODE, for the estimate: staffed ones, else unpaused
 * ones, else one. */
static int
s_open_windows (hall_engine_t *self, const char *code)
{
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT count(*), sum (w.clerk IS NOT NULL OR w.ticket IS NOT NULL)"
        " FROM service_window w JOIN window_category wc ON wc.window = w.number"
        " WHERE wc.category = ?1 AND w.paused = 0");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    int unpaused = 0, staffed = 0;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        unpaused = sqlite3_column_int (stmt, 0);
        staffed = sqlite3_column_int (stmt, 1);
    }
    sqlite3_reset (stmt);
    return hall_estimate_open (unpaused, staffed);
}

/* The service time the estimate assumes for CODE. */
static int64_t
s_estimate_mean (hall_engine_t *self, const char *code)
{
    sqlite3_stmt *stmt = s_stmt (self, "SELECT service_default FROM category WHERE code = ?1");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    int64_t fallback = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 300;
    sqlite3_reset (stmt);
    return s_service_mean (self, code, fallback);
}


/* Estimated wait in seconds for AHEAD people in CODE: ahead ÷ windows now
 * open for the category × its recent mean service time. */
static int64_t
s_estimate (hall_engine_t *self, const char *code, int ahead)
{
    if (ahead <= 0)
        return 0;
    return hall_estimate_wait (ahead, s_estimate_mean (self, code), s_open_windows (self, code));
}

/* ---- the issue cache: filling and reading it ----------------------------- */

/* The cache entry of CODE (loaded from the store if need be), or NULL
 * when not caching or the category does not exist. */
static category_cache_t *
s_cache_get (hall_engine_t *self, const char *code)
{
    if (!self->caching)
        return NULL;
    category_cache_t *entry = g_hash_table_lookup (self->cache, code);
    if (entry)
        return entry;
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT prefix, open, daily_cap, hours, name FROM category WHERE code = ?1");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return NULL;
    }
    entry = g_new0 (category_cache_t, 1);
    snprintf (entry->code, sizeof entry->code, "%s", code);
    snprintf (entry->prefix, sizeof entry->prefix, "%s", sqlite3_column_text (stmt, 0));
    entry->open = sqlite3_column_int (stmt, 1);
    entry->cap = sqlite3_column_int (stmt, 2);
    snprintf (entry->hours, sizeof entry->hours, "%s", sqlite3_column_text (stmt, 3));
    snprintf (entry->name, sizeof entry->name, "%s", sqlite3_column_text (stmt, 4));
    sqlite3_reset (stmt);
    /* The cached entries are the store's values: read them with the cache off. */
    self->caching = false;
    entry->json = s_category_json (self, code);
    entry->windows = s_windows_serving (self, code);
    entry->open_windows = s_open_windows (self, code);
    entry->mean = s_estimate_mean (self, code);
    self->caching = true;
    entry->issued = (int) json_integer_value (json_object_get (entry->json, "issued"));
    stmt = s_stmt (self,
        "SELECT count(*), max (CASE WHEN green IS NULL THEN queue_key END) FROM ticket"
        " WHERE state = 'waiting' AND category = ?1 AND target_window IS NULL");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        entry->waiting = sqlite3_column_int (stmt, 0);
        entry->any_ordinary = sqlite3_column_type (stmt, 1) != SQLITE_NULL;
        entry->last_key = sqlite3_column_double (stmt, 1);
    }
    sqlite3_reset (stmt);
    entry->windows_text = entry->windows ? json_dumps (entry->windows, JSON_COMPACT) : NULL;
    if (!entry->json || !entry->windows_text) {
        s_cache_entry_free (entry);
        return NULL;
    }
    g_hash_table_insert (self->cache, entry->code, entry);
    return entry;
}

/* A new ordinary ticket with queue key KEY joins CODE's queue: people
 * ahead of it into *AHEAD when the cache knows (every ticket already
 * waiting in the queue is ahead when KEY is the largest key); false when
 * the store must be asked. */
static bool
s_cache_ahead (hall_engine_t *self, const char *code, double key, int *ahead)
{
    category_cache_t *entry = s_cache_get (self, code);
    if (!entry || (entry->any_ordinary && key < entry->last_key))
        return false;
    *ahead = entry->waiting;
    return true;
}

/* The code of the category GIVEN by code or by prefix letter, when the
 * cache knows it. */
static bool
s_category_code_cached (hall_engine_t *self, const char *given, char code[64])
{
    if (!self->caching || !given)
        return false;
    category_cache_t *entry = g_hash_table_lookup (self->cache, given);
    if (!entry) {
        g_autofree char *upper = g_ascii_strup (given, -1);
        GHashTableIter iter;
        gpointer value;
        g_hash_table_iter_init (&iter, self->cache);
        while (!entry && g_hash_table_iter_next (&iter, NULL, &value))
            if (strcmp (((category_cache_t *) value)->prefix, upper) == 0)
                entry = value;
    }
    if (entry)
        snprintf (code, 64, "%s", entry->code);
    return entry != NULL;
}

/* ---- events -------------------------------------------------------------- */

/* Appends an event row and its published form.  TICKET, WINDOW (0 = none)
 * and CATEGORY (NULL = the ticket's) say which entities the event carries.
 * DETAIL (stolen, may be NULL) is stored and published as "detail". */
static json_t *
s_event (hall_engine_t *self, const char *type, int64_t ticket_id, int window,
         const char *category, json_t *detail)
{
    json_t *ticket = ticket_id ? s_ticket_json (self, ticket_id) : NULL;
    const char *code = category ? category
                     : ticket ? json_string_value (json_object_get (ticket, "category")) : NULL;
    int64_t now = hall_engine_now (self);
    char *detail_text = detail ? json_dumps (detail, JSON_COMPACT) : NULL;
    sqlite3_stmt *stmt = s_stmt (self,
        "INSERT INTO event (time, type, ticket, number, category, window, clerk, detail)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
        "  (SELECT clerk FROM service_window WHERE number = ?6), ?7)");
    sqlite3_bind_int64 (stmt, 1, now);
    sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
    if (ticket_id)
        sqlite3_bind_int64 (stmt, 3, ticket_id);
    s_bind_str (stmt, 4, ticket ? json_string_value (json_object_get (ticket, "number")) : NULL);
    s_bind_str (stmt, 5, code);
    if (window)
        sqlite3_bind_int (stmt, 6, window);
    s_bind_str (stmt, 7, detail_text);
    int rc = s_done (stmt);
    free (detail_text);
    if (rc) {
        json_decref (ticket);
        json_decref (detail);
        return NULL;
    }
    int64_t seq = sqlite3_last_insert_rowid (hall_store_db (self->store));
    json_t *event = json_pack ("{s:I, s:I, s:s}", "seq", (json_int_t) seq,
                               "time", (json_int_t) now, "type", type);
    if (ticket) {
        const char *ticket_code = json_string_value (json_object_get (ticket, "category"));
        bool waiting = strcmp (json_string_value (json_object_get (ticket, "state")), "waiting") == 0;
        category_cache_t *entry = waiting ? s_cache_get (self, ticket_code) : NULL;
        int ahead = 0;
        if (waiting
            && !(entry && json_is_null (json_object_get (ticket, "green"))
                 && json_is_null (json_object_get (ticket, "target_window"))
                 && s_cache_ahead (self, ticket_code,
                                   json_number_value (json_object_get (ticket, "queue_key")), &ahead)))
            ahead = s_ahead (self, ticket);
        json_object_set_new (event, "ahead", json_integer (ahead));
        json_object_set_new (event, "estimated_wait", json_integer (entry
            ? hall_estimate_wait (ahead, entry->mean, entry->open_windows)
            : s_estimate (self, ticket_code, ahead)));
        json_object_set_new (event, "ticket", ticket);
    }
    if (code) {
        category_cache_t *entry = s_cache_get (self, code);
        json_t *cat = entry ? json_copy (entry->json) : s_category_json (self, code);
        if (cat)
            json_object_set_new (event, "category", cat);
    }
    if (window) {
        json_t *win = s_window_json (self, window);
        if (win)
            json_object_set_new (event, "window", win);
    }
    if (detail)
        json_object_set_new (event, "detail", detail);
    if (ticket && (strcmp (type, "ticket.called") == 0 || strcmp (type, "ticket.recalled") == 0))
        json_object_set_new (event, "call", json_pack ("{s:I, s:I, s:O, s:O, s:i, s:b}",
                             "seq", (json_int_t) seq, "time", (json_int_t) now,
                             "number", json_object_get (ticket, "number"),
                             "category", json_object_get (ticket, "category"),
                             "window", window, "recall", strcmp (type, "ticket.recalled") == 0));
    g_ptr_array_add (self->events, event);
    return event;
}

/* ---- the day ------------------------------------------------------------- */

bool
hall_engine_tick_due (hall_engine_t *self)
{
    char day[16];
    s_local (self, hall_engine_now (self), day, NULL);
    return strcmp (day, self->day) != 0 || hall_engine_now (self) >= self->sweep_at;
}

/* The day change: tickets still waiting or called are expired, numbering
 * starts again (day_counter is keyed by day), old request replies are
 * pruned, and one day.changed event tells subscribers to resync. */
static int
s_day_check (hall_engine_t *self)
{
    char day[16];
    int64_t now = hall_engine_now (self);
    s_local (self, now, day, NULL);
    if (strcmp (day, self->day) == 0)
        return 0;
    s_cache_drop (self);
    bool first = self->day[0] == 0;
    char old_day[16];
    snprintf (old_day, sizeof old_day, "%s", self->day);
    if (!first) {
        GArray *ids = g_array_new (FALSE, FALSE, sizeof (int64_t));
        sqlite3_stmt *stmt = s_stmt (self,
            "SELECT id FROM ticket WHERE state IN ('waiting', 'called') ORDER BY id");
        while (sqlite3_step (stmt) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64 (stmt, 0);
            g_array_append_val (ids, id);
        }
        sqlite3_reset (stmt);
        int rc = 0;
        for (guint i = 0; i < ids->len && rc == 0; i++) {
            int64_t id = g_array_index (ids, int64_t, i);
            stmt = s_stmt (self,
                "UPDATE service_window SET ticket = NULL WHERE ticket = ?1");
            sqlite3_bind_int64 (stmt, 1, id);
            rc |= s_done (stmt);
            stmt = s_stmt (self,
                "UPDATE ticket SET state = 'expired', finished_at = ?2 WHERE id = ?1");
            sqlite3_bind_int64 (stmt, 1, id);
            sqlite3_bind_int64 (stmt, 2, now);
            rc |= s_done (stmt);
            if (rc == 0 && !s_event (self, "ticket.expired", id, 0, NULL, NULL))
                rc = -1;
        }
        g_array_free (ids, TRUE);
        if (rc)
            return -1;
        stmt = s_stmt (self, "DELETE FROM signin_failure WHERE time < ?1");
        sqlite3_bind_int64 (stmt, 1, now - 86400);
        if (s_done (stmt))
            return -1;
        stmt = s_stmt (self, "DELETE FROM request WHERE time < ?1");
        sqlite3_bind_int64 (stmt, 1, now - 2 * 86400);
        if (s_done (stmt))
            return -1;
    }
    snprintf (self->day, sizeof self->day, "%s", day);
    if (hall_store_meta_set (self->store, "day", day))
        return -1;
    if (!first) {
        if (!s_event (self, "day.changed", 0, 0, NULL,
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
static int
s_sweep (hall_engine_t *self)
{
    if (hall_rating_sweep (self) || hall_case_sweep (self))
        return -1;
    self->sweep_at = hall_engine_now (self) + 60;
    return 0;
}

int
hall_engine_tick (hall_engine_t *self, GPtrArray *events)
{
    self->events = events;
    s_cache_drop (self);
    int rc = s_day_check (self);
    if (rc == 0)
        rc = s_sweep (self);
    if (rc)
        hall_engine_reload (self);       /* the caller rolls back: forget the new day too */
    self->events = NULL;
    return rc;
}

/* ---- snapshot ------------------------------------------------------------ */

static json_t *
s_hall_json (hall_engine_t *self)
{
    json_t *hall = json_object ();
    const char *keys[] = { "name", "name_en", "timezone", "missed_policy", "transfer_position",
                           "notice", "status_url" };
    for (size_t i = 0; i < G_N_ELEMENTS (keys); i++) {
        char meta_key[64];
        snprintf (meta_key, sizeof meta_key, "hall.%s", keys[i]);
        char *value = hall_store_meta_get (self->store, meta_key);
        json_object_set_new (hall, keys[i], json_string (value ? value : ""));
        g_free (value);
    }
    json_object_set_new (hall, "requeue_after", json_integer (self->requeue_after));
    json_object_set_new (hall, "requeue_max", json_integer (self->requeue_max));
    return hall;
}

static json_t *
s_calls_json (hall_engine_t *self)
{
    json_t *calls = json_array ();
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT seq, time, number, category, window, type FROM event"
        " WHERE +type IN ('ticket.called', 'ticket.recalled') AND seq > ?1"
        " ORDER BY seq DESC LIMIT 10");   /* '+': walk back by seq, not the type index */
    sqlite3_bind_int64 (stmt, 1, self->day_seq);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (calls, json_pack ("{s:I, s:I, s:o, s:o, s:i, s:b}",
            "seq", (json_int_t) sqlite3_column_int64 (stmt, 0),
            "time", (json_int_t) sqlite3_column_int64 (stmt, 1),
            "number", s_col_str (stmt, 2), "category", s_col_str (stmt, 3),
            "window", sqlite3_column_int (stmt, 4),
            "recall", strcmp ((const char *) sqlite3_column_text (stmt, 5), "ticket.recalled") == 0));
    sqlite3_reset (stmt);
    return calls;
}

static json_t *
s_active_tickets (hall_engine_t *self)
{
    json_t *tickets = json_array ();
    sqlite3_stmt *stmt = s_stmt (self, "SELECT " TICKET_COLUMNS " FROM ticket"
        " WHERE state IN ('waiting', 'called', 'serving') ORDER BY id");
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (tickets, s_ticket_row (stmt));
    sqlite3_reset (stmt);
    return tickets;
}

json_t *
hall_engine_snapshot (hall_engine_t *self)
{
    json_t *snapshot = json_object ();
    json_object_set_new (snapshot, "seq", json_integer (hall_engine_last_seq (self)));
    json_object_set_new (snapshot, "server", json_string (self->instance));
    json_object_set_new (snapshot, "time", json_integer (hall_engine_now (self)));
    json_object_set_new (snapshot, "day", json_string (self->day));
    json_object_set_new (snapshot, "hall", s_hall_json (self));
    json_object_set_new (snapshot, "categories", s_categories_json (self));
    json_object_set_new (snapshot, "windows", s_windows_json (self));
    json_object_set_new (snapshot, "tickets", s_active_tickets (self));
    json_object_set_new (snapshot, "calls", s_calls_json (self));
    return snapshot;
}

/* ---- lookups used by operations ------------------------------------------ */

typedef struct {
    int     number;
    bool    green;
    bool    paused;
    char    clerk[64];            /* "" when none */
    int64_t ticket;               /* 0 when none */
    char    ticket_state[16];
} window_t;

static int
s_window_get (hall_engine_t *self, int number, window_t *window, outcome_t *out)
{
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT w.green, w.paused, w.clerk, w.ticket, t.state FROM service_window w"
        " LEFT JOIN ticket t ON t.id = w.ticket WHERE w.number = ?1");
    sqlite3_bind_int (stmt, 1, number);
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return s_fail (out, HALL_E_UNKNOWN_WINDOW, "no window %d", number);
    }
    memset (window, 0, sizeof *window);
    window->number = number;
    window->green = sqlite3_column_int (stmt, 0);
    window->paused = sqlite3_column_int (stmt, 1);
    if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        snprintf (window->clerk, sizeof window->clerk, "%s", sqlite3_column_text (stmt, 2));
    window->ticket = sqlite3_column_int64 (stmt, 3);
    if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        snprintf (window->ticket_state, sizeof window->ticket_state, "%s",
                  sqlite3_column_text (stmt, 4));
    sqlite3_reset (stmt);
    return 0;
}

typedef struct {
    int64_t id;
    char    number[16];
    char    category[64];
    char    state[16];
    int     requeues;
    bool    green;
} ticket_t;

/* Today's ticket by its number ("A001", case-insensitive). */
static int
s_ticket_get (hall_engine_t *self, const char *number, ticket_t *ticket, outcome_t *out)
{
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT id, number, category, state, requeues, green IS NOT NULL FROM ticket"
        " WHERE day = ?1 AND number = upper (?2)");
    sqlite3_bind_text (stmt, 1, self->day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return s_fail (out, HALL_E_UNKNOWN_TICKET, "no ticket %.32s today", number);
    }
    ticket->id = sqlite3_column_int64 (stmt, 0);
    snprintf (ticket->number, sizeof ticket->number, "%s", sqlite3_column_text (stmt, 1));
    snprintf (ticket->category, sizeof ticket->category, "%s", sqlite3_column_text (stmt, 2));
    snprintf (ticket->state, sizeof ticket->state, "%s", sqlite3_column_text (stmt, 3));
    ticket->requeues = sqlite3_column_int (stmt, 4);
    ticket->green = sqlite3_column_int (stmt, 5);
    sqlite3_reset (stmt);
    return 0;
}

/* The queue_seq of a ticket joining a queue now: the sequence number the
 * next event will get.  Every join (issue, requeue, transfer) appends its
 * event right after, so no two joins ever share one: among tickets of the
 * same queue_key, the one that joined later is called later, by
 * construction (a re-queued ticket's old, low id plays no part). */
static int64_t
s_join_seq (hall_engine_t *self)
{
    return hall_engine_last_seq (self) + 1;
}

/* The smallest queue key among waiting tickets (for "front of the queue"). */
static double
s_front_key (hall_engine_t *self, double fallback)
{
    sqlite3_stmt *stmt = s_stmt (self, "SELECT min (queue_key) FROM ticket WHERE state = 'waiting'");
    double key = fallback;
    if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        key = sqlite3_column_double (stmt, 0) - 1.0;
    sqlite3_reset (stmt);
    return key < fallback ? key : fallback;
}

static json_t *
s_ticket_result (hall_engine_t *self, int64_t id)
{
    json_t *ticket = s_ticket_json (self, id);
    return json_pack ("{s:o}", "ticket", ticket ? ticket : json_null ());
}

/* ---- operations ---------------------------------------------------------- */

static int
s_op_issue (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    char code[64];
    const char *given = s_arg_str (req, "category");
    if (!s_category_code (self, given, code))
        return s_fail (out, HALL_E_UNKNOWN_CATEGORY, "no category '%.64s'", given);
    /* Every green-channel ticket records who granted it, and why. */
    if (s_arg_str (req, "green") && !s_arg_str (req, "granted_by"))
        return s_fail (out, HALL_E_BAD_FIELD, "a green-channel ticket needs 'granted_by': "
                       "who verified and granted it");
    /* An issue always runs with the cache on (hall_engine_handle). */
    category_cache_t *category = s_cache_get (self, code);
    if (!category)
        return STORAGE_FAIL (out);
    int cap = category->cap <= 0 || category->cap > 999 ? 999 : category->cap;

    int64_t now = hall_engine_now (self);
    char day[16];
    int minute;
    s_local (self, now, day, &minute);
    if (!category->open)
        return s_fail (out, HALL_E_CATEGORY_CLOSED, "%s is closed for issuing", category->name);
    if (hall_hours_contains (category->hours, minute) != 1)
        return s_fail (out, HALL_E_OUTSIDE_HOURS, "%s issues tickets only %s", category->name,
                       category->hours);

    const char *person = s_arg_str (req, "person");
    if (person) {
        sqlite3_stmt *stmt = s_stmt (self, "SELECT number FROM ticket WHERE day = ?1 AND category = ?2"
                                           " AND person = ?3 AND state IN ('waiting', 'called')");
        sqlite3_bind_text (stmt, 1, self->day, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 3, person, -1, SQLITE_TRANSIENT);
        if (sqlite3_step (stmt) == SQLITE_ROW) {
            char number[16];
            snprintf (number, sizeof number, "%s", sqlite3_column_text (stmt, 0));
            sqlite3_reset (stmt);
            return s_fail (out, HALL_E_DUPLICATE_PERSON,
                           "this person already waits with ticket %s for %s", number, category->name);
        }
        sqlite3_reset (stmt);
    }
    if (category->issued >= cap)
        return s_fail (out, HALL_E_DAILY_CAP, "all %d tickets of %s for today are issued", cap,
                       category->name);
    int seq = category->issued + 1;
    char number[32];
    snprintf (number, sizeof number, "%s%03d", category->prefix, seq);

    sqlite3_stmt *stmt = s_stmt (self,
        "INSERT INTO day_counter (day, category, last) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (day, category) DO UPDATE SET last = excluded.last");
    sqlite3_bind_text (stmt, 1, self->day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 3, seq);
    if (s_done (stmt))
        return STORAGE_FAIL (out);

    const char *green = s_arg_str (req, "green");
    const char *granted_by = s_arg_str (req, "granted_by");
    stmt = s_stmt (self,
        "INSERT INTO ticket (day, category, seq, number, state, green, granted_by, person,"
        " issued_at, queued_at, queue_key, queue_seq)"
        " VALUES (?1, ?2, ?3, ?4, 'waiting', ?5, ?6, ?7, ?8, ?8, ?9, ?10)");
    sqlite3_bind_text (stmt, 1, self->day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 3, seq);
    sqlite3_bind_text (stmt, 4, number, -1, SQLITE_TRANSIENT);
    s_bind_str (stmt, 5, green);
    s_bind_str (stmt, 6, green ? granted_by : NULL);
    s_bind_str (stmt, 7, person);
    sqlite3_bind_int64 (stmt, 8, now);
    sqlite3_bind_double (stmt, 9, (double) now);
    sqlite3_bind_int64 (stmt, 10, s_join_seq (self));
    if (s_done (stmt))
        return STORAGE_FAIL (out);
    int64_t id = sqlite3_last_insert_rowid (hall_store_db (self->store));
    /* The cache follows the store (a failure further on drops it). */
    category->issued = seq;
    json_object_set_new (category->json, "issued", json_integer (seq));
    json_t *detail = green ? json_pack ("{s:s, s:s}", "green", green, "granted_by", granted_by) : NULL;
    json_t *event = s_event (self, "ticket.issued", id, 0, NULL, detail);
    if (!event)
        return STORAGE_FAIL (out);
    category->waiting++;
    if (!green && (!category->any_ordinary || (double) now > category->last_key)) {
        category->last_key = (double) now;
        category->any_ordinary = true;
    }
    out->result = json_pack ("{s:O, s:O, s:O}",
                             "ticket", json_object_get (event, "ticket"),
                             "ahead", json_object_get (event, "ahead"),
                             "estimated_wait", json_object_get (event, "estimated_wait"));
    /* The list of windows is the same for every ticket of the category:
     * it goes into the reply as the text kept with the category. */
    out->raw_key = "windows";
    out->raw_text = category->windows_text;
    return 0;
}

/* Picks the first waiting ticket WINDOW may call, in dispatch order
 * (queue.h); 0 when none.
 *
 * Only the tickets that can come first are loaded, not the whole queue:
 * those transferred to the window and the green-channel ones (few, from
 * the ticket_special index), and for each category the window serves the
 * head of its queue and its first overdue ticket (each one index step in
 * ticket_waiting).  Within a rule the policy takes the smallest queue key,
 * and whether an ordinary ticket is overdue depends only on its category,
 * so the first in order is always among these.  Cost: O(categories of the
 * window + special tickets), not O(waiting). */
static int64_t
s_next_ticket (hall_engine_t *self, const window_t *window)
{
    /* Only what the policy reads of a ticket (hall_queue_rank). */
    sqlite3_stmt *stmt = s_stmt (self, "SELECT id, state, category, green, target_window, queued_at,"
        " queue_key, queue_seq FROM ticket WHERE id IN ("
        " SELECT id FROM ticket WHERE state = 'waiting'"
        "  AND (target_window IS NOT NULL OR green IS NOT NULL)"
        "  AND (target_window = ?1 OR (target_window IS NULL AND"
        "       (?2 OR category IN (SELECT category FROM window_category WHERE window = ?1))))"
        " UNION ALL"
        " SELECT (SELECT t.id FROM ticket t WHERE t.state = 'waiting' AND t.category = wc.category"
        "         AND t.target_window IS NULL AND t.green IS NULL ORDER BY t.queue_key, t.queue_seq LIMIT 1)"
        "  FROM window_category wc WHERE wc.window = ?1"
        " UNION ALL"
        " SELECT (SELECT t.id FROM ticket t WHERE t.state = 'waiting' AND t.category = c.code"
        "         AND t.target_window IS NULL AND t.green IS NULL AND ?3 - t.queued_at > c.target_wait"
        "         ORDER BY t.queue_key, t.queue_seq LIMIT 1)"
        "  FROM window_category wc JOIN category c ON c.code = wc.category"
        "  WHERE wc.window = ?1 AND c.target_wait > 0)");
    int64_t now = hall_engine_now (self);
    sqlite3_bind_int (stmt, 1, window->number);
    sqlite3_bind_int (stmt, 2, window->green);
    sqlite3_bind_int64 (stmt, 3, now);
    json_t *tickets = json_array ();
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        json_t *ticket = json_object ();
        json_object_set_new (ticket, "id", json_integer (sqlite3_column_int64 (stmt, 0)));
        json_object_set_new (ticket, "state", s_col_str (stmt, 1));
        json_object_set_new (ticket, "category", s_col_str (stmt, 2));
        json_object_set_new (ticket, "green", s_col_str (stmt, 3));
        json_object_set_new (ticket, "target_window", s_col_int (stmt, 4));
        json_object_set_new (ticket, "queued_at", s_col_int (stmt, 5));
        json_object_set_new (ticket, "queue_key", json_real (sqlite3_column_double (stmt, 6)));
        json_object_set_new (ticket, "queue_seq", json_integer (sqlite3_column_int64 (stmt, 7)));
        json_array_append_new (tickets, ticket);
    }
    sqlite3_reset (stmt);
    int64_t id = 0;
    if (json_array_size (tickets) > 0) {
        /* What the policy reads of the window and the categories. */
        json_t *win = json_pack ("{s:i, s:b, s:o, s:o}", "number", window->number,
                                 "green", window->green,
                                 "primary", s_window_lists (self, window->number, "primary"),
                                 "backup", s_window_lists (self, window->number, "backup"));
        json_t *categories = json_array ();
        stmt = s_stmt (self, "SELECT c.code, c.target_wait FROM category c"
                             " JOIN window_category wc ON wc.category = c.code WHERE wc.window = ?1");
        sqlite3_bind_int (stmt, 1, window->number);
        while (sqlite3_step (stmt) == SQLITE_ROW) {
            json_t *category = json_object ();
            json_object_set_new (category, "code", s_col_str (stmt, 0));
            json_object_set_new (category, "target_wait", s_col_int (stmt, 1));
            json_array_append_new (categories, category);
        }
        sqlite3_reset (stmt);
        json_t *order = hall_queue_order (tickets, win, categories, hall_engine_now (self));
        if (json_array_size (order) > 0)
            id = json_integer_value (json_object_get (json_array_get (order, 0), "id"));
        json_decref (order);
        json_decref (categories);
        json_decref (win);
    }
    json_decref (tickets);
    return id;
}

static int
s_op_call (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    window_t window;
    if (s_window_get (self, s_arg_int (req, "window"), &window, out))
        return -1;
    if (window.paused)
        return s_fail (out, HALL_E_WINDOW_PAUSED, "window %d is paused; resume it first", window.number);
    if (window.ticket)
        return s_fail (out, HALL_E_WINDOW_BUSY,
                       "window %d still has a ticket %s; finish it or mark a no-show first",
                       window.number, window.ticket_state);
    int64_t id = s_next_ticket (self, &window);
    if (!id) {
        out->result = json_pack ("{s:n}", "ticket");
        return 0;
    }
    int64_t now = hall_engine_now (self);
    sqlite3_stmt *stmt = s_stmt (self,
        "UPDATE ticket SET state = 'called', window = ?2, target_window = NULL,"
        " clerk = (SELECT clerk FROM service_window WHERE number = ?2),"
        " called_at = coalesce (called_at, ?3), calls = calls + 1 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int (stmt, 2, window.number);
    sqlite3_bind_int64 (stmt, 3, now);
    if (s_done (stmt))
        return STORAGE_FAIL (out);
    stmt = s_stmt (self, "UPDATE service_window SET ticket = ?1 WHERE number = ?2");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int (stmt, 2, window.number);
    if (s_done (stmt) || !s_event (self, "ticket.called", id, window.number, NULL, NULL))
        return STORAGE_FAIL (out);
    out->result = s_ticket_result (self, id);
    return 0;
}

/* The window's current ticket, which must be in state WANT (or either of
 * called/serving when WANT is NULL). */
static int
s_current (hall_engine_t *self, const hall_request_t *req, const char *want, window_t *window,
           outcome_t *out)
{
    if (s_window_get (self, s_arg_int (req, "window"), window, out))
        return -1;
    if (!window->ticket)
        return s_fail (out, HALL_E_BAD_STATE, "window %d has no ticket called", window->number);
    if (want && strcmp (window->ticket_state, want) != 0)
        return s_fail (out, HALL_E_BAD_STATE, "the ticket at window %d is %s, not %s",
                       window->number, window->ticket_state, want);
    return 0;
}

static int
s_op_recall (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    window_t window;
    if (s_current (self, req, "called", &window, out))
        return -1;
    sqlite3_stmt *stmt = s_stmt (self, "UPDATE ticket SET calls = calls + 1 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, window.ticket);
    if (s_done (stmt) || !s_event (self, "ticket.recalled", window.ticket, window.number, NULL, NULL))
        return STORAGE_FAIL (out);
    out->result = s_ticket_result (self, window.ticket);
    return 0;
}

static int
s_op_start (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    window_t window;
    if (s_current (self, req, "called", &window, out))
        return -1;
    sqlite3_stmt *stmt = s_stmt (self,
        "UPDATE ticket SET state = 'serving', started_at = ?2 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, window.ticket);
    sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    if (s_done (stmt) || !s_event (self, "ticket.started", window.ticket, window.number, NULL, NULL))
        return STORAGE_FAIL (out);
    out->result = s_ticket_result (self, window.ticket);
    return 0;
}

/* Ends the window's current ticket in STATE (finished or noshow). */
static int
s_end_current (hall_engine_t *self, const window_t *window, const char *state, const char *type,
               outcome_t *out)
{
    sqlite3_stmt *stmt = s_stmt (self,
        "UPDATE ticket SET state = ?2, finished_at = ?3 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, window->ticket);
    sqlite3_bind_text (stmt, 2, state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, hall_engine_now (self));
    if (s_done (stmt))
        return STORAGE_FAIL (out);
    stmt = s_stmt (self, "UPDATE service_window SET ticket = NULL WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, window->number);
    if (s_done (stmt) || !s_event (self, type, window->ticket, window->number, NULL, NULL))
        return STORAGE_FAIL (out);
    out->result = s_ticket_result (self, window->ticket);
    return 0;
}

static int
s_op_finish (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    window_t window;
    if (s_current (self, req, "serving", &window, out))
        return -1;
    if (s_end_current (self, &window, "finished", "ticket.finished", out))
        return -1;
    /* 办不成事反映: a ticket finished there opens a follow-up case. */
    return hall_case_finished (self, window.ticket) ? STORAGE_FAIL (out) : 0;
}

static int
s_op_noshow (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    window_t window;
    if (s_current (self, req, "called", &window, out))
        return -1;
    return s_end_current (self, &window, "noshow", "ticket.noshow", out);
}

/* A missed ticket back into its queue, behind requeue_after waiting tickets
 * of its category (at the back if fewer wait). */
static int
s_op_requeue (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    ticket_t ticket;
    if (s_ticket_get (self, s_arg_str (req, "ticket"), &ticket, out))
        return -1;
    if (strcmp (ticket.state, "noshow") != 0)
        return s_fail (out, HALL_E_BAD_STATE, "ticket %s is %s; only a missed (no-show) ticket "
                       "can be re-queued", ticket.number, ticket.state);
    if (self->strict)
        return s_fail (out, HALL_E_REQUEUE_REFUSED, "过号无效，请重新取号 (missed number %s is void; "
                       "take a new ticket)", ticket.number);
    if (ticket.requeues >= self->requeue_max)
        return s_fail (out, HALL_E_REQUEUE_LIMIT, "ticket %s was already re-queued %d times today",
                       ticket.number, ticket.requeues);
    int64_t now = hall_engine_now (self);
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT queue_key FROM ticket WHERE state = 'waiting' AND category = ?1"
        " AND target_window IS NULL ORDER BY queue_key, queue_seq LIMIT 2 OFFSET ?2");
    sqlite3_bind_text (stmt, 1, ticket.category, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 2, self->requeue_after > 0 ? self->requeue_after - 1 : 0);
    double keys[2];
    int found = 0;
    while (found < 2 && sqlite3_step (stmt) == SQLITE_ROW)
        keys[found++] = sqlite3_column_double (stmt, 0);
    sqlite3_reset (stmt);
    /* Behind the K-th: its key, and a later seq than every ticket so far,
     * so it comes right after the K-th and after any ticket that joined in
     * the same second as the K-th, and before every later key.  Fewer than
     * K + 1 waiting: the back of the queue. */
    double key;
    if (self->requeue_after <= 0)
        key = s_front_key (self, (double) now);
    else if (found == 2)
        key = keys[0];
    else if (found == 1)
        key = keys[0] > (double) now ? keys[0] : (double) now;
    else
        key = (double) now;
    stmt = s_stmt (self,
        "UPDATE ticket SET state = 'waiting', queued_at = ?2, queue_key = ?3, queue_seq = ?4,"
        " requeues = requeues + 1, target_window = NULL WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, ticket.id);
    sqlite3_bind_int64 (stmt, 2, now);
    sqlite3_bind_double (stmt, 3, key);
    sqlite3_bind_int64 (stmt, 4, s_join_seq (self));
    if (s_done (stmt) || !s_event (self, "ticket.requeued", ticket.id, 0, NULL, NULL))
        return STORAGE_FAIL (out);
    out->result = s_ticket_result (self, ticket.id);
    json_object_set_new (out->result, "ahead", json_integer (
        s_ahead (self, json_object_get (out->result, "ticket"))));
    return 0;
}

static int
s_op_transfer (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    const char *to_given = s_arg_str (req, "to_category");
    int to_window = s_arg_int (req, "to_window");
    if (!!to_given == !!to_window)
        return s_fail (out, HALL_E_BAD_FIELD, "give exactly one of to_category and to_window");
    window_t window;
    if (s_current (self, req, NULL, &window, out))
        return -1;
    char code[64] = "";
    if (to_given && !s_category_code (self, to_given, code))
        return s_fail (out, HALL_E_UNKNOWN_CATEGORY, "no category '%.64s'", to_given);
    if (to_window) {
        window_t target;
        if (s_window_get (self, to_window, &target, out))
            return -1;
        if (to_window == window.number)
            return s_fail (out, HALL_E_BAD_FIELD, "a ticket cannot be transferred to its own window");
    }
    int64_t now = hall_engine_now (self);
    double key = self->transfer_front ? s_front_key (self, (double) now) : (double) now;
    sqlite3_stmt *stmt = s_stmt (self,
        "UPDATE ticket SET state = 'waiting', category = coalesce (?2, category),"
        " target_window = ?3, queued_at = ?4, queue_key = ?5, queue_seq = ?6,"
        " transfers = transfers + 1 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, window.ticket);
    s_bind_str (stmt, 2, to_given ? code : NULL);
    if (to_window)
        sqlite3_bind_int (stmt, 3, to_window);
    sqlite3_bind_int64 (stmt, 4, now);
    sqlite3_bind_double (stmt, 5, key);
    sqlite3_bind_int64 (stmt, 6, s_join_seq (self));
    if (s_done (stmt))
        return STORAGE_FAIL (out);
    stmt = s_stmt (self, "UPDATE service_window SET ticket = NULL WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, window.number);
    json_t *detail = to_window ? json_pack ("{s:i, s:i}", "from_window", window.number, "to_window", to_window)
                               : json_pack ("{s:i, s:s}", "from_window", window.number, "to_category", code);
    if (s_done (stmt)
        || !s_event (self, "ticket.transferred", window.ticket, window.number, NULL, detail))
        return STORAGE_FAIL (out);
    out->result = s_ticket_result (self, window.ticket);
    return 0;
}

static int
s_op_cancel (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    ticket_t ticket;
    if (s_ticket_get (self, s_arg_str (req, "ticket"), &ticket, out))
        return -1;
    if (strcmp (ticket.state, "waiting") != 0)
        return s_fail (out, HALL_E_BAD_STATE, "ticket %s is %s; only a waiting ticket can be cancelled",
                       ticket.number, ticket.state);
    sqlite3_stmt *stmt = s_stmt (self,
        "UPDATE ticket SET state = 'cancelled', finished_at = ?2 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, ticket.id);
    sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    if (s_done (stmt) || !s_event (self, "ticket.cancelled", ticket.id, 0, NULL, NULL))
        return STORAGE_FAIL (out);
    out->result = s_ticket_result (self, ticket.id);
    return 0;
}

static int
s_window_result (hall_engine_t *self, int number, outcome_t *out)
{
    out->result = json_pack ("{s:o}", "window", s_window_json (self, number));
    return 0;
}

static int
s_op_pause (hall_engine_t *self, const hall_request_t *req, bool pause, outcome_t *out)
{
    window_t window;
    if (s_window_get (self, s_arg_int (req, "window"), &window, out))
        return -1;
    if (pause && window.paused)
        return s_fail (out, HALL_E_BAD_STATE, "window %d is already paused", window.number);
    if (!pause && !window.paused)
        return s_fail (out, HALL_E_BAD_STATE, "window %d is not paused", window.number);
    if (pause && window.ticket)
        return s_fail (out, HALL_E_WINDOW_BUSY, "window %d still has a ticket %s; finish it first",
                       window.number, window.ticket_state);
    const char *reason = pause ? s_arg_str (req, "reason") : NULL;
    sqlite3_stmt *stmt = s_stmt (self,
        "UPDATE service_window SET paused = ?2, pause_reason = ?3 WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, window.number);
    sqlite3_bind_int (stmt, 2, pause);
    s_bind_str (stmt, 3, reason);
    json_t *detail = reason ? json_pack ("{s:s}", "reason", reason) : NULL;
    if (s_done (stmt) || !s_event (self, pause ? "window.paused" : "window.resumed", 0,
                                   window.number, NULL, detail))
        return STORAGE_FAIL (out);
    return s_window_result (self, window.number, out);
}

static int
s_op_signin (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    window_t window;
    if (s_window_get (self, s_arg_int (req, "window"), &window, out))
        return -1;
    const char *staff = s_arg_str (req, "staff");
    const char *password = s_arg_str (req, "password");
    sqlite3_stmt *stmt = s_stmt (self, "SELECT password_hash FROM staff WHERE id = ?1");
    sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return s_fail (out, HALL_E_UNKNOWN_STAFF, "no staff member %.32s", staff);
    }
    char *hash = sqlite3_column_type (stmt, 0) == SQLITE_NULL
               ? NULL : g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    /* Rate limit: after SIGNIN_MAX_FAILURES failures within SIGNIN_WINDOW
     * seconds, the staff id is locked until the oldest of them ages out. */
    int64_t now = hall_engine_now (self);
    stmt = s_stmt (self, "SELECT count(*), min (time) FROM signin_failure WHERE staff = ?1 AND time > ?2");
    sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 2, now - SIGNIN_WINDOW);
    int failures = 0;
    int64_t oldest = now;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        failures = sqlite3_column_int (stmt, 0);
        oldest = sqlite3_column_int64 (stmt, 1);
    }
    sqlite3_reset (stmt);
    if (failures >= SIGNIN_MAX_FAILURES) {
        g_free (hash);
        return s_fail (out, HALL_E_LOCKED, "too many failed sign-ins for %.32s; try again in %d minutes",
                       staff, (int) ((oldest + SIGNIN_WINDOW - now + 59) / 60));
    }
    if (hash || (password && req->role != HALL_ROLE_ADMIN)) {
        bool good = hash && password
                    && crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
        g_free (hash);
        if (!good) {
            g_message ("failed sign-in for staff %s at window %d", staff, window.number);
            snprintf (self->failed_signin, sizeof self->failed_signin, "%s", staff);
            return s_fail (out, HALL_E_AUTH, "wrong staff id or password");
        }
    }
    stmt = s_stmt (self, "SELECT number FROM service_window WHERE clerk = ?1 AND number != ?2");
    sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 2, window.number);
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        int other = sqlite3_column_int (stmt, 0);
        sqlite3_reset (stmt);
        return s_fail (out, HALL_E_CLERK_ELSEWHERE, "staff %.32s is signed in at window %d; "
                       "sign out there first", staff, other);
    }
    sqlite3_reset (stmt);
    if (window.clerk[0] && strcmp (window.clerk, staff) != 0)
        return s_fail (out, HALL_E_BAD_STATE, "staff %s is signed in at window %d; sign out first",
                       window.clerk, window.number);
    if (strcmp (window.clerk, staff) == 0)
        return s_window_result (self, window.number, out);
    stmt = s_stmt (self, "UPDATE service_window SET clerk = ?2 WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, window.number);
    sqlite3_bind_text (stmt, 2, staff, -1, SQLITE_TRANSIENT);
    if (s_done (stmt) || !s_event (self, "clerk.signin", 0, window.number, NULL, NULL))
        return STORAGE_FAIL (out);
    return s_window_result (self, window.number, out);
}

static int
s_op_signout (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    window_t window;
    if (s_window_get (self, s_arg_int (req, "window"), &window, out))
        return -1;
    if (!window.clerk[0])
        return s_fail (out, HALL_E_BAD_STATE, "nobody is signed in at window %d", window.number);
    if (window.ticket)
        return s_fail (out, HALL_E_WINDOW_BUSY, "window %d still has a ticket %s; finish it first",
                       window.number, window.ticket_state);
    /* The event carries the clerk who signs out: log it before clearing. */
    if (!s_event (self, "clerk.signout", 0, window.number, NULL, NULL))
        return STORAGE_FAIL (out);
    sqlite3_stmt *stmt = s_stmt (self, "UPDATE service_window SET clerk = NULL WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, window.number);
    if (s_done (stmt))
        return STORAGE_FAIL (out);
    /* The published window must show the clerk gone. */
    json_t *event = g_ptr_array_index (self->events, self->events->len - 1);
    json_object_set_new (event, "window", s_window_json (self, window.number));
    return s_window_result (self, window.number, out);
}

static int
s_op_window_map (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    window_t window;
    if (s_window_get (self, s_arg_int (req, "window"), &window, out))
        return -1;
    json_t *lists[2] = { json_object_get (req->args, "primary"), json_object_get (req->args, "backup") };
    GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    int rc = 0;
    for (int l = 0; l < 2 && rc == 0; l++) {
        size_t i;
        json_t *item;
        json_array_foreach (lists[l], i, item) {
            char code[64];
            if (!s_category_code (self, json_string_value (item), code)) {
                rc = s_fail (out, HALL_E_UNKNOWN_CATEGORY, "no category '%.64s'", json_string_value (item));
                break;
            }
            if (g_hash_table_contains (seen, code)) {
                rc = s_fail (out, HALL_E_BAD_FIELD, "category %s is listed twice", code);
                break;
            }
            g_hash_table_add (seen, g_strdup (code));
        }
    }
    g_hash_table_destroy (seen);
    if (rc)
        return rc;
    sqlite3_stmt *stmt = s_stmt (self, "DELETE FROM window_category WHERE window = ?1");
    sqlite3_bind_int (stmt, 1, window.number);
    if (s_done (stmt))
        return STORAGE_FAIL (out);
    for (int l = 0; l < 2; l++) {
        size_t i;
        json_t *item;
        json_array_foreach (lists[l], i, item) {
            char code[64];
            s_category_code (self, json_string_value (item), code);
            stmt = s_stmt (self,
                "INSERT INTO window_category (window, category, kind) VALUES (?1, ?2, ?3)");
            sqlite3_bind_int (stmt, 1, window.number);
            sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (stmt, 3, l == 0 ? "primary" : "backup", -1, SQLITE_STATIC);
            if (s_done (stmt))
                return STORAGE_FAIL (out);
        }
    }
    if (!s_event (self, "window.mapped", 0, window.number, NULL, NULL))
        return STORAGE_FAIL (out);
    return s_window_result (self, window.number, out);
}

static int
s_op_category_open (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    char code[64];
    const char *given = s_arg_str (req, "category");
    if (!s_category_code (self, given, code))
        return s_fail (out, HALL_E_UNKNOWN_CATEGORY, "no category '%.64s'", given);
    bool open = json_is_true (json_object_get (req->args, "open"));
    sqlite3_stmt *stmt = s_stmt (self, "UPDATE category SET open = ?2 WHERE code = ?1");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 2, open);
    if (s_done (stmt) || !s_event (self, open ? "category.opened" : "category.closed", 0, 0, code, NULL))
        return STORAGE_FAIL (out);
    out->result = json_pack ("{s:o}", "category", s_category_json (self, code));
    return 0;
}

static int
s_op_clock (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    if (!hall_clock_is_test (self->clock))
        return s_fail (out, HALL_E_NO_TEST_CLOCK, "start hall-server with --test-clock to move time");
    json_t *set = json_object_get (req->args, "set");
    json_t *advance = json_object_get (req->args, "advance");
    if (set && json_integer_value (set) <= 0)
        return s_fail (out, HALL_E_BAD_FIELD, "'set' must be a positive unix time");
    if (advance && json_integer_value (advance) < 0)
        return s_fail (out, HALL_E_BAD_FIELD, "the clock does not go back: 'advance' must be >= 0");
    if (set)
        hall_clock_set (self->clock, json_integer_value (set));
    if (advance)
        hall_clock_advance (self->clock, json_integer_value (advance));
    /* Kept with the hall's state (and undone with it by a rollback, which
     * reloads the engine): a restarted test server resumes this time. */
    char now[24];
    snprintf (now, sizeof now, "%" PRId64, hall_engine_now (self));
    if (hall_store_meta_set (self->store, "test_clock", now) || s_day_check (self))
        return STORAGE_FAIL (out);
    out->result = json_pack ("{s:I, s:s}", "time", (json_int_t) hall_engine_now (self), "day", self->day);
    return 0;
}

static int
s_op_status (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    const char *number = s_arg_str (req, "ticket");
    if (number) {
        ticket_t ticket;
        if (s_ticket_get (self, number, &ticket, out))
            return -1;
        json_t *obj = s_ticket_json (self, ticket.id);
        int ahead = strcmp (ticket.state, "waiting") == 0 ? s_ahead (self, obj) : 0;
        out->result = json_pack ("{s:o, s:i, s:I, s:o}", "ticket", obj, "ahead", ahead,
                                 "estimated_wait", (json_int_t) s_estimate (self, ticket.category, ahead),
                                 "windows", s_windows_serving (self, ticket.category));
        return 0;
    }
    json_t *categories = s_categories_json (self);
    size_t i;
    json_t *category;
    json_array_foreach (categories, i, category) {
        const char *code = json_string_value (json_object_get (category, "code"));
        sqlite3_stmt *stmt = s_stmt (self,
            "SELECT count(*) FROM ticket WHERE state = 'waiting' AND category = ?1");
        sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
        int waiting = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
        sqlite3_reset (stmt);
        json_object_set_new (category, "waiting", json_integer (waiting));
        json_object_set_new (category, "estimated_wait", json_integer (s_estimate (self, code, waiting)));
    }
    out->result = json_pack ("{s:I, s:s, s:o, s:o}", "time", (json_int_t) hall_engine_now (self),
                             "day", self->day, "categories", categories,
                             "windows", s_windows_json (self));
    return 0;
}

/* ---- devices and accounts (admin) ----------------------------------------- */

static int
s_op_device_enroll (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    const char *role_name = s_arg_str (req, "role");
    hall_role_t role = hall_role_from_name (role_name);
    int window = s_arg_int (req, "window");
    const char *key = s_arg_str (req, "public_key");
    if (role == HALL_ROLE_NONE)
        return s_fail (out, HALL_E_BAD_FIELD, "no role '%.32s'", role_name);
    bool windowed = role == HALL_ROLE_COUNTER || role == HALL_ROLE_RATING_PAD;
    if (windowed != (window > 0))
        return s_fail (out, HALL_E_BAD_FIELD, windowed ? "a %s needs a window" : "a %s has no window",
                       role_name);
    if (strlen (key) != 40)
        return s_fail (out, HALL_E_BAD_FIELD, "public_key must be a 40-character Z85 CURVE key");
    if (window) {
        window_t w;
        if (s_window_get (self, window, &w, out))
            return -1;
    }
    /* The id: role-window, or role-N for the first free N. */
    char id[64];
    for (int n = 1; n < 10000; n++) {
        if (window && n == 1)
            snprintf (id, sizeof id, "%s-%d", role_name, window);
        else if (window)
            snprintf (id, sizeof id, "%s-%d-%d", role_name, window, n);
        else
            snprintf (id, sizeof id, "%s-%d", role_name, n);
        sqlite3_stmt *stmt = s_stmt (self, "SELECT count(*) FROM device WHERE id = ?1");
        sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
        bool taken = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
        sqlite3_reset (stmt);
        if (!taken)
            break;
    }
    sqlite3_stmt *stmt = s_stmt (self,
        "INSERT INTO device (id, public_key, role, window, name, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, hall_role_name (role), -1, SQLITE_STATIC);
    if (window)
        sqlite3_bind_int (stmt, 4, window);
    s_bind_str (stmt, 5, s_arg_str (req, "name") ? s_arg_str (req, "name") : "");
    sqlite3_bind_int64 (stmt, 6, hall_engine_now (self));
    if (s_done (stmt))
        return s_fail (out, HALL_E_BAD_FIELD, "this key is already enrolled");
    g_message ("enrolled device %s (%s)", id, hall_role_name (role));
    out->result = json_pack ("{s:s, s:s}", "id", id, "role", hall_role_name (role));
    if (window)
        json_object_set_new (out->result, "window", json_integer (window));
    return 0;
}

static int
s_op_device_list (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    json_t *devices = json_array ();
    sqlite3_stmt *stmt = s_stmt (self,
        "SELECT id, role, window, name, created_at, revoked_at, public_key FROM device ORDER BY id");
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (devices, json_pack ("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
            "id", s_col_str (stmt, 0), "role", s_col_str (stmt, 1), "window", s_col_int (stmt, 2),
            "name", s_col_str (stmt, 3), "created_at", s_col_int (stmt, 4),
            "revoked_at", s_col_int (stmt, 5), "public_key", s_col_str (stmt, 6)));
    sqlite3_reset (stmt);
    out->result = json_pack ("{s:o}", "devices", devices);
    return 0;
}

static int
s_op_device_revoke (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    const char *id = s_arg_str (req, "id");
    sqlite3_stmt *stmt = s_stmt (self,
        "UPDATE device SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    if (s_done (stmt))
        return STORAGE_FAIL (out);
    if (sqlite3_changes (hall_store_db (self->store)) == 0)
        return s_fail (out, HALL_E_BAD_FIELD, "no valid device '%.64s'", id);
    g_message ("revoked device %s", id);
    out->result = json_pack ("{s:s}", "id", id);
    return 0;
}

static int
s_op_staff_password (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    const char *staff = s_arg_str (req, "staff");
    const char *password = s_arg_str (req, "password");
    if (strlen (password) < 6)
        return s_fail (out, HALL_E_BAD_FIELD, "a password has at least 6 characters");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str (hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                           crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return s_fail (out, HALL_E_INTERNAL, "out of memory hashing the password");
    sqlite3_stmt *stmt = s_stmt (self, "UPDATE staff SET password_hash = ?2 WHERE id = ?1");
    sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_TRANSIENT);
    if (s_done (stmt))
        return STORAGE_FAIL (out);
    if (sqlite3_changes (hall_store_db (self->store)) == 0)
        return s_fail (out, HALL_E_UNKNOWN_STAFF, "no staff member %.32s", staff);
    out->result = json_pack ("{s:s}", "staff", staff);
    return 0;
}

/* Runs a module's operation (rating.c, case.c, report.c) into OUT. */
static int
s_module (hall_module_op_t op, hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    hall_outcome_t module = { .code = HALL_OK };
    int rc = op (self, req, &module);
    out->code = module.code;
    memcpy (out->message, module.message, sizeof out->message);
    out->result = module.result;
    return rc;
}

/* ---- dispatch of a request ----------------------------------------------- */

static int
s_op_snapshot (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    out->result = hall_engine_snapshot (self);
    return 0;
}

static int
s_op_pause_window (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    return s_op_pause (self, req, true, out);
}

static int
s_op_resume_window (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    return s_op_pause (self, req, false, out);
}

/* The handlers, one per operation; the rest of each operation's row (name,
 * roles, fields, flags) is in common/protocol.c.  Modules of their own
 * (ratings, cases, reports) answer through hall_outcome_t. */
typedef int (*s_handler_fn) (hall_engine_t *self, const hall_request_t *req, outcome_t *out);
typedef int (*s_module_fn) (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out);
static const struct {
    s_handler_fn handler;       /* of this file, or */
    s_module_fn  module;        /* of a module */
} s_handlers[HALL_OP__COUNT] = {
    [HALL_OP_SNAPSHOT]       = { s_op_snapshot, NULL },
    [HALL_OP_STATUS]         = { s_op_status, NULL },
    [HALL_OP_ISSUE]          = { s_op_issue, NULL },
    [HALL_OP_CALL]           = { s_op_call, NULL },
    [HALL_OP_RECALL]         = { s_op_recall, NULL },
    [HALL_OP_START]          = { s_op_start, NULL },
    [HALL_OP_FINISH]         = { s_op_finish, NULL },
    [HALL_OP_NOSHOW]         = { s_op_noshow, NULL },
    [HALL_OP_REQUEUE]        = { s_op_requeue, NULL },
    [HALL_OP_TRANSFER]       = { s_op_transfer, NULL },
    [HALL_OP_CANCEL]         = { s_op_cancel, NULL },
    [HALL_OP_PAUSE]          = { s_op_pause_window, NULL },
    [HALL_OP_RESUME]         = { s_op_resume_window, NULL },
    [HALL_OP_SIGNIN]         = { s_op_signin, NULL },
    [HALL_OP_SIGNOUT]        = { s_op_signout, NULL },
    [HALL_OP_WINDOW_MAP]     = { s_op_window_map, NULL },
    [HALL_OP_CATEGORY_OPEN]  = { s_op_category_open, NULL },
    [HALL_OP_CLOCK]          = { s_op_clock, NULL },
    [HALL_OP_RATE]           = { NULL, hall_rating_op_rate },
    [HALL_OP_RATING_REASONS] = { NULL, hall_rating_op_reasons },
    [HALL_OP_CASE_UPDATE]    = { NULL, hall_case_op_update },
    [HALL_OP_CASES]          = { NULL, hall_case_op_list },
    [HALL_OP_REPORT]         = { NULL, hall_report_op },
    [HALL_OP_DEVICE_ENROLL]  = { s_op_device_enroll, NULL },
    [HALL_OP_DEVICE_LIST]    = { s_op_device_list, NULL },
    [HALL_OP_DEVICE_REVOKE]  = { s_op_device_revoke, NULL },
    [HALL_OP_STAFF_PASSWORD] = { s_op_staff_password, NULL },
};

static int
s_run (hall_engine_t *self, const hall_request_t *req, outcome_t *out)
{
    if (req->op <= HALL_OP_NONE || req->op >= HALL_OP__COUNT)
        return s_fail (out, HALL_E_UNKNOWN_OP, "unknown operation");
    if (s_handlers[req->op].handler)
        return s_handlers[req->op].handler (self, req, out);
    if (s_handlers[req->op].module)
        return s_module (s_handlers[req->op].module, self, req, out);
    return s_fail (out, HALL_E_UNKNOWN_OP, "operation '%s' has no handler", hall_op_name (req->op));
}

/* The stored reply of (client, req), or NULL. */
static char *
s_stored_reply (hall_engine_t *self, const hall_request_t *req)
{
    sqlite3_stmt *stmt = s_stmt (self,
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
    sqlite3_stmt *stmt = s_stmt (self,
        "INSERT INTO request (device, client, req, time, reply) VALUES (?5, ?1, ?2, ?3, ?4)");
    sqlite3_bind_text (stmt, 5, req->device, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 1, req->client, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 2, req->req);
    sqlite3_bind_int64 (stmt, 3, hall_engine_now (self));
    sqlite3_bind_text (stmt, 4, reply, -1, SQLITE_TRANSIENT);
    return s_done (stmt);
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
        sqlite3_stmt *stmt = s_stmt (self, "SELECT clerk IS NOT NULL FROM service_window WHERE number = ?1");
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
    if (writes && s_day_check (self)) {
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
        s_cache_drop (self);
    if (hall_op_has (req->op, HALL_OPF_MAPS_WINDOWS))
        s_lists_drop (self);
    outcome_t out = { .code = HALL_OK };
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
        s_cache_drop (self);
        s_lists_drop (self);
        if (hall_store_in_transaction (self->store))
            hall_store_rollback_to (self->store);
        g_ptr_array_remove_range (events, mark, events->len - mark);
        if (out.code == HALL_E_STORAGE)
            hall_engine_reload (self);
        if (self->failed_signin[0]) {
            sqlite3_stmt *stmt = s_stmt (self, "INSERT INTO signin_failure (staff, time) VALUES (?1, ?2)");
            sqlite3_bind_text (stmt, 1, self->failed_signin, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
            s_done (stmt);
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

/* ---- for the rule modules (engine-private.h) ----------------------------- */

int
hall_engine_storage_fail (hall_engine_t *self, hall_outcome_t *out)
{
    return hall_outcome_fail (out, HALL_E_STORAGE, "database: %s", hall_store_error (self->store));
}

sqlite3_stmt *
hall_engine_stmt (hall_engine_t *self, const char *sql)
{
    return s_stmt (self, sql);
}

hall_store_t *
hall_engine_store (hall_engine_t *self)
{
    return self->store;
}

json_t *
hall_engine_event (hall_engine_t *self, const char *type, int64_t ticket, int window,
                   const char *category, json_t *detail)
{
    return s_event (self, type, ticket, window, category, detail);
}

json_t *
hall_engine_ticket_json (hall_engine_t *self, int64_t id)
{
    return s_ticket_json (self, id);
}

GTimeZone *
hall_engine_tz (hall_engine_t *self)
{
    return self->tz;
}

void
hall_engine_local (hall_engine_t *self, int64_t time, char day[16], int *minute)
{
    s_local (self, time, day, minute);
}
