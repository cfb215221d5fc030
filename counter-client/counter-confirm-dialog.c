/*  counter-confirm-dialog.c — see counter-confirm-dialog.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-confirm-dialog.h"
#include "counter-resources.h"
#include "i18n.h"

struct _CounterConfirmDialog {
    GtkWindow  parent_instance;
    GtkLabel  *heading;        /* the question */
    GtkLabel  *summary;        /* what will happen; hidden when there is nothing to add */
    GtkButton *cancel;         /* the default: focused */
    GtkButton *confirm;        /* the action's own label */
};

G_DEFINE_FINAL_TYPE (CounterConfirmDialog, counter_confirm_dialog, GTK_TYPE_WINDOW)

enum { SIGNAL_CONFIRMED, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static void
s_confirm_clicked (CounterConfirmDialog *self)
{
    g_signal_emit (self, s_signals[SIGNAL_CONFIRMED], 0);
    gtk_window_close (GTK_WINDOW (self));
}

static void
counter_confirm_dialog_class_init (CounterConfirmDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    counter_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, COUNTER_RESOURCE_PATH "/counter-confirm-dialog.ui");
    gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT_DIALOG);
    gtk_widget_class_bind_template_child (widget_class, CounterConfirmDialog, heading);
    gtk_widget_class_bind_template_child (widget_class, CounterConfirmDialog, summary);
    gtk_widget_class_bind_template_child (widget_class, CounterConfirmDialog, cancel);
    gtk_widget_class_bind_template_child (widget_class, CounterConfirmDialog, confirm);
    gtk_widget_class_bind_template_callback (widget_class, s_confirm_clicked);
    gtk_widget_class_bind_template_callback (widget_class, gtk_window_close);
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
    s_signals[SIGNAL_CONFIRMED] = g_signal_new ("confirmed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
counter_confirm_dialog_init (CounterConfirmDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

CounterConfirmDialog *
counter_confirm_dialog_new (GtkWindow *parent, const char *title, const char *heading,
                            const char *summary, const char *confirm)
{
    CounterConfirmDialog *self = g_object_new (COUNTER_TYPE_CONFIRM_DIALOG, "transient-for", parent,
                                               "destroy-with-parent", TRUE, "title", title, NULL);
    gtk_label_set_text (self->heading, heading);
    gtk_label_set_text (self->summary, summary ? summary : "");
    gtk_widget_set_visible (GTK_WIDGET (self->summary), summary && *summary);
    gtk_button_set_label (self->confirm, confirm);
    g_autofree char *description = summary && *summary ? g_strdup_printf ("%s %s", heading, summary)
                                                       : g_strdup (heading);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->cancel));
    return self;
}
