#!/usr/bin/env bash
# Runs a command under its own Xvfb (1920x1080) and private D-Bus session,
# with the settings GTK needs to render the same everywhere.
#   with-display.sh COMMAND [ARG...]
set -u
# Xvfb picks a free display number itself and writes it to fd 3 when it
# is ready (two of these started at once cannot take the same one).
number=$(mktemp)
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$number" >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 100); do [ -s "$number" ] && break; sleep 0.1; done
display=":$(head -n1 "$number" | tr -d '[:space:]')"
rm -f "$number"
# No AT-SPI bridge (GTK_A11Y=none): the suites run faster and quieter.  A
# suite's /PROGRAM/accessible-names test turns it on in a subprocess of its
# own (tests/lib/gui/gui-a11y.h); the session bus below then starts the
# accessibility bus when GTK asks for it (at-spi2-core's org.a11y.Bus).
export DISPLAY=$display GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1
export LIBGL_ALWAYS_SOFTWARE=1 GSETTINGS_BACKEND=memory
# No GL at all: GTK 4.8 prepares it when the display opens even with the
# cairo renderer, and Mesa's EGL leaks there (LeakSanitizer, make check
# SANITIZE=1); nothing here draws with it.
export GDK_DEBUG="${GDK_DEBUG:+$GDK_DEBUG,}gl-disable"
unset WAYLAND_DISPLAY
dbus-run-session -- "$@"
rc=$?
kill "$xvfb" 2>/dev/null
wait "$xvfb" 2>/dev/null
exit $rc
