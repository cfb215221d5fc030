/*  reception-lookup-view.h — 查询号票: a number looked up, its state, and
 *  what staff can do with it.
 *
 *  A big entry for the number (typed, tapped on the keypad, or typed by a
 *  scanner ending in Enter), the ticket's state, category, window, wait,
 *  calls and re-queues left, and the buttons the ticket allows:
 *  重新排队, 补打, 取消 — 取消 only after a confirmation in the view.
 *  It renders a reception_ticket_t and emits intent; nothing here speaks
 *  the protocol.
 *
 *  Signals:
 *    find     (char *entered)   查询 or Enter
 *    requeue  ()                重新排队
 *    reprint  ()                补打
 *    cancel   ()                取消, confirmed
 */
#ifndef RECEPTION_LOOKUP_VIEW_H
#define RECEPTION_LOOKUP_VIEW_H

#include <gtk/gtk.h>
#include "reception-format.h"

G_BEGIN_DECLS

#define RECEPTION_TYPE_LOOKUP_VIEW (reception_lookup_view_get_type ())
G_DECLARE_FINAL_TYPE (ReceptionLookupView, reception_lookup_view, RECEPTION, LOOKUP_VIEW, GtkBox)

GtkWidget *reception_lookup_view_new (void);
//  Shows TICKET (borrowed; NULL: nothing looked up) and its actions.
void reception_lookup_view_show_ticket (ReceptionLookupView *self, const reception_ticket_t *ticket);
//  A line under the ticket: what happened (ERROR: a refusal, in red).
void reception_lookup_view_say (ReceptionLookupView *self, const char *text, gboolean error);
//  The category prefixes for the keypad's letter keys ("A", "B", …).
void reception_lookup_view_set_prefixes (ReceptionLookupView *self, const char *const *prefixes);
//  Insensitive while a request is pending.
void reception_lookup_view_set_busy (ReceptionLookupView *self, gboolean busy);

G_END_DECLS

#endif
