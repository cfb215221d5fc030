/*  manager-alert-panel.c — see manager-alert-panel.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-alert-panel.h"
#include "manager-format.h"
#include "manager-resources.h"
#include "i18n.h"

struct _ManagerAlertPanel {
    GtkBox      parent_instance;
    GtkLabel   *count_label;
    GtkLabel   *history_title;
    GtkWidget  *today_button;
    GtkWidget  *history_button;
    GtkPopover *history_popover;
    GtkCalendar *calendar;
    GtkListBox *list;
    gboolean    history;       /* a day's history is shown */
    manager_alerts_t *alerts;  /* the live list's engine (borrowed), for 返回今天 */
    char       *tz;
};

G_DEFINE_FINAL_TYPE (ManagerAlertPanel, manager_alert_panel, GTK_TYPE_BOX)

enum { SIGNAL_HISTORY_DAY, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static void s_render_list (ManagerAlertPanel *self, GPtrArray *list);

static void
s_day_selected (GtkCalendar *calendar, ManagerAlertPanel *self)
{
    g_autoptr (GDateTime) date = gtk_calendar_get_date (calendar);
    g_autofree char *day = g_date_time_format (date, "%Y-%m-%d");
    gtk_popover_popdown (self->history_popover);
    g_signal_emit (self, s_signals[SIGNAL_HISTORY_DAY], 0, day);
}

static void
s_today_clicked (GtkButton *button, ManagerAlertPanel *self)
{
    self->history = FALSE;
    gtk_widget_set_visible (self->today_button, FALSE);
    gtk_widget_set_visible (GTK_WIDGET (self->history_title), FALSE);
    if (self->alerts)
        s_render_list (self, manager_alerts_list (self->alerts));
}

static void
manager_alert_panel_finalize (GObject *object)
{
    g_free (MANAGER_ALERT_PANEL (object)->tz);
    G_OBJECT_CLASS (manager_alert_panel_parent_class)->finalize (object);
}

static void
manager_alert_panel_class_init (ManagerAlertPanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->finalize = manager_alert_panel_finalize;
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 MANAGER_RESOURCE_PATH "/manager-alert-panel.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerAlertPanel, count_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerAlertPanel, list);
    gtk_widget_class_bind_template_child (widget_class, ManagerAlertPanel, history_title);
    gtk_widget_class_bind_template_child (widget_class, ManagerAlertPanel, today_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerAlertPanel, history_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerAlertPanel, history_popover);
    gtk_widget_class_bind_template_child (widget_class, ManagerAlertPanel, calendar);
    s_signals[SIGNAL_HISTORY_DAY] = g_signal_new ("history-day", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
manager_alert_panel_init (ManagerAlertPanel *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    GtkWidget *empty = gtk_label_new (_("暂无提醒"));
    gtk_widget_add_css_class (empty, "dim");
    gtk_list_box_set_placeholder (self->list, empty);
    g_signal_connect (self->calendar, "day-selected", G_CALLBACK (s_day_selected), self);
    g_signal_connect (self->today_button, "clicked", G_CALLBACK (s_today_clicked), self);
}

GtkWidget *
manager_alert_panel_new (void)
{
    return g_object_new (MANAGER_TYPE_ALERT_PANEL, NULL);
}

static const char *
s_urgency_css (manager_urgency_t urgency)
{
    return urgency == MANAGER_URGENCY_CRITICAL ? "alert-critical"
         : urgency == MANAGER_URGENCY_LOW ? "alert-low" : "alert-normal";
}

void
manager_alert_panel_render (ManagerAlertPanel *self, manager_alerts_t *alerts, const char *tz)
{
    self->alerts = alerts;
    if (g_strcmp0 (self->tz, tz) != 0) {
        g_free (self->tz);
        self->tz = g_strdup (tz);
    }
    if (!self->history)
        s_render_list (self, manager_alerts_list (alerts));
}

void
manager_alert_panel_show_history (ManagerAlertPanel *self, const char *day, GPtrArray *list, const char *tz)
{
    self->history = TRUE;
    if (g_strcmp0 (self->tz, tz) != 0) {
        g_free (self->tz);
        self->tz = g_strdup (tz);
    }
    g_autofree char *title = g_strdup_printf (list ? _("%s 的提醒") : _("%s 的提醒（查询失败）"), day);
    gtk_label_set_text (self->history_title, title);
    gtk_widget_set_visible (GTK_WIDGET (self->history_title), TRUE);
    gtk_widget_set_visible (self->today_button, TRUE);
    g_autoptr (GPtrArray) none = g_ptr_array_new ();
    s_render_list (self, list ? list : none);
}

static void
s_render_list (ManagerAlertPanel *self, GPtrArray *list)
{
    const char *tz = self->tz;
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
        gtk_list_box_remove (self->list, child);
    g_autofree char *count = g_strdup_printf (_("共 %u 条"), list->len);
    gtk_label_set_text (self->count_label, count);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), count);    /* when cut short */
    for (guint i = 0; i < list->len; i++) {
        manager_alert_t *alert = g_ptr_array_index (list, i);
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
        gtk_widget_add_css_class (box, "alert-row");
        gtk_widget_add_css_class (box, s_urgency_css (alert->urgency));
        if (alert->cleared_at)
            gtk_widget_add_css_class (box, "alert-cleared");
        g_autofree char *name = g_strdup_printf ("alert-%s", alert->subject);
        gtk_widget_set_name (box, name);
        GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
        g_autofree char *time = manager_clock (alert->time, tz);
        GtkWidget *when = gtk_label_new (time);
        gtk_widget_add_css_class (when, "dim");
        gtk_box_append (GTK_BOX (top), when);
        GtkWidget *summary = gtk_label_new (alert->summary);
        gtk_label_set_xalign (GTK_LABEL (summary), 0);
        gtk_widget_set_hexpand (summary, TRUE);
        gtk_widget_add_css_class (summary, "alert-summary");
        gtk_box_append (GTK_BOX (top), summary);
        if (alert->kind == MANAGER_ALERT_DEVICE) {
            GtkWidget *device = gtk_label_new (_("设备"));
            gtk_widget_add_css_class (device, "alert-device");
            gtk_box_append (GTK_BOX (top), device);
        }
        if (alert->count > 1) {
            g_autofree char *times = g_strdup_printf (_("第 %d 次"), alert->count);
            gtk_box_append (GTK_BOX (top), gtk_label_new (times));
        }
        if (alert->cleared_at) {
            g_autofree char *at = manager_clock (alert->cleared_at, tz);
            g_autofree char *text = g_strdup_printf (_("已解除 %s"), at);
            GtkWidget *state = gtk_label_new (text);
            g_autofree char *state_name = g_strdup_printf ("alert-state-%s", alert->subject);
            gtk_widget_set_name (state, state_name);
            gtk_widget_add_css_class (state, "dim");
            gtk_box_append (GTK_BOX (top), state);
        }
        gtk_box_append (GTK_BOX (box), top);
        GtkWidget *body = gtk_label_new (alert->body);
        gtk_label_set_xalign (GTK_LABEL (body), 0);
        gtk_label_set_wrap (GTK_LABEL (body), TRUE);
        gtk_widget_add_css_class (body, "alert-body");
        gtk_box_append (GTK_BOX (box), body);
        gtk_list_box_append (self->list, box);
        gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, alert->summary, -1);
    }
}
