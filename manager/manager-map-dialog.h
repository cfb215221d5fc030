/*  manager-map-dialog.h — re-maps one window's categories: for each
 *  category, 主办 (primary), 备办 (backup) or neither.  "Save" emits
 *  "mapping" (int window, GStrv primary, GStrv backup) and closes.
 *  Check buttons are named "primary-CODE" and "backup-CODE"; the button "save".
 */
#ifndef MANAGER_MAP_DIALOG_H
#define MANAGER_MAP_DIALOG_H

#include <gtk/gtk.h>
#include "mirror.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_MAP_DIALOG (manager_map_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ManagerMapDialog, manager_map_dialog, MANAGER, MAP_DIALOG, GtkWindow)

ManagerMapDialog *manager_map_dialog_new (GtkWindow *parent, hall_mirror_t *mirror, int window);

G_END_DECLS

#endif
