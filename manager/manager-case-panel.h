/*  manager-case-panel.h — 差评 follow-up: the open cases, overdue first
 *  marked, with the next step of each as a button (联系 → 整改 → 回访 →
 *  评价 → 办结; 申诉 at any time for a rating case).
 *
 *  Signal "case-action" (gint64 id, const char *action, const char *verdict):
 *  verdict is NULL except for the action "verdict".
 *  The counts label is named "case-counts".
 */
#ifndef MANAGER_CASE_PANEL_H
#define MANAGER_CASE_PANEL_H

#include <gtk/gtk.h>
#include <jansson.h>

G_BEGIN_DECLS

#define MANAGER_TYPE_CASE_PANEL (manager_case_panel_get_type ())
G_DECLARE_FINAL_TYPE (ManagerCasePanel, manager_case_panel, MANAGER, CASE_PANEL, GtkBox)

GtkWidget *manager_case_panel_new (void);
/* CASES: the `cases` result (or NULL before it arrives). */
void       manager_case_panel_render (ManagerCasePanel *self, json_t *cases, const char *tz);

G_END_DECLS

#endif
