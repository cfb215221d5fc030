/*  report-table.h — a `report` result (docs/METRICS.md) as text: a table
 *  for people and CSV for spreadsheets.  Shared by hallctl and the
 *  manager's dashboard, so every export carries the same numbers as the
 *  JSON it came from: counts as integers, seconds with one decimal, ratios
 *  with four (CSV) — the server's own rounding.
 */
#ifndef HALL_REPORT_TABLE_H
#define HALL_REPORT_TABLE_H

#include <jansson.h>

typedef enum {
    HALL_FIGURE_TEXT,          /* key, name */
    HALL_FIGURE_COUNT,         /* integer */
    HALL_FIGURE_SECONDS,       /* seconds, real */
    HALL_FIGURE_RATIO,         /* 0..1, real */
} hall_figure_kind_t;

typedef struct {
    const char         *key;       /* field of a row in the report JSON */
    const char         *header;    /* column header (CSV and table) */
    hall_figure_kind_t  kind;
} hall_figure_t;

/* The columns in order, terminated by key == NULL. */
const hall_figure_t *hall_report_columns (void);

/* The rows and then a "total" row as CSV (RFC 4180, UTF-8, header line);
 * NULL when REPORT is not a report.  free(). */
char *hall_report_csv (json_t *report);

/* The same as an aligned text table: waits in minutes, ratios in percent.
 * free(). */
char *hall_report_text (json_t *report);

#endif
