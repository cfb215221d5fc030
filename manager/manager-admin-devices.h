/*  manager-admin-devices.h — 设备: the devices enrolled with the hall
 *  (`device.list`: id, role, window, where it stands, when, revoked), a
 *  form to enrol one (role, window for a desk or a rating pad, where it
 *  stands) and 吊销 with a confirmation.  It renders and emits intents.
 *
 *  Signals:
 *    "enroll" (const char *role, int window, const char *name, const char *path)
 *                   enrol a device and write its key file to PATH; PATH
 *                   NULL: the manager has yet to choose where (the 登记
 *                   button: the window asks with a save dialog)
 *    "revoke" (const char *id)   confirmed
 */
#ifndef MANAGER_ADMIN_DEVICES_H
#define MANAGER_ADMIN_DEVICES_H

#include <gtk/gtk.h>
#include <jansson.h>

G_BEGIN_DECLS

#define MANAGER_TYPE_ADMIN_DEVICES (manager_admin_devices_get_type ())
G_DECLARE_FINAL_TYPE (ManagerAdminDevices, manager_admin_devices, MANAGER, ADMIN_DEVICES, GtkBox)

GtkWidget *manager_admin_devices_new (void);
/* DEVICES: the device.list result (NULL: not readable: nobody signed in);
 * TZ: the hall's time zone. */
void       manager_admin_devices_render (ManagerAdminDevices *self, json_t *devices, const char *tz,
                                         gboolean editable);
/* The enrol form as filled now, its key file to PATH ("enroll" with it). */
void       manager_admin_devices_enroll_to (ManagerAdminDevices *self, const char *path);
/* Asks to revoke ID (the row's button): the confirmation; returns it. */
GtkWindow *manager_admin_devices_ask_revoke (ManagerAdminDevices *self, const char *id);
/* The line under the enrol form. */
GtkLabel  *manager_admin_devices_message (ManagerAdminDevices *self);

G_END_DECLS

#endif
