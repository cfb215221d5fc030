#!/usr/bin/python3
"""test-web-webhook.py — the SMS webhook, end to end: a visitor leaves a
number on the phone page; a local HTTP receiver (the stand-in for the
hall's SMS gateway, on 127.0.0.1) gets exactly one accepted, signed
message per (ticket, near) and (ticket, called) — also when it fails twice
first, every try carrying the same idempotency key — and none after the
hall's day ends, when the number is erased too.  Appointment reminders:
a booking made on the phone page gets exactly one booking_hour message
once the test clock is an hour before its slot, and a booking for the
next working day one booking_day message, each with its slot.  Also: a
request budget per address (429).
"""
import hashlib
import hmac
import json
import os
import re
import sqlite3
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hall import Hall, Tap, free_port, resident_id, wait_for  # noqa: E402

SECRET = "test-secret-6f1c"


class Receiver:
    """Records every POST; answers 500 to the first FAIL tries of each key,
    or to everything while DOWN, then 200."""

    def __init__(self, fail=2):
        self.fail = fail
        self.down = False
        self.tries = []          # (key, body, signature_ok, status)
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                stamp = self.headers.get("X-Hall-Timestamp", "")
                signature = self.headers.get("X-Hall-Signature", "")
                wanted = "sha256=" + hmac.new(SECRET.encode(), stamp.encode() + b"." + body,
                                              hashlib.sha256).hexdigest()
                key = self.headers.get("Idempotency-Key", "")
                with receiver.lock:
                    earlier = sum(1 for t in receiver.tries if t[0] == key)
                    status = 500 if receiver.down or earlier < receiver.fail else 200
                    receiver.tries.append((key, json.loads(body), hmac.compare_digest(signature, wanted), status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.http = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def reminders(self, kind, accepted=True):
        with self.lock:
            return [t for t in self.tries if t[1]["kind"] == kind and (t[3] == 200 or not accepted)]

    def accepted(self, number, kind):
        with self.lock:
            return [t for t in self.tries if t[3] == 200 and t[1]["number"] == number and t[1]["kind"] == kind]

    def all_for(self, number, kind):
        with self.lock:
            return [t for t in self.tries if t[1]["number"] == number and t[1]["kind"] == kind]

    def close(self):
        self.http.shutdown()


def subscribe(hall, token, phone):
    _, page, _ = hall.http("GET", "/t/" + token)
    csrf = re.search(r'id="sms-form".*?name="csrf" value="([0-9a-f]+)"', page, re.S)
    assert csrf, page[:500]
    body = urllib.parse.urlencode({"phone": phone, "csrf": csrf.group(1)})
    status, text, _ = hall.http("POST", "/t/%s/notify" % token, body,
                                {"Content-Type": "application/x-www-form-urlencoded"})
    return status, text


def main():
    tap = Tap()
    receiver = Receiver(fail=2)
    hall = Hall(notify_ahead=2, webhook=("http://127.0.0.1:%d/sms" % receiver.port, SECRET),
                booking={"business": {"booking_hours": "09:00-11:30,14:00-16:30", "booking_capacity": "2"}},
                hall_keys={"booking_remind_at": "10:00"})
    try:
        hall.start_web()
        hall.ctl("signin", "1", "1001")
        tokens = {}
        for n in range(1, 6):
            url, _ = hall.issue_png("business")
            tokens["A%03d" % n] = url.rsplit("/", 1)[1]

        def booking_reminders():
            # Friday 09:00: a booking for this afternoon, one for Monday.
            status, page = hall.book("business", "2026-11-27 14:00", "张三", "11010519491231002X", "13800138000")
            assert status == 200 and 'id="booking-code"' in page, (status, page[:400])
            status, page = hall.book("business", "2026-11-30 09:00", "李四", resident_id("33010219800101123"),
                                     "13700001111")
            assert status == 200, status
            assert not receiver.reminders("booking_hour", accepted=False), "nothing is due at 09:00"
            # 13:00, an hour before the slot (and past 10:00, the reminder
            # time of the working day before Monday).
            hall.ctl("clock", "--advance", str(4 * 3600))
            got = wait_for("the booking_hour reminder", lambda: receiver.reminders("booking_hour"), timeout=30)
            tries = receiver.reminders("booking_hour", accepted=False)
            assert [t[3] for t in tries] == [500, 500, 200], [t[3] for t in tries]
            assert len({t[0] for t in tries}) == 1 and all(t[2] for t in tries), "one key, every try signed"
            body = got[0][1]
            assert body["booking"] == {"day": "2026-11-27", "start": "14:00", "end": "14:30"}, body
            assert body["number"] is None and body["window"] is None and body["ahead"] is None, body
            assert body["phone"] == "13800138000" and body["category"] == "business", body
            assert "今天 14:00–14:30" in body["text"] and "企业开办" in body["text"], body["text"]
            day = wait_for("the booking_day reminder", lambda: receiver.reminders("booking_day"), timeout=30)
            assert day[0][1]["booking"] == {"day": "2026-11-30", "start": "09:00", "end": "09:30"}, day[0][1]
            assert day[0][1]["phone"] == "13700001111" and "11月30日 周一 09:00–09:30" in day[0][1]["text"], day[0][1]
        tap.run("appointment reminders: one booking_hour an hour before the slot, one booking_day the working "
                "day before, each with its slot", booking_reminders)

        def bad_number():
            status, text = subscribe(hall, tokens["A004"], "12345")
            assert status == 422 and "11 位手机号码" in text, (status, text[:300])
        tap.run("a malformed number is refused with a clear message", bad_number)

        def near_once_after_two_failures():
            status, text = subscribe(hall, tokens["A004"], "13800138000")
            assert status == 200 and "已设置短信提醒" in text and "138****8000" in text, (status, text[:400])
            assert "13800138000" not in text                    # shown masked only
            hall.ctl("call", "1")                               # A001: A004 has 2 ahead
            got = wait_for("the near message accepted", lambda: receiver.accepted("A004", "near"), timeout=30)
            tries = receiver.all_for("A004", "near")
            assert [t[3] for t in tries] == [500, 500, 200], [t[3] for t in tries]
            assert len({t[0] for t in tries}) == 1 and tries[0][0], "one idempotency key for every try"
            assert all(t[2] for t in tries), "every try signed with the secret"
            body = got[0][1]
            assert body["phone"] == "13800138000" and body["ahead"] == 2 and "A004" in body["text"], body
            assert body["booking"] is None, body
            # Nothing more for near, however the queue moves.
            for w in range(2):
                hall.ctl("start", "1")
                hall.ctl("finish", "1")
                hall.ctl("call", "1")
            time.sleep(0)           # the next check waits for the called message instead
        tap.run("one near message, signed, accepted after two failed tries with one key",
                near_once_after_two_failures)

        def called_once():
            hall.ctl("start", "1")
            hall.ctl("finish", "1")
            hall.ctl("call", "1")                               # A004
            got = wait_for("the called message accepted", lambda: receiver.accepted("A004", "called"), timeout=30)
            assert got[0][1]["window"] == 1 and "1 号窗口" in got[0][1]["text"], got[0][1]
            hall.ctl("recall", "1")
            # A recall, and the next notify.owed look: still one of each.
            hall.ctl("start", "1")
            wait_for("hall-web idle", lambda: hall.ctl_json("ticket", "A004")["ticket"]["state"] == "serving")
            assert len(receiver.accepted("A004", "near")) == 1
            assert len(receiver.accepted("A004", "called")) == 1
            assert len(receiver.all_for("A004", "called")) == 3
        tap.run("one called message for the same ticket, also after a recall", called_once)

        def none_after_day_end():
            receiver.down = True
            status, _ = subscribe(hall, tokens["A005"], "13912345678")
            assert status == 200
            # A005 is next in line (A004 is served): its near message is owed and fails.
            wait_for("a failed try for A005", lambda: receiver.all_for("A005", "near"), timeout=30)
            hall.ctl("clock", "--advance", "86400")
            wait_for("the new day", lambda: "2026-11-28" in hall.ctl("status").splitlines()[0])
            receiver.down = False
            tries = len(receiver.all_for("A005", "near"))
            # hall-web looks at least every 30 s and after each event; give it
            # two looks' worth of events, then check nothing was accepted.
            hall.ctl("signin", "2", "1002")
            hall.ctl("issue", "business")
            hall.ctl("call", "2")
            wait_for("the new day's ticket called", lambda: hall.ctl_json("ticket", "A001")["ticket"]["state"] == "called")
            time.sleep(1.5)         # a retry that was due would have been sent by now
            assert not receiver.accepted("A005", "near"), receiver.all_for("A005", "near")
            assert len(receiver.all_for("A005", "near")) <= tries + 1
            db = sqlite3.connect(hall.db)
            left = db.execute("SELECT count(*) FROM ticket WHERE phone IS NOT NULL").fetchone()[0]
            db.close()
            assert left == 0, "numbers kept after the day: %d" % left
        tap.run("no message once the day is over, and the numbers are erased", none_after_day_end)

        def reminders_once():
            # Hours and a day change later: still one of each, never again.
            assert len(receiver.reminders("booking_hour")) == 1, receiver.reminders("booking_hour")
            assert len(receiver.reminders("booking_day")) == 1, receiver.reminders("booking_day")
            assert len(receiver.reminders("booking_hour", accepted=False)) == 3
        tap.run("each reminder was sent once, whatever came after", reminders_once)

        def rate_limit():
            statuses = []
            for _ in range(60):
                statuses.append(hall.http("GET", "/")[0])
            assert 429 in statuses, statuses
        hall.web.terminate()
        hall.web.wait(30)
        hall.procs.remove(hall.web)
        hall.start_web("--rate", "1", "--burst", "20")

        def limited():
            # start_web's own arguments come first; the later ones win.
            rate_limit()
        tap.run("an address that asks too often gets 429", limited)
    except Exception:
        import traceback
        tap.ok(False, "the hall and the receiver started", traceback.format_exc())
    finally:
        logs = {name: hall.log(name) for name in ("web.log", "server.log")}
        hall.close()
        receiver.close()
        if tap.failed:
            for name, text in logs.items():
                for line in text.splitlines()[-30:]:
                    print("# %s: %s" % (name, line))
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
