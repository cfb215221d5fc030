/*  counter-signin-page.c — see counter-signin-page.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-signin-page.h"
#include "counter-resources.h"
#include "i18n.h"

struct _CounterSigninPage {
    GtkBox     parent_instance;
    GtkLabel  *title_label;      /* "1号窗口" */
    GtkLabel  *hint_label;       /* what to do: sign in, or confirm who is here */
    GtkWidget *signout_button;   /* confirming: not me, sign out */
    GtkEntry  *staff_entry;
    GtkWidget *password_entry;   /* GtkPasswordEntry */
    GtkWidget *submit_button;
};

G_DEFINE_FINAL_TYPE (CounterSigninPage, counter_signin_page, GTK_TYPE_BOX)

enum { SIGNAL_SUBMIT, SIGNAL_SIGNOUT, N_SIGNALS };
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
s_signout_clicked (CounterSigninPage *self)
{
    g_signal_emit (self, s_signals[SIGNAL_SIGNOUT], 0);
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
    gtk_widget_class_bind_template_child (widget_class, CounterSigninPage, hint_label);
    gtk_widget_class_bind_template_child (widget_class, CounterSigninPage, signout_button);
    gtk_widget_class_bind_template_child (widget_class, CounterSigninPage, staff_entry);
    gtk_widget_class_bind_template_child (widget_class, CounterSigninPage, password_entry);
    gtk_widget_class_bind_template_child (widget_class, CounterSigninPage, submit_button);
    gtk_widget_class_bind_template_callback (widget_class, s_submit_clicked);
    gtk_widget_class_bind_template_callback (widget_class, s_signout_clicked);
    s_signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
    s_signals[SIGNAL_SIGNOUT] = g_signal_new ("signout", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
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

void
counter_signin_page_confirm (CounterSigninPage *self, const char *staff, const char *name)
{
    if (!staff) {
        gtk_label_set_text (self->hint_label, _("请输入工号登录本窗口"));
        gtk_editable_set_editable (GTK_EDITABLE (self->staff_entry), TRUE);
        gtk_widget_set_visible (self->signout_button, FALSE);
        return;
    }
    g_autofree char *hint = g_strdup_printf (_("本窗口仍由 %s（%s）登录。请输入密码确认是您本人，或签退"),
                                             name && *name ? name : staff, staff);
    gtk_label_set_text (self->hint_label, hint);
    gtk_editable_set_text (GTK_EDITABLE (self->staff_entry), staff);
    gtk_editable_set_editable (GTK_EDITABLE (self->staff_entry), FALSE);
    gtk_widget_set_visible (self->signout_button, TRUE);
    gtk_widget_grab_focus (self->password_entry);
}
