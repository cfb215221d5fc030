/*  reception-green-view.h — 绿色通道取号 at the reception desk.
 *
 *  The category, the reason (老年人、残疾人、军人、孕妇, or 其他 with its
 *  words), and the granter: a staff member's id and their own password,
 *  which the server verifies.  取号 emits "issue"; the password field is
 *  cleared after every try, whatever the answer.  The server's refusal
 *  (auth, unknown_staff, …) is shown in the form by reception_green_view_say.
 *
 *  Signals:
 *    issue (char *category, char *reason, char *granter, char *password)
 */
#ifndef RECEPTION_GREEN_VIEW_H
#define RECEPTION_GREEN_VIEW_H

#include <gtk/gtk.h>
#include <jansson.h>

G_BEGIN_DECLS

#define RECEPTION_TYPE_GREEN_VIEW (reception_green_view_get_type ())
G_DECLARE_FINAL_TYPE (ReceptionGreenView, reception_green_view, RECEPTION, GREEN_VIEW, GtkBox)

GtkWidget *reception_green_view_new (void);
//  The categories to choose from: CODES and their NAMES (NULL-terminated,
//  the same length).  The choice is kept when its code is still there.
void reception_green_view_set_categories (ReceptionGreenView *self, const char *const *codes,
                                          const char *const *names);
void reception_green_view_say (ReceptionGreenView *self, const char *text, gboolean error);
void reception_green_view_set_busy (ReceptionGreenView *self, gboolean busy);
//  After a ticket was issued: the reason and the granter cleared too.
void reception_green_view_reset (ReceptionGreenView *self);

G_END_DECLS

#endif
