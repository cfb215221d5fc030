/*  manager-report-view.c — see manager-report-view.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-report-view.h"
#include "manager-grid.h"
#include "report-writer.h"
#include "manager-resources.h"
#include "i18n.h"

#include <string.h>

struct _ManagerReportView {
    GtkBox          parent_instance;
    GtkDropDown    *period_drop;
    GtkEntry       *from_entry;
    GtkEntry       *to_entry;
    GtkLabel       *to_label;
    GtkDropDown    *by_drop;
    GtkDropDown    *national_by_drop;
    GtkWidget      *charts_box;
    GtkButton      *query_button;
    GtkWidget      *busy_box;     /* shown while a report is on its way */
    GtkSpinner     *busy_spinner;
    GtkLabel       *busy_label;   /* "正在生成报表… N 秒" */
    GtkButton      *cancel_button;
    GtkLabel       *status_label;
    GtkButton      *csv_button;
    GtkButton      *pdf_button;
    GtkGrid        *table;
    GtkDrawingArea *hourly_area;
    GtkDrawingArea *waits_area;
    json_t         *report;       /* the last table report */
    json_t         *hours;        /* the last by-hour report */
    json_t         *journeys;     /* the last by-journey report (the PDF's 一件事) */
    json_t         *national;     /* the last report.national */
    char           *hall_name;
    char           *tz;           /* the hall's time zone */
    char           *hall_day;     /* the hall's day last shown in the entries */
    gboolean        day_set;      /* the entries hold the manager's own choice */
    guint           awaited;      /* the answers still awaited (ANSWER_*); none: idle */
    gint64          busy_since;   /* monotonic µs when the report was asked for */
    guint           busy_timer;   /* counts the seconds while busy */
    char           *status_before;/* the status line before the report was asked for */
    guint           held;         /* ANSWER_HOUR, _JOURNEY: came before the table, held */
    json_t         *held_hours;   /* … until the table comes (or 取消 drops them) */
    json_t         *held_journeys;
};

/* The answers a query awaits, by TAG of manager_report_view_set_report. */
enum {
    ANSWER_TABLE    = 1 << 0,
    ANSWER_HOUR     = 1 << 1,
    ANSWER_JOURNEY  = 1 << 2,
    ANSWER_NATIONAL = 1 << 3,
    ANSWER_SHOWN    = ANSWER_TABLE | ANSWER_NATIONAL,   /* the view is busy until one of these */
};

G_DEFINE_FINAL_TYPE (ManagerReportView, manager_report_view, GTK_TYPE_BOX)

enum { SIGNAL_QUERY, SIGNAL_QUERY_NATIONAL, SIGNAL_CANCEL, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static const char *s_periods[] = { "day", "month", "range", "national" };
static const char *s_bys[] = { "category", "window", "clerk", "hour", "day" };
static const char *s_national_bys[] = { "department", "window", "clerk" };

#define PERIOD_NATIONAL 3

/* The period is 全国好差评口径（月）: the national form is shown. */
static gboolean
s_national_shown (ManagerReportView *self)
{
    return gtk_drop_down_get_selected (self->period_drop) == PERIOD_NATIONAL;
}

static void
s_status (ManagerReportView *self, const char *text)
{
    gtk_label_set_text (self->status_label, text);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);    /* when cut short */
}

/* ---- busy: a report on its way ------------------------------------------ */

static guint
s_answer (const char *tag)
{
    return g_strcmp0 (tag, "hour") == 0       ? ANSWER_HOUR
         : g_strcmp0 (tag, "journey") == 0    ? ANSWER_JOURNEY
         : g_strcmp0 (tag, "national") == 0   ? ANSWER_NATIONAL
                                              : ANSWER_TABLE;
}

static gboolean
s_busy (ManagerReportView *self)
{
    return (self->awaited & ANSWER_SHOWN) != 0;
}

static gboolean
s_busy_tick (gpointer data)
{
    ManagerReportView *self = data;
    int seconds = (int) ((g_get_monotonic_time () - self->busy_since) / G_USEC_PER_SEC);
    g_autofree char *text = g_strdup_printf (_("正在生成报表… %d 秒"), seconds);
    gtk_label_set_text (self->busy_label, text);
    return G_SOURCE_CONTINUE;
}

/* Shows the busy state (or leaves it), and 查询 insensitive while busy:
 * one report at a time. */
static void
s_busy_show (ManagerReportView *self, gboolean busy)
{
    gtk_widget_set_visible (self->busy_box, busy);
    gtk_widget_set_visible (GTK_WIDGET (self->status_label), !busy);
    gtk_widget_set_sensitive (GTK_WIDGET (self->query_button), !busy);
    gtk_spinner_set_spinning (self->busy_spinner, busy);
    g_clear_handle_id (&self->busy_timer, g_source_remove);
    if (busy) {
        self->busy_since = g_get_monotonic_time ();
        s_busy_tick (self);
        self->busy_timer = g_timeout_add_seconds (1, s_busy_tick, self);
    }
}

/* A query of the answers AWAITED is asked for. */
static void
s_busy_begin (ManagerReportView *self, guint awaited)
{
    g_free (self->status_before);
    self->status_before = g_strdup (gtk_label_get_text (self->status_label));
    self->awaited = awaited;
    s_busy_show (self, TRUE);
}

static void
s_held_drop (ManagerReportView *self)
{
    self->held = 0;
    g_clear_pointer (&self->held_hours, json_decref);
    g_clear_pointer (&self->held_journeys, json_decref);
}

/* 取消: the answers on their way are no longer awaited (those that still
 * come are dropped), the status line is what it was before, and the owner
 * is told ("cancel") so that it drops the requests too. */
static void
s_cancel_clicked (GtkButton *button, ManagerReportView *self)
{
    if (!self->awaited)
        return;
    self->awaited = 0;
    s_held_drop (self);
    s_busy_show (self, FALSE);
    s_status (self, self->status_before ? self->status_before : "");
    g_signal_emit (self, s_signals[SIGNAL_CANCEL], 0);
}

static gboolean
s_parse_day (const char *text, GDate *date)
{
    int y, m, d;
    char tail;
    if (!text || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || !g_date_valid_dmy (d, m, y))
        return FALSE;
    g_date_set_dmy (date, d, m, y);
    return TRUE;
}

static char *
s_format_day (const GDate *date)
{
    return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                            g_date_get_day (date));
}

/* The month of TEXT, "YYYY-MM" or a day "YYYY-MM-DD" of it, into MONTH. */
static gboolean
s_parse_month (const char *text, char month[8])
{
    int y, m;
    char tail;
    GDate day;
    if (text && strlen (text) == 7 && sscanf (text, "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 && m <= 12
        && y >= 1970)
        ;
    else if (s_parse_day (text, &day)) {
        y = g_date_get_year (&day);
        m = g_date_get_month (&day);
    } else
        return FALSE;
    g_snprintf (month, 8, "%04d-%02d", y, m);
    return TRUE;
}

void
manager_report_view_query (ManagerReportView *self)
{
    if (s_busy (self))
        return;                        /* one report at a time */
    if (s_national_shown (self)) {
        char month[8];
        if (!s_parse_month (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), month)) {
            s_status (self, _("月份应为 YYYY-MM"));
            return;
        }
        const char *by = s_national_bys[MIN (gtk_drop_down_get_selected (self->national_by_drop), 2)];
        s_busy_begin (self, ANSWER_NATIONAL);
        g_signal_emit (self, s_signals[SIGNAL_QUERY_NATIONAL], 0, month, by);
        return;
    }
    const char *period = s_periods[MIN (gtk_drop_down_get_selected (self->period_drop), 2)];
    const char *by = s_bys[MIN (gtk_drop_down_get_selected (self->by_drop), 4)];
    GDate from, to;
    if (!s_parse_day (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), &from)) {
        s_status (self, _("日期应为 YYYY-MM-DD"));
        return;
    }
    to = from;
    if (g_strcmp0 (period, "month") == 0) {
        g_date_set_day (&from, 1);
        to = from;
        g_date_set_day (&to, g_date_get_days_in_month (g_date_get_month (&from), g_date_get_year (&from)));
    } else if (g_strcmp0 (period, "range") == 0
               && !s_parse_day (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), &to)) {
        s_status (self, _("日期应为 YYYY-MM-DD"));
        return;
    }
    if (g_date_compare (&from, &to) > 0) {
        s_status (self, _("起始日期晚于结束日期"));
        return;
    }
    g_autofree char *f = s_format_day (&from), *t = s_format_day (&to);
    s_busy_begin (self, ANSWER_TABLE | ANSWER_HOUR | ANSWER_JOURNEY);
    g_signal_emit (self, s_signals[SIGNAL_QUERY], 0, f, t, by);
}

static void
s_query_clicked (GtkButton *button, ManagerReportView *self)
{
    manager_report_view_query (self);
}

static void s_render_table (ManagerReportView *self);

static void
s_period_changed (GtkDropDown *drop, GParamSpec *pspec, ManagerReportView *self)
{
    gboolean range = gtk_drop_down_get_selected (drop) == 2;
    gboolean national = s_national_shown (self);
    gtk_widget_set_visible (GTK_WIDGET (self->to_entry), range);
    gtk_widget_set_visible (GTK_WIDGET (self->to_label), range);
    gtk_widget_set_visible (GTK_WIDGET (self->by_drop), !national);
    gtk_widget_set_visible (GTK_WIDGET (self->national_by_drop), national);
    gtk_widget_set_visible (self->charts_box, !national);
    gtk_entry_set_placeholder_text (self->from_entry, national ? "YYYY-MM" : "YYYY-MM-DD");
    /* A month of the day shown, or the day of the month. */
    const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
    if (national && strlen (from) == 10) {
        g_autofree char *month = g_strndup (from, 7);
        gtk_editable_set_text (GTK_EDITABLE (self->from_entry), month);
    } else if (!national && strlen (from) == 7 && self->hall_day) {
        g_autofree char *day = strncmp (self->hall_day, from, 7) == 0 ? g_strdup (self->hall_day)
                                                                           : g_strdup_printf ("%s-01", from);
        gtk_editable_set_text (GTK_EDITABLE (self->from_entry), day);
    }
    s_render_table (self);
}

static void
s_draw_hourly (GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer data)
{
    ManagerReportView *self = data;
    report_chart_hourly (cr, w, h, self->hours ? self->hours : json_null ());
}

static void
s_draw_waits (GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer data)
{
    ManagerReportView *self = data;
    report_chart_waits (cr, w, h, self->report ? self->report : json_null ());
}

/* ---- export --------------------------------------------------------------- */

gboolean
manager_report_view_export_csv (ManagerReportView *self, const char *path, GError **error)
{
    if (s_national_shown (self)) {
        if (!self->national) {
            g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", _("请先查询报表"));
            return FALSE;
        }
        return report_write_national_csv (self->national, path, error);
    }
    if (!self->report) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", _("请先查询报表"));
        return FALSE;
    }
    return report_write_csv (self->report, path, error);
}

gboolean
manager_report_view_export_pdf (ManagerReportView *self, const char *path, GError **error)
{
    if (s_national_shown (self)) {
        if (!self->national) {
            g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", _("请先查询报表"));
            return FALSE;
        }
        return report_write_national_pdf (self->national, self->hall_name, self->tz, path, error);
    }
    if (!self->report) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", _("请先查询报表"));
        return FALSE;
    }
    return report_write_pdf (self->report, self->hours, self->journeys, self->hall_name, self->tz, path, error);
}

char *
manager_report_view_export_name (ManagerReportView *self, gboolean pdf)
{
    if (s_national_shown (self))
        return self->national ? g_strdup_printf ("national-%s-%s.%s",
                                    json_string_value (json_object_get (self->national, "month")),
                                    json_string_value (json_object_get (self->national, "by")), pdf ? "pdf" : "csv")
                              : NULL;
    if (!self->report)
        return NULL;
    return g_strdup_printf ("report-%s-%s-%s.%s",
        json_string_value (json_object_get (self->report, "from")),
        json_string_value (json_object_get (self->report, "to")),
        json_string_value (json_object_get (self->report, "by")), pdf ? "pdf" : "csv");
}

static void
s_chosen (GtkNativeDialog *dialog, int response, ManagerReportView *self)
{
    gboolean pdf = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "pdf"));
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
        g_autofree char *path = g_file_get_path (file);
        g_autoptr (GError) error = NULL;
        gboolean ok = pdf ? manager_report_view_export_pdf (self, path, &error)
                          : manager_report_view_export_csv (self, path, &error);
        g_autofree char *text = ok ? g_strdup_printf (_("已导出 %s"), path)
                                   : g_strdup_printf (_("导出失败：%s"), error->message);
        s_status (self, text);
    }
    g_object_unref (dialog);
}

static void
s_export_clicked (GtkButton *button, ManagerReportView *self)
{
    gboolean pdf = button == self->pdf_button;
    if (!(s_national_shown (self) ? self->national : self->report)) {
        s_status (self, _("请先查询报表"));
        return;
    }
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    GtkFileChooserNative *dialog = gtk_file_chooser_native_new (pdf ? _("导出 PDF 报告") : _("导出 CSV"),
        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, GTK_FILE_CHOOSER_ACTION_SAVE, _("导出"), _("取消"));
    g_autofree char *name = manager_report_view_export_name (self, pdf);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
    g_object_set_data (G_OBJECT (dialog), "pdf", GINT_TO_POINTER (pdf));
    g_signal_connect (dialog, "response", G_CALLBACK (s_chosen), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- the table -------------------------------------------------------------- */

/* The national form as the PDF has it, two tables one under the other
 * in the grid: the five levels and the rates, then the 差评 follow-up and
 * appeals; a row per department (window, clerk) and 合计 in each. */
static void
s_render_national (ManagerReportView *self)
{
    const report_column_t *tables[] = { report_national_columns (), report_national_follow_up_columns () };
    json_t *rows = json_object_get (self->national, "rows");
    size_t n = json_array_size (rows);
    int top = 0;
    for (int t = 0; t < 2; t++) {
        manager_grid_cell (self->table, 0, top, t ? _("差评整改、回访与申诉") : _("五级评价与评价率"), "head", NULL);
        for (int c = 0; tables[t][c].key; c++)
            manager_grid_cell (self->table, c + 1, top, _(tables[t][c].header), "head", NULL);
        for (size_t r = 0; r <= n; r++) {
            json_t *row = r < n ? json_array_get (rows, r) : json_object_get (self->national, "totals");
            g_autofree char *label = report_label (self->national, row);
            manager_grid_cell (self->table, 0, top + (int) r + 1, label, r == n ? "head" : "name", NULL);
            for (int c = 0; tables[t][c].key; c++) {
                g_autofree char *cell = report_cell (row, &tables[t][c]);
                g_autofree char *name = r == n ? g_strdup_printf ("national-total-%s", tables[t][c].key) : NULL;
                manager_grid_cell (self->table, c + 1, top + (int) r + 1, cell, r == n ? "head" : "figure", name);
            }
        }
        top += (int) n + 3;                  /* a blank row between */
        if (t == 0)
            manager_grid_cell (self->table, 0, top - 1, " ", "name", NULL);
    }
}

static void
s_render_table (ManagerReportView *self)
{
    manager_grid_clear (self->table);
    if (s_national_shown (self)) {
        if (self->national)
            s_render_national (self);
        return;
    }
    if (!self->report)
        return;
    const report_column_t *columns = report_columns ();
    manager_grid_cell (self->table, 0, 0, _("项目"), "head", NULL);
    for (int c = 0; columns[c].key; c++)
        manager_grid_cell (self->table, c + 1, 0, _(columns[c].header), "head", NULL);
    json_t *rows = json_object_get (self->report, "rows");
    size_t n = json_array_size (rows);
    for (size_t r = 0; r <= n; r++) {
        json_t *row = r < n ? json_array_get (rows, r) : json_object_get (self->report, "totals");
        g_autofree char *label = report_label (self->report, row);
        manager_grid_cell (self->table, 0, (int) r + 1, label, r == n ? "head" : "name", NULL);
        for (int c = 0; columns[c].key; c++) {
            g_autofree char *cell = report_cell (row, &columns[c]);
            g_autofree char *name = r == n ? g_strdup_printf ("total-%s", columns[c].key) : NULL;
            manager_grid_cell (self->table, c + 1, (int) r + 1, cell, r == n ? "head" : "figure", name);
        }
    }
}

static void
s_set_hours (ManagerReportView *self, json_t *report)
{
    json_decref (self->hours);
    self->hours = report ? json_incref (report) : NULL;
    gtk_widget_queue_draw (GTK_WIDGET (self->hourly_area));
}

static void
s_set_journeys (ManagerReportView *self, json_t *report)
{
    json_decref (self->journeys);
    self->journeys = report ? json_incref (report) : NULL;
}

void
manager_report_view_set_report (ManagerReportView *self, const char *tag, json_t *report)
{
    /* An answer not awaited (its query cancelled, or answered already)
     * changes nothing. */
    guint answer = s_answer (tag);
    if (!(self->awaited & answer))
        return;
    self->awaited &= ~answer;
    if (answer & (ANSWER_HOUR | ANSWER_JOURNEY)) {
        if (s_busy (self)) {               /* held: a cancelled query leaves the charts as they were */
            json_t **held = answer == ANSWER_HOUR ? &self->held_hours : &self->held_journeys;
            json_decref (*held);
            *held = report ? json_incref (report) : NULL;
            self->held |= answer;
        } else if (answer == ANSWER_HOUR)
            s_set_hours (self, report);
        else
            s_set_journeys (self, report);
        return;
    }
    s_busy_show (self, FALSE);                /* the charts' answers may follow */
    if (self->held & ANSWER_HOUR)
        s_set_hours (self, self->held_hours);
    if (self->held & ANSWER_JOURNEY)
        s_set_journeys (self, self->held_journeys);
    s_held_drop (self);
    if (g_strcmp0 (tag, "national") == 0) {
        json_decref (self->national);
        self->national = report ? json_incref (report) : NULL;
        s_render_table (self);
        if (report) {
            g_autofree char *text = g_strdup_printf (_("%s 全国口径，%zu 行 · 匿名差评单列，不计入实名回访率的分母"),
                json_string_value (json_object_get (report, "month")),
                json_array_size (json_object_get (report, "rows")));
            s_status (self, text);
        } else
            s_status (self, _("查询失败"));
        return;
    }
    json_decref (self->report);
    self->report = report ? json_incref (report) : NULL;
    s_render_table (self);
    gtk_widget_queue_draw (GTK_WIDGET (self->waits_area));
    if (report) {
        g_autofree char *text = g_strdup_printf (_("%s 至 %s，%zu 行"),
            json_string_value (json_object_get (report, "from")),
            json_string_value (json_object_get (report, "to")),
            json_array_size (json_object_get (report, "rows")));
        s_status (self, text);
    } else
        s_status (self, _("查询失败"));
}

json_t *manager_report_view_report (ManagerReportView *self) { return self->report; }
json_t *manager_report_view_hours (ManagerReportView *self)  { return self->hours; }
json_t *manager_report_view_national (ManagerReportView *self) { return self->national; }

/* The entries follow the hall's day (past midnight too) until the manager
 * types or picks other days. */
void
manager_report_view_set_day (ManagerReportView *self, const char *day)
{
    if (!day || g_strcmp0 (day, self->hall_day) == 0)
        return;
    const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
    const char *to = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
    gboolean following = self->hall_day ? g_strcmp0 (from, self->hall_day) == 0
                                          && g_strcmp0 (to, self->hall_day) == 0
                                        : !self->day_set;
    g_free (self->hall_day);
    self->hall_day = g_strdup (day);
    if (!following)
        return;
    self->day_set = TRUE;
    gtk_editable_set_text (GTK_EDITABLE (self->from_entry), day);
    gtk_editable_set_text (GTK_EDITABLE (self->to_entry), day);
}

void
manager_report_view_set_hall (ManagerReportView *self, const char *hall_name, const char *tz)
{
    g_free (self->hall_name);
    self->hall_name = g_strdup (hall_name);
    g_free (self->tz);
    self->tz = g_strdup (tz);
}

static guint
s_index (const char **list, guint n, const char *value)
{
    for (guint i = 0; i < n; i++)
        if (g_strcmp0 (list[i], value) == 0)
            return i;
    return 0;
}

void
manager_report_view_select (ManagerReportView *self, const char *period, const char *from,
                            const char *to, const char *by)
{
    self->day_set = TRUE;
    gboolean national = g_strcmp0 (period, "national") == 0;
    if (national)
        gtk_drop_down_set_selected (self->national_by_drop, s_index (s_national_bys, 3, by));
    else
        gtk_drop_down_set_selected (self->by_drop, s_index (s_bys, 5, by));
    gtk_drop_down_set_selected (self->period_drop, s_index (s_periods, 4, period));
    if (from)
        gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
    if (to)
        gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
}

/* ---- life cycle --------------------------------------------------------------- */

static void
manager_report_view_dispose (GObject *object)
{
    ManagerReportView *self = MANAGER_REPORT_VIEW (object);
    g_clear_handle_id (&self->busy_timer, g_source_remove);
    G_OBJECT_CLASS (manager_report_view_parent_class)->dispose (object);
}

static void
manager_report_view_finalize (GObject *object)
{
    ManagerReportView *self = MANAGER_REPORT_VIEW (object);
    json_decref (self->report);
    json_decref (self->hours);
    json_decref (self->journeys);
    json_decref (self->national);
    g_free (self->hall_name);
    g_free (self->tz);
    g_free (self->hall_day);
    g_free (self->status_before);
    json_decref (self->held_hours);
    json_decref (self->held_journeys);
    G_OBJECT_CLASS (manager_report_view_parent_class)->finalize (object);
}

static void
manager_report_view_class_init (ManagerReportViewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = manager_report_view_dispose;
    G_OBJECT_CLASS (klass)->finalize = manager_report_view_finalize;
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, MANAGER_RESOURCE_PATH "/manager-report-view.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, period_drop);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, from_entry);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, to_entry);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, to_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, by_drop);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, national_by_drop);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, charts_box);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, query_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, busy_box);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, busy_spinner);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, busy_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, cancel_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, status_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, csv_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, pdf_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, table);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, hourly_area);
    gtk_widget_class_bind_template_child (widget_class, ManagerReportView, waits_area);
    s_signals[SIGNAL_QUERY] = g_signal_new ("query", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING,
                                         G_TYPE_STRING, G_TYPE_STRING);
    s_signals[SIGNAL_QUERY_NATIONAL] = g_signal_new ("query-national", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                                     G_TYPE_STRING);
    s_signals[SIGNAL_CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                             NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
manager_report_view_init (ManagerReportView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    g_signal_connect (self->query_button, "clicked", G_CALLBACK (s_query_clicked), self);
    g_signal_connect (self->cancel_button, "clicked", G_CALLBACK (s_cancel_clicked), self);
    g_signal_connect (self->csv_button, "clicked", G_CALLBACK (s_export_clicked), self);
    g_signal_connect (self->pdf_button, "clicked", G_CALLBACK (s_export_clicked), self);
    g_signal_connect (self->period_drop, "notify::selected", G_CALLBACK (s_period_changed), self);
    gtk_drawing_area_set_draw_func (self->hourly_area, s_draw_hourly, self, NULL);
    gtk_drawing_area_set_draw_func (self->waits_area, s_draw_waits, self, NULL);
    s_period_changed (self->period_drop, NULL, self);
}

GtkWidget *
manager_report_view_new (void)
{
    return g_object_new (MANAGER_TYPE_REPORT_VIEW, NULL);
}
