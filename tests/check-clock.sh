#!/usr/bin/env bash
# make check-clock: every suite again with this machine's clock faked
# (libfaketime, preloaded into the suites and so into every hall-server,
# GUI client and hallctl they start) at instants where a date taken from
# the machine instead of the hall would show:
#
#   2027-12-31 16:30 UTC   New Year in Shanghai, still 2027 in UTC
#   2028-02-29 23:30 UTC   a leap day in UTC, 1 March in Shanghai; the
#                          machine's zone is New York (summer time rules)
#   a year from now        the suite must not have been written for today
#
# The fake is an offset from the real time, so time still moves and every
# process (a restarted server too) agrees on it; monotonic clocks are left
# alone.  Ends with one line "N passed, N failed" over all instants.
set -u
BUILD=${BUILD:-build}
cd "$(dirname "$0")/.."
lib=$(dpkg -L libfaketime 2>/dev/null | grep '/libfaketime\.so\.1$' | head -1)
if [ -z "$lib" ]; then
    echo "check-clock: libfaketime is not installed (make deps)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
instants=("2027-12-31 16:30:00|UTC"
          "2028-02-29 23:30:00|America/New_York"
          "$(date -u -d '+1 year' '+%Y-%m-%d %H:%M:%S')|Asia/Shanghai")
p=0 f=0 summary=()
for entry in "${instants[@]}"; do
    instant=${entry%|*} zone=${entry#*|}
    offset=$(( $(date -u -d "$instant UTC" +%s) - $(date -u +%s) ))
    logs="$BUILD/test-logs/clock-${instant%% *}"
    echo
    echo "== the machine's clock at $instant UTC (FAKETIME=+$offset), its zone $zone"
    out=$(mktemp)
    # Accessible names do not depend on the date: the plain pass checks them.
    LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}" FAKETIME="+$offset" FAKETIME_DONT_FAKE_MONOTONIC=1 \
        TZ="$zone" HALL_TEST_LOGS="$logs" BUILD="$BUILD" HALL_SKIP_A11Y=1 HALL_COUNTY_OUTAGE=20 tests/run-all.sh | tee "$out"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
    rm -f "$out"
    if [ -z "$line" ]; then f=$((f + 1)); line="no result"; else
        p=$((p + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
        f=$((f + $(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')))
    fi
    summary+=("$instant UTC ($zone): $line")
done
echo
printf '%s\n' "${summary[@]}"
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
