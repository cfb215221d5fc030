/*  county-report-view.c — see county-report-view.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "county-report-view.h"
#include "manager-grid.h"
#include "manager-resources.h"
#include "report-figures.h"
#include "report-table.h"
#include "report-writer.h"
#include "i18n.h"

#include <string.h>

struct _CountyReportView {
    GtkBox             parent_instance;
    CountyReportModel *model;              /* owned reference */
    GtkButton         *month_button;
    GtkButton         *last_month_button;
    GtkButton         *year_button;
    GtkEntry          *from_entry;
    GtkEntry          *to_entry;
    GtkDropDown       *by_drop;
    GtkDropDown       *hall_drop;          /* 全部大厅, then hall_ids' halls */
    GtkButton         *query_button;
    GtkSpinner        *busy_spinner;
    GtkLabel          *status_label;
    GtkButton         *csv_button;
    GtkButton         *pdf_button;
    GtkGrid           *table;
    GPtrArray         *hall_ids;           /* char *: item i + 1 of hall_drop */
    char              *halls_offered;      /* the ids and names offered, to rebuild on a change only */
    gboolean           period_chosen;      /* the entries hold the user's days, not the default */
};

G_DEFINE_FINAL_TYPE (CountyReportView, county_report_view, GTK_TYPE_BOX)

/* by_drop's items, in order, and the label column's header for each. */
static const char *const s_bys[] = { "hall", "department", "category", "month" };
static const char *const s_by_headers[] = { N_("大厅"), N_("部门"), N_("类别"), N_("月份") };

/* The table's figures: the hall's columns (report_columns: the same header
 * and format as the hall's report page), and 差评, a count. */
static const char *const s_keys[] = { "issued", "served", "noshow", "wait_avg", "wait_p90", "service_avg",
                                      "service_level", "good_rate", "ratings_bad", "cases_opened",
                                      "cases_overdue" };
static const report_column_t s_ratings_bad = { "ratings_bad", N_("差评"), HALL_FIGURE_COUNT };

static const report_column_t *
s_column (const char *key)
{
    for (const report_column_t *column = report_columns (); column->key; column++)
        if (strcmp (column->key, key) == 0)
            return column;
    g_assert (strcmp (key, s_ratings_bad.key) == 0);
    return &s_ratings_bad;
}

static void
s_status (CountyReportView *self, const char *text)
{
    gtk_label_set_text (self->status_label, text);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);    /* when cut short */
}

/* ---- the period --------------------------------------------------------------- */

static void
s_set_day (GtkEntry *entry, const GDate *date)
{
    g_autofree char *text = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                                             g_date_get_day (date));
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

typedef enum { PICK_MONTH, PICK_LAST_MONTH, PICK_YEAR } pick_t;

/* The entries: this month, last month or this year of the county's today. */
static void
s_pick (CountyReportView *self, pick_t pick)
{
    g_autofree char *today = county_report_model_today (self->model);
    GDate first, last;
    if (!hall_report_day (today, &first))
        return;
    g_date_set_day (&first, 1);
    if (pick == PICK_LAST_MONTH)
        g_date_subtract_months (&first, 1);
    if (pick == PICK_YEAR)
        g_date_set_month (&first, G_DATE_JANUARY);
    last = first;
    if (pick == PICK_YEAR) {
        g_date_set_month (&last, G_DATE_DECEMBER);
        g_date_set_day (&last, 31);
    } else
        g_date_set_day (&last, g_date_get_days_in_month (g_date_get_month (&first), g_date_get_year (&first)));
    s_set_day (self->from_entry, &first);
    s_set_day (self->to_entry, &last);
}

static void
s_pick_clicked (GtkButton *button, CountyReportView *self)
{
    self->period_chosen = TRUE;
    s_pick (self, button == self->month_button ? PICK_MONTH
                  : button == self->last_month_button ? PICK_LAST_MONTH : PICK_YEAR);
}

static void
s_entry_changed (GtkEditable *editable, CountyReportView *self)
{
    /* Typed, picked or selected: the user's days from now on (the
     * default month's s_pick clears it again after its own edits). */
    self->period_chosen = TRUE;
}

/* ---- the table ------------------------------------------------------------------ */

static void
s_render (CountyReportView *self)
{
    manager_grid_clear (self->table);
    json_t *report = self->model ? county_report_model_report (self->model) : NULL;
    if (!report)
        return;
    const char *by = json_string_value (json_object_get (report, "by"));
    const char *label_header = s_by_headers[0];
    for (size_t i = 0; i < G_N_ELEMENTS (s_bys); i++)
        if (g_strcmp0 (by, s_bys[i]) == 0)
            label_header = s_by_headers[i];
    manager_grid_cell (self->table, 0, 0, _(label_header), "head", NULL);
    for (size_t c = 0; c < G_N_ELEMENTS (s_keys); c++) {
        GtkWidget *head = manager_grid_cell (self->table, (int) c + 1, 0, _(s_column (s_keys[c])->header),
                                             "head", NULL);
        gtk_widget_set_hexpand (head, TRUE);
        gtk_label_set_xalign (GTK_LABEL (head), 1.0f);
    }
    json_t *rows = json_object_get (report, "rows");
    size_t n = json_array_size (rows);
    for (size_t r = 0; r <= n; r++) {
        gboolean total = r == n;
        json_t *row = total ? json_object_get (report, "totals") : json_array_get (rows, r);
        const char *key = total ? "total" : json_string_value (json_object_get (row, "key"));
        g_autofree char *label = total ? g_strdup (_("合计")) : report_label (report, row);
        g_autofree char *row_name = total ? g_strdup ("county-report-row-total")
                                          : g_strdup_printf ("county-report-row-%zu", r);
        GtkWidget *name = manager_grid_cell (self->table, 0, (int) r + 1, label, total ? "head" : "name",
                                             row_name);
        gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
        gtk_label_set_max_width_chars (GTK_LABEL (name), 16);
        gtk_widget_set_tooltip_text (name, total ? label : key);
        for (size_t c = 0; c < G_N_ELEMENTS (s_keys); c++) {
            g_autofree char *cell = report_cell (row, s_column (s_keys[c]));
            g_autofree char *cell_name = g_strdup_printf ("cr-%s-%s", key ? key : "-", s_keys[c]);
            GtkWidget *label_cell = manager_grid_cell (self->table, (int) c + 1, (int) r + 1, cell,
                                                       total ? "head" : "figure", cell_name);
            gtk_label_set_xalign (GTK_LABEL (label_cell), 1.0f);
        }
    }
    if (n == 0)
        manager_grid_cell (self->table, 0, 2, _("这段时间没有取号"), "dim", "county-report-empty");
}

/* ---- the model's answers --------------------------------------------------------- */

static void
s_busy (CountyReportModel *model, gboolean busy, CountyReportView *self)
{
    gtk_spinner_set_spinning (self->busy_spinner, busy);
    gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), busy);     /* else the status lines up */
    gtk_widget_set_sensitive (GTK_WIDGET (self->query_button), !busy);
    gtk_widget_set_sensitive (GTK_WIDGET (self->csv_button), !busy && county_report_model_report (model));
    gtk_widget_set_sensitive (GTK_WIDGET (self->pdf_button), !busy && county_report_model_report (model));
    if (busy)
        s_status (self, _("正在统计……"));
}

static void
s_report (CountyReportModel *model, CountyReportView *self)
{
    s_render (self);
    json_t *report = county_report_model_report (model);
    gtk_widget_set_sensitive (GTK_WIDGET (self->csv_button), report != NULL);
    gtk_widget_set_sensitive (GTK_WIDGET (self->pdf_button), report != NULL);
    if (!report) {
        g_autofree char *text = g_strdup_printf (_("查询失败：%s"), county_report_model_error (model));
        s_status (self, text);
        return;
    }
    g_autofree char *text = g_strdup_printf (_("%s 至 %s · %s · %zu 行"),
                                             json_string_value (json_object_get (report, "from")),
                                             json_string_value (json_object_get (report, "to")),
                                             county_report_model_title (model),
                                             json_array_size (json_object_get (report, "rows")));
    s_status (self, text);
}

/* ---- asking ------------------------------------------------------------------------ */

void
county_report_view_query (CountyReportView *self)
{
    GDate from, to;
    if (!hall_report_day (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), &from)
        || !hall_report_day (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), &to)) {
        s_status (self, _("日期应为 YYYY-MM-DD"));
        return;
    }
    if (g_date_compare (&from, &to) > 0) {
        s_status (self, _("起始日期晚于结束日期"));
        return;
    }
    guint by = MIN (gtk_drop_down_get_selected (self->by_drop), G_N_ELEMENTS (s_bys) - 1);
    guint hall = gtk_drop_down_get_selected (self->hall_drop);
    const char *id = hall >= 1 && hall <= self->hall_ids->len ? g_ptr_array_index (self->hall_ids, hall - 1)
                                                              : NULL;
    if (!county_report_model_run (self->model, gtk_editable_get_text (GTK_EDITABLE (self->from_entry)),
                                  gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), s_bys[by], id))
        s_status (self, _("上一份报表还在统计，请稍候"));
}

static void
s_query_clicked (GtkButton *button, CountyReportView *self)
{
    county_report_view_query (self);
}

void
county_report_view_select (CountyReportView *self, const char *from, const char *to, const char *by,
                           const char *hall)
{
    gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
    gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
    for (guint i = 0; i < G_N_ELEMENTS (s_bys); i++)
        if (g_strcmp0 (by, s_bys[i]) == 0)
            gtk_drop_down_set_selected (self->by_drop, i);
    guint item = 0;
    for (guint i = 0; hall && i < self->hall_ids->len; i++)
        if (g_strcmp0 (hall, g_ptr_array_index (self->hall_ids, i)) == 0)
            item = i + 1;
    gtk_drop_down_set_selected (self->hall_drop, item);
}

/* ---- export --------------------------------------------------------------------- */

gboolean
county_report_view_export (CountyReportView *self, gboolean pdf, const char *path, GError **error)
{
    GError *failed = NULL;
    gboolean ok = pdf ? county_report_model_write_pdf (self->model, path, &failed)
                      : county_report_model_write_csv (self->model, path, &failed);
    g_autofree char *text = ok ? g_strdup_printf (_("已导出 %s"), path)
                               : g_strdup_printf (_("导出失败：%s"), failed->message);
    s_status (self, text);
    if (failed)
        g_propagate_error (error, failed);
    return ok;
}

char *
county_report_view_export_name (CountyReportView *self, gboolean pdf)
{
    return county_report_model_file_name (self->model, pdf ? "pdf" : "csv");
}

static void
s_chosen (GtkNativeDialog *dialog, int response, CountyReportView *self)
{
    gboolean pdf = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "pdf"));
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
        g_autofree char *path = file ? g_file_get_path (file) : NULL;
        if (path)
            county_report_view_export (self, pdf, path, NULL);
        else
            s_status (self, _("导出失败：请选择本机的文件夹"));
    }
    g_object_unref (dialog);
}

/* GTK 4.8 (Debian 12) has no GtkFileDialog: the native chooser, which
 * is the portal's under Flatpak. */
static void
s_export_clicked (GtkButton *button, CountyReportView *self)
{
    gboolean pdf = button == self->pdf_button;
    g_autofree char *name = county_report_view_export_name (self, pdf);
    if (!name) {
        s_status (self, _("请先查询报表"));
        return;
    }
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    GtkFileChooserNative *dialog = gtk_file_chooser_native_new (pdf ? _("导出 PDF") : _("导出 CSV"),
        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, GTK_FILE_CHOOSER_ACTION_SAVE, _("导出"), _("取消"));
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
    g_object_set_data (G_OBJECT (dialog), "pdf", GINT_TO_POINTER (pdf));
    /* Not called once the page is gone (the window closed meanwhile). */
    g_signal_connect_object (dialog, "response", G_CALLBACK (s_chosen), self, 0);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- the halls offered ------------------------------------------------------------ */

static int
s_by_id (gconstpointer a, gconstpointer b)
{
    const county_hall_t *x = *(county_hall_t *const *) a, *y = *(county_hall_t *const *) b;
    return g_strcmp0 (x->id, y->id);
}

void
county_report_view_set_halls (CountyReportView *self, GPtrArray *halls)
{
    /* Not g_ptr_array_copy: the copy would free the halls with it. */
    g_autoptr (GPtrArray) sorted = g_ptr_array_sized_new (halls->len);
    for (guint i = 0; i < halls->len; i++)
        g_ptr_array_add (sorted, g_ptr_array_index (halls, i));
    g_ptr_array_sort (sorted, s_by_id);
    GString *offered = g_string_new (NULL);
    for (guint i = 0; i < sorted->len; i++) {
        const county_hall_t *hall = g_ptr_array_index (sorted, i);
        g_string_append_printf (offered, "%s\t%s\n", hall->id, hall->name);
    }
    if (g_strcmp0 (offered->str, self->halls_offered) == 0) {
        g_string_free (offered, TRUE);
        return;
    }
    g_free (self->halls_offered);
    self->halls_offered = g_string_free (offered, FALSE);
    guint item = gtk_drop_down_get_selected (self->hall_drop);
    g_autofree char *chosen = item >= 1 && item <= self->hall_ids->len
        ? g_strdup (g_ptr_array_index (self->hall_ids, item - 1)) : NULL;
    g_ptr_array_set_size (self->hall_ids, 0);
    GtkStringList *names = gtk_string_list_new (NULL);
    gtk_string_list_append (names, _("全部大厅"));
    item = 0;
    for (guint i = 0; i < sorted->len; i++) {
        const county_hall_t *hall = g_ptr_array_index (sorted, i);
        g_ptr_array_add (self->hall_ids, g_strdup (hall->id));
        gtk_string_list_append (names, hall->name);
        if (g_strcmp0 (chosen, hall->id) == 0)
            item = i + 1;
    }
    gtk_drop_down_set_model (self->hall_drop, G_LIST_MODEL (names));
    g_object_unref (names);
    gtk_drop_down_set_selected (self->hall_drop, item);
    /* The halls' clocks are in: the default month is the county's. */
    if (!self->period_chosen && sorted->len) {
        s_pick (self, PICK_MONTH);
        self->period_chosen = FALSE;
    }
}

/* ---- life cycle ------------------------------------------------------------------- */

void
county_report_view_set_model (CountyReportView *self, CountyReportModel *model)
{
    g_return_if_fail (!self->model);
    self->model = g_object_ref (model);
    g_signal_connect (model, "busy", G_CALLBACK (s_busy), self);
    g_signal_connect (model, "report", G_CALLBACK (s_report), self);
    s_pick (self, PICK_MONTH);
    self->period_chosen = FALSE;
    s_busy (model, county_report_model_busy (model), self);
    s_render (self);
}

static void
county_report_view_dispose (GObject *object)
{
    CountyReportView *self = COUNTY_REPORT_VIEW (object);
    if (self->model)
        g_signal_handlers_disconnect_by_data (self->model, self);
    g_clear_object (&self->model);
    G_OBJECT_CLASS (county_report_view_parent_class)->dispose (object);
}

static void
county_report_view_finalize (GObject *object)
{
    CountyReportView *self = COUNTY_REPORT_VIEW (object);
    g_ptr_array_unref (self->hall_ids);
    g_free (self->halls_offered);
    G_OBJECT_CLASS (county_report_view_parent_class)->finalize (object);
}

static void
county_report_view_class_init (CountyReportViewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = county_report_view_dispose;
    G_OBJECT_CLASS (klass)->finalize = county_report_view_finalize;
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, MANAGER_RESOURCE_PATH "/county-report-view.ui");
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, month_button);
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, last_month_button);
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, year_button);
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, from_entry);
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, to_entry);
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, by_drop);
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, hall_drop);
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, query_button);
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, busy_spinner);
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, status_label);
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, csv_button);
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, pdf_button);
    gtk_widget_class_bind_template_child (widget_class, CountyReportView, table);
}

static void
county_report_view_init (CountyReportView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->hall_ids = g_ptr_array_new_with_free_func (g_free);
    GtkStringList *names = gtk_string_list_new (NULL);
    gtk_string_list_append (names, _("全部大厅"));
    gtk_drop_down_set_model (self->hall_drop, G_LIST_MODEL (names));
    g_object_unref (names);
    g_signal_connect (self->month_button, "clicked", G_CALLBACK (s_pick_clicked), self);
    g_signal_connect (self->last_month_button, "clicked", G_CALLBACK (s_pick_clicked), self);
    g_signal_connect (self->year_button, "clicked", G_CALLBACK (s_pick_clicked), self);
    g_signal_connect (self->from_entry, "changed", G_CALLBACK (s_entry_changed), self);
    g_signal_connect (self->to_entry, "changed", G_CALLBACK (s_entry_changed), self);
    g_signal_connect (self->query_button, "clicked", G_CALLBACK (s_query_clicked), self);
    g_signal_connect (self->csv_button, "clicked", G_CALLBACK (s_export_clicked), self);
    g_signal_connect (self->pdf_button, "clicked", G_CALLBACK (s_export_clicked), self);
    gtk_widget_set_sensitive (GTK_WIDGET (self->csv_button), FALSE);
    gtk_widget_set_sensitive (GTK_WIDGET (self->pdf_button), FALSE);
}
