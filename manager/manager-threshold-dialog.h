/*  manager-threshold-dialog.h — edits the alert thresholds
 *  (manager-config.h): quiet period, idle minutes, the default and each
 *  category's waiting warning level.  "Save" writes them into CONFIG and
 *  emits "saved" (the owner then writes the file); "Cancel" closes.
 *  Spin buttons are named "quiet-period", "idle-minutes", "waiting-warn",
 *  "warn-CODE"; the buttons "save" and "cancel".
 */
#ifndef MANAGER_THRESHOLD_DIALOG_H
#define MANAGER_THRESHOLD_DIALOG_H

#include <gtk/gtk.h>
#include "mirror.h"
#include "manager-config.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_THRESHOLD_DIALOG (manager_threshold_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ManagerThresholdDialog, manager_threshold_dialog, MANAGER, THRESHOLD_DIALOG, GtkWindow)

/* CONFIG is borrowed and must outlive the dialog; MIRROR lists the categories. */
ManagerThresholdDialog *manager_threshold_dialog_new (GtkWindow *parent, manager_config_t *config,
                                                      hall_mirror_t *mirror);

G_END_DECLS

#endif
