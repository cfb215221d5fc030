/*  session-loop.c — driving a session (session.h): synchronous calls that
 *  pump it until their reply, and the GSource that drives it from a GLib
 *  main context.  Both use only the session's public functions.
 */
#include "session.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define S_SOURCE_TICK   250      /* the GSource looks at the timers this often */

/* ---- synchronous calls --------------------------------------------------- */

typedef struct {
    bool          done;       /* the reply (or the timeout) came */
    hall_reply_t *reply;      /* where to copy it */
} s_call_t;

static void
s_call_reply (hall_session_t *self, const hall_reply_t *reply, void *user)
{
    s_call_t *call = user;
    *call->reply = *reply;
    if (reply->result)
        json_incref (reply->result);
    call->done = true;
}

hall_error_t
hall_session_call_as (hall_session_t *self, int64_t req, hall_op_t op, json_t *args,
                      hall_reply_t *reply)
{
    assert (self);
    assert (reply);
    memset (reply, 0, sizeof *reply);
    s_call_t call = { false, reply };
    int64_t sent = hall_session_send_as (self, req, op, args, s_call_reply, &call);
    if (sent < 0) {
        reply->error = HALL_E_INTERNAL;
        snprintf (reply->message, sizeof reply->message, "cannot encode the request");
        return reply->error;
    }
    while (!call.done) {
        if (hall_session_pump (self, -1) < 0) {
            /* Interrupted: forget the request, report a timeout. */
            hall_session_forget (self, sent);
            reply->req = sent;
            reply->error = HALL_E_TIMEOUT;
            snprintf (reply->message, sizeof reply->message, "interrupted");
            return reply->error;
        }
    }
    return reply->ok ? HALL_OK : reply->error;
}

hall_error_t
hall_session_call (hall_session_t *self, hall_op_t op, json_t *args, hall_reply_t *reply)
{
    assert (self);
    return hall_session_call_as (self, hall_session_next_req (self), op, args, reply);
}

/* ---- GLib source --------------------------------------------------------- */

typedef struct {
    GSource          base;
    hall_session_t  *session;      /* driven session, borrowed */
    int              dealer_fd;    /* ZMQ_FD of the DEALER we watch */
    gpointer         dealer_tag;   /* its unix fd tag */
    gpointer         sub_tag;      /* the SUB socket's tag, or NULL */
} s_source_t;

/* The DEALER is rebuilt on retries: follow its file descriptor. */
static void
s_source_follow (s_source_t *source)
{
    int fd = hall_session_dealer_fd (source->session);
    if (fd == source->dealer_fd)
        return;
    if (source->dealer_tag)
        g_source_remove_unix_fd (&source->base, source->dealer_tag);
    source->dealer_tag = fd >= 0 ? g_source_add_unix_fd (&source->base, fd, G_IO_IN) : NULL;
    source->dealer_fd = fd;
}

static bool
s_source_ready (s_source_t *source)
{
    return hall_session_ready (source->session);
}

static gboolean
s_source_prepare (GSource *base, gint *timeout)
{
    s_source_t *source = (s_source_t *) base;
    s_source_follow (source);
    /* ZMQ_FD is edge-triggered: messages already queued raise no edge. */
    if (s_source_ready (source)) {
        *timeout = 0;
        return TRUE;
    }
    int64_t until = hall_session_wait_ms (source->session);
    *timeout = (gint) (until < 0 ? S_SOURCE_TICK : CLAMP (until, 0, S_SOURCE_TICK));
    return FALSE;
}

static gboolean
s_source_check (GSource *base)
{
    return s_source_ready ((s_source_t *) base);
}

static gboolean
s_source_dispatch (GSource *base, GSourceFunc callback, gpointer user)
{
    s_source_t *source = (s_source_t *) base;
    hall_session_pump (source->session, 0);
    s_source_follow (source);
    if (callback)
        return callback (user);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs s_source_funcs = {
    .prepare = s_source_prepare,
    .check = s_source_check,
    .dispatch = s_source_dispatch,
};

GSource *
hall_session_source_new (hall_session_t *self)
{
    assert (self);
    GSource *base = g_source_new (&s_source_funcs, sizeof (s_source_t));
    s_source_t *source = (s_source_t *) base;
    source->session = self;
    source->dealer_fd = -1;
    s_source_follow (source);
    if (hall_session_sub_fd (self) >= 0)
        source->sub_tag = g_source_add_unix_fd (base, hall_session_sub_fd (self), G_IO_IN);
    g_source_set_name (base, "hall-session");
    return base;
}
