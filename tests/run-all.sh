#!/usr/bin/env bash
# Runs every test suite — the GLib test binaries in $BUILD/tests/ and the
# TAP scripts in tests/integration/ — and ends with one line
# "N passed, N failed" (totals over all suites).  Exits non-zero on any
# failure.  Logs go to $BUILD/test-logs/.  GUI suites (test-gui-*) run
# under their own Xvfb and D-Bus session.
set -u
BUILD=${BUILD:-build}
export HALL_BUILD=$(cd "$BUILD" && pwd)
export HALL_SOURCE=$(cd "$(dirname "$0")/.." && pwd)
# Under the sanitizers: library-internal leaks (fontconfig's caches) are
# suppressed by tests/lsan.supp; anything of ours still fails the suite.
if [ -f "$HALL_SOURCE/tests/lsan.supp" ]; then
    export LSAN_OPTIONS="suppressions=$HALL_SOURCE/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi
# One locale whatever the machine's: the programs speak their source
# language (Chinese) unless a test asks for English with LANGUAGE itself.
# The time zone is left as it is: no test may depend on it, and make
# check-clock runs the suites under other zones on purpose.
export LC_ALL=C.UTF-8
unset LANGUAGE LC_MESSAGES
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
logs="${HALL_TEST_LOGS:-$BUILD/test-logs}"
mkdir -p "$logs"
# Suites run HALL_TEST_JOBS at a time (default 2): each has its own
# server, ports, Xvfb and D-Bus session, and waits for conditions rather
# than for time, so they may share the machine.  Each line is printed as
# its suite ends; the totals are summed from the results at the end.
jobs=${HALL_TEST_JOBS:-2}
results=$(mktemp -d)

run_suite () {
    local name=$1; shift
    local log="$logs/$name.log"
    local start=$SECONDS
    timeout --kill-after=10 "${HALL_TEST_TIMEOUT:-600}" "$@" > "$log" 2>&1
    local rc=$?
    local ok skip bad
    ok=$(grep -cE '^ok [0-9]+' "$log" || true)
    skip=$(grep -cE '^ok [0-9]+.*# ?SKIP' "$log" || true)
    bad=$(grep -cE '^not ok [0-9]+' "$log" || true)
    ok=$((ok - skip))
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
        bad=1     # crashed, bailed out or timed out before reporting
    fi
    echo "$ok $bad $skip" > "$results/$name"
    local line
    line=$(printf '%-28s %4d passed %3d failed %3d skipped  %4ds%s\n' "$name" "$ok" "$bad" "$skip" \
        $((SECONDS - start)) "$([ "$bad" -gt 0 ] && echo "   <-- see $log")")
    if [ "$bad" -gt 0 ]; then
        line+=$'\n'$(grep -E '^not ok|Bail out|ERROR|AddressSanitizer|runtime error' "$log" | head -5 | sed 's/^/    /')
    fi
    echo "$line"      # one write: lines of suites ending together do not mix
}

# Starts a suite in the background once fewer than $jobs run.
start_suite () {
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
        wait -n
    done
    run_suite "$@" &
}

for t in "$BUILD"/tests/test-* "$BUILD"/tests/it-*; do
    [ -f "$t" ] && [ -x "$t" ] || continue
    name=$(basename "$t")
    case "$name" in
        # GLib keeps its first quark table, made by its constructor, when a
        # program with many types outgrows it (by design); LeakSanitizer
        # sees that block as lost.  tests/lsan.supp names the constructor
        # (call_init), which only full stacks reach, so the GUI suites
        # unwind malloc's stack the slow way, 8 frames deep.
        test-gui-*) start_suite "$name" env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0:malloc_context_size=8" \
                        "$HALL_SOURCE/tests/lib/with-display.sh" "$t" --tap ;;
        *)          start_suite "$name" "$t" --tap ;;
    esac
done
for t in tests/integration/*.sh; do
    [ -f "$t" ] || continue
    start_suite "$(basename "$t" .sh)" bash "$t"
done
# The phone pages: Python (Debian's python3-selenium) driving headless
# Chromium, and local HTTP receivers; Debian's own python3, whatever else
# is first on PATH.  A preload (make check-clock's libfaketime) is for the
# hall's programs only: tests/web/hall.py hands it to them, not to Python
# or Chromium.
for t in "$HALL_SOURCE"/tests/web/test-*.py; do
    [ -f "$t" ] || continue
    start_suite "$(basename "$t" .py)" env HALL_PRELOAD="${LD_PRELOAD:-}" LD_PRELOAD= /usr/bin/python3 "$t"
done
wait

passed=0 failed=0 skipped=0 failed_suites=()
for r in "$results"/*; do
    [ -f "$r" ] || continue
    read -r ok bad skip < "$r"
    passed=$((passed + ok)); failed=$((failed + bad)); skipped=$((skipped + skip))
    [ "$bad" -gt 0 ] && failed_suites+=("$(basename "$r")")
done
rm -rf "$results"
if [ "${#failed_suites[@]}" -gt 0 ]; then
    echo
    echo "failed: ${failed_suites[*]}"
fi

echo
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
