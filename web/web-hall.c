/*  web-hall.c — see web-hall.h. */
#define G_LOG_DOMAIN "hall-web"
#include "web-hall.h"
#include "estimate.h"

#include <string.h>

#define KEEP_US (10 * 60 * G_USEC_PER_SEC)     /* an idle ticket is forgotten after 10 min */

typedef struct {
    web_ticket_fn fn;
    gpointer      user;
} waiter_t;

struct _web_hall_t {
    HallClient     *client;
    GHashTable     *tickets;      /* token -> web_ticket_t (owned) */
    GHashTable     *by_id;        /* ticket id (gint64 *) -> web_ticket_t (borrowed) */
    GHashTable     *waiting;      /* token -> GArray of waiter_t: lookups in flight */
    json_t         *reasons;
    char           *day;          /* the hall's day the kept tickets are of */
    web_changed_fn  changed;
    gpointer        changed_user;
    guint           changed_idle;
    guint           sweep;
    gulong          event_handler, online_handler;
};

static void
s_ticket_free (gpointer data)
{
    web_ticket_t *ticket = data;
    json_decref (ticket->ticket);
    json_decref (ticket->rating);
    g_free (ticket->phone);
    g_free (ticket);
}

static gint64
s_id (json_t *ticket)
{
    return json_integer_value (json_object_get (ticket, "id"));
}

/* ---- change notification ---------------------------------------------------- */

static gboolean
s_changed_idle (gpointer data)
{
    web_hall_t *self = data;
    self->changed_idle = 0;
    if (self->changed)
        self->changed (self, self->changed_user);
    return G_SOURCE_REMOVE;
}

static void
s_changed (web_hall_t *self)
{
    if (!self->changed_idle)
        self->changed_idle = g_idle_add (s_changed_idle, self);
}

static void
s_reasons_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    web_hall_t *self = user;
    if (reply->ok && reply->result) {
        json_decref (self->reasons);
        self->reasons = json_incref (reply->result);
    }
}

static void
s_on_event (HallClient *client, gpointer event, web_hall_t *self)
{
    /* A new day (the mirror reloads at the change): yesterday's links
     * have expired; the next look at one asks the server, which says so. */
    const char *day = hall_mirror_day (web_hall_mirror (self));
    if (day && g_strcmp0 (day, self->day) != 0) {
        g_free (self->day);
        self->day = g_strdup (day);
        /* Tickets with live pages stay (their streams count on them) but
         * are asked about again at the next look (web_hall_lookup). */
        GHashTableIter iter;
        gpointer key, value;
        g_hash_table_iter_init (&iter, self->tickets);
        while (g_hash_table_iter_next (&iter, &key, &value))
            if (((web_ticket_t *) value)->streams == 0) {
                gint64 id = s_id (((web_ticket_t *) value)->ticket);
                g_hash_table_remove (self->by_id, &id);
                g_hash_table_iter_remove (&iter);
            }
    }
    json_t *ticket = event ? json_object_get (event, "ticket") : NULL;
    if (json_is_object (ticket)) {
        gint64 id = s_id (ticket);
        web_ticket_t *kept = g_hash_table_lookup (self->by_id, &id);
        if (kept) {
            json_decref (kept->ticket);
            kept->ticket = json_incref (ticket);
            const char *type = json_string_value (json_object_get (event, "type"));
            json_t *rating = json_object_get (json_object_get (event, "detail"), "rating");
            if (g_strcmp0 (type, "rating.given") == 0 && json_is_object (rating)) {
                json_decref (kept->rating);
                kept->rating = json_pack ("{s:O, s:O}", "level", json_object_get (rating, "level"),
                                          "default", json_object_get (rating, "is_default"));
            }
        }
    }
    if (!self->reasons && hall_client_online (self->client))
        hall_session_send (hall_client_session (self->client), HALL_OP_RATING_REASONS, NULL,
                           s_reasons_reply, self);
    s_changed (self);
}

static void
s_on_online (HallClient *client, gboolean online, web_hall_t *self)
{
    if (online && !self->reasons)
        hall_session_send (hall_client_session (self->client), HALL_OP_RATING_REASONS, NULL,
                           s_reasons_reply, self);
    s_changed (self);
}

/* Tickets nobody has looked at for a while are forgotten; a page that
 * comes back asks the server again. */
static gboolean
s_sweep (gpointer data)
{
    web_hall_t *self = data;
    gint64 now = g_get_monotonic_time ();
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init (&iter, self->tickets);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        web_ticket_t *ticket = value;
        if (ticket->streams == 0 && now - ticket->used > KEEP_US) {
            gint64 id = s_id (ticket->ticket);
            g_hash_table_remove (self->by_id, &id);
            g_hash_table_iter_remove (&iter);
        }
    }
    return G_SOURCE_CONTINUE;
}

web_hall_t *
web_hall_new (HallClient *client)
{
    web_hall_t *self = g_new0 (web_hall_t, 1);
    self->client = g_object_ref (client);
    self->tickets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, s_ticket_free);
    self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_array_unref);
    self->event_handler = g_signal_connect (client, "event", G_CALLBACK (s_on_event), self);
    self->online_handler = g_signal_connect (client, "online", G_CALLBACK (s_on_online), self);
    self->sweep = g_timeout_add_seconds (60, s_sweep, self);
    return self;
}

void
web_hall_destroy (web_hall_t **self_p)
{
    web_hall_t *self = *self_p;
    if (!self)
        return;
    g_signal_handler_disconnect (self->client, self->event_handler);
    g_signal_handler_disconnect (self->client, self->online_handler);
    /* Requests still in flight are forgotten with the session. */
    g_object_unref (self->client);
    g_clear_handle_id (&self->changed_idle, g_source_remove);
    g_clear_handle_id (&self->sweep, g_source_remove);
    g_hash_table_destroy (self->by_id);
    g_hash_table_destroy (self->tickets);
    g_hash_table_destroy (self->waiting);
    json_decref (self->reasons);
    g_free (self->day);
    g_free (self);
    *self_p = NULL;
}

void
web_hall_on_changed (web_hall_t *self, web_changed_fn fn, gpointer user)
{
    self->changed = fn;
    self->changed_user = user;
}

HallClient    *web_hall_client (web_hall_t *self) { return self->client; }
hall_mirror_t *web_hall_mirror (web_hall_t *self) { return hall_client_mirror (self->client); }
gboolean       web_hall_online (web_hall_t *self) { return hall_client_online (self->client); }
json_t        *web_hall_reasons (web_hall_t *self) { return self->reasons; }
GHashTable    *web_hall_tickets (web_hall_t *self) { return self->tickets; }

/* ---- lookups ------------------------------------------------------------------ */

typedef struct {
    web_hall_t *hall;
    char        token[24];
} lookup_t;

/* The ticket.view reply: keep the ticket (the mirror's copy when it is
 * active there: it may be newer than the reply) and answer the waiters. */
static void
s_view_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    lookup_t *lookup = user;
    web_hall_t *self = lookup->hall;
    web_ticket_t *ticket = NULL;
    hall_error_t error = reply->ok ? HALL_OK : reply->error;
    if (reply->ok && json_is_object (json_object_get (reply->result, "ticket"))) {
        json_t *given = json_object_get (reply->result, "ticket");
        gint64 id = s_id (given);
        json_t *current = hall_mirror_ticket (web_hall_mirror (self), id);
        ticket = g_hash_table_lookup (self->tickets, lookup->token);
        if (!ticket) {
            ticket = g_new0 (web_ticket_t, 1);
            g_strlcpy (ticket->token, lookup->token, sizeof ticket->token);
            g_hash_table_insert (self->tickets, ticket->token, ticket);
            g_hash_table_insert (self->by_id, g_memdup2 (&id, sizeof id), ticket);
        }
        json_decref (ticket->ticket);
        ticket->ticket = json_incref (current ? current : given);
        json_decref (ticket->rating);
        ticket->rating = json_incref (json_object_get (reply->result, "rating"));
        g_free (ticket->phone);
        ticket->phone = g_strdup (json_string_value (json_object_get (reply->result, "phone")));
        g_strlcpy (ticket->day, json_string_value (json_object_get (reply->result, "day")) ?: "",
                   sizeof ticket->day);
        ticket->used = g_get_monotonic_time ();
    } else if (reply->ok)
        error = HALL_E_INTERNAL;
    GArray *waiters = NULL;
    char *key = NULL;
    g_hash_table_steal_extended (self->waiting, lookup->token, (gpointer *) &key, (gpointer *) &waiters);
    g_free (key);
    for (guint i = 0; waiters && i < waiters->len; i++) {
        waiter_t *w = &g_array_index (waiters, waiter_t, i);
        w->fn (self, ticket, error, w->user);
    }
    if (waiters)
        g_array_unref (waiters);
    g_free (lookup);
    s_changed (self);
}

static void
s_ask (web_hall_t *self, const char *token, web_ticket_fn fn, gpointer user)
{
    GArray *waiters = g_hash_table_lookup (self->waiting, token);
    waiter_t w = { fn, user };
    if (waiters) {
        g_array_append_val (waiters, w);
        return;
    }
    waiters = g_array_new (FALSE, FALSE, sizeof (waiter_t));
    g_array_append_val (waiters, w);
    g_hash_table_insert (self->waiting, g_strdup (token), waiters);
    lookup_t *lookup = g_new0 (lookup_t, 1);
    lookup->hall = self;
    g_strlcpy (lookup->token, token, sizeof lookup->token);
    json_t *args = json_pack ("{s:s}", "token", token);
    hall_session_send (hall_client_session (self->client), HALL_OP_TICKET_VIEW, args, s_view_reply, lookup);
    json_decref (args);
}

void
web_hall_lookup (web_hall_t *self, const char *token, web_ticket_fn fn, gpointer user)
{
    web_ticket_t *ticket = g_hash_table_lookup (self->tickets, token);
    /* A ticket of an earlier day is asked about again: its link may have
     * expired (the server says so). */
    if (ticket && g_strcmp0 (ticket->day, hall_mirror_day (web_hall_mirror (self))) == 0) {
        ticket->used = g_get_monotonic_time ();
        fn (self, ticket, HALL_OK, user);
        return;
    }
    s_ask (self, token, fn, user);
}

void
web_hall_refresh (web_hall_t *self, const char *token, web_ticket_fn fn, gpointer user)
{
    s_ask (self, token, fn, user);
}

/* ---- the view ------------------------------------------------------------------ */

static const char *
s_str (json_t *object, const char *key)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : "";
}

/* The ticket's journey as the page shows it: the server's object with each
 * step's category names from the mirror (null for other tickets). */
static json_t *
s_journey_view (hall_mirror_t *mirror, json_t *journey)
{
    if (!json_is_object (journey))
        return json_null ();
    json_t *view = json_deep_copy (journey);
    size_t i;
    json_t *step;
    json_array_foreach (json_object_get (view, "steps"), i, step) {
        json_t *category = hall_mirror_category (mirror, s_str (step, "category"));
        json_object_set_new (step, "name", json_string (category ? s_str (category, "name") : s_str (step, "category")));
        json_object_set_new (step, "name_en", json_string (s_str (category, "name_en")));
    }
    return view;
}

json_t *
web_hall_view (web_hall_t *self, web_ticket_t *kept)
{
    hall_mirror_t *mirror = web_hall_mirror (self);
    gint64 id = s_id (kept->ticket);
    json_t *ticket = hall_mirror_ticket (mirror, id);
    if (!ticket)
        ticket = kept->ticket;
    const char *code = s_str (ticket, "category");
    const char *state = s_str (ticket, "state");
    json_t *category = hall_mirror_category (mirror, code);
    json_t *hall = hall_mirror_hall (mirror);
    int near_at = json_is_integer (json_object_get (hall, "notify_ahead"))
                ? (int) json_integer_value (json_object_get (hall, "notify_ahead")) : 3;
    gboolean waiting = strcmp (state, "waiting") == 0;
    int ahead = waiting ? hall_mirror_ahead (mirror, ticket, hall_client_now (self->client)) : 0;
    json_t *windows = hall_estimate_windows_now (hall_mirror_windows (mirror), code);
    json_t *view = json_pack ("{s:s, s:s, s:s, s:s, s:s, s:i, s:b, s:i, s:o, s:O, s:b, s:O, s:o, s:s, s:b}",
        "number", s_str (ticket, "number"), "category", code,
        "category_name", s_str (category, "name"), "category_name_en", s_str (category, "name_en"),
        "state", state, "ahead", ahead, "near", waiting && ahead <= near_at, "notify_ahead", near_at,
        "windows", windows, "window", json_object_get (ticket, "window") ?: json_null (),
        "rated", json_is_object (kept->rating), "rating", kept->rating ?: json_null (),
        "phone", kept->phone ? json_string (kept->phone) : json_null (),
        "notice", s_str (hall, "notice"), "online", web_hall_online (self));
    json_object_set_new (view, "journey", s_journey_view (mirror, json_object_get (ticket, "journey")));
    hall_estimate_t estimate = waiting
        ? hall_estimate_for (category, hall_mirror_windows (mirror), ahead)
        : hall_estimate (0, 0, 1, 1.0);
    hall_estimate_set (view, estimate);
    return view;
}

/* ---- actions ------------------------------------------------------------------- */

typedef struct {
    web_hall_t  *hall;
    web_done_fn  done;
    gpointer     user;
} action_t;

static void
s_action_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    action_t *action = user;
    action->done (action->hall, reply, action->user);
    g_free (action);
}

static void
s_action (web_hall_t *self, hall_op_t op, json_t *args, web_done_fn done, gpointer user)
{
    action_t *action = g_new0 (action_t, 1);
    action->hall = self;
    action->done = done;
    action->user = user;
    hall_session_send (hall_client_session (self->client), op, args, s_action_reply, action);
    json_decref (args);
}

/* A rating's args: the ticket's link (KEY "token") or the case's
 * ("case_token"), the level, the reasons and the visitor's words. */
static json_t *
s_rate_args (const char *key, const char *token, int level, json_t *reasons, const char *text)
{
    json_t *args = json_pack ("{s:s, s:i, s:O}", key, token, "level", level, "reasons", reasons);
    if (text && *text)
        json_object_set_new (args, "text", json_string (text));
    return args;
}

void
web_hall_rate (web_hall_t *self, const char *token, int level, json_t *reasons, const char *text,
               const char *contact_phone, web_done_fn done, gpointer user)
{
    json_t *args = s_rate_args ("token", token, level, reasons, text);
    if (contact_phone && *contact_phone) {
        json_object_set_new (args, "contact_phone", json_string (contact_phone));
        json_object_set_new (args, "consent", json_true ());
    }
    s_action (self, HALL_OP_RATE, args, done, user);
}

void
web_hall_rate_case (web_hall_t *self, const char *case_token, int level, json_t *reasons, const char *text,
                    web_done_fn done, gpointer user)
{
    s_action (self, HALL_OP_RATE, s_rate_args ("case_token", case_token, level, reasons, text), done, user);
}

void
web_hall_request (web_hall_t *self, hall_op_t op, json_t *args, web_done_fn done, gpointer user)
{
    s_action (self, op, args, done, user);
}

void
web_hall_subscribe (web_hall_t *self, const char *token, const char *phone, web_done_fn done, gpointer user)
{
    s_action (self, HALL_OP_NOTIFY_SUBSCRIBE, json_pack ("{s:s, s:s}", "token", token, "phone", phone),
              done, user);
}
