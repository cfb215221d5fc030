/*  manager-report-view.h — the reports page: pick a day, a month or a
 *  range and a grouping; the table of every figure (docs/METRICS.md), the
 *  hourly-load and wait charts, and CSV / PDF export.  Or the period
 *  全国好差评口径（月）: a month's 好差评 in the national form
 *  (`report.national`, METRICS.md "National form") by department, window
 *  or clerk — its table (the five levels, the rates, the 差评 follow-up and
 *  appeals), no charts, and its own CSV / PDF.
 *
 *  Signal "query" (const char *from, const char *to, const char *by): the
 *  owner asks the server for the report (and the by-hour one for the load
 *  chart, the by-journey one for the PDF's 一件事 part) and hands the
 *  answers back with manager_report_view_set_report().
 *  Signal "query-national" (const char *month, const char *by): the owner
 *  asks for `report.national` and hands the answer back with TAG
 *  "national".
 *  While the answer (the table's, or the national form's) is awaited the
 *  view is busy: a spinner, "正在生成报表… N 秒" and 取消, and 查询
 *  insensitive (one report at a time).  取消 leaves the busy state for the
 *  one before (the last report and its status line), drops the answers of
 *  that query if they still come, and emits signal "cancel" () so that the
 *  owner drops its requests too (manager_controller_report_cancel).
 *  Widgets named "report-period", "report-from", "report-to", "report-by",
 *  "report-national-by", "report-query", "report-table", "chart-hourly",
 *  "chart-waits", "report-status", "report-busy" (the busy state's box),
 *  "report-spinner", "report-busy-label", "report-cancel".
 */
#ifndef MANAGER_REPORT_VIEW_H
#define MANAGER_REPORT_VIEW_H

#include <gtk/gtk.h>
#include <jansson.h>

G_BEGIN_DECLS

#define MANAGER_TYPE_REPORT_VIEW (manager_report_view_get_type ())
G_DECLARE_FINAL_TYPE (ManagerReportView, manager_report_view, MANAGER, REPORT_VIEW, GtkBox)

GtkWidget *manager_report_view_new (void);
/* The hall's today (the server's day): the period pickers show it, and follow
 * it past midnight until the manager chooses other days. */
void       manager_report_view_set_day (ManagerReportView *self, const char *day);
void       manager_report_view_set_hall (ManagerReportView *self, const char *hall_name, const char *tz);
/* Period: "day" (FROM only), "month" (FROM's month), "range", or
 * "national" (FROM's month, "YYYY-MM" or a day of it; BY department,
 * window or clerk); BY a grouping. */
void       manager_report_view_select (ManagerReportView *self, const char *period, const char *from,
                                       const char *to, const char *by);
/* Emits "query" for the current choice (nothing while busy). */
void       manager_report_view_query (ManagerReportView *self);
/* TAG "table" (the grouping asked for), "hour", "journey" or "national"
 * (report.national); REPORT borrowed, NULL = failed.  Only an answer the
 * last query awaits is shown, once; any other is dropped. */
void       manager_report_view_set_report (ManagerReportView *self, const char *tag, json_t *report);
json_t    *manager_report_view_report (ManagerReportView *self);   /* borrowed, may be NULL */
json_t    *manager_report_view_hours (ManagerReportView *self);
json_t    *manager_report_view_national (ManagerReportView *self);  /* borrowed, may be NULL */
/* The exports write what is shown: the national form's CSV (UTF-8 with a
 * BOM, Chinese headers) and PDF while the period is 全国好差评口径. */
gboolean   manager_report_view_export_csv (ManagerReportView *self, const char *path, GError **error);
gboolean   manager_report_view_export_pdf (ManagerReportView *self, const char *path, GError **error);
/* The file name an export offers: "report-FROM-TO-BY.pdf" (or .csv), the
 * report's own days (the hall's), or "national-MONTH-BY.pdf"; NULL before
 * a report.  g_free. */
char      *manager_report_view_export_name (ManagerReportView *self, gboolean pdf);

G_END_DECLS

#endif
