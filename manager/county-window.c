/*  county-window.c — see county-window.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "county-window.h"
#include "county-report-view.h"
#include "manager-format.h"
#include "manager-grid.h"
#include "manager-resources.h"
#include "i18n.h"

struct _CountyWindow {
    GtkApplicationWindow parent_instance;
    CountyModel *model;              /* owned reference */
    CountyReportModel *reports;      /* owned: the 报表 page's reports */
    GtkLabel    *banner_label;       /* the connection's state, when it is not up */
    GtkLabel    *title_label;
    GtkLabel    *halls_label;        /* 大厅 N · 在线 M */
    GtkLabel    *waiting_label;      /* 全县等候 N 人 */
    GtkLabel    *attention_label;    /* halls with people waiting and no window */
    GtkStack    *sections;           /* "live" (stack) and "reports" */
    GtkStack    *stack;              /* "halls" and "detail" */
    GtkGrid     *halls_grid;
    GtkLabel    *order_label;
    GtkButton   *back_button;
    GtkLabel    *detail_title;
    GtkLabel    *detail_status;
    GtkGrid     *categories_grid;
    GtkGrid     *windows_grid;
    CountyReportView *report_view;
    char        *detail_id;          /* the hall shown on "detail", or NULL */
    char        *halls_shown;        /* what the table of halls shows (s_halls_shown) */
};

G_DEFINE_FINAL_TYPE (CountyWindow, county_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- words -------------------------------------------------------------------- */

/* "3分钟前" for an age in seconds. */
static char *
s_ago (gint64 seconds)
{
    if (seconds < 0)
        return g_strdup (_("尚无事件"));
    if (seconds < 60)
        return g_strdup_printf (_("最后事件 %d秒前"), (int) seconds);
    if (seconds < 3600)
        return g_strdup_printf (_("最后事件 %d分钟前"), (int) (seconds / 60));
    if (seconds < 86400)
        return g_strdup_printf (_("最后事件 %d小时前"), (int) (seconds / 3600));
    return g_strdup_printf (_("最后事件 %d天前"), (int) (seconds / 86400));
}

/* "在线", "离线 自 14:05" or "从未连接". */
static char *
s_status (const county_hall_t *hall)
{
    if (hall->online)
        return g_strdup (_("在线"));
    if (!hall->seen_at)
        return g_strdup (_("离线 从未连接"));
    g_autofree char *since = manager_local_format (hall->seen_at, hall->timezone, "%H:%M");
    return g_strdup_printf (_("离线 自 %s"), since);
}

static char *
s_wait (gint64 seconds, int waiting)
{
    return waiting > 0 && seconds >= 0 ? manager_duration (seconds) : g_strdup ("-");
}

static char *
s_count (int n)
{
    return g_strdup_printf ("%d", n);
}

/* A cell named PREFIX-ID. */
static GtkWidget *
s_cell (GtkGrid *grid, int col, int row, const char *text, const char *css, const char *prefix,
        const char *id)
{
    g_autofree char *name = g_strdup_printf ("%s-%s", prefix, id);
    return manager_grid_cell (grid, col, row, text, css, name);
}

/* The header row of GRID, its columns sharing the width the table is given. */
static void
s_header (GtkGrid *grid, const char *const *headers)
{
    manager_grid_header (grid, headers);
    for (int col = 0; headers[col]; col++)
        gtk_widget_set_hexpand (gtk_grid_get_child_at (grid, col, 0), TRUE);
}

/* ---- the table of halls --------------------------------------------------------- */

/* What the table shows of HALLS, in its order, as one text. */
static char *
s_halls_shown (GPtrArray *halls)
{
    GString *shown = g_string_new (NULL);
    for (guint i = 0; i < halls->len; i++) {
        const county_hall_t *hall = g_ptr_array_index (halls, i);
        g_autofree char *status = s_status (hall);
        g_autofree char *ago = s_ago (hall->last_event_age);
        g_autofree char *longest = s_wait (hall->longest_wait, hall->waiting);
        g_string_append_printf (shown, "%s\t%s\t%s\t%s\t%s\t%d %d %d %d %d %d %d %d %d\n", hall->id, hall->name,
                                status, ago, longest, hall->online, hall->waiting, hall->open_windows,
                                hall->issued, hall->served, hall->ratings_valid, hall->ratings_good,
                                hall->cases_open, hall->cases_overdue);
    }
    return g_string_free (shown, FALSE);
}

static void
s_open_clicked (GtkButton *button, CountyWindow *self)
{
    county_window_open_hall (self, g_object_get_data (G_OBJECT (button), "hall"));
}

static void
s_render_halls (CountyWindow *self)
{
    GPtrArray *halls = county_model_halls (self->model);
    county_report_view_set_halls (self->report_view, halls);
    /* A refresh that changes nothing shown keeps the grid: rebuilt, it
     * would take the keyboard focus off a hall's button and renew every
     * accessible of the table each 5 s. */
    g_autofree char *shown = s_halls_shown (halls);
    if (g_strcmp0 (shown, self->halls_shown) == 0)
        return;
    g_free (self->halls_shown);
    self->halls_shown = g_steal_pointer (&shown);
    manager_grid_clear (self->halls_grid);
    const char *headers[] = { _("大厅"), _("状态"), _("等候"), _("开放窗口"), _("最长等候"),
                              _("今日取号"), _("今日办结"), _("好评率"), _("未结案件"),
                              _("超期案件"), NULL };
    s_header (self->halls_grid, headers);
    int online = 0, waiting = 0, attention = 0;
    for (guint i = 0; i < halls->len; i++) {
        const county_hall_t *hall = g_ptr_array_index (halls, i);
        int r = (int) i + 1;
        gboolean stranded = hall->waiting > 0 && hall->open_windows == 0;
        online += hall->online;
        waiting += hall->waiting;
        attention += stranded;

        GtkWidget *name = gtk_label_new (hall->name);
        g_autofree char *row_name = g_strdup_printf ("row-%u", i);
        gtk_widget_set_name (name, row_name);
        gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
        gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
        gtk_label_set_max_width_chars (GTK_LABEL (name), 16);
        gtk_widget_add_css_class (name, "name");
        if (stranded)                      /* the first thing to see */
            gtk_widget_add_css_class (name, "bad");
        GtkWidget *button = gtk_button_new ();
        gtk_button_set_child (GTK_BUTTON (button), name);
        gtk_button_set_has_frame (GTK_BUTTON (button), FALSE);
        g_autofree char *button_name = g_strdup_printf ("open-%s", hall->id);
        gtk_widget_set_name (button, button_name);
        gtk_widget_set_tooltip_text (button, hall->name);
        g_autofree char *spoken = g_strdup_printf (_("%s：查看详情"), hall->name);
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
        gtk_widget_add_css_class (button, "county-hall");
        g_object_set_data_full (G_OBJECT (button), "hall", g_strdup (hall->id), g_free);
        g_signal_connect (button, "clicked", G_CALLBACK (s_open_clicked), self);
        gtk_grid_attach (self->halls_grid, button, 0, r, 1, 1);

        GtkWidget *state = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
        g_autofree char *status = s_status (hall);
        g_autofree char *status_name = g_strdup_printf ("status-%s", hall->id);
        g_autofree char *event_name = g_strdup_printf ("last-event-%s", hall->id);
        g_autofree char *ago = s_ago (hall->last_event_age);
        GtkWidget *status_label = gtk_label_new (status);
        gtk_widget_set_name (status_label, status_name);
        gtk_widget_add_css_class (status_label, "cell");
        gtk_widget_add_css_class (status_label, hall->online ? "county-online" : "bad");
        GtkWidget *event_label = gtk_label_new (ago);
        gtk_widget_set_name (event_label, event_name);
        gtk_widget_add_css_class (event_label, "dim");
        gtk_widget_add_css_class (event_label, "county-ago");
        gtk_box_append (GTK_BOX (state), status_label);
        gtk_box_append (GTK_BOX (state), event_label);
        gtk_grid_attach (self->halls_grid, state, 1, r, 1, 1);

        g_autofree char *n_waiting = s_count (hall->waiting);
        g_autofree char *n_windows = s_count (hall->open_windows);
        g_autofree char *longest = s_wait (hall->longest_wait, hall->waiting);
        g_autofree char *issued = s_count (hall->issued);
        g_autofree char *served = s_count (hall->served);
        g_autofree char *good = hall->ratings_valid > 0
            ? g_strdup_printf ("%.1f%%", 100.0 * hall->ratings_good / hall->ratings_valid) : g_strdup ("-");
        g_autofree char *cases = s_count (hall->cases_open);
        g_autofree char *overdue = s_count (hall->cases_overdue);
        s_cell (self->halls_grid, 2, r, n_waiting, stranded ? "bad" : "figure", "waiting", hall->id);
        s_cell (self->halls_grid, 3, r, n_windows, stranded ? "bad" : "figure", "windows", hall->id);
        s_cell (self->halls_grid, 4, r, longest, "figure", "longest", hall->id);
        s_cell (self->halls_grid, 5, r, issued, "figure", "issued", hall->id);
        s_cell (self->halls_grid, 6, r, served, "figure", "served", hall->id);
        GtkWidget *good_cell = s_cell (self->halls_grid, 7, r, good, "figure", "good", hall->id);
        g_autofree char *good_tip = g_strdup_printf (_("今日有效评价 %d 条，好评 %d 条"),
                                                     hall->ratings_valid, hall->ratings_good);
        gtk_widget_set_tooltip_text (good_cell, good_tip);
        s_cell (self->halls_grid, 8, r, cases, "figure", "cases", hall->id);
        s_cell (self->halls_grid, 9, r, overdue, hall->cases_overdue > 0 ? "bad" : "figure", "overdue",
                hall->id);
    }
    if (halls->len == 0)
        manager_grid_cell (self->halls_grid, 0, 1, _("县级数据库里还没有大厅"), "dim", "county-empty");
    g_autofree char *halls_text = g_strdup_printf (_("大厅 %u 个 · 在线 %d"), halls->len, online);
    gtk_label_set_text (self->halls_label, halls_text);
    g_autofree char *waiting_text = g_strdup_printf (_("全县等候 %d 人"), waiting);
    gtk_label_set_text (self->waiting_label, waiting_text);
    g_autofree char *attention_text = g_strdup_printf (_("有人等候无窗口 %d 个"), attention);
    gtk_label_set_text (self->attention_label, attention_text);
    if (attention > 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->attention_label), "bad");
    else
        gtk_widget_remove_css_class (GTK_WIDGET (self->attention_label), "bad");
}

/* ---- a hall's detail ------------------------------------------------------------- */

static void
s_render_detail (CountyWindow *self)
{
    county_detail_t *detail = county_model_detail (self->model);
    manager_grid_clear (self->categories_grid);
    manager_grid_clear (self->windows_grid);
    if (!detail) {
        gtk_label_set_text (self->detail_status, _("正在读取……"));
        return;
    }
    if (detail->hall) {
        gtk_label_set_text (self->detail_title, detail->hall->name);
        g_autofree char *status = s_status (detail->hall);
        g_autofree char *ago = s_ago (detail->hall->last_event_age);
        g_autofree char *text = g_strdup_printf ("%s · %s", status, ago);
        gtk_label_set_text (self->detail_status, text);
    } else
        gtk_label_set_text (self->detail_status, _("县级数据库里已没有这个大厅"));
    const char *cat_headers[] = { _("业务"), _("等候"), _("最长等候"), _("今日取号"), _("今日办结"), NULL };
    s_header (self->categories_grid, cat_headers);
    for (guint i = 0; i < detail->categories->len; i++) {
        const county_category_t *category = g_ptr_array_index (detail->categories, i);
        int r = (int) i + 1;
        g_autofree char *waiting = s_count (category->waiting);
        g_autofree char *longest = s_wait (category->longest_wait, category->waiting);
        g_autofree char *issued = s_count (category->issued);
        g_autofree char *served = s_count (category->served);
        manager_grid_cell (self->categories_grid, 0, r, category->name ? category->name : category->code,
                           "name", NULL);
        s_cell (self->categories_grid, 1, r, waiting, "figure", "cat-waiting", category->code);
        s_cell (self->categories_grid, 2, r, longest, "figure", "cat-longest", category->code);
        s_cell (self->categories_grid, 3, r, issued, "figure", "cat-issued", category->code);
        s_cell (self->categories_grid, 4, r, served, "figure", "cat-served", category->code);
    }
    const char *win_headers[] = { _("窗口"), _("办理人员"), _("状态"), NULL };
    s_header (self->windows_grid, win_headers);
    for (guint i = 0; i < detail->windows->len; i++) {
        const county_window_t *window = g_ptr_array_index (detail->windows, i);
        int r = (int) i + 1;
        g_autofree char *number = g_strdup_printf ("%d", window->number);
        const char *state = !window->clerk ? _("未登录") : window->paused ? _("暂停") : _("开放");
        const char *css = !window->clerk ? "state-closed" : window->paused ? "state-paused" : "state-idle";
        manager_grid_cell (self->windows_grid, 0, r, window->name, "name", NULL);
        s_cell (self->windows_grid, 1, r, window->clerk ? window->clerk : "-", NULL, "window-clerk", number);
        s_cell (self->windows_grid, 2, r, state, css, "window-state", number);
    }
}

void
county_window_open_hall (CountyWindow *self, const char *id)
{
    g_free (self->detail_id);
    self->detail_id = g_strdup (id);
    const county_hall_t *hall = NULL;
    GPtrArray *halls = county_model_halls (self->model);
    for (guint i = 0; i < halls->len; i++)
        if (g_strcmp0 (((county_hall_t *) g_ptr_array_index (halls, i))->id, id) == 0)
            hall = g_ptr_array_index (halls, i);
    gtk_label_set_text (self->detail_title, hall ? hall->name : id);
    county_model_set_detail (self->model, id);
    s_render_detail (self);
    gtk_stack_set_visible_child_name (self->stack, "detail");
    gtk_stack_set_visible_child_name (self->sections, "live");
}

void
county_window_show_halls (CountyWindow *self)
{
    g_clear_pointer (&self->detail_id, g_free);
    county_model_set_detail (self->model, NULL);
    gtk_stack_set_visible_child_name (self->stack, "halls");
    gtk_stack_set_visible_child_name (self->sections, "live");
}

void
county_window_show_reports (CountyWindow *self)
{
    gtk_stack_set_visible_child_name (self->sections, "reports");
}

static void
s_back (GtkButton *button, CountyWindow *self)
{
    county_window_show_halls (self);
}

static void
s_connection (CountyModel *model, gboolean up, CountyWindow *self)
{
    gtk_label_set_text (self->banner_label, _("县级数据库连接中断，正在重新连接……"));
    gtk_widget_set_visible (GTK_WIDGET (self->banner_label), !up);
}

/* ---- life cycle ---------------------------------------------------------------- */

static void
county_window_dispose (GObject *object)
{
    CountyWindow *self = COUNTY_WINDOW (object);
    if (self->model)
        g_signal_handlers_disconnect_by_data (self->model, self);
    g_clear_object (&self->model);
    g_clear_object (&self->reports);
    g_clear_pointer (&self->detail_id, g_free);
    g_clear_pointer (&self->halls_shown, g_free);
    G_OBJECT_CLASS (county_window_parent_class)->dispose (object);
}

static void
county_window_class_init (CountyWindowClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = county_window_dispose;
    manager_resources_ensure ();
    g_type_ensure (COUNTY_TYPE_REPORT_VIEW);
    gtk_widget_class_set_template_from_resource (widget_class, MANAGER_RESOURCE_PATH "/county-window.ui");
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, banner_label);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, title_label);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, halls_label);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, waiting_label);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, attention_label);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, sections);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, stack);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, halls_grid);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, order_label);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, back_button);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, detail_title);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, detail_status);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, categories_grid);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, windows_grid);
    gtk_widget_class_bind_template_child (widget_class, CountyWindow, report_view);
}

static void
county_window_init (CountyWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    manager_resources_load_css ();
    gtk_label_set_text (self->order_label, county_model_order ());
    g_signal_connect (self->back_button, "clicked", G_CALLBACK (s_back), self);
}

CountyWindow *
county_window_new (GtkApplication *app, CountyModel *model)
{
    CountyWindow *self = g_object_new (COUNTY_TYPE_WINDOW, "application", app, NULL);
    self->model = g_object_ref (model);
    self->reports = county_report_model_new (model);
    county_report_view_set_model (self->report_view, self->reports);
    g_signal_connect_swapped (model, "halls", G_CALLBACK (s_render_halls), self);
    g_signal_connect_swapped (model, "detail", G_CALLBACK (s_render_detail), self);
    g_signal_connect (model, "connection", G_CALLBACK (s_connection), self);
    gtk_widget_set_visible (GTK_WIDGET (self->banner_label), !county_model_connected (model));
    s_render_halls (self);
    return self;
}
