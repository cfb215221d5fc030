/*  manager-category-panel.h — live waits per business category.
 *
 *  One row per category: waiting now, longest current wait (server time −
 *  queued_at of its oldest waiting ticket), today's average wait and
 *  service level (from today's report), the target, and a button that
 *  closes or opens it for issuing.
 *
 *  Signal "open-category" (const char *code, gboolean open): the manager
 *  asked to open (TRUE) or close a category.
 *  Cells are named "waiting-CODE", "longest-CODE", "avg-CODE", "level-CODE".
 */
#ifndef MANAGER_CATEGORY_PANEL_H
#define MANAGER_CATEGORY_PANEL_H

#include <gtk/gtk.h>
#include "mirror.h"
#include "manager-config.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_CATEGORY_PANEL (manager_category_panel_get_type ())
G_DECLARE_FINAL_TYPE (ManagerCategoryPanel, manager_category_panel, MANAGER, CATEGORY_PANEL, GtkBox)

GtkWidget *manager_category_panel_new (void);
/* TODAY: today's report by category, or NULL. */
void       manager_category_panel_render (ManagerCategoryPanel *self, hall_mirror_t *mirror,
                                          json_t *today, const manager_config_t *config, gint64 now);

G_END_DECLS

#endif
