#!/usr/bin/python3
"""test-web-appointment.py — an appointment end to end, through the real
programs: a visitor books on the phone page (headless Chromium at
360x640) and reads the code off the page; two walk-ins take tickets; the
visitor checks in with the code at the real hall-kiosk (GTK 4 under its
own Xvfb, driven as a person and a scanner would: a click on 预约签到,
then the code's keystrokes and Enter through XTEST, with no tap on the
code's box — a scanner types into whatever has the focus) and gets a 预约
ticket, on the kiosk's screen and on paper (the printer is a folder); once the slot
has started, the desk's call takes it before the walk-ins issued before
it.  The code and the ID number are in no URL and in no program's log.
Screenshots (phone 360x640, kiosk 1920x1080) go to $HALL_BUILD/test-output/.

The X side is ctypes over libX11 and libXtst (no xdotool needed): a
screenshot is XGetImage of the root window written as a PNG, and the
kiosk's buttons are found by their colour, not by coordinates.
"""
import ctypes
import os
import re
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hall import BUILD, OUT, Hall, Tap, _hall_env, browser, requested_urls, shot, shown, wait_for  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402

ID_NUMBER = "11010519491231002X"
PHONE = "13800138000"
TODAY = "2026-11-27"
PRIMARY = (0x15, 0x65, 0xc0)          # the kiosk's primary-action blue (kiosk.css)


class XImage(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int),
                ("red_mask", ctypes.c_ulong), ("green_mask", ctypes.c_ulong), ("blue_mask", ctypes.c_ulong),
                ("obdata", ctypes.c_void_p), ("funcs", ctypes.c_void_p * 6)]


class Screen:
    """An Xvfb of our own (1920x1080x24), and a person's hands on it."""

    def __init__(self, folder):
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24",
                                      "-nolisten", "tcp"], pass_fds=(write,), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as f:
            self.display = ":" + f.readline().strip()     # written once the server is ready
        self.bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.bus_address = self.bus.stdout.readline().strip()
        self.x11 = ctypes.cdll.LoadLibrary("libX11.so.6")
        self.xtst = ctypes.cdll.LoadLibrary("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x11.XGetImage.restype = ctypes.POINTER(XImage)
        self.x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                                       ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        self.x11.XStringToKeysym.restype = ctypes.c_ulong
        self.x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        self.x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        self.x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                                   ctypes.c_ulong]
        self.xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.dpy = self.x11.XOpenDisplay(self.display.encode())
        assert self.dpy, "cannot open " + self.display
        self.root = self.x11.XDefaultRootWindow(self.dpy)
        self.folder = folder

    def env(self, base):
        return dict(base, DISPLAY=self.display, DBUS_SESSION_BUS_ADDRESS=self.bus_address, GDK_BACKEND="x11",
                    GSK_RENDERER="cairo", GDK_DEBUG="gl-disable", GTK_A11Y="none", NO_AT_BRIDGE="1", LIBGL_ALWAYS_SOFTWARE="1",
                    GSETTINGS_BACKEND="memory", WAYLAND_DISPLAY="")

    def pixels(self):
        """(width, height, BGRX bytes) of the whole screen now."""
        image = self.x11.XGetImage(self.dpy, self.root, 0, 0, 1920, 1080, 0xFFFFFFFF, 2)     # ZPixmap
        assert image, "XGetImage failed"
        im = image.contents
        assert im.bits_per_pixel == 32, im.bits_per_pixel
        data = ctypes.string_at(im.data, im.bytes_per_line * im.height)
        width, height, stride = im.width, im.height, im.bytes_per_line
        ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(XImage))(im.funcs[1])(image)         # XDestroyImage
        if stride != width * 4:
            data = b"".join(data[y * stride:y * stride + width * 4] for y in range(height))
        return width, height, data

    def shot(self, path):
        width, height, data = self.pixels()
        rows = bytearray()
        for y in range(height):
            row = data[y * width * 4:(y + 1) * width * 4]
            rows.append(0)
            rgb = bytearray(width * 3)
            rgb[0::3], rgb[1::3], rgb[2::3] = row[2::4], row[1::4], row[0::4]
            rows += rgb

        def chunk(kind, body):
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) \
            + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b"")
        with open(path, "wb") as f:
            f.write(png)

    def filled(self, colour, step=4):
        """The boxes (x0, y0, x1, y1) of the areas filled with COLOUR (an
        8x8 block of it, sampled every STEP pixels), largest first: a
        button's face, not a border drawn in that colour."""
        width, height, data = self.pixels()
        b, g, r = colour[2], colour[1], colour[0]

        def at(x, y):
            i = (y * width + x) * 4
            return abs(data[i] - b) < 8 and abs(data[i + 1] - g) < 8 and abs(data[i + 2] - r) < 8
        hits = [(x, y) for y in range(0, height - 8, step) for x in range(0, width - 8, step)
                if at(x, y) and at(x + 7, y) and at(x, y + 7) and at(x + 7, y + 7) and at(x + 3, y + 3)]
        boxes = []
        for x, y in hits:                # join samples that touch into boxes
            for box in boxes:
                if box[0] - step <= x <= box[2] + step and box[1] - step <= y <= box[3] + step:
                    box[0], box[1], box[2], box[3] = min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)
                    break
            else:
                boxes.append([x, y, x, y])
        return sorted((tuple(b) for b in boxes), key=lambda b: -(b[2] - b[0]) * (b[3] - b[1]))

    def click(self, x, y):
        self.xtst.XTestFakeMotionEvent(self.dpy, -1, int(x), int(y), 0)
        self.xtst.XTestFakeButtonEvent(self.dpy, 1, 1, 0)
        self.xtst.XTestFakeButtonEvent(self.dpy, 1, 0, 0)
        self.x11.XSync(self.dpy, 0)

    def type(self, text):
        """Keystrokes, as a keyboard-wedge scanner sends them ("\\n": Return)."""
        for c in text:
            keysym = self.x11.XStringToKeysym(b"Return" if c == "\n" else c.encode())
            code = self.x11.XKeysymToKeycode(self.dpy, keysym)
            assert code, "no key for %r" % c
            self.xtst.XTestFakeKeyEvent(self.dpy, code, 1, 0)
            self.xtst.XTestFakeKeyEvent(self.dpy, code, 0, 0)
        self.x11.XSync(self.dpy, 0)

    def close(self):
        if self.dpy:
            self.x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
            self.x11.XCloseDisplay(self.dpy)
            self.dpy = None
        for p in (self.bus, self.xvfb):
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def centre(box):
    return (box[0] + box[2]) / 2 + 4, (box[1] + box[3]) / 2 + 4


def main():
    tap = Tap()
    # The slots of 09:00-11:30, bookable up to their start; check-in opens
    # 30 minutes before a slot (the default).
    hall = Hall(booking={"business": {"booking_hours": "09:00-11:30", "booking_capacity": "4", "booking_cutoff": "0"}})
    driver = screen = kiosk = None
    state = {}
    printed = os.path.join(hall.dir, "tickets")
    try:
        hall.start_web()
        driver = browser(os.path.join(hall.dir, "chrome"), network_log=True)

        def book_on_the_phone():
            wait_for("the booking link", lambda: 'id="book-business"' in hall.http("GET", "/")[1])
            driver.get(hall.base + "hall")
            driver.find_element(By.ID, "book-business").click()
            wait_for("the booking form", lambda: driver.find_elements(By.ID, "booking-form"))
            driver.find_element(By.CSS_SELECTOR, "label[for='slot-%s-0930']" % TODAY).click()
            for field, value in (("name", "张三"), ("id_number", ID_NUMBER), ("phone", PHONE)):
                driver.find_element(By.ID, field).send_keys(value)
            driver.find_element(By.ID, "booking-submit").click()
            wait_for("the code", lambda: re.fullmatch(r"\d{8}", shown(driver, "booking-code")))
            state["code"] = shown(driver, "booking-code")
            assert "09:00–10:00" in shown(driver, "checkin-when"), shown(driver, "checkin-when")
            shot(driver, "web-appointment-booked")
        tap.run("a visitor books 09:30 on the phone page and reads the code off it", book_on_the_phone)

        def walk_ins_first():
            hall.ctl("clock", "--advance", str(14 * 60))              # 09:14
            for number in ("A001", "A002"):
                assert number in hall.ctl("issue", "business")
        tap.run("two walk-ins take tickets at 09:14", walk_ins_first)

        def check_in_at_the_kiosk():
            nonlocal screen, kiosk
            hall.ctl("clock", "--advance", "60")                      # 09:15: the check-in window is open
            key = os.path.join(hall.dir, "kiosk.key")
            hall.ctl("enroll", "kiosk", "--out", key)
            screen = Screen(hall.dir)
            log = open(os.path.join(hall.dir, "kiosk.log"), "w")
            kiosk = subprocess.Popen([os.path.join(BUILD, "hall-kiosk"), "--server", hall.requests, "--events",
                                      hall.events, "--printer", "folder:" + printed, "--idle-timeout", "300"],
                                     stdout=log, stderr=subprocess.STDOUT,
                                     env=screen.env(_hall_env(dict(os.environ, HALL_KEY=key))))
            hall.procs.append(kiosk)
            # The start screen: 预约签到 is the one button filled with the primary blue.
            start = wait_for("the kiosk's 预约签到 button", lambda: screen.filled(PRIMARY), timeout=30)
            screen.shot(os.path.join(OUT, "web-appointment-kiosk-start.png"))
            screen.click(*centre(start[0]))
            # The check-in screen: its own buttons (签到) in other places.
            wait_for("the check-in screen", lambda: screen.filled(PRIMARY) and screen.filled(PRIMARY) != start,
                     timeout=15)
            screen.shot(os.path.join(OUT, "web-appointment-kiosk-checkin.png"))
            # No tap on the code's box: the scanner types into the focus.
            screen.type(state["code"] + "\n")                       # the scanner: digits, then Enter

            def checked_in():
                listed = hall.ctl_json("booking", "list", TODAY)["bookings"]
                return [b for b in listed if b["state"] == "checked_in" and b["ticket"]]
            booking = wait_for("the check-in", checked_in, timeout=20)[0]
            state["ticket"] = booking["ticket"]
            assert state["ticket"] == "A003", booking
            ticket = hall.ctl_json("ticket", "A003")["ticket"]
            assert ticket["appointment"]["start"] == "09:30" and ticket["appointment"]["end"] == "10:00", ticket
            paper = wait_for("the printed ticket", lambda: [f for f in os.listdir(printed) if "A003" in f]
                             if os.path.isdir(printed) else None)
            text = open(os.path.join(printed, paper[0]), "rb").read().decode("gb18030", "replace")
            assert "A003" in text and "预约 09:30–10:00" in text, text[:400]
            screen.shot(os.path.join(OUT, "web-appointment-kiosk-ticket.png"))
        tap.run("at 09:15 the code typed by the kiosk's scanner checks in: a 预约 ticket on screen and paper",
                check_in_at_the_kiosk)

        def called_before_walk_ins():
            hall.ctl("clock", "--advance", str(16 * 60))              # 09:31: the slot has started
            hall.ctl("signin", "1", "1001")
            first = hall.ctl_json("call", "1")
            assert first["ticket"]["number"] == "A003", first
            hall.ctl("start", "1")
            hall.ctl("finish", "1")
            second = hall.ctl_json("call", "1")
            assert second["ticket"]["number"] == "A001", second
        tap.run("once the slot has started the desk calls the appointment before the walk-ins issued before it",
                called_before_walk_ins)

        def nothing_leaked():
            urls = requested_urls(driver)
            assert urls
            for secret in (state["code"], ID_NUMBER, PHONE):
                assert not [u for u in urls if secret in u], secret
                for name in ("web.log", "server.log", "kiosk.log"):
                    assert secret not in hall.log(name), (name, secret)
        tap.run("the code, the ID number and the phone are in no URL and no log (phone, web, server, kiosk)",
                nothing_leaked)
    except Exception:
        import traceback
        tap.ok(False, "the hall, the browser and the kiosk started", traceback.format_exc())
    finally:
        if driver:
            driver.quit()
        if kiosk and kiosk.poll() is None:
            kiosk.terminate()
            kiosk.wait(30)
        if screen:
            screen.close()
        hall.finish(tap, logs=("web.log", "server.log", "kiosk.log"))
    return tap.done()


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    sys.exit(main())
