/*  counter-confirm-dialog.h — "are you sure?" for a desk action that
 *  forgives no slip (过号, 签退 with people waiting): a heading, a summary
 *  of what will happen, 取消 and the action's own button.
 *
 *  The safe choice is the default: 取消 has the focus when the dialog
 *  appears, so an Enter or Space meant for the desk cancels; Tab (or →)
 *  reaches the action's button, and Enter there confirms.  Escape and 取消
 *  cancel.  The dialog is an alert dialog to assistive technologies, named
 *  by its title and described by its heading and summary.
 *
 *  Signal "confirmed" (), then the dialog closes itself.
 */
#ifndef COUNTER_CONFIRM_DIALOG_H
#define COUNTER_CONFIRM_DIALOG_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define COUNTER_TYPE_CONFIRM_DIALOG (counter_confirm_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CounterConfirmDialog, counter_confirm_dialog, COUNTER, CONFIRM_DIALOG, GtkWindow)

/* TITLE on the window (its accessible name), HEADING the question, SUMMARY
 * what will happen (may be NULL), CONFIRM the action button's label. */
CounterConfirmDialog *counter_confirm_dialog_new (GtkWindow *parent, const char *title, const char *heading,
                                                  const char *summary, const char *confirm);

G_END_DECLS

#endif
