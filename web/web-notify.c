/*  web-notify.c — see web-notify.h. */
#define G_LOG_DOMAIN "hall-web"
#include "web-notify.h"
#include "web-booking-pages.h"

#include <libsoup/soup.h>
#include <string.h>

#define LOOK_EVERY_S   30       /* look for owed messages at least this often */
#define BACKOFF_MAX_S  300
#define TRY_TIMEOUT_S  10
#define TICK_MS        1000     /* how often the server's minute is looked at */

typedef struct {
    gint64   id;
    int      tries;             /* failed tries so far (this process) */
    gint64   next;              /* monotonic µs before which it is not tried again */
    gboolean sending;
} message_t;

struct _web_notify_t {
    web_hall_t  *hall;
    char        *url;
    char        *secret;
    SoupSession *http;
    GHashTable  *messages;      /* id -> message_t */
    gboolean     asking;        /* a notify.owed in flight */
    gboolean     again;         /* kicked meanwhile: ask once more */
    guint        soon, every, tick;
    gint64       soon_at;       /* monotonic µs the soon timer fires at */
    gint64       minute;        /* the server's minute (unix minutes) last looked at */
    gulong       event_handler;
};

typedef struct {
    web_notify_t *notify;
    gint64        id;
} send_t;

static void s_ask (web_notify_t *self);

static gboolean
s_soon (gpointer data)
{
    web_notify_t *self = data;
    self->soon = 0;
    s_ask (self);
    return G_SOURCE_REMOVE;
}

/* Looks again within MS (the earliest of the times asked for wins). */
static void
s_look_in (web_notify_t *self, guint ms)
{
    gint64 at = g_get_monotonic_time () + (gint64) ms * 1000;
    if (self->soon && self->soon_at <= at)
        return;
    g_clear_handle_id (&self->soon, g_source_remove);
    self->soon_at = at;
    self->soon = g_timeout_add (ms, s_soon, self);
}

void
web_notify_kick (web_notify_t *self)
{
    if (self->asking)
        self->again = TRUE;
    else
        s_look_in (self, 50);
}

static const char *
s_str (json_t *object, const char *key)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : "";
}

/* The public base of the phone pages ("https://zwfw.example.gov.cn/hall/"):
 * the hall's status_url is it followed by "t/", the ticket pages' folder.
 * "" when the pages are not published (g_free). */
static char *
s_public_base (json_t *hall)
{
    GString *url = g_string_new (s_str (hall, "status_url"));
    while (url->len > 0 && url->str[url->len - 1] == '/')
        g_string_truncate (url, url->len - 1);
    if (g_str_has_suffix (url->str, "/t"))
        g_string_truncate (url, url->len - 1);          /* ".../t" -> ".../" */
    else if (url->len > 0)
        g_string_append_c (url, '/');                   /* no "t/": the base itself */
    return g_string_free (url, FALSE);
}

/* The link of a revisit message: the visitor's case on the phone page
 * (web-case.h), or NULL when the pages are not published (g_free). */
static char *
s_revisit_link (web_notify_t *self, json_t *item)
{
    json_t *hall = hall_mirror_hall (web_hall_mirror (self->hall));
    g_autofree char *base = s_public_base (hall);
    const char *token = s_str (item, "token");
    return *base && *token ? g_strdup_printf ("%sc/%s", base, token) : NULL;
}

/* The SMS's words (Chinese: the hall's SMS go out in it); LINK: a revisit's. */
static char *
s_text (json_t *item, const char *hall, const char *link)
{
    const char *kind = s_str (item, "kind");
    const char *number = s_str (item, "number");
    json_t *booking = json_object_get (item, "booking");
    if (strcmp (kind, "called") == 0)
        return g_strdup_printf ("【%s】请 %s 号到 %d 号窗口办理。", hall, number,
                                (int) json_integer_value (json_object_get (item, "window")));
    if (strcmp (kind, "booking_day") == 0) {
        /* The working day before: the slot's day by its date (a Friday's
         * reminder is for Monday, not "tomorrow"). */
        g_autofree char *day = web_booking_day_text (WEB_ZH, s_str (booking, "day"), NULL);
        return g_strdup_printf ("【%s】您已预约 %s %s–%s 办理%s，请按时到大厅自助取号机“预约签到”。"
                                "如不能前来，请在网上取消预约。", hall, day, s_str (booking, "start"),
                                s_str (booking, "end"), s_str (item, "category_name"));
    }
    if (strcmp (kind, "revisit") == 0)
        return link ? g_strdup_printf ("【%s】您对%s的评价已整改，请点击查看并评价整改结果：%s", hall,
                                       s_str (item, "category_name"), link)
                    : g_strdup_printf ("【%s】您对%s的评价已整改，我们将与您联系回访。", hall,
                                       s_str (item, "category_name"));
    if (strcmp (kind, "booking_hour") == 0)
        return g_strdup_printf ("【%s】您预约的%s在今天 %s–%s，请按时到大厅自助取号机“预约签到”。", hall,
                                s_str (item, "category_name"), s_str (booking, "start"), s_str (booking, "end"));
    return g_strdup_printf ("【%s】您的号 %s（%s）前面还有 %d 人，请回到大厅留意叫号。", hall, number,
                            s_str (item, "category_name"), (int) json_integer_value (json_object_get (item, "ahead")));
}

static void
s_sent_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
}

static void
s_delivered (GObject *source, GAsyncResult *result, gpointer user)
{
    send_t *send = user;
    web_notify_t *self = send->notify;
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
    SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
    guint status = msg ? soup_message_get_status (msg) : 0;
    gboolean ok = !error && SOUP_STATUS_IS_SUCCESSFUL (status);
    message_t *message = g_hash_table_lookup (self->messages, &send->id);
    if (message) {
        message->sending = FALSE;
        if (ok)
            g_hash_table_remove (self->messages, &send->id);
        else {
            int shift = MIN (message->tries, 8);
            gint64 wait = MIN ((gint64) 1 << shift, BACKOFF_MAX_S);
            message->tries++;
            message->next = g_get_monotonic_time () + wait * G_USEC_PER_SEC;
            g_message ("SMS message %" G_GINT64_FORMAT ": try %d failed (%s); again in %" G_GINT64_FORMAT " s",
                       send->id, message->tries, error ? error->message : soup_status_get_phrase (status), wait);
            s_look_in (self, (guint) (wait * 1000 + 1));
        }
    }
    json_t *args = json_pack ("{s:I, s:b}", "id", (json_int_t) send->id, "ok", ok);
    hall_session_send (hall_client_session (web_hall_client (self->hall)), HALL_OP_NOTIFY_SENT, args,
                       s_sent_reply, NULL);
    json_decref (args);
    g_free (send);
}

static void
s_send (web_notify_t *self, json_t *item, const char *hall_name, message_t *message)
{
    /* A revisit names its category by code: its name is the mirror's. */
    if (!json_is_string (json_object_get (item, "category_name"))) {
        json_t *category = hall_mirror_category (web_hall_mirror (self->hall), s_str (item, "category"));
        json_object_set_new (item, "category_name", json_string (category ? s_str (category, "name")
                                                                          : s_str (item, "category")));
    }
    json_t *body = json_pack ("{s:O, s:O, s:s, s:O?, s:O, s:O, s:O?, s:O?, s:O?, s:O, s:O}",
        "key", json_object_get (item, "key"), "kind", json_object_get (item, "kind"), "hall", hall_name,
        "number", json_object_get (item, "number"), "category", json_object_get (item, "category"),
        "category_name", json_object_get (item, "category_name"), "window", json_object_get (item, "window"),
        "ahead", json_object_get (item, "ahead"), "booking", json_object_get (item, "booking"),
        "phone", json_object_get (item, "phone"), "created_at", json_object_get (item, "created_at"));
    if (!body) {
        g_warning ("notify.owed message %" G_GINT64_FORMAT " lacks a field: not sent", message->id);
        return;
    }
    g_autofree char *link = strcmp (s_str (item, "kind"), "revisit") == 0 ? s_revisit_link (self, item) : NULL;
    if (strcmp (s_str (item, "kind"), "revisit") == 0 && !link)
        g_warning ("revisit message %" G_GINT64_FORMAT ": the hall's status_url is not set, so the SMS carries"
                   " no link to the case", message->id);
    json_object_set_new (body, "link", link ? json_string (link) : json_null ());
    g_autofree char *text = s_text (item, hall_name, link);
    json_object_set_new (body, "text", json_string (text));
    g_autofree char *payload = json_dumps (body, JSON_COMPACT);
    json_decref (body);
    g_autofree char *stamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
    g_autofree char *signed_text = g_strconcat (stamp, ".", payload, NULL);
    g_autofree char *mac = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) self->secret,
                                                      strlen (self->secret), signed_text, -1);
    g_autofree char *signature = g_strconcat ("sha256=", mac, NULL);
    SoupMessage *msg = soup_message_new ("POST", self->url);
    if (!msg) {
        g_warning ("the webhook address %s is not a URL", self->url);
        return;
    }
    SoupMessageHeaders *h = soup_message_get_request_headers (msg);
    soup_message_headers_replace (h, "Idempotency-Key", json_string_value (json_object_get (item, "key")));
    soup_message_headers_replace (h, "X-Hall-Timestamp", stamp);
    soup_message_headers_replace (h, "X-Hall-Signature", signature);
    g_autoptr (GBytes) bytes = g_bytes_new (payload, strlen (payload));
    soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    send_t *send = g_new0 (send_t, 1);
    send->notify = self;
    send->id = message->id;
    message->sending = TRUE;
    soup_session_send_and_read_async (self->http, msg, G_PRIORITY_DEFAULT, NULL, s_delivered, send);
    g_object_unref (msg);
}

static void
s_owed_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    web_notify_t *self = user;
    self->asking = FALSE;
    if (reply->ok) {
        json_t *hall = hall_mirror_hall (web_hall_mirror (self->hall));
        const char *name = json_string_value (json_object_get (hall, "name"));
        gint64 now = g_get_monotonic_time ();
        GHashTable *owed = g_hash_table_new (g_int64_hash, g_int64_equal);
        size_t i;
        json_t *item;
        json_array_foreach (json_object_get (reply->result, "owed"), i, item) {
            gint64 id = json_integer_value (json_object_get (item, "id"));
            message_t *message = g_hash_table_lookup (self->messages, &id);
            if (!message) {
                message = g_new0 (message_t, 1);
                message->id = id;
                g_hash_table_insert (self->messages, &message->id, message);
            }
            g_hash_table_add (owed, &message->id);
            if (!message->sending && now >= message->next)
                s_send (self, item, name && *name ? name : "政务服务中心", message);
        }
        /* What the server no longer owes (sent, or its day is over) is dropped. */
        GHashTableIter iter;
        gpointer key, value;
        g_hash_table_iter_init (&iter, self->messages);
        while (g_hash_table_iter_next (&iter, &key, &value))
            if (!g_hash_table_contains (owed, key) && !((message_t *) value)->sending)
                g_hash_table_iter_remove (&iter);
            else if (!((message_t *) value)->sending && ((message_t *) value)->next > now)
                s_look_in (self, (guint) ((((message_t *) value)->next - now) / 1000 + 1));
        g_hash_table_destroy (owed);
    }
    if (self->again) {
        self->again = FALSE;
        s_look_in (self, 50);
    }
}

static void
s_ask (web_notify_t *self)
{
    if (self->asking || !web_hall_online (self->hall))
        return;
    self->asking = TRUE;
    hall_session_send (hall_client_session (web_hall_client (self->hall)), HALL_OP_NOTIFY_OWED, NULL,
                       s_owed_reply, self);
}

static gboolean
s_every (gpointer data)
{
    s_ask (data);
    return G_SOURCE_CONTINUE;
}

/* The appointment reminders fall due by the clock (the day before, an
 * hour before): a look at each new minute of the server's clock, which
 * also follows a test clock's jumps within a second. */
static gboolean
s_tick (gpointer data)
{
    web_notify_t *self = data;
    gint64 minute = hall_client_now (web_hall_client (self->hall)) / 60;
    if (minute != self->minute) {
        self->minute = minute;
        web_notify_kick (self);
    }
    return G_SOURCE_CONTINUE;
}

/* A ticket changed: someone may be near their turn, or called; a case
 * changed: its revisit link may be owed. */
static void
s_on_event (HallClient *client, gpointer event, web_notify_t *self)
{
    const char *type = event ? json_string_value (json_object_get (event, "type")) : NULL;
    if (!event || (type && (g_str_has_prefix (type, "ticket.") || g_str_has_prefix (type, "case."))))
        web_notify_kick (self);
}

web_notify_t *
web_notify_new (web_hall_t *hall, const char *url, const char *secret)
{
    web_notify_t *self = g_new0 (web_notify_t, 1);
    self->hall = hall;
    self->url = g_strdup (url);
    self->secret = g_strdup (secret);
    self->http = soup_session_new_with_options ("timeout", TRY_TIMEOUT_S, "user-agent", "hall-web", NULL);
    self->messages = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
    self->every = g_timeout_add_seconds (LOOK_EVERY_S, s_every, self);
    self->tick = g_timeout_add (TICK_MS, s_tick, self);
    self->event_handler = g_signal_connect (web_hall_client (hall), "event", G_CALLBACK (s_on_event), self);
    return self;
}

void
web_notify_destroy (web_notify_t **self_p)
{
    web_notify_t *self = *self_p;
    if (!self)
        return;
    g_signal_handler_disconnect (web_hall_client (self->hall), self->event_handler);
    g_clear_handle_id (&self->soon, g_source_remove);
    g_clear_handle_id (&self->every, g_source_remove);
    g_clear_handle_id (&self->tick, g_source_remove);
    soup_session_abort (self->http);
    g_object_unref (self->http);
    g_hash_table_destroy (self->messages);
    g_free (self->url);
    memset (self->secret, 0, strlen (self->secret));
    g_free (self->secret);
    g_free (self);
    *self_p = NULL;
}
