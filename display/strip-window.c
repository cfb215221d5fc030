/*  strip-window.c — see strip-window.h. */
#define G_LOG_DOMAIN "hall-display"
#include "strip-window.h"
#include "board-view.h"
#include "display-style.h"
#include "i18n.h"
#include "protocol.h"

#include <string.h>

struct _HallStripWindow {
    GtkWindow  parent_instance;
    int        number;          /* the hall window shown */
    GtkWidget *offline_banner;
    GtkLabel  *window;          /* "3号窗口" */
    GtkLabel  *window_en;       /* "Window 3" */
    GtkLabel  *ticket;          /* "A001" or "—" */
    GtkLabel  *state;           /* "请 A001 号办理" / "暂停服务" / ... */
};

G_DEFINE_FINAL_TYPE (HallStripWindow, hall_strip_window, GTK_TYPE_WINDOW)

static void
hall_strip_window_class_init (HallStripWindowClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    gtk_widget_class_set_template_from_resource (widget_class, "/org/hall/display/strip-window.ui");
    gtk_widget_class_bind_template_child (widget_class, HallStripWindow, offline_banner);
    gtk_widget_class_bind_template_child (widget_class, HallStripWindow, window);
    gtk_widget_class_bind_template_child (widget_class, HallStripWindow, window_en);
    gtk_widget_class_bind_template_child (widget_class, HallStripWindow, ticket);
    gtk_widget_class_bind_template_child (widget_class, HallStripWindow, state);
}

static void
hall_strip_window_init (HallStripWindow *self)
{
    hall_display_style_init ();
    gtk_widget_init_template (GTK_WIDGET (self));
    gtk_label_set_text (GTK_LABEL (self->offline_banner), _("与服务器的连接已中断，正在重新连接…"));
}

HallStripWindow *
hall_strip_window_new (int number)
{
    HallStripWindow *self = g_object_new (HALL_TYPE_STRIP_WINDOW, NULL);
    self->number = number;
    g_autofree char *label = hall_view_window_label (number);
    g_autofree char *label_en = hall_view_window_label_en (number);
    gtk_label_set_text (self->window, label);
    gtk_label_set_text (self->window_en, label_en);
    gtk_widget_set_visible (GTK_WIDGET (self->window_en), hall_view_bilingual ());
    gtk_window_set_title (GTK_WINDOW (self), label);
    return self;
}

static void
s_state (HallStripWindow *self, const char *state_class, const char *text)
{
    static const char *classes[] = { "idle", "called", "serving", "paused", NULL };
    for (int i = 0; classes[i]; i++)
        gtk_widget_remove_css_class (GTK_WIDGET (self), classes[i]);
    gtk_widget_add_css_class (GTK_WIDGET (self), state_class);
    gtk_label_set_text (self->state, text);
}

void
hall_strip_window_render (HallStripWindow *self, hall_mirror_t *mirror)
{
    json_t *window = hall_mirror_loaded (mirror) ? hall_mirror_window (mirror, self->number) : NULL;
    json_t *ticket = hall_view_window_ticket (mirror, self->number);
    const char *number = json_string_value (json_object_get (ticket, "number"));
    const char *state = json_string_value (json_object_get (ticket, "state"));
    if (json_is_true (json_object_get (window, "paused"))) {
        gtk_label_set_text (self->ticket, "—");
        s_state (self, "paused", _("暂停服务"));
    } else if (number && g_strcmp0 (state, HALL_TICKET_CALLED) == 0) {
        gtk_label_set_text (self->ticket, number);
        s_state (self, "called", _("请到本窗口办理"));
    } else if (number) {
        gtk_label_set_text (self->ticket, number);
        s_state (self, "serving", _("正在办理"));
    } else {
        gtk_label_set_text (self->ticket, "—");
        s_state (self, "idle", window ? _("等候叫号") : "");
    }
}

void
hall_strip_window_set_online (HallStripWindow *self, gboolean online)
{
    gtk_widget_set_visible (self->offline_banner, !online);
}

void
hall_strip_window_set_key_refused (HallStripWindow *self, gboolean refused)
{
    gtk_label_set_text (GTK_LABEL (self->offline_banner),
                        refused ? _("服务器拒绝了本设备的密钥（未登记或已吊销），请联系管理员")
                                : _("与服务器的连接已中断，正在重新连接…"));
}
