/*  session.h — a client's connection to the hall server.
 *
 *  One DEALER socket for requests, one SUB socket for events, and the
 *  mirror of the hall state the events keep.  Every program (hallctl, the
 *  desk, the board, the kiosk, the manager) talks to the server through
 *  this, and nothing else speaks the protocol.
 *
 *  Requests: each gets the next request number of this session; when no
 *  reply comes within the timeout, the same request (same number) is sent
 *  again, up to the retry count; the server answers a repeat with its stored
 *  reply, so a retry never issues a second ticket.  The DEALER socket is
 *  rebuilt before a retry so that a reply to a dead connection cannot block.
 *
 *  Events: applied to the mirror in sequence order; a gap (a missed seq, a
 *  heartbeat ahead of the mirror, a new server instance) triggers a resync
 *  from a snapshot, while later events are held back and applied after it.
 *  The session is online while messages from the server arrive; after
 *  HALL_OFFLINE_MS without any it goes offline and tells the callback.
 *
 *  Driving: call hall_session_pump() in your own loop (hallctl, tests), or
 *  attach hall_session_source_new() to a GLib main context (GUI programs).
 */
#ifndef HALL_SESSION_H
#define HALL_SESSION_H

#include <glib.h>
#include "protocol.h"
#include "mirror.h"

#define HALL_OFFLINE_MS      2500  /* no message for this long (2.5 heartbeats): offline */
#define HALL_REQUEST_TIMEOUT 1000  /* default per-try timeout, ms */
#define HALL_REQUEST_RETRIES 5     /* default retries after the first try */
#define HALL_REQUEST_BACKOFF 4     /* a retry waits up to this many per-try timeouts */

typedef struct _hall_session_t hall_session_t;

/* REPLY is borrowed for the duration of the call.  A request that ran out of
 * retries gets a reply with ok=false and error HALL_E_TIMEOUT. */
typedef void (*hall_reply_fn)  (hall_session_t *session, const hall_reply_t *reply, void *user);
/* An event applied to the mirror (EVENT borrowed), or after a resync with
 * EVENT == NULL (redraw everything). */
typedef void (*hall_event_fn)  (hall_session_t *session, json_t *event, void *user);
typedef void (*hall_online_fn) (hall_session_t *session, bool online, void *user);

/* EVENTS may be NULL for a requests-only session (no mirror kept).
 * CLIENT_ID may be NULL: one is made from role, window and a random part.
 * Device key: when the environment names a key file in HALL_KEY (made by
 * `hallctl enroll`: this device's CURVE key pair plus the server's public
 * key), both sockets use CURVE with it; the server then takes the role from
 * the key.  Without one, only a server in insecure lab mode answers. */
hall_session_t *hall_session_new (const char *requests, const char *events,
                                  hall_role_t role, int window, const char *client_id);
void  hall_session_destroy (hall_session_t **self_p);

/* The first try waits TIMEOUT_MS; each of the RETRIES resends waits twice
 * as long as the one before, up to HALL_REQUEST_BACKOFF × TIMEOUT_MS. */
void  hall_session_set_timeout (hall_session_t *self, int timeout_ms, int retries);
const char *hall_session_client_id (hall_session_t *self);
hall_role_t hall_session_role (hall_session_t *self);
int         hall_session_window (hall_session_t *self);

/* Asynchronous request: returns the request number.  ARGS is borrowed. */
int64_t hall_session_send (hall_session_t *self, hall_op_t op, json_t *args,
                           hall_reply_fn fn, void *user);
/* Synchronous request: pumps the session until the reply (or timeout after
 * the retries).  Fills REPLY (clear it with hall_reply_clear) and returns
 * HALL_OK or the error code. */
hall_error_t hall_session_call (hall_session_t *self, hall_op_t op, json_t *args,
                                hall_reply_t *reply);
/* The same with a caller-chosen request number (tests of idempotency). */
hall_error_t hall_session_call_as (hall_session_t *self, int64_t req, hall_op_t op,
                                   json_t *args, hall_reply_t *reply);

void  hall_session_on_event  (hall_session_t *self, hall_event_fn fn, void *user);
void  hall_session_on_online (hall_session_t *self, hall_online_fn fn, void *user);

/* Processes what is ready on both sockets and any due timers, waiting at
 * most TIMEOUT_MS for something to arrive.  Returns 0, or -1 if interrupted. */
int   hall_session_pump (hall_session_t *self, int timeout_ms);

hall_mirror_t *hall_session_mirror (hall_session_t *self);
bool  hall_session_online (hall_session_t *self);
/* True while the server refuses this device's key at the handshake (not
 * enrolled, or revoked): requests then fail at once with key_refused, and
 * a GUI should say so rather than "reconnecting". */
bool  hall_session_key_refused (hall_session_t *self);
/* Server time estimate (last heartbeat's "time" + elapsed), for showing
 * waits and the board clock on the server's clock. */
int64_t hall_session_server_time (hall_session_t *self);

/* For a main loop of one's own (session-loop.c uses these).  SEND_AS is
 * hall_session_send with a caller-chosen request number; FORGET drops a
 * pending request without calling it back; READY: a socket has a message
 * or a timer is due; WAIT_MS: until the next timer (-1: none); the FDs are
 * ZMQ_FD (edge-triggered; -1 when there is no such socket). */
int64_t hall_session_send_as (hall_session_t *self, int64_t req, hall_op_t op, json_t *args,
                              hall_reply_fn fn, void *user);
void    hall_session_forget (hall_session_t *self, int64_t req);
bool    hall_session_ready (hall_session_t *self);
int64_t hall_session_wait_ms (hall_session_t *self);
int     hall_session_dealer_fd (hall_session_t *self);
int     hall_session_sub_fd (hall_session_t *self);
int64_t hall_session_next_req (hall_session_t *self);

/* A GSource that drives the session from a GLib main context.  It watches
 * both sockets' ZMQ_FD (edge-triggered: it checks ZMQ_EVENTS in prepare and
 * check and drains in bounded batches) and fires the timers. */
GSource *hall_session_source_new (hall_session_t *self);

#endif
