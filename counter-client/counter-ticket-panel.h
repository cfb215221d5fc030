/*  counter-ticket-panel.h — the window's current ticket: number, category,
 *  green-channel mark and reason, an appointment's slot, a journey's step
 *  and steps with its 帮办 clerk (一件事), how long the visitor waited, how
 *  long service has run; or the window's state when there is none.
 */
#ifndef COUNTER_TICKET_PANEL_H
#define COUNTER_TICKET_PANEL_H

#include <gtk/gtk.h>
#include "mirror.h"
#include "protocol.h"

G_BEGIN_DECLS

#define COUNTER_TYPE_TICKET_PANEL (counter_ticket_panel_get_type ())
G_DECLARE_FINAL_TYPE (CounterTicketPanel, counter_ticket_panel, COUNTER, TICKET_PANEL, GtkBox)

GtkWidget *counter_ticket_panel_new (void);
/* Renders window NUMBER of MIRROR at server time NOW. */
void counter_ticket_panel_update (CounterTicketPanel *self, hall_mirror_t *mirror, int number, gint64 now);

G_END_DECLS

#endif
