/*  reception-lookup-view.c — 查询号票 (reception-lookup-view.h). */
#define G_LOG_DOMAIN "hall-reception"
#include "reception-lookup-view.h"
#include "reception-ui.h"

#include <glib/gi18n.h>

struct _ReceptionLookupView {
    GtkBox     parent;
    GtkWidget *number_entry, *find_button, *letters, *digits;
    GtkWidget *number_label, *state_label, *facts, *category_label, *window_label;
    GtkWidget *wait_label, *calls_label, *requeues_label, *green_label, *hint_label;
    GtkWidget *actions, *requeue_button, *reprint_button, *cancel_button;
    GtkWidget *confirm_box, *confirm_label, *confirm_yes, *confirm_no, *message_label;
    gboolean   busy;
    gboolean   can_requeue, can_reprint, can_cancel;   //  the ticket shown allows
};

enum { SIGNAL_FIND, SIGNAL_REQUEUE, SIGNAL_REPRINT, SIGNAL_CANCEL, N_SIGNALS };
static guint s_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ReceptionLookupView, reception_lookup_view, GTK_TYPE_BOX)

static void
s_update_sensitive (ReceptionLookupView *self)
{
    gboolean confirming = gtk_widget_get_visible (self->confirm_box);
    gtk_widget_set_sensitive (self->find_button, !self->busy);
    gtk_widget_set_sensitive (self->requeue_button, !self->busy && !confirming && self->can_requeue);
    gtk_widget_set_sensitive (self->reprint_button, !self->busy && !confirming && self->can_reprint);
    gtk_widget_set_sensitive (self->cancel_button, !self->busy && !confirming && self->can_cancel);
    gtk_widget_set_sensitive (self->confirm_yes, !self->busy);
}

static void
s_confirm_hide (ReceptionLookupView *self)
{
    gtk_widget_set_visible (self->confirm_box, FALSE);
    s_update_sensitive (self);
}

static void
s_find (ReceptionLookupView *self)
{
    s_confirm_hide (self);
    g_signal_emit (self, s_signals[SIGNAL_FIND], 0, gtk_editable_get_text (GTK_EDITABLE (self->number_entry)));
}

static void
s_on_requeue (ReceptionLookupView *self)
{
    g_signal_emit (self, s_signals[SIGNAL_REQUEUE], 0);
}

static void
s_on_reprint (ReceptionLookupView *self)
{
    g_signal_emit (self, s_signals[SIGNAL_REPRINT], 0);
}

//  取消 asks first: what will happen, said with the number.
static void
s_on_cancel (ReceptionLookupView *self)
{
    g_autofree char *text = g_strdup_printf (_("取消 %s 号？取消后此号作废，不能恢复。"),
                                             gtk_label_get_text (GTK_LABEL (self->number_label)));
    gtk_label_set_text (GTK_LABEL (self->confirm_label), text);
    gtk_widget_set_visible (self->confirm_box, TRUE);
    s_update_sensitive (self);
}

static void
s_on_confirm_yes (ReceptionLookupView *self)
{
    s_confirm_hide (self);
    g_signal_emit (self, s_signals[SIGNAL_CANCEL], 0);
}

static void
s_key_clicked (GtkButton *button, ReceptionLookupView *self)
{
    const char *key = g_object_get_data (G_OBJECT (button), "key");
    GtkEditable *entry = GTK_EDITABLE (self->number_entry);
    if (g_str_equal (key, "clear"))
        gtk_editable_set_text (entry, "");
    else if (g_str_equal (key, "back")) {
        int end = g_utf8_strlen (gtk_editable_get_text (entry), -1);
        if (end > 0)
            gtk_editable_delete_text (entry, end - 1, end);
    }
    else {
        //  A letter starts a new number: staff need not clear first.
        if (g_ascii_isalpha (key[0]))
            gtk_editable_set_text (entry, "");
        int position = g_utf8_strlen (gtk_editable_get_text (entry), -1);
        gtk_editable_insert_text (entry, key, -1, &position);
    }
}

//  A key typing KEY; a tap leaves the focus in the entry, so a scanner's
//  Enter afterwards looks the scanned number up.
static GtkWidget *
s_key_new (ReceptionLookupView *self, const char *key, const char *label)
{
    GtkWidget *button = gtk_button_new_with_label (label ? label : key);
    g_autofree char *name = g_strdup_printf ("key-%s", key);
    gtk_widget_set_name (button, name);
    gtk_widget_set_focus_on_click (button, FALSE);
    gtk_widget_add_css_class (button, "key");
    g_object_set_data_full (G_OBJECT (button), "key", g_strdup (key), g_free);
    g_signal_connect (button, "clicked", G_CALLBACK (s_key_clicked), self);
    /* "⌫" is a picture, not a name (issue 18). */
    if (g_str_equal (key, "back"))
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("退格"), -1);
    return button;
}

static void
reception_lookup_view_class_init (ReceptionLookupViewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    reception_ui_ensure_resources ();
    gtk_widget_class_set_template_from_resource (widget_class, RECEPTION_UI_PATH "reception-lookup-view.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, ReceptionLookupView, name)
    CHILD (number_entry); CHILD (find_button); CHILD (letters); CHILD (digits);
    CHILD (number_label); CHILD (state_label); CHILD (facts); CHILD (category_label);
    CHILD (window_label); CHILD (wait_label); CHILD (calls_label); CHILD (requeues_label);
    CHILD (green_label); CHILD (hint_label); CHILD (actions); CHILD (requeue_button);
    CHILD (reprint_button); CHILD (cancel_button); CHILD (confirm_box); CHILD (confirm_label);
    CHILD (confirm_yes); CHILD (confirm_no); CHILD (message_label);
#undef CHILD
    s_signals[SIGNAL_FIND] = g_signal_new ("find", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    s_signals[SIGNAL_REQUEUE] = g_signal_new ("requeue", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_REPRINT] = g_signal_new ("reprint", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
reception_lookup_view_init (ReceptionLookupView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    static const char *keys[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back" };
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
        const char *label = g_str_equal (keys[i], "clear") ? _("清除")
                          : g_str_equal (keys[i], "back") ? "⌫" : NULL;
        gtk_grid_attach (GTK_GRID (self->digits), s_key_new (self, keys[i], label),
                         (int) (i % 3), (int) (i / 3), 1, 1);
    }
    g_signal_connect_swapped (self->number_entry, "activate", G_CALLBACK (s_find), self);
    g_signal_connect_swapped (self->find_button, "clicked", G_CALLBACK (s_find), self);
    g_signal_connect_swapped (self->requeue_button, "clicked", G_CALLBACK (s_on_requeue), self);
    g_signal_connect_swapped (self->reprint_button, "clicked", G_CALLBACK (s_on_reprint), self);
    g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (s_on_cancel), self);
    g_signal_connect_swapped (self->confirm_yes, "clicked", G_CALLBACK (s_on_confirm_yes), self);
    g_signal_connect_swapped (self->confirm_no, "clicked", G_CALLBACK (s_confirm_hide), self);
}

GtkWidget *
reception_lookup_view_new (void)
{
    return g_object_new (RECEPTION_TYPE_LOOKUP_VIEW, NULL);
}

void
reception_lookup_view_set_prefixes (ReceptionLookupView *self, const char *const *prefixes)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (self->letters)))
        gtk_flow_box_remove (GTK_FLOW_BOX (self->letters), child);
    for (size_t i = 0; prefixes && prefixes[i]; i++)
        gtk_flow_box_append (GTK_FLOW_BOX (self->letters), s_key_new (self, prefixes[i], NULL));
}

void
reception_lookup_view_show_ticket (ReceptionLookupView *self, const reception_ticket_t *ticket)
{
    s_confirm_hide (self);
    gtk_widget_set_visible (self->facts, ticket != NULL);
    gtk_label_set_text (GTK_LABEL (self->number_label), ticket ? ticket->number : "—");
    gtk_label_set_text (GTK_LABEL (self->state_label), ticket ? ticket->state_text : _("请输入号码查询"));
    if (ticket) {
        gtk_label_set_text (GTK_LABEL (self->category_label), ticket->category_text);
        gtk_label_set_text (GTK_LABEL (self->window_label), ticket->window_text);
        gtk_label_set_text (GTK_LABEL (self->wait_label), ticket->wait_text);
        gtk_label_set_text (GTK_LABEL (self->calls_label), ticket->calls_text);
        gtk_label_set_text (GTK_LABEL (self->requeues_label), ticket->requeues_text);
    }
    gtk_widget_set_visible (self->green_label, ticket && ticket->green_text);
    gtk_label_set_text (GTK_LABEL (self->green_label), ticket && ticket->green_text ? ticket->green_text : "");
    gtk_label_set_text (GTK_LABEL (self->hint_label), ticket ? ticket->hint : "");
    self->can_requeue = ticket && ticket->can_requeue;
    self->can_reprint = ticket && ticket->can_reprint;
    self->can_cancel = ticket && ticket->can_cancel;
    //  Each state has its own colour on the card (reception.css).
    static const char *states[] = { "waiting", "called", "serving", "finished", "noshow", "cancelled", "expired" };
    for (size_t i = 0; i < G_N_ELEMENTS (states); i++)
        gtk_widget_remove_css_class (self->state_label, states[i]);
    if (ticket && ticket->state && *ticket->state)
        gtk_widget_add_css_class (self->state_label, ticket->state);
    s_update_sensitive (self);
}

void
reception_lookup_view_say (ReceptionLookupView *self, const char *text, gboolean error)
{
    reception_ui_say (self->message_label, text, error);
}

void
reception_lookup_view_set_busy (ReceptionLookupView *self, gboolean busy)
{
    self->busy = busy;
    s_update_sensitive (self);
}
