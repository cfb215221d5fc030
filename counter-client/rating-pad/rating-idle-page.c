/*  rating-idle-page.c — see rating-idle-page.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "rating-idle-page.h"
#include "rating-resources.h"
#include "i18n.h"

struct _RatingIdlePage {
    GtkBox     parent_instance;
    GtkLabel  *window_label;     /* "1号窗口" */
    GtkLabel  *staff_label;      /* "工作人员：王芳　工号 1001", or "暂停服务" */
};

G_DEFINE_FINAL_TYPE (RatingIdlePage, rating_idle_page, GTK_TYPE_BOX)

static void
rating_idle_page_class_init (RatingIdlePageClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    rating_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, RATING_RESOURCE_PATH "/rating-idle-page.ui");
    gtk_widget_class_bind_template_child (widget_class, RatingIdlePage, window_label);
    gtk_widget_class_bind_template_child (widget_class, RatingIdlePage, staff_label);
}

static void
rating_idle_page_init (RatingIdlePage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

void
rating_idle_page_set_window (RatingIdlePage *self, int window)
{
    g_autofree char *text = g_strdup_printf (_("%d号窗口"), window);
    gtk_label_set_text (self->window_label, text);
}

void
rating_idle_page_set_staff (RatingIdlePage *self, json_t *window)
{
    json_t *clerk = json_object_get (window, "clerk");
    const char *name = json_string_value (json_object_get (clerk, "name"));
    const char *id = json_string_value (json_object_get (clerk, "id"));
    g_autofree char *text = NULL;
    gboolean paused = json_is_true (json_object_get (window, "paused"));
    if (paused)
        text = g_strdup (_("暂停服务"));
    else if (id)
        text = g_strdup_printf (_("工作人员：%s　工号 %s"), name && *name ? name : "", id);
    else if (window)
        text = g_strdup (_("本窗口暂无工作人员"));
    gtk_label_set_text (self->staff_label, text ? text : "");
    gtk_widget_set_visible (GTK_WIDGET (self->staff_label), text != NULL);
    if (paused)
        gtk_widget_add_css_class (GTK_WIDGET (self->staff_label), "paused");
    else
        gtk_widget_remove_css_class (GTK_WIDGET (self->staff_label), "paused");
}
