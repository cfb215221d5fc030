/*  manager-day-chart.h — the live view's day chart: today's waiting people
 *  and longest wait per category through the day, each category's target
 *  wait dashed, and the hour-of-day load beside (report_chart_day,
 *  report-writer.h, the same drawing as the day's PDF report).
 *
 *  A view: it draws the series the controller keeps (manager-day-series.h)
 *  and builds nothing from the wire.  Widget name "day-chart".
 */
#ifndef MANAGER_DAY_CHART_H
#define MANAGER_DAY_CHART_H

#include <gtk/gtk.h>
#include "manager-day-series.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_DAY_CHART (manager_day_chart_get_type ())
G_DECLARE_FINAL_TYPE (ManagerDayChart, manager_day_chart, MANAGER, DAY_CHART, GtkDrawingArea)

GtkWidget *manager_day_chart_new (void);
/* Shows SERIES as it is now; a series that has not changed since the last
 * call is not drawn again. */
void       manager_day_chart_render (ManagerDayChart *self, manager_day_series_t *series);
/* What the chart plots (report_chart_day's shape: categories, points,
 * hours, caption), a copy taken at the last render that changed it;
 * borrowed, NULL before.  For tests. */
json_t    *manager_day_chart_series (ManagerDayChart *self);

G_END_DECLS

#endif
