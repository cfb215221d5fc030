/*  county-report-model.h — the county's reports on the dashboard
 *  (hall-manager --county, 报表; docs/COUNTY.md "Reports").
 *
 *  A report is county_report() (county/county-report.h: the figures of
 *  docs/METRICS.md with the hall's definitions, by hall, department,
 *  category or month, of every hall or one), run in a GTask's worker
 *  thread on a connection of its own (county_model_connect_sync), so that a
 *  year's report over every hall (seconds of SQL) never freezes the window;
 *  the live model's connection is not touched.  A connection per report:
 *  a report is a click, not a stream, and no connection crosses threads.
 *  One report at a time.  Its exports are hall-county's: hall_report_csv
 *  and report_write_pdf, with the same title and zone (the hall's name and
 *  zone for one hall, else the county's).
 *
 *  Signals:
 *    "busy"    (gboolean busy)   a report started (TRUE) or ended (FALSE)
 *    "report"  ()                the report asked for is in, or failed
 *                                (county_report_model_error)
 */
#ifndef COUNTY_REPORT_MODEL_H
#define COUNTY_REPORT_MODEL_H

#include <glib-object.h>
#include <jansson.h>
#include "county-model.h"

G_BEGIN_DECLS

#define COUNTY_TYPE_REPORT_MODEL (county_report_model_get_type ())
G_DECLARE_FINAL_TYPE (CountyReportModel, county_report_model, COUNTY, REPORT_MODEL, GObject)

/* The reports of LIVE's county (a reference is taken: its conninfo, its
 * halls' names and zones). */
CountyReportModel *county_report_model_new (CountyModel *live);
/* Starts the report of the days FROM..TO ("YYYY-MM-DD") by BY (hall,
 * department, category, month) of hall HALL (NULL: every hall).  FALSE,
 * and nothing started, while another runs. */
gboolean           county_report_model_run (CountyReportModel *self, const char *from, const char *to,
                                            const char *by, const char *hall);
gboolean           county_report_model_busy (CountyReportModel *self);
/* The last report that came in (county_report's JSON, borrowed until the
 * next "report"), or NULL (none yet, or the last failed). */
json_t            *county_report_model_report (CountyReportModel *self);
/* Why the last report failed, or NULL. */
const char        *county_report_model_error (CountyReportModel *self);
/* The report's title: the hall's name, or 全县各便民服务中心. */
const char        *county_report_model_title (CountyReportModel *self);
/* The county's today: the latest day of a hall's clock in its zone (never
 * this machine's date, as hall-county's "today"); Asia/Shanghai's today
 * before any hall has a clock.  g_free. */
char              *county_report_model_today (CountyReportModel *self);
/* The last report as hall-county writes it: CSV (hall_report_csv) and PDF
 * (report_write_pdf).  FALSE with ERROR set, G_FILE_ERROR_INVAL when
 * there is no report. */
gboolean           county_report_model_write_csv (CountyReportModel *self, const char *path, GError **error);
gboolean           county_report_model_write_pdf (CountyReportModel *self, const char *path, GError **error);
/* The file name an export of the last report offers, EXTENSION "pdf" or
 * "csv": 县级报表-PERIOD[-按GROUPING][-HALL].EXT, PERIOD "2026-11" for a
 * whole month, "2026" for a whole year, a day, or "FROM至TO"; the
 * grouping when it is not by hall, the hall's name for one hall.  NULL
 * before a report.  g_free. */
char              *county_report_model_file_name (CountyReportModel *self, const char *extension);

G_END_DECLS

#endif
