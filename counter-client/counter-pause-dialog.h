/*  counter-pause-dialog.h — asks why the window pauses: 午休, 临时离开,
 *  业务培训, or 其他 with a text.  Modal over the desk; Enter confirms,
 *  Escape cancels.
 *
 *  Signal "pause" (const char *reason), then the dialog closes itself.
 */
#ifndef COUNTER_PAUSE_DIALOG_H
#define COUNTER_PAUSE_DIALOG_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define COUNTER_TYPE_PAUSE_DIALOG (counter_pause_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CounterPauseDialog, counter_pause_dialog, COUNTER, PAUSE_DIALOG, GtkWindow)

CounterPauseDialog *counter_pause_dialog_new (GtkWindow *parent);
/* The reason as chosen now ("" when 其他 has no text yet). */
const char *counter_pause_dialog_reason (CounterPauseDialog *self);

G_END_DECLS

#endif
