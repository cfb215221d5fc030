/*  manager-window.c — see manager-window.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-window.h"
#include "manager-admin-view.h"
#include "manager-alert-panel.h"
#include "manager-booking-view.h"
#include "manager-case-panel.h"
#include "manager-case-record.h"
#include "manager-case-step-dialog.h"
#include "manager-case-view.h"
#include "manager-category-panel.h"
#include "manager-day-chart.h"
#include "manager-format.h"
#include "manager-map-dialog.h"
#include "manager-report-view.h"
#include "manager-resources.h"
#include "manager-threshold-dialog.h"
#include "manager-windows-panel.h"
#include "i18n.h"

struct _ManagerWindow {
    GtkWindow             parent_instance;
    ManagerController    *controller;       /* owned reference */
    GtkLabel             *offline_label;
    GtkLabel             *hall_label;
    GtkLabel             *clock_label;
    GtkLabel             *waiting_label;
    GtkLabel             *served_label;
    GtkLabel             *good_label;
    GtkLabel             *cases_label;
    GtkLabel             *gov_label;        /* held gov records, when there are */
    GtkLabel             *message_label;
    GtkStack             *stack;
    GtkButton            *thresholds_button;
    ManagerCategoryPanel *category_panel;
    ManagerDayChart      *day_chart;        /* under the categories: the day so far */
    ManagerWindowsPanel  *windows_panel;
    ManagerAlertPanel    *alert_panel;
    ManagerCasePanel     *case_panel;
    ManagerBookingView   *booking_view;     /* the "bookings" page (预约) */
    ManagerReportView    *report_view;      /* the "reports" page */
    ManagerCaseView      *case_view;        /* the "cases" page (差评案件) */
    ManagerSettings      *settings;         /* the admin screens' link (owned) */
    ManagerAdminView     *admin_view;       /* the "admin" page (管理) */
    gint64                case_search;      /* the last `cases` of that page on its way, or 0 */
    json_t               *case_found;       /* and its last result */
    gboolean              case_searched;    /* the page has been shown: search again on case events */
    guint                 message_timer;
};

G_DEFINE_FINAL_TYPE (ManagerWindow, manager_window, GTK_TYPE_WINDOW)

static const char *
s_tz (ManagerWindow *self)
{
    return json_string_value (json_object_get (hall_mirror_hall (manager_controller_mirror (self->controller)),
                                               "timezone"));
}

/* ---- rendering ----------------------------------------------------------- */

static void
s_render_live (ManagerWindow *self)
{
    hall_mirror_t *mirror = manager_controller_mirror (self->controller);
    gint64 now = manager_controller_now (self->controller);
    manager_category_panel_render (self->category_panel, mirror, manager_controller_today (self->controller),
                                   manager_controller_config (self->controller), now);
    manager_windows_panel_render (self->windows_panel, mirror, now);
    manager_day_chart_render (self->day_chart, manager_controller_day_series (self->controller));
    json_t *hall = hall_mirror_hall (mirror);
    const char *name = json_string_value (json_object_get (hall, "name"));
    const char *lang = g_getenv ("LANGUAGE");
    if (lang && g_str_has_prefix (lang, "en") && json_string_value (json_object_get (hall, "name_en")))
        name = json_string_value (json_object_get (hall, "name_en"));
    gtk_label_set_text (self->hall_label, name ? name : "");
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->hall_label), name);     /* when cut short */
    manager_report_view_set_hall (self->report_view, name, s_tz (self));
    manager_report_view_set_day (self->report_view, hall_mirror_day (mirror));
    if (self->admin_view)
        manager_admin_view_set_hall (self->admin_view, s_tz (self), hall_mirror_day (mirror));
    int waiting = 0;
    size_t i;
    json_t *ticket;
    json_array_foreach (hall_mirror_tickets (mirror), i, ticket)
        if (g_strcmp0 (json_string_value (json_object_get (ticket, "state")), "waiting") == 0)
            waiting++;
    g_autofree char *text = g_strdup_printf (_("等待 %d 人"), waiting);
    gtk_label_set_text (self->waiting_label, text);
}

static void
s_render_clock (ManagerWindow *self)
{
    if (!manager_controller_online (self->controller))
        gtk_label_set_text (self->offline_label, manager_controller_key_refused (self->controller)
                            ? _("服务器拒绝了本机的密钥（未登记或已吊销），请联系管理员")
                            : _("与服务器的连接已断开，正在重新连接……"));
    hall_mirror_t *mirror = manager_controller_mirror (self->controller);
    if (!hall_mirror_loaded (mirror))
        return;
    g_autofree char *clock = manager_clock (manager_controller_now (self->controller), s_tz (self));
    g_autofree char *text = g_strdup_printf ("%s %s", hall_mirror_day (mirror), clock);
    gtk_label_set_text (self->clock_label, text);
}

static void
s_render_figures (ManagerWindow *self)
{
    json_t *today = manager_controller_today (self->controller);
    json_t *totals = json_object_get (today, "totals");
    g_autofree char *good = manager_percent (json_object_get (totals, "good_rate"));
    g_autofree char *good_text = g_strdup_printf (_("今日好评率 %s（%d 条评价）"), good,
        (int) json_integer_value (json_object_get (totals, "ratings_valid")));
    gtk_label_set_text (self->good_label, good_text);
    g_autofree char *served = g_strdup_printf (_("今日取号 %d · 办结 %d"),
        (int) json_integer_value (json_object_get (totals, "issued")),
        (int) json_integer_value (json_object_get (totals, "served")));
    gtk_label_set_text (self->served_label, served);
    json_t *cases = manager_controller_cases (self->controller);
    g_autofree char *case_text = g_strdup_printf (_("差评案件 未结 %d · 超期 %d"),
        (int) json_integer_value (json_object_get (cases, "open")),
        (int) json_integer_value (json_object_get (cases, "overdue")));
    gtk_label_set_text (self->cases_label, case_text);
    if (json_integer_value (json_object_get (cases, "overdue")) > 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->cases_label), "bad");
    else
        gtk_widget_remove_css_class (GTK_WIDGET (self->cases_label), "bad");
    manager_case_panel_render (self->case_panel, cases, s_tz (self));
    int held = manager_controller_gov_held (self->controller);
    if (held > 0) {
        g_autofree char *gov = g_strdup_printf (_("省平台退回 %d 条"), held);
        gtk_label_set_text (self->gov_label, gov);
    }
    gtk_widget_set_visible (GTK_WIDGET (self->gov_label), held > 0);
    s_render_live (self);
}

static void
s_render_bookings (ManagerWindow *self)
{
    manager_booking_view_render (self->booking_view, manager_controller_bookings (self->controller),
                                 manager_controller_mirror (self->controller));
}

static void s_case_search (ManagerCaseView *view, ManagerWindow *self);

static void
s_changed (ManagerController *controller, gpointer event, ManagerWindow *self)
{
    s_render_live (self);
    s_render_clock (self);
    const char *type = event ? json_string_value (json_object_get (event, "type")) : NULL;
    if (self->case_searched && !self->case_search && (!event || (type && g_str_has_prefix (type, "case."))))
        s_case_search (self->case_view, self);
}

static void
s_tick (ManagerController *controller, ManagerWindow *self)
{
    s_render_live (self);      /* waits and elapsed times move with the clock */
    s_render_clock (self);
}

static void
s_alert (ManagerController *controller, gpointer alert, ManagerWindow *self)
{
    manager_alert_panel_render (self->alert_panel, manager_controller_alerts (controller), s_tz (self));
}

static void
s_history_day (ManagerAlertPanel *panel, const char *day, ManagerWindow *self)
{
    manager_controller_alert_history (self->controller, day);
}

static void
s_alert_history (ManagerController *controller, const char *day, gpointer list, ManagerWindow *self)
{
    manager_alert_panel_show_history (self->alert_panel, day, list, s_tz (self));
}

static void
s_online (ManagerController *controller, gboolean online, ManagerWindow *self)
{
    gtk_widget_set_visible (GTK_WIDGET (self->offline_label), !online);
}

static gboolean
s_hide_message (gpointer data)
{
    ManagerWindow *self = data;
    self->message_timer = 0;
    gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
    return G_SOURCE_REMOVE;
}

static void
s_message (ManagerWindow *self, const char *text, gboolean bad)
{
    gtk_label_set_text (self->message_label, text);
    if (bad)
        gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "bad");
    else
        gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "bad");
    gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
    g_clear_handle_id (&self->message_timer, g_source_remove);
    self->message_timer = g_timeout_add_seconds (8, s_hide_message, self);
}

static void
s_failed (ManagerController *controller, const char *text, ManagerWindow *self)
{
    s_message (self, text, TRUE);
}

static void
s_done (ManagerController *controller, const char *text, ManagerWindow *self)
{
    s_message (self, text, FALSE);
}

/* ---- intents from the panels ---------------------------------------------- */

static void
s_open_category (ManagerCategoryPanel *panel, const char *code, gboolean open, ManagerWindow *self)
{
    manager_controller_open_category (self->controller, code, open);
}

static void
s_pause (ManagerWindowsPanel *panel, int window, ManagerWindow *self)
{
    manager_controller_pause (self->controller, window, _("管理员暂停"));
}

static void
s_resume (ManagerWindowsPanel *panel, int window, ManagerWindow *self)
{
    manager_controller_resume (self->controller, window);
}

static void
s_mapped (ManagerMapDialog *dialog, int window, GStrv primary, GStrv backup, ManagerWindow *self)
{
    manager_controller_map_window (self->controller, window, (const char *const *) primary,
                                   (const char *const *) backup);
}

GtkWindow *
manager_window_edit_map (ManagerWindow *self, int window)
{
    ManagerMapDialog *dialog = manager_map_dialog_new (GTK_WINDOW (self),
                                                       manager_controller_mirror (self->controller), window);
    g_signal_connect (dialog, "mapping", G_CALLBACK (s_mapped), self);
    gtk_window_present (GTK_WINDOW (dialog));
    return GTK_WINDOW (dialog);
}

static void
s_map (ManagerWindowsPanel *panel, int window, ManagerWindow *self)
{
    manager_window_edit_map (self, window);
}

/* ---- 差评 cases ------------------------------------------------------------ */

ManagerCaseRecord *
manager_window_open_case (ManagerWindow *self, gint64 id)
{
    ManagerCaseRecord *record = manager_case_record_new (GTK_WINDOW (self), self->controller, id);
    gtk_window_present (GTK_WINDOW (record));
    return record;
}

ManagerCaseStepDialog *
manager_window_case_step (ManagerWindow *self, gint64 id, manager_step_t step)
{
    json_t *kase = NULL;
    size_t i;
    json_t *item;
    json_array_foreach (json_object_get (manager_controller_cases (self->controller), "cases"), i, item)
        if (json_integer_value (json_object_get (item, "id")) == id)
            kase = item;
    if (!(manager_case_steps (kase) & step))
        return NULL;
    ManagerCaseStepDialog *dialog = manager_case_step_dialog_new (GTK_WINDOW (self), self->controller, kase,
                                                                  step, NULL);
    gtk_window_present (GTK_WINDOW (dialog));
    return dialog;
}

static void
s_open_case (gpointer widget, gint64 id, ManagerWindow *self)
{
    manager_window_open_case (self, id);
}

static void
s_case_step (ManagerCasePanel *panel, gint64 id, guint step, ManagerWindow *self)
{
    manager_window_case_step (self, id, (manager_step_t) step);
}

static void
s_find_cases (ManagerCasePanel *panel, ManagerWindow *self)
{
    manager_window_show_page (self, "cases");
}

static void
s_case_search (ManagerCaseView *view, ManagerWindow *self)
{
    g_autoptr (json_t) filter = manager_case_view_filter (self->case_view);
    self->case_searched = TRUE;
    self->case_search = manager_controller_find_cases (self->controller, filter);
    if (self->case_search < 0)
        self->case_search = 0;
}

static void
s_case_reply (ManagerController *controller, gint64 req, gpointer result, const char *error, ManagerWindow *self)
{
    if (req != self->case_search)
        return;
    self->case_search = 0;
    if (!result) {
        g_autofree char *text = g_strdup_printf (_("案件查询失败：%s"), error ? error : "?");
        s_message (self, text, TRUE);
        return;
    }
    json_decref (self->case_found);
    self->case_found = json_incref (result);
    manager_case_view_render (self->case_view, result, manager_controller_mirror (controller), s_tz (self));
}

/* The cases page searches when it is first shown. */
static void
s_page_shown (GtkStack *stack, GParamSpec *pspec, ManagerWindow *self)
{
    if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "cases") == 0 && !self->case_searched)
        s_case_search (self->case_view, self);
}

static void
s_thresholds_saved (ManagerThresholdDialog *dialog, ManagerWindow *self)
{
    g_autoptr (GError) error = NULL;
    if (manager_controller_save_config (self->controller, &error))
        s_message (self, _("提醒阈值已保存"), FALSE);
    else {
        g_autofree char *text = g_strdup_printf (_("提醒阈值未能保存：%s"), error->message);
        s_message (self, text, TRUE);
    }
    s_render_live (self);
}

GtkWindow *
manager_window_edit_thresholds (ManagerWindow *self)
{
    ManagerThresholdDialog *dialog = manager_threshold_dialog_new (GTK_WINDOW (self),
        manager_controller_config (self->controller), manager_controller_mirror (self->controller));
    g_signal_connect (dialog, "saved", G_CALLBACK (s_thresholds_saved), self);
    gtk_window_present (GTK_WINDOW (dialog));
    return GTK_WINDOW (dialog);
}

static void
s_thresholds_clicked (GtkButton *button, ManagerWindow *self)
{
    manager_window_edit_thresholds (self);
}

static void
s_query (ManagerReportView *view, const char *from, const char *to, const char *by, ManagerWindow *self)
{
    manager_controller_report (self->controller, "table", from, to, by);
    manager_controller_report (self->controller, "hour", from, to, "hour");
    manager_controller_report (self->controller, "journey", from, to, "journey");
}

static void
s_query_national (ManagerReportView *view, const char *month, const char *by, ManagerWindow *self)
{
    manager_controller_report_national (self->controller, "national", month, by);
}

static void
s_report (ManagerController *controller, const char *tag, gpointer result, ManagerWindow *self)
{
    manager_report_view_set_report (self->report_view, tag, result);
}

/* ---- life cycle ------------------------------------------------------------- */

static void
manager_window_dispose (GObject *object)
{
    ManagerWindow *self = MANAGER_WINDOW (object);
    g_clear_handle_id (&self->message_timer, g_source_remove);
    if (self->controller)
        g_signal_handlers_disconnect_by_data (self->controller, self);
    g_clear_object (&self->settings);
    g_clear_object (&self->controller);
    g_clear_pointer (&self->case_found, json_decref);
    G_OBJECT_CLASS (manager_window_parent_class)->dispose (object);
}

static void
manager_window_class_init (ManagerWindowClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = manager_window_dispose;
    manager_resources_ensure ();
    g_type_ensure (MANAGER_TYPE_CATEGORY_PANEL);
    g_type_ensure (MANAGER_TYPE_WINDOWS_PANEL);
    g_type_ensure (MANAGER_TYPE_ALERT_PANEL);
    g_type_ensure (MANAGER_TYPE_CASE_PANEL);
    g_type_ensure (MANAGER_TYPE_BOOKING_VIEW);
    gtk_widget_class_set_template_from_resource (widget_class, MANAGER_RESOURCE_PATH "/manager-window.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, offline_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, hall_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, clock_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, waiting_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, served_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, good_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, cases_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, gov_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, message_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, stack);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, thresholds_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, category_panel);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, windows_panel);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, alert_panel);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, case_panel);
    gtk_widget_class_bind_template_child (widget_class, ManagerWindow, booking_view);
}

static void
manager_window_init (ManagerWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    manager_resources_load_css ();
    g_signal_connect (self->thresholds_button, "clicked", G_CALLBACK (s_thresholds_clicked), self);
    g_signal_connect (self->category_panel, "open-category", G_CALLBACK (s_open_category), self);
    /* The day chart between the categories and the windows: built here,
     * a drawing of the controller's series (manager-day-chart.h). */
    GtkWidget *day_panel = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    gtk_widget_add_css_class (day_panel, "panel");
    GtkWidget *day_title = gtk_label_new (_("今日走势 · 等候人数、最长等候与分时段取号"));
    gtk_label_set_xalign (GTK_LABEL (day_title), 0);
    gtk_label_set_ellipsize (GTK_LABEL (day_title), PANGO_ELLIPSIZE_END);
    gtk_widget_add_css_class (day_title, "panel-title");
    gtk_box_append (GTK_BOX (day_panel), day_title);
    self->day_chart = MANAGER_DAY_CHART (manager_day_chart_new ());
    gtk_box_append (GTK_BOX (day_panel), GTK_WIDGET (self->day_chart));
    gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->category_panel))),
                                day_panel, GTK_WIDGET (self->category_panel));
    g_signal_connect (self->windows_panel, "pause", G_CALLBACK (s_pause), self);
    g_signal_connect (self->windows_panel, "resume", G_CALLBACK (s_resume), self);
    g_signal_connect (self->windows_panel, "remap", G_CALLBACK (s_map), self);
    g_signal_connect (self->case_panel, "open-case", G_CALLBACK (s_open_case), self);
    g_signal_connect (self->case_panel, "case-step", G_CALLBACK (s_case_step), self);
    g_signal_connect (self->case_panel, "find", G_CALLBACK (s_find_cases), self);
    self->case_view = MANAGER_CASE_VIEW (manager_case_view_new ());
    gtk_stack_add_titled (self->stack, GTK_WIDGET (self->case_view), "cases", _("差评案件"));
    g_signal_connect (self->case_view, "search", G_CALLBACK (s_case_search), self);
    g_signal_connect (self->case_view, "open-case", G_CALLBACK (s_open_case), self);
    g_signal_connect (self->stack, "notify::visible-child", G_CALLBACK (s_page_shown), self);
    self->report_view = MANAGER_REPORT_VIEW (manager_report_view_new ());
    gtk_stack_add_titled (self->stack, GTK_WIDGET (self->report_view), "reports", _("统计报表"));
    g_signal_connect (self->report_view, "query", G_CALLBACK (s_query), self);
    g_signal_connect (self->report_view, "query-national", G_CALLBACK (s_query_national), self);
}

ManagerWindow *
manager_window_new (ManagerController *controller)
{
    ManagerWindow *self = g_object_new (MANAGER_TYPE_WINDOW, NULL);
    self->controller = g_object_ref (controller);
    self->settings = manager_settings_new (controller);
    self->admin_view = MANAGER_ADMIN_VIEW (manager_admin_view_new (self->settings));
    gtk_stack_add_titled (self->stack, GTK_WIDGET (self->admin_view), "admin", _("管理"));
    g_signal_connect (controller, "changed", G_CALLBACK (s_changed), self);
    g_signal_connect (controller, "tick", G_CALLBACK (s_tick), self);
    g_signal_connect_swapped (controller, "figures", G_CALLBACK (s_render_figures), self);
    g_signal_connect (controller, "alert", G_CALLBACK (s_alert), self);
    g_signal_connect (controller, "alert-history", G_CALLBACK (s_alert_history), self);
    g_signal_connect (self->alert_panel, "history-day", G_CALLBACK (s_history_day), self);
    g_signal_connect (controller, "online", G_CALLBACK (s_online), self);
    g_signal_connect (controller, "failed", G_CALLBACK (s_failed), self);
    g_signal_connect (controller, "done", G_CALLBACK (s_done), self);
    g_signal_connect (controller, "report", G_CALLBACK (s_report), self);
    /* 取消 on a report: the controller drops its request, so neither its
     * late answer nor a timeout reaches the view. */
    g_signal_connect_swapped (self->report_view, "cancel", G_CALLBACK (manager_controller_report_cancel), controller);
    g_signal_connect (controller, "case-reply", G_CALLBACK (s_case_reply), self);
    g_signal_connect_swapped (controller, "bookings", G_CALLBACK (s_render_bookings), self);
    s_online (controller, manager_controller_online (controller), self);
    s_render_figures (self);
    manager_alert_panel_render (self->alert_panel, manager_controller_alerts (controller), s_tz (self));
    s_render_bookings (self);
    return self;
}

void
manager_window_show_page (ManagerWindow *self, const char *page)
{
    gtk_stack_set_visible_child_name (self->stack, page);
}

GtkWidget *
manager_window_case_view (ManagerWindow *self)
{
    return GTK_WIDGET (self->case_view);
}

GtkWidget *
manager_window_booking_view (ManagerWindow *self)
{
    return GTK_WIDGET (self->booking_view);
}

GtkWidget *
manager_window_admin_view (ManagerWindow *self)
{
    return GTK_WIDGET (self->admin_view);
}

ManagerSettings *
manager_window_settings (ManagerWindow *self)
{
    return self->settings;
}

GtkWidget *
manager_window_report_view (ManagerWindow *self)
{
    return gtk_stack_get_child_by_name (self->stack, "reports");
}
