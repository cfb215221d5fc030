/*  paint-trace.h — when the board first shows an event: one line per frame
 *  painted after the display applied an event (HALL_TRACE_PAINT=1).
 *
 *  The display calls hall_paint_trace_applied () each time it has applied
 *  an event (or loaded a snapshot) and redrawn its widgets from the mirror;
 *  the trace waits for the window's frame clock to finish the next paint
 *  ("after-paint": the frame has been rendered and handed to the display
 *  server) and writes
 *
 *      hall-display: painted seq=SEQ applied=MONO_US painted=MONO_US real=REAL_US
 *
 *  SEQ is the mirror's seq when the frame was painted (the last event it
 *  shows); APPLIED is when the first event of that frame was applied,
 *  PAINTED when the paint ended, both CLOCK_MONOTONIC in microseconds
 *  (g_get_monotonic_time, comparable between processes on one machine);
 *  REAL is the same instant in wall-clock microseconds since 1970, for
 *  comparing with another machine.  hall-bench reads these lines to measure
 *  event → repaint.  Off unless asked for: it costs a signal per frame.
 */
#ifndef HALL_PAINT_TRACE_H
#define HALL_PAINT_TRACE_H

#include <gtk/gtk.h>
#include <stdio.h>

typedef struct _hall_paint_trace_t hall_paint_trace_t;

/* Traces the frames of WINDOW (realized now or later) into OUT (not
 * closed; flushed after each line). */
hall_paint_trace_t *hall_paint_trace_new (GtkWindow *window, FILE *out);
/* Nulls *SELF_P; safe to call twice. */
void  hall_paint_trace_destroy (hall_paint_trace_t **self_p);

/* The display has applied everything up to SEQ and redrawn its widgets. */
void  hall_paint_trace_applied (hall_paint_trace_t *self, gint64 seq);

#endif
