/*  manager-admin-calendar.h — 日历: the hall's public holidays and make-up
 *  working days (调休) of one year, from `[hall] holidays` and `workdays`
 *  (";"-separated ISO dates): a list of each with 删除, a date to add as
 *  one or the other.  Each change is the whole key again (every year's
 *  dates, sorted), one settings.set.
 *
 *  Signals:
 *    "change" (gpointer changes, gpointer label)   as manager-admin-groups.h
 */
#ifndef MANAGER_ADMIN_CALENDAR_H
#define MANAGER_ADMIN_CALENDAR_H

#include <gtk/gtk.h>
#include <jansson.h>

G_BEGIN_DECLS

#define MANAGER_TYPE_ADMIN_CALENDAR (manager_admin_calendar_get_type ())
G_DECLARE_FINAL_TYPE (ManagerAdminCalendar, manager_admin_calendar, MANAGER, ADMIN_CALENDAR, GtkBox)

GtkWidget *manager_admin_calendar_new (void);
/* SETTINGS: the settings.get result (borrowed, NULL: nothing yet). */
void       manager_admin_calendar_render (ManagerAdminCalendar *self, json_t *settings, gboolean editable);
/* Shows YEAR (the hall's, at first). */
void       manager_admin_calendar_set_year (ManagerAdminCalendar *self, int year);
/* Adds DAY ("YYYY-MM-DD") to KEY ("holidays" or "workdays"), removes it:
 * the buttons' intents, "change" with the key's new text. */
void       manager_admin_calendar_add (ManagerAdminCalendar *self, const char *key, const char *day);
void       manager_admin_calendar_remove (ManagerAdminCalendar *self, const char *key, const char *day);

G_END_DECLS

#endif
