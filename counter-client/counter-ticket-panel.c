/*  counter-ticket-panel.c — see counter-ticket-panel.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-ticket-panel.h"
#include "counter-format.h"
#include "counter-resources.h"
#include "i18n.h"

struct _CounterTicketPanel {
    GtkBox     parent_instance;
    GtkLabel  *state_label;      /* 正在呼叫 / 办理中 / 空闲 / 暂停服务 */
    GtkLabel  *number_label;     /* A001, large */
    GtkLabel  *category_label;
    GtkWidget *green_box;        /* shown for green-channel tickets */
    GtkLabel  *green_reason;
    GtkLabel  *appointment_label;   /* shown for appointment tickets: 预约 09:30–10:00 */
    GtkWidget *journey_box;      /* shown for journey tickets (一件事) */
    GtkLabel  *journey_name;     /* 企业开办一件事 */
    GtkLabel  *journey_label;    /* 第 2 步 / 共 4 步：印章刻制 */
    GtkLabel  *steps_label;      /* every step with its state (markup) */
    GtkLabel  *helper_label;     /* 帮办：赵敏（1009） */
    GtkLabel  *waited_label;     /* called_at - issued_at */
    GtkLabel  *service_label;    /* now - started_at while serving */
};

G_DEFINE_FINAL_TYPE (CounterTicketPanel, counter_ticket_panel, GTK_TYPE_BOX)

static void
counter_ticket_panel_class_init (CounterTicketPanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    counter_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, COUNTER_RESOURCE_PATH "/counter-ticket-panel.ui");
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, state_label);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, number_label);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, category_label);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, green_box);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, green_reason);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, appointment_label);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, journey_box);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, journey_name);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, journey_label);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, steps_label);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, helper_label);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, waited_label);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, service_label);
}

static void
counter_ticket_panel_init (CounterTicketPanel *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
counter_ticket_panel_new (void)
{
    return g_object_new (COUNTER_TYPE_TICKET_PANEL, NULL);
}

static void
s_set_duration (GtkLabel *label, json_t *from, gint64 to)
{
    if (!json_is_integer (from)) {
        gtk_label_set_text (label, "—");
        return;
    }
    g_autofree char *text = counter_format_duration (MAX (0, to - json_integer_value (from)));
    gtk_label_set_text (label, text);
}

/* The journey a ticket walks (一件事): where it stands, its steps, its
 * 帮办 clerk; hidden for other tickets (TICKET NULL included). */
static void
s_render_journey (CounterTicketPanel *self, hall_mirror_t *mirror, json_t *ticket)
{
    json_t *categories = hall_mirror_categories (mirror);
    g_autofree char *text = counter_journey_text (ticket, categories);
    gtk_widget_set_visible (self->journey_box, text != NULL);
    if (!text)
        return;
    json_t *journey = json_object_get (ticket, "journey");
    gtk_label_set_text (self->journey_name, counter_category_name (journey, NULL));
    gtk_label_set_text (self->journey_label, text);
    g_autofree char *steps = counter_journey_steps_markup (journey, categories);
    gtk_label_set_markup (self->steps_label, steps);
    g_autofree char *helper = counter_journey_helper (ticket);
    gtk_widget_set_visible (GTK_WIDGET (self->helper_label), helper != NULL);
    if (helper) {
        g_autofree char *line = g_strdup_printf (_("帮办：%s"), helper);
        gtk_label_set_text (self->helper_label, line);
    }
}

void
counter_ticket_panel_update (CounterTicketPanel *self, hall_mirror_t *mirror, int number, gint64 now)
{
    json_t *window = hall_mirror_window (mirror, number);
    const char *state = json_string_value (json_object_get (window, "state"));
    json_t *jid = json_object_get (window, "ticket");
    json_t *ticket = json_is_integer (jid) ? hall_mirror_ticket (mirror, json_integer_value (jid)) : NULL;

    if (!ticket) {
        const char *text;
        if (!window)
            text = _("未连接");
        else if (g_strcmp0 (state, "paused") == 0) {
            const char *reason = json_string_value (json_object_get (window, "pause_reason"));
            g_autofree char *paused = reason ? g_strdup_printf (_("暂停服务：%s"), reason)
                                             : g_strdup (_("暂停服务"));
            gtk_label_set_text (self->state_label, paused);
            text = NULL;
        }
        else if (g_strcmp0 (state, "closed") == 0)
            text = _("未登录");
        else
            text = _("空闲 — 按 F1 叫下一位");
        if (text)
            gtk_label_set_text (self->state_label, text);
        gtk_label_set_text (self->number_label, "—");
        gtk_label_set_text (self->category_label, "");
        gtk_widget_set_visible (self->green_box, FALSE);
        gtk_widget_set_visible (GTK_WIDGET (self->appointment_label), FALSE);
        s_render_journey (self, mirror, NULL);
        gtk_label_set_text (self->waited_label, "—");
        gtk_label_set_text (self->service_label, "—");
        return;
    }
    const char *ticket_state = json_string_value (json_object_get (ticket, "state"));
    gboolean serving = g_strcmp0 (ticket_state, HALL_TICKET_SERVING) == 0;
    int calls = (int) json_integer_value (json_object_get (ticket, "calls"));
    g_autofree char *state_text = serving ? g_strdup (_("办理中"))
        : calls > 1 ? g_strdup_printf (_("正在呼叫（第 %d 次）"), calls)
        : g_strdup (_("正在呼叫"));
    gtk_label_set_text (self->state_label, state_text);
    gtk_label_set_text (self->number_label, json_string_value (json_object_get (ticket, "number")));
    const char *code = json_string_value (json_object_get (ticket, "category"));
    gtk_label_set_text (self->category_label,
                        counter_category_name (hall_mirror_category (mirror, code), code));
    const char *green = json_string_value (json_object_get (ticket, "green"));
    gtk_widget_set_visible (self->green_box, green != NULL);
    if (green) {
        const char *granted = json_string_value (json_object_get (ticket, "granted_by"));
        g_autofree char *reason = granted ? g_strdup_printf (_("%s（%s 核准）"), green, granted)
                                          : g_strdup (green);
        gtk_label_set_text (self->green_reason, reason);
    }
    json_t *appointment = json_object_get (ticket, "appointment");
    const char *start = json_string_value (json_object_get (appointment, "start"));
    const char *end = json_string_value (json_object_get (appointment, "end"));
    gtk_widget_set_visible (GTK_WIDGET (self->appointment_label), start && end);
    if (start && end) {
        g_autofree char *text = g_strdup_printf (_("预约 %s–%s"), start, end);
        gtk_label_set_text (self->appointment_label, text);
    }
    s_render_journey (self, mirror, ticket);
    json_t *called = json_object_get (ticket, "called_at");
    json_t *issued = json_object_get (ticket, "issued_at");
    s_set_duration (self->waited_label, issued,
                    json_is_integer (called) ? json_integer_value (called) : now);
    s_set_duration (self->service_label, serving ? json_object_get (ticket, "started_at") : NULL, now);
}
