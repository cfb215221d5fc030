/*  report-writer.h — a `report` result (docs/METRICS.md) as the dashboard and
 *  hallctl read it: the table's columns and cells, the charts (cairo, for the
 *  screen and for paper alike), and the CSV and PDF exports.  No GTK here.
 *
 *  The charts:
 *    hourly load — tickets issued and served per hour of day, from a report
 *      of the same range grouped by hour;
 *    waits — the average and the 90th-percentile wait of each row.  The
 *      report op gives no per-ticket waits, so this is not a histogram of
 *      single waits but of the rows' two wait figures.
 *
 *  The PDF: the table, the appointments' (预约) when there were bookings,
 *  the two charts (a report of one day: the day chart, report_chart_day,
 *  then the waits), then the journeys' (一件事) when there were journey
 *  tickets: a row per theme, and each theme's steps.
 */
#ifndef REPORT_WRITER_H
#define REPORT_WRITER_H

#include <cairo.h>
#include <glib.h>
#include <jansson.h>

typedef struct {
    const char *key;        /* field of a report row */
    const char *header;     /* column header (translated with _()) */
    int         kind;       /* hall_figure_kind_t */
} report_column_t;

/* The table's columns, terminated by key == NULL. */
const report_column_t *report_columns (void);
/* The appointments' columns (预约, 取消, 按时签到, ...): the PDF's second table. */
const report_column_t *report_booking_columns (void);
/* The journeys' columns (件数, 办结, 终止, ...): a row per theme of a report
 * by=journey, the PDF's 一件事 table. */
const report_column_t *report_journey_columns (void);
/* One cell as shown: counts as integers, seconds as minutes with one
 * decimal, ratios as percent with one decimal, null as "-".  g_free(). */
char *report_cell (json_t *row, const report_column_t *column);
/* The row's label: its name, else its key ("08" → "08:00"). */
char *report_label (json_t *report, json_t *row);

/* Charts into the rectangle W x H at the current origin of CR. */
void  report_chart_hourly (cairo_t *cr, double w, double h, json_t *hours);
void  report_chart_waits  (cairo_t *cr, double w, double h, json_t *report);

/* The day chart (report-chart-day.c): on the left, each category's
 * waiting people (a step line: counts change only at events) and its
 * longest current wait (minutes) through the day, with its target wait
 * dashed in its colour; on the right the hour-of-day load; under both the
 * series' caption, which says what is drawn and from what.  SERIES:
 *   {"origin": unix seconds of the day's local midnight,
 *    "categories": [{"code", "name", "target_wait" (seconds, 0: none)}, ...],
 *    "points": [{"t": unix seconds, "waiting": [n per category, or null],
 *                "longest": [seconds per category, or null]}, ...],
 *    "hours": [24 counts: tickets issued in each local hour],
 *    "wait_title": the wait plot's title (optional), "caption": text}
 * Drawn are the categories somebody waited in (all when nobody has yet);
 * a series with no waiting counts (null throughout) has the wait plot
 * alone, and every category's target.  The dashboard's is manager/manager-day-series.h's. */
void    report_chart_day (cairo_t *cr, double w, double h, json_t *series);
/* The day chart's series of a past day from the report of that day by
 * hour (HOURS): no counts (the report has no queue through the day), one
 * line, the whole hall's 90th-percentile wait of each hour's tickets
 * (wait_p90 of the row, at the hour's middle), and the load (issued);
 * the targets of CATEGORIES (a snapshot's, may be NULL) dashed.  New
 * reference. */
json_t *report_day_series_from_hours (json_t *hours, json_t *categories);

/* Exports.  HOURS (the by-hour report of the same range) may be NULL. */
gboolean report_write_csv (json_t *report, const char *path, GError **error);
/* JOURNEYS: the by=journey report of the same range, may be NULL (no
 * journey part).  TZ: the hall's time zone (the report's "generated_at" is
 * shown in it). */
gboolean report_write_pdf (json_t *report, json_t *hours, json_t *journeys, const char *hall_name,
                           const char *tz, const char *path, GError **error);
/* The same, and DAY (a day chart's series, may be NULL) for a report of
 * one day: the day chart on the first page.  report_write_pdf draws it
 * for a report of one day too, from report_day_series_from_hours (HOURS,
 * NULL). */
gboolean report_write_pdf_day (json_t *report, json_t *hours, json_t *journeys, json_t *day,
                               const char *hall_name, const char *tz, const char *path, GError **error);

/* ---- 好差评 in the national form (`report.national`, METRICS.md "National
 * form") ------------------------------------------------------------------ */

/* The national form's columns: the visits, the five levels and the rates
 * (the PDF's first table), and the 差评 follow-up, appeals and second
 * ratings (its second); the CSV has both, in this order. */
const report_column_t *report_national_columns (void);
const report_column_t *report_national_follow_up_columns (void);
/* The report as CSV for Excel in China: UTF-8 with a byte-order mark,
 * Chinese headers, RFC 4180 quoting, "\r\n"; counts as integers, ratios
 * as the JSON has them (four decimals), null empty; a text cell that
 * starts with = + - @ (or a tab or CR) is prefixed with ' so that no
 * spreadsheet runs it as a formula.  NULL when REPORT is not one.  g_free. */
char    *report_national_csv (json_t *report);
gboolean report_write_national_csv (json_t *report, const char *path, GError **error);
/* One page (A4 landscape): the hall's name and the month, the five levels
 * and the rates, then the 差评 follow-up and appeals, with the note that
 * anonymous 差评 are outside the revisit rate.  TZ as report_write_pdf's. */
gboolean report_write_national_pdf (json_t *report, const char *hall_name, const char *tz,
                                    const char *path, GError **error);

#endif
