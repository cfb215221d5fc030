/*  kiosk-ui.h — what the kiosk's screens share: the GResource holding the
 *  .ui templates and the style sheet, and the on-screen keypad.
 */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include <gtk/gtk.h>

#define KIOSK_UI_PATH "/org/hall/kiosk/"

//  Registers the kiosk's resources (once; every class_init calls it).
void       kiosk_ui_ensure_resources (void);
//  Loads kiosk.css for DISPLAY (once per display).
void       kiosk_ui_load_css (GdkDisplay *display);

//  A touch keypad (1–9, 清除, 0, ⌫) typing into TARGET (a GtkEditable),
//  for PINs and staff ids.  Buttons are named
//  "PREFIX-key-N".  Keys never take the focus.
GtkWidget *kiosk_keypad_new (GtkWidget *target, const char *prefix);
//  The same for ID numbers: 1–9, X, 0, ⌫, and 清除 across the foot
//  ("PREFIX-key-X", "PREFIX-key-clear").
GtkWidget *kiosk_keypad_new_id (GtkWidget *target, const char *prefix);

#endif
