/*  uplink-main.c — hall-uplink: the hall's event log to the county's
 *  PostgreSQL database (docs/COUNTY.md).
 *
 *  A thin client like the others: its own device key (role uplink,
 *  `hallctl enroll uplink`), no database of the hall's.  It reads the
 *  hall's log a page at a time from the county's last_seq (events.read)
 *  and writes each page in one PostgreSQL transaction (county-db), which
 *  checks the county's last_seq again under a row lock: killed at any
 *  moment, nothing of a page is at the county, and started again it reads
 *  from where the county is, so every event arrives exactly once.  Caught
 *  up, it follows the hall's events like a board (the session's mirror)
 *  and reads again when the hall has a new one; meanwhile it stamps the
 *  hall's clock and seen_at every [sync] heartbeat seconds.
 */
#define G_LOG_DOMAIN "hall-uplink"
#include "county-db.h"
#include "session.h"

#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_PAUSE_MAX 30.0        /* seconds: the longest back-off */

static volatile sig_atomic_t s_stop;

static void
s_on_signal (int signum)
{
    (void) signum;
    s_stop = 1;
}

static const char *s_description =
    "Copies the hall's event log, and the current rows of what the events\n"
    "touched, from hall-server to the county's PostgreSQL database, one page of\n"
    "events.read per transaction (docs/COUNTY.md).\n"
    "\n"
    "It connects to the hall as a device of role uplink (the key file `hallctl\n"
    "enroll uplink --out FILE` wrote, named by [server] key or HALL_KEY), and to\n"
    "the county as the hall's login role, whose county.my_hall() must be\n"
    "[county] hall.  Caught up, it waits for the hall's next event and every\n"
    "[sync] heartbeat seconds stamps the hall's clock at the county.  A county or\n"
    "a hall server that does not answer is tried again after 1, 2, 4 … 30 s.\n"
    "\n"
    "The config file (GKeyFile; default /etc/hall/uplink.conf):\n"
    "  [server]  requests=tcp://127.0.0.1:5570  events=tcp://127.0.0.1:5571  key=FILE\n"
    "  [county]  hall=ID  conninfo=host=… dbname=county user=… sslmode=verify-full …\n"
    "            (the password from ~/.pgpass, passfile= or a client certificate)\n"
    "  [sync]    page=500 (events per transaction, 1-2000)  heartbeat=5 (seconds)\n"
    "\n"
    "Test only: HALL_UPLINK_TEST_DELAY_MS=N sleeps N ms inside each page's\n"
    "transaction just before COMMIT (so that a test can kill it mid-page); each\n"
    "heartbeat then runs in a transaction that waits as long.\n"
    "\n"
    "Exit status: 0 done (--once: the county holds everything the hall had when\n"
    "it started; or stopped by SIGTERM/SIGINT), 1 the server or the county\n"
    "failed (--once), 2 a usage or config error.  The log never carries a row's\n"
    "contents or the conninfo.";

typedef struct {
    hall_session_t *session;
    county_db_t    *county;
    int             page;           /* [sync] page */
    int64_t         heartbeat;      /* [sync] heartbeat, µs */
    bool            once;
    int             delay_ms;       /* tests: HALL_UPLINK_TEST_DELAY_MS */
    bool            county_down;    /* said so in the log (once per outage) */
    bool            server_down;
    bool            hall_behind;    /* said so: the hall's log ends before the county's */
    double          county_pause;   /* the next back-off, seconds */
    double          server_pause;
    int64_t         mirror_seen;    /* the mirror's seq when the last page was asked for */
    bool            news;           /* the hall has events past those (s_on_event) */
    int64_t         written_at;     /* monotonic µs of the last write to the county */
    int64_t         copied;         /* events copied since the last time it caught up */
    int             pages;          /* pages with events written since then */
    bool            caught_up;      /* it has been caught up once (said so) */
} s_uplink_t;

static void
s_uplink_clear (s_uplink_t *self)
{
    hall_session_destroy (&self->session);
    county_db_destroy (&self->county);
}

static int
s_fail (const char *format, ...) G_GNUC_PRINTF (1, 2);
static int
s_fail (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    fprintf (stderr, "hall-uplink: ");
    vfprintf (stderr, format, args);
    fprintf (stderr, "\n");
    va_end (args);
    return 2;
}

/* ---- link states: logged once when a link goes and once when it is back -- */

/* What comes after a failure, for the log. */
static const char *
s_then (s_uplink_t *self)
{
    return self->once ? "giving up (--once)" : "trying again after 1, 2, 4 … 30 s";
}

static void
s_county_failed (s_uplink_t *self, const char *reason)
{
    if (!self->county_down)
        g_warning ("the county does not answer (%s): %s", reason, s_then (self));
    self->county_down = true;
}

static void
s_county_ok (s_uplink_t *self)
{
    if (self->county_down)
        g_message ("the county is back: it holds the hall up to %" PRId64,
                   county_db_last_seq (self->county));
    self->county_down = false;
    self->county_pause = 1;
}

static void
s_server_failed (s_uplink_t *self, const char *what, hall_error_t rc, const char *message)
{
    if (rc == HALL_E_KEY_REFUSED) {
        if (!self->server_down)
            g_warning ("the hall server refuses this device's key: enroll it with `hallctl enroll uplink`");
    }
    else if (!self->server_down)
        g_warning ("the hall server: %s failed (%s%s%s): %s",
                   what, hall_error_name (rc), message && *message ? ": " : "", message ? message : "",
                   s_then (self));
    self->server_down = true;
}

static void
s_server_ok (s_uplink_t *self)
{
    if (self->server_down)
        g_message ("the hall server answers again");
    self->server_down = false;
    self->server_pause = 1;
}

/* Waits *PAUSE seconds, keeping the session going (its mirror follows the
 * hall), then doubles *PAUSE up to S_PAUSE_MAX.  For the server
 * (FOR_SERVER), the wait ends early once the server is heard again. */
static void
s_pause (s_uplink_t *self, double *pause, bool for_server)
{
    int64_t until = g_get_monotonic_time () + (int64_t) (*pause * G_USEC_PER_SEC);
    bool was_online = hall_session_online (self->session);
    while (!s_stop) {
        int64_t left = until - g_get_monotonic_time ();
        if (left <= 0)
            break;
        hall_session_pump (self->session, (int) MIN (left / 1000 + 1, 200));
        if (for_server && !was_online && hall_session_online (self->session))
            break;
        was_online = was_online && hall_session_online (self->session);
    }
    *pause = MIN (*pause * 2, S_PAUSE_MAX);
}

/* ---- the county ---------------------------------------------------------- */

/* Connects when not connected.  1 ready, 0 not (logged), -1 wrong hall
 * (a configuration error: logged, exit 2). */
static int
s_county_up (s_uplink_t *self)
{
    if (county_db_ready (self->county))
        return 1;
    g_autoptr (GError) error = NULL;
    if (county_db_connect (self->county, &error) == 0)
        return 1;           /* back only once a page or a heartbeat is written (s_county_ok) */
    if (g_error_matches (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_WRONG_HALL)) {
        s_fail ("%s: check [county] hall and the conninfo's user", error->message);
        return -1;
    }
    s_county_failed (self, error->message);
    return 0;
}

/* ---- a page -------------------------------------------------------------- */

typedef enum { S_PAGE_MORE, S_PAGE_DONE, S_PAGE_SERVER_FAILED, S_PAGE_COUNTY_FAILED } s_page_t;

/* Reads one page from the county's last_seq and writes it.  MORE: the
 * hall has more after it (or the page was dropped: read again). */
static s_page_t
s_copy_page (s_uplink_t *self)
{
    int64_t after = county_db_last_seq (self->county);
    hall_mirror_t *mirror = hall_session_mirror (self->session);
    self->mirror_seen = hall_mirror_loaded (mirror) ? hall_mirror_seq (mirror) : 0;
    self->news = false;         /* this page has what the hall had; events from now on are news */
    json_t *args = json_pack ("{s:I, s:i}", "after", (json_int_t) after, "limit", self->page);
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (self->session, HALL_OP_EVENTS_READ, args, &reply);
    json_decref (args);
    if (rc != HALL_OK) {
        if (!s_stop)
            s_server_failed (self, "events.read", rc, reply.message);
        hall_reply_clear (&reply);
        return S_PAGE_SERVER_FAILED;
    }
    s_server_ok (self);
    json_t *page = reply.result;
    size_t count = json_array_size (json_object_get (page, "events"));
    json_t *jlast = json_object_get (page, "last_seq");
    int64_t hall_last = json_is_integer (jlast) ? json_integer_value (jlast) : after;
    bool more = json_is_true (json_object_get (page, "more")) && count > 0;

    g_autoptr (GError) error = NULL;
    county_db_result_t written = county_db_write_page (self->county, after, page, &error);
    hall_reply_clear (&reply);
    switch (written) {
    case COUNTY_DB_WRITTEN:
        s_county_ok (self);
        self->written_at = g_get_monotonic_time ();
        self->copied += (int64_t) count;
        if (count)
            self->pages++;
        g_debug ("page after %" PRId64 ": %zu events, the hall at %" PRId64, after, count, hall_last);
        if (hall_last < after && !self->hall_behind)
            g_warning ("the hall's log ends at %" PRId64 ", before the county's %" PRId64
                       " (a hall database restored from a backup?): waiting for the hall to pass it",
                       hall_last, after);
        self->hall_behind = hall_last < after;
        /* A page with events is followed by another read, even the last
         * one: the empty page that ends a catch-up is what tells the hall's
         * server the county holds everything (its lag watch, docs/PROTOCOL.md
         * "events.read"), also in a hall where nothing more happens. */
        return more || count > 0 ? S_PAGE_MORE : S_PAGE_DONE;
    case COUNTY_DB_MOVED:
        s_county_ok (self);
        return S_PAGE_MORE;
    case COUNTY_DB_STOPPED:
        return S_PAGE_DONE;
    case COUNTY_DB_FAILED:
    default:
        if (g_error_matches (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_BAD_PAGE)) {
            s_server_failed (self, "events.read", HALL_E_INTERNAL, error->message);
            return S_PAGE_SERVER_FAILED;
        }
        if (g_error_matches (error, COUNTY_DB_ERROR, COUNTY_DB_ERROR_REFUSED)) {
            /* Loud, and once: the same page will be refused again until
             * someone looks (a duplicate event means the county holds
             * events its last_seq does not count). */
            if (!self->county_down)
                g_warning ("the county refuses the page after %" PRId64 " (%s): %s", after, error->message,
                           s_then (self));
            self->county_down = true;
        }
        else
            s_county_failed (self, error ? error->message : "?");
        return S_PAGE_COUNTY_FAILED;
    }
}

/* ---- caught up ----------------------------------------------------------- */

/* An event applied to the mirror, or a resync (EVENT NULL): news when
 * the hall is now past what the county holds and what the last page saw
 * (the seqs of its published events are those of its log). */
static void
s_on_event (hall_session_t *session, json_t *event, void *user)
{
    s_uplink_t *self = user;
    (void) event;
    hall_mirror_t *mirror = hall_session_mirror (session);
    if (hall_mirror_seq (mirror) > MAX (county_db_last_seq (self->county), self->mirror_seen))
        self->news = true;
}

/* Waits until the hall has an event the county lacks (s_on_event), or
 * the county's link needs mending, or a signal.  Every heartbeat with nothing
 * new: the hall's clock and seen_at only — when the mirror follows the
 * hall; otherwise a page is read (an empty one stamps the clock too, and
 * a server that does not answer shows). */
static void
s_idle (s_uplink_t *self)
{
    hall_mirror_t *mirror = hall_session_mirror (self->session);
    while (!s_stop && county_db_ready (self->county) && !self->news) {
        int64_t now = g_get_monotonic_time ();
        if (now - self->written_at >= self->heartbeat) {
            if (!hall_mirror_loaded (mirror) || !hall_session_online (self->session))
                return;
            g_autoptr (GError) error = NULL;
            if (county_db_heartbeat (self->county, hall_session_server_time (self->session),
                                     hall_mirror_day (mirror), &error)) {
                s_county_failed (self, error->message);
                return;
            }
            s_county_ok (self);
            self->written_at = now;
            continue;
        }
        int64_t left = self->written_at + self->heartbeat - now;
        hall_session_pump (self->session, (int) MIN (left / 1000 + 1, 1000));
    }
}

/* ---- main ---------------------------------------------------------------- */

/* The copying loop; the exit status. */
static int
s_run (s_uplink_t *self)
{
    self->county_pause = self->server_pause = 1;
    bool started = false;
    while (!s_stop) {
        int up = s_county_up (self);
        if (up < 0)
            return 2;
        if (up == 0) {
            if (self->once)
                return 1;
            s_pause (self, &self->county_pause, false);
            continue;
        }
        if (!started) {
            g_message ("the county holds the hall up to %" PRId64 ": copying from there%s",
                       county_db_last_seq (self->county), self->once ? " (--once)" : "");
            started = true;
        }
        s_page_t outcome = s_copy_page (self);
        if (s_stop)
            break;
        if (outcome == S_PAGE_SERVER_FAILED) {
            if (self->once)
                return 1;
            s_pause (self, &self->server_pause, true);
            continue;
        }
        if (outcome == S_PAGE_COUNTY_FAILED) {
            if (self->once)
                return 1;
            s_pause (self, &self->county_pause, false);
            continue;
        }
        if (outcome == S_PAGE_MORE)
            continue;
        /* Said once it is there, and after a catch-up of more than a
         * page; following the hall event by event is not news. */
        if (!self->caught_up || self->pages > 1)
            g_message ("caught up: the county holds the hall up to %" PRId64 " (%" PRId64 " events copied)",
                       county_db_last_seq (self->county), self->copied);
        else
            g_debug ("the county holds the hall up to %" PRId64, county_db_last_seq (self->county));
        self->caught_up = true;
        self->copied = 0;
        self->pages = 0;
        if (self->once)
            return 0;
        s_idle (self);
    }
    return 0;
}

/* A positive integer of [SECTION] KEY, or FALLBACK when it is not there;
 * -1 when it is there but not a number within MIN..MAX. */
static int64_t
s_config_int (GKeyFile *config, const char *section, const char *key, int64_t fallback,
              int64_t min, int64_t max)
{
    if (!g_key_file_has_key (config, section, key, NULL))
        return fallback;
    GError *error = NULL;
    int64_t value = g_key_file_get_int64 (config, section, key, &error);
    if (error) {
        g_error_free (error);
        return -1;
    }
    return value >= min && value <= max ? value : -1;
}

/* [SECTION] KEY, stripped, or NULL when missing or empty.  g_free. */
static char *
s_config_string (GKeyFile *config, const char *section, const char *key)
{
    char *value = g_key_file_get_string (config, section, key, NULL);
    if (value && !*g_strstrip (value))
        g_clear_pointer (&value, g_free);
    return value;
}

int
main (int argc, char *argv[])
{
    setlocale (LC_ALL, "");
    g_autofree char *config_path = NULL;
    gboolean once = FALSE, version = FALSE;
    GOptionEntry options[] = {
        { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "The config file (default /etc/hall/uplink.conf)", "FILE" },
        { "once", 0, 0, G_OPTION_ARG_NONE, &once, "Copy until the county holds everything the hall has, then exit", NULL },
        { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
        { NULL }
    };
    g_autoptr (GOptionContext) context = g_option_context_new ("— the hall's event log to the county");
    g_option_context_add_main_entries (context, options, NULL);
    g_option_context_set_description (context, s_description);
    g_autoptr (GError) error = NULL;
    if (!g_option_context_parse (context, &argc, &argv, &error))
        return s_fail ("%s (see --help)", error->message);
    if (version) {
        printf ("hall-uplink %s\n", UPLINK_VERSION);
        return 0;
    }
    if (argc > 1)
        return s_fail ("unexpected argument '%s' (see --help)", argv[1]);
    const char *path = config_path ? config_path : "/etc/hall/uplink.conf";
    g_autoptr (GKeyFile) config = g_key_file_new ();
    if (!g_key_file_load_from_file (config, path, G_KEY_FILE_NONE, &error))
        return s_fail ("%s: %s", path, error->message);

    /* Every return from here on frees what was made (s_uplink_clear). */
    __attribute__ ((cleanup (s_uplink_clear))) s_uplink_t uplink = { 0 };
    uplink.once = once;
    int64_t page = s_config_int (config, "sync", "page", 500, 1, 2000);
    if (page < 0)
        return s_fail ("%s: [sync] page: events per transaction, 1-2000", path);
    uplink.page = (int) page;
    double heartbeat = 5;
    if (g_key_file_has_key (config, "sync", "heartbeat", NULL)) {
        heartbeat = g_key_file_get_double (config, "sync", "heartbeat", &error);
        if (error || !(heartbeat >= 0.1 && heartbeat <= 3600))
            return s_fail ("%s: [sync] heartbeat: seconds, 0.1-3600", path);
    }
    uplink.heartbeat = (int64_t) (heartbeat * G_USEC_PER_SEC);
    g_autofree char *hall = s_config_string (config, "county", "hall");
    if (!hall)
        return s_fail ("%s: [county] hall: missing (this hall's id at the county)", path);
    if (strlen (hall) > 32 || strspn (hall, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-") != strlen (hall))
        return s_fail ("%s: [county] hall: 1-32 letters, digits, '_' or '-'", path);
    g_autofree char *conninfo = s_config_string (config, "county", "conninfo");
    if (!conninfo)
        return s_fail ("%s: [county] conninfo: missing (a libpq connection string)", path);
    const char *delay = g_getenv ("HALL_UPLINK_TEST_DELAY_MS");
    uplink.delay_ms = delay ? atoi (delay) : 0;

    g_autofree char *key_file = s_config_string (config, "server", "key");
    if (key_file) {
        if (!g_file_test (key_file, G_FILE_TEST_IS_REGULAR))
            return s_fail ("%s: no such key file ([server] key)", key_file);
        g_setenv ("HALL_KEY", key_file, TRUE);
    }
    g_autofree char *requests = s_config_string (config, "server", "requests");
    g_autofree char *events = s_config_string (config, "server", "events");
    const char *requests_ep = requests ? requests : HALL_DEFAULT_REQUESTS;
    const char *events_ep = events ? events : HALL_DEFAULT_EVENTS;
    /* --once reads pages only; the loop follows the hall's events too. */
    uplink.session = hall_session_new (requests_ep, once ? NULL : events_ep, HALL_ROLE_UPLINK, 0, NULL);
    if (!uplink.session)
        return s_fail ("cannot make the sockets for %s and %s", requests_ep, events_ep);
    /* A page of 2000 events with its rows takes the server a while: 2 s a
     * try, then 4 and 8 (14 s in all before the server counts as down). */
    hall_session_set_timeout (uplink.session, 2000, 2);
    hall_session_on_event (uplink.session, s_on_event, &uplink);
    uplink.county = county_db_new (conninfo, hall, uplink.delay_ms, &s_stop);
    memset (conninfo, 0, strlen (conninfo));

    struct sigaction action = { .sa_handler = s_on_signal };
    sigemptyset (&action.sa_mask);
    sigaction (SIGTERM, &action, NULL);
    sigaction (SIGINT, &action, NULL);
    signal (SIGPIPE, SIG_IGN);
    int status = s_run (&uplink);
    if (s_stop)
        g_message ("stopped by a signal");
    return status;
}
