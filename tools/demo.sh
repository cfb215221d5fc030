#!/usr/bin/env bash
# make demo: the whole demo hall on one desktop — the server with its SQLite
# file under state/demo/, the hall board, two clerk desks, the rating pad of
# window 1, the kiosk, the reception desk and the manager's dashboard.
# Without a display, only the server (and hall-web) runs, and this prints
# how to drive it with hallctl.  Ctrl-C stops everything.
#   PORT=N      the server's request port (events: N+1; default 5570), so
#               two demos, or a demo beside a test run, do not collide
#   WEB_PORT=N  the phone pages' port (default 8080)
# The clients outlive the server, as in a hall: stop it (or let it crash)
# and they show offline; start it again with the command printed below
# and they come back.
set -u
B=${BUILD:-build}
port=${PORT:-5570}
web_port=${WEB_PORT:-8080}
case "$port$web_port" in *[!0-9]*) echo "demo: PORT and WEB_PORT are numbers" >&2; exit 2 ;; esac
if [ "$port" -lt 1 ] || [ "$port" -gt 65534 ] || [ "$web_port" -lt 1 ] || [ "$web_port" -gt 65535 ]; then
    echo "demo: PORT is 1-65534 (events use PORT+1), WEB_PORT 1-65535" >&2
    exit 2
fi
requests=tcp://127.0.0.1:$port
events=tcp://127.0.0.1:$((port + 1))
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

server_cmd=("$B/hall-server" --db "$state/hall.db" --requests "$requests" --events "$events")
"${server_cmd[@]}" &
server=$!
pids+=("$server")
# The server makes the admin key at its first start.
export HALL_KEY="$state/keys/admin.key"
hallctl=("$B/hallctl" --server "$requests" --events "$events")
for _ in $(seq 50); do
    "${hallctl[@]}" --timeout 200 --retries 0 status >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { echo "demo: the server did not start (is port $port or $((port + 1)) taken? try PORT=…)" >&2; exit 1; }
    sleep 0.2
done
# Each program runs with a device key of its own, enrolled once.
key_for () {
    local file="$state/keys/$1.key"; shift
    [ -f "$file" ] || "${hallctl[@]}" enroll "$@" --out "$file" >/dev/null
    echo "$file"
}
start_gui () {
    local key=$1 prog=$2; shift 2
    if [ -x "$B/$prog" ]; then
        HALL_KEY="$key" "$B/$prog" --server "$requests" --events "$events" "$@" &
        pids+=("$!")
    fi
}

# The phone pages (the tickets' QR codes open them) on http://127.0.0.1:8080/.
if [ -x "$B/hall-web" ]; then
    HALL_KEY="$(key_for web web)" "$B/hall-web" --listen "127.0.0.1:$web_port" \
        --server "$requests" --events "$events" \
        $([ "$(id -u)" = 0 ] && echo --allow-root) &
    pids+=("$!")
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    start_gui "$(key_for board display)" hall-display --size 1280x720
    start_gui "$(key_for desk-1 counter 1)" hall-counter --window 1 --staff 1001
    start_gui "$(key_for pad-1 rating_pad 1)" hall-counter --rating-pad --window 1
    start_gui "$(key_for desk-5 counter 5)" hall-counter --window 5 --staff 1005
    start_gui "$(key_for kiosk kiosk)" hall-kiosk
    mkdir -p "$state/reception-slips"
    start_gui "$(key_for reception reception)" hall-reception --printer "folder:$state/reception-slips"
    start_gui "$(key_for manager manager)" hall-manager
    cat <<TXT
The demo hall is running; its windows:
  叫号大屏 (hall-display)        the hall's board, 1280x720, announcing calls (voice when espeak-ng is there)
  1号窗口 (hall-counter)          clerk 1001's desk at window 1: F1 calls the next visitor
  1号窗口评价器 (hall-counter --rating-pad)  the pad facing window 1's visitor: rate after 办结
  5号窗口 (hall-counter)          clerk 1005's desk at window 5
  取号机 (hall-kiosk)             the kiosk: take a ticket, 预约签到; slips go to ~/.local/state/hall-kiosk/tickets
  导服台 (hall-reception)         the reception desk: re-queue, re-print, green channel; slips in $state/reception-slips
  管理看板 (hall-manager)         the manager's dashboard (管理: sign in as 9001 after hallctl passwd 9001)
The tickets' QR codes open http://127.0.0.1:$web_port/t/... (the hall page: http://127.0.0.1:$web_port/).
TXT
else
    echo "No display: running the server and the phone pages only."
fi
cat <<TXT

Drive it from another terminal, with the demo's admin key:
  H="env HALL_KEY=$state/keys/admin.key $B/hallctl --server $requests --events $events"
  \$H categories
  \$H issue business                 # a ticket: number, people ahead, estimated wait
  \$H issue 企业开办 --png t.png      # the same by its name, printed as the kiosk prints it
  \$H issue general --green 老年人 --granted-by 导服台
  \$H signin 1 1001                  # a clerk (王芳) at window 1: its desk calls only then
  \$H call 1                         # window 1 calls the next visitor
  \$H start 1; \$H finish 1
  \$H status
  \$H watch                          # the events as they happen
The database is $state/hall.db.  If the server stops, the windows stay and
show offline; start it again with:
  ${server_cmd[*]}
Ctrl-C stops the demo.
TXT
# Until Ctrl-C, or until every program has ended: the server's end alone
# does not end the demo.
wait
