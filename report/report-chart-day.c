/*  report-chart-day.c — the day chart (report-writer.h, report_chart_day):
 *  the waits through the day per category and the hour-of-day load, for
 *  the dashboard's live view and the day's PDF alike. */
#define G_LOG_DOMAIN "hall-report"

#include "report-writer.h"
#include "report-draw.h"
#include "i18n.h"

#include <math.h>
#include <stdlib.h>
#include <pango/pangocairo.h>

/* One colour per category, by its place in the series (then again). */
static const double s_palette[][3] = {
    { 0.16, 0.45, 0.75 }, { 0.90, 0.42, 0.10 }, { 0.22, 0.62, 0.27 }, { 0.78, 0.18, 0.22 },
    { 0.50, 0.33, 0.70 }, { 0.55, 0.36, 0.25 }, { 0.85, 0.35, 0.65 }, { 0.30, 0.65, 0.70 },
    { 0.55, 0.55, 0.15 }, { 0.35, 0.35, 0.35 },
};

static const double *
s_colour (size_t index)
{
    return s_palette[index % G_N_ELEMENTS (s_palette)];
}

static int
s_text_width (cairo_t *cr, const char *text, double size)
{
    PangoLayout *layout = pango_cairo_create_layout (cr);
    g_autofree char *font = g_strdup_printf ("%s %.1fpx", REPORT_FONT, size);
    PangoFontDescription *desc = pango_font_description_from_string (font);
    pango_layout_set_font_description (layout, desc);
    pango_layout_set_text (layout, text, -1);
    int w, h;
    pango_layout_get_pixel_size (layout, &w, &h);
    pango_font_description_free (desc);
    g_object_unref (layout);
    return w;
}

/* A top for an axis of counts: four grid steps of a whole, round number. */
static double
s_count_max (double value)
{
    double step = ceil (value / 4);
    return 4 * (step <= 1 ? 1 : report_nice_max (step));
}

/* A plot's frame: its title above, the y grid with labels (MAX at the top;
 * INTEGER: labels of whole numbers only). */
static void
s_grid (cairo_t *cr, double x, double y, double w, double h, const char *title, double max, gboolean integer)
{
    cairo_set_source_rgb (cr, 0.12, 0.31, 0.47);
    report_draw_text (cr, x - 40, y - 24, title, 11, 0, TRUE, 0);
    cairo_set_line_width (cr, 0.6);
    int lines = 4;
    for (int i = 0; i <= lines; i++) {
        double gy = y + h - h * i / lines;
        cairo_set_source_rgb (cr, 0.86, 0.88, 0.91);
        cairo_move_to (cr, x, gy);
        cairo_line_to (cr, x + w, gy);
        cairo_stroke (cr);
        g_autofree char *label = g_strdup_printf ("%g", max * i / lines);
        cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
        report_draw_text (cr, x - 5, gy - 7, label, 9.5, 1, FALSE, 0);
    }
}

/* The hours along the x axis, FIRST to LAST (seconds of the day), under a
 * plot at (X, Y + H) of width W. */
static void
s_hours_axis (cairo_t *cr, double x, double y, double w, double first, double last)
{
    int step = last - first > 12 * 3600 ? 2 : 1;
    cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
    for (int hour = (int) ceil (first / 3600); hour * 3600 <= last; hour += step) {
        double hx = x + w * (hour * 3600 - first) / (last - first);
        g_autofree char *label = g_strdup_printf ("%02d:00", hour);
        report_draw_text (cr, hx, y + 2, label, 9.5, 0.5, FALSE, 0);
    }
}

/* The hour-of-day load: a bar per hour, FIRST_HOUR to LAST_HOUR. */
static void
s_hours_plot (cairo_t *cr, double x, double y, double w, double h, json_t *hours, int first_hour, int last_hour)
{
    double max = 0;
    for (int hour = first_hour; hour <= last_hour; hour++)
        max = MAX (max, json_number_value (json_array_get (hours, (size_t) hour)));
    max = s_count_max (max);
    s_grid (cr, x, y, w, h, _("今日分时段取号（件）"), max, TRUE);
    int n = last_hour - first_hour + 1;
    double slot = w / n, bar = slot * 0.7;
    for (int hour = first_hour; hour <= last_hour; hour++) {
        double count = json_number_value (json_array_get (hours, (size_t) hour));
        double bx = x + (hour - first_hour) * slot + (slot - bar) / 2, bh = h * count / max;
        cairo_set_source_rgb (cr, 0.16, 0.45, 0.75);
        cairo_rectangle (cr, bx, y + h - bh, bar, bh);
        cairo_fill (cr);
        if (count > 0 && slot >= 16) {
            g_autofree char *figure = g_strdup_printf ("%g", count);
            cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
            report_draw_text (cr, bx + bar / 2, y + h - bh - 13, figure, 8.5, 0.5, FALSE, 0);
        }
        if ((hour - first_hour) % (slot < 22 ? 2 : 1) == 0) {
            g_autofree char *label = g_strdup_printf ("%02d", hour);
            cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
            report_draw_text (cr, bx + bar / 2, y + h + 2, label, 9.5, 0.5, FALSE, 0);
        }
    }
}

/* A plot of the points: where it is, its time axis (seconds of the day,
 * FIRST to LAST; ORIGIN: the day's midnight) and its top. */
typedef struct {
    double x, y, w, h;
    double first, last, origin;
    double max;
} plot_t;

static double
s_plot_x (const plot_t *plot, json_t *point)
{
    double t = json_number_value (json_object_get (point, "t")) - plot->origin;
    return plot->x + plot->w * (t - plot->first) / (plot->last - plot->first);
}

static double
s_plot_y (const plot_t *plot, double value)
{
    return plot->y + plot->h - plot->h * MIN (value, plot->max) / plot->max;
}

/* One figure of every point (FIELD "waiting" or "longest") as a line per
 * category drawn (DRAWN, of N), in its colour; STEP: held until the next
 * point (a count changes only at events), else straight from point to
 * point (a wait grows between them).  SCALE divides the values (60:
 * minutes).  A point with no neighbour to join is a dot. */
static void
s_series_lines (cairo_t *cr, const plot_t *plot, json_t *points, const char *field, const gboolean *drawn,
                size_t n, gboolean step, double scale)
{
    size_t count = json_array_size (points);
    cairo_set_line_width (cr, 1.8);
    for (size_t i = 0; i < n; i++) {
        if (!drawn[i])
            continue;
        const double *c = s_colour (i);
        cairo_set_source_rgb (cr, c[0], c[1], c[2]);
        gboolean started = FALSE;
        double py = 0;
        for (size_t p = 0; p < count; p++) {
            json_t *point = json_array_get (points, p);
            json_t *value = json_array_get (json_object_get (point, field), i);
            if (!json_is_number (value)) {
                started = FALSE;
                continue;
            }
            double nx = s_plot_x (plot, point), ny = s_plot_y (plot, json_number_value (value) / scale);
            if (!started)
                cairo_move_to (cr, nx, ny);
            else if (step) {
                cairo_line_to (cr, nx, py);
                cairo_line_to (cr, nx, ny);
            } else
                cairo_line_to (cr, nx, ny);
            started = TRUE;
            py = ny;
        }
        cairo_stroke (cr);
        for (size_t p = 0; p < count; p++) {
            json_t *point = json_array_get (points, p);
            json_t *value = json_array_get (json_object_get (point, field), i);
            json_t *before = p > 0 ? json_array_get (json_object_get (json_array_get (points, p - 1), field), i) : NULL;
            json_t *after = json_array_get (json_object_get (json_array_get (points, p + 1), field), i);
            if (!json_is_number (value) || json_is_number (before) || json_is_number (after))
                continue;
            cairo_arc (cr, s_plot_x (plot, point), s_plot_y (plot, json_number_value (value) / scale), 3, 0,
                       2 * G_PI);
            cairo_fill (cr);
        }
    }
}

void
report_chart_day (cairo_t *cr, double w, double h, json_t *series)
{
    json_t *categories = json_object_get (series, "categories");
    json_t *points = json_object_get (series, "points");
    json_t *hours = json_object_get (series, "hours");
    double origin = json_number_value (json_object_get (series, "origin"));
    size_t ncat = json_array_size (categories);

    cairo_save (cr);
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_rectangle (cr, 0, 0, w, h);
    cairo_fill (cr);

    /* The caption at the foot, wrapped to the width: what is drawn, from
     * what, since when. */
    const char *caption = json_string_value (json_object_get (series, "caption"));
    double caption_h = 0;
    if (caption && *caption) {
        PangoLayout *layout = pango_cairo_create_layout (cr);
        pango_layout_set_width (layout, (int) ((w - 16) * PANGO_SCALE));
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
        PangoFontDescription *desc = pango_font_description_from_string (REPORT_FONT " 9.5px");
        pango_layout_set_font_description (layout, desc);
        pango_layout_set_text (layout, caption, -1);
        int cw, ch;
        pango_layout_get_pixel_size (layout, &cw, &ch);
        caption_h = ch + 4;
        cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
        cairo_move_to (cr, 8, h - caption_h);
        pango_cairo_show_layout (cr, layout);
        pango_font_description_free (desc);
        g_object_unref (layout);
    }

    /* Which waits are there: a series without counts (the PDF's from the
     * by-hour report) has the wait plot alone. */
    gboolean counts = FALSE, waits = FALSE;
    gboolean *drawn = g_new0 (gboolean, ncat ? ncat : 1);     /* first: somebody waited in it */
    double max_wait = 0, max_count = 0, t_first = 8 * 3600, t_last = 18 * 3600;
    size_t p;
    json_t *point;
    json_array_foreach (points, p, point) {
        double t = json_number_value (json_object_get (point, "t")) - origin;
        t_first = MIN (t_first, floor (t / 3600) * 3600);
        t_last = MAX (t_last, ceil (t / 3600) * 3600);
        for (size_t i = 0; i < ncat; i++) {
            json_t *count = json_array_get (json_object_get (point, "waiting"), i);
            json_t *wait = json_array_get (json_object_get (point, "longest"), i);
            if (json_is_number (count)) {
                counts = TRUE;
                max_count = MAX (max_count, json_number_value (count));
                drawn[i] |= json_number_value (count) > 0;
            }
            if (json_is_number (wait)) {
                waits = TRUE;
                max_wait = MAX (max_wait, json_number_value (wait) / 60.0);
            }
        }
    }
    /* The categories drawn: those somebody waited in today (the others'
     * lines would lie along 0 and hide the rest), all when nobody has yet
     * or when the series has no counts. */
    gboolean anyone = FALSE;
    for (size_t i = 0; i < ncat; i++)
        anyone |= drawn[i];
    for (size_t i = 0; i < ncat; i++)
        drawn[i] = drawn[i] || !anyone || !counts;
    for (size_t i = 0; i < ncat; i++)
        if (drawn[i])
            max_wait = MAX (max_wait, json_number_value (json_object_get (json_array_get (categories, i),
                                                                      "target_wait")) / 60.0);
    max_wait = s_count_max (max_wait);
    max_count = s_count_max (max_count);
    if (t_last <= t_first)
        t_last = t_first + 3600;

    /* The legend: a swatch and the name of each category, in rows. */
    double lx = 8, ly = 4, legend_w = w * 0.64;
    for (size_t i = 0; i < ncat; i++) {
        json_t *category = json_array_get (categories, i);
        if (!drawn[i])
            continue;
        const char *name = json_string_value (json_object_get (category, "name"));
        if (!name)
            name = json_string_value (json_object_get (category, "code"));
        if (!name)
            name = "-";
        double item = 18 + s_text_width (cr, name, 10) + 12;
        if (lx + item > legend_w && lx > 8) {
            lx = 8;
            ly += 15;
        }
        const double *c = s_colour (i);
        cairo_set_source_rgb (cr, c[0], c[1], c[2]);
        cairo_rectangle (cr, lx, ly + 5, 14, 3);
        cairo_fill (cr);
        cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
        report_draw_text (cr, lx + 18, ly, name, 10, 0, FALSE, 0);
        lx += item;
    }
    double legend_bottom = ly + 16;
    if (legend_bottom < 22)
        legend_bottom = 22;
    cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
    report_draw_text (cr, legend_w + 4, 4, _("虚线：目标等候"), 9.5, 0, FALSE, 0);

    double plot_x = 48, plot_w = w * 0.64 - plot_x - 8;
    double top = legend_bottom + 28, bottom = h - caption_h - 20;
    double gap = 34, plot_h = counts ? (bottom - top - gap) / 2 : bottom - top;
    double wait_y = counts ? top + plot_h + gap : top;
    const char *wait_title = json_string_value (json_object_get (series, "wait_title"));
    if (counts) {
        s_grid (cr, plot_x, top, plot_w, plot_h, _("等候人数（人）"), max_count, TRUE);
        plot_t plot = { plot_x, top, plot_w, plot_h, t_first, t_last, origin, max_count };
        s_series_lines (cr, &plot, points, "waiting", drawn, ncat, TRUE, 1);
    }
    s_grid (cr, plot_x, wait_y, plot_w, plot_h, wait_title ? wait_title : _("最长等候（分钟）"), max_wait, FALSE);
    /* Each category's target, dashed in its colour, under the lines: of
     * the categories somebody waited in (the others' lines lie at 0), or
     * of all when the series has no counts. */
    static const double dash[] = { 5, 3 };
    cairo_set_line_width (cr, 1);
    cairo_set_dash (cr, dash, 2, 0);
    for (size_t i = 0; i < ncat; i++) {
        double target = json_number_value (json_object_get (json_array_get (categories, i), "target_wait")) / 60.0;
        if (target <= 0 || !drawn[i])
            continue;
        const double *c = s_colour (i);
        cairo_set_source_rgb (cr, c[0], c[1], c[2]);
        double ty = wait_y + plot_h - plot_h * target / max_wait;
        cairo_move_to (cr, plot_x, ty);
        cairo_line_to (cr, plot_x + plot_w, ty);
        cairo_stroke (cr);
    }
    cairo_set_dash (cr, NULL, 0, 0);
    if (waits) {
        plot_t plot = { plot_x, wait_y, plot_w, plot_h, t_first, t_last, origin, max_wait };
        s_series_lines (cr, &plot, points, "longest", drawn, ncat, FALSE, 60);
    } else {
        cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
        report_draw_text (cr, plot_x + plot_w / 2, wait_y + plot_h / 2 - 8, _("尚无数据"), 11, 0.5, FALSE, 0);
    }
    s_hours_axis (cr, plot_x, wait_y + plot_h, plot_w, t_first, t_last);

    /* Beside: the hour-of-day load over the same hours. */
    int first_hour = (int) (t_first / 3600), last_hour = (int) (t_last / 3600) - 1;
    for (int hour = 0; hour < 24; hour++)
        if (json_number_value (json_array_get (hours, (size_t) hour)) > 0) {
            first_hour = MIN (first_hour, hour);
            last_hour = MAX (last_hour, hour);
        }
    double bars_x = w * 0.64 + 40, bars_w = w - bars_x - 10;
    s_hours_plot (cr, bars_x, top, bars_w, bottom - top, hours, first_hour, MAX (last_hour, first_hour));
    g_free (drawn);
    cairo_restore (cr);
}

json_t *
report_day_series_from_hours (json_t *hours, json_t *categories)
{
    json_t *counts = json_array ();
    for (int hour = 0; hour < 24; hour++)
        json_array_append_new (counts, json_integer (0));
    json_t *points = json_array ();
    double start = json_number_value (json_object_get (hours, "start"));
    size_t i;
    json_t *row;
    json_array_foreach (json_object_get (hours, "rows"), i, row) {
        const char *key = json_string_value (json_object_get (row, "key"));
        if (!key || !g_ascii_isdigit (key[0]))
            continue;
        int hour = atoi (key);
        if (hour < 0 || hour > 23)
            continue;
        json_array_set (counts, (size_t) hour, json_object_get (row, "issued"));
        /* The 90th-percentile wait of the hour's tickets, at the hour's
         * middle; an hour whose tickets were never called has none. */
        json_t *p90 = json_object_get (row, "wait_p90");
        json_array_append_new (points, json_pack ("{s:f, s:[n], s:[O]}", "t", start + hour * 3600 + 1800,
                                                  "waiting", "longest", json_is_number (p90) ? p90 : json_null ()));
    }
    json_t *shown = json_array ();
    size_t c;
    json_t *category;
    json_array_foreach (categories, c, category)
        if (json_integer_value (json_object_get (category, "target_wait")) > 0)
            json_array_append_new (shown, json_pack ("{s:O?, s:O?, s:O}", "code", json_object_get (category, "code"),
                                                     "name", json_object_get (category, "name"),
                                                     "target_wait", json_object_get (category, "target_wait")));
    /* The line is the whole hall's: first in the list, before the
     * categories whose targets are drawn. */
    json_array_insert_new (shown, 0, json_pack ("{s:s, s:s, s:i}", "code", "total", "name", _("全厅"),
                                                "target_wait", 0));
    for (size_t p = 0; p < json_array_size (points); p++) {
        json_t *point = json_array_get (points, p);
        for (size_t k = 1; k < json_array_size (shown); k++) {
            json_array_append_new (json_object_get (point, "waiting"), json_null ());
            json_array_append_new (json_object_get (point, "longest"), json_null ());
        }
    }
    return json_pack ("{s:f, s:o, s:o, s:o, s:s, s:s}", "origin", start, "categories", shown, "points", points,
                      "hours", counts, "wait_title", _("按取号时段的 90% 等候（分钟）"),
                      "caption", _("左：全厅每个取号时段内取号者的 90% 等候（取号至首次叫号，最近秩法），"
                                   "画在该时段中点；虚线为各类别的目标等候。"
                                   "右：每小时取号数（按取号时间）。数据为当日报表按时段的统计。"));
}
