"""hall.py — the real hall for the phone-page tests: hall-server with the
test clock on 127.0.0.1, hallctl with the admin key, hall-web with its own
device key (role web), and TAP output.  Every wait is for a condition,
never a fixed sleep; the clock is the server's test clock.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

BUILD = os.environ.get("HALL_BUILD", "build")
SOURCE = os.environ.get("HALL_SOURCE", ".")
START = 1795741200          # Friday 2026-11-27 09:00 in Asia/Shanghai
OUT = os.path.join(BUILD, "test-output")    # the screenshots


def _hall_env(env=None):
    """The environment of a hall program: with the preload the runner set
    aside for them (make check-clock's libfaketime), if any."""
    env = dict(env if env is not None else os.environ)
    if os.environ.get("HALL_PRELOAD"):
        env["LD_PRELOAD"] = os.environ["HALL_PRELOAD"]
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, fn, timeout=15.0, every=0.05):
    """Calls FN until it returns something true; fails the test after TIMEOUT."""
    end = time.monotonic() + timeout
    last = None
    while time.monotonic() < end:
        try:
            last = fn()
        except Exception as e:      # the thing waited for is not there yet
            last = e
        if last and not isinstance(last, Exception):
            return last
        time.sleep(every)
    raise AssertionError("timed out waiting for %s (last: %r)" % (what, last))


def resident_id(first17):
    """An 18-character resident ID number (GB 11643) from its first 17
    digits: the check character appended."""
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(first17))
    return first17 + "10X98765432"[total % 11]


def browser(profile, network_log=False, height=640):
    """Headless Chromium as a 360xHEIGHT phone (Selenium).  NETWORK_LOG: keep
    the performance log, so that a test can read every URL requested."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--lang=zh-CN"):
        opts.add_argument(arg)
    opts.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 360, "height": height,
                                                                       "pixelRatio": 2.0}})
    if network_log:
        opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def shot(driver, name):
    """The browser's screen as OUT/NAME.png."""
    os.makedirs(OUT, exist_ok=True)
    driver.save_screenshot(os.path.join(OUT, name + ".png"))


def shown(driver, element_id):
    """The text of the element ELEMENT_ID when it is there and shown, else ""."""
    from selenium.webdriver.common.by import By
    els = driver.find_elements(By.ID, element_id)
    return els[0].text if els and els[0].is_displayed() else ""


def requested_urls(driver):
    """Every URL the browser requested or navigated to since the last call
    (a browser() with NETWORK_LOG)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(params["request"]["url"])
            if params.get("redirectResponse"):
                urls.append(params["redirectResponse"].get("url", ""))
        elif message.get("method") == "Page.frameNavigated":
            urls.append(params["frame"].get("url", ""))
    return urls


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=""):
        self.n += 1
        if cond:
            print("ok %d %s" % (self.n, name), flush=True)
        else:
            self.failed += 1
            print("not ok %d %s" % (self.n, name), flush=True)
            if detail:
                for line in str(detail).splitlines():
                    print("# " + line, flush=True)
        return cond

    def run(self, name, fn):
        try:
            fn()
            self.ok(True, name)
        except Exception as e:          # an assertion or an unexpected error: report, go on
            import traceback
            self.ok(False, name, traceback.format_exc())

    def done(self):
        print("1..%d" % self.n, flush=True)
        return 1 if self.failed else 0


class Hall:
    """A server, hallctl and (after start_web) hall-web in a fresh folder."""

    def __init__(self, notify_ahead=2, webhook=None, booking=None, hall_keys=None, extra_config=""):
        """BOOKING: {category: {key: value}} added to those categories'
        groups (booking_hours ... for appointments); HALL_KEYS to [hall];
        EXTRA_CONFIG: groups appended to the configuration ([journey CODE] ...)."""
        self.dir = tempfile.mkdtemp(prefix="hall-web-test-")
        self.requests = "tcp://127.0.0.1:%d" % free_port()
        self.events = "tcp://127.0.0.1:%d" % free_port()
        self.web_port = free_port()
        self.base = "http://127.0.0.1:%d/" % self.web_port
        conf = open(os.path.join(SOURCE, "data", "demo-hall.conf"), encoding="utf-8").read()
        # The demo's own appointments go: a test books only what it asks for.
        conf = re.sub(r"^booking_[a-z_]+=.*$", "", conf, flags=re.M)
        conf = re.sub(r"^status_url=.*$", "", conf, flags=re.M)
        conf = re.sub(r"^notify_ahead=.*$", "", conf, flags=re.M)
        conf = conf.replace("[hall]\n", "[hall]\nstatus_url=%st/\nnotify_ahead=%d\n" % (self.base, notify_ahead), 1)
        for key, value in (hall_keys or {}).items():
            conf = re.sub(r"^%s=.*$" % re.escape(key), "", conf, flags=re.M)
            conf = conf.replace("[hall]\n", "[hall]\n%s=%s\n" % (key, value), 1)
        for category, keys in (booking or {}).items():
            group = "[category %s]\n" % category
            assert group in conf, category
            conf = conf.replace(group, group + "".join("%s=%s\n" % kv for kv in keys.items()), 1)
        if extra_config:
            conf = conf.rstrip("\n") + "\n\n" + extra_config.strip("\n") + "\n"
        self.config = os.path.join(self.dir, "hall.conf")
        open(self.config, "w", encoding="utf-8").write(conf)
        self.db = os.path.join(self.dir, "hall.db")
        self.procs = []
        self.server = self._spawn([os.path.join(BUILD, "hall-server"), "--config", self.config, "--db", self.db,
                                   "--requests", self.requests, "--events", self.events, "--test-clock",
                                   "--test-clock-start=%d" % START], "server.log")
        self.env = dict(os.environ, HALL_KEY=os.path.join(self.dir, "keys", "admin.key"))
        # The server makes the admin key at its first start: a hallctl
        # without it would wait out its retries.
        wait_for("the admin key", lambda: os.path.exists(self.env["HALL_KEY"]))
        wait_for("the server", lambda: self.ctl_rc("--timeout", "300", "--retries", "0", "status") == 0)
        self.web = None
        self.webhook = webhook

    def _spawn(self, argv, log, env=None):
        out = open(os.path.join(self.dir, log), "w")
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=_hall_env(env))
        self.procs.append(p)
        return p

    def ctl_run(self, *args):
        return subprocess.run([os.path.join(BUILD, "hallctl"), "--server", self.requests, "--events",
                               self.events] + list(args), env=_hall_env(self.env), capture_output=True,
                              text=True, timeout=60)

    def ctl_rc(self, *args):
        return self.ctl_run(*args).returncode

    def ctl(self, *args):
        r = self.ctl_run(*args)
        if r.returncode != 0:
            raise AssertionError("hallctl %s: %s%s" % (" ".join(args), r.stdout, r.stderr))
        return r.stdout

    def ctl_json(self, *args):
        return json.loads(self.ctl("--json", *args))

    def start_web(self, *extra):
        key = os.path.join(self.dir, "web.key")
        self.ctl("enroll", "web", "--out", key)
        argv = [os.path.join(BUILD, "hall-web"), "--allow-root", "--listen", "127.0.0.1:%d" % self.web_port,
                "--server", self.requests, "--events", self.events, "--rate", "1000", "--burst", "1000",
                "--max-streams", "100"] + list(extra)
        if self.webhook:
            secret = os.path.join(self.dir, "webhook.secret")
            open(secret, "w").write(self.webhook[1] + "\n")
            argv += ["--webhook", self.webhook[0], "--webhook-secret-file", secret]
        self.web = self._spawn(argv, "web.log", env=dict(os.environ, HALL_KEY=key))
        wait_for("hall-web", lambda: self.http("GET", "/")[0] == 200)

    def http(self, method, path, body=None, headers=None):
        """(status, text, headers) of one request to hall-web."""
        data = body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(self.base.rstrip("/") + path, data=data, method=method,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                return r.status, r.read().decode("utf-8", "replace"), r.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace"), e.headers

    def book(self, category, slot, name, id_number, phone="13912345678", **extra):
        """A booking through the phone page's form by a plain POST (its
        form token read from the page first): (status, page)."""
        from urllib.parse import urlencode
        _, page, _ = self.http("GET", "/book/" + category)
        csrf = re.search(r'id="booking-form".*?name="csrf" value="([0-9a-f]+)"', page, re.S)
        assert csrf, page[:600]
        fields = dict(slot=slot, name=name, document="id", id_number=id_number, phone=phone, csrf=csrf.group(1),
                      **extra)
        status, text, _ = self.http("POST", "/book/" + category, urlencode(fields),
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        return status, text

    def issue_png(self, category):
        """Issues a ticket with hallctl and prints it as the kiosk does; the
        URL decoded from the printed QR (zbarimg)."""
        png = os.path.join(self.dir, "ticket-%d.png" % len(os.listdir(self.dir)))
        self.ctl("issue", category, "--png", png)
        out = subprocess.run(["zbarimg", "--raw", "-q", png], capture_output=True, text=True, timeout=30)
        return out.stdout.strip(), png

    def journey_issue(self, journey):
        """Issues a journey ticket (一件事) with `hallctl journey issue`:
        (number, the phone page's URL from the reply's token)."""
        reply = self.ctl_json("journey", "issue", journey)
        assert reply.get("token"), reply
        return reply["ticket"]["number"], self.base + "t/" + reply["token"]

    def close(self):
        """Stops everything; the exit codes, by process (0: clean; under the
        sanitizers a leak or an error makes it non-zero)."""
        codes = []
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            codes.append(p.returncode)
        if os.environ.get("HALL_KEEP_TEST_DIR"):
            pass
        else:
            shutil.rmtree(self.dir, ignore_errors=True)
        return codes

    def finish(self, tap, logs=("web.log", "server.log")):
        """Stops the hall; hall-web's exit is a test of its own (under the
        sanitizers a leak or an error makes it non-zero).  When anything
        failed, the LOGS' last lines go to the TAP output."""
        web = self.web
        keep = os.environ.get("HALL_KEEP_TEST_DIR")
        os.environ["HALL_KEEP_TEST_DIR"] = "1"          # read the logs before the folder goes
        self.close()
        texts = {name: self.log(name) for name in logs}
        if not keep:
            del os.environ["HALL_KEEP_TEST_DIR"]
            shutil.rmtree(self.dir, ignore_errors=True)
        tap.ok(web is not None and web.returncode == 0, "hall-web stops cleanly on SIGTERM",
               "exit code %s\n%s" % (web.returncode if web else None, texts.get("web.log", "")[-3000:]))
        if tap.failed:
            for name, text in texts.items():
                for line in text.splitlines()[-30:]:
                    print("# %s: %s" % (name, line))

    def log(self, name):
        try:
            return open(os.path.join(self.dir, name), encoding="utf-8", errors="replace").read()
        except OSError:
            return ""
