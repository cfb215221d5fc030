/*  kiosk-window.h — the kiosk's one window: a header (hall name, clock,
 *  language toggle, large print), the screens in a stack, and a status
 *  line for staff (server and printer state).
 *
 *  Screens (stack pages): "start" KioskStartView, "ticket" KioskTicketView,
 *  "appointment" KioskAppointmentView, "staff" KioskStaffView, "message"
 *  KioskMessageView.  The window wires their intents to the controller
 *  and goes back to "start" (and to Chinese, normal print) after
 *  idle_timeout seconds without a touch.
 */
#ifndef KIOSK_WINDOW_H
#define KIOSK_WINDOW_H

#include <gtk/gtk.h>
#include "kiosk-controller.h"

G_BEGIN_DECLS

typedef struct {
    gboolean    portrait;       //  1080×1920 instead of 1920×1080
    gboolean    fullscreen;
    int         idle_timeout;   //  seconds; <= 0: 30
    const char *staff_pin;      //  green-channel PIN; NULL: "0000"
    gboolean    english;        //  start in English
} kiosk_window_options_t;

#define KIOSK_TYPE_WINDOW (kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (KioskWindow, kiosk_window, KIOSK, WINDOW, GtkApplicationWindow)

//  APP may be NULL (tests).  The window keeps a reference on CONTROLLER.
KioskWindow *kiosk_window_new (GtkApplication *app, KioskController *controller,
                               const kiosk_window_options_t *options);
//  The visible screen's name ("start", "ticket", …).
const char  *kiosk_window_screen (KioskWindow *self);
void         kiosk_window_show_screen (KioskWindow *self, const char *name);
//  Switches the language and relabels every screen.
void         kiosk_window_set_english (KioskWindow *self, gboolean english);
void         kiosk_window_set_large (KioskWindow *self, gboolean large);

G_END_DECLS

#endif
