/*  client.c — see client.h. */
#include "client.h"

struct _HallClient {
    GObject         parent_instance;
    hall_session_t *session;
    GSource        *source;       /* drives the session from the default main context */
};

G_DEFINE_FINAL_TYPE (HallClient, hall_client, G_TYPE_OBJECT)

enum { SIGNAL_EVENT, SIGNAL_ONLINE, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static void
s_on_event (hall_session_t *session, json_t *event, void *user)
{
    g_signal_emit (user, s_signals[SIGNAL_EVENT], 0, (gpointer) event);
}

static void
s_on_online (hall_session_t *session, bool online, void *user)
{
    g_signal_emit (user, s_signals[SIGNAL_ONLINE], 0, (gboolean) online);
}

static void
hall_client_finalize (GObject *object)
{
    HallClient *self = HALL_CLIENT (object);
    if (self->source) {
        g_source_destroy (self->source);
        g_source_unref (self->source);
    }
    hall_session_destroy (&self->session);
    G_OBJECT_CLASS (hall_client_parent_class)->finalize (object);
}

static void
hall_client_class_init (HallClientClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = hall_client_finalize;
    s_signals[SIGNAL_EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
    s_signals[SIGNAL_ONLINE] = g_signal_new ("online", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
hall_client_init (HallClient *self)
{
}

HallClient *
hall_client_new (const char *requests, const char *events, hall_role_t role, int window,
                 const char *client_id)
{
    hall_session_t *session = hall_session_new (requests, events, role, window, client_id);
    if (!session)
        return NULL;
    HallClient *self = g_object_new (HALL_TYPE_CLIENT, NULL);
    self->session = session;
    hall_session_on_event (session, s_on_event, self);
    hall_session_on_online (session, s_on_online, self);
    self->source = hall_session_source_new (session);
    g_source_attach (self->source, NULL);
    return self;
}

hall_session_t *hall_client_session (HallClient *self) { return self->session; }
hall_mirror_t  *hall_client_mirror (HallClient *self) { return hall_session_mirror (self->session); }
gboolean        hall_client_online (HallClient *self) { return hall_session_online (self->session); }
gboolean        hall_client_key_refused (HallClient *self) { return hall_session_key_refused (self->session); }
gint64          hall_client_now (HallClient *self) { return hall_session_server_time (self->session); }
