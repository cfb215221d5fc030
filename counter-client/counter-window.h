/*  counter-window.h — the clerk's desk for one window.
 *
 *  Renders the controller's mirror (current ticket, the window's queue in
 *  dispatch order, today's figures, online state) and turns keys and
 *  clicks into intents on the controller.  The clerk's operations are
 *  GActions on the window, so buttons, F-keys and tests use the same path:
 *
 *    win.call (F1)  win.recall (F2)  win.start (F3)  win.finish (F4)
 *    win.noshow (F5, asks first)  win.noshow-confirmed (sends it)
 *    win.transfer (F6, opens the transfer dialog: pick, then 确认转移)
 *    win.transfer-to-category (s)  win.transfer-to-window (i)
 *    win.pause (F7, opens the reason dialog)  win.pause-with-reason (s)
 *    win.resume (F7 while paused)
 *    win.signout (F8; asks first while people wait for the window)
 *    win.signout-confirmed (sends it)
 *    win.matter-add (s)  win.matter-remove (s): a 办件编号 of the visit
 *    served (the ticket panel's field sends them)
 *    win.cases: 我的差评 (the header's menu), the signed-in clerk's cases
 *    and their appeals (counter-cases-dialog.h); enabled while a clerk is
 *    signed in and online, busy or not
 *
 *  An action invalid in the window's current state is disabled; all are
 *  disabled while offline or while a request is on its way (but the
 *  办件编号 ones: a scanner does not wait).  win.finish waits for a
 *  办件编号 where the category needs one (its button's tooltip says so).
 *  win.noshow waits for the hall's no-show rule (noshow_after,
 *  noshow_recalls; the server's too_soon): the button's tooltip and a line
 *  under the actions say when it will be possible, counting down with the
 *  server's clock.  The questions are counter-confirm-dialog.h's.
 */
#ifndef COUNTER_WINDOW_H
#define COUNTER_WINDOW_H

#include <gtk/gtk.h>
#include "counter-controller.h"

G_BEGIN_DECLS

#define COUNTER_TYPE_WINDOW (counter_window_get_type ())
G_DECLARE_FINAL_TYPE (CounterWindow, counter_window, COUNTER, WINDOW, GtkApplicationWindow)

/* APP may be NULL (tests).  The window holds a reference to CONTROLLER. */
CounterWindow *counter_window_new (GtkApplication *app, CounterController *controller);

/* Notifications: idle arrivals (off by default), green-channel tickets
 * (on by default). */
void counter_window_set_notify (CounterWindow *self, gboolean idle, gboolean green);
/* Notifications shown so far (tests). */
int  counter_window_notifications (CounterWindow *self);

G_END_DECLS

#endif
