/*  kiosk-staff-view.h — the staff-only green-channel screen.
 *
 *  First a PIN ("staff-pin", button "staff-pin-ok"); then the form: the
 *  category ("green-category"), the reason from the hall's list
 *  ("green-reason-0".. : 老年人, 残疾人, 军人/退役军人, 孕妇, 重病患者,
 *  重点项目, 其他 with text in "green-other"), the id of the staff member
 *  who grants it ("green-staff"), and the printer's state for staff
 *  ("staff-printer").  Emits "green-issue" (char *code, char *reason,
 *  char *staff_id) and "back".  The reason is recorded in Chinese whatever
 *  the screen's language ("其他：…" for another reason).
 */
#ifndef KIOSK_STAFF_VIEW_H
#define KIOSK_STAFF_VIEW_H

#include <gtk/gtk.h>
#include "kiosk-controller.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_STAFF_VIEW (kiosk_staff_view_get_type ())
G_DECLARE_FINAL_TYPE (KioskStaffView, kiosk_staff_view, KIOSK, STAFF_VIEW, GtkBox)

GtkWidget *kiosk_staff_view_new (void);
void       kiosk_staff_view_set_pin (KioskStaffView *self, const char *pin);
//  Back to the PIN page, every field cleared.
void       kiosk_staff_view_reset (KioskStaffView *self);
//  Categories and printer state from CONTROLLER; labels in the current language.
void       kiosk_staff_view_update (KioskStaffView *self, KioskController *controller);
gboolean   kiosk_staff_view_unlocked (KioskStaffView *self);

G_END_DECLS

#endif
