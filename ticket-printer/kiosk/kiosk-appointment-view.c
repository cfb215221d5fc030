/*  kiosk-appointment-view.c — appointment check-in (kiosk-appointment-view.h). */
#define G_LOG_DOMAIN "kiosk"
#include "kiosk-appointment-view.h"
#include "kiosk-controller.h"
#include "kiosk-masked-buffer.h"
#include "kiosk-text.h"
#include "kiosk-ui.h"

struct _KioskAppointmentView {
    GtkBox      parent;
    GtkWidget  *title_label;
    GtkWidget  *hint_label;
    GtkWidget  *code_entry;
    GtkWidget  *error_label;
    GtkWidget  *keypad_box;
    GtkWidget  *back_button;
    GtkWidget  *checkin_button;
    const char *error;          //  msgid shown under the entry, static, or NULL
    gboolean    busy;           //  a check-in is pending
    guint       refocus_id;     //  the idle that gives the entry the focus again, or 0
};

enum { SIGNAL_CHECK_IN, SIGNAL_BACK, N_SIGNALS };
static guint s_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskAppointmentView, kiosk_appointment_view, GTK_TYPE_BOX)

static void
s_show_error (KioskAppointmentView *self, const char *error)
{
    self->error = error;
    gtk_label_set_text (GTK_LABEL (self->error_label), error ? kiosk_tr (error) : "");
    gtk_widget_set_visible (self->error_label, error != NULL);
}

static void
s_checkin_clicked (GtkWidget *widget, KioskAppointmentView *self)
{
    if (self->busy)
        return;
    KioskMaskedBuffer *buffer = KIOSK_MASKED_BUFFER (gtk_entry_get_buffer (GTK_ENTRY (self->code_entry)));
    g_autofree char *normal = NULL;
    const char *problem = NULL;
    if (kiosk_checkin_parse (kiosk_masked_buffer_get_typed (buffer), &normal, &problem) == KIOSK_CHECKIN_BAD) {
        s_show_error (self, problem);
        gtk_widget_grab_focus (self->code_entry);
        return;
    }
    s_show_error (self, NULL);
    g_signal_emit (self, s_signals[SIGNAL_CHECK_IN], 0, normal);
}

static void
s_changed (GtkEditable *editable, KioskAppointmentView *self)
{
    if (self->error)
        s_show_error (self, NULL);
}

static void
s_back_clicked (GtkButton *button, KioskAppointmentView *self)
{
    g_signal_emit (self, s_signals[SIGNAL_BACK], 0);
}

//  The entry takes the focus again once the screen change has settled:
//  the window moves the focus on from the start screen's button it hid
//  (to a button here) after the view was mapped.
static gboolean
s_refocus (gpointer data)
{
    KioskAppointmentView *self = data;
    self->refocus_id = 0;
    if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !gtk_widget_has_focus (self->code_entry)
        && !gtk_widget_is_focus (self->code_entry))
        gtk_widget_grab_focus (self->code_entry);
    return G_SOURCE_REMOVE;
}

//  Shown: the scanner's keystrokes go to the entry.
static void
s_mapped (GtkWidget *widget, KioskAppointmentView *self)
{
    gtk_widget_grab_focus (self->code_entry);
    if (!self->refocus_id)
        self->refocus_id = g_idle_add (s_refocus, self);
}

static void
kiosk_appointment_view_dispose (GObject *object)
{
    g_clear_handle_id (&KIOSK_APPOINTMENT_VIEW (object)->refocus_id, g_source_remove);
    gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_APPOINTMENT_VIEW);
    G_OBJECT_CLASS (kiosk_appointment_view_parent_class)->dispose (object);
}

static void
kiosk_appointment_view_class_init (KioskAppointmentViewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = kiosk_appointment_view_dispose;
    kiosk_ui_ensure_resources ();
    gtk_widget_class_set_template_from_resource (widget_class, KIOSK_UI_PATH "kiosk-appointment-view.ui");
    gtk_widget_class_bind_template_child (widget_class, KioskAppointmentView, title_label);
    gtk_widget_class_bind_template_child (widget_class, KioskAppointmentView, hint_label);
    gtk_widget_class_bind_template_child (widget_class, KioskAppointmentView, code_entry);
    gtk_widget_class_bind_template_child (widget_class, KioskAppointmentView, error_label);
    gtk_widget_class_bind_template_child (widget_class, KioskAppointmentView, keypad_box);
    gtk_widget_class_bind_template_child (widget_class, KioskAppointmentView, back_button);
    gtk_widget_class_bind_template_child (widget_class, KioskAppointmentView, checkin_button);
    s_signals[SIGNAL_CHECK_IN] = g_signal_new ("check-in", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    s_signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_appointment_view_init (KioskAppointmentView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    g_autoptr (GtkEntryBuffer) buffer = kiosk_masked_buffer_new ();
    gtk_entry_buffer_set_max_length (buffer, 32);
    gtk_entry_set_buffer (GTK_ENTRY (self->code_entry), buffer);
    gtk_box_append (GTK_BOX (self->keypad_box), kiosk_keypad_new_id (self->code_entry, "appointment"));
    gtk_widget_set_focus_on_click (self->checkin_button, FALSE);
    gtk_widget_set_focus_on_click (self->back_button, FALSE);
    g_signal_connect (self->checkin_button, "clicked", G_CALLBACK (s_checkin_clicked), self);
    g_signal_connect (self->code_entry, "activate", G_CALLBACK (s_checkin_clicked), self);
    g_signal_connect (self->code_entry, "changed", G_CALLBACK (s_changed), self);
    g_signal_connect (self->back_button, "clicked", G_CALLBACK (s_back_clicked), self);
    g_signal_connect (self, "map", G_CALLBACK (s_mapped), self);
}

GtkWidget *
kiosk_appointment_view_new (void)
{
    return g_object_new (KIOSK_TYPE_APPOINTMENT_VIEW, NULL);
}

void
kiosk_appointment_view_reset (KioskAppointmentView *self)
{
    gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
    s_show_error (self, NULL);
}

void
kiosk_appointment_view_set_busy (KioskAppointmentView *self, gboolean busy)
{
    self->busy = busy;
    kiosk_appointment_view_refresh (self);
}

void
kiosk_appointment_view_refresh (KioskAppointmentView *self)
{
    gtk_label_set_text (GTK_LABEL (self->title_label), kiosk_tr (N_("预约签到")));
    gtk_label_set_text (GTK_LABEL (self->hint_label),
                        kiosk_tr (N_("请输入预约短信中的 8 位预约码或预约人的身份证号码，或在扫码口扫描预约二维码")));
    gtk_entry_set_placeholder_text (GTK_ENTRY (self->code_entry), kiosk_tr (N_("预约码或身份证号码")));
    gtk_button_set_label (GTK_BUTTON (self->back_button), kiosk_tr (N_("返回")));
    gtk_button_set_label (GTK_BUTTON (self->checkin_button),
                          self->busy ? kiosk_tr (N_("正在签到……")) : kiosk_tr (N_("签到")));
    gtk_widget_set_sensitive (self->checkin_button, !self->busy);
    s_show_error (self, self->error);
}
