/*  manager-admin-groups.h — an administration screen over one kind of
 *  settings group: the categories ([category CODE]), the windows
 *  ([window N]), the staff ([staff ID]) or the hall itself ([hall]).
 *
 *  A list of the groups of that kind (rows "row-ID"), the form of the one
 *  chosen (manager-admin-form.h) with 保存 ("save"), and a form for a new
 *  one (its id "add-id", the keys it must come with, 添加 "add"); the line
 *  under each form ("form-message", "add-message") says what the server
 *  answered.  The [hall] screen is the form alone.  It renders
 *  `settings.get` and emits intents; it sends nothing.
 *
 *  Signals:
 *    "change" (gpointer changes, gpointer label)
 *                    the manager saved CHANGES (a GPtrArray of
 *                    manager_change_t, borrowed: one key is settings.set,
 *                    several come at once); the answer goes on LABEL
 *                    (a GtkLabel of this screen, manager_admin_say)
 */
#ifndef MANAGER_ADMIN_GROUPS_H
#define MANAGER_ADMIN_GROUPS_H

#include <gtk/gtk.h>
#include <jansson.h>
#include "manager-admin-form.h"

G_BEGIN_DECLS

/* What a screen edits. */
typedef struct {
    const char            *prefix;      /* "category ", "window ", "staff "; NULL: the group FIXED */
    const char            *fixed;       /* "hall" */
    const manager_field_t *fields;      /* the chosen group's form */
    gsize                  n_fields;
    const manager_field_t *add_fields;  /* a new group's keys, given at once */
    gsize                  n_add;
    const char            *id_label;    /* N_(): 代码, 窗口号, 工号 */
    const char            *id_hint;     /* N_() */
    /* A list row's text for the group ID (VALUES: its keys; SETTINGS: the
     * whole settings.get result) (g_free). */
    char                *(*row_text) (const char *id, json_t *values, json_t *settings);
} manager_groups_kind_t;

#define MANAGER_TYPE_ADMIN_GROUPS (manager_admin_groups_get_type ())
G_DECLARE_FINAL_TYPE (ManagerAdminGroups, manager_admin_groups, MANAGER, ADMIN_GROUPS, GtkBox)

/* KIND borrowed (a static table). */
GtkWidget  *manager_admin_groups_new (const manager_groups_kind_t *kind);
/* SETTINGS: the settings.get result (borrowed, NULL: nothing yet); the
 * forms are editable only when EDITABLE. */
void        manager_admin_groups_render (ManagerAdminGroups *self, json_t *settings, gboolean editable);
/* The id of the group chosen ("business", "3", "1001"), or NULL. */
const char *manager_admin_groups_selected (ManagerAdminGroups *self);
void        manager_admin_groups_select (ManagerAdminGroups *self, const char *id);
/* WIDGET goes under the chosen group's form (the staff's password). */
void        manager_admin_groups_add_extra (ManagerAdminGroups *self, GtkWidget *widget);
/* The form of the chosen group. */
manager_form_t *manager_admin_groups_form (ManagerAdminGroups *self);

G_END_DECLS

#endif
