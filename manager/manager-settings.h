/*  manager-settings.h — the dashboard's link for the administration
 *  screens (管理): the hall's settings as the server keeps them, the
 *  manager signed in at this dashboard, the staff, the devices and the
 *  audit log.
 *
 *  It reads `settings.get`, `device.list` and `settings.audit` at each
 *  (re)load of the hall and at every `config.changed` (the mirror resyncs
 *  then), and after each change of its own; it turns the screens' intents
 *  into requests:
 *
 *    - a change of one key is `settings.set`; of several keys at once (a
 *      new category, window or staff member, a window's primary and
 *      backup together) the whole text from the last `settings.get` with
 *      the changes applied (GKeyFile), as `settings.import`;
 *    - `manager.signin` / `manager.signout`, `staff.password`;
 *    - `device.enroll`: the CURVE key pair is made here (zcert_new), only
 *      the public key is sent, and the key file is written where the
 *      manager chose, as `hallctl enroll` writes it (metadata id, role,
 *      window, server-key: the server's key from this dashboard's own key
 *      file, $HALL_KEY); `device.revoke`.
 *
 *  Signals:
 *    "loaded" ()                        the settings, devices or audit log changed
 *    "reply"  (gint64 req, const char *error)
 *                                       the answer to a request above: ERROR
 *                                       NULL when done, else in words for the
 *                                       manager (the server's message names the
 *                                       field: "[category a] prefix B is used twice")
 */
#ifndef MANAGER_SETTINGS_H
#define MANAGER_SETTINGS_H

#include <glib-object.h>
#include <jansson.h>
#include "manager-controller.h"

G_BEGIN_DECLS

/* One setting to change: KEY of GROUP to VALUE (NULL: removed). */
typedef struct {
    char *group;
    char *key;
    char *value;
} manager_change_t;

/* A GPtrArray of manager_change_t (g_ptr_array_unref frees them). */
GPtrArray *manager_changes_new (void);
void       manager_changes_add (GPtrArray *changes, const char *group, const char *key, const char *value);
/* TEXT (a settings text) with CHANGES applied, or NULL if TEXT is no key
 * file (g_free). */
char      *manager_changes_apply (const char *text, GPtrArray *changes);

#define MANAGER_TYPE_SETTINGS (manager_settings_get_type ())
G_DECLARE_FINAL_TYPE (ManagerSettings, manager_settings, MANAGER, SETTINGS, GObject)

ManagerSettings *manager_settings_new (ManagerController *controller);

/* The last `settings.get` result, `device.list` result and `settings.audit`
 * result (borrowed; NULL until they arrive or when refused). */
json_t     *manager_settings_current (ManagerSettings *self);
json_t     *manager_settings_devices (ManagerSettings *self);
json_t     *manager_settings_changes (ManagerSettings *self);
/* Who is signed in here ("9001" or NULL) and as what ("manager",
 * "supervisor"); whether that one may change the settings. */
const char *manager_settings_signed_in (ManagerSettings *self);
const char *manager_settings_signed_in_role (ManagerSettings *self);
gboolean    manager_settings_may_change (ManagerSettings *self);
/* The name of staff member ID, or NULL. */
const char *manager_settings_staff_name (ManagerSettings *self, const char *id);

/* Reads the settings, the devices and the audit log again. */
void   manager_settings_reload (ManagerSettings *self);

/* Each returns its request number (its answer comes as "reply"), or -1
 * when it could not be sent ("reply" has then been emitted with -1). */
gint64 manager_settings_signin   (ManagerSettings *self, const char *staff, const char *password);
gint64 manager_settings_signout  (ManagerSettings *self);
/* CHANGES (borrowed): one is settings.set, several settings.import. */
gint64 manager_settings_change   (ManagerSettings *self, GPtrArray *changes);
gint64 manager_settings_password (ManagerSettings *self, const char *staff, const char *password);
/* Enrols a device of ROLE (WINDOW for counter and rating_pad, else 0)
 * standing at NAME, and writes its key file to PATH. */
gint64 manager_settings_enroll   (ManagerSettings *self, const char *role, int window, const char *name,
                                  const char *path);
gint64 manager_settings_revoke   (ManagerSettings *self, const char *id);

G_END_DECLS

#endif
