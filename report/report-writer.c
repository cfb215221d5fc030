/*  report-writer.c — see report-writer.h. */
#define G_LOG_DOMAIN "hall-report"

#include "report-writer.h"
#include "report-draw.h"
#include "day.h"
#include "report-table.h"
#include "i18n.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <pango/pangocairo.h>

#define FONT REPORT_FONT

static const report_column_t s_columns[] = {
    { "issued",        N_("取号"),        HALL_FIGURE_COUNT },
    { "served",        N_("办结"),        HALL_FIGURE_COUNT },
    { "noshow",        N_("过号"),        HALL_FIGURE_COUNT },
    { "expired",       N_("作废"),        HALL_FIGURE_COUNT },
    { "wait_avg",      N_("平均等候(分)"), HALL_FIGURE_SECONDS },
    { "wait_p90",      N_("90%等候(分)"),  HALL_FIGURE_SECONDS },
    { "service_avg",   N_("平均办理(分)"), HALL_FIGURE_SECONDS },
    { "service_level", N_("等候达标率"),   HALL_FIGURE_RATIO },
    { "utilisation",   N_("利用率"),       HALL_FIGURE_RATIO },
    { "ratings_valid", N_("有效评价"),     HALL_FIGURE_COUNT },
    { "good_rate",     N_("好评率"),       HALL_FIGURE_RATIO },
    { "bad_rate",      N_("差评率"),       HALL_FIGURE_RATIO },
    { "active_rate",   N_("主动评价率"),   HALL_FIGURE_RATIO },
    { "cases_opened",  N_("案件"),         HALL_FIGURE_COUNT },
    { "cases_overdue", N_("超期"),         HALL_FIGURE_COUNT },
    { "revisit_rate",  N_("回访率"),       HALL_FIGURE_RATIO },
    { NULL, NULL, 0 }
};

/* The appointments' figures: a table of their own, when there were any. */
static const report_column_t s_booking_columns[] = {
    { "bookings",             N_("预约"),         HALL_FIGURE_COUNT },
    { "bookings_cancelled",   N_("取消"),         HALL_FIGURE_COUNT },
    { "checkins",             N_("按时签到"),     HALL_FIGURE_COUNT },
    { "booking_noshows",      N_("爽约"),         HALL_FIGURE_COUNT },
    { "checkin_rate",         N_("签到率"),       HALL_FIGURE_RATIO },
    { "noshow_rate",          N_("爽约率"),       HALL_FIGURE_RATIO },
    { "appointment_wait_avg", N_("预约等候(分)"), HALL_FIGURE_SECONDS },
    { NULL, NULL, 0 }
};

/* The journeys' figures (一件事, a report by=journey): a row per theme. */
static const report_column_t s_journey_columns[] = {
    { "journeys",             N_("件数"),         HALL_FIGURE_COUNT },
    { "completed",            N_("办结"),         HALL_FIGURE_COUNT },
    { "ended",                N_("终止"),         HALL_FIGURE_COUNT },
    { "unfinished",           N_("未完成"),       HALL_FIGURE_COUNT },
    { "completion_rate",      N_("完成率"),       HALL_FIGURE_RATIO },
    { "total_time_avg",       N_("平均全程(分)"), HALL_FIGURE_SECONDS },
    { "accompanied",          N_("帮办"),         HALL_FIGURE_COUNT },
    { "accompanied_time_avg", N_("帮办全程(分)"), HALL_FIGURE_SECONDS },
    { NULL, NULL, 0 }
};

/* A theme's steps (its row's steps[]), a row per step. */
static const report_column_t s_journey_step_columns[] = {
    { "done",          N_("办结"),         HALL_FIGURE_COUNT },
    { "skipped",       N_("跳过"),         HALL_FIGURE_COUNT },
    { "dropped",       N_("未办"),         HALL_FIGURE_COUNT },
    { "wait_avg",      N_("步间等候(分)"), HALL_FIGURE_SECONDS },
    { "service_avg",   N_("平均办理(分)"), HALL_FIGURE_SECONDS },
    { "stalled",       N_("停滞"),         HALL_FIGURE_COUNT },
    { "ratings_valid", N_("有效评价"),     HALL_FIGURE_COUNT },
    { "good_rate",     N_("好评率"),       HALL_FIGURE_RATIO },
    { NULL, NULL, 0 }
};

const report_column_t *report_columns (void) { return s_columns; }
const report_column_t *report_booking_columns (void) { return s_booking_columns; }
const report_column_t *report_journey_columns (void) { return s_journey_columns; }

char *
report_cell (json_t *row, const report_column_t *column)
{
    json_t *value = json_object_get (row, column->key);
    if (!json_is_number (value))
        return g_strdup ("-");
    double v = json_number_value (value);
    switch (column->kind) {
    case HALL_FIGURE_COUNT:   return g_strdup_printf ("%lld", (long long) llround (v));
    case HALL_FIGURE_SECONDS: return g_strdup_printf ("%.1f", v / 60.0);
    case HALL_FIGURE_RATIO:   return g_strdup_printf ("%.1f%%", v * 100.0);
    default:                  return g_strdup (json_string_value (value));
    }
}

char *
report_label (json_t *report, json_t *row)
{
    const char *name = json_string_value (json_object_get (row, "name"));
    const char *key = json_string_value (json_object_get (row, "key"));
    if (g_strcmp0 (json_string_value (json_object_get (report, "by")), "hour") == 0 && key
        && g_ascii_isdigit (key[0]))
        return g_strdup_printf ("%s:00", key);
    if (g_strcmp0 (key, "total") == 0)
        return g_strdup (_("合计"));
    return g_strdup (name && *name ? name : key ? key : "-");
}

/* ---- drawing helpers --------------------------------------------------------- */

/* TEXT at (X, Y); ALIGN 0 left .. 1 right of X; WRAP > 0: wrapped to that
 * width and centred on X. */
void
report_draw_text (cairo_t *cr, double x, double y, const char *text, double size, double align,
                  gboolean bold, double wrap)
{
    PangoLayout *layout = pango_cairo_create_layout (cr);
    if (wrap > 0) {
        pango_layout_set_width (layout, (int) (wrap * PANGO_SCALE));
        pango_layout_set_wrap (layout, PANGO_WRAP_CHAR);
        pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
    }
    g_autofree char *font = g_strdup_printf ("%s %s %.1fpx", FONT, bold ? "Bold" : "", size);
    PangoFontDescription *desc = pango_font_description_from_string (font);
    pango_layout_set_font_description (layout, desc);
    pango_layout_set_text (layout, text, -1);
    int w, h;
    pango_layout_get_pixel_size (layout, &w, &h);
    cairo_move_to (cr, wrap > 0 ? x - wrap / 2 : x - w * align, y);
    pango_cairo_show_layout (cr, layout);
    pango_font_description_free (desc);
    g_object_unref (layout);
}

static void
s_text (cairo_t *cr, double x, double y, const char *text, double size, double align, gboolean bold)
{
    report_draw_text (cr, x, y, text, size, align, bold, 0);
}

double
report_nice_max (double value)
{
    if (value <= 0)
        return 1;
    double step = pow (10, floor (log10 (value)));
    for (double m = 1; m <= 10; m += (m < 2 ? 0.5 : 1))
        if (m * step >= value)
            return m * step;
    return 10 * step;
}

/* Frame, title and y grid of a chart; returns the plot area. */
static void
s_axes (cairo_t *cr, double w, double h, const char *title, double max,
        double *px, double *py, double *pw, double *ph)
{
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_rectangle (cr, 0, 0, w, h);
    cairo_fill (cr);
    cairo_set_source_rgb (cr, 0.12, 0.31, 0.47);
    s_text (cr, 8, 4, title, 14, 0, TRUE);
    *px = 48;
    *py = 30;
    *pw = w - *px - 12;
    *ph = h - *py - 36;
    cairo_set_line_width (cr, 0.6);
    for (int i = 0; i <= 4; i++) {
        double y = *py + *ph - *ph * i / 4.0;
        cairo_set_source_rgb (cr, 0.85, 0.87, 0.9);
        cairo_move_to (cr, *px, y);
        cairo_line_to (cr, *px + *pw, y);
        cairo_stroke (cr);
        g_autofree char *label = g_strdup_printf ("%g", max * i / 4.0);
        cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
        s_text (cr, *px - 6, y - 7, label, 10, 1, FALSE);
    }
}

static void
s_legend (cairo_t *cr, double x, double y, const char *a, const double ca[3], const char *b,
          const double cb[3])
{
    const char *labels[] = { a, b };
    const double *colors[] = { ca, cb };
    for (int i = 0; i < 2; i++) {
        cairo_set_source_rgb (cr, colors[i][0], colors[i][1], colors[i][2]);
        cairo_rectangle (cr, x, y + 3, 10, 10);
        cairo_fill (cr);
        cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
        s_text (cr, x + 14, y, labels[i], 11, 0, FALSE);
        x += 90;
    }
}

static const double s_blue[3] = { 0.16, 0.45, 0.75 };
static const double s_green[3] = { 0.30, 0.69, 0.31 };
static const double s_orange[3] = { 0.96, 0.55, 0.15 };

void
report_chart_hourly (cairo_t *cr, double w, double h, json_t *hours)
{
    double issued[24] = { 0 }, served[24] = { 0 }, max = 0;
    int first = 24, last = -1;
    size_t i;
    json_t *row;
    json_array_foreach (json_object_get (hours, "rows"), i, row) {
        const char *key = json_string_value (json_object_get (row, "key"));
        if (!key || !g_ascii_isdigit (key[0]))
            continue;
        int hour = atoi (key);
        if (hour < 0 || hour > 23)
            continue;
        issued[hour] = json_number_value (json_object_get (row, "issued"));
        served[hour] = json_number_value (json_object_get (row, "served"));
        max = MAX (max, MAX (issued[hour], served[hour]));
        first = MIN (first, hour);
        last = MAX (last, hour);
    }
    if (last < 0) {                          /* nothing: the hall's working day */
        first = 8;
        last = 17;
    }
    first = MIN (first, 8);
    last = MAX (last, 17);
    max = report_nice_max (max);
    double px, py, pw, ph;
    s_axes (cr, w, h, _("分时段业务量（件）"), max, &px, &py, &pw, &ph);
    int n = last - first + 1;
    double slot = pw / n, bar = slot * 0.36;
    for (int hour = first; hour <= last; hour++) {
        double x = px + (hour - first) * slot + slot * 0.12;
        double hi = ph * issued[hour] / max, hs = ph * served[hour] / max;
        cairo_set_source_rgb (cr, s_blue[0], s_blue[1], s_blue[2]);
        cairo_rectangle (cr, x, py + ph - hi, bar, hi);
        cairo_fill (cr);
        cairo_set_source_rgb (cr, s_green[0], s_green[1], s_green[2]);
        cairo_rectangle (cr, x + bar, py + ph - hs, bar, hs);
        cairo_fill (cr);
        g_autofree char *label = g_strdup_printf ("%02d", hour);
        cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
        s_text (cr, x + bar, py + ph + 3, label, 10, 0.5, FALSE);
    }
    s_legend (cr, px, h - 18, _("取号"), s_blue, _("办结"), s_green);
}

void
report_chart_waits (cairo_t *cr, double w, double h, json_t *report)
{
    json_t *rows = json_object_get (report, "rows");
    double max = 0;
    size_t i;
    json_t *row;
    json_array_foreach (rows, i, row)
        max = MAX (max, json_number_value (json_object_get (row, "wait_p90")) / 60.0);
    max = report_nice_max (max);
    double px, py, pw, ph;
    s_axes (cr, w, h, _("等候时间：平均与 90% 分位（分钟）"), max, &px, &py, &pw, &ph);
    size_t n = MAX (json_array_size (rows), 1);
    double slot = pw / n, bar = MIN (slot * 0.36, 40);
    json_array_foreach (rows, i, row) {
        double x = px + i * slot + (slot - 2 * bar) / 2;
        double avg = json_number_value (json_object_get (row, "wait_avg")) / 60.0;
        double p90 = json_number_value (json_object_get (row, "wait_p90")) / 60.0;
        cairo_set_source_rgb (cr, s_blue[0], s_blue[1], s_blue[2]);
        cairo_rectangle (cr, x, py + ph - ph * avg / max, bar, ph * avg / max);
        cairo_fill (cr);
        cairo_set_source_rgb (cr, s_orange[0], s_orange[1], s_orange[2]);
        cairo_rectangle (cr, x + bar, py + ph - ph * p90 / max, bar, ph * p90 / max);
        cairo_fill (cr);
        g_autofree char *label = report_label (report, row);
        if (g_utf8_strlen (label, -1) > 6) {
            g_autofree char *head = g_utf8_substring (label, 0, 5);
            g_free (label);
            label = g_strconcat (head, "…", NULL);
        }
        cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
        s_text (cr, x + bar, py + ph + 3, label, 10, 0.5, FALSE);
    }
    s_legend (cr, px, h - 18, _("平均等候"), s_blue, _("90%等候"), s_orange);
}

/* ---- exports ------------------------------------------------------------------ */

gboolean
report_write_csv (json_t *report, const char *path, GError **error)
{
    char *csv = hall_report_csv (report);
    if (!csv) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", _("不是报表"));
        return FALSE;
    }
    gboolean ok = g_file_set_contents (path, csv, -1, error);
    free (csv);
    return ok;
}

/* The table of COLUMNS, from Y; returns the y below it.  Row height RH.
 * The report's rows, then its totals if it has them. */
static double
s_pdf_table (cairo_t *cr, json_t *report, const report_column_t *columns, double x, double y, double width,
             double rh)
{
    int ncol = 0;
    while (columns[ncol].key)
        ncol++;
    double first = 110, cw = (width - first) / ncol;
    cairo_set_source_rgb (cr, 0.88, 0.92, 0.96);
    cairo_rectangle (cr, x, y, width, rh * 2.2);
    cairo_fill (cr);
    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
    s_text (cr, x + 3, y + 2, _("项目"), 8, 0, TRUE);
    for (int c = 0; c < ncol; c++)
        report_draw_text (cr, x + first + cw * (c + 0.5), y + 2, _(columns[c].header), 7.5, 0.5, TRUE, cw - 4);
    y += rh * 2.2;
    json_t *rows = json_object_get (report, "rows");
    json_t *totals = json_object_get (report, "totals");
    size_t n = json_array_size (rows);
    for (size_t r = 0; r < n + (totals != NULL); r++) {
        json_t *row = r < n ? json_array_get (rows, r) : totals;
        if (r % 2 || r == n) {
            cairo_set_source_rgb (cr, r == n ? 0.93 : 0.97, r == n ? 0.93 : 0.97, r == n ? 0.93 : 0.97);
            cairo_rectangle (cr, x, y, width, rh);
            cairo_fill (cr);
        }
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
        g_autofree char *label = report_label (report, row);
        s_text (cr, x + 3, y + 1.5, label, 8, 0, r == n);
        for (int c = 0; c < ncol; c++) {
            g_autofree char *cell = report_cell (row, &columns[c]);
            s_text (cr, x + first + cw * (c + 0.5), y + 1.5, cell, 8, 0.5, r == n);
        }
        y += rh;
    }
    cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
    cairo_set_line_width (cr, 0.5);
    cairo_move_to (cr, x, y);
    cairo_line_to (cr, x + width, y);
    cairo_stroke (cr);
    return y;
}

#define PAGE_W 842.0         /* A4 landscape, points */
#define PAGE_H 595.0
#define MARGIN 28.0
#define ROW_H  13.5

/* Heading TITLE at Y for a table of ROWS rows (with its header) under it,
 * on a new page if the table would not fit below Y.  Returns the table's y. */
static double
s_pdf_section (cairo_t *cr, double y, const char *title, double size, size_t rows)
{
    double need = 22 + ROW_H * (2.2 + (double) rows);
    if (y + need > PAGE_H - MARGIN) {
        cairo_show_page (cr);
        y = MARGIN - 16;
    }
    cairo_set_source_rgb (cr, 0.12, 0.31, 0.47);
    s_text (cr, MARGIN, y + 8, title, size, 0, TRUE);
    return y + 24;
}

/* A step's category by name: the row of REPORT (by category) of that code
 * names it; else the code. */
static const char *
s_category_name (json_t *report, const char *code)
{
    if (g_strcmp0 (json_string_value (json_object_get (report, "by")), "category") != 0)
        return code;
    size_t i;
    json_t *row;
    json_array_foreach (json_object_get (report, "rows"), i, row) {
        const char *name = json_string_value (json_object_get (row, "name"));
        if (g_strcmp0 (json_string_value (json_object_get (row, "key")), code) == 0 && name && *name)
            return name;
    }
    return code;
}

/* THEME's steps as a report s_pdf_table reads: a row per step, named
 * "1 企业开办" (its position from 1, its category), no totals. */
static json_t *
s_journey_steps (json_t *report, json_t *theme)
{
    json_t *rows = json_array ();
    size_t i;
    json_t *step;
    json_array_foreach (json_object_get (theme, "steps"), i, step) {
        const char *code = json_string_value (json_object_get (step, "category"));
        json_t *row = json_copy (step);
        json_object_set_new (row, "key", json_sprintf ("%lld",
                             (long long) json_integer_value (json_object_get (step, "position")) + 1));
        const char *name = json_string_value (json_object_get (step, "name"));
        json_object_set_new (row, "name", json_sprintf ("%s %s", json_string_value (json_object_get (row, "key")),
                                                        name && *name ? name
                                                        : code ? s_category_name (report, code) : "-"));
        json_array_append_new (rows, row);
    }
    return json_pack ("{s:s, s:o}", "by", "step", "rows", rows);
}

/* The journeys (一件事) from Y, when JOURNEYS (by=journey) has any: the
 * themes' table, then each theme's steps. */
static void
s_pdf_journeys (cairo_t *cr, double y, json_t *report, json_t *journeys)
{
    if (json_integer_value (json_object_get (json_object_get (journeys, "totals"), "journeys")) <= 0)
        return;
    double width = (PAGE_W - 2 * MARGIN) * 0.7;
    json_t *themes = json_object_get (journeys, "rows");
    y = s_pdf_section (cr, y, _("一件事"), 11, json_array_size (themes) + 1);
    y = s_pdf_table (cr, journeys, report_journey_columns (), MARGIN, y, width, ROW_H);
    size_t i;
    json_t *theme;
    json_array_foreach (themes, i, theme) {
        if (json_integer_value (json_object_get (theme, "journeys")) <= 0)
            continue;
        json_t *steps = s_journey_steps (report, theme);
        g_autofree char *label = report_label (journeys, theme);
        g_autofree char *title = g_strdup_printf (_("%s：各步骤"), label);
        y = s_pdf_section (cr, y + 4, title, 9.5, json_array_size (json_object_get (steps, "rows")));
        y = s_pdf_table (cr, steps, s_journey_step_columns, MARGIN, y, width, ROW_H);
        json_decref (steps);
    }
}

/* The last page of the hall's report: what each figure means, in the
 * words of docs/METRICS.md, for a reader who has only the paper. */
static void
s_pdf_definitions (cairo_t *cr)
{
    static const char *const terms[][2] = {
        { N_("统计范围"), N_("统计期间内取号的全部办件（按取号当日计），转办的按最终所属类别与最后叫号的窗口计。") },
        { N_("取号 / 办结 / 过号 / 作废"), N_("取号：发出的号数；办结：以办结结束的号；过号：叫号未到、未重新排队的号；"
                                      "作废：跨日仍未办理的号；取消：等候中取消的号。") },
        { N_("等候时长"), N_("首次叫号时间减取号时间；重呼、重新排队与转办不改变它。平均等候按已叫号的号计，"
                             "90% 等候为由短到长排第 ⌈0.9n⌉ 位的等候时长。") },
        { N_("办理时长"), N_("办结时间减开始办理时间，按已开始并办结的号计。") },
        { N_("等候达标率"), N_("有目标等候时长的类别中，等候不超过目标的已叫号号数 ÷ 已叫号号数。") },
        { N_("利用率"), N_("办理时长合计 ÷ 工作人员在窗口签到的时长（按窗口、按工作人员及合计）。") },
        { N_("好评率 / 差评率"), N_("有效评价 = 群众主动评价 − 申诉成立而剔除的评价；好评 = 基本满意、满意、非常满意；"
                                    "差评 = 不满意、非常不满意；好评率 = 好评 ÷ 有效评价，差评率 = 差评 ÷ 有效评价。"
                                    "逾期未评的默认“基本满意”不计入。") },
        { N_("主动评价率"), N_("主动评价数 ÷ 办结数。") },
        { N_("案件 / 超期"), N_("差评与“办不成事”反映的整改回访案件；超期 = 未在期限内联系或整改（迟到的联系仍计为超期）。") },
        { N_("回访率"), N_("取得群众本人回访意见的实名差评案件 ÷ 实名差评案件；匿名差评（未留联系方式）不计入。") },
        { N_("预约"), N_("签到率 = 按时签到 ÷（按时签到 + 爽约）；爽约率 = 爽约 ÷（按时签到 + 爽约）；"
                         "已取消与尚未到期的预约均不计入。") },
    };
    const double W = PAGE_W, M = MARGIN;
    cairo_set_source_rgb (cr, 0.12, 0.31, 0.47);
    s_text (cr, M, M - 6, _("指标口径"), 16, 0, TRUE);
    double y = M + 26;
    for (gsize i = 0; i < G_N_ELEMENTS (terms); i++) {
        cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
        s_text (cr, M, y, _(terms[i][0]), 10, 0, TRUE);
        PangoLayout *layout = pango_cairo_create_layout (cr);
        pango_layout_set_width (layout, (int) ((W - 2 * M - 130) * PANGO_SCALE));
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
        g_autofree char *font = g_strdup_printf ("%s %.1fpx", FONT, 10.0);
        PangoFontDescription *desc = pango_font_description_from_string (font);
        pango_layout_set_font_description (layout, desc);
        pango_layout_set_text (layout, _(terms[i][1]), -1);
        int w, h;
        pango_layout_get_pixel_size (layout, &w, &h);
        cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
        cairo_move_to (cr, M + 130, y);
        pango_cairo_show_layout (cr, layout);
        pango_font_description_free (desc);
        g_object_unref (layout);
        y += MAX (h, 14) + 8;
    }
}

static const char *
s_by_name (const char *by)
{
    if (g_strcmp0 (by, "window") == 0) return _("按窗口");
    if (g_strcmp0 (by, "clerk") == 0)  return _("按工作人员");
    if (g_strcmp0 (by, "hour") == 0)   return _("按时段");
    if (g_strcmp0 (by, "day") == 0)    return _("按日期");
    /* The county's groupings (county/county-report.h). */
    if (g_strcmp0 (by, "hall") == 0)       return _("按大厅");
    if (g_strcmp0 (by, "department") == 0) return _("按部门");
    if (g_strcmp0 (by, "month") == 0)      return _("按月份");
    return _("按业务类别");
}

gboolean
report_write_pdf (json_t *report, json_t *hours, json_t *journeys, const char *hall_name, const char *tz,
                  const char *path, GError **error)
{
    return report_write_pdf_day (report, hours, journeys, NULL, hall_name, tz, path, error);
}

gboolean
report_write_pdf_day (json_t *report, json_t *hours, json_t *journeys, json_t *day, const char *hall_name,
                      const char *tz, const char *path, GError **error)
{
    if (!json_is_array (json_object_get (report, "rows"))) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", _("不是报表"));
        return FALSE;
    }
    const double W = PAGE_W, H = PAGE_H, M = MARGIN;
    cairo_surface_t *surface = cairo_pdf_surface_create (path, W, H);
    if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path,
                     cairo_status_to_string (cairo_surface_status (surface)));
        cairo_surface_destroy (surface);
        return FALSE;
    }
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("政务服务大厅统计报表"));
    cairo_t *cr = cairo_create (surface);
    const char *from = json_string_value (json_object_get (report, "from"));
    const char *to = json_string_value (json_object_get (report, "to"));
    g_autofree char *title = g_strdup_printf (_("%s 统计报表"), hall_name ? hall_name : "");
    cairo_set_source_rgb (cr, 0.12, 0.31, 0.47);
    s_text (cr, M, M - 6, title, 18, 0, TRUE);
    g_autofree char *made_text = hall_day_format (json_integer_value (json_object_get (report, "generated_at")),
                                                       tz, "%Y-%m-%d %H:%M");
    g_autofree char *sub = g_strdup_printf (_("统计期间 %s 至 %s · %s · 生成于 %s · 指标口径见末页"),
                                            from, to, s_by_name (json_string_value (json_object_get (report, "by"))),
                                            made_text);
    cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
    s_text (cr, M, M + 20, sub, 9, 0, FALSE);
    double y = s_pdf_table (cr, report, report_columns (), M, M + 42, W - 2 * M, ROW_H);
    /* Appointments (预约), below, when the period had any: the figures
     * per row are those of the bookings of its slots (METRICS.md). */
    if (json_integer_value (json_object_get (json_object_get (report, "totals"), "bookings")) > 0) {
        y = s_pdf_section (cr, y, _("预约"), 11, json_array_size (json_object_get (report, "rows")) + 1);
        y = s_pdf_table (cr, report, report_booking_columns (), M, y, (W - 2 * M) * 0.6, ROW_H);
    }
    double chart_h = 210;
    double cw = (W - 2 * M - 16) / 2, waits_x = M + cw + 16;
    /* A report of one day: its day chart, the whole width (its hour-of-day
     * load takes the place of the hourly chart), then the waits. */
    if (g_strcmp0 (from, to) == 0 && (day || hours)) {
        json_t *derived = day ? NULL : report_day_series_from_hours (hours, NULL);
        double day_h = 250;
        if (y + 16 + day_h > H - M) {
            cairo_show_page (cr);
            y = M - 16;
        }
        cairo_save (cr);
        cairo_translate (cr, M, y + 16);
        report_chart_day (cr, W - 2 * M, day_h, day ? day : derived);
        cairo_restore (cr);
        json_decref (derived);
        y += 16 + day_h;
        chart_h = 180;
        waits_x = M;
        if (y + 16 + chart_h > H - M) {
            cairo_show_page (cr);
            y = M - 16;
        }
    } else {
        if (y + 16 + chart_h > H - M) {
            cairo_show_page (cr);
            y = M - 16;
        }
        cairo_save (cr);
        cairo_translate (cr, M, y + 16);
        report_chart_hourly (cr, cw, chart_h, hours ? hours : json_null ());
        cairo_restore (cr);
    }
    cairo_save (cr);
    cairo_translate (cr, waits_x, y + 16);
    report_chart_waits (cr, cw, chart_h, report);
    cairo_restore (cr);
    /* The journeys (一件事) under the charts: a population of their own,
     * the journey tickets, which the charts above do not split. */
    s_pdf_journeys (cr, y + 16 + chart_h + 8, report, journeys);
    cairo_show_page (cr);
    s_pdf_definitions (cr);
    cairo_show_page (cr);
    cairo_status_t status = cairo_status (cr);
    cairo_destroy (cr);
    cairo_surface_finish (surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
    cairo_surface_destroy (surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path, cairo_status_to_string (status));
        return FALSE;
    }
    return TRUE;
}

/* ---- 好差评 in the national form ----------------------------------------------- */

static const report_column_t s_national_columns[] = {
    { "visits",           N_("办结人次"),   HALL_FIGURE_COUNT },
    { "ratings_given",    N_("主动评价"),   HALL_FIGURE_COUNT },
    { "ratings_default",  N_("默认评价"),   HALL_FIGURE_COUNT },
    { "ratings_excluded", N_("申诉剔除"),   HALL_FIGURE_COUNT },
    { "ratings_valid",    N_("有效评价"),   HALL_FIGURE_COUNT },
    { "level_5",          N_("非常满意"),   HALL_FIGURE_COUNT },
    { "level_4",          N_("满意"),       HALL_FIGURE_COUNT },
    { "level_3",          N_("基本满意"),   HALL_FIGURE_COUNT },
    { "level_2",          N_("不满意"),     HALL_FIGURE_COUNT },
    { "level_1",          N_("非常不满意"), HALL_FIGURE_COUNT },
    { "good",             N_("好评"),       HALL_FIGURE_COUNT },
    { "bad",              N_("差评"),       HALL_FIGURE_COUNT },
    { "good_rate",        N_("好评率"),     HALL_FIGURE_RATIO },
    { "bad_rate",         N_("差评率"),     HALL_FIGURE_RATIO },
    { "active_rate",      N_("主动评价率"), HALL_FIGURE_RATIO },
    { NULL, NULL, 0 }
};

/* The 差评 follow-up, appeals and second ratings: the PDF's second table,
 * the CSV's columns after the first's. */
static const report_column_t s_national_follow_up[] = {
    { "bad_rectified",    N_("差评已整改"), HALL_FIGURE_COUNT },
    { "rectify_rate",     N_("差评整改率"), HALL_FIGURE_RATIO },
    { "real_name",        N_("实名差评"),   HALL_FIGURE_COUNT },
    { "anonymous",        N_("匿名差评"),   HALL_FIGURE_COUNT },
    { "revisited",        N_("已回访"),     HALL_FIGURE_COUNT },
    { "revisit_rate",     N_("实名回访率"), HALL_FIGURE_RATIO },
    { "appeals",          N_("申诉"),       HALL_FIGURE_COUNT },
    { "appeals_decided",  N_("申诉已裁定"), HALL_FIGURE_COUNT },
    { "appeals_accepted", N_("申诉成立"),   HALL_FIGURE_COUNT },
    { "appeal_accept_rate", N_("申诉成立率"), HALL_FIGURE_RATIO },
    { "second_ratings",   N_("二次评价"),   HALL_FIGURE_COUNT },
    { "second_good",      N_("二次好评"),   HALL_FIGURE_COUNT },
    { NULL, NULL, 0 }
};
const report_column_t *report_national_columns (void) { return s_national_columns; }
const report_column_t *report_national_follow_up_columns (void) { return s_national_follow_up; }

/* The row label's columns, by the report's grouping. */
static void
s_national_heads (json_t *report, const char **key, const char **name)
{
    const char *by = json_string_value (json_object_get (report, "by"));
    if (g_strcmp0 (by, "window") == 0) {
        *key = _("窗口");
        *name = _("窗口名称");
    } else if (g_strcmp0 (by, "clerk") == 0) {
        *key = _("工号");
        *name = _("姓名");
    } else {
        *key = _("部门编码");
        *name = _("部门");
    }
}

/* TEXT as one CSV cell: quoted where RFC 4180 needs it, and a cell that a
 * spreadsheet would take for a formula (= + - @, tab, CR first) made text
 * with a leading '. */
static void
s_csv_cell (GString *out, const char *text)
{
    if (!text)
        return;
    gboolean formula = strchr ("=+-@\t\r", text[0]) && text[0];
    gboolean quote = formula || strpbrk (text, ",\"\r\n") != NULL;
    if (quote)
        g_string_append_c (out, '"');
    if (formula)
        g_string_append_c (out, '\'');
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            g_string_append_c (out, '"');
        g_string_append_c (out, *c);
    }
    if (quote)
        g_string_append_c (out, '"');
}

/* A figure as the JSON has it: an integer, a ratio with four decimals,
 * null empty. */
static void
s_csv_figure (GString *out, json_t *value, int kind)
{
    if (json_is_integer (value))
        g_string_append_printf (out, "%" JSON_INTEGER_FORMAT, json_integer_value (value));
    else if (json_is_number (value) && kind == HALL_FIGURE_RATIO)
        g_string_append_printf (out, "%.4f", json_number_value (value));
    else if (json_is_number (value))
        g_string_append_printf (out, "%g", json_number_value (value));
}

char *
report_national_csv (json_t *report)
{
    json_t *rows = json_object_get (report, "rows");
    json_t *totals = json_object_get (report, "totals");
    if (!json_is_array (rows) || !json_is_object (totals))
        return NULL;
    gboolean department = g_strcmp0 (json_string_value (json_object_get (report, "by")), "department") == 0;
    const char *key_head, *name_head;
    s_national_heads (report, &key_head, &name_head);
    GString *out = g_string_new ("\xEF\xBB\xBF");           /* the BOM: Excel reads UTF-8 */
    s_csv_cell (out, _("月份"));
    g_string_append_c (out, ',');
    s_csv_cell (out, key_head);
    g_string_append_c (out, ',');
    s_csv_cell (out, name_head);
    if (department) {
        g_string_append_c (out, ',');
        s_csv_cell (out, _("统一社会信用代码"));
    }
    for (int t = 0; t < 2; t++)
        for (const report_column_t *c = t ? s_national_follow_up : s_national_columns; c->key; c++) {
            g_string_append_c (out, ',');
            s_csv_cell (out, _(c->header));
        }
    g_string_append (out, "\r\n");
    const char *month = json_string_value (json_object_get (report, "month"));
    size_t n = json_array_size (rows);
    for (size_t r = 0; r <= n; r++) {
        json_t *row = r < n ? json_array_get (rows, r) : totals;
        s_csv_cell (out, month);
        g_string_append_c (out, ',');
        s_csv_cell (out, r < n ? json_string_value (json_object_get (row, "key")) : _("合计"));
        g_string_append_c (out, ',');
        s_csv_cell (out, r < n ? json_string_value (json_object_get (row, "name")) : "");
        if (department) {
            g_string_append_c (out, ',');
            s_csv_cell (out, json_string_value (json_object_get (row, "code")));
        }
        for (int t = 0; t < 2; t++)
            for (const report_column_t *c = t ? s_national_follow_up : s_national_columns; c->key; c++) {
                g_string_append_c (out, ',');
                s_csv_figure (out, json_object_get (row, c->key), c->kind);
            }
        g_string_append (out, "\r\n");
    }
    return g_string_free (out, FALSE);
}

gboolean
report_write_national_csv (json_t *report, const char *path, GError **error)
{
    g_autofree char *csv = report_national_csv (report);
    if (!csv) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", _("不是报表"));
        return FALSE;
    }
    return g_file_set_contents (path, csv, -1, error);
}

static const char *
s_national_by_name (const char *by)
{
    if (g_strcmp0 (by, "window") == 0) return _("按窗口");
    if (g_strcmp0 (by, "clerk") == 0)  return _("按工作人员");
    return _("按部门");
}

gboolean
report_write_national_pdf (json_t *report, const char *hall_name, const char *tz, const char *path,
                           GError **error)
{
    if (!json_is_array (json_object_get (report, "rows")) || !json_object_get (report, "month")) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", _("不是报表"));
        return FALSE;
    }
    cairo_surface_t *surface = cairo_pdf_surface_create (path, PAGE_W, PAGE_H);
    if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path,
                     cairo_status_to_string (cairo_surface_status (surface)));
        cairo_surface_destroy (surface);
        return FALSE;
    }
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("政务服务好差评统计（全国口径）"));
    cairo_t *cr = cairo_create (surface);
    const char *month = json_string_value (json_object_get (report, "month"));
    g_autofree char *title = g_strdup_printf (_("%s 政务服务好差评月报（全国口径）"), hall_name ? hall_name : "");
    cairo_set_source_rgb (cr, 0.12, 0.31, 0.47);
    s_text (cr, MARGIN, MARGIN - 6, title, 18, 0, TRUE);
    g_autofree char *made = hall_day_format (json_integer_value (json_object_get (report, "generated_at")), tz,
                                             "%Y-%m-%d %H:%M");
    g_autofree char *sub = g_strdup_printf (_("统计月份 %s（办件当日在本月的取号）· %s · 生成于 %s · 指标口径见表下说明"),
                                            month, s_national_by_name (json_string_value (json_object_get (report, "by"))),
                                            made);
    cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
    s_text (cr, MARGIN, MARGIN + 20, sub, 9, 0, FALSE);
    size_t rows = json_array_size (json_object_get (report, "rows")) + 1;
    double y = s_pdf_section (cr, MARGIN + 36, _("五级评价与评价率"), 11, rows);
    y = s_pdf_table (cr, report, s_national_columns, MARGIN, y, PAGE_W - 2 * MARGIN, ROW_H);
    y = s_pdf_section (cr, y + 6, _("差评整改、回访与申诉"), 11, rows);
    y = s_pdf_table (cr, report, s_national_follow_up, MARGIN, y, PAGE_W - 2 * MARGIN, ROW_H);
    cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
    s_text (cr, MARGIN, y + 8, _("好评率 = 基本满意及以上 ÷ 有效评价；主动评价率 = 主动评价 ÷ 办结人次；"
                                 "差评整改率 = 已整改 ÷ 差评；实名回访率 = 取得群众本人回访意见的实名差评 ÷ 实名差评。"),
            8, 0, FALSE);
    s_text (cr, MARGIN, y + 20, _("匿名差评（未留联系方式，无法联系）单列，不计入实名回访率的分母；"
                                  "默认评价不计入评价率；申诉成立的评价保留、不计入有效评价。"), 8, 0, FALSE);
    cairo_show_page (cr);
    cairo_status_t status = cairo_status (cr);
    cairo_destroy (cr);
    cairo_surface_finish (surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
    cairo_surface_destroy (surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path, cairo_status_to_string (status));
        return FALSE;
    }
    return TRUE;
}
