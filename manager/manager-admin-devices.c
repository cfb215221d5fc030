/*  manager-admin-devices.c — see manager-admin-devices.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-admin-devices.h"
#include "manager-admin-form.h"
#include "manager-format.h"
#include "manager-resources.h"
#include "i18n.h"

/* The roles a manager enrols, as the protocol names them, and in words. */
static const char *const s_roles[] = { "kiosk", "counter", "rating_pad", "display", "manager", "reception",
                                       "web", "gov_sync", "uplink", NULL };
static const char *const s_role_names[] = { N_("取号机"), N_("窗口终端"), N_("评价器"), N_("显示屏"),
                                            N_("管理看板"), N_("导服台"), N_("手机页服务"), N_("省平台对接"),
                                            N_("县级平台上传"), NULL };

struct _ManagerAdminDevices {
    GtkBox          parent_instance;
    GtkGrid        *table;
    GtkDropDown    *role;
    GtkSpinButton  *window;
    GtkEntry       *place;
    GtkButton      *enroll_button;
    GtkLabel       *message;
    gboolean        editable;
};

G_DEFINE_FINAL_TYPE (ManagerAdminDevices, manager_admin_devices, GTK_TYPE_BOX)

enum { SIGNAL_ENROLL, SIGNAL_REVOKE, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static const char *
s_role_shown (const char *role)
{
    for (int i = 0; s_roles[i]; i++)
        if (g_strcmp0 (s_roles[i], role) == 0)
            return _(s_role_names[i]);
    return role ? role : "?";
}

static GtkWidget *
s_cell (const char *text, const char *css)
{
    GtkWidget *label = gtk_label_new (text);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (label, "cell");
    if (css)
        gtk_widget_add_css_class (label, css);
    return label;
}

static void
s_revoke_clicked (GtkButton *button, ManagerAdminDevices *self)
{
    manager_admin_devices_ask_revoke (self, g_object_get_data (G_OBJECT (button), "id"));
}

static void
s_row (ManagerAdminDevices *self, int row, json_t *device, const char *tz)
{
    const char *id = json_string_value (json_object_get (device, "id"));
    json_t *window = json_object_get (device, "window");
    g_autofree char *number = json_is_integer (window)
        ? g_strdup_printf ("%d", (int) json_integer_value (window)) : g_strdup ("-");
    g_autofree char *created = manager_local_format (json_integer_value (json_object_get (device, "created_at")),
                                                     tz, "%Y-%m-%d %H:%M");
    gboolean revoked = !json_is_null (json_object_get (device, "revoked_at"))
                       && json_object_get (device, "revoked_at");
    const char *name = json_string_value (json_object_get (device, "name"));
    GtkWidget *cells[] = {
        s_cell (id, "name"), s_cell (s_role_shown (json_string_value (json_object_get (device, "role"))), NULL),
        s_cell (number, NULL), s_cell (name ? name : "", NULL), s_cell (created, NULL),
        s_cell (revoked ? _("已吊销") : _("有效"), revoked ? "dim" : NULL),
    };
    for (int c = 0; c < (int) G_N_ELEMENTS (cells); c++)
        gtk_grid_attach (self->table, cells[c], c, row, 1, 1);
    gtk_label_set_ellipsize (GTK_LABEL (cells[3]), PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand (cells[3], TRUE);
    g_autofree char *state = g_strdup_printf ("device-state-%s", id);
    gtk_widget_set_name (cells[5], state);
    /* An admin key (hallctl's on the server) is revoked there only. */
    if (!revoked && g_strcmp0 (json_string_value (json_object_get (device, "role")), "admin") != 0) {
        GtkWidget *button = gtk_button_new_with_label (_("吊销…"));
        g_autofree char *button_name = g_strdup_printf ("revoke-%s", id);
        gtk_widget_set_name (button, button_name);
        g_object_set_data_full (G_OBJECT (button), "id", g_strdup (id), g_free);
        gtk_widget_set_sensitive (button, self->editable);
        g_signal_connect (button, "clicked", G_CALLBACK (s_revoke_clicked), self);
        gtk_grid_attach (self->table, button, (int) G_N_ELEMENTS (cells), row, 1, 1);
    }
}

void
manager_admin_devices_render (ManagerAdminDevices *self, json_t *devices, const char *tz, gboolean editable)
{
    self->editable = editable;
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))))
        gtk_grid_remove (self->table, child);
    const char *heads[] = { N_("编号"), N_("类型"), N_("窗口"), N_("位置"), N_("登记时间"), N_("状态") };
    for (int c = 0; c < (int) G_N_ELEMENTS (heads); c++)
        gtk_grid_attach (self->table, s_cell (_(heads[c]), "head"), c, 0, 1, 1);
    if (!devices)
        gtk_grid_attach (self->table, s_cell (_("以管理员身份登录后可查看设备"), "dim"), 0, 1, 6, 1);
    size_t i;
    json_t *device;
    json_array_foreach (json_object_get (devices, "devices"), i, device)
        s_row (self, (int) i + 1, device, tz);
    gtk_widget_set_sensitive (GTK_WIDGET (self->enroll_button), editable);
}

/* ---- enrolling -------------------------------------------------------------------- */

/* A desk and a rating pad belong to a window; the others to none. */
static gboolean
s_needs_window (const char *role)
{
    return g_strcmp0 (role, "counter") == 0 || g_strcmp0 (role, "rating_pad") == 0;
}

static void
s_role_changed (GtkDropDown *role, GParamSpec *pspec, ManagerAdminDevices *self)
{
    gtk_widget_set_sensitive (GTK_WIDGET (self->window), s_needs_window (s_roles[gtk_drop_down_get_selected (role)]));
}

void
manager_admin_devices_enroll_to (ManagerAdminDevices *self, const char *path)
{
    const char *role = s_roles[gtk_drop_down_get_selected (self->role)];
    int window = s_needs_window (role) ? gtk_spin_button_get_value_as_int (self->window) : 0;
    if (s_needs_window (role) && window <= 0) {
        manager_admin_say (self->message, _("窗口终端和评价器须填写窗口号"), TRUE);
        return;
    }
    if (path)
        manager_admin_say (self->message, _("正在登记……"), FALSE);
    g_signal_emit (self, s_signals[SIGNAL_ENROLL], 0, role, window,
                   gtk_editable_get_text (GTK_EDITABLE (self->place)), path);
}

static void
s_enroll_clicked (GtkButton *button, ManagerAdminDevices *self)
{
    manager_admin_devices_enroll_to (self, NULL);
}

/* ---- revoking ------------------------------------------------------------------------ */

static void
s_confirm_cancel (GtkButton *button, GtkWindow *dialog)
{
    gtk_window_destroy (dialog);
}

static void
s_confirm_revoke (GtkButton *button, GtkWindow *dialog)
{
    ManagerAdminDevices *self = g_object_get_data (G_OBJECT (dialog), "devices");
    g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (dialog), "id"));
    gtk_window_destroy (dialog);
    g_signal_emit (self, s_signals[SIGNAL_REVOKE], 0, id);
}

GtkWindow *
manager_admin_devices_ask_revoke (ManagerAdminDevices *self, const char *id)
{
    GtkWindow *dialog = GTK_WINDOW (gtk_window_new ());
    gtk_widget_set_name (GTK_WIDGET (dialog), "revoke-confirm");
    gtk_window_set_title (dialog, _("吊销设备"));
    gtk_window_set_modal (dialog, TRUE);
    gtk_window_set_transient_for (dialog, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
    g_object_set_data (G_OBJECT (dialog), "devices", self);
    g_object_set_data_full (G_OBJECT (dialog), "id", g_strdup (id), g_free);
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_add_css_class (box, "dialog-body");
    g_autofree char *text = g_strdup_printf (_("吊销设备 %s？它将立即无法连接服务器，此操作不能撤销。"), id);
    GtkWidget *label = gtk_label_new (text);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
    gtk_box_append (GTK_BOX (box), label);
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_set_halign (buttons, GTK_ALIGN_END);
    GtkWidget *cancel = gtk_button_new_with_label (_("取消"));
    gtk_widget_set_name (cancel, "revoke-cancel");
    GtkWidget *yes = gtk_button_new_with_label (_("吊销"));
    gtk_widget_set_name (yes, "revoke-yes");
    gtk_widget_add_css_class (yes, "destructive-action");
    g_signal_connect (cancel, "clicked", G_CALLBACK (s_confirm_cancel), dialog);
    g_signal_connect (yes, "clicked", G_CALLBACK (s_confirm_revoke), dialog);
    gtk_box_append (GTK_BOX (buttons), cancel);
    gtk_box_append (GTK_BOX (buttons), yes);
    gtk_box_append (GTK_BOX (box), buttons);
    gtk_window_set_child (dialog, box);
    gtk_window_set_default_widget (dialog, cancel);
    gtk_widget_grab_focus (cancel);
    gtk_window_present (dialog);
    return dialog;
}

GtkLabel *
manager_admin_devices_message (ManagerAdminDevices *self)
{
    return self->message;
}

/* ---- life cycle -------------------------------------------------------------------- */

static void
manager_admin_devices_class_init (ManagerAdminDevicesClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, MANAGER_RESOURCE_PATH "/manager-admin-devices.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminDevices, table);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminDevices, role);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminDevices, window);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminDevices, place);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminDevices, enroll_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminDevices, message);
    GType type = G_TYPE_FROM_CLASS (klass);
    s_signals[SIGNAL_ENROLL] = g_signal_new ("enroll", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          4, G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING);
    s_signals[SIGNAL_REVOKE] = g_signal_new ("revoke", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          1, G_TYPE_STRING);
}

static void
manager_admin_devices_init (ManagerAdminDevices *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
    for (int i = 0; s_role_names[i]; i++)
        g_strv_builder_add (names, _(s_role_names[i]));
    g_auto (GStrv) list = g_strv_builder_end (names);
    GtkStringList *model = gtk_string_list_new ((const char *const *) list);
    gtk_drop_down_set_model (self->role, G_LIST_MODEL (model));
    g_object_unref (model);
    gtk_widget_set_sensitive (GTK_WIDGET (self->window), FALSE);
    g_signal_connect (self->role, "notify::selected", G_CALLBACK (s_role_changed), self);
    g_signal_connect (self->enroll_button, "clicked", G_CALLBACK (s_enroll_clicked), self);
}

GtkWidget *
manager_admin_devices_new (void)
{
    return g_object_new (MANAGER_TYPE_ADMIN_DEVICES, NULL);
}
