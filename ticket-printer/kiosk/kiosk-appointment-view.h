/*  kiosk-appointment-view.h — appointment check-in: the visitor types the
 *  code from their booking on the keypad.  Emits "check-in" (char *code)
 *  and "back".  Entry "appointment-code", button "appointment-checkin".
 */
#ifndef KIOSK_APPOINTMENT_VIEW_H
#define KIOSK_APPOINTMENT_VIEW_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_APPOINTMENT_VIEW (kiosk_appointment_view_get_type ())
G_DECLARE_FINAL_TYPE (KioskAppointmentView, kiosk_appointment_view, KIOSK, APPOINTMENT_VIEW, GtkBox)

GtkWidget *kiosk_appointment_view_new (void);
void       kiosk_appointment_view_reset (KioskAppointmentView *self);
void       kiosk_appointment_view_refresh (KioskAppointmentView *self);

G_END_DECLS

#endif
