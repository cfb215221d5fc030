/*  report-draw.h — the report writer's drawing helpers, shared by its
 *  charts (report-writer.c, report-chart-day.c).  Internal to report/. */
#ifndef REPORT_DRAW_H
#define REPORT_DRAW_H

#include <cairo.h>
#include <glib.h>

/* The font of every chart and page. */
#define REPORT_FONT "Noto Sans CJK SC"

/* TEXT at (X, Y) in SIZE px; ALIGN 0 left .. 1 right of X; WRAP > 0:
 * wrapped to that width and centred on X. */
void   report_draw_text (cairo_t *cr, double x, double y, const char *text, double size, double align,
                         gboolean bold, double wrap);
/* A round top for an axis that shows VALUE (1, 1.5, 2, 3 … × 10ⁿ). */
double report_nice_max (double value);

#endif
