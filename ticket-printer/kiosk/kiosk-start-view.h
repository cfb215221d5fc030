/*  kiosk-start-view.h — the start screen: a big button per category.
 *
 *  Above them, the hall's "一件事" journeys (one ticket through several
 *  steps), each a button with its theme in both languages, its steps
 *  ("企业登记 → 印章刻制、社保登记（可选） → 银行开户（可选）") and the load
 *  of the step a ticket would start at; named "journey-CODE", labels
 *  "journey-name-CODE", "journey-route-CODE", "journey-load-CODE".
 *
 *  Categories are grouped by their "group" (办事, 咨询, 项目, then any
 *  other in the order met); each button shows the name in both languages,
 *  how many wait and the estimated wait, or why it cannot be taken now
 *  (暂停取号, 今日号已取完, 不在取号时间), in which case it is not
 *  tappable.  The view renders what the controller knows and emits intent:
 *    category-chosen (char *code)   journey-chosen (char *code)
 *    appointment ()   staff ()
 *  Buttons are named "category-CODE".
 *
 *  The groups (一件事 first) are laid out in bands of equal columns, each
 *  band a row of group titles over their buttons: consecutive groups
 *  share a band while their buttons fit in the columns it has left; a
 *  group with more buttons than columns has a band to itself, its buttons
 *  wrapping.  Every button is as wide as every other.  The bands scroll
 *  in "start-groups" when they are taller than the screen.
 */
#ifndef KIOSK_START_VIEW_H
#define KIOSK_START_VIEW_H

#include <gtk/gtk.h>
#include "kiosk-controller.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_START_VIEW (kiosk_start_view_get_type ())
G_DECLARE_FINAL_TYPE (KioskStartView, kiosk_start_view, KIOSK, START_VIEW, GtkBox)

GtkWidget *kiosk_start_view_new (void);
//  Renders CONTROLLER's mirror, online and busy state, in the current
//  language.  Buttons are updated in place; they are rebuilt only when the
//  list of categories changes.
void       kiosk_start_view_update (KioskStartView *self, KioskController *controller);
//  Columns of buttons (the window picks them for its width); the buttons
//  are laid out again at the next update.
void       kiosk_start_view_set_columns (KioskStartView *self, int columns);
//  Large print (大字模式): the buttons leave out the name in the other
//  language, so that the larger type keeps them in sight.
void       kiosk_start_view_set_large (KioskStartView *self, gboolean large);

G_END_DECLS

#endif
