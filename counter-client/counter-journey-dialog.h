/*  counter-journey-dialog.h — the clerk's choices and confirmations for a
 *  journey ticket (一件事): which journey to put it on, which done step to
 *  go back to (a pick from a list), or "skip this step?" and "end the
 *  journey here?" (a question, a confirm button, maybe a reason).  It shows
 *  what it is given and emits the choice; the desk decides what it means.
 *
 *  Signal "chosen" (const char *value, const char *reason): a row's value,
 *  or the dialog's value on confirm, with the reason typed ("" for none);
 *  then the dialog closes itself.  Escape and 取消 cancel.
 */
#ifndef COUNTER_JOURNEY_DIALOG_H
#define COUNTER_JOURNEY_DIALOG_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define COUNTER_TYPE_JOURNEY_DIALOG (counter_journey_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CounterJourneyDialog, counter_journey_dialog, COUNTER, JOURNEY_DIALOG, GtkWindow)

/* A pick: TITLE on the window, HEADING above the list; add rows. */
CounterJourneyDialog *counter_journey_dialog_new_pick (GtkWindow *parent, const char *title, const char *heading);
/* One row: TITLE, a dimmed DETAIL (Pango markup) on the right; choosing
 * it emits VALUE. */
void counter_journey_dialog_add (CounterJourneyDialog *self, const char *title, const char *detail,
                                 const char *value);
/* A question: HEADING, then CONFIRM (the button's label) emits VALUE;
 * WITH_REASON adds an optional reason entry. */
CounterJourneyDialog *counter_journey_dialog_new_confirm (GtkWindow *parent, const char *title,
                                                          const char *heading, const char *confirm,
                                                          const char *value, gboolean with_reason);

G_END_DECLS

#endif
