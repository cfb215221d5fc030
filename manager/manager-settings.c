/*  manager-settings.c — see manager-settings.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-settings.h"
#include "keyfile.h"
#include "manager-format.h"
#include "i18n.h"

#include <czmq.h>
#include <string.h>

/* What a reply is for: a read, or a request answered as "reply". */
typedef enum { KIND_GET, KIND_DEVICES, KIND_AUDIT, KIND_REQUEST } kind_t;

/* A request on its way, in the table of its owner, who forgets the ones
 * still pending at finalize (so no answer comes back to a freed object);
 * an enrolment keeps its key pair until the server names the device. */
typedef struct {
    kind_t   kind;
    zcert_t *cert;       /* device.enroll: the new key pair, or NULL */
    char    *role;
    int      window;
    char    *path;       /* where its key file goes */
} pending_t;

struct _ManagerSettings {
    GObject            parent_instance;
    ManagerController *controller;   /* owned reference */
    json_t            *current;      /* settings.get result */
    json_t            *devices;      /* device.list result */
    json_t            *changes;      /* settings.audit result */
    GHashTable        *pending;      /* req -> pending_t (owned) */
};

G_DEFINE_FINAL_TYPE (ManagerSettings, manager_settings, G_TYPE_OBJECT)

enum { SIGNAL_LOADED, SIGNAL_REPLY, N_SIGNALS };
static guint s_signals[N_SIGNALS];

#define S_AUDIT_LIMIT 200       /* changes shown in 变更记录 */

/* ---- changes ------------------------------------------------------------------- */

static void
s_change_free (gpointer data)
{
    manager_change_t *change = data;
    g_free (change->group);
    g_free (change->key);
    g_free (change->value);
    g_free (change);
}

GPtrArray *
manager_changes_new (void)
{
    return g_ptr_array_new_with_free_func (s_change_free);
}

void
manager_changes_add (GPtrArray *changes, const char *group, const char *key, const char *value)
{
    manager_change_t *change = g_new0 (manager_change_t, 1);
    change->group = g_strdup (group);
    change->key = g_strdup (key);
    change->value = g_strdup (value);
    g_ptr_array_add (changes, change);
}

char *
manager_changes_apply (const char *text, GPtrArray *changes)
{
    g_autoptr (GKeyFile) keys = g_key_file_new ();
    if (!text || !g_key_file_load_from_data (keys, text, (gsize) -1, G_KEY_FILE_KEEP_COMMENTS, NULL))
        return NULL;
    for (guint i = 0; i < changes->len; i++) {
        manager_change_t *change = changes->pdata[i];
        if (change->value)
            g_key_file_set_value (keys, change->group, change->key, change->value);
        else
            g_key_file_remove_key (keys, change->group, change->key, NULL);
    }
    return g_key_file_to_data (keys, NULL, NULL);
}

/* ---- replies ------------------------------------------------------------------- */

static void
s_pending_free (gpointer data)
{
    pending_t *pending = data;
    zcert_destroy (&pending->cert);
    g_free (pending->role);
    g_free (pending->path);
    g_free (pending);
}

/* A refusal in the manager's words: a dashboard without a manager is
 * told to sign in; otherwise the server's message, which names the field. */
static char *
s_refusal (const hall_reply_t *reply)
{
    if (reply->error == HALL_E_NOT_SIGNED_IN)
        return g_strdup (_("请先以管理员身份登录"));
    if (reply->error == HALL_E_FORBIDDEN)
        return g_strdup_printf (_("无权修改（%s）"), reply->message);
    if (*reply->message)
        return g_strdup_printf (_("%s（%s）"), hall_error_shown (reply->error), reply->message);
    return g_strdup (hall_error_shown (reply->error));
}

/* The server named the enrolled device: its key file, as hallctl enroll
 * writes it.  NULL, or what went wrong (g_free). */
static char *
s_save_key (pending_t *pending, json_t *result)
{
    const char *id = json_string_value (json_object_get (result, "id"));
    const char *own = g_getenv ("HALL_KEY");
    zcert_t *dashboard = own && *own ? zcert_load (own) : NULL;
    const char *server_key = dashboard ? zcert_meta (dashboard, "server-key") : NULL;
    char *error = NULL;
    if (!id || !server_key)
        error = g_strdup_printf (_("设备 %s 已登记，但本机密钥文件里没有服务器公钥：无法写出密钥，请吊销它"),
                                 id ? id : "?");
    else {
        zcert_set_meta (pending->cert, "id", "%s", id);
        zcert_set_meta (pending->cert, "role", "%s", pending->role);
        if (pending->window > 0)
            zcert_set_meta (pending->cert, "window", "%d", pending->window);
        zcert_set_meta (pending->cert, "server-key", "%s", server_key);
        if (hall_keyfile_save (pending->cert, pending->path) != 0)
            error = g_strdup_printf (_("无法写入 %s（设备 %s 已登记：请吊销它）"), pending->path, id);
    }
    zcert_destroy (&dashboard);
    return error;
}

static void
s_replace (json_t **slot, const hall_reply_t *reply)
{
    json_decref (*slot);
    *slot = reply->ok ? json_incref (reply->result) : NULL;
}

static void
s_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    ManagerSettings *self = user;
    pending_t *pending = g_hash_table_lookup (self->pending, &reply->req);
    if (!pending)
        return;
    kind_t kind = pending->kind;
    if (kind != KIND_REQUEST) {
        if (!reply->ok)
            g_message ("%s refused: %s (%s)", kind == KIND_GET ? "settings.get"
                       : kind == KIND_DEVICES ? "device.list" : "settings.audit",
                       hall_error_name (reply->error), reply->message);
        g_hash_table_remove (self->pending, &reply->req);
        s_replace (kind == KIND_GET ? &self->current : kind == KIND_DEVICES ? &self->devices : &self->changes,
                   reply);
        g_signal_emit (self, s_signals[SIGNAL_LOADED], 0);
        return;
    }
    g_autofree char *error = reply->ok ? NULL : s_refusal (reply);
    if (reply->ok && pending->cert)
        error = s_save_key (pending, reply->result);
    if (!reply->ok)
        g_message ("admin request refused: %s (%s)", hall_error_name (reply->error), reply->message);
    gint64 req = reply->req;
    g_hash_table_remove (self->pending, &req);
    manager_settings_reload (self);
    g_signal_emit (self, s_signals[SIGNAL_REPLY], 0, req, error);
}

/* ---- requests ------------------------------------------------------------------ */

/* OP with ARGS (borrowed) for KIND, kept in the table; -1 if not sent. */
static int64_t
s_send (ManagerSettings *self, kind_t kind, hall_op_t op, json_t *args, pending_t *pending)
{
    hall_session_t *session = manager_controller_session (self->controller);
    int64_t req = session ? hall_session_send (session, op, args, s_reply, self) : -1;
    if (req < 0)
        return -1;
    pending = pending ? pending : g_new0 (pending_t, 1);
    pending->kind = kind;
    g_hash_table_insert (self->pending, g_memdup2 (&req, sizeof req), pending);
    return req;
}

static void
s_read (ManagerSettings *self, kind_t kind, hall_op_t op, json_t *args)
{
    hall_session_t *session = manager_controller_session (self->controller);
    if (session && hall_session_online (session))
        s_send (self, kind, op, args, NULL);
}

void
manager_settings_reload (ManagerSettings *self)
{
    s_read (self, KIND_GET, HALL_OP_SETTINGS_GET, NULL);
    s_read (self, KIND_DEVICES, HALL_OP_DEVICE_LIST, NULL);
    g_autoptr (json_t) audit = json_pack ("{s:i}", "limit", S_AUDIT_LIMIT);
    s_read (self, KIND_AUDIT, HALL_OP_SETTINGS_AUDIT, audit);
}

/* OP with ARGS (stolen) and PENDING (stolen, NULL: a plain one). */
static gint64
s_request (ManagerSettings *self, hall_op_t op, json_t *args, pending_t *pending)
{
    int64_t req = s_send (self, KIND_REQUEST, op, args, pending);
    json_decref (args);
    if (req < 0) {
        if (pending)
            s_pending_free (pending);
        g_signal_emit (self, s_signals[SIGNAL_REPLY], 0, (gint64) -1, hall_error_shown (HALL_E_TIMEOUT));
    }
    return req;
}

gint64
manager_settings_signin (ManagerSettings *self, const char *staff, const char *password)
{
    return s_request (self, HALL_OP_MANAGER_SIGNIN,
                      json_pack ("{s:s, s:s}", "staff", staff ? staff : "", "password", password ? password : ""),
                      NULL);
}

gint64
manager_settings_signout (ManagerSettings *self)
{
    return s_request (self, HALL_OP_MANAGER_SIGNOUT, json_object (), NULL);
}

gint64
manager_settings_change (ManagerSettings *self, GPtrArray *changes)
{
    g_return_val_if_fail (changes && changes->len > 0, -1);
    if (changes->len == 1) {
        manager_change_t *change = changes->pdata[0];
        json_t *args = json_pack ("{s:s, s:s}", "group", change->group, "key", change->key);
        if (change->value)
            json_object_set_new (args, "value", json_string (change->value));
        else
            json_object_set_new (args, "remove", json_true ());
        return s_request (self, HALL_OP_SETTINGS_SET, args, NULL);
    }
    const char *text = json_string_value (json_object_get (self->current, "settings"));
    g_autofree char *changed = manager_changes_apply (text, changes);
    if (!changed) {
        g_signal_emit (self, s_signals[SIGNAL_REPLY], 0, (gint64) -1, _("尚未读到大厅的设置，请稍后再试"));
        return -1;
    }
    return s_request (self, HALL_OP_SETTINGS_IMPORT,
                      json_pack ("{s:s, s:b}", "settings", changed, "dry_run", 0), NULL);
}

gint64
manager_settings_password (ManagerSettings *self, const char *staff, const char *password)
{
    return s_request (self, HALL_OP_STAFF_PASSWORD,
                      json_pack ("{s:s, s:s}", "staff", staff, "password", password), NULL);
}

gint64
manager_settings_enroll (ManagerSettings *self, const char *role, int window, const char *name,
                         const char *path)
{
    pending_t *pending = g_new0 (pending_t, 1);
    pending->cert = zcert_new ();
    pending->role = g_strdup (role);
    pending->window = window;
    pending->path = g_strdup (path);
    json_t *args = json_pack ("{s:s, s:s}", "role", role, "public_key", zcert_public_txt (pending->cert));
    if (window > 0)
        json_object_set_new (args, "window", json_integer (window));
    if (name && *name)
        json_object_set_new (args, "name", json_string (name));
    return s_request (self, HALL_OP_DEVICE_ENROLL, args, pending);
}

gint64
manager_settings_revoke (ManagerSettings *self, const char *id)
{
    return s_request (self, HALL_OP_DEVICE_REVOKE, json_pack ("{s:s}", "id", id), NULL);
}

/* ---- what was read ------------------------------------------------------------- */

json_t *manager_settings_current (ManagerSettings *self) { return self->current; }
json_t *manager_settings_devices (ManagerSettings *self) { return self->devices; }
json_t *manager_settings_changes (ManagerSettings *self) { return self->changes; }

const char *
manager_settings_signed_in (ManagerSettings *self)
{
    return json_string_value (json_object_get (self->current, "signed_in"));
}

const char *
manager_settings_signed_in_role (ManagerSettings *self)
{
    return json_string_value (json_object_get (self->current, "signed_in_role"));
}

gboolean
manager_settings_may_change (ManagerSettings *self)
{
    return g_strcmp0 (manager_settings_signed_in_role (self), "manager") == 0;
}

const char *
manager_settings_staff_name (ManagerSettings *self, const char *id)
{
    size_t i;
    json_t *staff;
    json_array_foreach (json_object_get (self->current, "staff"), i, staff)
        if (g_strcmp0 (json_string_value (json_object_get (staff, "id")), id) == 0)
            return json_string_value (json_object_get (staff, "name"));
    return NULL;
}

/* ---- life cycle ------------------------------------------------------------------ */

/* A (re)load of the hall — config.changed is one — reads everything again. */
static void
s_changed (ManagerController *controller, gpointer event, ManagerSettings *self)
{
    const char *type = event ? json_string_value (json_object_get (event, "type")) : NULL;
    if (!event || g_strcmp0 (type, "config.changed") == 0)
        manager_settings_reload (self);
}

static void
manager_settings_finalize (GObject *object)
{
    ManagerSettings *self = MANAGER_SETTINGS (object);
    hall_session_t *session = manager_controller_session (self->controller);
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init (&iter, self->pending);
    while (session && g_hash_table_iter_next (&iter, &key, NULL))
        hall_session_forget (session, *(gint64 *) key);
    g_signal_handlers_disconnect_by_data (self->controller, self);
    g_hash_table_destroy (self->pending);
    json_decref (self->current);
    json_decref (self->devices);
    json_decref (self->changes);
    g_clear_object (&self->controller);
    G_OBJECT_CLASS (manager_settings_parent_class)->finalize (object);
}

static void
manager_settings_class_init (ManagerSettingsClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = manager_settings_finalize;
    GType type = G_TYPE_FROM_CLASS (klass);
    s_signals[SIGNAL_LOADED] = g_signal_new ("loaded", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
    s_signals[SIGNAL_REPLY] = g_signal_new ("reply", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
}

static void
manager_settings_init (ManagerSettings *self)
{
    self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, s_pending_free);
}

ManagerSettings *
manager_settings_new (ManagerController *controller)
{
    ManagerSettings *self = g_object_new (MANAGER_TYPE_SETTINGS, NULL);
    self->controller = g_object_ref (controller);
    g_signal_connect (controller, "changed", G_CALLBACK (s_changed), self);
    manager_settings_reload (self);
    return self;
}
