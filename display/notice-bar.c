/*  notice-bar.c — see notice-bar.h.  The label is allocated at its natural
 *  width and moved left a little every frame; the bar clips it. */
#define G_LOG_DOMAIN "hall-display"
#include "notice-bar.h"

#define S_SPEED 120.0           /* pixels per second */

struct _HallNoticeBar {
    GtkWidget  parent_instance;
    GtkWidget *label;           /* the notice, named "notice" */
    double     offset;          /* how far the text has moved, pixels */
    gint64     last_frame;      /* frame time of the last tick, µs */
    guint      tick_id;
};

G_DEFINE_FINAL_TYPE (HallNoticeBar, hall_notice_bar, GTK_TYPE_WIDGET)

static gboolean
s_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
    HallNoticeBar *self = HALL_NOTICE_BAR (widget);
    gint64 now = gdk_frame_clock_get_frame_time (clock);
    if (self->last_frame)
        self->offset += S_SPEED * (now - self->last_frame) / G_USEC_PER_SEC;
    self->last_frame = now;
    gtk_widget_queue_allocate (widget);
    return G_SOURCE_CONTINUE;
}

static void
hall_notice_bar_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                         int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
    HallNoticeBar *self = HALL_NOTICE_BAR (widget);
    if (orientation == GTK_ORIENTATION_HORIZONTAL) {
        *minimum = *natural = 0;        /* any width: the text scrolls */
        return;
    }
    gtk_widget_measure (self->label, orientation, -1, minimum, natural, NULL, NULL);
}

static void
hall_notice_bar_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
    HallNoticeBar *self = HALL_NOTICE_BAR (widget);
    int text;
    gtk_widget_measure (self->label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &text, NULL, NULL);
    double span = width + text;
    if (self->offset > span)
        self->offset = 0;
    /* Start with the text's head at the left third, then scroll. */
    int x = (int) (width / 3 - self->offset);
    if (x < -text)
        x += (int) span;
    GskTransform *at = gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (x, 0));
    gtk_widget_allocate (self->label, text, height, -1, at);
}

static void
hall_notice_bar_dispose (GObject *object)
{
    HallNoticeBar *self = HALL_NOTICE_BAR (object);
    if (self->tick_id)
        gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
    self->tick_id = 0;
    gtk_widget_dispose_template (GTK_WIDGET (self), HALL_TYPE_NOTICE_BAR);
    G_OBJECT_CLASS (hall_notice_bar_parent_class)->dispose (object);
}

static void
hall_notice_bar_class_init (HallNoticeBarClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = hall_notice_bar_dispose;
    widget_class->measure = hall_notice_bar_measure;
    widget_class->size_allocate = hall_notice_bar_size_allocate;
    gtk_widget_class_set_template_from_resource (widget_class, "/org/hall/display/notice-bar.ui");
    gtk_widget_class_bind_template_child (widget_class, HallNoticeBar, label);
    gtk_widget_class_set_css_name (widget_class, "noticebar");
}

static void
hall_notice_bar_init (HallNoticeBar *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
    //  The text moves through the bar: tests of what fits the screen
    //  (gui_fit_problems) take it as scrolled across.
    gtk_widget_add_css_class (GTK_WIDGET (self), "ticker");
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), s_tick, NULL, NULL);
}

void
hall_notice_bar_set_text (HallNoticeBar *self, const char *text)
{
    if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (self->label)), text ? text : "") == 0)
        return;
    gtk_label_set_text (GTK_LABEL (self->label), text ? text : "");
    self->offset = 0;
    gtk_widget_queue_resize (GTK_WIDGET (self));
}
