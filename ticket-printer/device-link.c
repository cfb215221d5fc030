/*  device-link.c — a printing device's link to the hall (device-link.h). */
#include "device-link.h"
#include "client.h"

#include <gio/gio.h>

struct _hall_device_link_t {
    char                     *requests;    //  request endpoint
    char                     *events;      //  event endpoint, or NULL
    hall_role_t               role;        //  the device's role
    int                       timeout_ms;  //  per-try request timeout (0: default)
    int                       retries;     //  retries (< 0: default)
    HallClient               *client;      //  the link: owns the session, or NULL
    hall_session_t           *session;     //  borrowed from the client
    hall_device_link_hooks_t  hooks;       //  the owner's
    void                     *user;        //  the hooks' last argument
    char                     *log_domain;  //  the owner's G_LOG_DOMAIN
    guint                     rebuild_id;  //  idle source replacing the session
};

static void
s_on_event (HallClient *client, json_t *event, void *user)
{
    hall_device_link_t *self = user;
    self->hooks.changed (self->user);
}

static void
s_on_online (HallClient *client, gboolean online, void *user)
{
    hall_device_link_t *self = user;
    g_log (self->log_domain, G_LOG_LEVEL_MESSAGE, "server %s", online ? "online" : "offline");
    if (self->hooks.online)
        self->hooks.online (online, self->user);
    else
        self->hooks.changed (self->user);
}

static gboolean
s_open (hall_device_link_t *self)
{
    self->client = hall_client_new (self->requests, self->events, self->role, 0, NULL);
    self->session = self->client ? hall_client_session (self->client) : NULL;
    if (!self->session)
        return FALSE;
    hall_session_set_timeout (self->session, self->timeout_ms, self->retries);
    g_signal_connect (self->client, "event", G_CALLBACK (s_on_event), self);
    g_signal_connect (self->client, "online", G_CALLBACK (s_on_online), self);
    return TRUE;
}

static void
s_close (hall_device_link_t *self)
{
    if (self->client)
        g_signal_handlers_disconnect_by_data (self->client, self);
    g_clear_object (&self->client);
    self->session = NULL;
}

static gboolean
s_rebuild (gpointer user)
{
    hall_device_link_t *self = user;
    self->rebuild_id = 0;
    s_close (self);
    if (self->hooks.dropped)
        self->hooks.dropped (self->user);
    if (!s_open (self))
        g_log (self->log_domain, G_LOG_LEVEL_WARNING, "could not reopen the session to %s",
               self->requests);
    self->hooks.changed (self->user);
    return G_SOURCE_REMOVE;
}

hall_device_link_t *
hall_device_link_new (const char *requests, const char *events, hall_role_t role,
                      int timeout_ms, int retries, const char *log_domain,
                      const hall_device_link_hooks_t *hooks, void *user, GError **error)
{
    g_return_val_if_fail (requests && hooks && hooks->changed, NULL);
    hall_device_link_t *self = g_new0 (hall_device_link_t, 1);
    self->requests = g_strdup (requests);
    self->events = g_strdup (events);
    self->role = role;
    self->timeout_ms = timeout_ms;
    self->retries = retries;
    self->hooks = *hooks;
    self->user = user;
    self->log_domain = g_strdup (log_domain);
    if (!s_open (self)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "cannot connect to %s / %s",
                     requests, events ? events : "(no events)");
        hall_device_link_destroy (&self);
    }
    return self;
}

void
hall_device_link_destroy (hall_device_link_t **self_p)
{
    g_return_if_fail (self_p);
    hall_device_link_t *self = *self_p;
    if (!self)
        return;
    g_clear_handle_id (&self->rebuild_id, g_source_remove);
    s_close (self);
    g_free (self->requests);
    g_free (self->events);
    g_free (self->log_domain);
    g_free (self);
    *self_p = NULL;
}

hall_session_t *
hall_device_link_session (hall_device_link_t *self)
{
    return self->session;
}

hall_mirror_t *
hall_device_link_mirror (hall_device_link_t *self)
{
    return hall_session_mirror (self->session);
}

gboolean
hall_device_link_online (hall_device_link_t *self)
{
    return self->session && hall_session_online (self->session)
           && hall_mirror_loaded (hall_session_mirror (self->session));
}

gboolean
hall_device_link_key_refused (hall_device_link_t *self)
{
    return self->session && hall_session_key_refused (self->session);
}

gint64
hall_device_link_now (hall_device_link_t *self)
{
    gint64 now = self->session ? hall_session_server_time (self->session) : 0;
    return now > 0 ? now : g_get_real_time () / G_USEC_PER_SEC;
}

gboolean
hall_device_link_rebuilding (hall_device_link_t *self)
{
    return self->rebuild_id != 0;
}

void
hall_device_link_refused (hall_device_link_t *self, const char *what, const hall_reply_t *reply)
{
    g_log (self->log_domain, G_LOG_LEVEL_MESSAGE, "%s refused: %s (%s)", what,
           hall_error_name (reply->error), reply->message);
    if (reply->error == HALL_E_TIMEOUT && !self->rebuild_id)
        self->rebuild_id = g_idle_add (s_rebuild, self);
}

hall_ticket_print_t *
hall_device_link_ticket (hall_device_link_t *self, json_t *result, const char *status_url)
{
    hall_mirror_t *mirror = hall_device_link_mirror (self);
    const char *code = json_string_value (json_object_get (json_object_get (result, "ticket"), "category"));
    hall_ticket_print_t *ticket = hall_ticket_print_from_issue (
        result, hall_mirror_hall (mirror), code ? hall_mirror_category (mirror, code) : NULL, status_url);
    if (!ticket->issued_at)
        ticket->issued_at = hall_device_link_now (self);
    if (ticket->journey)
        hall_ticket_print_set_journey (ticket, ticket->journey, hall_mirror_categories (mirror));
    return ticket;
}
