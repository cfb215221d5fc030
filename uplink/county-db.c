/*  county-db.c — hall-uplink's connection to the county (county-db.h).
 */
#define G_LOG_DOMAIN "hall-uplink"
#include "county-db.h"

#include <libpq-fe.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

G_DEFINE_QUARK (county-db-error-quark, county_db_error)

/* ---- the tables ---------------------------------------------------------- */

/* A column of a page's rows: its name (as in the page and in the county's
 * table), its SQL type, and what a JSON null or a missing member becomes
 * for a NOT NULL column with a default (NULL: stays SQL NULL). */
typedef struct {
    const char *name;
    const char *type;
    const char *fallback;
} s_column_t;

/* A table the page's rows go to: the page's member, the county's table,
 * its key within the hall, and whether the page carries all the hall's
 * rows (then the hall's rows not in the page are deleted). */
typedef struct {
    const char       *member;
    const char       *table;
    const char       *key;
    bool              whole;
    const s_column_t *columns;
} s_table_t;

static const s_column_t s_event_columns[] = {
    { "seq", "bigint", NULL }, { "time", "bigint", NULL }, { "type", "text", NULL },
    { "ticket", "bigint", NULL }, { "number", "text", NULL }, { "category", "text", NULL },
    { "window", "integer", NULL }, { "clerk", "text", NULL }, { "detail", "jsonb", NULL },
    { NULL }
};

static const s_column_t s_ticket_columns[] = {
    { "id", "bigint", NULL }, { "day", "date", NULL }, { "number", "text", NULL },
    { "category", "text", NULL }, { "state", "text", NULL }, { "green", "boolean", "false" },
    { "issued_at", "bigint", NULL }, { "queued_at", "bigint", NULL }, { "called_at", "bigint", NULL },
    { "started_at", "bigint", NULL }, { "finished_at", "bigint", NULL }, { "window", "integer", NULL },
    { "clerk", "text", NULL }, { "calls", "integer", "0" }, { "requeues", "integer", "0" },
    { "transfers", "integer", "0" }, { "appointment_at", "bigint", NULL }, { "journey", "text", NULL },
    { "journey_current", "integer", NULL },
    { NULL }
};

static const s_column_t s_rating_columns[] = {
    { "id", "bigint", NULL }, { "ticket", "bigint", NULL }, { "step", "integer", NULL },
    { "round", "integer", "1" }, { "category", "text", NULL }, { "window", "integer", NULL },
    { "clerk", "text", NULL }, { "level", "integer", NULL }, { "reasons", "jsonb", "'[]'::jsonb" },
    { "is_default", "boolean", "false" }, { "excluded", "boolean", "false" },
    { "channel", "text", NULL }, { "time", "bigint", NULL },
    { NULL }
};

static const s_column_t s_case_columns[] = {
    { "id", "bigint", NULL }, { "kind", "text", NULL }, { "ticket", "bigint", NULL },
    { "rating", "bigint", NULL }, { "category", "text", NULL }, { "window", "integer", NULL },
    { "clerk", "text", NULL }, { "state", "text", NULL }, { "opened_at", "bigint", NULL },
    { "contact_due", "bigint", NULL }, { "rectify_due", "bigint", NULL },
    { "contacted_at", "bigint", NULL }, { "rectified_at", "bigint", NULL },
    { "revisited_at", "bigint", NULL }, { "verdict_at", "bigint", NULL },
    { "closed_at", "bigint", NULL }, { "anonymous", "boolean", "false" },
    { "verdict_source", "text", NULL },
    { NULL }
};

static const s_column_t s_booking_columns[] = {
    { "id", "bigint", NULL }, { "category", "text", NULL }, { "day", "date", NULL },
    { "slot_start", "integer", NULL }, { "slot_end", "integer", NULL }, { "state", "text", NULL },
    { "channel", "text", NULL }, { "created_at", "bigint", NULL }, { "cancelled_at", "bigint", NULL },
    { "checked_in_at", "bigint", NULL }, { "ticket", "bigint", NULL },
    { NULL }
};

static const s_column_t s_category_columns[] = {
    { "code", "text", NULL }, { "name", "text", NULL }, { "name_en", "text", "''" },
    { "department", "text", NULL }, { "department_code", "text", NULL },
    { "target_wait", "integer", "0" }, { "position", "integer", "0" }, { "open", "boolean", "true" },
    { NULL }
};

static const s_column_t s_window_columns[] = {
    { "number", "integer", NULL }, { "name", "text", NULL }, { "green", "boolean", "false" },
    { "paused", "boolean", "false" }, { "clerk", "text", NULL },
    { "categories", "text[]", "'{}'::text[]" },
    { NULL }
};

static const s_column_t s_staff_columns[] = {
    { "id", "text", NULL }, { "name", "text", NULL }, { "role", "text", "'clerk'" },
    { "disabled", "boolean", "false" },
    { NULL }
};

/* In the order they are written: the events first, then the rows. */
static const s_table_t s_event_table =
    { "events", "event", "seq", false, s_event_columns };
static const s_table_t s_tables[] = {
    { "tickets", "ticket", "id", false, s_ticket_columns },
    { "ratings", "rating", "id", false, s_rating_columns },
    { "cases", "service_case", "id", false, s_case_columns },
    { "bookings", "booking", "id", false, s_booking_columns },
    { "categories", "category", "code", true, s_category_columns },
    { "windows", "service_window", "number", true, s_window_columns },
    { "staff", "staff", "id", true, s_staff_columns },
};
#define S_TABLES G_N_ELEMENTS (s_tables)

/* ---- the statements ------------------------------------------------------ */

/* "SELECT $1, r.a, COALESCE (r.b, 0) … FROM jsonb_to_recordset ($2::jsonb)
 * AS r (a bigint, b integer …)", the rows of a page's member as the
 * table's columns.  DISTINCT ON the key for an upsert: a row twice in one
 * page would make ON CONFLICT touch it twice (an error). */
static void
s_append_select (GString *sql, const s_table_t *table, bool distinct)
{
    g_string_append (sql, "SELECT ");
    if (distinct)
        g_string_append_printf (sql, "DISTINCT ON (r.\"%s\") ", table->key);
    g_string_append (sql, "$1::text");
    for (const s_column_t *c = table->columns; c->name; c++) {
        if (c->fallback)
            g_string_append_printf (sql, ", COALESCE (r.\"%s\", %s)", c->name, c->fallback);
        else
            g_string_append_printf (sql, ", r.\"%s\"", c->name);
    }
    g_string_append (sql, " FROM jsonb_to_recordset ($2::jsonb) AS r (");
    for (const s_column_t *c = table->columns; c->name; c++)
        g_string_append_printf (sql, "%s\"%s\" %s", c == table->columns ? "" : ", ", c->name, c->type);
    g_string_append (sql, ")");
}

static void
s_append_columns (GString *sql, const s_table_t *table)
{
    g_string_append_printf (sql, "INSERT INTO county.%s (hall", table->table);
    for (const s_column_t *c = table->columns; c->name; c++)
        g_string_append_printf (sql, ", \"%s\"", c->name);
    g_string_append (sql, ") ");
}

/* The events: a plain INSERT, so that an event the county holds already
 * fails the page loudly (the key is (hall, seq)). */
static char *
s_insert_sql (const s_table_t *table)
{
    GString *sql = g_string_new (NULL);
    s_append_columns (sql, table);
    s_append_select (sql, table, false);
    return g_string_free (sql, FALSE);
}

static char *
s_upsert_sql (const s_table_t *table)
{
    GString *sql = g_string_new (NULL);
    s_append_columns (sql, table);
    s_append_select (sql, table, true);
    g_string_append_printf (sql, " ON CONFLICT (hall, \"%s\") DO UPDATE SET ", table->key);
    bool first = true;
    for (const s_column_t *c = table->columns; c->name; c++) {
        if (strcmp (c->name, table->key) == 0)
            continue;
        g_string_append_printf (sql, "%s\"%s\" = EXCLUDED.\"%s\"", first ? "" : ", ", c->name, c->name);
        first = false;
    }
    return g_string_free (sql, FALSE);
}

/* The hall's rows of a whole table that the page does not have. */
static char *
s_delete_sql (const s_table_t *table)
{
    const char *type = NULL;
    for (const s_column_t *c = table->columns; c->name; c++)
        if (strcmp (c->name, table->key) == 0)
            type = c->type;
    return g_strdup_printf ("DELETE FROM county.%s AS t WHERE t.hall = $1::text AND NOT EXISTS"
                            " (SELECT 1 FROM jsonb_to_recordset ($2::jsonb) AS r (\"%s\" %s)"
                            " WHERE r.\"%s\" = t.\"%s\")",
                            table->table, table->key, type, table->key, table->key);
}

/* Statement names: "lock", "event", "up:TABLE", "del:TABLE", …  */
static const struct {
    const char *name;
    const char *sql;
} s_fixed[] = {
    { "check", "SELECT county.my_hall (), (SELECT last_seq FROM county.hall WHERE id = $1::text)" },
    { "lock", "SELECT last_seq FROM county.hall WHERE id = $1::text FOR UPDATE" },
    { "hall",
      "UPDATE county.hall SET last_seq = $2::bigint,"
      " last_event_at = COALESCE ($3::bigint, last_event_at),"
      " hall_seq = COALESCE ($4::bigint, hall_seq), hall_time = COALESCE ($5::bigint, hall_time),"
      " hall_day = COALESCE ($6::date, hall_day), seen_at = now (),"
      " hall_name = COALESCE ($7::text, hall_name), area_code = COALESCE ($8::text, area_code),"
      " timezone = COALESCE ($9::text, timezone)"
      " WHERE id = $1::text" },
    { "notify", "SELECT pg_notify ('county', $1::text)" },
    { "heartbeat",
      "UPDATE county.hall SET hall_time = $2::bigint, hall_day = COALESCE ($3::date, hall_day),"
      " seen_at = now () WHERE id = $1::text" },
};

/* ---- the object ---------------------------------------------------------- */

static GHashTable *s_statements_new (void);

struct _county_db_t {
    char    *conninfo;      /* the configured connection string (secret: may hold a password) */
    char    *hall;          /* this hall's county id */
    PGconn  *conn;          /* NULL before the first connect */
    bool     ready;         /* connected and checked */
    int64_t  last_seq;      /* the county's last_seq of the hall, as last read or written */
    bool     moved_said;    /* a page found the county moved on: logged once */
    GHashTable *sql;        /* statement name → SQL (s_statements_new) */
    int      delay_ms;      /* tests: every transaction waits this long before COMMIT */
    volatile sig_atomic_t *stop;  /* set by a signal: roll back what is open */
};

county_db_t *
county_db_new (const char *conninfo, const char *hall, int delay_ms, volatile sig_atomic_t *stop)
{
    county_db_t *self = g_new0 (county_db_t, 1);
    self->conninfo = g_strdup (conninfo);
    self->hall = g_strdup (hall);
    self->sql = s_statements_new ();
    self->delay_ms = MAX (delay_ms, 0);
    self->stop = stop;
    return self;
}

void
county_db_destroy (county_db_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    county_db_t *self = *self_p;
    if (self->conn)
        PQfinish (self->conn);
    if (self->conninfo) {
        memset (self->conninfo, 0, strlen (self->conninfo));
        g_free (self->conninfo);
    }
    g_free (self->hall);
    g_hash_table_destroy (self->sql);
    g_free (self);
    *self_p = NULL;
}

bool
county_db_ready (county_db_t *self)
{
    return self->ready;
}

int64_t
county_db_last_seq (county_db_t *self)
{
    return self->last_seq;
}

/* ---- errors -------------------------------------------------------------- */

/* One line of libpq's message (its first), without the trailing newline. */
static char *
s_first_line (const char *message)
{
    if (!message || !*message)
        return g_strdup ("no message");
    size_t len = strcspn (message, "\n");
    return g_strndup (message, len);
}

/* What went wrong with WHAT (a statement's name) in RESULT, for the log:
 * no DETAIL (it may quote the failing row), and for a data error (class
 * 22, whose message quotes the value) the column only. */
static void
s_set_error (county_db_t *self, GError **error, const char *what, PGresult *result)
{
    const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
    if (!state) {
        g_autofree char *line = s_first_line (PQerrorMessage (self->conn));
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_DOWN, "%s: %s", what, line);
        return;
    }
    /* The server answered with an error on a connection that still
     * works: it refuses the statement (a duplicate event, a row its
     * constraints reject); connection errors (08…), a shutdown (57P…)
     * and a connection lost meanwhile are the county being down. */
    bool refused = PQstatus (self->conn) == CONNECTION_OK && strncmp (state, "08", 2) != 0
                && strncmp (state, "57P", 3) != 0;
    county_db_error_t code = refused ? COUNTY_DB_ERROR_REFUSED : COUNTY_DB_ERROR_DOWN;
    if (strncmp (state, "22", 2) == 0) {
        const char *column = PQresultErrorField (result, PG_DIAG_COLUMN_NAME);
        g_set_error (error, COUNTY_DB_ERROR, code, "%s: invalid data%s%s (SQLSTATE %s)",
                     what, column ? " in column " : "", column ? column : "", state);
        return;
    }
    g_autofree char *line = s_first_line (PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY));
    g_set_error (error, COUNTY_DB_ERROR, code, "%s: %s (SQLSTATE %s)", what, line, state);
}

/* Runs the statement NAME with N text parameters.  The result, or NULL
 * with ERROR. */
static PGresult *
s_run (county_db_t *self, const char *name, int n, const char *const *values, GError **error)
{
    const char *sql = g_hash_table_lookup (self->sql, name);
    g_assert (sql);
    PGresult *result = PQexecParams (self->conn, sql, n, NULL, values, NULL, NULL, 0);
    ExecStatusType status = result ? PQresultStatus (result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return result;
    s_set_error (self, error, name, result);
    PQclear (result);
    return NULL;
}

/* A statement without parameters (BEGIN, COMMIT, ROLLBACK).  0 or -1. */
static int
s_command (county_db_t *self, const char *sql, GError **error)
{
    PGresult *result = PQexec (self->conn, sql);
    int rc = result && PQresultStatus (result) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc)
        s_set_error (self, error, sql, result);
    PQclear (result);
    return rc;
}

/* Gives up the transaction (if the connection still can) and the
 * connection's readiness: the caller reconnects after a pause. */
static void
s_fail (county_db_t *self)
{
    if (PQstatus (self->conn) == CONNECTION_OK && PQtransactionStatus (self->conn) != PQTRANS_IDLE)
        PQclear (PQexec (self->conn, "ROLLBACK"));
    self->ready = false;
}

/* Sleeps the test's delay (none without one), or less when a signal
 * comes. */
static void
s_delay (county_db_t *self)
{
    int64_t until = g_get_monotonic_time () + (int64_t) self->delay_ms * 1000;
    while (!*self->stop) {
        int64_t left = until - g_get_monotonic_time ();
        if (left <= 0)
            break;
        struct timespec step = { 0, (long) MIN (left, 50000) * 1000 };
        nanosleep (&step, NULL);
    }
}

/* With a test's delay, what is otherwise a statement or two of their own
 * (the connect's checks, a heartbeat) runs in a transaction that waits
 * before COMMIT like a page's: BEGIN here, and the wait and COMMIT (or
 * ROLLBACK on a signal) in s_test_commit.  Without one, nothing.  0, or
 * -1 with ERROR (not ready then). */
static int
s_test_begin (county_db_t *self, GError **error)
{
    if (self->delay_ms && s_command (self, "BEGIN", error)) {
        s_fail (self);
        return -1;
    }
    return 0;
}

static int
s_test_commit (county_db_t *self, GError **error)
{
    if (!self->delay_ms)
        return 0;
    s_delay (self);
    if (s_command (self, *self->stop ? "ROLLBACK" : "COMMIT", error)) {
        s_fail (self);
        return -1;
    }
    return 0;
}

/* ---- connecting ---------------------------------------------------------- */

/* Every statement by name, SQL built once (s_fixed and the tables').  Run
 * with PQexecParams rather than prepared per connection: a (re)connect
 * then costs one statement — the check — and PostgreSQL's parse of a
 * page's ten statements is little beside their rows. */
static GHashTable *
s_statements_new (void)
{
    GHashTable *sql = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    for (size_t i = 0; i < G_N_ELEMENTS (s_fixed); i++)
        g_hash_table_insert (sql, g_strdup (s_fixed[i].name), g_strdup (s_fixed[i].sql));
    g_hash_table_insert (sql, g_strdup ("event"), s_insert_sql (&s_event_table));
    for (size_t i = 0; i < S_TABLES; i++) {
        g_hash_table_insert (sql, g_strdup_printf ("up:%s", s_tables[i].table), s_upsert_sql (&s_tables[i]));
        if (s_tables[i].whole)
            g_hash_table_insert (sql, g_strdup_printf ("del:%s", s_tables[i].table),
                                 s_delete_sql (&s_tables[i]));
    }
    GHashTableIter iter;
    gpointer name, text;
    g_hash_table_iter_init (&iter, sql);
    while (g_hash_table_iter_next (&iter, &name, &text))
        g_debug ("statement %s: %s", (char *) name, (char *) text);
    return sql;
}

/* Reads the hall's last_seq into self->last_seq (LOCK: FOR UPDATE, in the
 * page's transaction).  0 or -1. */
static int
s_read_last_seq (county_db_t *self, const char *statement, GError **error)
{
    const char *values[] = { self->hall };
    PGresult *result = s_run (self, statement, 1, values, error);
    if (!result)
        return -1;
    if (PQntuples (result) != 1 || PQgetisnull (result, 0, 0)) {
        PQclear (result);
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_WRONG_HALL,
                     "the county has no hall '%s' that this role may see", self->hall);
        return -1;
    }
    self->last_seq = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
    PQclear (result);
    return 0;
}

int
county_db_connect (county_db_t *self, GError **error)
{
    self->ready = false;
    if (!self->conn) {
        /* Defaults first: the configured string (expanded from dbname)
         * overrides them.  Keepalives and a TCP user timeout so that a cut
         * link fails a statement in seconds, not the kernel's hours. */
        const char *keys[] = { "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
                               "keepalives_count", "tcp_user_timeout", "client_encoding",
                               "application_name", "dbname", NULL };
        const char *values[] = { "10", "1", "10", "5", "3", "30000", "UTF8", "hall-uplink",
                                 self->conninfo, NULL };
        self->conn = PQconnectdbParams (keys, values, 1);
    }
    else
        PQreset (self->conn);
    if (!self->conn) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_DOWN, "out of memory");
        return -1;
    }
    if (PQstatus (self->conn) != CONNECTION_OK) {
        g_autofree char *line = s_first_line (PQerrorMessage (self->conn));
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_DOWN, "cannot connect: %s", line);
        return -1;
    }
    /* One statement: this role's hall, and its last_seq. */
    const char *values[] = { self->hall };
    PGresult *result = s_run (self, "check", 1, values, error);
    if (!result)
        return -1;
    const char *mine = PQntuples (result) == 1 && !PQgetisnull (result, 0, 0) ? PQgetvalue (result, 0, 0) : NULL;
    if (!mine || strcmp (mine, self->hall) != 0 || PQgetisnull (result, 0, 1)) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_WRONG_HALL,
                     "the county's role %s writes for %s%s%s, not for [county] hall '%s'",
                     PQuser (self->conn), mine ? "hall '" : "no hall", mine ? mine : "", mine ? "'" : "",
                     self->hall);
        PQclear (result);
        return -1;
    }
    self->last_seq = g_ascii_strtoll (PQgetvalue (result, 0, 1), NULL, 10);
    PQclear (result);
    self->ready = true;
    return 0;
}

/* ---- a page -------------------------------------------------------------- */

/* A member of OBJECT as text for a parameter: a string as it is, an
 * integer in decimal, anything else (null, missing) NULL.  g_free. */
static char *
s_text (json_t *object, const char *member)
{
    json_t *value = json_object_get (object, member);
    if (json_is_string (value))
        return g_strdup (json_string_value (value));
    if (json_is_integer (value))
        return g_strdup_printf ("%" JSON_INTEGER_FORMAT, json_integer_value (value));
    return NULL;
}

/* Checks that the page's events are objects with seqs after AFTER, in
 * order; sets *LAST and *LAST_TIME to the last event's (AFTER and -1 when
 * there are none).  0, or -1 with ERROR (BAD_PAGE). */
static int
s_check_events (json_t *events, int64_t after, int64_t *last, int64_t *last_time, GError **error)
{
    *last = after;
    *last_time = -1;
    if (!json_is_array (events)) {
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_BAD_PAGE, "the page has no events array");
        return -1;
    }
    size_t i;
    json_t *event;
    json_array_foreach (events, i, event) {
        json_t *seq = json_object_get (event, "seq");
        if (!json_is_integer (seq) || json_integer_value (seq) <= *last) {
            g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_BAD_PAGE,
                         "the page's event %zu has no seq after %" PRId64, i, *last);
            return -1;
        }
        *last = json_integer_value (seq);
        json_t *time = json_object_get (event, "time");
        *last_time = json_is_integer (time) ? json_integer_value (time) : -1;
    }
    return 0;
}

/* Runs statement NAME with the hall and the page's member ROWS as jsonb. */
static int
s_rows (county_db_t *self, const char *name, json_t *rows, GError **error)
{
    char *text = json_dumps (rows, JSON_COMPACT);
    const char *values[] = { self->hall, text };
    PGresult *result = text ? s_run (self, name, 2, values, error) : NULL;
    if (!text)
        g_set_error (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_BAD_PAGE, "%s: cannot encode the rows", name);
    free (text);
    PQclear (result);
    return result ? 0 : -1;
}

/* The page's statements between BEGIN and COMMIT; the result to return
 * when they all ran (or FAILED with ERROR). */
static county_db_result_t
s_write (county_db_t *self, int64_t after, json_t *page, int64_t last, int64_t last_time,
         GError **error)
{
    if (s_read_last_seq (self, "lock", error))
        return COUNTY_DB_FAILED;
    if (self->last_seq != after) {
        /* Said once: two uplinks of one hall take turns page by page. */
        if (!self->moved_said)
            g_message ("the county holds the hall up to %" PRId64 ", not %" PRId64
                       " (another uplink of this hall, or a page written already): reading from there",
                       self->last_seq, after);
        else
            g_debug ("the county holds the hall up to %" PRId64 ", not %" PRId64, self->last_seq, after);
        self->moved_said = true;
        return COUNTY_DB_MOVED;
    }
    json_t *events = json_object_get (page, "events");
    if (json_array_size (events) && s_rows (self, "event", events, error))
        return COUNTY_DB_FAILED;
    for (size_t i = 0; i < S_TABLES; i++) {
        json_t *rows = json_object_get (page, s_tables[i].member);
        if (!json_is_array (rows))
            continue;       /* not in the page: nothing known, nothing deleted */
        g_autofree char *name = g_strdup_printf ("up:%s", s_tables[i].table);
        if (json_array_size (rows) && s_rows (self, name, rows, error))
            return COUNTY_DB_FAILED;
        if (s_tables[i].whole) {
            g_autofree char *del_name = g_strdup_printf ("del:%s", s_tables[i].table);
            if (s_rows (self, del_name, rows, error))
                return COUNTY_DB_FAILED;
        }
    }
    json_t *hall = json_object_get (page, "hall");
    g_autofree char *seq = g_strdup_printf ("%" PRId64, last);
    g_autofree char *event_at = last_time >= 0 ? g_strdup_printf ("%" PRId64, last_time) : NULL;
    g_autofree char *hall_seq = s_text (page, "last_seq");
    g_autofree char *hall_time = s_text (page, "time");
    g_autofree char *hall_day = s_text (page, "day");
    g_autofree char *name = s_text (hall, "name");
    g_autofree char *area_code = s_text (hall, "area_code");
    g_autofree char *timezone = s_text (hall, "timezone");
    const char *values[] = { self->hall, seq, event_at, hall_seq, hall_time, hall_day, name, area_code,
                             timezone };
    PGresult *result = s_run (self, "hall", 9, values, error);
    if (!result)
        return COUNTY_DB_FAILED;
    PQclear (result);
    const char *hall_id[] = { self->hall };
    result = s_run (self, "notify", 1, hall_id, error);
    if (!result)
        return COUNTY_DB_FAILED;
    PQclear (result);
    return COUNTY_DB_WRITTEN;
}

county_db_result_t
county_db_write_page (county_db_t *self, int64_t after, json_t *page, GError **error)
{
    g_return_val_if_fail (self->ready, COUNTY_DB_FAILED);
    int64_t last, last_time;
    if (s_check_events (json_object_get (page, "events"), after, &last, &last_time, error))
        return COUNTY_DB_FAILED;        /* the connection stays as it is: nothing was sent */
    if (s_command (self, "BEGIN", error)) {
        s_fail (self);
        return COUNTY_DB_FAILED;
    }
    county_db_result_t outcome = s_write (self, after, page, last, last_time, error);
    if (outcome == COUNTY_DB_WRITTEN || outcome == COUNTY_DB_MOVED) {
        s_delay (self);         /* a test's delay (county-db.h) */
        if (*self->stop && outcome == COUNTY_DB_WRITTEN)
            outcome = COUNTY_DB_STOPPED;
    }
    if (outcome != COUNTY_DB_WRITTEN) {
        if (outcome == COUNTY_DB_FAILED)
            s_fail (self);
        else if (s_command (self, "ROLLBACK", error)) {
            s_fail (self);
            return COUNTY_DB_FAILED;
        }
        return outcome;
    }
    if (s_command (self, "COMMIT", error)) {
        /* A COMMIT whose answer was lost may have committed: the next
         * connect reads last_seq again, which tells. */
        s_fail (self);
        return COUNTY_DB_FAILED;
    }
    self->last_seq = last;
    return COUNTY_DB_WRITTEN;
}

int
county_db_heartbeat (county_db_t *self, int64_t hall_time, const char *day, GError **error)
{
    g_return_val_if_fail (self->ready, -1);
    g_autofree char *time = g_strdup_printf ("%" PRId64, hall_time);
    const char *values[] = { self->hall, time, day };
    if (s_test_begin (self, error))
        return -1;
    PGresult *result = s_run (self, "heartbeat", 3, values, error);
    if (!result) {
        s_fail (self);
        return -1;
    }
    PQclear (result);
    return s_test_commit (self, error);
}
