/*  counter-helper-panel.h — the visitors the signed-in clerk accompanies
 *  (帮办代办): one row per journey ticket (一件事) whose helper they are,
 *  with where it stands ("第 2 步 / 共 4 步：印章刻制 · 等候中") and a
 *  button to stop accompanying it (win.release).  Rendered from the
 *  mirror, which holds every active ticket with its journey, so the list
 *  follows the events as they come.  Hidden while there is nobody.
 */
#ifndef COUNTER_HELPER_PANEL_H
#define COUNTER_HELPER_PANEL_H

#include <gtk/gtk.h>
#include "mirror.h"

G_BEGIN_DECLS

#define COUNTER_TYPE_HELPER_PANEL (counter_helper_panel_get_type ())
G_DECLARE_FINAL_TYPE (CounterHelperPanel, counter_helper_panel, COUNTER, HELPER_PANEL, GtkBox)

/* Renders the tickets of MIRROR that clerk STAFF (NULL: nobody signed
 * in) accompanies. */
void counter_helper_panel_update (CounterHelperPanel *self, hall_mirror_t *mirror, const char *staff);
/* How many rows it shows. */
int  counter_helper_panel_count (CounterHelperPanel *self);

G_END_DECLS

#endif
