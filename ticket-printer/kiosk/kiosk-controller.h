/*  kiosk-controller.h — the kiosk's issue-and-print flow.
 *
 *  The controller owns the session with the server (requests, events, the
 *  mirror) and the printer.  Views read the mirror through it and call
 *  kiosk_controller_issue() when a visitor touches a category,
 *  kiosk_controller_issue_journey() when one touches a "一件事" journey
 *  (one ticket through several steps), and
 *  kiosk_controller_check_in() when one checks in for an appointment
 *  (预约签到); nothing else in the kiosk speaks the protocol or touches
 *  the printer.
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
 *    issued        (hall_ticket_print_t *)  a ticket was issued (borrowed), also
 *                                           an appointment's on time (its
 *                                           appointment_start set), and a
 *                                           journey's (its journey set);
 *                                           printing starts right after
 *    issue-failed  (int code, char *msg)    hall_error_t and the server's message
 *    check-in-outside (kiosk_booking_t *)   an appointment too early or too
 *                                           late (borrowed): no ticket came
 *    check-in-failed  (int code, char *state, char *ticket)
 *                                           the check-in refused: hall_error_t
 *                                           (booking_unknown, bad_state, ...);
 *                                           with bad_state, what became of the
 *                                           booking ("checked_in", "cancelled",
 *                                           "noshow", or NULL) and a checked-in
 *                                           booking's ticket number (or NULL)
 *    printed       (gboolean ok, char *number, char *error)
 *  Printing runs in a worker thread (GTask), one ticket at a time; a
 *  failure is logged with g_warning and kept for the staff indicator.
 *
 *  The printer's trouble: once online the controller probes the printer
 *  (hall_printer_probe), and every print tells it too.  A state other
 *  than ok goes to the server as device.trouble {part printer, state,
 *  detail} (the manager's alert printer:DEVICE); while it lasts the
 *  printer is probed every 10 s, and the probe or the next print that
 *  works sends state ok.  A report the server did not accept (offline,
 *  refused) is sent again at the next probe or when the server is back;
 *  "changed" is emitted at each step.
 */
#ifndef KIOSK_CONTROLLER_H
#define KIOSK_CONTROLLER_H

#include <gio/gio.h>
#include "session.h"
#include "printer.h"
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

//  What a visitor typed at 预约签到, as the server takes it.
typedef enum {
    KIOSK_CHECKIN_BAD = 0,      //  neither
    KIOSK_CHECKIN_CODE,         //  the booking's code: 8 digits
    KIOSK_CHECKIN_ID_NUMBER     //  a resident ID number (GB 11643), 18 characters
} kiosk_checkin_kind_t;

//  A booking the visitor came too early or too late for (booking.checkin
//  `early` / `late`); the strings are the booking's, borrowed.
typedef struct {
    gboolean    late;           //  FALSE: early
    gboolean    today;          //  the booking's day is the hall's today
    const char *category;       //  its category's code
    const char *day;            //  "2026-11-28"
    const char *start, *end;    //  the slot, "09:00", "09:30"
    const char *checkin_from;   //  the check-in window on that day, "08:30"
    const char *checkin_until;  //  "09:30"
} kiosk_booking_t;

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
//  The printer's trouble in technical words (for staff: the spec and the
//  cause), or NULL when the last print or probe found it working.
const char      *kiosk_controller_printer_error (KioskController *self);
//  The printer's state as the last print or probe found it.
hall_printer_state_t
                 kiosk_controller_printer_state (KioskController *self);
//  The printer is in trouble and the server accepted the kiosk's report
//  of it (device.trouble): only then may a visitor be told that staff know.
gboolean         kiosk_controller_staff_told (KioskController *self);
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

//  The hall's journeys (一件事) as the snapshot has them (borrowed, an
//  array, empty without any), and the one of CODE or NULL.
json_t          *kiosk_controller_journeys (KioskController *self);
json_t          *kiosk_controller_journey (KioskController *self, const char *code);
//  The category of the step a ticket for JOURNEY (a snapshot journey)
//  would be issued for now: the shared rule (common/journey.h) on the
//  mirror's waiting counts; NULL when it has no steps.  Borrowed.
const char      *kiosk_controller_journey_first (KioskController *self, json_t *journey);

//  Asks the server for a ticket of the journey CODE (journey.issue): as
//  kiosk_controller_issue, the reply is an issue's ("issued" with the
//  ticket's journey, or "issue-failed").
gboolean         kiosk_controller_issue_journey (KioskController *self, const char *code);

//  ENTERED (surrounding spaces ignored) read as a check-in: 8 digits are a
//  booking code, 18 characters a resident ID number — which must pass
//  GB 11643 (a final x is read as X), so a typo is told at once.  Sets
//  *NORMAL (may be NULL; g_free) to what is sent, or *PROBLEM (may be
//  NULL) to the msgid that tells the visitor what is wrong.
kiosk_checkin_kind_t
                 kiosk_checkin_parse (const char *entered, char **normal, const char **problem);

//  Checks the visitor in (booking.checkin) with ENTERED, a booking code or
//  an ID number (kiosk_checkin_parse).  On time: "issued" and printing, as
//  for kiosk_controller_issue; early or late: "check-in-outside"; refused:
//  "check-in-failed".  A code whose booking of today the server has marked
//  a no-show (its check-in window closed) is late too: the controller asks
//  booking.find for its slot.  TRUE when a request went out; FALSE when busy or
//  ENTERED is neither (nothing happens), or offline ("check-in-failed"
//  with HALL_E_TIMEOUT).  The ID number is never logged.
gboolean         kiosk_controller_check_in (KioskController *self, const char *entered);

//  A sample ticket, for --print-test and the screenshots (caller destroys).
hall_ticket_print_t *kiosk_controller_sample_ticket (const char *status_url);

//  Renders TICKET for PAPER and sends it to SPEC synchronously (installers'
//  --print-test).  FALSE with ERROR set on failure.
gboolean         kiosk_print_now (const char *spec, int paper, gboolean native_qr,
                                  const hall_ticket_print_t *ticket, GError **error);

G_END_DECLS

#endif
