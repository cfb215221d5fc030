/*  manager-day-chart.c — see manager-day-chart.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-day-chart.h"
#include "report-writer.h"
#include "i18n.h"

struct _ManagerDayChart {
    GtkDrawingArea parent_instance;
    json_t        *series;     /* what is drawn: a copy of the model's at the last change */
    uint64_t       version;    /* the model's version then */
};

G_DEFINE_FINAL_TYPE (ManagerDayChart, manager_day_chart, GTK_TYPE_DRAWING_AREA)

static void
s_draw (GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer data)
{
    ManagerDayChart *self = MANAGER_DAY_CHART (area);
    report_chart_day (cr, w, h, self->series ? self->series : json_null ());
}

void
manager_day_chart_render (ManagerDayChart *self, manager_day_series_t *series)
{
    if (self->series && manager_day_series_version (series) == self->version)
        return;
    self->version = manager_day_series_version (series);
    json_decref (self->series);
    self->series = json_deep_copy (manager_day_series_json (series));
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

json_t *
manager_day_chart_series (ManagerDayChart *self)
{
    return self->series;
}

static void
manager_day_chart_finalize (GObject *object)
{
    ManagerDayChart *self = MANAGER_DAY_CHART (object);
    json_decref (self->series);
    G_OBJECT_CLASS (manager_day_chart_parent_class)->finalize (object);
}

static void
manager_day_chart_class_init (ManagerDayChartClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = manager_day_chart_finalize;
    gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
manager_day_chart_init (ManagerDayChart *self)
{
    gtk_widget_set_name (GTK_WIDGET (self), "day-chart");
    gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
    gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 270);
    gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), s_draw, NULL, NULL);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("今日等候人数、最长等候与分时段取号图"), -1);
}

GtkWidget *
manager_day_chart_new (void)
{
    return g_object_new (MANAGER_TYPE_DAY_CHART, NULL);
}
