/*  reception-window.h — hall-reception's toplevel: the status line (online
 *  or offline, the hall's name, its time) over two pages, 查询号票
 *  (ReceptionLookupView) and 绿色通道 (ReceptionGreenView).  It wires
 *  the views' intents to the controller and the controller's answers back
 *  to the views.
 */
#ifndef RECEPTION_WINDOW_H
#define RECEPTION_WINDOW_H

#include <gtk/gtk.h>
#include "reception-controller.h"

G_BEGIN_DECLS

#define RECEPTION_TYPE_WINDOW (reception_window_get_type ())
G_DECLARE_FINAL_TYPE (ReceptionWindow, reception_window, RECEPTION, WINDOW, GtkApplicationWindow)

//  APP may be NULL (tests).  The window holds a reference to CONTROLLER.
ReceptionWindow *reception_window_new (GtkApplication *app, ReceptionController *controller);
//  "lookup" or "green".
void        reception_window_show_page (ReceptionWindow *self, const char *page);
const char *reception_window_page (ReceptionWindow *self);

G_END_DECLS

#endif
