/*  paint-trace.c — see paint-trace.h. */
#define G_LOG_DOMAIN "hall-display"
#include "paint-trace.h"

#include <inttypes.h>

struct _hall_paint_trace_t {
    GtkWidget     *window;      /* weak: the display owns it */
    FILE          *out;
    GdkFrameClock *clock;       /* the window's while it is realized (ref) */
    gulong         paint_id;    /* its after-paint handler */
    gulong         realize_id, unrealize_id;
    gint64         seq;         /* applied, not yet painted; -1: none */
    gint64         applied_us;  /* when the first unpainted event was applied */
};

static void
s_after_paint (GdkFrameClock *clock, gpointer data)
{
    hall_paint_trace_t *self = data;
    if (self->seq < 0)
        return;
    fprintf (self->out, "hall-display: painted seq=%" PRId64 " applied=%" PRId64
             " painted=%" PRId64 " real=%" PRId64 "\n", (int64_t) self->seq,
             (int64_t) self->applied_us, (int64_t) g_get_monotonic_time (),
             (int64_t) g_get_real_time ());
    fflush (self->out);
    self->seq = -1;
}

static void
s_unrealize (GtkWidget *window, gpointer data)
{
    hall_paint_trace_t *self = data;
    if (self->clock) {
        g_clear_signal_handler (&self->paint_id, self->clock);
        g_clear_object (&self->clock);
    }
}

static void
s_realize (GtkWidget *window, gpointer data)
{
    hall_paint_trace_t *self = data;
    s_unrealize (window, self);
    self->clock = gtk_widget_get_frame_clock (window);
    if (self->clock) {
        g_object_ref (self->clock);
        self->paint_id = g_signal_connect (self->clock, "after-paint", G_CALLBACK (s_after_paint), self);
    }
}

hall_paint_trace_t *
hall_paint_trace_new (GtkWindow *window, FILE *out)
{
    hall_paint_trace_t *self = g_new0 (hall_paint_trace_t, 1);
    self->window = GTK_WIDGET (window);
    self->out = out;
    self->seq = -1;
    self->realize_id = g_signal_connect (window, "realize", G_CALLBACK (s_realize), self);
    self->unrealize_id = g_signal_connect (window, "unrealize", G_CALLBACK (s_unrealize), self);
    if (gtk_widget_get_realized (self->window))
        s_realize (self->window, self);
    return self;
}

void
hall_paint_trace_destroy (hall_paint_trace_t **self_p)
{
    hall_paint_trace_t *self = *self_p;
    if (!self)
        return;
    *self_p = NULL;
    s_unrealize (self->window, self);
    g_clear_signal_handler (&self->realize_id, self->window);
    g_clear_signal_handler (&self->unrealize_id, self->window);
    g_free (self);
}

void
hall_paint_trace_applied (hall_paint_trace_t *self, gint64 seq)
{
    if (self->seq < 0)
        self->applied_us = g_get_monotonic_time ();
    self->seq = seq;
    /* A frame even when nothing visible changed (a strip's other windows),
     * so that a line always comes and always means the next frame. */
    if (self->clock)
        gdk_frame_clock_request_phase (self->clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}
