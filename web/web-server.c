/*  web-server.c — see web-server.h. */
#define G_LOG_DOMAIN "hall-web"
#include "web-server.h"
#include "web-booking.h"
#include "web-case.h"
#include "web-pages.h"
#include "web-reply.h"
#include "identity.h"

#include <libsoup/soup.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#ifndef N_
#define N_(text) (text)
#endif

#define MAX_PATH     200
#define PING_SECONDS 15
#define S_TOO_MANY_REQUESTS 429   /* RFC 6585; libsoup has no name for it */

typedef struct {
    double  tokens;
    gint64  at;                 /* monotonic µs of the last refill */
    int     streams;
} bucket_t;

typedef struct {
    web_server_t      *server;
    SoupServerMessage *msg;
    char               token[24];
    web_lang_t         lang;
    char              *last;    /* the view last sent */
    char              *address;
} stream_t;

struct _web_server_t {
    SoupServer          *soup;
    web_hall_t          *hall;
    web_server_config_t  config;
    guint8               key[32];       /* the forms' tokens: HMAC key, new at each start */
    GHashTable          *buckets;       /* address -> bucket_t */
    GPtrArray           *streams;       /* stream_t */
    web_booking_t       *booking;       /* the appointments' routes */
    web_case_t          *kase;          /* the visitors' cases (差评 follow-up) */
    guint                ping;
    void               (*action_fn) (gpointer);
    gpointer             action_user;
};

/* One request waiting for the server (a lookup or an action). */
typedef struct {
    web_server_t      *server;
    SoupServerMessage *msg;
    char               token[24];
    web_lang_t         lang;
    char              *address;
    gboolean           gone;      /* the client went away meanwhile */
    const char        *what;      /* "page", "api", "events", "rate", "notify" */
} pending_t;

/* ---- answers ---------------------------------------------------------------- */

static void
s_redirect (SoupServerMessage *msg, const char *token, web_lang_t lang, const char *done)
{
    /* From t/TOKEN/rate back to t/TOKEN, relative: any prefix holds. */
    g_autofree char *location = g_strdup_printf ("../%s?done=%s%s", token, done, lang == WEB_EN ? "&lang=en" : "");
    web_reply_headers (msg);
    soup_server_message_set_redirect (msg, SOUP_STATUS_SEE_OTHER, location);
}

/* ---- who asks, and how much ------------------------------------------------- */

static char *
s_address (web_server_t *self, SoupServerMessage *msg)
{
    const char *host = soup_server_message_get_remote_host (msg);
    if (self->config.trust_proxy && host && (!strcmp (host, "127.0.0.1") || !strcmp (host, "::1"))) {
        const char *forwarded = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                              "X-Forwarded-For");
        if (forwarded && *forwarded) {
            const char *last = strrchr (forwarded, ',');
            g_autofree char *hop = g_strdup (last ? last + 1 : forwarded);
            g_strstrip (hop);
            if (*hop && strlen (hop) < 64)
                return g_steal_pointer (&hop);
        }
    }
    return g_strdup (host ? host : "?");
}

static bucket_t *
s_bucket (web_server_t *self, const char *address)
{
    bucket_t *bucket = g_hash_table_lookup (self->buckets, address);
    if (!bucket) {
        bucket = g_new0 (bucket_t, 1);
        bucket->tokens = self->config.burst;
        bucket->at = g_get_monotonic_time ();
        g_hash_table_insert (self->buckets, g_strdup (address), bucket);
    }
    return bucket;
}

/* Takes one request from ADDRESS's budget: FALSE when it is spent. */
static gboolean
s_admit (web_server_t *self, const char *address)
{
    bucket_t *bucket = s_bucket (self, address);
    gint64 now = g_get_monotonic_time ();
    bucket->tokens = MIN ((double) self->config.burst,
                          bucket->tokens + (double) (now - bucket->at) / G_USEC_PER_SEC * self->config.rate);
    bucket->at = now;
    if (bucket->tokens < 1.0)
        return FALSE;
    bucket->tokens -= 1.0;
    return TRUE;
}

/* Buckets of addresses not seen for a while (full again) go. */
static void
s_buckets_sweep (web_server_t *self)
{
    gint64 now = g_get_monotonic_time ();
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init (&iter, self->buckets);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        bucket_t *bucket = value;
        if (bucket->streams == 0 && now - bucket->at > 10 * 60 * G_USEC_PER_SEC)
            g_hash_table_iter_remove (&iter);
    }
}

/* ---- the forms' token ------------------------------------------------------- */

static char *
s_csrf (web_server_t *self, const char *token)
{
    return web_reply_csrf (self->key, token);
}

/* ---- the ticket's pages ----------------------------------------------------- */

static gboolean
s_token_ok (const char *token, size_t len)
{
    if (len != 22)
        return FALSE;
    for (size_t i = 0; i < len; i++)
        if (!g_ascii_isalnum (token[i]) && token[i] != '-' && token[i] != '_')
            return FALSE;
    return TRUE;
}

static json_t *
s_view (web_server_t *self, web_ticket_t *ticket, web_lang_t lang)
{
    json_t *view = web_hall_view (self->hall, ticket);
    web_view_add_texts (view, lang);
    return view;
}

static const char *
s_done_message (const char *done)
{
    if (g_strcmp0 (done, "rated") == 0)
        return N_("感谢您的评价！");
    if (g_strcmp0 (done, "sms") == 0)
        return N_("已设置短信提醒：快到您时和叫号时会各发一条短信");
    return NULL;
}

static void
s_page (web_server_t *self, SoupServerMessage *msg, guint status, web_ticket_t *ticket, web_lang_t lang,
        const char *message, gboolean bad)
{
    g_autofree char *csrf = s_csrf (self, ticket->token);
    json_t *view = s_view (self, ticket, lang);
    web_page_t page = { .lang = lang, .token = ticket->token, .csrf = csrf, .message = message,
                        .message_bad = bad, .sms = self->config.sms, .reasons = web_hall_reasons (self->hall),
                        .hall = hall_mirror_hall (web_hall_mirror (self->hall)) };
    web_reply_html (msg, status, web_page_ticket (&page, view));
    json_decref (view);
}

/* A lookup failed: say why, in the visitor's words. */
static void
s_lookup_failed (SoupServerMessage *msg, hall_error_t error, web_lang_t lang, gboolean json)
{
    guint status = error == HALL_E_UNKNOWN_TICKET ? SOUP_STATUS_NOT_FOUND
                 : error == HALL_E_BAD_STATE ? SOUP_STATUS_GONE : SOUP_STATUS_SERVICE_UNAVAILABLE;
    if (json) {
        web_reply_send (msg, status, "application/json", g_strdup_printf ("{\"error\":\"%s\"}", hall_error_name (error)));
        return;
    }
    if (error == HALL_E_UNKNOWN_TICKET)
        web_reply_error (msg, status, lang, N_("链接无效"), N_("没有找到这张号票。请核对号票上的二维码，如有疑问请咨询服务台。"));
    else if (error == HALL_E_BAD_STATE)
        web_reply_error (msg, status, lang, N_("此号票已过期"), N_("号票只在取号当天有效。需要办理业务请重新取号。"));
    else
        web_reply_error (msg, status, lang, N_("暂时无法查询"), N_("与大厅的连接中断，请稍后再试。"));
}

static pending_t *
s_pending_new (web_server_t *self, SoupServerMessage *msg, const char *token, web_lang_t lang,
               const char *address, const char *what);

static void
s_pending_done (pending_t *pending)
{
    if (!pending->gone)
        soup_server_message_unpause (pending->msg);
    g_signal_handlers_disconnect_by_data (pending->msg, pending);
    g_object_unref (pending->msg);
    g_free (pending->address);
    g_free (pending);
}

/* ---- live pages (Server-Sent Events) ------------------------------------------ */

static void
s_stream_write (stream_t *stream, const char *text)
{
    SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
    soup_message_body_append (body, SOUP_MEMORY_COPY, text, strlen (text));
    soup_server_message_unpause (stream->msg);
}

static void
s_stream_send_view (stream_t *stream, json_t *view)
{
    g_autofree char *text = json_dumps (view, JSON_COMPACT);
    if (stream->last && strcmp (stream->last, text) == 0)
        return;
    g_free (stream->last);
    stream->last = g_strdup (text);
    g_autofree char *event = g_strdup_printf ("data: %s\n\n", text);
    s_stream_write (stream, event);
}

static void
s_stream_finished (SoupServerMessage *msg, stream_t *stream)
{
    web_server_t *self = stream->server;
    web_ticket_t *ticket = g_hash_table_lookup (web_hall_tickets (self->hall), stream->token);
    if (ticket && ticket->streams > 0)
        ticket->streams--;
    bucket_t *bucket = g_hash_table_lookup (self->buckets, stream->address);
    if (bucket && bucket->streams > 0)
        bucket->streams--;
    g_signal_handlers_disconnect_by_data (msg, stream);
    g_ptr_array_remove_fast (self->streams, stream);
    g_object_unref (stream->msg);
    g_free (stream->last);
    g_free (stream->address);
    g_free (stream);
}

static void
s_stream_open (web_server_t *self, SoupServerMessage *msg, web_ticket_t *ticket, web_lang_t lang,
               const char *address)
{
    web_reply_headers (msg);
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
    soup_message_headers_set_content_type (h, "text/event-stream", NULL);
    soup_message_headers_set_encoding (h, SOUP_ENCODING_CHUNKED);
    soup_message_headers_replace (h, "X-Accel-Buffering", "no");     /* nginx: pass events on at once */
    soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
    stream_t *stream = g_new0 (stream_t, 1);
    stream->server = self;
    stream->msg = g_object_ref (msg);
    g_strlcpy (stream->token, ticket->token, sizeof stream->token);
    stream->lang = lang;
    stream->address = g_strdup (address);
    g_ptr_array_add (self->streams, stream);
    ticket->streams++;
    s_bucket (self, address)->streams++;
    g_signal_connect (msg, "finished", G_CALLBACK (s_stream_finished), stream);
    s_stream_write (stream, "retry: 3000\n\n");
    json_t *view = s_view (self, ticket, lang);
    s_stream_send_view (stream, view);
    json_decref (view);
}

/* The hall changed: every live page whose view changed gets it. */
static void
s_changed (web_hall_t *hall, gpointer user)
{
    web_server_t *self = user;
    json_t *hall_object = hall_mirror_hall (web_hall_mirror (hall));
    const char *name = json_string_value (json_object_get (hall_object, "name"));
    web_reply_set_hall_name (name);
    GHashTable *views = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_decref);
    for (guint i = 0; i < self->streams->len; i++) {
        stream_t *stream = g_ptr_array_index (self->streams, i);
        web_ticket_t *ticket = g_hash_table_lookup (web_hall_tickets (hall), stream->token);
        if (!ticket)
            continue;
        char key[32];
        g_snprintf (key, sizeof key, "%s.%d", stream->token, stream->lang);
        json_t *view = g_hash_table_lookup (views, key);
        if (!view) {
            view = s_view (self, ticket, stream->lang);
            g_hash_table_insert (views, g_strdup (key), view);
        }
        s_stream_send_view (stream, view);
    }
    g_hash_table_destroy (views);
}

static gboolean
s_ping (gpointer data)
{
    web_server_t *self = data;
    for (guint i = 0; i < self->streams->len; i++)
        s_stream_write (g_ptr_array_index (self->streams, i), ": ping\n\n");
    s_buckets_sweep (self);
    return G_SOURCE_CONTINUE;
}

/* ---- lookups answered ---------------------------------------------------------- */

static void
s_looked_up (web_hall_t *hall, web_ticket_t *ticket, hall_error_t error, gpointer user)
{
    pending_t *pending = user;
    web_server_t *self = pending->server;
    SoupServerMessage *msg = pending->msg;
    if (pending->gone) {
        s_pending_done (pending);
        return;
    }
    gboolean api = strcmp (pending->what, "page") != 0;
    if (!ticket)
        s_lookup_failed (msg, error, pending->lang, api);
    else if (strcmp (pending->what, "events") == 0) {
        bucket_t *bucket = s_bucket (self, pending->address);
        if (bucket->streams >= self->config.max_streams)
            web_reply_error (msg, S_TOO_MANY_REQUESTS, pending->lang, N_("打开的页面太多"),
                     N_("请关闭不用的页面后再试。"));
        else
            s_stream_open (self, msg, ticket, pending->lang, pending->address);
    } else if (api) {
        json_t *view = s_view (self, ticket, pending->lang);
        web_reply_send (msg, SOUP_STATUS_OK, "application/json", json_dumps (view, JSON_COMPACT));
        json_decref (view);
    } else {
        const char *done = g_object_get_data (G_OBJECT (msg), "done");
        s_page (self, msg, SOUP_STATUS_OK, ticket, pending->lang, s_done_message (done), FALSE);
    }
    s_pending_done (pending);
}

/* ---- actions ------------------------------------------------------------------- */

typedef struct {
    pending_t *pending;
    guint      status;
    const char *message;
} refused_t;

static void
s_show_refusal (web_hall_t *hall, web_ticket_t *ticket, hall_error_t error, gpointer user)
{
    refused_t *refused = user;
    pending_t *pending = refused->pending;
    if (!pending->gone) {
        if (ticket)
            s_page (pending->server, pending->msg, refused->status, ticket, pending->lang, refused->message, TRUE);
        else
            s_lookup_failed (pending->msg, error, pending->lang, FALSE);
    }
    s_pending_done (pending);
    g_free (refused);
}

static void
s_after_action (web_hall_t *hall, web_ticket_t *ticket, hall_error_t error, gpointer user)
{
    pending_t *pending = user;
    if (!pending->gone)
        s_redirect (pending->msg, pending->token, pending->lang, strcmp (pending->what, "rate") == 0 ? "rated" : "sms");
    s_pending_done (pending);
}

static void
s_action_done (web_hall_t *hall, const hall_reply_t *reply, gpointer user)
{
    pending_t *pending = user;
    web_server_t *self = pending->server;
    if (reply->ok) {
        if (self->action_fn)
            self->action_fn (self->action_user);
        web_hall_refresh (hall, pending->token, s_after_action, pending);
        return;
    }
    refused_t *refused = g_new0 (refused_t, 1);
    refused->pending = pending;
    switch (reply->error) {
    case HALL_E_ALREADY_RATED:
        refused->status = SOUP_STATUS_CONFLICT;
        refused->message = N_("已评价：每张号票只能评价一次");
        break;
    case HALL_E_REASON_REQUIRED:
        refused->status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
        refused->message = N_("选择“不满意”或“非常不满意”时，请至少选择一个原因");
        break;
    case HALL_E_BAD_STATE:
        refused->status = SOUP_STATUS_CONFLICT;
        refused->message = strcmp (pending->what, "rate") == 0 ? N_("办结以后才能评价")
                                                               : N_("此号已不在排队，无需提醒");
        break;
    case HALL_E_BAD_FIELD:
    case HALL_E_UNKNOWN_REASON:
        refused->status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
        refused->message = strcmp (pending->what, "rate") == 0 ? N_("评价内容有误，请重新选择")
                                                               : N_("请填写 11 位手机号码");
        break;
    case HALL_E_UNKNOWN_TICKET:
        g_free (refused);
        s_lookup_failed (pending->msg, reply->error, pending->lang, FALSE);
        s_pending_done (pending);
        return;
    default:
        refused->status = SOUP_STATUS_SERVICE_UNAVAILABLE;
        refused->message = N_("暂时无法提交，请稍后再试");
        break;
    }
    web_hall_lookup (hall, pending->token, s_show_refusal, refused);
}

static void
s_post (web_server_t *self, SoupServerMessage *msg, const char *token, const char *action, web_lang_t lang,
        const char *address)
{
    GHashTable *form = web_reply_form (msg);
    if (web_reply_forged (msg, self->key, token, form)) {
        g_message ("refused a %s without its form token or from another site (%s)", action, address);
        web_reply_error (msg, SOUP_STATUS_FORBIDDEN, lang, N_("请求无效"), N_("请回到号票页面重新操作。"));
        if (form)
            g_hash_table_destroy (form);
        return;
    }
    pending_t *pending = s_pending_new (self, msg, token, lang, address, strcmp (action, "rate") == 0 ? "rate" : "notify");
    if (strcmp (action, "rate") == 0) {
        json_t *reasons;
        const char *comment;
        int level = web_reply_rating (form, &reasons, &comment);
        /* A 差评's number for the follow-up: only with its consent, and
         * never for a good rating (the form hides it then). */
        char *phone = g_hash_table_lookup (form, "contact_phone");
        gboolean consent = g_strcmp0 (g_hash_table_lookup (form, "consent"), "1") == 0;
        gboolean contact = level >= 1 && level <= 2 && phone && *phone;
        const char *refusal = level == 0 ? N_("请选择满意程度")
                            : contact && !hall_id_mobile_ok (phone) ? N_("请填写 11 位手机号码，或不留号码")
                            : contact && !consent ? N_("留下手机号请勾选同意；不愿留号码请清空手机号")
                            : NULL;
        if (refusal) {
            refused_t *refused = g_new0 (refused_t, 1);
            refused->pending = pending;
            refused->status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
            refused->message = refusal;
            web_hall_lookup (self->hall, token, s_show_refusal, refused);
        } else
            web_hall_rate (self->hall, token, level, reasons, comment, contact ? phone : NULL, s_action_done, pending);
        json_decref (reasons);
        if (phone)
            memset (phone, 0, strlen (phone));      /* the form goes: nothing of the number stays */
    } else {
        const char *phone = g_hash_table_lookup (form, "phone");
        web_hall_subscribe (self->hall, token, phone && *phone ? phone : "-", s_action_done, pending);
    }
    g_hash_table_destroy (form);
}

/* ---- routing --------------------------------------------------------------------- */

static void
s_static (SoupServerMessage *msg, const char *name)
{
    const char *type = g_str_has_suffix (name, ".js") ? "text/javascript; charset=utf-8"
                     : g_str_has_suffix (name, ".css") ? "text/css; charset=utf-8" : NULL;
    g_autofree char *path = g_strdup_printf ("/org/hall/web/%s", name);
    g_autoptr (GBytes) bytes = type && !strchr (name, '/') ? g_resources_lookup_data (path, 0, NULL) : NULL;
    if (!bytes) {
        web_reply_error (msg, SOUP_STATUS_NOT_FOUND, WEB_ZH, N_("页面不存在"), NULL);
        return;
    }
    gsize size;
    const char *data = g_bytes_get_data (bytes, &size);
    web_reply_headers (msg);
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "max-age=300");
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, data, size);
}

static void
s_pending_gone (SoupServerMessage *msg, pending_t *pending)
{
    pending->gone = TRUE;
}

static pending_t *
s_pending_new (web_server_t *self, SoupServerMessage *msg, const char *token, web_lang_t lang,
               const char *address, const char *what)
{
    pending_t *pending = g_new0 (pending_t, 1);
    pending->server = self;
    pending->msg = g_object_ref (msg);
    g_strlcpy (pending->token, token, sizeof pending->token);
    pending->lang = lang;
    pending->address = g_strdup (address);
    pending->what = what;
    g_signal_connect (msg, "finished", G_CALLBACK (s_pending_gone), pending);
    g_signal_connect (msg, "disconnected", G_CALLBACK (s_pending_gone), pending);
    soup_server_message_pause (msg);
    return pending;
}

static void
s_handle (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user)
{
    web_server_t *self = user;
    const char *method = soup_server_message_get_method (msg);
    const char *lang_arg = query ? g_hash_table_lookup (query, "lang") : NULL;
    web_lang_t lang = g_strcmp0 (lang_arg, "en") == 0 ? WEB_EN : WEB_ZH;
    g_autofree char *address = s_address (self, msg);
    if (!s_admit (self, address)) {
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "5");
        web_reply_error (msg, S_TOO_MANY_REQUESTS, lang, N_("请求太频繁"), N_("请稍等几秒再试。"));
        return;
    }
    gboolean get = strcmp (method, "GET") == 0 || strcmp (method, "HEAD") == 0;
    gboolean post = strcmp (method, "POST") == 0;
    if (!get && !post) {
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD, POST");
        web_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, lang, N_("请求无效"), NULL);
        return;
    }
    if (strlen (path) > MAX_PATH) {
        web_reply_error (msg, SOUP_STATUS_REQUEST_URI_TOO_LONG, lang, N_("页面不存在"), NULL);
        return;
    }
    if (get && (strcmp (path, "/") == 0 || strcmp (path, "/hall") == 0)) {
        g_autofree char *root = web_reply_root (msg);
        web_reply_html (msg, SOUP_STATUS_OK, web_page_hall (lang, web_hall_mirror (self->hall),
                                                         web_hall_online (self->hall), root,
                                                         web_booking_categories (self->booking)));
        return;
    }
    if (get && g_str_has_prefix (path, "/static/")) {
        s_static (msg, path + strlen ("/static/"));
        return;
    }
    if (web_booking_handle (self->booking, msg, path, lang, address))
        return;
    if (web_case_handle (self->kase, msg, path, query, lang))
        return;
    /* /t/TOKEN[/rate|/notify], /api/t/TOKEN[/events] */
    gboolean api = g_str_has_prefix (path, "/api/t/");
    const char *rest = api ? path + strlen ("/api/t/") : g_str_has_prefix (path, "/t/") ? path + strlen ("/t/") : NULL;
    if (!rest) {
        web_reply_error (msg, SOUP_STATUS_NOT_FOUND, lang, N_("页面不存在"), N_("请扫描号票上的二维码打开您的排队页面。"));
        return;
    }
    const char *slash = strchr (rest, '/');
    size_t len = slash ? (size_t) (slash - rest) : strlen (rest);
    const char *action = slash ? slash + 1 : "";
    char token[24] = "";
    if (s_token_ok (rest, len))
        memcpy (token, rest, len);
    gboolean known_action = api ? (get && (!*action || strcmp (action, "events") == 0))
                                : (get && !*action) || (post && (!strcmp (action, "rate") || !strcmp (action, "notify")));
    if (!*token || !known_action) {
        if (!*token)
            s_lookup_failed (msg, HALL_E_UNKNOWN_TICKET, lang, api);
        else
            web_reply_error (msg, post ? SOUP_STATUS_METHOD_NOT_ALLOWED : SOUP_STATUS_NOT_FOUND, lang,
                     N_("页面不存在"), NULL);
        return;
    }
    if (post) {
        s_post (self, msg, token, action, lang, address);
        return;
    }
    const char *what = !api ? "page" : *action ? "events" : "api";
    if (!api) {
        const char *done = query ? g_hash_table_lookup (query, "done") : NULL;
        g_object_set_data_full (G_OBJECT (msg), "done", g_strdup (done), g_free);
    }
    web_hall_lookup (self->hall, token, s_looked_up, s_pending_new (self, msg, token, lang, address, what));
}

/* Before a body is read: refuse what is too big or of no known length. */
static void
s_got_headers (SoupServerMessage *msg, web_server_t *self)
{
    if (strcmp (soup_server_message_get_method (msg), "POST") != 0)
        return;
    SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
    if (soup_message_headers_get_encoding (h) != SOUP_ENCODING_CONTENT_LENGTH) {
        web_reply_error (msg, SOUP_STATUS_LENGTH_REQUIRED, WEB_ZH, N_("请求无效"), NULL);
        return;
    }
    if (soup_message_headers_get_content_length (h) > WEB_MAX_BODY)
        web_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, WEB_ZH, N_("请求无效"), N_("提交的内容太长。"));
}

static void
s_request_started (SoupServer *soup, SoupServerMessage *msg, web_server_t *self)
{
    g_signal_connect (msg, "got-headers", G_CALLBACK (s_got_headers), self);
}

/* ---- life ------------------------------------------------------------------------ */

web_server_t *
web_server_new (web_hall_t *hall, const web_server_config_t *config, GError **error)
{
    g_autoptr (GSocketConnectable) where = g_network_address_parse (config->listen, 8080, error);
    if (!where)
        return NULL;
    const char *host = g_network_address_get_hostname (G_NETWORK_ADDRESS (where));
    guint16 port = g_network_address_get_port (G_NETWORK_ADDRESS (where));
    g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (host);
    if (!inet) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "--listen %s: give a numeric address (127.0.0.1:8080, [::1]:8080)", config->listen);
        return NULL;
    }
    web_server_t *self = g_new0 (web_server_t, 1);
    self->hall = hall;
    self->config = *config;
    self->config.listen = g_strdup (config->listen);
    if (getrandom (self->key, sizeof self->key, 0) != (ssize_t) sizeof self->key) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no randomness for the forms' key");
        web_server_destroy (&self);
        return NULL;
    }
    self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->streams = g_ptr_array_new ();
    self->booking = web_booking_new (hall, self->key);
    self->kase = web_case_new (hall, self->key);
    self->soup = soup_server_new ("server-header", "hall-web", NULL);
    g_signal_connect (self->soup, "request-started", G_CALLBACK (s_request_started), self);
    soup_server_add_handler (self->soup, NULL, s_handle, self, NULL);
    /* Our own listening socket: GLib's backlog of 10 would reset phones
     * that connect in a burst (a tram's worth of visitors scanning at the
     * door, or everything a reverse proxy passes on at once). */
    g_autoptr (GSocketAddress) address = g_inet_socket_address_new (inet, port);
    g_autoptr (GSocket) socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                                               G_SOCKET_PROTOCOL_TCP, error);
    if (socket) {
        g_socket_set_listen_backlog (socket, 1024);
        g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, 1, NULL);
    }
    if (!socket || !g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error)
        || !soup_server_listen_socket (self->soup, socket, 0, error)) {
        g_prefix_error (error, "cannot listen on %s: ", config->listen);
        web_server_destroy (&self);
        return NULL;
    }
    web_hall_on_changed (hall, s_changed, self);
    self->ping = g_timeout_add_seconds (PING_SECONDS, s_ping, self);
    return self;
}

void
web_server_destroy (web_server_t **self_p)
{
    web_server_t *self = *self_p;
    if (!self)
        return;
    g_clear_handle_id (&self->ping, g_source_remove);
    if (self->hall)
        web_hall_on_changed (self->hall, NULL, NULL);
    if (self->soup) {
        soup_server_disconnect (self->soup);
        g_object_unref (self->soup);
    }
    while (self->streams && self->streams->len)
        s_stream_finished (((stream_t *) g_ptr_array_index (self->streams, 0))->msg,
                           g_ptr_array_index (self->streams, 0));
    if (self->streams)
        g_ptr_array_unref (self->streams);
    if (self->buckets)
        g_hash_table_destroy (self->buckets);
    web_booking_destroy (&self->booking);
    web_case_destroy (&self->kase);
    g_free ((char *) self->config.listen);
    web_reply_set_hall_name (NULL);
    g_free (self);
    *self_p = NULL;
}

void
web_server_on_action (web_server_t *self, void (*fn) (gpointer), gpointer user)
{
    self->action_fn = fn;
    self->action_user = user;
}

guint
web_server_streams (web_server_t *self)
{
    return self->streams->len;
}
