/*  it-gov-sync.c — hall-gov-sync against the real hall-server (test clock)
 *  and a stand-in provincial platform: a SoupServer in this process, on
 *  127.0.0.1 at a free port, in a thread of its own, that keeps every
 *  record it took by its idempotency key — the way a platform with
 *  idempotency keys does — and can be switched to answer 500, 400 with a
 *  reason, answer late (longer than the client's timeout), or be down
 *  (its port closed).
 *
 *  "Exactly once" is checked as the platform sees it: one record per key,
 *  every key one the server knows, every record of the server there.  A
 *  resend of the same key after a timeout or a kill is allowed (and is
 *  what the key is for); its count is logged.
 */
#include "harness.h"
#include "session.h"

#include <libsoup/soup.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define MORNING ((gint64) 1795741200)     /* Friday 2026-11-27 09:00 Asia/Shanghai */
#define LATE    ((gint64) 1795794000)     /* Friday 2026-11-27 23:40 Asia/Shanghai */
#define S_PATIENCE_US (60 * G_USEC_PER_SEC)

static const char *s_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\narea_code=330102\n"
    "[category business]\nprefix=A\nname=企业登记\nitem_code=330102-001-XK-01\n"
    "department=市场监管所\ndepartment_code=11330102MB1234567B\n"
    "[window 1]\nprimary=business\n[staff 1001]\nname=王芳\n";

/* ---- the stand-in platform ------------------------------------------------ */

typedef enum { P_ACCEPT, P_FAIL, P_INVALID } p_answer_t;

typedef struct {
    GMutex        lock;
    GCond         cond;
    GThread      *thread;
    GMainContext *context;
    GMainLoop    *loop;
    SoupServer   *server;
    int           port;
    gboolean      ready;
    /* under lock: */
    p_answer_t    answer;
    int           delay_ms;      /* answer this late (the record is kept on arrival) */
    GHashTable   *stored;        /* key → the first body taken (json_t) */
    GHashTable   *posts;         /* key → how many POSTs carried it */
    int           received;      /* POSTs in all */
    int           mismatched;    /* header key ≠ the body's requestId, or none */
    char         *token;         /* the last X-Access-Token seen */
} platform_t;

static gboolean
s_answer_late (gpointer data)
{
    SoupServerMessage *msg = data;
    soup_server_message_unpause (msg);
    g_object_unref (msg);
    return G_SOURCE_REMOVE;
}

static void
s_handle (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user)
{
    platform_t *p = user;
    SoupMessageBody *body = soup_server_message_get_request_body (msg);
    json_t *record = body->length ? json_loadb (body->data, (size_t) body->length, 0, NULL) : NULL;
    SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
    const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
    const char *token = soup_message_headers_get_one (headers, "X-Access-Token");
    g_mutex_lock (&p->lock);
    p->received++;
    if (!key || g_strcmp0 (key, json_string_value (json_object_get (record, "requestId"))) != 0)
        p->mismatched++;
    if (token) {
        g_free (p->token);
        p->token = g_strdup (token);
    }
    p_answer_t answer = p->answer;
    int delay = p->delay_ms;
    if (key) {
        g_hash_table_insert (p->posts, g_strdup (key),
                             GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (p->posts, key)) + 1));
        if (answer == P_ACCEPT && record && !g_hash_table_contains (p->stored, key))
            g_hash_table_insert (p->stored, g_strdup (key), json_incref (record));
    }
    g_cond_broadcast (&p->cond);
    g_mutex_unlock (&p->lock);
    g_autofree char *text = NULL;
    if (answer == P_ACCEPT) {
        text = g_strdup_printf ("{\"code\":\"0\",\"msg\":\"成功\",\"data\":{\"id\":\"P-%s\"}}", key ? key : "");
        soup_server_message_set_status (msg, 200, NULL);
    }
    else if (answer == P_INVALID) {
        text = g_strdup_printf ("{\"code\":\"400\",\"msg\":\"办件编号不存在: %s\"}",
                                json_string_value (json_object_get (record, "projectNo")) ?: "(none)");
        soup_server_message_set_status (msg, 400, NULL);
    }
    else {
        text = g_strdup ("Internal Server Error");
        soup_server_message_set_status (msg, 500, NULL);
    }
    soup_server_message_set_response (msg, answer == P_FAIL ? "text/plain" : "application/json",
                                      SOUP_MEMORY_COPY, text, strlen (text));
    json_decref (record);
    if (delay > 0) {
        soup_server_message_pause (msg);
        GSource *later = g_timeout_source_new ((guint) delay);
        g_source_set_callback (later, s_answer_late, g_object_ref (msg), NULL);
        g_source_attach (later, p->context);
        g_source_unref (later);
    }
}

static gboolean
s_listen (platform_t *p)
{
    GError *error = NULL;
    gboolean ok = soup_server_listen_local (p->server, (guint) p->port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
    g_assert_no_error (error);
    if (!p->port) {
        GSList *uris = soup_server_get_uris (p->server);
        p->port = g_uri_get_port (uris->data);
        g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }
    return ok;
}

static gpointer
s_platform_thread (gpointer data)
{
    platform_t *p = data;
    g_main_context_push_thread_default (p->context);
    p->server = soup_server_new ("server-header", "stand-in", NULL);
    soup_server_add_handler (p->server, "/", s_handle, p, NULL);
    s_listen (p);
    g_mutex_lock (&p->lock);
    p->ready = TRUE;
    g_cond_broadcast (&p->cond);
    g_mutex_unlock (&p->lock);
    g_main_loop_run (p->loop);
    soup_server_disconnect (p->server);
    g_object_unref (p->server);
    g_main_context_pop_thread_default (p->context);
    return NULL;
}

static platform_t *
platform_new (void)
{
    platform_t *p = g_new0 (platform_t, 1);
    g_mutex_init (&p->lock);
    g_cond_init (&p->cond);
    p->stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_decref);
    p->posts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    p->context = g_main_context_new ();
    p->loop = g_main_loop_new (p->context, FALSE);
    p->thread = g_thread_new ("platform", s_platform_thread, p);
    g_mutex_lock (&p->lock);
    while (!p->ready)
        g_cond_wait (&p->cond, &p->lock);
    g_mutex_unlock (&p->lock);
    return p;
}

static void
platform_set (platform_t *p, p_answer_t answer, int delay_ms)
{
    g_mutex_lock (&p->lock);
    p->answer = answer;
    p->delay_ms = delay_ms;
    g_mutex_unlock (&p->lock);
}

typedef struct {
    platform_t *p;
    gboolean    up, done;
} s_switch_t;

static gboolean
s_switch_in_thread (gpointer data)
{
    s_switch_t *sw = data;
    if (sw->up)
        s_listen (sw->p);
    else
        soup_server_disconnect (sw->p->server);
    g_mutex_lock (&sw->p->lock);
    sw->done = TRUE;
    g_cond_broadcast (&sw->p->cond);
    g_mutex_unlock (&sw->p->lock);
    return G_SOURCE_REMOVE;
}

/* Down: the port closed (connection refused); up: listening again on it. */
static void
platform_up (platform_t *p, gboolean up)
{
    s_switch_t sw = { p, up, FALSE };
    g_main_context_invoke (p->context, s_switch_in_thread, &sw);
    g_mutex_lock (&p->lock);
    while (!sw.done)
        g_cond_wait (&p->cond, &p->lock);
    g_mutex_unlock (&p->lock);
}

static int
platform_received (platform_t *p)
{
    g_mutex_lock (&p->lock);
    int n = p->received;
    g_mutex_unlock (&p->lock);
    return n;
}

/* Waits until the platform has received more than N POSTs. */
static void
platform_wait_beyond (platform_t *p, int n)
{
    gint64 until = g_get_monotonic_time () + S_PATIENCE_US;
    g_mutex_lock (&p->lock);
    while (p->received <= n && g_get_monotonic_time () < until)
        g_cond_wait_until (&p->cond, &p->lock, until);
    int received = p->received;
    g_mutex_unlock (&p->lock);
    g_assert_cmpint (received, >, n);
}

/* The body the platform keeps for KEY (a new reference), or NULL. */
static json_t *
platform_record (platform_t *p, const char *key)
{
    g_mutex_lock (&p->lock);
    json_t *record = json_incref (g_hash_table_lookup (p->stored, key));
    g_mutex_unlock (&p->lock);
    return record;
}

static void
platform_free (platform_t *p)
{
    g_main_loop_quit (p->loop);
    g_thread_join (p->thread);
    g_main_loop_unref (p->loop);
    g_main_context_unref (p->context);
    g_hash_table_destroy (p->stored);
    g_hash_table_destroy (p->posts);
    g_free (p->token);
    g_mutex_clear (&p->lock);
    g_cond_clear (&p->cond);
    g_free (p);
}

/* ---- the hall: sessions acting as its devices (the admin tool's key) ------ */

typedef struct {
    server_t       *server;
    hall_session_t *kiosk, *desk, *pad, *manager, *admin;
    char           *key;         /* hall-gov-sync's device key file */
} hall_t;


static hall_t *
hall_new (gint64 start)
{
    hall_t *h = g_new0 (hall_t, 1);
    h->server = server_start (s_hall, start);
    h->kiosk = harness_session (h->server, HALL_ROLE_KIOSK, 0);
    h->desk = harness_session (h->server, HALL_ROLE_COUNTER, 1);
    h->pad = harness_session (h->server, HALL_ROLE_RATING_PAD, 1);
    h->manager = harness_session (h->server, HALL_ROLE_MANAGER, 0);
    h->admin = harness_session (h->server, HALL_ROLE_ADMIN, 0);
    h->key = g_build_filename (h->server->dir, "gov-sync.key", NULL);
    int status;
    g_free (hallctl (h->server, &status, "enroll", "gov_sync", "--name", "省平台对接", "--out", h->key, NULL));
    g_assert_cmpint (status, ==, 0);
    return h;
}

static void
hall_free (hall_t *h)
{
    hall_session_destroy (&h->kiosk);
    hall_session_destroy (&h->desk);
    hall_session_destroy (&h->pad);
    hall_session_destroy (&h->manager);
    hall_session_destroy (&h->admin);
    server_free (h->server);
    g_free (h->key);
    g_free (h);
}

static void
s_advance (hall_t *h, int seconds)
{
    json_decref (harness_ok (h->admin, HALL_OP_CLOCK, json_pack ("{s:i}", "advance", seconds)));
}

/* One visitor served (with the 办件编号 MATTER, or none) and rated LEVEL at
 * the window's pad (TEXT optional).  Returns the 差评's case id, or 0. */
static gint64
s_visit (hall_t *h, const char *matter, int level, const char *text)
{
    /* The clerk signs in once; later visits find them there. */
    hall_error_t signin = harness_try (h->desk, HALL_OP_SIGNIN, json_pack ("{s:i, s:s}", "window", 1, "staff", "1001"));
    g_assert_true (signin == HALL_OK || signin == HALL_E_BAD_STATE || signin == HALL_E_CLERK_ELSEWHERE);
    json_decref (harness_ok (h->kiosk, HALL_OP_ISSUE, json_pack ("{s:s}", "category", "business")));
    json_decref (harness_ok (h->desk, HALL_OP_CALL, json_pack ("{s:i}", "window", 1)));
    json_decref (harness_ok (h->desk, HALL_OP_START, json_pack ("{s:i}", "window", 1)));
    if (matter)
        json_decref (harness_ok (h->desk, HALL_OP_MATTER_ADD, json_pack ("{s:i, s:s}", "window", 1, "number", matter)));
    json_decref (harness_ok (h->desk, HALL_OP_FINISH, json_pack ("{s:i}", "window", 1)));
    json_t *args = json_pack ("{s:i}", "level", level);
    if (level <= 2) {        /* a 差评 with the visitor's number: a case to walk to its close */
        json_object_set_new (args, "reasons", json_pack ("[s]", "wait_long"));
        json_object_set_new (args, "contact_phone", json_string ("13800138000"));
        json_object_set_new (args, "consent", json_true ());
    }
    if (text)
        json_object_set_new (args, "text", json_string (text));
    json_t *rated = harness_ok (h->pad, HALL_OP_RATE, args);
    json_t *kase = json_object_get (rated, "case");
    gint64 id = json_is_object (kase) ? json_integer_value (json_object_get (kase, "id")) : 0;
    json_decref (rated);
    return id;
}

/* Walks case ID to its close, each step with its record. */
static void
s_close_case (hall_t *h, gint64 id)
{
    json_t *steps[] = {
        json_pack ("{s:s, s:s, s:s}", "action", "contact", "method", "phone", "note", "约定三日内整改"),
        json_pack ("{s:s, s:s, s:s}", "action", "rectify", "note", "增开窗口", "by", "1001"),
        json_pack ("{s:s, s:s, s:s, s:s}", "action", "revisit", "method", "visit", "verdict", "满意",
                   "note", "上门回访"),
        json_pack ("{s:s, s:s}", "action", "close", "note", "结案"),
    };
    for (size_t i = 0; i < G_N_ELEMENTS (steps); i++) {
        json_object_set_new (steps[i], "case", json_integer (id));
        g_assert_cmpint (harness_try (h->manager, HALL_OP_CASE_UPDATE, steps[i]), ==, HALL_OK);
    }
    g_assert_cmpint (db_int (h->server, "SELECT count(*) FROM gov_record WHERE kind = 'case'"), >=, 1);
}

/* ---- hall-gov-sync -------------------------------------------------------- */

/* The config for the platform at PORT (0: file mode into DIR), plus EXTRA. */
static char *
s_config (hall_t *h, int port, const char *extra)
{
    g_autofree char *token = g_build_filename (h->server->dir, "token", NULL);
    g_assert_true (g_file_set_contents (token, "s3cr3t-t0ken-XYZ\n", -1, NULL));
    g_autofree char *out = g_build_filename (h->server->dir, "out", NULL);
    g_autofree char *text = port
        ? g_strdup_printf ("[server]\nrequests=%s\n[platform]\nmode=http\nurl=http://127.0.0.1:%d/api/appraise\n"
                           "timeout=1\ntoken_header=X-Access-Token\ntoken_file=%s\n[sync]\npoll=0.1\n%s",
                           h->server->requests, port, token, extra ? extra : "")
        : g_strdup_printf ("[server]\nrequests=%s\n[platform]\nmode=file\ndir=%s\n[sync]\npoll=0.1\n%s",
                           h->server->requests, out, extra ? extra : "");
    char *path = g_build_filename (h->server->dir, "gov-sync.conf", NULL);
    g_assert_true (g_file_set_contents (path, text, -1, NULL));
    return path;
}

static char **
s_env (hall_t *h, const char *extra_name, const char *extra_value)
{
    char **env = g_environ_setenv (g_get_environ (), "HALL_KEY", h->key, TRUE);
    if (extra_name)
        env = g_environ_setenv (env, extra_name, extra_value, TRUE);
    return env;
}

/* One pass (--once): its exit status; its log in *LOG (g_free) if asked. */
static int
s_once (hall_t *h, const char *config, char **log, const char *env_name, const char *env_value)
{
    g_autofree char *program = harness_program ("hall-gov-sync");
    char *argv[] = { program, "--config", (char *) config, "--once", NULL };
    g_auto (GStrv) env = s_env (h, env_name, env_value);
    int wait = 0;
    g_autofree char *out = NULL, *err = NULL;
    GError *error = NULL;
    g_spawn_sync (h->server->dir, argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait, &error);
    g_assert_no_error (error);
    g_test_message ("hall-gov-sync --once:\n%s", err);
    if (log)
        *log = g_steal_pointer (&err);
    return WIFEXITED (wait) ? WEXITSTATUS (wait) : 128 + WTERMSIG (wait);
}

static void
s_child_setup (gpointer data)
{
    prctl (PR_SET_PDEATHSIG, SIGKILL);      /* never outlives a failed test */
}

static GPid
s_start (hall_t *h, const char *config)
{
    g_autofree char *program = harness_program ("hall-gov-sync");
    g_autofree char *log = g_build_filename (h->server->dir, "gov-sync.log", NULL);
    char *argv[] = { program, "--config", (char *) config, NULL };
    g_auto (GStrv) env = s_env (h, NULL, NULL);
    int fd = open (log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    GPid pid = 0;
    GError *error = NULL;
    g_spawn_async_with_fds (h->server->dir, argv, env, G_SPAWN_DO_NOT_REAP_CHILD, s_child_setup, NULL, &pid,
                            -1, fd, fd, &error);
    close (fd);
    g_assert_no_error (error);
    return pid;
}

static void
s_stop (GPid pid, int signum)
{
    kill (pid, signum);
    int status;
    waitpid (pid, &status, 0);
    g_spawn_close_pid (pid);
}

/* Waits until the server has no record pending. */
static void
s_wait_drained (hall_t *h)
{
    gint64 until = g_get_monotonic_time () + 2 * S_PATIENCE_US;
    while (db_int (h->server, "SELECT count(*) FROM gov_record WHERE state = 'pending'") > 0
           && g_get_monotonic_time () < until)
        g_usleep (20000);
    g_assert_cmpint (db_int (h->server, "SELECT count(*) FROM gov_record WHERE state = 'pending'"), ==, 0);
}

/* db_int and db_query with a printf-style SQL. */
static gint64 s_db_int (hall_t *h, const char *format, ...) G_GNUC_PRINTF (2, 3);
static gint64
s_db_int (hall_t *h, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    g_autofree char *sql = g_strdup_vprintf (format, args);
    va_end (args);
    return db_int (h->server, sql);
}

static char *s_db_text (hall_t *h, const char *format, ...) G_GNUC_PRINTF (2, 3);
static char *
s_db_text (hall_t *h, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    g_autofree char *sql = g_strdup_vprintf (format, args);
    va_end (args);
    return db_query (h->server, sql);
}

/* The key of gov record ID, as the server makes it. */
static char *
s_key (hall_t *h, gint64 id)
{
    g_autofree char *hall_id = db_query (h->server, "SELECT value FROM meta WHERE key = 'gov.hall_id'");
    return g_strdup_printf ("330102-%s-%" G_GINT64_FORMAT, hall_id ? hall_id : "0", id);
}

/* Exactly once, as the platform sees it: every record of the server is
 * delivered and kept once at the platform, under its own key, with the
 * server's level; the platform keeps no key the server does not know.
 * Returns the POSTs beyond one per key (resends). */
static int
s_check_exactly_once (hall_t *h, platform_t *p)
{
    gint64 n = db_int (h->server, "SELECT count(*) FROM gov_record");
    g_assert_cmpint (n, >, 0);
    g_assert_cmpint (db_int (h->server, "SELECT count(*) FROM gov_record WHERE state <> 'delivered'"), ==, 0);
    g_mutex_lock (&p->lock);
    guint stored = g_hash_table_size (p->stored);
    int resends = 0;
    GHashTableIter iter;
    gpointer key, count;
    g_hash_table_iter_init (&iter, p->posts);
    while (g_hash_table_iter_next (&iter, &key, &count))
        resends += GPOINTER_TO_INT (count) - 1;
    g_assert_cmpint (p->mismatched, ==, 0);
    g_mutex_unlock (&p->lock);
    g_assert_cmpint (stored, ==, n);
    for (gint64 id = 1; id <= n; id++) {
        g_assert_cmpint (s_db_int (h, "SELECT count(*) FROM gov_record WHERE id = %" G_GINT64_FORMAT, id), ==, 1);
        g_autofree char *key_text = s_key (h, id);
        json_t *record = platform_record (p, key_text);
        g_assert_nonnull (record);
        g_autofree char *kind = s_db_text (h, "SELECT kind FROM gov_record WHERE id = %" G_GINT64_FORMAT, id);
        g_assert_cmpstr (json_string_value (json_object_get (record, "dataType")), ==,
                         strcmp (kind, "rating") == 0 ? "1" : "2");
        if (strcmp (kind, "rating") == 0) {
            g_assert_cmpint (json_integer_value (json_object_get (record, "alternate")), ==,
                             s_db_int (h, "SELECT r.level FROM rating r JOIN gov_record g ON g.rating = r.id"
                                          " WHERE g.id = %" G_GINT64_FORMAT, id));
        }
        json_decref (record);
    }
    g_test_message ("%" G_GINT64_FORMAT " records, each kept once; %d resends of a key", n, resends);
    return resends;
}

/* ---- the cases -------------------------------------------------------------- */

/* The platform takes everything: each record once, fields as configured. */
static void
test_accept (void)
{
    hall_t *h = hall_new (MORNING);
    platform_t *p = platform_new ();
    s_visit (h, "BJ-0001", 5, NULL);
    s_advance (h, 300);
    s_visit (h, NULL, 4, "很好");
    gint64 kase = s_visit (h, "BJ-0002", 1, "等了很久");
    s_close_case (h, kase);
    g_autofree char *config = s_config (h, p->port, "[channels]\npad=11\n[fields]\nhallName=\nbjNo=matter\n");
    g_autofree char *log = NULL;
    g_assert_cmpint (s_once (h, config, &log, NULL, NULL), ==, 0);
    g_assert_cmpint (s_check_exactly_once (h, p), ==, 0);
    g_assert_cmpint (db_int (h->server, "SELECT count(*) FROM gov_record"), ==, 4);   /* 3 ratings, 1 case */

    g_autofree char *key = s_key (h, 1);
    json_t *first = platform_record (p, key);
    g_assert_cmpstr (json_string_value (json_object_get (first, "requestId")), ==, key);
    g_assert_cmpstr (json_string_value (json_object_get (first, "areaCode")), ==, "330102");
    g_assert_cmpstr (json_string_value (json_object_get (first, "taskCode")), ==, "330102-001-XK-01");
    g_assert_cmpstr (json_string_value (json_object_get (first, "deptCode")), ==, "11330102MB1234567B");
    g_assert_cmpstr (json_string_value (json_object_get (first, "projectNo")), ==, "BJ-0001");
    g_assert_cmpstr (json_string_value (json_object_get (first, "bjNo")), ==, "BJ-0001");     /* a row added */
    g_assert_null (json_object_get (first, "hallName"));                                     /* a row dropped */
    g_assert_cmpint (json_integer_value (json_object_get (first, "alternate")), ==, 5);
    g_assert_cmpstr (json_string_value (json_object_get (first, "pf")), ==, "11");           /* [channels] pad */
    g_assert_cmpint (json_integer_value (json_object_get (first, "assessNumber")), ==, 1);
    g_assert_cmpstr (json_string_value (json_object_get (first, "userName")), ==, "王芳");
    /* 09:00 in the hall's zone, whatever the machine's. */
    g_assert_true (g_str_has_prefix (json_string_value (json_object_get (first, "assessTime")), "2026-11-27 09:"));
    json_decref (first);
    /* The 差评 and its case's outcome. */
    g_autofree char *bad_key = s_key (h, 3);
    json_t *bad = platform_record (p, bad_key);
    g_assert_cmpstr (json_string_value (json_object_get (bad, "appraisetype")), ==, "wait_long");
    g_assert_cmpstr (json_string_value (json_object_get (bad, "writingAppraise")), ==, "等了很久");
    json_decref (bad);
    g_autofree char *case_key = s_key (h, 4);
    json_t *outcome = platform_record (p, case_key);
    g_assert_cmpstr (json_string_value (json_object_get (outcome, "revisitResult")), ==, "满意");
    g_assert_nonnull (json_object_get (outcome, "closeTime"));
    g_assert_null (json_object_get (outcome, "alternate"));
    g_autofree char *dumped = json_dumps (outcome, 0);
    json_decref (outcome);
    /* The platform's id kept; the token sent and never logged; no phone. */
    g_autofree char *platform_id = db_query (h->server, "SELECT platform_id FROM gov_record WHERE id = 1");
    g_autofree char *expect_id = g_strconcat ("P-", key, NULL);
    g_assert_cmpstr (platform_id, ==, expect_id);
    g_mutex_lock (&p->lock);
    g_assert_cmpstr (p->token, ==, "s3cr3t-t0ken-XYZ");
    g_mutex_unlock (&p->lock);
    g_assert_null (strstr (log, "s3cr3t"));
    g_assert_null (strstr (log, "等了很久"));
    g_assert_null (strstr (dumped, "phone"));
    /* A second pass finds nothing and sends nothing. */
    int before = platform_received (p);
    g_assert_cmpint (s_once (h, config, NULL, NULL, NULL), ==, 0);
    g_assert_cmpint (platform_received (p), ==, before);
    platform_free (p);
    hall_free (h);
}

/* 500: tried again after the server's back-off; 400: held with the
 * platform's reason, never sent again. */
static void
test_errors (void)
{
    hall_t *h = hall_new (MORNING);
    platform_t *p = platform_new ();
    platform_set (p, P_FAIL, 0);
    s_visit (h, "BJ-0100", 4, NULL);
    g_autofree char *config = s_config (h, p->port, NULL);
    g_assert_cmpint (s_once (h, config, NULL, NULL, NULL), ==, 0);
    g_assert_cmpint (platform_received (p), ==, 1);
    gint64 now = db_int (h->server, "SELECT created_at FROM gov_record WHERE id = 1");
    g_assert_cmpint (db_int (h->server, "SELECT tries FROM gov_record WHERE id = 1"), ==, 1);
    g_autofree char *state = db_query (h->server, "SELECT state || ' ' || reason FROM gov_record WHERE id = 1");
    g_assert_cmpstr (state, ==, "pending HTTP 500 Internal Server Error");
    g_assert_cmpint (db_int (h->server, "SELECT next_try_at FROM gov_record WHERE id = 1"), ==, now + 60);
    /* Not due yet: nothing sent. */
    g_assert_cmpint (s_once (h, config, NULL, NULL, NULL), ==, 0);
    g_assert_cmpint (platform_received (p), ==, 1);
    /* Due after a minute: sent again, two minutes of back-off now. */
    s_advance (h, 60);
    g_assert_cmpint (s_once (h, config, NULL, NULL, NULL), ==, 0);
    g_assert_cmpint (platform_received (p), ==, 2);
    g_assert_cmpint (db_int (h->server, "SELECT tries FROM gov_record WHERE id = 1"), ==, 2);
    g_assert_cmpint (db_int (h->server, "SELECT next_try_at FROM gov_record WHERE id = 1"), ==, now + 60 + 120);
    /* The platform says the record is invalid: held, with its reason. */
    platform_set (p, P_INVALID, 0);
    s_advance (h, 120);
    g_assert_cmpint (s_once (h, config, NULL, NULL, NULL), ==, 0);
    g_assert_cmpint (platform_received (p), ==, 3);
    json_t *held = harness_ok (h->manager, HALL_OP_GOV_HELD, json_object ());
    json_t *records = json_object_get (held, "records");
    g_assert_cmpint (json_array_size (records), ==, 1);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (records, 0), "reason")), ==,
                     "办件编号不存在: BJ-0100");
    json_decref (held);
    /* Never sent again, however long. */
    s_advance (h, 7200);
    platform_set (p, P_ACCEPT, 0);
    g_assert_cmpint (s_once (h, config, NULL, NULL, NULL), ==, 0);
    g_assert_cmpint (platform_received (p), ==, 3);
    g_autofree char *after = db_query (h->server, "SELECT state FROM gov_record WHERE id = 1");
    g_assert_cmpstr (after, ==, "held");
    platform_free (p);
    hall_free (h);
}

/* A platform that takes the record but answers after the client gave up:
 * retried, and once it answers the record is one record there. */
static void
test_timeout (void)
{
    hall_t *h = hall_new (MORNING);
    platform_t *p = platform_new ();
    platform_set (p, P_ACCEPT, 2500);          /* the client's timeout is 1 s */
    s_visit (h, "BJ-0200", 5, NULL);
    g_autofree char *config = s_config (h, p->port, NULL);
    g_assert_cmpint (s_once (h, config, NULL, NULL, NULL), ==, 0);
    g_autofree char *state = db_query (h->server, "SELECT state || ' ' || tries FROM gov_record WHERE id = 1");
    g_assert_cmpstr (state, ==, "pending 1");
    platform_set (p, P_ACCEPT, 0);
    s_advance (h, 60);
    g_assert_cmpint (s_once (h, config, NULL, NULL, NULL), ==, 0);
    g_assert_cmpint (s_check_exactly_once (h, p), ==, 1);        /* sent twice, kept once */
    platform_free (p);
    hall_free (h);
}

/* Down for two hours of the server's clock while ratings and a case
 * outcome pile up: afterwards each one delivered exactly once. */
static void
test_down_two_hours (void)
{
    hall_t *h = hall_new (MORNING);
    platform_t *p = platform_new ();
    g_autofree char *config = s_config (h, p->port, NULL);
    platform_up (p, FALSE);
    GPid sync = s_start (h, config);
    s_visit (h, "BJ-0300", 5, NULL);
    gint64 kase = s_visit (h, "BJ-0301", 2, NULL);
    /* It tried and failed (connection refused). */
    gint64 until = g_get_monotonic_time () + S_PATIENCE_US;
    while (db_int (h->server, "SELECT coalesce (max (tries), 0) FROM gov_record") < 1 && g_get_monotonic_time () < until)
        g_usleep (20000);
    g_assert_cmpint (db_int (h->server, "SELECT max (tries) FROM gov_record"), >=, 1);
    for (int i = 0; i < 12; i++) {             /* 12 × 10 min */
        s_advance (h, 600);
        char matter[16];
        g_snprintf (matter, sizeof matter, "BJ-04%02d", i);
        s_visit (h, i % 3 ? matter : NULL, 1 + i % 5, NULL);
        if (i == 6)
            s_close_case (h, kase);
    }
    g_assert_cmpint (platform_received (p), ==, 0);
    g_assert_cmpint (db_int (h->server, "SELECT count(*) FROM gov_record WHERE state = 'pending'"), ==,
                     db_int (h->server, "SELECT count(*) FROM gov_record"));
    /* Back: after the longest back-off, everything is due and goes. */
    platform_up (p, TRUE);
    s_advance (h, 3600);
    s_wait_drained (h);
    s_stop (sync, SIGTERM);
    g_assert_cmpint (s_check_exactly_once (h, p), ==, 0);
    g_assert_cmpint (db_int (h->server, "SELECT count(*) FROM gov_record WHERE kind = 'rating'"), ==,
                     db_int (h->server, "SELECT count(*) FROM rating"));
    platform_free (p);
    hall_free (h);
}

/* hall-gov-sync or the server SIGKILLed ten times while a record is on
 * its way (the platform answers late): still every record once. */
static void
test_kill_mid_delivery (void)
{
    hall_t *h = hall_new (MORNING);
    platform_t *p = platform_new ();
    platform_set (p, P_ACCEPT, 150);
    for (int i = 0; i < 30; i++) {
        char matter[16];
        g_snprintf (matter, sizeof matter, "BJ-05%02d", i);
        s_visit (h, i % 2 ? matter : NULL, 3 + i % 3, NULL);
    }
    g_autofree char *config = s_config (h, p->port, NULL);
    GPid sync = s_start (h, config);
    for (int kill_no = 0; kill_no < 10; kill_no++) {
        /* A POST has just arrived and is waiting for its answer. */
        platform_wait_beyond (p, platform_received (p));
        if (kill_no % 2 == 0) {
            s_stop (sync, SIGKILL);
            sync = s_start (h, config);
        }
        else {
            server_kill (h->server, SIGKILL);
            server_restart (h->server);
        }
    }
    s_wait_drained (h);
    s_stop (sync, SIGTERM);
    int resends = s_check_exactly_once (h, p);
    g_test_message ("10 kills: %d resends", resends);
    platform_free (p);
    hall_free (h);
}

static char *
s_file (hall_t *h, const char *name)
{
    g_autofree char *path = g_build_filename (h->server->dir, "out", name, NULL);
    char *text = NULL;
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    return text;
}

/* Lines of TEXT that hold KEY as a whole cell or value. */
static int
s_count_key (const char *text, const char *key, gboolean csv)
{
    g_autofree char *needle = csv ? g_strconcat ("\n", key, ",", NULL) : g_strdup_printf ("\"requestId\":\"%s\"", key);
    int n = 0;
    for (const char *at = strstr (text, needle); at; at = strstr (at + 1, needle))
        n++;
    return n;
}

/* File mode: two hall days' records in their day's files, once each,
 * across a crash between the write and `accepted` and a torn row. */
static void
test_files (void)
{
    hall_t *h = hall_new (LATE);
    s_visit (h, "BJ-0600", 5, "=HYPERLINK(\"http://x\",\"点我\")");
    s_visit (h, "BJ-0601", 4, "快, 好");
    g_autofree char *config = s_config (h, 0, NULL);
    /* Dies after the first record is on disk, before the server heard. */
    g_assert_cmpint (s_once (h, config, NULL, "HALL_GOV_SYNC_DIE_AFTER_WRITES", "1"), ==, 99);
    g_assert_cmpint (db_int (h->server, "SELECT count(*) FROM gov_record WHERE state = 'pending'"), ==, 2);
    /* And a torn row behind it, as a power cut in a write leaves. */
    g_autofree char *jsonl_path = g_build_filename (h->server->dir, "out", "gov-2026-11-27.jsonl", NULL);
    FILE *torn = fopen (jsonl_path, "a");
    fputs ("{\"requestId\":\"330102-", torn);
    fclose (torn);
    g_assert_cmpint (s_once (h, config, NULL, NULL, NULL), ==, 0);
    /* After midnight in Shanghai: the next day's files. */
    s_advance (h, 30 * 60);
    s_visit (h, "BJ-0602", 3, NULL);
    g_assert_cmpint (s_once (h, config, NULL, NULL, NULL), ==, 0);
    g_assert_cmpint (db_int (h->server, "SELECT count(*) FROM gov_record WHERE state = 'delivered'"), ==, 3);

    g_autofree char *csv1 = s_file (h, "gov-2026-11-27.csv");
    g_autofree char *json1 = s_file (h, "gov-2026-11-27.jsonl");
    g_autofree char *csv2 = s_file (h, "gov-2026-11-28.csv");
    g_autofree char *json2 = s_file (h, "gov-2026-11-28.jsonl");
    g_assert_true (g_str_has_prefix (csv1, "\xEF\xBB\xBFrequestId,dataType,areaCode,"));
    g_assert_true (g_str_has_prefix (csv2, "\xEF\xBB\xBFrequestId,"));
    for (gint64 id = 1; id <= 3; id++) {
        g_autofree char *key = s_key (h, id);
        g_assert_cmpint (s_count_key (csv1, key, TRUE), ==, id < 3 ? 1 : 0);
        g_assert_cmpint (s_count_key (json1, key, FALSE), ==, id < 3 ? 1 : 0);
        g_assert_cmpint (s_count_key (csv2, key, TRUE), ==, id == 3 ? 1 : 0);
        g_assert_cmpint (s_count_key (json2, key, FALSE), ==, id == 3 ? 1 : 0);
    }
    /* Every JSONL line whole; the formula made harmless; a comma quoted. */
    g_auto (GStrv) lines = g_strsplit (json1, "\n", -1);
    g_assert_cmpint (g_strv_length (lines), ==, 3);
    for (int i = 0; i < 2; i++) {
        json_t *line = json_loads (lines[i], 0, NULL);
        g_assert_nonnull (line);
        json_decref (line);
    }
    g_assert_cmpstr (lines[2], ==, "");
    g_assert_nonnull (strstr (csv1, ",\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\","));
    g_assert_nonnull (strstr (csv1, ",\"快, 好\","));
    g_assert_null (strstr (csv1, ",=HYPERLINK"));
    hall_free (h);
}

/* A clear error naming the file and the key; no key file, no start. */
static void
test_config_errors (void)
{
    hall_t *h = hall_new (MORNING);
    g_autofree char *config = s_config (h, 1, "[fields]\nalternate=rating.level|frobnicate\n");
    g_autofree char *log = NULL;
    g_assert_cmpint (s_once (h, config, &log, NULL, NULL), ==, 2);
    g_assert_nonnull (strstr (log, "gov-sync.conf: [fields] alternate"));
    g_autofree char *file_config = s_config (h, 0, "[fields]\nrequestId=\n");
    g_autofree char *file_log = NULL;
    g_assert_cmpint (s_once (h, file_config, &file_log, NULL, NULL), ==, 2);
    g_assert_nonnull (strstr (file_log, "requestId=key"));
    hall_free (h);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/gov-sync/accept-once-mapped", test_accept);
    g_test_add_func ("/gov-sync/500-backoff-400-held", test_errors);
    g_test_add_func ("/gov-sync/timeout-one-record", test_timeout);
    g_test_add_func ("/gov-sync/down-two-hours", test_down_two_hours);
    g_test_add_func ("/gov-sync/10-sigkills-mid-delivery", test_kill_mid_delivery);
    g_test_add_func ("/gov-sync/files-two-days-once", test_files);
    g_test_add_func ("/gov-sync/config-errors", test_config_errors);
    return g_test_run ();
}
