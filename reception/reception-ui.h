/*  reception-ui.h — hall-reception's resources (.ui templates and style
 *  sheet, compiled into a GResource by mk/reception.mk). */
#ifndef RECEPTION_UI_H
#define RECEPTION_UI_H

#include <gtk/gtk.h>

#define RECEPTION_UI_PATH "/org/hall/reception/"

//  Registers the bundle once (it is registered by hand: a static library
//  would drop a constructor).
void reception_ui_ensure_resources (void);
//  The style sheet on DISPLAY, once.
void reception_ui_load_css (GdkDisplay *display);
//  TEXT (NULL: none) on a view's message LABEL, red (.error) when ERROR.
void reception_ui_say (GtkWidget *label, const char *text, gboolean error);

#endif
