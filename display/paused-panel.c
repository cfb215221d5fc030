/*  paused-panel.c — see paused-panel.h. */
#define G_LOG_DOMAIN "hall-display"
#include "paused-panel.h"
#include "board-view.h"
#include "i18n.h"

struct _HallPausedPanel {
    GtkBox     parent_instance;
    GtkWidget *title;           /* "暂停服务窗口" */
    GtkWidget *title_en;        /* "Paused windows" */
    GtkWidget *list;            /* GtkFlowBox of labels */
    GtkWidget *none;            /* "各窗口正常服务" when none is paused */
    int        count;           /* windows listed */
};

G_DEFINE_FINAL_TYPE (HallPausedPanel, hall_paused_panel, GTK_TYPE_BOX)

static void
hall_paused_panel_class_init (HallPausedPanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    gtk_widget_class_set_template_from_resource (widget_class, "/org/hall/display/paused-panel.ui");
    gtk_widget_class_bind_template_child (widget_class, HallPausedPanel, title);
    gtk_widget_class_bind_template_child (widget_class, HallPausedPanel, title_en);
    gtk_widget_class_bind_template_child (widget_class, HallPausedPanel, list);
    gtk_widget_class_bind_template_child (widget_class, HallPausedPanel, none);
}

static void
hall_paused_panel_init (HallPausedPanel *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    gtk_label_set_text (GTK_LABEL (self->title), _("暂停服务窗口"));
    gtk_label_set_text (GTK_LABEL (self->none), _("各窗口正常服务"));
    gtk_widget_set_visible (self->title_en, hall_view_bilingual ());
}

void
hall_paused_panel_render (HallPausedPanel *self, hall_mirror_t *mirror)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (self->list)))
        gtk_flow_box_remove (GTK_FLOW_BOX (self->list), child);
    self->count = 0;
    json_t *windows = hall_mirror_loaded (mirror) ? hall_mirror_windows (mirror) : NULL;
    size_t i;
    json_t *window;
    json_array_foreach (windows, i, window) {
        if (!json_is_true (json_object_get (window, "paused")))
            continue;
        int number = (int) json_integer_value (json_object_get (window, "number"));
        g_autofree char *label = hall_view_window_label (number);
        g_autofree char *text = g_strdup_printf (_("%s 暂停服务"), label);
        g_autofree char *name = g_strdup_printf ("paused-%d", number);
        GtkWidget *item = gtk_label_new (text);
        gtk_widget_set_name (item, name);
        gtk_widget_add_css_class (item, "paused-item");
        gtk_label_set_xalign (GTK_LABEL (item), 0);
        gtk_flow_box_append (GTK_FLOW_BOX (self->list), item);
        self->count++;
    }
    gtk_widget_set_visible (self->none, self->count == 0);
    gtk_widget_set_visible (self->list, self->count > 0);
}

int
hall_paused_panel_count (HallPausedPanel *self)
{
    return self->count;
}
