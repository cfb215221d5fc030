/*  kiosk-message-view.h — a message for the visitor: why no ticket came
 *  (server unreachable, category closed, an appointment too early…).
 *  Labels "message-title" and "message-detail"; emits "back" on 返回首页.
 *  Asked as a question (kiosk_message_view_ask), a second button
 *  "message-confirm" emits "confirm".
 */
#ifndef KIOSK_MESSAGE_VIEW_H
#define KIOSK_MESSAGE_VIEW_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_MESSAGE_VIEW (kiosk_message_view_get_type ())
G_DECLARE_FINAL_TYPE (KioskMessageView, kiosk_message_view, KIOSK, MESSAGE_VIEW, GtkBox)

GtkWidget *kiosk_message_view_new (void);
//  TITLE and DETAIL are Chinese msgids (kiosk_tr); DETAIL may be NULL.
void       kiosk_message_view_show (KioskMessageView *self, const char *title, const char *detail);
//  The same with a second button CONFIRM (a msgid) that emits "confirm".
void       kiosk_message_view_ask (KioskMessageView *self, const char *title, const char *detail,
                                   const char *confirm);
//  A message whose DETAIL is a format (a msgid with up to
//  KIOSK_MESSAGE_ARGS %s) filled with the strings that follow, up to a
//  NULL: times and dates, shown as given in either language.  CONFIRM
//  may be NULL (no second button).
#define KIOSK_MESSAGE_ARGS 6
void       kiosk_message_view_tell (KioskMessageView *self, const char *title, const char *confirm,
                                    const char *detail, ...) G_GNUC_NULL_TERMINATED;
void       kiosk_message_view_refresh (KioskMessageView *self);

G_END_DECLS

#endif
