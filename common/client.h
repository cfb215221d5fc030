/*  client.h — HallClient: a GUI program's link to the server.
 *
 *  It owns one common/ session (session.h), drives it from the default
 *  GLib main context and turns its callbacks into two signals, so that
 *  the desk, the rating pad, the board, the kiosk and the dashboard hold
 *  the link the same way and keep only what is theirs:
 *
 *    "event"   (gpointer event)   an event was applied to the mirror, or
 *                                 NULL after a (re)load: redraw everything
 *    "online"  (gboolean online)  the server came online / went offline
 *
 *  Requests go through hall_client_session() as with a bare session.
 *  Dropping the last reference closes the session: its pending requests
 *  are forgotten without being called back.
 */
#ifndef HALL_CLIENT_H
#define HALL_CLIENT_H

#include <glib-object.h>
#include "session.h"

#define HALL_TYPE_CLIENT (hall_client_get_type ())
G_DECLARE_FINAL_TYPE (HallClient, hall_client, HALL, CLIENT, GObject)

/* A client of REQUESTS (and EVENTS, NULL for requests only) as ROLE at
 * WINDOW; CLIENT_ID NULL makes one up.  NULL when the sockets cannot be
 * made (the session's reasons are logged). */
HallClient     *hall_client_new (const char *requests, const char *events, hall_role_t role,
                                 int window, const char *client_id);
hall_session_t *hall_client_session (HallClient *self);
hall_mirror_t  *hall_client_mirror (HallClient *self);
gboolean        hall_client_online (HallClient *self);
gboolean        hall_client_key_refused (HallClient *self);
/* The server's clock as last heard (hall_session_server_time). */
gint64          hall_client_now (HallClient *self);

#endif
