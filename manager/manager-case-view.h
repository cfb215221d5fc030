/*  manager-case-view.h — the 差评案件 page: the open (or overdue) cases,
 *  or a search of all cases, closed ones too, by the day opened (from,
 *  to), window, clerk, department, state, 办件编号 and ticket number — the
 *  `cases` operation's filter; the total found; a row per case (number
 *  and day, category, department, window, clerk, level, state, real-name
 *  or anonymous, overdue, appeal).  A double-click on a row, or its 查看,
 *  opens the case's record.
 *
 *  The view builds the filter from its fields and renders what the
 *  controller found; it sends nothing itself.
 *
 *  Signals: "search" () the manager asked (查询, Enter in a field);
 *           "open-case" (gint64 id).
 */
#ifndef MANAGER_CASE_VIEW_H
#define MANAGER_CASE_VIEW_H

#include <gtk/gtk.h>
#include <jansson.h>
#include "mirror.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_CASE_VIEW (manager_case_view_get_type ())
G_DECLARE_FINAL_TYPE (ManagerCaseView, manager_case_view, MANAGER, CASE_VIEW, GtkBox)

GtkWidget *manager_case_view_new (void);
/* The `cases` arguments of the fields now (a new reference). */
json_t    *manager_case_view_filter (ManagerCaseView *self);
/* 0 open, 1 overdue, 2 all (the filter drop-down, as chosen). */
void       manager_case_view_set_filter (ManagerCaseView *self, int filter);
/* RESULT: a `cases` result (borrowed; NULL: nothing yet); MIRROR names
 * the categories, TZ is the hall's zone. */
void       manager_case_view_render (ManagerCaseView *self, json_t *result, hall_mirror_t *mirror, const char *tz);
/* The ids shown, in order (g_array_unref). */
GArray    *manager_case_view_ids (ManagerCaseView *self);

G_END_DECLS

#endif
