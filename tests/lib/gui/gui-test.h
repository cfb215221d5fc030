/*  gui-test.h — helpers for GUI suites under Xvfb (tests/lib/with-display.sh).
 */
#ifndef HALL_GUI_TEST_H
#define HALL_GUI_TEST_H

#include <gtk/gtk.h>

/* Renders WIDGET (realized and mapped) to a PNG at PATH, the way a user
 * sees it.  Returns TRUE on success. */
gboolean gui_screenshot (GtkWidget *widget, const char *path);

/* Saves a screenshot as NAME.png into $HALL_SCREENSHOTS if that is set
 * (make screenshots, the docs), else into $HALL_BUILD/test-output/. */
void     gui_screenshot_named (GtkWidget *widget, const char *name);

/* Iterates the default main context until PREDICATE (DATA) is true or
 * TIMEOUT_MS passes; returns the predicate's last value. */
gboolean gui_wait_until (gboolean (*predicate) (gpointer data), gpointer data, int timeout_ms);

/* Iterates the main context for MS milliseconds. */
void     gui_spin (int ms);

/* The text of the first GtkLabel under ROOT whose widget name (gtk_widget_set_name
 * or the .ui id given as name) is NAME, or NULL. */
const char *gui_label_text (GtkWidget *root, const char *name);
/* Iterates the main context until the label NAME under ROOT reads TEXT;
 * FALSE (after TIMEOUT_MS) if it never did. */
gboolean    gui_wait_label (GtkWidget *root, const char *name, const char *text, int timeout_ms);
/* The first descendant of ROOT with widget name NAME, or NULL. */
GtkWidget  *gui_find (GtkWidget *root, const char *name);

#endif
