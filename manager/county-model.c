/*  county-model.c — see county-model.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "county-model.h"
#include "county-db.h"
#include "i18n.h"

#include <glib-unix.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

/* What the one connection is doing.  A refresh is a run of steps, one
 * statement each; only one statement is on the wire at a time. */
typedef enum {
    STEP_IDLE,          /* nothing sent */
    STEP_LISTEN,        /* LISTEN county */
    STEP_HALLS,         /* the table of halls */
    STEP_CATEGORIES,    /* the detail's categories */
    STEP_WINDOWS,       /* the detail's windows */
} step_t;

struct _CountyModel {
    GObject          parent_instance;
    char            *conninfo;       /* secret: may hold a password, never logged */
    int              offline_after;  /* seconds */
    PGconn          *conn;           /* NULL between attempts */
    gboolean         connecting;     /* PQconnectPoll not done yet */
    gboolean         up;             /* connected and LISTENing */
    guint            watch;          /* g_unix_fd_add on PQsocket */
    int              watch_fd;
    GIOCondition     watch_cond;
    guint            retry_timer;    /* the next attempt */
    int              backoff;        /* seconds before the next attempt */
    gboolean         told_down;      /* the outage was logged */
    step_t           step;
    PGresult        *result;         /* the result of the statement on the wire so far */
    gboolean         dirty;          /* a refresh is wanted */
    gint64           last_refresh;   /* monotonic µs the last refresh began */
    guint            coalesce_timer; /* the refresh deferred to the 300 ms mark */
    guint            period_timer;   /* every 5 s */
    GPtrArray       *halls;          /* county_hall_t, in order of attention */
    char            *password;       /* the conninfo's password, to keep out of the log */
    char            *detail_id;      /* the hall whose detail is asked for, or NULL */
    char            *reading_id;     /* the hall whose detail is being read */
    county_detail_t *detail;         /* its last detail, or NULL */
    county_detail_t *next_detail;    /* the one being read */
};

G_DEFINE_FINAL_TYPE (CountyModel, county_model, G_TYPE_OBJECT)

enum { SIGNAL_HALLS, SIGNAL_DETAIL, SIGNAL_CONNECTION, N_SIGNALS };
static guint s_signals[N_SIGNALS];

/* ---- the statements -------------------------------------------------------
 * One statement for the whole table: each kind of row is grouped by hall
 * once (the indexes ticket_active, ticket_day, service_case_open keep that
 * to the day's and the open rows), then joined to county.hall.  $1 is the
 * offline threshold in seconds.  The order of attention is the ORDER BY. */
static const char s_halls_sql[] =
    "WITH t AS ("
    "  SELECT t.hall,"
    "         count(*) FILTER (WHERE t.state = 'waiting') AS waiting,"
    "         min(t.issued_at) FILTER (WHERE t.state = 'waiting') AS oldest,"
    "         count(*) FILTER (WHERE t.day = h.hall_day) AS issued,"
    "         count(*) FILTER (WHERE t.day = h.hall_day AND t.state = 'finished') AS served"
    "    FROM county.ticket t JOIN county.hall h ON h.id = t.hall"
    "   WHERE t.state = 'waiting' OR t.day = h.hall_day"
    "   GROUP BY t.hall),"
    " w AS ("
    "  SELECT hall, count(*) FILTER (WHERE clerk IS NOT NULL AND NOT paused) AS open"
    "    FROM county.service_window GROUP BY hall),"
    " r AS ("
    "  SELECT r.hall, count(*) AS valid, count(*) FILTER (WHERE r.level >= 3) AS good"
    "    FROM county.rating r"
    "    JOIN county.ticket t ON t.hall = r.hall AND t.id = r.ticket"
    "    JOIN county.hall h ON h.id = r.hall"
    "   WHERE t.day = h.hall_day AND NOT r.is_default AND NOT r.excluded AND r.round = 1"
    "   GROUP BY r.hall),"
    " c AS ("
    "  SELECT c.hall, count(*) AS open,"
    "         count(*) FILTER (WHERE (c.contacted_at IS NULL AND h.hall_time >= c.contact_due)"
    "                             OR (c.rectified_at IS NULL AND h.hall_time >= c.rectify_due)) AS overdue"
    "    FROM county.service_case c JOIN county.hall h ON h.id = c.hall"
    "   WHERE c.state <> 'closed'"
    "   GROUP BY c.hall),"
    " x AS ("
    "  SELECT h.id, h.name, h.timezone,"
    "         coalesce(h.seen_at >= now () - make_interval (secs => $1::int), false) AS online,"
    "         coalesce(extract (epoch FROM h.seen_at)::bigint, 0) AS seen_at,"
    "         coalesce(h.hall_time, 0) AS hall_time,"
    "         coalesce(h.hall_time - h.last_event_at, -1) AS last_event_age,"
    "         coalesce(t.waiting, 0) AS waiting, coalesce(w.open, 0) AS open_windows,"
    "         coalesce(h.hall_time - t.oldest, -1) AS longest_wait,"
    "         coalesce(t.issued, 0) AS issued, coalesce(t.served, 0) AS served,"
    "         coalesce(r.valid, 0) AS ratings_valid, coalesce(r.good, 0) AS ratings_good,"
    "         coalesce(c.open, 0) AS cases_open, coalesce(c.overdue, 0) AS cases_overdue"
    "    FROM county.hall h"
    "    LEFT JOIN t ON t.hall = h.id LEFT JOIN w ON w.hall = h.id"
    "    LEFT JOIN r ON r.hall = h.id LEFT JOIN c ON c.hall = h.id)"
    " SELECT id, name, timezone, online, seen_at, hall_time, last_event_age, waiting, open_windows,"
    "        longest_wait, issued, served, ratings_valid, ratings_good, cases_open, cases_overdue"
    "   FROM x"
    "  ORDER BY (waiting > 0 AND open_windows = 0) DESC, online ASC, cases_overdue DESC,"
    "           longest_wait DESC, name, id";

/* A hall's categories with what waits and today's figures; $1 the hall. */
static const char s_categories_sql[] =
    "SELECT c.code, c.name,"
    "       count(t.id) FILTER (WHERE t.state = 'waiting'),"
    "       coalesce(h.hall_time - min(t.issued_at) FILTER (WHERE t.state = 'waiting'), -1),"
    "       count(t.id) FILTER (WHERE t.day = h.hall_day),"
    "       count(t.id) FILTER (WHERE t.day = h.hall_day AND t.state = 'finished')"
    "  FROM county.category c JOIN county.hall h ON h.id = c.hall"
    "  LEFT JOIN county.ticket t ON t.hall = c.hall AND t.category = c.code"
    "                           AND (t.state = 'waiting' OR t.day = h.hall_day)"
    " WHERE c.hall = $1"
    " GROUP BY c.code, c.name, c.position, h.hall_time"
    " ORDER BY c.position, c.code";

/* A hall's windows with their clerk's name; $1 the hall. */
static const char s_windows_sql[] =
    "SELECT w.number, w.name, coalesce(s.name, w.clerk), w.paused"
    "  FROM county.service_window w"
    "  LEFT JOIN county.staff s ON s.hall = w.hall AND s.id = w.clerk"
    " WHERE w.hall = $1"
    " ORDER BY w.number";

const char *
county_model_order (void)
{
    return _("排序：有人等候却无窗口开放的大厅在前，其次离线的大厅，再按超期案件、最长等候（从多到少）");
}

/* ---- the structs ------------------------------------------------------------ */

static void
s_hall_free (gpointer data)
{
    county_hall_t *hall = data;
    g_free (hall->id);
    g_free (hall->name);
    g_free (hall->timezone);
    g_free (hall);
}

static void
s_category_free (gpointer data)
{
    county_category_t *category = data;
    g_free (category->code);
    g_free (category->name);
    g_free (category);
}

static void
s_window_free (gpointer data)
{
    county_window_t *window = data;
    g_free (window->name);
    g_free (window->clerk);
    g_free (window);
}

static void
s_detail_free (county_detail_t *detail)
{
    if (!detail)
        return;
    g_ptr_array_unref (detail->categories);
    g_ptr_array_unref (detail->windows);
    g_free (detail);
}

static county_detail_t *
s_detail_new (void)
{
    county_detail_t *detail = g_new0 (county_detail_t, 1);
    detail->categories = g_ptr_array_new_with_free_func (s_category_free);
    detail->windows = g_ptr_array_new_with_free_func (s_window_free);
    return detail;
}

static char *
s_text (PGresult *res, int row, int col)
{
    return PQgetisnull (res, row, col) ? NULL : g_strdup (PQgetvalue (res, row, col));
}

static gint64
s_int (PGresult *res, int row, int col)
{
    return PQgetisnull (res, row, col) ? 0 : g_ascii_strtoll (PQgetvalue (res, row, col), NULL, 10);
}

static gboolean
s_bool (PGresult *res, int row, int col)
{
    return !PQgetisnull (res, row, col) && PQgetvalue (res, row, col)[0] == 't';
}

static county_hall_t *
s_find_hall (CountyModel *self, const char *id)
{
    for (guint i = 0; id && i < self->halls->len; i++) {
        county_hall_t *hall = g_ptr_array_index (self->halls, i);
        if (g_strcmp0 (hall->id, id) == 0)
            return hall;
    }
    return NULL;
}

static void
s_read_halls (CountyModel *self, PGresult *res)
{
    GPtrArray *halls = g_ptr_array_new_with_free_func (s_hall_free);
    for (int i = 0; i < PQntuples (res); i++) {
        county_hall_t *hall = g_new0 (county_hall_t, 1);
        hall->id = s_text (res, i, 0);
        hall->name = s_text (res, i, 1);
        hall->timezone = s_text (res, i, 2);
        hall->online = s_bool (res, i, 3);
        hall->seen_at = s_int (res, i, 4);
        hall->hall_time = s_int (res, i, 5);
        hall->last_event_age = s_int (res, i, 6);
        hall->waiting = (int) s_int (res, i, 7);
        hall->open_windows = (int) s_int (res, i, 8);
        hall->longest_wait = s_int (res, i, 9);
        hall->issued = (int) s_int (res, i, 10);
        hall->served = (int) s_int (res, i, 11);
        hall->ratings_valid = (int) s_int (res, i, 12);
        hall->ratings_good = (int) s_int (res, i, 13);
        hall->cases_open = (int) s_int (res, i, 14);
        hall->cases_overdue = (int) s_int (res, i, 15);
        g_ptr_array_add (halls, hall);
    }
    g_ptr_array_unref (self->halls);
    self->halls = halls;
    if (self->detail)                      /* its row went with the old table */
        self->detail->hall = s_find_hall (self, self->detail_id);
}

static void
s_read_categories (CountyModel *self, PGresult *res)
{
    for (int i = 0; i < PQntuples (res); i++) {
        county_category_t *category = g_new0 (county_category_t, 1);
        category->code = s_text (res, i, 0);
        category->name = s_text (res, i, 1);
        category->waiting = (int) s_int (res, i, 2);
        category->longest_wait = s_int (res, i, 3);
        category->issued = (int) s_int (res, i, 4);
        category->served = (int) s_int (res, i, 5);
        g_ptr_array_add (self->next_detail->categories, category);
    }
}

static void
s_read_windows (CountyModel *self, PGresult *res)
{
    for (int i = 0; i < PQntuples (res); i++) {
        county_window_t *window = g_new0 (county_window_t, 1);
        window->number = (int) s_int (res, i, 0);
        window->name = s_text (res, i, 1);
        window->clerk = s_text (res, i, 2);
        window->paused = s_bool (res, i, 3);
        g_ptr_array_add (self->next_detail->windows, window);
    }
}

/* ---- the connection --------------------------------------------------------- */

static gboolean s_socket_ready (gint fd, GIOCondition cond, gpointer data);
static void     s_connect (CountyModel *self);
static void     s_maybe_refresh (CountyModel *self);

/* Watches the connection's socket for COND (0: not at all). */
static void
s_watch (CountyModel *self, GIOCondition cond)
{
    int fd = self->conn ? PQsocket (self->conn) : -1;
    if (self->watch && fd == self->watch_fd && cond == self->watch_cond)
        return;
    g_clear_handle_id (&self->watch, g_source_remove);
    if (fd < 0 || !cond)
        return;
    self->watch_fd = fd;
    self->watch_cond = cond;
    self->watch = g_unix_fd_add (fd, cond | G_IO_ERR | G_IO_HUP, s_socket_ready, self);
}

static gboolean
s_retry (gpointer data)
{
    CountyModel *self = data;
    self->retry_timer = 0;
    s_connect (self);
    return G_SOURCE_REMOVE;
}

/* Logs libpq's TEXT unless it quotes the password (a conninfo that does
 * not parse is quoted back in part). */
static void
s_log (CountyModel *self, const char *what, const char *text)
{
    if (!text)
        text = "?";
    if (self->password && *self->password && strstr (text, self->password))
        text = "(libpq's message quotes the conninfo: not logged)";
    g_autofree char *line = g_strchomp (g_strdup (text));
    g_message ("county database: %s%s", what, line);
}

/* The server's notices (a FATAL before it closes the connection) go to
 * the debug log rather than libpq's stderr. */
static void
s_notice (void *data, const char *message)
{
    g_autofree char *line = g_strchomp (g_strdup (message));
    g_debug ("county database says: %s", line);
}

/* The connection failed or dropped: closes it and tries again later. */
static void
s_lost (CountyModel *self)
{
    gboolean first = !self->told_down;
    if (first) {
        s_log (self, "", self->conn ? PQerrorMessage (self->conn) : NULL);
        self->told_down = TRUE;
    }
    s_watch (self, 0);
    g_clear_pointer (&self->conn, PQfinish);
    g_clear_pointer (&self->next_detail, s_detail_free);
    g_clear_pointer (&self->result, PQclear);
    self->connecting = FALSE;
    self->step = STEP_IDLE;
    self->dirty = TRUE;                  /* read everything again once back */
    gboolean was_up = self->up;
    self->up = FALSE;
    if (was_up || first)
        g_signal_emit (self, s_signals[SIGNAL_CONNECTION], 0, FALSE);
    g_clear_handle_id (&self->retry_timer, g_source_remove);
    self->retry_timer = g_timeout_add_seconds (self->backoff, s_retry, self);
    self->backoff = MIN (self->backoff * 2, 30);
}

static void
s_connect (CountyModel *self)
{
    g_clear_pointer (&self->conn, PQfinish);
    self->conn = PQconnectStart (self->conninfo);
    if (!self->conn || PQstatus (self->conn) == CONNECTION_BAD) {
        s_lost (self);
        return;
    }
    PQsetnonblocking (self->conn, 1);
    PQsetNoticeProcessor (self->conn, s_notice, self);
    self->connecting = TRUE;
    s_watch (self, G_IO_OUT);            /* PGRES_POLLING_WRITING to begin with */
}

/* Sends STEP's statement. */
static void
s_send (CountyModel *self, step_t step)
{
    int ok;
    if (step == STEP_LISTEN)
        ok = PQsendQuery (self->conn, "LISTEN county");
    else if (step == STEP_HALLS) {
        char threshold[16];
        g_snprintf (threshold, sizeof threshold, "%d", self->offline_after);
        const char *values[] = { threshold };
        ok = PQsendQueryParams (self->conn, s_halls_sql, 1, NULL, values, NULL, NULL, 0);
    } else {
        const char *values[] = { self->reading_id };
        ok = PQsendQueryParams (self->conn, step == STEP_CATEGORIES ? s_categories_sql : s_windows_sql,
                                1, NULL, values, NULL, NULL, 0);
    }
    if (!ok) {
        s_lost (self);
        return;
    }
    self->step = step;
    int flushed = PQflush (self->conn);   /* 1: the rest when the socket takes it */
    if (flushed < 0) {
        s_lost (self);
        return;
    }
    s_watch (self, flushed ? G_IO_IN | G_IO_OUT : G_IO_IN);
}

/* STEP's statement is done (RES its result): the next step, or the end of
 * the refresh. */
static void
s_step_done (CountyModel *self, PGresult *res)
{
    step_t step = self->step;
    self->step = STEP_IDLE;
    gboolean ok = res && (PQresultStatus (res) == PGRES_COMMAND_OK || PQresultStatus (res) == PGRES_TUPLES_OK);
    if (res && !ok)
        s_log (self, "a query failed: ", PQresultErrorMessage (res));
    switch (step) {
    case STEP_LISTEN:
        if (!ok) {                        /* not live without it: try again later */
            s_lost (self);
            return;
        }
        self->up = TRUE;
        self->backoff = 1;
        if (self->told_down)
            g_message ("county database: connected again");
        self->told_down = FALSE;
        g_signal_emit (self, s_signals[SIGNAL_CONNECTION], 0, TRUE);
        self->dirty = TRUE;
        break;
    case STEP_HALLS:
        if (ok) {
            s_read_halls (self, res);
            g_signal_emit (self, s_signals[SIGNAL_HALLS], 0);
        }
        if (self->detail_id && self->up) {
            g_clear_pointer (&self->next_detail, s_detail_free);
            self->next_detail = s_detail_new ();
            g_free (self->reading_id);
            self->reading_id = g_strdup (self->detail_id);
            s_send (self, STEP_CATEGORIES);
            return;
        }
        break;
    case STEP_CATEGORIES:
        if (ok && self->next_detail) {
            s_read_categories (self, res);
            s_send (self, STEP_WINDOWS);
            return;
        }
        break;
    case STEP_WINDOWS:
        if (ok && self->next_detail && g_strcmp0 (self->reading_id, self->detail_id) == 0) {
            s_read_windows (self, res);
            s_detail_free (self->detail);
            self->detail = self->next_detail;
            self->next_detail = NULL;
            self->detail->hall = s_find_hall (self, self->detail_id);
            g_signal_emit (self, s_signals[SIGNAL_DETAIL], 0);
        }
        break;
    case STEP_IDLE:
        break;
    }
    g_clear_pointer (&self->next_detail, s_detail_free);
    s_maybe_refresh (self);
}

/* Reads what the server sent: results of the statement on the wire and
 * notifications, which make a refresh due. */
static void
s_input (CountyModel *self)
{
    if (!PQconsumeInput (self->conn)) {
        s_lost (self);
        return;
    }
    PGnotify *notify;
    while ((notify = PQnotifies (self->conn))) {
        self->dirty = TRUE;
        PQfreemem (notify);
    }
    while (self->conn && self->step != STEP_IDLE && !PQisBusy (self->conn)) {
        PGresult *res = PQgetResult (self->conn);
        if (res && !self->result)
            self->result = res;           /* a statement's one result */
        else if (res)
            PQclear (res);
        else {                            /* all in: the next step may send another */
            PGresult *done = self->result;
            self->result = NULL;
            s_step_done (self, done);
            PQclear (done);
        }
    }
    if (self->conn && PQstatus (self->conn) == CONNECTION_BAD)
        s_lost (self);
    else if (self->step == STEP_IDLE)
        s_maybe_refresh (self);
}

static gboolean
s_socket_ready (gint fd, GIOCondition cond, gpointer data)
{
    CountyModel *self = data;
    /* Always CONTINUE: s_watch removes this source itself when the
     * socket or what is awaited changes. */
    if (!self->connecting) {
        if (cond & G_IO_OUT) {
            int flushed = PQflush (self->conn);
            if (flushed < 0) {
                s_lost (self);
                return G_SOURCE_CONTINUE;
            }
            if (!flushed)
                s_watch (self, G_IO_IN);
        }
        if (cond & (G_IO_IN | G_IO_ERR | G_IO_HUP))
            s_input (self);
        return G_SOURCE_CONTINUE;
    }
    switch (PQconnectPoll (self->conn)) {
    case PGRES_POLLING_READING:
        s_watch (self, G_IO_IN);
        break;
    case PGRES_POLLING_WRITING:
        s_watch (self, G_IO_OUT);
        break;
    case PGRES_POLLING_OK:
        self->connecting = FALSE;
        s_send (self, STEP_LISTEN);
        break;
    default:
        s_lost (self);
        break;
    }
    return G_SOURCE_CONTINUE;
}

/* ---- refreshing ------------------------------------------------------------- */

static gboolean
s_coalesced (gpointer data)
{
    CountyModel *self = data;
    self->coalesce_timer = 0;
    s_maybe_refresh (self);
    return G_SOURCE_REMOVE;
}

/* Starts the refresh that is due, when the connection is free and the
 * last one began at least COUNTY_MODEL_COALESCE_MS ago (else later: a
 * burst of notifications is one refresh). */
static void
s_maybe_refresh (CountyModel *self)
{
    if (!self->dirty || !self->up || self->step != STEP_IDLE || self->coalesce_timer)
        return;
    gint64 since = (g_get_monotonic_time () - self->last_refresh) / 1000;
    if (self->last_refresh && since < COUNTY_MODEL_COALESCE_MS) {
        self->coalesce_timer = g_timeout_add ((guint) (COUNTY_MODEL_COALESCE_MS - since), s_coalesced, self);
        return;
    }
    self->dirty = FALSE;
    self->last_refresh = g_get_monotonic_time ();
    s_send (self, STEP_HALLS);
}

void
county_model_refresh (CountyModel *self)
{
    self->dirty = TRUE;
    s_maybe_refresh (self);
}

static gboolean
s_period (gpointer data)
{
    county_model_refresh (data);          /* the link ages and waits move */
    return G_SOURCE_CONTINUE;
}

/* ---- life cycle --------------------------------------------------------------- */

static void
county_model_dispose (GObject *object)
{
    CountyModel *self = COUNTY_MODEL (object);
    s_watch (self, 0);
    g_clear_handle_id (&self->retry_timer, g_source_remove);
    g_clear_handle_id (&self->coalesce_timer, g_source_remove);
    g_clear_handle_id (&self->period_timer, g_source_remove);
    g_clear_pointer (&self->result, PQclear);
    g_clear_pointer (&self->conn, PQfinish);
    G_OBJECT_CLASS (county_model_parent_class)->dispose (object);
}

static void
county_model_finalize (GObject *object)
{
    CountyModel *self = COUNTY_MODEL (object);
    if (self->conninfo) {
        explicit_bzero (self->conninfo, strlen (self->conninfo));   /* it may hold a password */
        g_free (self->conninfo);
    }
    if (self->password) {
        explicit_bzero (self->password, strlen (self->password));
        g_free (self->password);
    }
    g_ptr_array_unref (self->halls);
    g_free (self->detail_id);
    g_free (self->reading_id);
    s_detail_free (self->detail);
    s_detail_free (self->next_detail);
    G_OBJECT_CLASS (county_model_parent_class)->finalize (object);
}

static void
county_model_class_init (CountyModelClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    object_class->dispose = county_model_dispose;
    object_class->finalize = county_model_finalize;
    s_signals[SIGNAL_HALLS] = g_signal_new ("halls", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_DETAIL] = g_signal_new ("detail", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_CONNECTION] = g_signal_new ("connection", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
county_model_init (CountyModel *self)
{
    self->halls = g_ptr_array_new_with_free_func (s_hall_free);
    self->backoff = 1;
    self->watch_fd = -1;
}

CountyModel *
county_model_new (const char *conninfo, int offline_after)
{
    CountyModel *self = g_object_new (COUNTY_TYPE_MODEL, NULL);
    self->conninfo = g_strdup (conninfo ? conninfo : "");
    PQconninfoOption *options = PQconninfoParse (self->conninfo, NULL);
    for (PQconninfoOption *o = options; o && o->keyword; o++)
        if (g_strcmp0 (o->keyword, "password") == 0 && o->val)
            self->password = g_strdup (o->val);
    PQconninfoFree (options);
    self->offline_after = offline_after > 0 ? offline_after : COUNTY_MODEL_OFFLINE_S;
    self->period_timer = g_timeout_add_seconds (COUNTY_MODEL_PERIOD_S, s_period, self);
    s_connect (self);
    return self;
}

gboolean
county_model_connected (CountyModel *self)
{
    return self->up;
}

GPtrArray *
county_model_halls (CountyModel *self)
{
    return self->halls;
}

void
county_model_set_detail (CountyModel *self, const char *id)
{
    if (g_strcmp0 (id, self->detail_id) == 0)
        return;
    g_free (self->detail_id);
    self->detail_id = g_strdup (id);
    g_clear_pointer (&self->detail, s_detail_free);
    if (id)
        county_model_refresh (self);
}

county_detail_t *
county_model_detail (CountyModel *self)
{
    return self->detail;
}

PGconn *
county_model_connect_sync (CountyModel *self, GError **error)
{
    GError *failed = NULL;
    PGconn *db = county_db_connect (self->conninfo, &failed);
    if (db)
        return db;
    if (self->password && *self->password && strstr (failed->message, self->password)) {
        g_set_error (error, failed->domain, failed->code, "%s", _("无法连接县级数据库"));
        g_error_free (failed);
    } else
        g_propagate_error (error, failed);
    return NULL;
}
