/*  kiosk-controller.h — the kiosk's issue-and-print flow.
 *
 *  The controller owns the session with the server (requests, events, the
 *  mirror) and the printer.  Views read the mirror through it and call
 *  kiosk_controller_issue() when a visitor touches a category; nothing
 *  else in the kiosk speaks the protocol or touches the printer.
 *
 *  One touch is one request: while a request is pending the controller is
 *  busy and refuses another (the "busy" property tells the views to go
 *  insensitive), and the session's retries reuse the request number, so
 *  the server never issues twice for it.  When the session is offline the
 *  controller sends nothing and reports HALL_E_TIMEOUT at once.  After a
 *  request times out the session is rebuilt, so that a request still queued
 *  for a dead server cannot be delivered when it comes back, issuing a
 *  ticket the visitor was told was not issued.
 *
 *  Signals (all on the GTK main thread):
 *    changed       ()                       the mirror or the online state changed
 *    issued        (hall_ticket_print_t *)  a ticket was issued (borrowed);
 *                                           printing starts right after
 *    issue-failed  (int code, char *msg)    hall_error_t and the server's message
 *    printed       (gboolean ok, char *number, char *error)
 *  Printing runs in a worker thread (GTask), one ticket at a time; a
 *  failure is logged with g_warning and kept for the staff indicator.
 */
#ifndef KIOSK_CONTROLLER_H
#define KIOSK_CONTROLLER_H

#include <gio/gio.h>
#include "session.h"
#include "ticket.h"

G_BEGIN_DECLS

typedef struct {
    const char *requests;       //  request endpoint
    const char *events;         //  event endpoint
    const char *printer;        //  printer spec (printer.h)
    int         paper;          //  58 or 80
    gboolean    native_qr;      //  the printer knows GS ( k
    const char *status_url;     //  base of the ticket's QR URL; NULL: the hall's
    int         timeout_ms;     //  per-try request timeout; 0: the default
    int         retries;        //  retries; < 0: the default
} kiosk_config_t;

//  Where a category stands for a visitor at the kiosk.
typedef enum {
    KIOSK_CATEGORY_OPEN = 0,
    KIOSK_CATEGORY_CLOSED,          //  "open": false — 暂停取号
    KIOSK_CATEGORY_FULL,            //  issued >= daily_cap — 今日号已取完
    KIOSK_CATEGORY_OUTSIDE_HOURS    //  not within "hours" — 不在取号时间
} kiosk_category_state_t;

#define KIOSK_TYPE_CONTROLLER (kiosk_controller_get_type ())
G_DECLARE_FINAL_TYPE (KioskController, kiosk_controller, KIOSK, CONTROLLER, GObject)

//  NULL with ERROR set when the printer spec or an endpoint is malformed.
KioskController *kiosk_controller_new (const kiosk_config_t *config, GError **error);

hall_mirror_t   *kiosk_controller_mirror (KioskController *self);
gboolean         kiosk_controller_online (KioskController *self);
//  The server refuses this kiosk's key (not enrolled, or revoked).
gboolean         kiosk_controller_key_refused (KioskController *self);
gboolean         kiosk_controller_busy (KioskController *self);
//  Server clock (Unix seconds), or the local clock before a heartbeat.
gint64           kiosk_controller_now (KioskController *self);
//  The last printer failure, or NULL when the last ticket printed.
const char      *kiosk_controller_printer_error (KioskController *self);
const char      *kiosk_controller_printer_spec (KioskController *self);

//  CATEGORY (a mirror category object) now.
kiosk_category_state_t
                 kiosk_controller_category_state (KioskController *self, json_t *category);
//  The estimate for a ticket taken now in CODE (common/estimate.h): the
//  server's rule on the mirror's figures (waiting people, service_mean,
//  windows that can serve it now).  open == 0: no window serves it now.
hall_estimate_t  kiosk_controller_category_wait (KioskController *self, const char *code,
                                                 int *waiting);

//  Asks the server for a ticket in CATEGORY; GREEN and GRANTED_BY may be
//  NULL.  TRUE when a request went out.  FALSE when busy (nothing
//  happens) or offline ("issue-failed" with HALL_E_TIMEOUT is emitted).
gboolean         kiosk_controller_issue (KioskController *self, const char *category,
                                         const char *green, const char *granted_by);

//  A sample ticket, for --print-test and the screenshots (caller destroys).
hall_ticket_print_t *kiosk_controller_sample_ticket (const char *status_url);

//  Renders TICKET for PAPER and sends it to SPEC synchronously (installers'
//  --print-test).  FALSE with ERROR set on failure.
gboolean         kiosk_print_now (const char *spec, int paper, gboolean native_qr,
                                  const hall_ticket_print_t *ticket, GError **error);

G_END_DECLS

#endif
