/*  county-report-view.h — the county window's 报表 page: a period (from, to;
 *  quick picks 本月, 上月, 今年 of the county's today), a grouping (按大厅,
 *  按部门, 按类别, 按月份) and every hall or one; the table of the main
 *  figures of docs/METRICS.md (取号, 办结, 过号, the waits, 等候达标率,
 *  好评率, 差评, 案件, 超期) with a 合计 row; 导出 CSV and 导出 PDF with
 *  hall-county's writers.
 *
 *  It renders a CountyReportModel and asks it for reports: no SQL here.
 *  While a report runs the page says so (a spinner, 正在统计) and 查询 and
 *  the exports wait.
 *
 *  Widgets named for tests: county-report-month, -last-month, -year (the
 *  quick picks), -from, -to, -by, -hall, -query, -busy, -status, -csv,
 *  -pdf, -table; in the table county-report-row-N (the Nth row's label),
 *  cr-KEY-FIELD (row KEY's figure FIELD, a key of the report's JSON) and
 *  cr-total-FIELD.
 */
#ifndef COUNTY_REPORT_VIEW_H
#define COUNTY_REPORT_VIEW_H

#include <gtk/gtk.h>
#include "county-report-model.h"

G_BEGIN_DECLS

#define COUNTY_TYPE_REPORT_VIEW (county_report_view_get_type ())
G_DECLARE_FINAL_TYPE (CountyReportView, county_report_view, COUNTY, REPORT_VIEW, GtkBox)

/* The model it renders and asks (a reference is taken); once. */
void      county_report_view_set_model (CountyReportView *self, CountyReportModel *model);
/* The halls to offer for one hall's report (county_hall_t, borrowed: read
 * now), in any order: offered by id; the choice is kept by id. */
void      county_report_view_set_halls (CountyReportView *self, GPtrArray *halls);
/* Chooses a period and grouping as the controls would: FROM, TO days, BY
 * hall, department, category or month, HALL an id or NULL (every hall). */
void      county_report_view_select (CountyReportView *self, const char *from, const char *to, const char *by,
                                     const char *hall);
/* What 查询 does: asks the model for the report chosen. */
void      county_report_view_query (CountyReportView *self);
/* What the file dialogs' answers do: writes the report shown as PDF or
 * CSV to PATH and says so on the page. */
gboolean  county_report_view_export (CountyReportView *self, gboolean pdf, const char *path, GError **error);
/* The file name the dialogs offer (county_report_model_file_name), NULL
 * before a report.  g_free. */
char     *county_report_view_export_name (CountyReportView *self, gboolean pdf);

G_END_DECLS

#endif
