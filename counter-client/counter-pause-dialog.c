/*  counter-pause-dialog.c — see counter-pause-dialog.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-pause-dialog.h"
#include "counter-resources.h"
#include "i18n.h"

struct _CounterPauseDialog {
    GtkWindow       parent_instance;
    GtkCheckButton *lunch;        /* 午休 (the default) */
    GtkCheckButton *away;         /* 临时离开 */
    GtkCheckButton *training;     /* 业务培训 */
    GtkCheckButton *other;        /* 其他: the text below */
    GtkEntry       *other_entry;
};

G_DEFINE_FINAL_TYPE (CounterPauseDialog, counter_pause_dialog, GTK_TYPE_WINDOW)

enum { SIGNAL_PAUSE, N_SIGNALS };
static guint s_signals[N_SIGNALS];

const char *
counter_pause_dialog_reason (CounterPauseDialog *self)
{
    /* The reason goes to the server in Chinese whatever the UI language:
     * it is shown on the hall board and in reports. */
    if (gtk_check_button_get_active (self->away))
        return "临时离开";
    if (gtk_check_button_get_active (self->training))
        return "业务培训";
    if (gtk_check_button_get_active (self->other))
        return gtk_editable_get_text (GTK_EDITABLE (self->other_entry));
    return "午休";
}

static void
s_other_toggled (CounterPauseDialog *self)
{
    gboolean other = gtk_check_button_get_active (self->other);
    gtk_widget_set_sensitive (GTK_WIDGET (self->other_entry), other);
    if (other)
        gtk_widget_grab_focus (GTK_WIDGET (self->other_entry));
}

static void
s_confirm (CounterPauseDialog *self)
{
    g_autofree char *reason = g_strstrip (g_strdup (counter_pause_dialog_reason (self)));
    if (!*reason) {
        gtk_widget_grab_focus (GTK_WIDGET (self->other_entry));
        return;
    }
    g_signal_emit (self, s_signals[SIGNAL_PAUSE], 0, reason);
    gtk_window_close (GTK_WINDOW (self));
}

static void
counter_pause_dialog_class_init (CounterPauseDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    counter_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, COUNTER_RESOURCE_PATH "/counter-pause-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, CounterPauseDialog, lunch);
    gtk_widget_class_bind_template_child (widget_class, CounterPauseDialog, away);
    gtk_widget_class_bind_template_child (widget_class, CounterPauseDialog, training);
    gtk_widget_class_bind_template_child (widget_class, CounterPauseDialog, other);
    gtk_widget_class_bind_template_child (widget_class, CounterPauseDialog, other_entry);
    gtk_widget_class_bind_template_callback (widget_class, s_other_toggled);
    gtk_widget_class_bind_template_callback (widget_class, s_confirm);
    gtk_widget_class_bind_template_callback (widget_class, gtk_window_close);
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
    s_signals[SIGNAL_PAUSE] = g_signal_new ("pause", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
counter_pause_dialog_init (CounterPauseDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    g_signal_connect_swapped (self->other_entry, "activate", G_CALLBACK (s_confirm), self);
}

CounterPauseDialog *
counter_pause_dialog_new (GtkWindow *parent)
{
    return g_object_new (COUNTER_TYPE_PAUSE_DIALOG, "transient-for", parent,
                         "destroy-with-parent", TRUE, NULL);
}
