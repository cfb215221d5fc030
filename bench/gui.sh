#!/usr/bin/env bash
# bench/gui.sh PROGRAM [ARG...] — run under tests/lib/with-display.sh by
# hall-bench.  Starts PROGRAM, reports the time until its first top-level
# window is mapped (xwininfo, polled every 25 ms), then after 3 s of
# running (connected, mirror loaded, painted) its VmRSS and VmHWM in kB:
#   STARTUP_MS RSS_KB HWM_KB
# The program runs as on a hall PC, without with-display.sh's
# GSK_RENDERER=cairo: each program picks its renderer itself.  (The
# accessibility bridge stays off as in the tests: on, it measured the same
# within 1 MB, and the AT-SPI registry it starts writes to this script's
# standard output.)
set -u
unset GSK_RENDERER
count () { xwininfo -root -children 2>/dev/null | grep -c '^ *0x'; }
before=$(count)
start=$(date +%s%N)
"$@" >/dev/null 2>&1 &
pid=$!
up=-1
for _ in $(seq 400); do
    if [ "$(count)" -gt "$before" ]; then up=$(( ($(date +%s%N) - start) / 1000000 )); break; fi
    sleep 0.025
done
sleep 3
rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo -1)
hwm=$(awk '/^VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || echo -1)
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
echo "$up ${rss:--1} ${hwm:--1}"
