#!/usr/bin/env bash
# make demo: the whole demo hall on one desktop — the server with its SQLite
# file under state/demo/, the hall board, two clerk desks, the kiosk (and the
# manager's dashboard when built).  Without a display, only the server runs,
# in the foreground, and this prints how to drive it with hallctl.
# Ctrl-C stops everything.
set -u
B=${BUILD:-build}
state=${HALL_DEMO_STATE:-state/demo}
mkdir -p "$state"
chmod 700 "$state"
pids=()
cleanup () {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM     # stops the script too, even while it starts things

"$B/hall-server" --db "$state/hall.db" &
server=$!
pids+=("$server")
# The server makes the admin key at its first start.
export HALL_KEY="$state/keys/admin.key"
for _ in $(seq 50); do
    "$B/hallctl" --timeout 200 --retries 0 status >/dev/null 2>&1 && break
    sleep 0.2
done
# Each program runs with a device key of its own, enrolled once.
key_for () {
    local file="$state/keys/$1.key"; shift
    [ -f "$file" ] || "$B/hallctl" enroll "$@" --out "$file" >/dev/null
    echo "$file"
}
start_gui () {
    local key=$1 prog=$2; shift 2
    if [ -x "$B/$prog" ]; then
        HALL_KEY="$key" "$B/$prog" "$@" &
        pids+=("$!")
    fi
}

# The phone pages (the tickets' QR codes open them) on http://127.0.0.1:8080/.
if [ -x "$B/hall-web" ]; then
    HALL_KEY="$(key_for web web)" "$B/hall-web" --listen 127.0.0.1:8080 \
        $([ "$(id -u)" = 0 ] && echo --allow-root) &
    pids+=("$!")
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    start_gui "$(key_for board display)" hall-display --size 1280x720
    start_gui "$(key_for desk-1 counter 1)" hall-counter --window 1 --staff 1001
    start_gui "$(key_for desk-5 counter 5)" hall-counter --window 5 --staff 1005
    start_gui "$(key_for kiosk kiosk)" hall-kiosk
    mkdir -p "$state/reception-slips"
    start_gui "$(key_for reception reception)" hall-reception --printer "folder:$state/reception-slips"
    start_gui "$(key_for manager manager)" hall-manager
    echo "The demo hall is running: board, desks for windows 1 and 5, kiosk, reception desk, dashboard;"
    echo "the tickets' QR codes open http://127.0.0.1:8080/t/... (the hall page: http://127.0.0.1:8080/)."
else
    echo "No display: running the server only."
fi
cat <<TXT

Drive it from another terminal (hallctl finds the admin key in $state/keys/):
  $B/hallctl categories
  $B/hallctl issue business            # a ticket: number, people ahead, estimated wait
  $B/hallctl issue business --png t.png   # the same, printed as the kiosk prints it (QR to the phone page)
  $B/hallctl issue general --green 老年人 --granted-by 导服台
  $B/hallctl call 1                    # window 1 calls the next visitor
  $B/hallctl start 1; $B/hallctl finish 1
  $B/hallctl status
  $B/hallctl watch                     # the events as they happen
The database is $state/hall.db.  Ctrl-C stops the demo.
TXT
wait "$server"
