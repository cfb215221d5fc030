/*  counter-rating-pad.c — see counter-rating-pad.h (a placeholder). */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-rating-pad.h"
#include "counter-resources.h"
#include "i18n.h"

struct _CounterRatingPad {
    GtkWindow  parent_instance;
    GtkLabel  *window_label;     /* "1号窗口" */
};

G_DEFINE_FINAL_TYPE (CounterRatingPad, counter_rating_pad, GTK_TYPE_WINDOW)

static void
counter_rating_pad_class_init (CounterRatingPadClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    counter_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, COUNTER_RESOURCE_PATH "/counter-rating-pad.ui");
    gtk_widget_class_bind_template_child (widget_class, CounterRatingPad, window_label);
}

static void
counter_rating_pad_init (CounterRatingPad *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

CounterRatingPad *
counter_rating_pad_new (GtkApplication *app, int window)
{
    CounterRatingPad *self = g_object_new (COUNTER_TYPE_RATING_PAD, "application", app, NULL);
    g_autofree char *text = g_strdup_printf (_("%d号窗口"), window);
    gtk_label_set_text (self->window_label, text);
    return self;
}
