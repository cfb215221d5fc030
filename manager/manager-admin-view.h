/*  manager-admin-view.h — the dashboard's 管理 page: the manager's
 *  sign-in at this dashboard (staff id and password; who is signed in, 退出)
 *  and the administration screens on a notebook — 类别, 窗口, 人员, 设备,
 *  日历, 大厅, 变更记录 — rendered from ManagerSettings (manager-settings.h)
 *  and turned into its intents.
 *
 *  Without a manager signed in the screens are read-only and say
 *  "请先以管理员身份登录"; a signed-in supervisor reads them only too.
 *  What the server answers to a change shows under the form that made it.
 */
#ifndef MANAGER_ADMIN_VIEW_H
#define MANAGER_ADMIN_VIEW_H

#include <gtk/gtk.h>
#include "manager-settings.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_ADMIN_VIEW (manager_admin_view_get_type ())
G_DECLARE_FINAL_TYPE (ManagerAdminView, manager_admin_view, MANAGER, ADMIN_VIEW, GtkBox)

GtkWidget *manager_admin_view_new (ManagerSettings *settings);
/* The hall's time zone and today (the calendar opens at its year). */
void       manager_admin_view_set_hall (ManagerAdminView *self, const char *tz, const char *day);
/* Shows the screen NAME: "categories", "windows", "staff", "devices",
 * "calendar", "hall", "audit"; returns it. */
GtkWidget *manager_admin_view_show (ManagerAdminView *self, const char *name);
/* Enrols the device the 设备 form describes with its key file at PATH,
 * as the save dialog does once a file is chosen. */
void       manager_admin_view_enroll_to (ManagerAdminView *self, const char *path);

G_END_DECLS

#endif
