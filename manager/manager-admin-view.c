/*  manager-admin-view.c — see manager-admin-view.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-admin-view.h"
#include "manager-admin-audit.h"
#include "manager-admin-calendar.h"
#include "manager-admin-devices.h"
#include "manager-admin-groups.h"
#include "manager-resources.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

/* ---- what each screen edits ------------------------------------------------------ */

static const manager_field_t s_category_fields[] = {
    { "name", N_("名称"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "name_en", N_("英文名称"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "prefix", N_("号码字母"), MANAGER_FIELD_TEXT, NULL, NULL, N_("一个大写字母，如 A") },
    { "group", N_("取号机分组"), MANAGER_FIELD_TEXT, NULL, NULL, N_("如：办事、咨询") },
    { "target_wait", N_("目标等候（分钟）"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "daily_cap", N_("每日取号上限"), MANAGER_FIELD_TEXT, NULL, NULL, N_("1-999") },
    { "hours", N_("取号时段"), MANAGER_FIELD_TEXT, NULL, NULL, N_("08:30-11:30,13:30-17:00；空：大厅开放时均可") },
};

static const manager_field_t s_category_add[] = {
    { "prefix", N_("号码字母"), MANAGER_FIELD_TEXT, NULL, NULL, N_("一个大写字母，如 A") },
    { "name", N_("名称"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "target_wait", N_("目标等候（分钟）"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
};

static const manager_field_t s_window_fields[] = {
    { "name", N_("名称"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "green", N_("绿色通道窗口"), MANAGER_FIELD_BOOL, NULL, NULL, NULL },
    { "primary", N_("主办类别"), MANAGER_FIELD_CODES, NULL, NULL, NULL },
    { "backup", N_("备办类别"), MANAGER_FIELD_CODES, NULL, NULL, NULL },
};

static const manager_field_t s_window_add[] = {
    { "name", N_("名称"), MANAGER_FIELD_TEXT, NULL, NULL, N_("如：9号窗口") },
    { "primary", N_("主办类别"), MANAGER_FIELD_CODES, NULL, NULL, NULL },
};

static const char *const s_roles[] = { "clerk", "supervisor", "manager", NULL };
static const char *const s_role_names[] = { N_("办事员"), N_("主管"), N_("管理员"), NULL };

static const manager_field_t s_staff_fields[] = {
    { "name", N_("姓名"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "role", N_("角色"), MANAGER_FIELD_CHOICE, s_roles, s_role_names, NULL },
    { "supervisor", N_("差评跟进主管（工号）"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "disabled", N_("已停用"), MANAGER_FIELD_BOOL, NULL, NULL, NULL },
};

static const manager_field_t s_staff_add[] = {
    { "name", N_("姓名"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "role", N_("角色"), MANAGER_FIELD_CHOICE, s_roles, s_role_names, NULL },
};

static const char *const s_policies[] = { "requeue", "strict", NULL };
static const char *const s_policy_names[] = { N_("过号可到服务台重新排队"), N_("过号作废，须重新取号"), NULL };
static const char *const s_positions[] = { "front", "back", NULL };
static const char *const s_position_names[] = { N_("排在新队列最前"), N_("排在新队列最后"), NULL };

static const manager_field_t s_hall_fields[] = {
    { "name", N_("大厅名称"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "name_en", N_("英文名称"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "notice", N_("提示语（号票与大屏）"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "missed_policy", N_("过号处理"), MANAGER_FIELD_CHOICE, s_policies, s_policy_names, NULL },
    { "requeue_after", N_("重新排队时排在几人之后"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "requeue_max", N_("每天最多重新排队次数"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "noshow_after", N_("呼叫后多少秒可记过号"), MANAGER_FIELD_TEXT, NULL, NULL, N_("0：不限") },
    { "noshow_recalls", N_("重呼几次后可记过号"), MANAGER_FIELD_TEXT, NULL, NULL, N_("0：不限") },
    { "transfer_position", N_("转移的群众"), MANAGER_FIELD_CHOICE, s_positions, s_position_names, NULL },
    { "notify_ahead", N_("前面剩几人时短信提醒"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "rating_default_days", N_("几天未评价记为默认好评"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "case_owner", N_("差评默认跟进人（工号）"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "case_contact_days", N_("差评联系期限（工作日）"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
    { "case_rectify_days", N_("差评整改期限（工作日）"), MANAGER_FIELD_TEXT, NULL, NULL, NULL },
};

static const char *
s_role_shown (const char *role)
{
    for (int i = 0; s_roles[i]; i++)
        if (g_strcmp0 (s_roles[i], role) == 0)
            return _(s_role_names[i]);
    return _(s_role_names[0]);
}

static char *
s_category_row (const char *id, json_t *values, json_t *settings)
{
    const char *name = json_string_value (json_object_get (values, "name"));
    const char *prefix = json_string_value (json_object_get (values, "prefix"));
    return g_strdup_printf ("%s · %s（%s）", id, name ? name : id, prefix ? prefix : "?");
}

static char *
s_window_row (const char *id, json_t *values, json_t *settings)
{
    const char *name = json_string_value (json_object_get (values, "name"));
    gboolean green = g_strcmp0 (json_string_value (json_object_get (values, "green")), "true") == 0;
    return g_strdup_printf ("%s · %s%s", id, name ? name : "", green ? _(" · 绿色通道") : "");
}

/* "1001 王芳 · 办事员 · 已设密码 · 已停用 · 已锁定" from settings.get's staff. */
static char *
s_staff_row (const char *id, json_t *values, json_t *settings)
{
    json_t *member = NULL;
    size_t i;
    json_t *item;
    json_array_foreach (json_object_get (settings, "staff"), i, item)
        if (g_strcmp0 (json_string_value (json_object_get (item, "id")), id) == 0)
            member = item;
    const char *name = json_string_value (json_object_get (values, "name"));
    GString *text = g_string_new (NULL);
    g_string_append_printf (text, "%s %s · %s · %s", id, name ? name : "",
                            s_role_shown (json_string_value (json_object_get (values, "role"))),
                            json_is_true (json_object_get (member, "password")) ? _("已设密码") : _("未设密码"));
    if (json_is_true (json_object_get (member, "disabled")))
        g_string_append (text, _(" · 已停用"));
    if (json_is_true (json_object_get (member, "locked")))
        g_string_append (text, _(" · 已锁定"));
    return g_string_free (text, FALSE);
}

static const manager_groups_kind_t s_categories = {
    "category ", NULL, s_category_fields, G_N_ELEMENTS (s_category_fields), s_category_add,
    G_N_ELEMENTS (s_category_add), N_("类别代码"), N_("字母、数字或 _，如 tax"), s_category_row,
};
static const manager_groups_kind_t s_windows = {
    "window ", NULL, s_window_fields, G_N_ELEMENTS (s_window_fields), s_window_add, G_N_ELEMENTS (s_window_add),
    N_("窗口号"), N_("1-999"), s_window_row,
};
static const manager_groups_kind_t s_staff = {
    "staff ", NULL, s_staff_fields, G_N_ELEMENTS (s_staff_fields), s_staff_add, G_N_ELEMENTS (s_staff_add),
    N_("工号"), NULL, s_staff_row,
};
static const manager_groups_kind_t s_hall = {
    NULL, "hall", s_hall_fields, G_N_ELEMENTS (s_hall_fields), NULL, 0, NULL, NULL, NULL,
};

/* ---- the view ---------------------------------------------------------------------- */

struct _ManagerAdminView {
    GtkBox                parent_instance;
    ManagerSettings      *settings;       /* owned reference */
    char                 *tz;             /* the hall's time zone */
    gboolean              year_set;       /* the calendar was opened at the hall's year */
    GHashTable           *answers;        /* req -> GtkLabel the answer goes on (borrowed: ours) */
    GHashTable           *key_paths;      /* req -> path of an enrolment's key file */
    gint64                signin_req;
    GtkLabel             *who_label;
    GtkWidget            *signin_box;
    GtkEditable          *staff_entry;
    GtkEditable          *password_entry;
    GtkButton            *signin_button;
    GtkButton            *signout_button;
    GtkLabel             *signin_message;
    GtkLabel             *notice_label;
    GtkNotebook          *notebook;
    ManagerAdminGroups   *category_page;
    ManagerAdminGroups   *window_page;
    ManagerAdminGroups   *staff_page;
    ManagerAdminGroups   *hall_page;
    ManagerAdminDevices  *device_page;
    ManagerAdminCalendar *calendar_page;
    ManagerAdminAudit    *audit_page;
    GtkEditable          *password_1;     /* the staff's new password, twice */
    GtkEditable          *password_2;
    GtkWidget            *password_button;
    GtkLabel             *password_message;
};

G_DEFINE_FINAL_TYPE (ManagerAdminView, manager_admin_view, GTK_TYPE_BOX)

/* The notice over the screens: who may change what here. */
static char *
s_notice (ManagerSettings *settings)
{
    const char *who = manager_settings_signed_in (settings);
    if (!manager_settings_current (settings))
        return g_strdup (_("正在读取大厅的设置……"));
    if (!who)
        return g_strdup (_("请先以管理员身份登录：未登录时只能查看，不能修改。"));
    if (!manager_settings_may_change (settings))
        return g_strdup (_("主管只能查看，不能修改大厅的设置、人员和设备。"));
    return g_strdup (_("所作修改立即生效，并记入变更记录。"));
}

static void
s_render_signin (ManagerAdminView *self)
{
    const char *who = manager_settings_signed_in (self->settings);
    const char *name = who ? manager_settings_staff_name (self->settings, who) : NULL;
    g_autofree char *text = who ? g_strdup_printf (_("已登录：%s（%s，%s）"), name ? name : "", who,
                                                   s_role_shown (manager_settings_signed_in_role (self->settings)))
                                : g_strdup (_("未登录管理员"));
    gtk_label_set_text (self->who_label, text);
    gtk_widget_set_visible (self->signin_box, !who);
    gtk_widget_set_visible (GTK_WIDGET (self->signout_button), who != NULL);
    g_autofree char *notice = s_notice (self->settings);
    gtk_label_set_text (self->notice_label, notice);
    if (manager_settings_may_change (self->settings))
        gtk_widget_remove_css_class (GTK_WIDGET (self->notice_label), "bad");
    else
        gtk_widget_add_css_class (GTK_WIDGET (self->notice_label), "bad");
}

static void
s_render (ManagerAdminView *self)
{
    json_t *current = manager_settings_current (self->settings);
    gboolean editable = manager_settings_may_change (self->settings);
    s_render_signin (self);
    manager_admin_groups_render (self->category_page, current, editable);
    manager_admin_groups_render (self->window_page, current, editable);
    manager_admin_groups_render (self->staff_page, current, editable);
    manager_admin_groups_render (self->hall_page, current, editable);
    manager_admin_devices_render (self->device_page, manager_settings_devices (self->settings), self->tz,
                                  editable);
    manager_admin_calendar_render (self->calendar_page, current, editable);
    manager_admin_audit_render (self->audit_page, manager_settings_changes (self->settings), self->tz);
    gtk_widget_set_sensitive (self->password_button, editable);
}

/* ---- answers -------------------------------------------------------------------------- */

static void
s_reply (ManagerSettings *settings, gint64 req, const char *error, ManagerAdminView *self)
{
    if (req == self->signin_req) {
        self->signin_req = 0;
        manager_admin_say (self->signin_message, error, TRUE);
        return;
    }
    GtkLabel *label = g_hash_table_lookup (self->answers, &req);
    if (!label)
        return;
    const char *path = g_hash_table_lookup (self->key_paths, &req);
    g_autofree char *done = path ? g_strdup_printf (_("已登记，密钥文件已保存到 %s"), path) : g_strdup (_("已保存"));
    manager_admin_say (label, error ? error : done, error != NULL);
    g_hash_table_remove (self->key_paths, &req);
    g_hash_table_remove (self->answers, &req);
}

/* REQ's answer goes on LABEL. */
static void
s_expect (ManagerAdminView *self, gint64 req, GtkLabel *label)
{
    if (req >= 0)
        g_hash_table_insert (self->answers, g_memdup2 (&req, sizeof req), label);
    else
        manager_admin_say (label, _("无法发送请求：与服务器的连接已断开"), TRUE);
}

/* ---- intents ------------------------------------------------------------------------ */

static void
s_change (GtkWidget *page, GPtrArray *changes, GtkLabel *label, ManagerAdminView *self)
{
    s_expect (self, manager_settings_change (self->settings, changes), label);
}

static void
s_signin (GtkButton *button, ManagerAdminView *self)
{
    g_autofree char *staff = g_strstrip (g_strdup (gtk_editable_get_text (self->staff_entry)));
    manager_admin_say (self->signin_message, NULL, FALSE);
    self->signin_req = manager_settings_signin (self->settings, staff, gtk_editable_get_text (self->password_entry));
    gtk_editable_set_text (self->password_entry, "");     /* never kept */
}

static void
s_signout (GtkButton *button, ManagerAdminView *self)
{
    self->signin_req = manager_settings_signout (self->settings);
}

static void
s_reset_password (GtkButton *button, ManagerAdminView *self)
{
    const char *staff = manager_admin_groups_selected (self->staff_page);
    const char *one = gtk_editable_get_text (self->password_1), *two = gtk_editable_get_text (self->password_2);
    if (!staff)
        return;
    if (g_utf8_strlen (one, -1) < 6)
        manager_admin_say (self->password_message, _("密码至少 6 个字符"), TRUE);
    else if (strcmp (one, two) != 0)
        manager_admin_say (self->password_message, _("两次输入的密码不一致"), TRUE);
    else {
        manager_admin_say (self->password_message, _("正在保存……"), FALSE);
        s_expect (self, manager_settings_password (self->settings, staff, one), self->password_message);
    }
    gtk_editable_set_text (self->password_1, "");
    gtk_editable_set_text (self->password_2, "");
}

static void
s_enroll (ManagerAdminDevices *page, const char *role, int window, const char *name, const char *path,
          ManagerAdminView *self);

static void
s_key_chosen (GtkNativeDialog *dialog, int response, ManagerAdminView *self)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
        g_autofree char *path = file ? g_file_get_path (file) : NULL;
        if (path)
            manager_admin_devices_enroll_to (self->device_page, path);
    }
    g_object_unref (dialog);
}

/* Where the key file goes, asked with a save dialog. */
static void
s_ask_key_path (ManagerAdminView *self, const char *role, int window)
{
    GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("保存设备密钥"),
        GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), GTK_FILE_CHOOSER_ACTION_SAVE, _("保存"), _("取消"));
    g_autofree char *name = window > 0 ? g_strdup_printf ("%s-%d.key", role, window) : g_strdup_printf ("%s.key", role);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
    g_signal_connect (dialog, "response", G_CALLBACK (s_key_chosen), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
s_enroll (ManagerAdminDevices *page, const char *role, int window, const char *name, const char *path,
          ManagerAdminView *self)
{
    if (!path) {
        s_ask_key_path (self, role, window);
        return;
    }
    gint64 req = manager_settings_enroll (self->settings, role, window, name, path);
    s_expect (self, req, manager_admin_devices_message (page));
    if (req >= 0)
        g_hash_table_insert (self->key_paths, g_memdup2 (&req, sizeof req), g_strdup (path));
}

static void
s_revoke (ManagerAdminDevices *page, const char *id, ManagerAdminView *self)
{
    s_expect (self, manager_settings_revoke (self->settings, id), manager_admin_devices_message (page));
}

/* ---- public -------------------------------------------------------------------------- */

void
manager_admin_view_set_hall (ManagerAdminView *self, const char *tz, const char *day)
{
    if (g_strcmp0 (tz, self->tz) != 0) {
        g_free (self->tz);
        self->tz = g_strdup (tz);
    }
    if (!self->year_set && day && strlen (day) >= 4) {
        self->year_set = TRUE;
        manager_admin_calendar_set_year (self->calendar_page, atoi (day));
    }
}

GtkWidget *
manager_admin_view_show (ManagerAdminView *self, const char *name)
{
    for (int i = 0; i < gtk_notebook_get_n_pages (self->notebook); i++) {
        GtkWidget *page = gtk_notebook_get_nth_page (self->notebook, i);
        g_autofree char *want = g_strdup_printf ("admin-%s", name);
        if (g_strcmp0 (gtk_widget_get_name (page), want) == 0) {
            gtk_notebook_set_current_page (self->notebook, i);
            return page;
        }
    }
    return NULL;
}

void
manager_admin_view_enroll_to (ManagerAdminView *self, const char *path)
{
    manager_admin_devices_enroll_to (self->device_page, path);
}

/* ---- life cycle ------------------------------------------------------------------------ */

static GtkWidget *
s_password_box (ManagerAdminView *self)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *title = gtk_label_new (_("重置密码"));
    gtk_label_set_xalign (GTK_LABEL (title), 0);
    gtk_widget_add_css_class (title, "panel-title");
    gtk_box_append (GTK_BOX (box), title);
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    self->password_1 = GTK_EDITABLE (gtk_password_entry_new ());
    self->password_2 = GTK_EDITABLE (gtk_password_entry_new ());
    gtk_widget_set_name (GTK_WIDGET (self->password_1), "password-1");
    gtk_widget_set_name (GTK_WIDGET (self->password_2), "password-2");
    g_object_set (self->password_1, "placeholder-text", _("新密码（至少 6 位）"), NULL);
    g_object_set (self->password_2, "placeholder-text", _("再输入一次"), NULL);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->password_1), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("新密码（至少 6 位）"), -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->password_2), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("再输入一次新密码"), -1);
    self->password_button = gtk_button_new_with_label (_("重置密码"));
    gtk_widget_set_name (self->password_button, "reset-password");
    g_signal_connect (self->password_button, "clicked", G_CALLBACK (s_reset_password), self);
    gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->password_1));
    gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->password_2));
    gtk_box_append (GTK_BOX (row), self->password_button);
    gtk_box_append (GTK_BOX (box), row);
    self->password_message = GTK_LABEL (manager_admin_message_new ("password-message"));
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->password_message));
    return box;
}

static void
s_add_page (ManagerAdminView *self, GtkWidget *page, const char *name, const char *title)
{
    g_autofree char *widget_name = g_strdup_printf ("admin-%s", name);
    gtk_widget_set_name (page, widget_name);
    gtk_widget_set_margin_top (page, 10);
    gtk_widget_set_margin_start (page, 10);
    gtk_widget_set_margin_end (page, 10);
    gtk_widget_set_margin_bottom (page, 10);
    gtk_notebook_append_page (self->notebook, page, gtk_label_new (title));
    if (MANAGER_IS_ADMIN_GROUPS (page) || MANAGER_IS_ADMIN_CALENDAR (page))
        g_signal_connect (page, "change", G_CALLBACK (s_change), self);
}

static void
manager_admin_view_dispose (GObject *object)
{
    ManagerAdminView *self = MANAGER_ADMIN_VIEW (object);
    if (self->settings)
        g_signal_handlers_disconnect_by_data (self->settings, self);
    g_clear_object (&self->settings);
    g_clear_pointer (&self->tz, g_free);
    g_clear_pointer (&self->answers, g_hash_table_destroy);
    g_clear_pointer (&self->key_paths, g_hash_table_destroy);
    G_OBJECT_CLASS (manager_admin_view_parent_class)->dispose (object);
}

static void
manager_admin_view_class_init (ManagerAdminViewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = manager_admin_view_dispose;
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, MANAGER_RESOURCE_PATH "/manager-admin-view.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminView, who_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminView, signin_box);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminView, staff_entry);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminView, password_entry);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminView, signin_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminView, signout_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminView, signin_message);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminView, notice_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminView, notebook);
}

static void
manager_admin_view_init (ManagerAdminView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->answers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    self->key_paths = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
    self->category_page = MANAGER_ADMIN_GROUPS (manager_admin_groups_new (&s_categories));
    self->window_page = MANAGER_ADMIN_GROUPS (manager_admin_groups_new (&s_windows));
    self->staff_page = MANAGER_ADMIN_GROUPS (manager_admin_groups_new (&s_staff));
    self->hall_page = MANAGER_ADMIN_GROUPS (manager_admin_groups_new (&s_hall));
    self->device_page = MANAGER_ADMIN_DEVICES (manager_admin_devices_new ());
    self->calendar_page = MANAGER_ADMIN_CALENDAR (manager_admin_calendar_new ());
    self->audit_page = MANAGER_ADMIN_AUDIT (manager_admin_audit_new ());
    manager_admin_groups_add_extra (self->staff_page, s_password_box (self));
    s_add_page (self, GTK_WIDGET (self->category_page), "categories", _("类别/事项"));
    s_add_page (self, GTK_WIDGET (self->window_page), "windows", _("窗口"));
    s_add_page (self, GTK_WIDGET (self->staff_page), "staff", _("人员"));
    s_add_page (self, GTK_WIDGET (self->device_page), "devices", _("设备"));
    s_add_page (self, GTK_WIDGET (self->calendar_page), "calendar", _("日历"));
    s_add_page (self, GTK_WIDGET (self->hall_page), "hall", _("大厅"));
    s_add_page (self, GTK_WIDGET (self->audit_page), "audit", _("变更记录"));
    g_signal_connect (self->device_page, "enroll", G_CALLBACK (s_enroll), self);
    g_signal_connect (self->device_page, "revoke", G_CALLBACK (s_revoke), self);
    g_signal_connect (self->signin_button, "clicked", G_CALLBACK (s_signin), self);
    g_signal_connect (self->password_entry, "activate", G_CALLBACK (s_signin), self);
    g_signal_connect (self->signout_button, "clicked", G_CALLBACK (s_signout), self);
}

GtkWidget *
manager_admin_view_new (ManagerSettings *settings)
{
    ManagerAdminView *self = g_object_new (MANAGER_TYPE_ADMIN_VIEW, NULL);
    self->settings = g_object_ref (settings);
    g_signal_connect_swapped (settings, "loaded", G_CALLBACK (s_render), self);
    g_signal_connect (settings, "reply", G_CALLBACK (s_reply), self);
    s_render (self);
    return GTK_WIDGET (self);
}
