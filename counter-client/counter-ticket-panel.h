/*  counter-ticket-panel.h — the window's current ticket: number, category,
 *  green-channel mark and reason, an appointment's slot, a journey's step
 *  and steps with its 帮办 clerk (一件事), how long the visitor waited, how
 *  long service has run; or the window's state when there is none.
 *
 *  While the ticket is served: the 办件编号 field (好差评 by 办件), typed
 *  or scanned (a scanner types and ends with Enter), the numbers recorded
 *  for the visit (for a journey ticket, its current step) with a menu to
 *  take one off, and why 办结 waits when the category needs one.  A new
 *  visit empties the field and gives it the focus.
 *
 *  Signals (intents; the desk sends them):
 *    "matter-add"    (const char *number)  Enter in the field, or 添加:
 *                                          its text, trimmed, not empty
 *    "matter-remove" (const char *number)  a number picked to take off
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
/* The 办件编号 field takes input only when ENABLED (online, a clerk
 * signed in). */
void counter_ticket_panel_set_matter_enabled (CounterTicketPanel *self, gboolean enabled);
/* The server recorded NUMBER: the field empties if it still holds it,
 * and keeps the focus for the next scan. */
void counter_ticket_panel_matter_added (CounterTicketPanel *self, const char *number);
/* The server refused: MESSAGE shows beside the field, which keeps its
 * text, selected, so that the next scan replaces it. */
void counter_ticket_panel_matter_refused (CounterTicketPanel *self, const char *message);

G_END_DECLS

#endif
