/*  manager-alert-panel.c — see manager-alert-panel.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-alert-panel.h"
#include "manager-format.h"
#include "manager-resources.h"
#include "i18n.h"

struct _ManagerAlertPanel {
    GtkBox      parent_instance;
    GtkLabel   *count_label;
    GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (ManagerAlertPanel, manager_alert_panel, GTK_TYPE_BOX)

static void
manager_alert_panel_class_init (ManagerAlertPanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 MANAGER_RESOURCE_PATH "/manager-alert-panel.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerAlertPanel, count_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerAlertPanel, list);
}

static void
manager_alert_panel_init (ManagerAlertPanel *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    GtkWidget *empty = gtk_label_new (_("暂无提醒"));
    gtk_widget_add_css_class (empty, "dim");
    gtk_list_box_set_placeholder (self->list, empty);
}

GtkWidget *
manager_alert_panel_new (void)
{
    return g_object_new (MANAGER_TYPE_ALERT_PANEL, NULL);
}

static const char *
s_urgency_css (manager_urgency_t urgency)
{
    return urgency == MANAGER_URGENCY_CRITICAL ? "alert-critical"
         : urgency == MANAGER_URGENCY_LOW ? "alert-low" : "alert-normal";
}

void
manager_alert_panel_render (ManagerAlertPanel *self, manager_alerts_t *alerts, const char *tz)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
        gtk_list_box_remove (self->list, child);
    GPtrArray *list = manager_alerts_list (alerts);
    g_autofree char *count = g_strdup_printf (_("共 %u 条"), list->len);
    gtk_label_set_text (self->count_label, count);
    for (guint i = 0; i < list->len; i++) {
        manager_alert_t *alert = g_ptr_array_index (list, i);
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
        gtk_widget_add_css_class (box, "alert-row");
        gtk_widget_add_css_class (box, s_urgency_css (alert->urgency));
        g_autofree char *name = g_strdup_printf ("alert-%s", alert->subject);
        gtk_widget_set_name (box, name);
        GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
        g_autofree char *time = manager_clock (alert->time, tz);
        GtkWidget *when = gtk_label_new (time);
        gtk_widget_add_css_class (when, "dim");
        gtk_box_append (GTK_BOX (top), when);
        GtkWidget *summary = gtk_label_new (alert->summary);
        gtk_label_set_xalign (GTK_LABEL (summary), 0);
        gtk_widget_set_hexpand (summary, TRUE);
        gtk_widget_add_css_class (summary, "alert-summary");
        gtk_box_append (GTK_BOX (top), summary);
        if (alert->count > 1) {
            g_autofree char *times = g_strdup_printf (_("第 %d 次"), alert->count);
            gtk_box_append (GTK_BOX (top), gtk_label_new (times));
        }
        gtk_box_append (GTK_BOX (box), top);
        GtkWidget *body = gtk_label_new (alert->body);
        gtk_label_set_xalign (GTK_LABEL (body), 0);
        gtk_label_set_wrap (GTK_LABEL (body), TRUE);
        gtk_widget_add_css_class (body, "alert-body");
        gtk_box_append (GTK_BOX (box), body);
        gtk_list_box_append (self->list, box);
    }
}
