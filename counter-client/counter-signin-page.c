/*  counter-signin-page.c — see counter-signin-page.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-signin-page.h"
#include "counter-resources.h"
#include "i18n.h"

struct _CounterSigninPage {
    GtkBox     parent_instance;
    GtkLabel  *title_label;      /* "1号窗口" */
    GtkEntry  *staff_entry;
    GtkWidget *password_entry;   /* GtkPasswordEntry */
    GtkWidget *submit_button;
};

G_DEFINE_FINAL_TYPE (CounterSigninPage, counter_signin_page, GTK_TYPE_BOX)

enum { SIGNAL_SUBMIT, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static void
s_submit_clicked (CounterSigninPage *self)
{
    const char *staff = gtk_editable_get_text (GTK_EDITABLE (self->staff_entry));
    const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
    g_autofree char *id = g_strstrip (g_strdup (staff));
    if (!*id) {
        gtk_widget_grab_focus (GTK_WIDGET (self->staff_entry));
        return;
    }
    g_signal_emit (self, s_signals[SIGNAL_SUBMIT], 0, id, password);
}

static void
s_entry_activated (CounterSigninPage *self)
{
    s_submit_clicked (self);
}

static void
counter_signin_page_class_init (CounterSigninPageClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    counter_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, COUNTER_RESOURCE_PATH "/counter-signin-page.ui");
    gtk_widget_class_bind_template_child (widget_class, CounterSigninPage, title_label);
    gtk_widget_class_bind_template_child (widget_class, CounterSigninPage, staff_entry);
    gtk_widget_class_bind_template_child (widget_class, CounterSigninPage, password_entry);
    gtk_widget_class_bind_template_child (widget_class, CounterSigninPage, submit_button);
    gtk_widget_class_bind_template_callback (widget_class, s_submit_clicked);
    s_signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
counter_signin_page_init (CounterSigninPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    g_signal_connect_swapped (self->staff_entry, "activate", G_CALLBACK (s_entry_activated), self);
    g_signal_connect_swapped (self->password_entry, "activate", G_CALLBACK (s_entry_activated), self);
}

GtkWidget *
counter_signin_page_new (void)
{
    return g_object_new (COUNTER_TYPE_SIGNIN_PAGE, NULL);
}

void
counter_signin_page_set_window (CounterSigninPage *self, const char *window_name)
{
    gtk_label_set_text (self->title_label, window_name ? window_name : "");
}

void
counter_signin_page_reset (CounterSigninPage *self)
{
    gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
    gtk_widget_grab_focus (GTK_WIDGET (self->staff_entry));
}
