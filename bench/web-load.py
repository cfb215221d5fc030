#!/usr/bin/python3
"""web-load.py — hall-web under load on loopback (make bench, part "web").

  * 5,000 live ticket pages open at once (Server-Sent Events streams, 16
    or 17 pages on each of 300 waiting tickets); desks call; for each call, the
    time from the call (hallctl started: the figure includes starting it)
    to each affected page's new view (every page whose "people ahead"
    fell), p50/p99 (target p99 <= 1 s);
  * ticket pages served: wrk, 2 threads, 50 connections, 10 s against one
    ticket's page (targets >= 500/s, p99 <= 100 ms);
  * hall-web's resident memory with the 5,000 pages open (target <= 150 MB).

Writes bench/web-results.json and prints the table rows.  The file limit
is raised for itself and hall-web (each page is a socket).
"""
import asyncio
import json
import os
import re
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "web"))
from hall import Hall, wait_for  # noqa: E402

PAGES = int(os.environ.get("HALL_BENCH_PAGES", "5000"))
TICKETS = 300              # business: the demo hall's daily cap
CALLS = 20


def rss_mb(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def pct(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * (len(values) - 1)))))
    return values[k]


class Page:
    def __init__(self, token):
        self.token = token
        self.views = []             # (monotonic time, view)
        self.ready = asyncio.Event()


async def follow(port, page):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(("GET /api/t/%s/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                  % page.token).encode())
    await writer.drain()
    buf = b""
    while True:
        chunk = await reader.read(65536)
        if not chunk:
            return
        buf += chunk
        # Chunked transfer: the events are whole lines "data: {...}" inside.
        for m in re.finditer(rb"data: (\{.*?\})\n\n", buf):
            page.views.append((time.monotonic(), json.loads(m.group(1))))
            page.ready.set()
        last = buf.rfind(b"\n\n")
        if last >= 0:
            buf = buf[last + 2:]


async def run_streams(hall, tokens):
    pages = [Page(tokens[i % len(tokens)]) for i in range(PAGES)]
    tasks = []
    for i, page in enumerate(pages):
        tasks.append(asyncio.ensure_future(follow(hall.web_port, page)))
        if i % 200 == 199:
            await asyncio.sleep(0.05)
    await asyncio.wait_for(asyncio.gather(*(p.ready.wait() for p in pages)), 120)
    rss = rss_mb(hall.web.pid)
    latencies = []
    loop = asyncio.get_running_loop()
    for c in range(CALLS):
        window = str(1 + c % 2)
        if c >= 2:
            await loop.run_in_executor(None, hall.ctl, "start", window)
            await loop.run_in_executor(None, hall.ctl, "finish", window)
        # Affected by the call: every page of a ticket still waiting with
        # someone ahead; its "people ahead" falls.  (Start and finish
        # before it change no one's "ahead".)
        aheads = {id(p): p.views[-1][1].get("ahead") for p in pages}
        affected = [p for p in pages if p.views[-1][1].get("state") == "waiting" and aheads[id(p)]]
        t0 = time.monotonic()
        await loop.run_in_executor(None, hall.ctl, "call", window)

        def seen(p):
            for at, view in p.views:
                if at >= t0 and view.get("ahead", 0) < aheads[id(p)]:
                    return at
            return None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(seen (p) for p in affected):
            await asyncio.sleep(0.02)
        for p in affected:
            at = seen (p)
            latencies.append(at - t0 if at else float("inf"))
    for t in tasks:
        t.cancel()
    return rss, latencies


def wrk(hall, token):
    out = subprocess.run(["wrk", "-t2", "-c50", "-d10s", "--latency", "%st/%s" % (hall.base, token)],
                         capture_output=True, text=True, timeout=60).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, float(p99.group(1)) * scale, int(non2xx.group(1)) if non2xx else 0


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 20000), hard))
    hall = Hall()
    results = {}
    try:
        hall.start_web("--max-streams", "100000", "--rate", "1000000", "--burst", "1000000")
        for w, staff in (("1", "1001"), ("2", "1002")):
            hall.ctl("signin", w, staff)
        tokens = []
        for i in range(TICKETS):
            r = hall.ctl_json("issue", "business")
            tokens.append(r["token"])
        rss, latencies = asyncio.run(run_streams(hall, tokens))
        lat_ms = [x * 1000 for x in latencies]
        results["pages"] = PAGES
        results["update_p50_ms"] = pct(lat_ms, 50)
        results["update_p99_ms"] = pct(lat_ms, 99)
        results["updates"] = len(lat_ms)
        results["rss_mb"] = rss
        rate, p99, errors = wrk(hall, tokens[-1])
        results["pages_per_s"] = rate
        results["page_p99_ms"] = p99
        results["page_errors"] = errors
        results["rss_mb_after"] = rss_mb(hall.web.pid)
    finally:
        hall.close()
    rows = [
        ("%d live pages: a call's update reaching each affected page, p50 / p99" % PAGES,
         "%.0f / %.0f ms (%d updates)" % (results["update_p50_ms"], results["update_p99_ms"], results["updates"]),
         "p99 ≤ 1000 ms", results["update_p99_ms"] <= 1000),
        ("ticket pages served (wrk, 50 connections)", "%.0f/s, p99 %.1f ms, %d errors"
         % (results["pages_per_s"], results["page_p99_ms"], results["page_errors"]),
         "≥ 500/s, p99 ≤ 100 ms", results["pages_per_s"] >= 500 and results["page_p99_ms"] <= 100),
        ("hall-web RSS with the pages open (after the load)", "%.0f MB (%.0f MB)" % (results["rss_mb"], results["rss_mb_after"]),
         "≤ 150 MB", max(results["rss_mb"], results["rss_mb_after"]) <= 150),
    ]
    for name, value, target, met in rows:
        print("| %-58s | %-22s | %-12s | %-6s |" % (name, value, target, "met" if met else "MISSED"))
    json.dump(results, open(os.path.join(HERE, "web-results.json"), "w"), indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
