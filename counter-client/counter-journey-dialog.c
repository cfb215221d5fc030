/*  counter-journey-dialog.c — see counter-journey-dialog.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-journey-dialog.h"
#include "counter-resources.h"
#include "i18n.h"

struct _CounterJourneyDialog {
    GtkWindow    parent_instance;
    GtkLabel    *heading;        /* what is asked */
    GtkWidget   *scroller;       /* around the list; hidden for a question */
    GtkListBox  *list;           /* rows carry "value" */
    GtkWidget   *reason_box;     /* hidden unless a reason is asked */
    GtkEditable *reason;
    GtkButton   *confirm;        /* hidden for a pick */
    char        *value;          /* what confirm emits */
};

G_DEFINE_FINAL_TYPE (CounterJourneyDialog, counter_journey_dialog, GTK_TYPE_WINDOW)

enum { SIGNAL_CHOSEN, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static void
s_emit (CounterJourneyDialog *self, const char *value)
{
    g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (self->reason)));
    g_signal_emit (self, s_signals[SIGNAL_CHOSEN], 0, value, reason);
    gtk_window_close (GTK_WINDOW (self));
}

static void
s_row_activated (CounterJourneyDialog *self, GtkListBoxRow *row)
{
    const char *value = g_object_get_data (G_OBJECT (row), "value");
    if (value)
        s_emit (self, value);
}

static void
s_confirm_clicked (CounterJourneyDialog *self)
{
    if (self->value)
        s_emit (self, self->value);
}

static void
counter_journey_dialog_finalize (GObject *object)
{
    g_free (COUNTER_JOURNEY_DIALOG (object)->value);
    G_OBJECT_CLASS (counter_journey_dialog_parent_class)->finalize (object);
}

static void
counter_journey_dialog_class_init (CounterJourneyDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->finalize = counter_journey_dialog_finalize;
    counter_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, COUNTER_RESOURCE_PATH "/counter-journey-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, CounterJourneyDialog, heading);
    gtk_widget_class_bind_template_child (widget_class, CounterJourneyDialog, scroller);
    gtk_widget_class_bind_template_child (widget_class, CounterJourneyDialog, list);
    gtk_widget_class_bind_template_child (widget_class, CounterJourneyDialog, reason_box);
    gtk_widget_class_bind_template_child (widget_class, CounterJourneyDialog, reason);
    gtk_widget_class_bind_template_child (widget_class, CounterJourneyDialog, confirm);
    gtk_widget_class_bind_template_callback (widget_class, s_row_activated);
    gtk_widget_class_bind_template_callback (widget_class, s_confirm_clicked);
    gtk_widget_class_bind_template_callback (widget_class, gtk_window_close);
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
    s_signals[SIGNAL_CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
counter_journey_dialog_init (CounterJourneyDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

static CounterJourneyDialog *
s_new (GtkWindow *parent, const char *title, const char *heading)
{
    CounterJourneyDialog *self = g_object_new (COUNTER_TYPE_JOURNEY_DIALOG, "transient-for", parent,
                                               "destroy-with-parent", TRUE, "title", title, NULL);
    gtk_label_set_text (self->heading, heading);
    return self;
}

CounterJourneyDialog *
counter_journey_dialog_new_pick (GtkWindow *parent, const char *title, const char *heading)
{
    CounterJourneyDialog *self = s_new (parent, title, heading);
    gtk_widget_set_visible (GTK_WIDGET (self->confirm), FALSE);
    gtk_window_set_default_size (GTK_WINDOW (self), 640, 420);
    return self;
}

CounterJourneyDialog *
counter_journey_dialog_new_confirm (GtkWindow *parent, const char *title, const char *heading,
                                    const char *confirm, const char *value, gboolean with_reason)
{
    CounterJourneyDialog *self = s_new (parent, title, heading);
    gtk_widget_set_visible (self->scroller, FALSE);
    gtk_widget_set_visible (self->reason_box, with_reason);
    gtk_button_set_label (self->confirm, confirm);
    self->value = g_strdup (value);
    gtk_window_set_default_size (GTK_WINDOW (self), 560, -1);
    gtk_widget_grab_focus (with_reason ? GTK_WIDGET (self->reason) : GTK_WIDGET (self->confirm));
    return self;
}

void
counter_journey_dialog_add (CounterJourneyDialog *self, const char *title, const char *detail,
                            const char *value)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_margin_top (box, 8);
    gtk_widget_set_margin_bottom (box, 8);
    gtk_widget_set_margin_start (box, 10);
    gtk_widget_set_margin_end (box, 10);
    GtkWidget *name = gtk_label_new (title);
    gtk_label_set_xalign (GTK_LABEL (name), 0);
    gtk_widget_set_hexpand (name, TRUE);
    gtk_box_append (GTK_BOX (box), name);
    GtkWidget *info = gtk_label_new (NULL);
    gtk_label_set_markup (GTK_LABEL (info), detail);
    gtk_label_set_ellipsize (GTK_LABEL (info), PANGO_ELLIPSIZE_END);
    gtk_widget_add_css_class (info, "dim-label");
    gtk_box_append (GTK_BOX (box), info);
    GtkWidget *row = gtk_list_box_row_new ();
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
    g_object_set_data_full (G_OBJECT (row), "value", g_strdup (value), g_free);
    gtk_list_box_append (self->list, row);
}
