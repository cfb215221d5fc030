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
    GtkWidget *matter_box;       /* shown while serving: the 办件编号 field … */
    GtkEditable *matter_entry;
    GtkLabel  *matters_label;    /* under the field: 办件：BJ2026-0001、BJ2026-0002, or none yet */
    GtkWidget *matter_hint;      /* in its stead: 本业务须录入办件编号后办结 (none yet, one needed) */
    GtkLabel  *matter_error;     /* beside it: the server's refusal, until the text changes */
    GtkMenuButton *matter_remove;/* 删除…: a menu of the visit's numbers */
    gboolean   matter_missing;   /* the category needs a number and the visit has none */
    char      *visit;            /* "ticket/step" of the visit served, or NULL */
    char      *matters_shown;    /* the numbers the label and menu show, joined */
};

G_DEFINE_FINAL_TYPE (CounterTicketPanel, counter_ticket_panel, GTK_TYPE_BOX)

enum { SIGNAL_MATTER_ADD, SIGNAL_MATTER_REMOVE, N_SIGNALS };
static guint s_signals[N_SIGNALS];

/* ---- the 办件编号 field ---------------------------------------------------- */

static void
s_matter_activate (CounterTicketPanel *self)
{
    g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (self->matter_entry)));
    if (*number)
        g_signal_emit (self, s_signals[SIGNAL_MATTER_ADD], 0, number);
}

/* The line under the field, always one line so that nothing below it
 * moves while the clerk scans: the numbers (or none yet) or why 办结
 * waits, then the last refusal. */
static void
s_matter_line (CounterTicketPanel *self)
{
    gboolean refused = gtk_widget_get_visible (GTK_WIDGET (self->matter_error));
    gtk_widget_set_visible (GTK_WIDGET (self->matters_label), !self->matter_missing);
    gtk_widget_set_visible (self->matter_hint, self->matter_missing && !refused);
}

static void
s_matter_error (CounterTicketPanel *self, const char *message)
{
    if (message)
        gtk_label_set_text (self->matter_error, message);
    gtk_widget_set_visible (GTK_WIDGET (self->matter_error), message != NULL);
    s_matter_line (self);
}

/* The clerk types again: the last refusal no longer applies. */
static void
s_matter_changed (CounterTicketPanel *self)
{
    s_matter_error (self, NULL);
}

static void
s_act_matter_add (GtkWidget *widget, const char *name, GVariant *parameter)
{
    CounterTicketPanel *self = COUNTER_TICKET_PANEL (widget);
    s_matter_activate (self);
    gtk_widget_grab_focus (GTK_WIDGET (self->matter_entry));
}

static void
s_act_matter_remove (GtkWidget *widget, const char *name, GVariant *parameter)
{
    g_signal_emit (widget, s_signals[SIGNAL_MATTER_REMOVE], 0, g_variant_get_string (parameter, NULL));
}

void
counter_ticket_panel_set_matter_enabled (CounterTicketPanel *self, gboolean enabled)
{
    gtk_widget_set_sensitive (GTK_WIDGET (self->matter_entry), enabled);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "matter.add", enabled);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "matter.remove", enabled);
}

void
counter_ticket_panel_matter_added (CounterTicketPanel *self, const char *number)
{
    g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (self->matter_entry)));
    if (g_strcmp0 (text, number) == 0)
        gtk_editable_set_text (self->matter_entry, "");
    s_matter_error (self, NULL);
}

void
counter_ticket_panel_matter_refused (CounterTicketPanel *self, const char *message)
{
    s_matter_error (self, message);
    if (gtk_widget_get_visible (self->matter_box)) {
        gtk_widget_grab_focus (GTK_WIDGET (self->matter_entry));
        gtk_editable_select_region (self->matter_entry, 0, -1);
    }
}

/* The 办件编号 of the visit TICKET (NULL: none served), what the category
 * CATEGORY needs, and a fresh field for a new visit. */
static void
s_render_matters (CounterTicketPanel *self, json_t *ticket, json_t *category)
{
    g_autofree char *visit = NULL;
    if (ticket) {
        json_t *current = json_object_get (json_object_get (ticket, "journey"), "current");
        visit = g_strdup_printf ("%" JSON_INTEGER_FORMAT "/%" JSON_INTEGER_FORMAT,
                                 json_integer_value (json_object_get (ticket, "id")),
                                 json_is_integer (current) ? json_integer_value (current) : -1);
    }
    gtk_widget_set_visible (self->matter_box, ticket != NULL);
    if (g_strcmp0 (visit, self->visit) != 0) {
        g_free (self->visit);
        self->visit = g_steal_pointer (&visit);
        gtk_editable_set_text (self->matter_entry, "");
        gtk_widget_set_visible (GTK_WIDGET (self->matter_error), FALSE);
        if (self->visit)
            gtk_widget_grab_focus (GTK_WIDGET (self->matter_entry));
    }
    g_auto (GStrv) numbers = counter_visit_matters (ticket);
    g_autofree char *joined = g_strjoinv (_("、"), numbers);
    self->matter_missing = counter_matter_missing (ticket, category);
    if (g_strcmp0 (joined, self->matters_shown) == 0) {
        s_matter_line (self);
        return;
    }
    g_free (self->matters_shown);
    self->matters_shown = g_steal_pointer (&joined);
    /* One line (a label that wraps widens the desk's left column when
     * the window is short); many numbers end in "…", all in the tooltip
     * and in the 删除… menu. */
    gboolean any = numbers[0] != NULL;
    g_autofree char *text = any ? g_strdup_printf (_("办件：%s"), self->matters_shown)
                                : g_strdup (_("尚未录入办件编号"));
    gtk_label_set_text (self->matters_label, text);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->matters_label), any ? text : NULL);
    if (any)
        gtk_widget_remove_css_class (GTK_WIDGET (self->matters_label), "matters-none");
    else
        gtk_widget_add_css_class (GTK_WIDGET (self->matters_label), "matters-none");
    gtk_widget_set_sensitive (GTK_WIDGET (self->matter_remove), any);
    g_autoptr (GMenu) menu = g_menu_new ();
    for (char **number = numbers; *number; number++) {
        g_autofree char *label = g_strdup_printf (_("删除 %s"), *number);
        g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);
        g_menu_item_set_action_and_target_value (item, "matter.remove", g_variant_new_string (*number));
        g_menu_append_item (menu, item);
    }
    gtk_menu_button_set_menu_model (self->matter_remove, G_MENU_MODEL (menu));
    s_matter_line (self);
}

/* ---- life cycle -------------------------------------------------------------- */

static void
counter_ticket_panel_finalize (GObject *object)
{
    CounterTicketPanel *self = COUNTER_TICKET_PANEL (object);
    g_free (self->visit);
    g_free (self->matters_shown);
    G_OBJECT_CLASS (counter_ticket_panel_parent_class)->finalize (object);
}

static void
counter_ticket_panel_class_init (CounterTicketPanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->finalize = counter_ticket_panel_finalize;
    s_signals[SIGNAL_MATTER_ADD] = g_signal_new ("matter-add", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    s_signals[SIGNAL_MATTER_REMOVE] = g_signal_new ("matter-remove", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    gtk_widget_class_install_action (widget_class, "matter.add", NULL, s_act_matter_add);
    gtk_widget_class_install_action (widget_class, "matter.remove", "s", s_act_matter_remove);
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
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, matter_box);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, matter_entry);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, matters_label);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, matter_remove);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, matter_hint);
    gtk_widget_class_bind_template_child (widget_class, CounterTicketPanel, matter_error);
    gtk_widget_class_bind_template_callback (widget_class, s_matter_activate);
    gtk_widget_class_bind_template_callback (widget_class, s_matter_changed);
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
        s_render_matters (self, NULL, NULL);
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
    json_t *category = hall_mirror_category (mirror, code);
    gtk_label_set_text (self->category_label, counter_category_name (category, code));
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
    s_render_matters (self, serving ? ticket : NULL, category);
    json_t *called = json_object_get (ticket, "called_at");
    json_t *issued = json_object_get (ticket, "issued_at");
    s_set_duration (self->waited_label, issued,
                    json_is_integer (called) ? json_integer_value (called) : now);
    s_set_duration (self->service_label, serving ? json_object_get (ticket, "started_at") : NULL, now);
}
