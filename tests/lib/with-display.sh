#!/usr/bin/env bash
# Runs a command under its own Xvfb (1920x1080) and private D-Bus session,
# with the settings GTK needs to render the same everywhere.
#   with-display.sh COMMAND [ARG...]
set -u
for n in $(seq 90 140); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
done
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
export DISPLAY=$display GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1
export LIBGL_ALWAYS_SOFTWARE=1 GSETTINGS_BACKEND=memory
unset WAYLAND_DISPLAY
dbus-run-session -- "$@"
rc=$?
kill "$xvfb" 2>/dev/null
wait "$xvfb" 2>/dev/null
exit $rc
