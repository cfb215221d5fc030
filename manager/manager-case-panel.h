/*  manager-case-panel.h — 差评 follow-up on the dashboard: the open cases,
 *  overdue ones marked, each with 查看 (its whole record) and the steps it
 *  offers now (manager-case.h: 联系… → 整改… → 回访… → 结案…; 裁决申诉… while
 *  an appeal waits), each opening a dialog that asks for the step's record;
 *  查找案件 opens the search of all cases, closed ones too.
 *
 *  Signals: "open-case" (gint64 id); "case-step" (gint64 id, guint step:
 *  a manager_step_t); "find" ().  Buttons are named case-ID-view and
 *  case-ID-ACTION (contact, rectify, revisit, close, decide); the counts
 *  label "case-counts".
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
