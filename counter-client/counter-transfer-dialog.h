/*  counter-transfer-dialog.h — sends the current visitor on: to another
 *  business category (the ticket keeps its number and joins that queue) or
 *  to one other window.  Both lists come from the mirror: the hall's
 *  categories with their waiting counts, the windows with their state.
 *
 *  Signals "to-category" (const char *code) and "to-window" (int number),
 *  then the dialog closes itself.  Escape cancels.
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
