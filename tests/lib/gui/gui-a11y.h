/*  gui-a11y.h — accessible names over AT-SPI in the GUI suites (issue 18).
 *
 *  tests/lib/with-display.sh turns GTK's AT-SPI bridge off (GTK_A11Y=none):
 *  the suites run faster and quieter without it.  A suite's
 *  /PROGRAM/accessible-names test runs itself again in a subprocess with the
 *  bridge on, shows the program's screens there and asks
 *  tests/tools/a11y-check.py, a D-Bus client of that process, which showing
 *  controls have no accessible name.  Its main reads
 *
 *      g_test_init (&argc, &argv, NULL);
 *      gui_a11y_prepare ();
 *      gtk_init ();
 *
 *  and the test
 *
 *      if (!gui_a11y_bridge_on ()) {
 *          gui_a11y_run_in_subprocess ();
 *          return;
 *      }
 *      ... present the window ...
 *      gui_a11y_assert_named ("the main screen");
 */
#ifndef HALL_GUI_A11Y_H
#define HALL_GUI_A11Y_H

#include <gtk/gtk.h>

/* Before gtk_init: in the subprocess gui_a11y_run_in_subprocess starts (or
 * when $HALL_A11Y_BRIDGE is set), takes GTK_A11Y=none and NO_AT_BRIDGE out
 * of the environment, so that GTK's AT-SPI bridge comes up with the display.
 * The session bus (dbus-run-session) starts the accessibility bus itself
 * when GTK asks for it (at-spi2-core's org.a11y.Bus service). */
void     gui_a11y_prepare (void);

/* Whether gui_a11y_prepare turned the bridge on in this process. */
gboolean gui_a11y_bridge_on (void);

/* Runs the current test again in a subprocess with the bridge on (120 s at
 * most) and asserts it passed; its standard error is passed through. */
void     gui_a11y_run_in_subprocess (void);

/* Runs tests/tools/a11y-check.py (under $HALL_SOURCE, default .) on this
 * process, iterating the main loop until it is done (it queries us over
 * D-Bus; 30 s at most).  Returns NULL if every showing control has an
 * accessible name, else a newly allocated text, one line per unnamed
 * control (its role and path) or the checker's failure.  g_free it. */
char    *gui_a11y_unnamed (void);

/* gui_a11y_unnamed, and fails the test (printing its lines on standard
 * error) if there are any;
 * WHAT (the screen shown) goes into the message. */
void     gui_a11y_assert_named (const char *what);

#endif
