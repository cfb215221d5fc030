/*  manager-admin-audit.h — 变更记录: the hall's settings changes from
 *  `settings.audit`, newest first, one row each: when, who (staff id and
 *  name), from which device, the operation, the group and key, old → new
 *  (empty: not set; 已删除: removed).  Read-only.
 */
#ifndef MANAGER_ADMIN_AUDIT_H
#define MANAGER_ADMIN_AUDIT_H

#include <gtk/gtk.h>
#include <jansson.h>

G_BEGIN_DECLS

#define MANAGER_TYPE_ADMIN_AUDIT (manager_admin_audit_get_type ())
G_DECLARE_FINAL_TYPE (ManagerAdminAudit, manager_admin_audit, MANAGER, ADMIN_AUDIT, GtkBox)

GtkWidget *manager_admin_audit_new (void);
/* CHANGES: the settings.audit result (borrowed, NULL: none read); TZ the
 * hall's time zone.  The cells of row N are named "audit-N-COLUMN"
 * (time, staff, device, op, group, key, change), N from 1. */
void       manager_admin_audit_render (ManagerAdminAudit *self, json_t *changes, const char *tz);

G_END_DECLS

#endif
