/*  kiosk-appointment-view.h — appointment check-in (预约签到): the visitor
 *  types the 8-digit booking code or their 18-character ID number on the
 *  keypad (with X), or a QR / barcode scanner types the code into the
 *  entry and presses Enter — the entry holds the focus whenever the view
 *  is shown, and the keypad's keys never take it.
 *
 *  What was typed is read with kiosk_checkin_parse(): neither a code nor
 *  a valid ID number is told on the view itself ("appointment-error");
 *  otherwise the view emits "check-in" (char *what, normalised).  An ID
 *  number is shown masked (kiosk-masked-buffer.h).  Emits "back".
 *  Entry "appointment-code", buttons "appointment-checkin",
 *  "appointment-back", keys "appointment-key-N" (N: 0–9, X, clear, back).
 */
#ifndef KIOSK_APPOINTMENT_VIEW_H
#define KIOSK_APPOINTMENT_VIEW_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_APPOINTMENT_VIEW (kiosk_appointment_view_get_type ())
G_DECLARE_FINAL_TYPE (KioskAppointmentView, kiosk_appointment_view, KIOSK, APPOINTMENT_VIEW, GtkBox)

GtkWidget *kiosk_appointment_view_new (void);
//  Empties the entry and the error (a visitor's ID number never stays).
void       kiosk_appointment_view_reset (KioskAppointmentView *self);
//  While a check-in is pending the view takes no second one.
void       kiosk_appointment_view_set_busy (KioskAppointmentView *self, gboolean busy);
//  Relabels in the current language.
void       kiosk_appointment_view_refresh (KioskAppointmentView *self);

G_END_DECLS

#endif
