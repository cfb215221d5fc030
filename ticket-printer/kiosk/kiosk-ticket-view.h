/*  kiosk-ticket-view.h — the ticket on screen while it prints.
 *
 *  Number large, category, people ahead, estimated wait, the windows that
 *  serve it, and how printing went; the number stays on screen when the
 *  printer fails, with the ticket's QR (label "ticket-qr-text", picture
 *  "ticket-qr") for the visitor's phone; an appointment's slot as the paper says it ("预约
 *  09:00–09:30"); a journey's (一件事) theme in the category's place, its
 *  step ("第 1 步 / 共 4 步：企业登记") and the way through its steps, as
 *  the paper says them.  Labels: "ticket-number", "ticket-category",
 *  "ticket-green", "ticket-appointment", "ticket-journey-step",
 *  "ticket-journey-route", "ticket-ahead", "ticket-wait",
 *  "ticket-windows", "ticket-print".
 *  Emits "done" when the visitor taps 完成.
 */
#ifndef KIOSK_TICKET_VIEW_H
#define KIOSK_TICKET_VIEW_H

#include <gtk/gtk.h>
#include "ticket.h"

G_BEGIN_DECLS

typedef enum {
    KIOSK_PRINT_PENDING = 0,
    KIOSK_PRINT_DONE,
    KIOSK_PRINT_FAILED
} kiosk_print_state_t;

#define KIOSK_TYPE_TICKET_VIEW (kiosk_ticket_view_get_type ())
G_DECLARE_FINAL_TYPE (KioskTicketView, kiosk_ticket_view, KIOSK, TICKET_VIEW, GtkBox)

GtkWidget  *kiosk_ticket_view_new (void);
//  Shows TICKET (copied), printing pending.
void        kiosk_ticket_view_show (KioskTicketView *self, const hall_ticket_print_t *ticket);
void        kiosk_ticket_view_set_print_state (KioskTicketView *self, kiosk_print_state_t state);
//  Whether the server took the kiosk's report of its printer's trouble:
//  a failed print says "工作人员已收到提示" only then, else asks the
//  visitor to tell staff.
void        kiosk_ticket_view_set_staff_told (KioskTicketView *self, gboolean told);
//  The number shown, or NULL.
const char *kiosk_ticket_view_number (KioskTicketView *self);
//  Relabels in the current language.
void        kiosk_ticket_view_refresh (KioskTicketView *self);

G_END_DECLS

#endif
