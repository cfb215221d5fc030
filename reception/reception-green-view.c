/*  reception-green-view.c — 绿色通道取号 (reception-green-view.h). */
#define G_LOG_DOMAIN "hall-reception"
#include "reception-green-view.h"
#include "reception-ui.h"

#include <glib/gi18n.h>
#include <string.h>

//  The usual reasons, as the hall records them (Chinese, whatever the
//  screen's language), and 其他 with the words typed.
static const struct { const char *id; const char *reason; } s_reasons[] = {
    { "elderly", N_("老年人") }, { "disabled", N_("残疾人") }, { "military", N_("军人") },
    { "pregnant", N_("孕妇") },  { "other", N_("其他") },
};
#define S_OTHER (G_N_ELEMENTS (s_reasons) - 1)

struct _ReceptionGreenView {
    GtkBox      parent;
    GtkWidget  *category_dropdown, *reasons, *other_entry, *granter_entry, *password_entry;
    GtkWidget  *message_label, *issue_button;
    GtkWidget  *reason_buttons[G_N_ELEMENTS (s_reasons)];
    GStrv       codes;          //  the dropdown's category codes, in order
    gboolean    busy;
};

enum { SIGNAL_ISSUE, N_SIGNALS };
static guint s_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ReceptionGreenView, reception_green_view, GTK_TYPE_BOX)

static int
s_reason_index (ReceptionGreenView *self)
{
    for (guint i = 0; i < G_N_ELEMENTS (s_reasons); i++)
        if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->reason_buttons[i])))
            return (int) i;
    return -1;
}

static void
s_on_reason (ReceptionGreenView *self)
{
    gtk_widget_set_sensitive (self->other_entry, s_reason_index (self) == (int) S_OTHER);
}

static void
s_on_issue (ReceptionGreenView *self)
{
    guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->category_dropdown));
    const char *category = self->codes && selected < g_strv_length (self->codes) ? self->codes[selected] : NULL;
    int reason = s_reason_index (self);
    g_autofree char *words = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->other_entry))));
    g_autofree char *text = reason < 0 ? NULL
                          : reason == (int) S_OTHER ? (*words ? g_strdup_printf ("其他：%s", words) : NULL)
                          : g_strdup (s_reasons[reason].reason);
    g_autofree char *granter = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->granter_entry))));
    g_autofree char *password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_entry)));
    //  Cleared at once: a password left in the form is anyone's grant.
    gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
    g_signal_emit (self, s_signals[SIGNAL_ISSUE], 0, category, text, granter, password);
    if (password)
        memset (password, 0, strlen (password));
}

static void
reception_green_view_dispose (GObject *object)
{
    ReceptionGreenView *self = RECEPTION_GREEN_VIEW (object);
    g_clear_pointer (&self->codes, g_strfreev);
    G_OBJECT_CLASS (reception_green_view_parent_class)->dispose (object);
}

static void
reception_green_view_class_init (ReceptionGreenViewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = reception_green_view_dispose;
    reception_ui_ensure_resources ();
    gtk_widget_class_set_template_from_resource (widget_class, RECEPTION_UI_PATH "reception-green-view.ui");
    gtk_widget_class_bind_template_child (widget_class, ReceptionGreenView, category_dropdown);
    gtk_widget_class_bind_template_child (widget_class, ReceptionGreenView, reasons);
    gtk_widget_class_bind_template_child (widget_class, ReceptionGreenView, other_entry);
    gtk_widget_class_bind_template_child (widget_class, ReceptionGreenView, granter_entry);
    gtk_widget_class_bind_template_child (widget_class, ReceptionGreenView, password_entry);
    gtk_widget_class_bind_template_child (widget_class, ReceptionGreenView, message_label);
    gtk_widget_class_bind_template_child (widget_class, ReceptionGreenView, issue_button);
    s_signals[SIGNAL_ISSUE] = g_signal_new ("issue", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
        0, NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
reception_green_view_init (ReceptionGreenView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    for (guint i = 0; i < G_N_ELEMENTS (s_reasons); i++) {
        GtkWidget *button = gtk_toggle_button_new_with_label (_(s_reasons[i].reason));
        g_autofree char *name = g_strdup_printf ("reason-%s", s_reasons[i].id);
        gtk_widget_set_name (button, name);
        gtk_widget_add_css_class (button, "reason");
        if (i > 0)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (self->reason_buttons[0]));
        g_signal_connect_swapped (button, "toggled", G_CALLBACK (s_on_reason), self);
        gtk_box_append (GTK_BOX (self->reasons), button);
        self->reason_buttons[i] = button;
    }
    g_signal_connect_swapped (self->issue_button, "clicked", G_CALLBACK (s_on_issue), self);
    g_signal_connect_swapped (self->password_entry, "activate", G_CALLBACK (s_on_issue), self);
}

GtkWidget *
reception_green_view_new (void)
{
    return g_object_new (RECEPTION_TYPE_GREEN_VIEW, NULL);
}

void
reception_green_view_set_categories (ReceptionGreenView *self, const char *const *codes,
                                     const char *const *names)
{
    if (self->codes && codes && g_strv_equal ((const char *const *) self->codes, codes))
        return;
    guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->category_dropdown));
    const char *was = self->codes && selected < g_strv_length (self->codes) ? self->codes[selected] : NULL;
    guint keep = 0;
    for (guint i = 0; codes && codes[i]; i++)
        if (g_strcmp0 (codes[i], was) == 0)
            keep = i;
    GtkStringList *list = gtk_string_list_new (names);
    gtk_drop_down_set_model (GTK_DROP_DOWN (self->category_dropdown), G_LIST_MODEL (list));
    g_object_unref (list);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->category_dropdown), keep);
    g_strfreev (self->codes);
    self->codes = g_strdupv ((char **) codes);
}

void
reception_green_view_say (ReceptionGreenView *self, const char *text, gboolean error)
{
    reception_ui_say (self->message_label, text, error);
}

void
reception_green_view_set_busy (ReceptionGreenView *self, gboolean busy)
{
    self->busy = busy;
    gtk_widget_set_sensitive (self->issue_button, !busy);
}

void
reception_green_view_reset (ReceptionGreenView *self)
{
    for (guint i = 0; i < G_N_ELEMENTS (s_reasons); i++)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->reason_buttons[i]), FALSE);
    gtk_editable_set_text (GTK_EDITABLE (self->other_entry), "");
    gtk_editable_set_text (GTK_EDITABLE (self->granter_entry), "");
    gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
}
