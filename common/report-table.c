/*  report-table.c — a report as CSV or a text table (report-table.h). */
#include "report-table.h"

#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const hall_figure_t s_columns[] = {
    { "key",              "key",              HALL_FIGURE_TEXT },
    { "name",             "name",             HALL_FIGURE_TEXT },
    { "issued",           "issued",           HALL_FIGURE_COUNT },
    { "served",           "served",           HALL_FIGURE_COUNT },
    { "noshow",           "noshow",           HALL_FIGURE_COUNT },
    { "expired",          "expired",          HALL_FIGURE_COUNT },
    { "cancelled",        "cancelled",        HALL_FIGURE_COUNT },
    { "called",           "called",           HALL_FIGURE_COUNT },
    { "wait_avg",         "wait_avg_s",       HALL_FIGURE_SECONDS },
    { "wait_p90",         "wait_p90_s",       HALL_FIGURE_SECONDS },
    { "service_avg",      "service_avg_s",    HALL_FIGURE_SECONDS },
    { "service_level",    "service_level",    HALL_FIGURE_RATIO },
    { "service_time",     "service_time_s",   HALL_FIGURE_SECONDS },
    { "signed_in",        "signed_in_s",      HALL_FIGURE_SECONDS },
    { "utilisation",      "utilisation",      HALL_FIGURE_RATIO },
    { "ratings_given",    "ratings_given",    HALL_FIGURE_COUNT },
    { "ratings_default",  "ratings_default",  HALL_FIGURE_COUNT },
    { "ratings_excluded", "ratings_excluded", HALL_FIGURE_COUNT },
    { "ratings_good",     "ratings_good",     HALL_FIGURE_COUNT },
    { "ratings_bad",      "ratings_bad",      HALL_FIGURE_COUNT },
    { "good_rate",        "good_rate",        HALL_FIGURE_RATIO },
    { "bad_rate",         "bad_rate",         HALL_FIGURE_RATIO },
    { "active_rate",      "active_rate",      HALL_FIGURE_RATIO },
    { "cases_opened",     "cases_opened",     HALL_FIGURE_COUNT },
    { "cases_closed",     "cases_closed",     HALL_FIGURE_COUNT },
    { "cases_overdue",    "cases_overdue",    HALL_FIGURE_COUNT },
    { "revisit_rate",     "revisit_rate",     HALL_FIGURE_RATIO },
    { "bookings",         "bookings",         HALL_FIGURE_COUNT },
    { "bookings_cancelled", "bookings_cancelled", HALL_FIGURE_COUNT },
    { "checkins",         "checkins",         HALL_FIGURE_COUNT },
    { "booking_noshows",  "booking_noshows",  HALL_FIGURE_COUNT },
    { "checkin_rate",     "checkin_rate",     HALL_FIGURE_RATIO },
    { "noshow_rate",      "noshow_rate",      HALL_FIGURE_RATIO },
    { "appointment_wait_avg", "appointment_wait_avg_s", HALL_FIGURE_SECONDS },
    { NULL }
};

/* A report by=journey (METRICS.md, "Journeys"): its own figures; the
 * per-step ones stay in the JSON. */
static const hall_figure_t s_journey_columns[] = {
    { "key",                  "key",                    HALL_FIGURE_TEXT },
    { "name",                 "name",                   HALL_FIGURE_TEXT },
    { "journeys",             "journeys",               HALL_FIGURE_COUNT },
    { "completed",            "completed",              HALL_FIGURE_COUNT },
    { "ended",                "ended",                  HALL_FIGURE_COUNT },
    { "unfinished",           "unfinished",             HALL_FIGURE_COUNT },
    { "completion_rate",      "completion_rate",        HALL_FIGURE_RATIO },
    { "total_time_avg",       "total_time_avg_s",       HALL_FIGURE_SECONDS },
    { "accompanied",          "accompanied",            HALL_FIGURE_COUNT },
    { "accompanied_time_avg", "accompanied_time_avg_s", HALL_FIGURE_SECONDS },
    { NULL }
};

const hall_figure_t *
hall_report_columns (void)
{
    return s_columns;
}

/* The columns of REPORT: a journey report's, or the visits'. */
static const hall_figure_t *
s_columns_of (json_t *report)
{
    const char *by = json_string_value (json_object_get (report, "by"));
    return by && strcmp (by, "journey") == 0 ? s_journey_columns : s_columns;
}

static void
s_csv_text (GString *out, const char *text)
{
    if (!strpbrk (text, ",\"\r\n")) {
        g_string_append (out, text);
        return;
    }
    g_string_append_c (out, '"');
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            g_string_append_c (out, '"');
        g_string_append_c (out, *p);
    }
    g_string_append_c (out, '"');
}

/* One figure of ROW into OUT; null is an empty field.  HUMAN: minutes
 * and percent for the table. */
static void
s_figure (GString *out, json_t *row, const hall_figure_t *column, bool human)
{
    json_t *value = json_object_get (row, column->key);
    if (!value || json_is_null (value)) {
        if (human)
            g_string_append_c (out, '-');
        return;
    }
    double number = json_number_value (value);
    switch (column->kind) {
    case HALL_FIGURE_TEXT:
        if (human)
            g_string_append (out, json_string_value (value) ? json_string_value (value) : "");
        else
            s_csv_text (out, json_string_value (value) ? json_string_value (value) : "");
        break;
    case HALL_FIGURE_COUNT:
        g_string_append_printf (out, "%" JSON_INTEGER_FORMAT, json_integer_value (value));
        break;
    case HALL_FIGURE_SECONDS:
        if (human)
            g_string_append_printf (out, "%.1f", number / 60.0);
        else
            g_string_append_printf (out, "%.1f", number);
        break;
    case HALL_FIGURE_RATIO:
        if (human)
            g_string_append_printf (out, "%.1f%%", number * 100.0);
        else
            g_string_append_printf (out, "%.4f", number);
        break;
    }
}

char *
hall_report_csv (json_t *report)
{
    json_t *rows = json_object_get (report, "rows");
    json_t *totals = json_object_get (report, "totals");
    if (!json_is_array (rows) || !json_is_object (totals))
        return NULL;
    const hall_figure_t *columns = s_columns_of (report);
    GString *out = g_string_new (NULL);
    for (const hall_figure_t *c = columns; c->key; c++)
        g_string_append_printf (out, "%s%s", c == columns ? "" : ",", c->header);
    g_string_append (out, "\r\n");
    for (size_t i = 0; i <= json_array_size (rows); i++) {
        json_t *row = i < json_array_size (rows) ? json_array_get (rows, i) : totals;
        for (const hall_figure_t *c = columns; c->key; c++) {
            if (c != columns)
                g_string_append_c (out, ',');
            if (row == totals && strcmp (c->key, "key") == 0)
                g_string_append (out, "total");
            else
                s_figure (out, row, c, false);
        }
        g_string_append (out, "\r\n");
    }
    char *text = strdup (out->str);
    g_string_free (out, TRUE);
    return text;
}

/* Display width of UTF-8 TEXT: CJK characters take two columns. */
static int
s_width (const char *text)
{
    int width = 0;
    for (const char *p = text; *p; p = g_utf8_next_char (p))
        width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
    return width;
}

char *
hall_report_text (json_t *report)
{
    json_t *rows = json_object_get (report, "rows");
    json_t *totals = json_object_get (report, "totals");
    if (!json_is_array (rows) || !json_is_object (totals))
        return NULL;
    const hall_figure_t *columns = s_columns_of (report);
    size_t ncols = 0, nrows = json_array_size (rows) + 2;
    while (columns[ncols].key)
        ncols++;
    /* Cells first, then widths, then the aligned lines. */
    char ***cells = g_new0 (char **, nrows);
    int *widths = g_new0 (int, ncols);
    for (size_t r = 0; r < nrows; r++) {
        cells[r] = g_new0 (char *, ncols);
        json_t *row = r == 0 ? NULL : r - 1 < json_array_size (rows) ? json_array_get (rows, r - 1) : totals;
        for (size_t c = 0; c < ncols; c++) {
            GString *cell = g_string_new (NULL);
            if (!row) {
                g_string_append (cell, columns[c].header);
                /* The table shows minutes: "wait_avg_s" becomes "wait_avg_min". */
                if (columns[c].kind == HALL_FIGURE_SECONDS) {
                    g_string_truncate (cell, cell->len - 1);
                    g_string_append (cell, "min");
                }
            }
            else if (row == totals && c == 0)
                g_string_append (cell, "total");
            else
                s_figure (cell, row, &columns[c], true);
            cells[r][c] = g_string_free (cell, FALSE);
            widths[c] = MAX (widths[c], s_width (cells[r][c]));
        }
    }
    GString *out = g_string_new (NULL);
    g_string_append_printf (out, "report %s .. %s by %s\n",
                            json_string_value (json_object_get (report, "from")),
                            json_string_value (json_object_get (report, "to")),
                            json_string_value (json_object_get (report, "by")));
    for (size_t r = 0; r < nrows; r++) {
        for (size_t c = 0; c < ncols; c++) {
            bool left = columns[c].kind == HALL_FIGURE_TEXT;
            int pad = widths[c] - s_width (cells[r][c]);
            if (c)
                g_string_append (out, "  ");
            if (!left)
                g_string_append_printf (out, "%*s", pad, "");
            g_string_append (out, cells[r][c]);
            if (left && c + 1 < ncols)
                g_string_append_printf (out, "%*s", pad, "");
            g_free (cells[r][c]);
        }
        g_string_append_c (out, '\n');
        g_free (cells[r]);
    }
    g_free (cells);
    g_free (widths);
    char *text = strdup (out->str);
    g_string_free (out, TRUE);
    return text;
}
