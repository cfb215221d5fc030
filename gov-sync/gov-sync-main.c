/*  gov-sync-main.c — hall-gov-sync: the hall's 好差评 records to the
 *  provincial platform (docs/OPERATIONS.md, "Reporting 好差评 to the
 *  province").
 *
 *  A thin client like the others: its own device key (HALL_KEY or --key,
 *  role gov_sync, `hallctl enroll gov_sync`), no database.  The server
 *  keeps every record's delivery state; this program only asks it what is
 *  due (gov.pending), maps each record to the province's fields (gov-map),
 *  delivers it (gov-post over HTTP(S), or gov-file into day files), and
 *  tells the server what the platform said (gov.result).  A record is
 *  `accepted` only after the platform's answer, or after the files hold it
 *  on disk; killed at any moment, it delivers the record again on its next
 *  pass, with the same idempotency key, so the platform keeps it once.
 */
#define G_LOG_DOMAIN "hall-gov-sync"
#include "gov-file.h"
#include "gov-map.h"
#include "gov-post.h"
#include "session.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t s_stop;

static void
s_on_signal (int signum)
{
    (void) signum;
    s_stop = 1;
}

static const char *s_description =
    "Delivers the hall's 好差评 records (every rating, per 办件, and every closed\n"
    "差评 case) from hall-server to the provincial platform, or into day files.\n"
    "\n"
    "It connects as a device of role gov_sync: the key file `hallctl enroll\n"
    "gov_sync --out FILE` wrote, named by --key or HALL_KEY.  The loop: ask the\n"
    "server for the records due (gov.pending), map each one to the province's\n"
    "fields ([fields] of the config; Zhejiang-style by default), POST it as JSON\n"
    "with its key as Idempotency-Key, and report the answer (gov.result):\n"
    "  accepted  2xx and the body's code says success\n"
    "  retry     down, timeout, 5xx, 429, 401/403, a body it cannot read:\n"
    "            the server tries it again after a back-off (1, 2, 4 … 60 min)\n"
    "  refused   4xx, or the body's code says the record is invalid: held for a\n"
    "            person with the platform's reason (gov.held, the dashboard)\n"
    "When nothing is due it waits [sync] poll seconds (30) and asks again.\n"
    "\n"
    "The config file (GKeyFile; default /etc/hall/gov-sync.conf):\n"
    "  [server]   requests=tcp://127.0.0.1:5570  key=FILE\n"
    "  [platform] mode=http|file  url=  case_url=  timeout=10  ca_file=\n"
    "             token_header=  token_file=  idempotency_header=Idempotency-Key\n"
    "             dir=  (file mode: DIR/gov-YYYY-MM-DD.csv and .jsonl)\n"
    "  [reply]    code=code  success=0;200  invalid=  message=msg  id=data.id\n"
    "  [fields]   provinceField=record.path[|time|join|map:SECTION|bool01|string]\n"
    "  [channels] pad=4 phone=3 admin=5 default=0      [kinds] rating=1 case=2\n"
    "  [format]   time=yyyy-MM-dd HH:mm:ss  timezone=Asia/Shanghai  defaults=zhejiang|none\n"
    "  [sync]     poll=30  limit=20\n"
    "\n"
    "Exit status: 0 done (--once: nothing left it could deliver), 1 the server\n"
    "or the platform's files failed, 2 a usage or config error.  The log never\n"
    "carries the token, a record's text or a phone number.";

typedef struct {
    hall_session_t *session;
    gov_map_t      *map;
    gov_post_t     *post;       /* mode=http */
    gov_file_t     *file;       /* mode=file */
    int             limit;
    int             die_after;  /* tests: _exit after this many file writes, before gov.result (0: never) */
    int             written;
} s_sync_t;

/* TEXT for a log line: runs of 7 or more digits (a phone number the
 * platform might echo) masked.  g_free. */
static char *
s_loggable (const char *text)
{
    GString *out = g_string_new (NULL);
    for (const char *p = text ? text : ""; *p;) {
        size_t run = strspn (p, "0123456789");
        if (run >= 7)
            g_string_append (out, "***");
        else
            g_string_append_len (out, p, (gssize) run);
        p += run;
        if (*p)
            g_string_append_c (out, *p++);
    }
    return g_string_free (out, FALSE);
}

/* Tells the server what became of RECORD; FALSE when the server did not
 * answer (the record stays pending: the next pass delivers it again). */
static gboolean
s_result (s_sync_t *self, json_t *record, const gov_verdict_t *verdict)
{
    const char *outcome = verdict->outcome == GOV_ACCEPTED ? "accepted"
                        : verdict->outcome == GOV_REFUSED ? "refused" : "retry";
    json_t *args = json_pack ("{s:O, s:s}", "id", json_object_get (record, "id"), "outcome", outcome);
    if (verdict->outcome != GOV_ACCEPTED)
        json_object_set_new (args, "reason", json_string (verdict->reason));
    else if (*verdict->platform_id)
        json_object_set_new (args, "platform_id", json_string (verdict->platform_id));
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (self->session, HALL_OP_GOV_RESULT, args, &reply);
    json_decref (args);
    const char *key = json_string_value (json_object_get (record, "key"));
    g_autofree char *reason = s_loggable (verdict->reason);
    if (rc == HALL_OK)
        g_message ("record %s (%s): %s%s%s", key, json_string_value (json_object_get (record, "kind")), outcome,
                   verdict->outcome != GOV_ACCEPTED ? ": " : "", verdict->outcome != GOV_ACCEPTED ? reason : "");
    else
        g_warning ("record %s: the server did not take '%s': %s %s", key, outcome, hall_error_name (rc),
                   reply.message);
    hall_reply_clear (&reply);
    return rc == HALL_OK || rc == HALL_E_BAD_STATE || rc == HALL_E_BAD_FIELD;
}

/* One record: mapped, delivered, reported.  Returns 1 delivered or
 * answered, 0 the platform is unreachable (end the pass), -1 the server
 * or the files failed. */
static int
s_deliver (s_sync_t *self, json_t *record)
{
    json_t *mapped = gov_map_apply (self->map, record);
    gov_verdict_t verdict = { 0 };
    if (self->post)
        gov_post_deliver (self->post, json_string_value (json_object_get (record, "kind")),
                          json_string_value (json_object_get (record, "key")), mapped, &verdict);
    else {
        GError *error = NULL;
        if (!gov_file_write (self->file, record, mapped, &error)) {
            g_warning ("%s", error->message);
            g_error_free (error);
            json_decref (mapped);
            return -1;
        }
        verdict.outcome = GOV_ACCEPTED;
        if (self->die_after && ++self->written >= self->die_after)
            _exit (99);          /* a crash between the fsync and `accepted` */
    }
    json_decref (mapped);
    if (!s_result (self, record, &verdict))
        return -1;
    return verdict.unreachable ? 0 : 1;
}

/* Delivers what is due until nothing is (or the platform is down).
 * Returns how many records it handled, or -1 when the server failed. */
static int
s_pass (s_sync_t *self)
{
    int handled = 0;
    json_int_t previous = -1;       /* the first record of the last batch */
    while (!s_stop) {
        json_t *args = json_pack ("{s:i}", "limit", self->limit);
        hall_reply_t reply;
        hall_error_t rc = hall_session_call (self->session, HALL_OP_GOV_PENDING, args, &reply);
        json_decref (args);
        if (rc != HALL_OK) {
            g_warning ("gov.pending: %s %s", hall_error_name (rc), reply.message);
            hall_reply_clear (&reply);
            return -1;
        }
        json_t *records = json_object_get (reply.result, "records");
        size_t n = json_array_size (records);
        json_int_t first = json_integer_value (json_object_get (json_array_get (records, 0), "id"));
        if (n && first == previous) {
            /* The server kept them due (it refused our answers): never a
             * tight loop; the next pass tries again. */
            hall_reply_clear (&reply);
            break;
        }
        previous = first;
        int outcome = 1;
        for (size_t i = 0; i < n && outcome == 1 && !s_stop; i++, handled++)
            outcome = s_deliver (self, json_array_get (records, i));
        hall_reply_clear (&reply);
        if (outcome < 0)
            return -1;
        if (outcome == 0 || n < (size_t) self->limit)
            break;                  /* down: the server says when to try again; or all done */
    }
    return handled;
}

static void
s_sync_clear (s_sync_t *self)
{
    hall_session_destroy (&self->session);
    gov_post_destroy (&self->post);
    gov_file_destroy (&self->file);
    gov_map_destroy (&self->map);
}

/* Sleeps SECONDS, or less when a signal comes. */
static void
s_wait (double seconds)
{
    struct timespec left = { (time_t) seconds, (long) ((seconds - (time_t) seconds) * 1e9) };
    while (!s_stop && nanosleep (&left, &left) != 0 && errno == EINTR)
        ;
}

static int
s_fail (const char *format, ...) G_GNUC_PRINTF (1, 2);
static int
s_fail (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    fprintf (stderr, "hall-gov-sync: ");
    vfprintf (stderr, format, args);
    fprintf (stderr, "\n");
    va_end (args);
    return 2;
}

int
main (int argc, char *argv[])
{
    setlocale (LC_ALL, "");
    g_autofree char *config_path = NULL, *server = NULL, *key = NULL;
    gboolean once = FALSE, version = FALSE;
    GOptionEntry options[] = {
        { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "The config file (default /etc/hall/gov-sync.conf)", "FILE" },
        { "server", 's', 0, G_OPTION_ARG_STRING, &server, "Request endpoint (default [server] requests, else tcp://127.0.0.1:5570)", "EP" },
        { "key", 'k', 0, G_OPTION_ARG_FILENAME, &key, "The device key file (default [server] key, else HALL_KEY)", "FILE" },
        { "once", 0, 0, G_OPTION_ARG_NONE, &once, "Deliver what is due now, then exit", NULL },
        { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
        { NULL }
    };
    g_autoptr (GOptionContext) context = g_option_context_new ("— 好差评 records to the provincial platform");
    g_option_context_add_main_entries (context, options, NULL);
    g_option_context_set_description (context, s_description);
    g_autoptr (GError) error = NULL;
    if (!g_option_context_parse (context, &argc, &argv, &error))
        return s_fail ("%s (see --help)", error->message);
    if (version) {
        printf ("hall-gov-sync %s\n", GOV_SYNC_VERSION);
        return 0;
    }
    if (argc > 1)
        return s_fail ("unexpected argument '%s' (see --help)", argv[1]);
    const char *path = config_path ? config_path : "/etc/hall/gov-sync.conf";
    g_autoptr (GKeyFile) config = g_key_file_new ();
    if (!g_key_file_load_from_file (config, path, G_KEY_FILE_NONE, &error))
        return s_fail ("%s: %s", path, error->message);

    /* Every return from here on frees what was made (s_sync_clear). */
    __attribute__ ((cleanup (s_sync_clear))) s_sync_t sync = { 0 };
    sync.limit = g_key_file_has_key (config, "sync", "limit", NULL)
               ? g_key_file_get_integer (config, "sync", "limit", NULL) : 20;
    double poll = g_key_file_has_key (config, "sync", "poll", NULL)
                ? g_key_file_get_double (config, "sync", "poll", NULL) : 30.0;
    if (sync.limit < 1 || sync.limit > 100)
        return s_fail ("%s: [sync] limit: 1-100", path);
    if (!(poll >= 0.05 && poll <= 3600))
        return s_fail ("%s: [sync] poll: seconds, 0.05-3600", path);
    sync.map = gov_map_new (config, path, &error);
    if (!sync.map)
        return s_fail ("%s", error->message);
    g_autofree char *mode = g_key_file_get_string (config, "platform", "mode", NULL);
    if (!mode || strcmp (g_strstrip (mode), "http") == 0) {
        sync.post = gov_post_new (config, path, &error);
        if (!sync.post)
            return s_fail ("%s", error->message);
    }
    else if (strcmp (mode, "file") == 0) {
        g_autofree char *dir = g_key_file_get_string (config, "platform", "dir", NULL);
        if (!dir || !*g_strstrip (dir))
            return s_fail ("%s: [platform] dir: missing (mode=file writes its day files there)", path);
        sync.file = gov_file_new (dir, sync.map, &error);
        if (!sync.file)
            return s_fail ("%s: %s", path, error->message);
        const char *die = g_getenv ("HALL_GOV_SYNC_DIE_AFTER_WRITES");
        sync.die_after = die ? atoi (die) : 0;
    }
    else
        return s_fail ("%s: [platform] mode: http or file, not '%s'", path, mode);

    g_autofree char *key_file = key ? g_strdup (key) : g_key_file_get_string (config, "server", "key", NULL);
    if (key_file) {
        if (!g_file_test (key_file, G_FILE_TEST_IS_REGULAR))
            return s_fail ("%s: no such key file (%s)", key_file, key ? "--key" : "[server] key");
        g_setenv ("HALL_KEY", key_file, TRUE);
    }
    g_autofree char *requests = server ? g_strdup (server) : g_key_file_get_string (config, "server", "requests", NULL);
    sync.session = hall_session_new (requests ? requests : HALL_DEFAULT_REQUESTS, NULL, HALL_ROLE_GOV_SYNC, 0, NULL);
    if (!sync.session)
        return s_fail ("cannot make the sockets for %s", requests ? requests : HALL_DEFAULT_REQUESTS);

    struct sigaction action = { .sa_handler = s_on_signal };
    sigemptyset (&action.sa_mask);
    sigaction (SIGTERM, &action, NULL);
    sigaction (SIGINT, &action, NULL);
    g_message ("delivering to %s%s", sync.post ? "the platform" : "the day files",
               once ? " (one pass)" : "");
    int status = 0;
    while (!s_stop) {
        int handled = s_pass (&sync);
        if (handled < 0 && hall_session_key_refused (sync.session)) {
            g_warning ("the server refuses this device's key: enroll it with `hallctl enroll gov_sync`");
            status = 1;
            if (once)
                break;
        }
        if (once) {
            status = handled < 0 ? 1 : 0;
            break;
        }
        s_wait (poll);
    }
    return status;
}
