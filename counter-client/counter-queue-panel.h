/*  counter-queue-panel.h — the waiting tickets this window would call, in
 *  the server's dispatch order (hall_mirror_queue), with a count per
 *  category.
 */
#ifndef COUNTER_QUEUE_PANEL_H
#define COUNTER_QUEUE_PANEL_H

#include <gtk/gtk.h>
#include "mirror.h"

G_BEGIN_DECLS

#define COUNTER_TYPE_QUEUE_PANEL (counter_queue_panel_get_type ())
G_DECLARE_FINAL_TYPE (CounterQueuePanel, counter_queue_panel, COUNTER, QUEUE_PANEL, GtkBox)

GtkWidget *counter_queue_panel_new (void);
/* Renders QUEUE (window NUMBER's waiting tickets in dispatch order, from
 * hall_mirror_queue) with MIRROR's categories, at server time NOW. */
void counter_queue_panel_update (CounterQueuePanel *self, hall_mirror_t *mirror, int number,
                                 json_t *queue, gint64 now);
/* How many rows the list shows (tests). */
int  counter_queue_panel_count (CounterQueuePanel *self);

G_END_DECLS

#endif
