/*  manager-admin-audit.c — see manager-admin-audit.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-admin-audit.h"
#include "manager-format.h"
#include "i18n.h"

#include <string.h>

struct _ManagerAdminAudit {
    GtkBox   parent_instance;
    GtkGrid *table;
};

G_DEFINE_FINAL_TYPE (ManagerAdminAudit, manager_admin_audit, GTK_TYPE_BOX)

static const char *const s_columns[] = { "time", "staff", "device", "op", "group", "key", "change" };

static void
s_cell (ManagerAdminAudit *self, int row, int column, const char *text, const char *css)
{
    GtkWidget *label = gtk_label_new (text);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (label, "cell");
    if (css)
        gtk_widget_add_css_class (label, css);
    if (row > 0) {
        g_autofree char *name = g_strdup_printf ("audit-%d-%s", row, s_columns[column]);
        gtk_widget_set_name (label, name);
    }
    if (column == 6) {                       /* old → new may be long: wrapped */
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
        gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
        gtk_widget_set_hexpand (label, TRUE);
    }
    gtk_grid_attach (self->table, label, column, row, 1, 1);
}

/* "old → new": an unset value is shown as （未设）, a removed one as 已删除. */
static char *
s_change_text (json_t *change)
{
    const char *old = json_string_value (json_object_get (change, "old"));
    const char *new_value = json_string_value (json_object_get (change, "new"));
    return g_strdup_printf ("%s → %s", old ? old : _("（未设）"), new_value ? new_value : _("已删除"));
}

/* The operation in the manager's words (an unknown one as it is). */
static const char *
s_op_text (const char *op)
{
    static const char *const words[][2] = {
        { "settings.set", N_("修改设置") },    { "settings.import", N_("导入设置") },
        { "device.enroll", N_("登记设备") },   { "device.revoke", N_("吊销设备") },
        { "staff.password", N_("重置密码") },
    };
    for (gsize i = 0; op && i < G_N_ELEMENTS (words); i++)
        if (strcmp (op, words[i][0]) == 0)
            return _(words[i][1]);
    return op;
}

static void
s_row (ManagerAdminAudit *self, int row, json_t *change, const char *tz)
{
    g_autofree char *time = manager_local_format (json_integer_value (json_object_get (change, "time")), tz,
                                                  "%Y-%m-%d %H:%M:%S");
    const char *staff = json_string_value (json_object_get (change, "staff"));
    const char *name = json_string_value (json_object_get (change, "staff_name"));
    g_autofree char *who = g_strdup_printf ("%s%s%s", staff ? staff : "-", name ? " " : "", name ? name : "");
    g_autofree char *text = s_change_text (change);
    const char *cells[] = {
        time, who, json_string_value (json_object_get (change, "device")),
        s_op_text (json_string_value (json_object_get (change, "op"))), json_string_value (json_object_get (change, "group")),
        json_string_value (json_object_get (change, "key")), text,
    };
    for (int c = 0; c < (int) G_N_ELEMENTS (cells); c++)
        s_cell (self, row, c, cells[c] ? cells[c] : "", c == 0 ? "figure" : NULL);
}

void
manager_admin_audit_render (ManagerAdminAudit *self, json_t *changes, const char *tz)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))))
        gtk_grid_remove (self->table, child);
    const char *heads[] = { N_("时间"), N_("人员"), N_("设备"), N_("操作"), N_("分组"), N_("键"), N_("原值 → 新值") };
    for (int c = 0; c < (int) G_N_ELEMENTS (heads); c++)
        s_cell (self, 0, c, _(heads[c]), "head");
    size_t i;
    json_t *change;
    json_array_foreach (json_object_get (changes, "changes"), i, change)
        s_row (self, (int) i + 1, change, tz);
}

static void
manager_admin_audit_class_init (ManagerAdminAuditClass *klass)
{
}

static void
manager_admin_audit_init (ManagerAdminAudit *self)
{
    gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
    GtkWidget *scroll = gtk_scrolled_window_new ();
    gtk_widget_set_vexpand (scroll, TRUE);
    gtk_widget_set_hexpand (scroll, TRUE);
    self->table = GTK_GRID (gtk_grid_new ());
    gtk_widget_set_name (GTK_WIDGET (self->table), "audit-table");
    gtk_grid_set_column_spacing (self->table, 14);
    gtk_grid_set_row_spacing (self->table, 3);
    gtk_widget_add_css_class (GTK_WIDGET (self->table), "table");
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->table));
    gtk_box_append (GTK_BOX (self), scroll);
}

GtkWidget *
manager_admin_audit_new (void)
{
    return g_object_new (MANAGER_TYPE_ADMIN_AUDIT, NULL);
}
