/*  rating-idle-page.c — see rating-idle-page.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "rating-idle-page.h"
#include "rating-resources.h"
#include "i18n.h"

struct _RatingIdlePage {
    GtkBox     parent_instance;
    GtkLabel  *window_label;     /* "1号窗口" */
};

G_DEFINE_FINAL_TYPE (RatingIdlePage, rating_idle_page, GTK_TYPE_BOX)

static void
rating_idle_page_class_init (RatingIdlePageClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    rating_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, RATING_RESOURCE_PATH "/rating-idle-page.ui");
    gtk_widget_class_bind_template_child (widget_class, RatingIdlePage, window_label);
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
