/*  counter-signin-page.h — the clerk signs in at this window: staff id and
 *  password (the password field is for when staff passwords and device
 *  keys arrive; an empty one is not sent).
 *
 *  Signal "submit" (const char *staff, const char *password); "signout"
 *  (confirming: the one signed in is not at the desk).
 */
#ifndef COUNTER_SIGNIN_PAGE_H
#define COUNTER_SIGNIN_PAGE_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define COUNTER_TYPE_SIGNIN_PAGE (counter_signin_page_get_type ())
G_DECLARE_FINAL_TYPE (CounterSigninPage, counter_signin_page, COUNTER, SIGNIN_PAGE, GtkBox)

GtkWidget *counter_signin_page_new (void);
void counter_signin_page_set_window (CounterSigninPage *self, const char *window_name);
/* Clears the password and focuses the staff id. */
void counter_signin_page_reset (CounterSigninPage *self);
/* A desk started while STAFF (NAME) is signed in at its window: the page
 * asks them to confirm with their password (or to sign out) before the
 * desk opens; STAFF NULL: the plain sign-in again. */
void counter_signin_page_confirm (CounterSigninPage *self, const char *staff, const char *name);

G_END_DECLS

#endif
