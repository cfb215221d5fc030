/*  counter-transfer-dialog.h — sends the current visitor on: to another
 *  business category (the ticket keeps its number and joins that queue) or
 *  to one other window.  Both lists come from the mirror: the hall's
 *  categories with their waiting counts, the windows with their state.
 *
 *  A transfer forgives no slip: picking a target (a click, or Enter on its
 *  row) only says what will happen — "A003 将转到 3号窗口（企业开办），排在
 *  队首" (the hall's transfer_position) — with 取消 focused; 确认转移 then
 *  signals "to-category" (const char *code) or "to-window" (int number)
 *  and the dialog closes itself.  Escape and 取消 cancel.
 */
#ifndef COUNTER_TRANSFER_DIALOG_H
#define COUNTER_TRANSFER_DIALOG_H

#include <gtk/gtk.h>
#include "mirror.h"

G_BEGIN_DECLS

#define COUNTER_TYPE_TRANSFER_DIALOG (counter_transfer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CounterTransferDialog, counter_transfer_dialog, COUNTER, TRANSFER_DIALOG, GtkWindow)

/* Lists MIRROR's categories and its windows other than WINDOW. */
CounterTransferDialog *counter_transfer_dialog_new (GtkWindow *parent, hall_mirror_t *mirror, int window);

G_END_DECLS

#endif
