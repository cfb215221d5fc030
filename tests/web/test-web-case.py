#!/usr/bin/python3
"""test-web-case.py — a 差评's follow-up from the visitor's side, in a real
browser (headless Chromium, Selenium) against the real hall-server and
hall-web, the SMS gateway a local receiver on 127.0.0.1.

A visitor rates a 差评 on the phone page and leaves a mobile number with
its consent: the case is real-name, the number masked, in no event.  The
manager's steps go through the raw protocol as admin (contact, rectify,
each with its record), then case.link with send: the receiver gets one
revisit SMS with the case's link; Chromium opens it, the page shows what
the hall did (no clerk's name, no number), the visitor taps 满意 and the
case has the verdict as theirs (verdict_source visitor); then the second
rating lands as round 2.  Also: a number without consent is refused and
nothing is rated; the contact fields hide for a good level; forged POSTs
403; an unknown link 404, an expired one 410.  A screenshot at 360x740.
"""
import ctypes
import hashlib
import hmac
import json
import os
import re
import sqlite3
import sys
import threading
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hall import Hall, Tap, browser, free_port, shot, shown, wait_for  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402

SECRET = "test-secret-case-5e21"
PHONE = "13800138000"
NOTE = "已对窗口人员进行服务规范培训，取号区增设引导员，高峰时段加开 2 号窗口"


class Receiver:
    """The SMS gateway's stand-in: records every signed POST, answers 200."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                stamp = self.headers.get("X-Hall-Timestamp", "")
                wanted = "sha256=" + hmac.new(SECRET.encode(), stamp.encode() + b"." + body,
                                              hashlib.sha256).hexdigest()
                signed = hmac.compare_digest(self.headers.get("X-Hall-Signature", ""), wanted)
                with receiver.lock:
                    receiver.messages.append((json.loads(body), signed))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.http = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def of_kind(self, kind):
        with self.lock:
            return [m for m in self.messages if m[0].get("kind") == kind]

    def close(self):
        self.http.shutdown()


class Protocol:
    """The raw protocol as admin: a ZeroMQ DEALER over CURVE with the admin
    tool's key (libzmq through ctypes: the test needs no Python binding)."""

    ZMQ_DEALER, ZMQ_LINGER, ZMQ_RCVTIMEO = 5, 17, 27
    ZMQ_CURVE_PUBLICKEY, ZMQ_CURVE_SECRETKEY, ZMQ_CURVE_SERVERKEY = 48, 49, 50

    def __init__(self, endpoint, key_file):
        text = open(key_file, encoding="utf-8").read()
        key = {name: re.search(r'%s = "(.{40})"' % name, text).group(1)
               for name in ("public-key", "secret-key", "server-key")}
        self.zmq = ctypes.CDLL("libzmq.so.5", use_errno=True)
        self.zmq.zmq_ctx_new.restype = ctypes.c_void_p
        self.zmq.zmq_socket.restype = ctypes.c_void_p
        self.zmq.zmq_socket.argtypes = [ctypes.c_void_p, ctypes.c_int]
        for fn in ("zmq_setsockopt",):
            getattr(self.zmq, fn).argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t]
        self.zmq.zmq_connect.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        self.zmq.zmq_send.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        self.zmq.zmq_recv.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        self.zmq.zmq_close.argtypes = [ctypes.c_void_p]
        self.zmq.zmq_ctx_term.argtypes = [ctypes.c_void_p]
        self.ctx = self.zmq.zmq_ctx_new()
        self.sock = self.zmq.zmq_socket(self.ctx, self.ZMQ_DEALER)
        for option, value in ((self.ZMQ_CURVE_SERVERKEY, key["server-key"]),
                              (self.ZMQ_CURVE_PUBLICKEY, key["public-key"]),
                              (self.ZMQ_CURVE_SECRETKEY, key["secret-key"])):
            buf = ctypes.create_string_buffer(value.encode(), 40)
            assert self.zmq.zmq_setsockopt(self.sock, option, buf, 40) == 0, option
        for option, value in ((self.ZMQ_RCVTIMEO, 10000), (self.ZMQ_LINGER, 0)):
            v = ctypes.c_int(value)
            self.zmq.zmq_setsockopt(self.sock, option, ctypes.byref(v), ctypes.sizeof(v))
        assert self.zmq.zmq_connect(self.sock, endpoint.encode()) == 0
        self.client = "test-case-" + uuid.uuid4().hex[:8]
        self.req = 0

    def call(self, op, **args):
        """The reply {"req", "ok", "result" | "error"} to OP with ARGS."""
        self.req += 1
        frame = json.dumps({"v": 1, "client": self.client, "req": self.req, "role": "admin", "op": op,
                            "args": args}, ensure_ascii=False).encode()
        assert self.zmq.zmq_send(self.sock, frame, len(frame), 0) == len(frame)
        while True:
            buf = ctypes.create_string_buffer(1 << 20)
            n = self.zmq.zmq_recv(self.sock, buf, len(buf), 0)
            assert n >= 0, "no reply to %s" % op
            reply = json.loads(buf.raw[:n].decode())
            if reply.get("req") == self.req:
                return reply

    def ok(self, op, **args):
        reply = self.call(op, **args)
        assert reply.get("ok"), (op, args, reply)
        return reply["result"]

    def close(self):
        self.zmq.zmq_close(self.sock)
        self.zmq.zmq_ctx_term(self.ctx)


def form_body(**fields):
    return urllib.parse.urlencode(fields)


def serve(hall, window="1"):
    """Issues a ticket, prints it as the kiosk does and serves it at WINDOW:
    (its number, its page's URL from the printed QR)."""
    url, _ = hall.issue_png("business")
    number = hall.ctl("call", window).split()[0]
    hall.ctl("start", window)
    hall.ctl("finish", window)
    return number, url


def case_of(proto, number):
    found = [c for c in proto.ok("cases", filter="all")["cases"] if c.get("number") == number]
    assert len(found) == 1, (number, found)
    return found[0]


def main():
    tap = Tap()
    receiver = Receiver()
    hall = Hall(webhook=("http://127.0.0.1:%d/sms" % receiver.port, SECRET))
    driver = None
    proto = None
    state = {}
    try:
        hall.start_web()
        hall.ctl("signin", "1", "1001")
        proto = Protocol(hall.requests, hall.env["HALL_KEY"])
        driver = browser(os.path.join(hall.dir, "chrome"), height=740)

        def contact_from_page():
            number, url = serve(hall)
            state["number"] = number
            driver.get(url)
            wait_for("the rating form", lambda: driver.find_elements(By.ID, "rate-form"))
            contact = driver.find_element(By.ID, "contact")
            assert not contact.is_displayed(), "the contact fields wait for a 差评"
            driver.find_element(By.ID, "level-1").click()
            assert contact.is_displayed()
            text = shown(driver, "contact-text")
            assert "号码仅用于本次差评的回访" in text and "结案后 30 天删除" in text, text
            driver.find_element(By.ID, "contact-phone").send_keys("139")
            driver.find_element(By.ID, "level-5").click()      # a good level: hidden, and emptied
            assert not contact.is_displayed()
            assert driver.find_element(By.ID, "contact-phone").get_attribute("value") == ""
            driver.find_element(By.ID, "level-2").click()
            driver.find_element(By.ID, "reason-wait_long").click()
            driver.find_element(By.ID, "contact-phone").send_keys(PHONE)
            driver.find_element(By.ID, "contact-consent").click()
            shot(driver, "web-rating-contact")
            driver.find_element(By.ID, "rate-submit").click()
            wait_for("the thanks", lambda: "感谢您的评价" in shown(driver, "message"))
            assert PHONE not in driver.page_source
            assert not [u for u in [driver.current_url] if PHONE in u], driver.current_url
            kase = case_of(proto, number)
            assert kase["phone"] == "138****8000" and kase["anonymous"] is False, kase
            assert kase["rating"]["channel"] == "phone" and kase["rating"]["level"] == 2, kase["rating"]
            state["case"] = kase["id"]
            db = sqlite3.connect("file:%s?mode=ro" % hall.db, uri=True)
            leaks = db.execute("SELECT count(*) FROM event WHERE detail LIKE ?", ("%" + PHONE + "%",)).fetchone()[0]
            db.close()
            assert leaks == 0, "the number is in %d events" % leaks
            assert PHONE not in hall.log("web.log")
        tap.run("a 差评 on the phone page with a number and its consent: a real-name case, the number masked, "
                "in no event, no URL, no log", contact_from_page)

        def number_needs_consent():
            number, url = serve(hall)
            token = url.rsplit("/", 1)[1]
            _, page, _ = hall.http("GET", "/t/" + token)
            csrf = re.search(r'id="rate-form".*?name="csrf" value="([0-9a-f]+)"', page, re.S).group(1)
            form = {"Content-Type": "application/x-www-form-urlencoded"}
            for fields, says in ((dict(contact_phone=PHONE), "勾选同意"),
                                 (dict(contact_phone="1380013800", consent="1"), "11 位手机号码")):
                status, text, _ = hall.http("POST", "/t/%s/rate" % token,
                                            form_body(level="2", csrf=csrf, **{"reason.wait_long": "1"}, **fields),
                                            form)
                assert status == 422 and says in text, (status, text[:400])
                assert PHONE not in text and "1380013800" not in text, "the page echoes the number"
            assert not [c for c in proto.ok("cases", filter="all")["cases"] if c["number"] == number]
            # 不留号码: an anonymous case, with no way to send it a link.
            status, text, _ = hall.http("POST", "/t/%s/rate" % token,      # 303, followed
                                        form_body(level="1", csrf=csrf, **{"reason.impolite": "1"}), form)
            assert status == 200 and "感谢您的评价" in text, (status, text[:300])
            kase = case_of(proto, number)
            assert kase["anonymous"] is True and kase["phone"] is None, kase
            reply = proto.call("case.link", case=kase["id"], send=True)
            assert not reply["ok"] and reply["error"]["code"] == "bad_state", reply
        tap.run("a number without consent, or not a mobile, is refused (422) and nothing is rated; "
                "without a number the case is anonymous", number_needs_consent)

        def manager_sends_link():
            case = state["case"]
            reply = proto.call("case.link", case=case, send=True)
            assert not reply["ok"] and reply["error"]["code"] == "bad_state", "no link before the rectification"
            proto.ok("case.update", case=case, action="contact", method="phone",
                     note="电话联系访客，约定三个工作日内答复")
            proto.ok("case.update", case=case, action="rectify", note=NOTE, by="赵主任")
            link = proto.ok("case.link", case=case, send=True)
            assert re.fullmatch(r"[A-Za-z0-9_-]{16,64}", link["token"]), link
            assert link["path"] == "/c/" + link["token"], link
            state["token"] = link["token"]
            got = wait_for("the revisit SMS", lambda: receiver.of_kind("revisit"), timeout=45)
            body, signed = got[0]
            assert signed, "the message is signed"
            assert body["phone"] == PHONE and body["number"] == state["number"], body
            wanted = hall.base + "c/" + link["token"]
            assert body["link"] == wanted, (body["link"], wanted)
            assert body["text"] == "【示范县政务服务中心】您对企业开办的评价已整改，请点击查看并评价整改结果：" + wanted, \
                body["text"]
            state["sms_link"] = re.search(r"(https?://\S+)$", body["text"]).group(1)
            # Sent once: the link again is the same one, owed no more.
            again = proto.ok("case.link", case=case, send=True)
            assert again["token"] == link["token"], again
            wait_for("the server to mark it sent",
                     lambda: not [m for m in proto.ok("notify.owed")["owed"] if m["kind"] == "revisit"])
            assert len(receiver.of_kind("revisit")) == 1, receiver.of_kind("revisit")
        tap.run("contact and rectify with their records, then case.link with send: one signed revisit SMS "
                "with the case's link", manager_sends_link)

        def visitor_verdict():
            driver.get(state["sms_link"])
            wait_for("the case page", lambda: shown(driver, "rectified-note") == NOTE)
            assert shown(driver, "case-number") == state["number"] + " · 11月27日 周五", shown(driver, "case-number")
            assert shown(driver, "case-level") == "不满意", shown(driver, "case-level")
            assert "排队等候时间长" in shown(driver, "case-reasons"), shown(driver, "case-reasons")
            assert shown(driver, "case-service") == "企业开办 · 1号窗口", shown(driver, "case-service")
            assert shown(driver, "rectified-at").startswith("整改时间："), shown(driver, "rectified-at")
            source = driver.page_source
            for secret in ("王芳", "赵主任", "138****", PHONE):
                assert secret not in source, "the page shows %s" % secret
            assert not driver.find_elements(By.ID, "rate-form"), "the second rating comes after the verdict"
            shot(driver, "phone-case")
            driver.find_element(By.ID, "verdict-text").send_keys("现在有人引导了")
            driver.find_element(By.ID, "verdict-satisfied").click()
            wait_for("the thanks", lambda: "感谢您的反馈" in shown(driver, "message"))
            assert "满意" in shown(driver, "verdict") and "您本人提交" in shown(driver, "verdict")
            assert not driver.find_elements(By.ID, "verdict-form")
            kase = proto.ok("case.get", case=state["case"])["case"]
            assert kase["verdict"] == "满意" and kase["verdict_source"] == "visitor", kase
            assert kase["state"] == "verdict", kase["state"]
            shot(driver, "web-case-verdict")
        tap.run("the SMS's link opens the case (what the hall did, no clerk, no number); 满意 lands as the "
                "visitor's verdict", visitor_verdict)

        def second_rating():
            wait_for("the second rating form", lambda: driver.find_elements(By.ID, "rate-form"))
            driver.find_element(By.ID, "level-4").click()
            driver.find_element(By.ID, "rate-submit").click()
            wait_for("the thanks", lambda: "感谢您的评价" in shown(driver, "message"))
            assert "满意" in shown(driver, "second-rating"), shown(driver, "second-rating")
            assert not driver.find_elements(By.ID, "rate-form")
            kase = proto.ok("case.get", case=state["case"])["case"]
            second = kase["second_rating"]
            assert second and second["round"] == 2 and second["level"] == 4 and second["channel"] == "phone", kase
            assert kase["rating"]["round"] == 1 and kase["rating"]["level"] == 2, kase["rating"]
            # Once: neither form is offered again.
            _, page, _ = hall.http("GET", "/c/" + state["token"])
            assert 'id="rate-form"' not in page and 'id="verdict-form"' not in page, page[:600]
        tap.run("after the verdict, the second rating: round 2 on the case, once", second_rating)

        def forged_and_unknown():
            token = state["token"]
            form = {"Content-Type": "application/x-www-form-urlencoded"}
            for body, headers in ((form_body(verdict="dissatisfied"), form),
                                  (form_body(verdict="dissatisfied", csrf="0" * 64), form)):
                status, text, _ = hall.http("POST", "/c/%s/verdict" % token, body, headers)
                assert status == 403 and "请求无效" in text, (status, text[:300])
            assert proto.ok("case.get", case=state["case"])["case"]["verdict"] == "满意"
            status, text, headers = hall.http("GET", "/c/AAAAAAAAAAAAAAAAAAAAAA")
            assert status == 404 and "链接无效" in text, (status, text[:300])
            assert "frame-ancestors 'none'" in headers.get("Content-Security-Policy", "")
            for path in ("/c/short", "/c/" + "A" * 300, "/c/AAAAAAAAAAAAAAAAAAAAAA/nothing"):
                status, _, _ = hall.http("GET", path)
                assert 400 <= status < 500, (path, status)
            driver.get(hall.base + "c/AAAAAAAAAAAAAAAAAAAAAA")
            wait_for("the error page", lambda: shown(driver, "error-title") == "链接无效")
            status, text, _ = hall.http("GET", "/c/%s?lang=en" % token)
            assert status == 200 and "What the hall did" in text and 'lang="en"' in text, text[:400]
        tap.run("forged POSTs are refused (403); an unknown link gets its 404 page; English", forged_and_unknown)

        def expired_link():
            hall.ctl("clock", "--advance", str(16 * 86400))
            wait_for("the expired page", lambda: hall.http("GET", "/c/" + state["token"])[0] == 410)
            status, text, _ = hall.http("GET", "/c/" + state["token"])
            assert "回访链接已过期" in text, text[:300]
        tap.run("after 15 days the link has expired: its own page (410)", expired_link)
    except Exception:
        import traceback
        tap.ok(False, "the hall and the browser started", traceback.format_exc())
    finally:
        if driver:
            driver.quit()
        if proto:
            proto.close()
        receiver.close()
        hall.finish(tap)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
