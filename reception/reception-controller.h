/*  reception-controller.h — the reception desk's (导服台) link to the hall.
 *
 *  The controller owns the session with the server (role reception: its
 *  own device key, `hallctl enroll reception --out FILE`) and the desk's
 *  printer.  Views read the mirror through it and ask for what staff do
 *  at the hall's entrance; nothing else of hall-reception speaks the
 *  protocol, maps an error code or touches the printer.
 *
 *    reception_controller_find ()      ticket.find: the ticket looked up
 *                                      becomes the desk's current one
 *    reception_controller_requeue ()   requeue the current one (a no-show)
 *    reception_controller_reprint ()   ticket.reprint it, and print the slip
 *    reception_controller_cancel ()    cancel it (the view asks first)
 *    reception_controller_issue_green ()  issue a green-channel ticket
 *                                      granted by a staff member with
 *                                      their own password; print the slip
 *
 *  One request at a time: while one is pending the controller is busy and
 *  refuses another ("busy" property).  The granter's password is sent in
 *  the request and kept nowhere: not logged, not stored.
 *
 *  Signals (on the GTK main thread):
 *    changed   ()                                the mirror, the online state
 *                                                or the busy state changed
 *    found     (gpointer reception_ticket_t *)   a ticket looked up, or looked
 *                                                up again after an action
 *                                                (borrowed)
 *    done      (int action, char *number, char *text)   an action succeeded:
 *                                                TEXT says what happened
 *    failed    (int action, int code, char *text)   refused: hall_error_t and
 *                                                a plain sentence for staff
 *    printed   (gboolean ok, char *number, char *text)
 *  Printing runs in a worker thread (GTask), one slip at a time.
 */
#ifndef RECEPTION_CONTROLLER_H
#define RECEPTION_CONTROLLER_H

#include <gio/gio.h>
#include "session.h"
#include "reception-format.h"

G_BEGIN_DECLS

#define RECEPTION_DOMAIN "hall-reception"

typedef struct {
    const char *requests;       //  request endpoint
    const char *events;         //  event endpoint
    const char *printer;        //  printer spec (ticket-printer/printer.h)
    int         paper;          //  58 or 80
    gboolean    native_qr;      //  the printer knows GS ( k
    const char *status_url;     //  base of the slip's QR URL; NULL: the hall's
    int         timeout_ms;     //  per-try request timeout; 0: the default
    int         retries;        //  retries; < 0: the default
} reception_config_t;

typedef enum {
    RECEPTION_FIND = 0,
    RECEPTION_REQUEUE,
    RECEPTION_REPRINT,
    RECEPTION_CANCEL,
    RECEPTION_GREEN
} reception_action_t;

#define RECEPTION_TYPE_CONTROLLER (reception_controller_get_type ())
G_DECLARE_FINAL_TYPE (ReceptionController, reception_controller, RECEPTION, CONTROLLER, GObject)

//  NULL with ERROR set when the printer spec or an endpoint is malformed.
ReceptionController *reception_controller_new (const reception_config_t *config, GError **error);

hall_mirror_t *reception_controller_mirror (ReceptionController *self);
gboolean       reception_controller_online (ReceptionController *self);
gboolean       reception_controller_key_refused (ReceptionController *self);
gboolean       reception_controller_busy (ReceptionController *self);
//  The server's clock (Unix seconds), the local one before a heartbeat.
gint64         reception_controller_now (ReceptionController *self);
//  The ticket last looked up (borrowed), or NULL.
const reception_ticket_t *
               reception_controller_current (ReceptionController *self);

//  Looks ENTERED up (reception_number_parse).  TRUE when a request went
//  out; FALSE when busy, or when ENTERED is no number ("failed" with
//  bad_field and the reason), or offline ("failed" with timeout).
gboolean reception_controller_find (ReceptionController *self, const char *entered);
//  The action on the current ticket; FALSE as above, or without one.
gboolean reception_controller_requeue (ReceptionController *self);
gboolean reception_controller_reprint (ReceptionController *self);
gboolean reception_controller_cancel (ReceptionController *self);
//  A green-channel ticket in CATEGORY for REASON, granted by staff member
//  GRANTER, verified by their PASSWORD (never kept).
gboolean reception_controller_issue_green (ReceptionController *self, const char *category,
                                           const char *reason, const char *granter,
                                           const char *password);

G_END_DECLS

#endif
