/*  kiosk-ticket-view.c — the ticket on screen (kiosk-ticket-view.h). */
#define G_LOG_DOMAIN "kiosk"
#include "kiosk-ticket-view.h"
#include "kiosk-text.h"
#include "kiosk-ui.h"

#include <qrencode.h>
#include <string.h>

struct _KioskTicketView {
    GtkBox               parent;
    GtkWidget           *title_label;
    GtkWidget           *category_label;
    GtkWidget           *number_label;
    GtkWidget           *green_label;
    GtkWidget           *appointment_label;
    GtkWidget           *journey_step_label;
    GtkWidget           *journey_route_label;
    GtkWidget           *ahead_label;
    GtkWidget           *wait_label;
    GtkWidget           *windows_label;
    GtkWidget           *print_label;
    GtkWidget           *qr_box;        //  the ticket's QR, shown when the paper failed
    GtkWidget           *qr_picture;
    GtkWidget           *qr_label;
    GtkWidget           *done_button;
    char                *number;        //  the ticket shown, or NULL
    char                *category_zh;
    char                *category_en;
    char                *green;         //  green-channel reason, or NULL
    char                *appointment_start;     //  预约: the slot, or NULL
    char                *appointment_end;
    int                  ahead;
    hall_estimate_t      wait;
    int                  windows [HALL_TICKET_WINDOWS_MAX];
    size_t               window_count;
    kiosk_print_state_t  print_state;
    gboolean             staff_told;    //  the server has the printer's trouble
    char                *status_url;    //  the ticket's page (its QR), or NULL
    hall_ticket_print_t *journey;       //  a journey ticket (一件事) shown, copied; or NULL
};

enum { SIGNAL_DONE, N_SIGNALS };
static guint s_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskTicketView, kiosk_ticket_view, GTK_TYPE_BOX)

static void
s_done_clicked (GtkButton *button, KioskTicketView *self)
{
    g_signal_emit (self, s_signals[SIGNAL_DONE], 0);
}

static void
kiosk_ticket_view_finalize (GObject *object)
{
    KioskTicketView *self = KIOSK_TICKET_VIEW (object);
    g_free (self->number);
    g_free (self->category_zh);
    g_free (self->category_en);
    g_free (self->green);
    g_free (self->appointment_start);
    g_free (self->appointment_end);
    g_free (self->status_url);
    hall_ticket_print_destroy (&self->journey);
    G_OBJECT_CLASS (kiosk_ticket_view_parent_class)->finalize (object);
}

static void
kiosk_ticket_view_dispose (GObject *object)
{
    gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_TICKET_VIEW);
    G_OBJECT_CLASS (kiosk_ticket_view_parent_class)->dispose (object);
}

static void
kiosk_ticket_view_class_init (KioskTicketViewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = kiosk_ticket_view_dispose;
    G_OBJECT_CLASS (klass)->finalize = kiosk_ticket_view_finalize;
    kiosk_ui_ensure_resources ();
    gtk_widget_class_set_template_from_resource (widget_class, KIOSK_UI_PATH "kiosk-ticket-view.ui");
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, title_label);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, category_label);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, number_label);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, green_label);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, appointment_label);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, journey_step_label);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, journey_route_label);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, ahead_label);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, wait_label);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, windows_label);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, print_label);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, qr_box);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, qr_picture);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, qr_label);
    gtk_widget_class_bind_template_child (widget_class, KioskTicketView, done_button);
    s_signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_ticket_view_init (KioskTicketView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    g_signal_connect (self->done_button, "clicked", G_CALLBACK (s_done_clicked), self);
}

//  URL as a QR code on screen: black modules on white, a 4-module quiet
//  zone, SCALE pixels a module.  NULL when it does not fit a QR code.
static GdkTexture *
s_qr_texture (const char *url, int scale)
{
    QRcode *code = QRcode_encodeString (url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return NULL;
    int modules = code->width + 8;
    int side = modules * scale;
    g_autofree guchar *pixels = g_malloc ((gsize) side * side * 3);
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) {
            int mx = x / scale - 4, my = y / scale - 4;
            gboolean dark = mx >= 0 && my >= 0 && mx < code->width && my < code->width
                            && (code->data [my * code->width + mx] & 1);
            memset (pixels + ((gsize) y * side + x) * 3, dark ? 0 : 255, 3);
        }
    QRcode_free (code);
    g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&pixels), (gsize) side * side * 3);
    return gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8, bytes, (gsize) side * 3);
}

GtkWidget *
kiosk_ticket_view_new (void)
{
    return g_object_new (KIOSK_TYPE_TICKET_VIEW, NULL);
}

void
kiosk_ticket_view_refresh (KioskTicketView *self)
{
    gboolean english = kiosk_text_language () == KIOSK_LANG_EN;
    gtk_label_set_text (GTK_LABEL (self->title_label), kiosk_tr (N_("您的号码")));
    gtk_button_set_label (GTK_BUTTON (self->done_button), kiosk_tr (N_("完成")));
    gtk_label_set_text (GTK_LABEL (self->number_label), self->number ? self->number : "");
    //  A journey's theme heads the ticket, as on the paper; the step line
    //  names the category.
    const char *title_zh = self->journey ? hall_ticket_print_title (self->journey, FALSE) : self->category_zh;
    const char *title_en = self->journey ? hall_ticket_print_title (self->journey, TRUE) : self->category_en;
    gtk_label_set_text (GTK_LABEL (self->category_label),
                        english && title_en ? title_en : title_zh ? title_zh : "");
    g_autofree char *step = self->journey ? hall_ticket_print_journey_step_text (self->journey, english) : NULL;
    gtk_label_set_text (GTK_LABEL (self->journey_step_label), step ? step : "");
    gtk_widget_set_visible (self->journey_step_label, step != NULL);
    g_autofree char *route = NULL;
    if (self->journey) {
        json_t *steps = json_object_get (self->journey->journey, "steps");
        g_autofree char *way = hall_ticket_print_route_text (steps, english ? self->journey->step_en
                                                                            : self->journey->step_zh,
                                                             FALSE, kiosk_tr);
        const char *note = hall_ticket_print_route_note (steps, kiosk_tr);
        //  One line (wrapped) on the screen: the card stays within it.
        route = way ? g_strdup_printf ("%s%s%s%s", kiosk_tr (N_("办理流程：")), way,
                                       note ? "\n" : "", note ? note : "")
                    : NULL;
    }
    gtk_label_set_text (GTK_LABEL (self->journey_route_label), route ? route : "");
    gtk_widget_set_visible (self->journey_route_label, route != NULL);
    g_autofree char *green = self->green
        ? g_strdup_printf (kiosk_tr (N_("绿色通道：%s")), self->green) : NULL;
    gtk_label_set_text (GTK_LABEL (self->green_label), green ? green : "");
    gtk_widget_set_visible (self->green_label, self->green != NULL);
    //  The paper's line, in the screen's language.
    g_autofree char *appointment = hall_ticket_print_appointment_text (self->appointment_start,
                                                                       self->appointment_end, kiosk_tr);
    gtk_label_set_text (GTK_LABEL (self->appointment_label), appointment ? appointment : "");
    gtk_widget_set_visible (self->appointment_label, appointment != NULL);
    g_autofree char *ahead = kiosk_text_ahead (self->ahead);
    g_autofree char *wait = kiosk_text_wait (self->wait);
    g_autofree char *windows = kiosk_text_windows (self->windows, self->window_count);
    gtk_label_set_text (GTK_LABEL (self->ahead_label), ahead);
    gtk_label_set_text (GTK_LABEL (self->wait_label), wait);
    gtk_label_set_text (GTK_LABEL (self->windows_label), windows);
    gtk_widget_set_visible (self->windows_label, self->window_count > 0);
    //  "Staff were told" only once the server took the report.
    const char *print = self->print_state == KIOSK_PRINT_DONE
        ? N_("请取走您的号票，留意叫号")
        : self->print_state == KIOSK_PRINT_FAILED && self->staff_told
        ? N_("号票未能打印，请记住您的号码；工作人员已收到提示")
        : self->print_state == KIOSK_PRINT_FAILED
        ? N_("号票未能打印，请记住您的号码。打印机暂时无法使用，请联系工作人员")
        : N_("正在打印号票……");
    //  Without paper the phone can follow the ticket: its QR on screen.
    gboolean qr = self->print_state == KIOSK_PRINT_FAILED && self->status_url;
    gtk_widget_set_visible (self->qr_box, qr);
    gtk_label_set_text (GTK_LABEL (self->qr_label), kiosk_tr (N_("用手机扫码，随时查看排队进度")));
    gtk_label_set_text (GTK_LABEL (self->print_label), kiosk_tr (print));
    if (self->print_state == KIOSK_PRINT_FAILED)
        gtk_widget_add_css_class (self->print_label, "error");
    else
        gtk_widget_remove_css_class (self->print_label, "error");
}

void
kiosk_ticket_view_show (KioskTicketView *self, const hall_ticket_print_t *ticket)
{
    g_free (self->number);
    g_free (self->category_zh);
    g_free (self->category_en);
    g_free (self->green);
    g_free (self->appointment_start);
    g_free (self->appointment_end);
    self->number = g_strdup (ticket->number);
    self->category_zh = g_strdup (ticket->category_zh);
    self->category_en = g_strdup (ticket->category_en);
    self->green = g_strdup (ticket->green_reason);
    self->appointment_start = g_strdup (ticket->appointment_start);
    self->appointment_end = g_strdup (ticket->appointment_end);
    g_free (self->status_url);
    self->status_url = ticket->status_url && *ticket->status_url ? g_strdup (ticket->status_url) : NULL;
    g_autoptr (GdkTexture) texture = self->status_url ? s_qr_texture (self->status_url, 5) : NULL;
    gtk_picture_set_paintable (GTK_PICTURE (self->qr_picture), GDK_PAINTABLE (texture));
    if (!texture)
        g_clear_pointer (&self->status_url, g_free);
    hall_ticket_print_destroy (&self->journey);
    self->journey = ticket->journey ? hall_ticket_print_copy (ticket) : NULL;
    self->ahead = ticket->people_ahead;
    self->wait = ticket->wait;
    self->window_count = MIN (ticket->window_count, (size_t) HALL_TICKET_WINDOWS_MAX);
    memcpy (self->windows, ticket->windows, self->window_count * sizeof (int));
    self->print_state = KIOSK_PRINT_PENDING;
    kiosk_ticket_view_refresh (self);
}

void
kiosk_ticket_view_set_print_state (KioskTicketView *self, kiosk_print_state_t state)
{
    self->print_state = state;
    kiosk_ticket_view_refresh (self);
}

void
kiosk_ticket_view_set_staff_told (KioskTicketView *self, gboolean told)
{
    if (self->staff_told != told) {
        self->staff_told = told;
        kiosk_ticket_view_refresh (self);
    }
}

const char *
kiosk_ticket_view_number (KioskTicketView *self)
{
    return self->number;
}
