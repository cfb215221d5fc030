/*  kiosk-message-view.c — a message for the visitor (kiosk-message-view.h). */
#define G_LOG_DOMAIN "kiosk"
#include "kiosk-message-view.h"
#include "kiosk-text.h"
#include "kiosk-ui.h"

struct _KioskMessageView {
    GtkBox      parent;
    GtkWidget  *title_label;
    GtkWidget  *detail_label;
    GtkWidget  *back_button;
    GtkWidget  *confirm_button;
    const char *title;          //  msgid shown, static
    const char *detail;         //  msgid shown, static, or NULL
    const char *confirm;        //  msgid of the second button, or NULL
    char       *args [KIOSK_MESSAGE_ARGS];  //  the detail's %s, in order ("" when unused)
};

enum { SIGNAL_BACK, SIGNAL_CONFIRM, N_SIGNALS };
static guint s_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskMessageView, kiosk_message_view, GTK_TYPE_BOX)

static void
s_back_clicked (GtkButton *button, KioskMessageView *self)
{
    g_signal_emit (self, s_signals[SIGNAL_BACK], 0);
}

static void
s_confirm_clicked (GtkButton *button, KioskMessageView *self)
{
    g_signal_emit (self, s_signals[SIGNAL_CONFIRM], 0);
}

static void
s_clear_args (KioskMessageView *self)
{
    for (int i = 0; i < KIOSK_MESSAGE_ARGS; i++)
        g_clear_pointer (&self->args [i], g_free);
}

static void
kiosk_message_view_finalize (GObject *object)
{
    s_clear_args (KIOSK_MESSAGE_VIEW (object));
    G_OBJECT_CLASS (kiosk_message_view_parent_class)->finalize (object);
}

static void
kiosk_message_view_dispose (GObject *object)
{
    gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_MESSAGE_VIEW);
    G_OBJECT_CLASS (kiosk_message_view_parent_class)->dispose (object);
}

static void
kiosk_message_view_class_init (KioskMessageViewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = kiosk_message_view_dispose;
    G_OBJECT_CLASS (klass)->finalize = kiosk_message_view_finalize;
    kiosk_ui_ensure_resources ();
    gtk_widget_class_set_template_from_resource (widget_class, KIOSK_UI_PATH "kiosk-message-view.ui");
    gtk_widget_class_bind_template_child (widget_class, KioskMessageView, title_label);
    gtk_widget_class_bind_template_child (widget_class, KioskMessageView, detail_label);
    gtk_widget_class_bind_template_child (widget_class, KioskMessageView, back_button);
    gtk_widget_class_bind_template_child (widget_class, KioskMessageView, confirm_button);
    s_signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_CONFIRM] = g_signal_new ("confirm", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_message_view_init (KioskMessageView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    g_signal_connect (self->back_button, "clicked", G_CALLBACK (s_back_clicked), self);
    g_signal_connect (self->confirm_button, "clicked", G_CALLBACK (s_confirm_clicked), self);
}

GtkWidget *
kiosk_message_view_new (void)
{
    return g_object_new (KIOSK_TYPE_MESSAGE_VIEW, NULL);
}

void
kiosk_message_view_refresh (KioskMessageView *self)
{
    gtk_label_set_text (GTK_LABEL (self->title_label), kiosk_tr (self->title));
    //  The detail's format is the translation's, so a language may put
    //  the arguments in its own order (%1$s).
    const char *a [KIOSK_MESSAGE_ARGS];
    for (int i = 0; i < KIOSK_MESSAGE_ARGS; i++)
        a [i] = self->args [i] ? self->args [i] : "";
    G_STATIC_ASSERT (KIOSK_MESSAGE_ARGS == 6);
    g_autofree char *detail = !self->detail ? NULL
        : !self->args [0] ? g_strdup (kiosk_tr (self->detail))
        : g_strdup_printf (kiosk_tr (self->detail), a [0], a [1], a [2], a [3], a [4], a [5]);
    gtk_label_set_text (GTK_LABEL (self->detail_label), detail ? detail : "");
    gtk_widget_set_visible (self->detail_label, self->detail != NULL);
    gtk_button_set_label (GTK_BUTTON (self->back_button), kiosk_tr (N_("返回首页")));
    gtk_widget_set_visible (self->confirm_button, self->confirm != NULL);
    if (self->confirm)
        gtk_button_set_label (GTK_BUTTON (self->confirm_button), kiosk_tr (self->confirm));
}

void
kiosk_message_view_show (KioskMessageView *self, const char *title, const char *detail)
{
    kiosk_message_view_ask (self, title, detail, NULL);
}

void
kiosk_message_view_ask (KioskMessageView *self, const char *title, const char *detail,
                        const char *confirm)
{
    self->title = title;
    self->detail = detail;
    self->confirm = confirm;
    s_clear_args (self);
    kiosk_message_view_refresh (self);
}

void
kiosk_message_view_tell (KioskMessageView *self, const char *title, const char *confirm,
                         const char *detail, ...)
{
    self->title = title;
    self->detail = detail;
    self->confirm = confirm;
    s_clear_args (self);
    va_list args;
    va_start (args, detail);
    const char *arg;
    for (int i = 0; (arg = va_arg (args, const char *)); i++) {
        g_assert (i < KIOSK_MESSAGE_ARGS);
        self->args [i] = g_strdup (arg);
    }
    va_end (args);
    kiosk_message_view_refresh (self);
}
