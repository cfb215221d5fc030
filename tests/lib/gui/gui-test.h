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

/* Whether WINDOW fits WIDTH×HEIGHT: sets its default size to that (and
 * presents it if it is not shown yet; a size larger than the monitor,
 * which a default size is kept within, is asked as a size request too, and
 * that stays), iterates the main loop until it is allocated so (5 s at
 * most), then checks that
 *   (a) the window is not larger than asked: its content did not force it
 *       bigger (the window's minimum size is reported then);
 *   (b) every visible, mapped control (GtkButton and its subclasses,
 *       GtkEntry, GtkPasswordEntry, GtkSearchEntry, GtkText, GtkTextView,
 *       GtkDropDown, GtkCheckButton, GtkSwitch, GtkSpinButton, GtkScale,
 *       GtkLabel, GtkPicture, GtkImage) lies wholly inside the window, by
 *       gtk_widget_compute_bounds relative to it.  A GtkScrolledWindow must
 *       lie inside its own container's limit; what is inside it need only
 *       lie inside it along an axis it does not scroll (policy NEVER), as
 *       along the others the visitor scrolls to it.  A widget with the
 *       style class "ticker" (a notice moving through it, clipped) is
 *       taken as a scrolled window that scrolls across;
 *   (c) no GtkLabel that neither wraps nor ellipsizes is allocated narrower
 *       than its minimum width (its text would be cut).
 * The window is walked after each frame it draws until all holds, for up
 * to 5 s (a busy machine lays a new screen out late).
 * Returns NULL if all holds, else a newly allocated text, one line per
 * problem: the widget's type, its name (or its text), its bounds.  Free it
 * with g_free. */
char       *gui_fit_problems (GtkWindow *window, int width, int height);

/* The mapped labels under ROOT whose font is not of the hall's one family
 * (Noto Sans CJK SC, or its monospace sibling Noto Sans Mono CJK SC), by
 * the first family their style names: NULL if none, else a newly
 * allocated text, one line per label (its text and its family). */
char       *gui_foreign_fonts (GtkWidget *root);

#endif
