#!/usr/bin/python3
"""test-web-booking.py — appointments (预约) on the phone pages, in a real
browser (headless Chromium at 360x640, Selenium) against the real
hall-server (test clock: Friday 2026-11-27 09:00) and hall-web.

From the hall page a visitor follows the category's booking link, picks a
slot, fills the real-name form and books: the page shows the code large,
a QR that holds just the code (zbarimg), day and slot, the masked name,
ID and phone, and how to check in.  A mistyped ID check digit is shown
under its field; a slot taken meanwhile says it is full; the booking is
found again by its code (a POST) and cancelled.  No URL the browser asked
for, and no line of the logs, holds the code, the ID number or the phone;
no page echoes the full numbers.  Forged POSTs are refused.  Over HTTP:
a second booking of the same person and day, a slot past its cut-off, and
a person banned after three missed bookings, with the day they may book
again.  Screenshots at 360x640 go to $HALL_BUILD/test-output/.
"""
import os
import re
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hall import Hall, Tap, browser, requested_urls, resident_id, shot, shown, wait_for  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402

ID_NUMBER = "11010519491231002X"
MISTYPED = "110105194912310021"          # the same with a wrong check character
PHONE = "13800138000"
MONDAY = "2026-11-30"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
BOOKING = {"booking_hours": "09:00-11:30,14:00-16:30", "booking_slot": "30", "booking_days": "5",
           "booking_cutoff": "30", "booking_cancel": "60"}


def fits(driver):
    """The page is no wider than the phone (nothing to scroll sideways)."""
    width = driver.execute_script("return document.documentElement.scrollWidth")
    inner = driver.execute_script("return window.innerWidth")
    assert width <= inner, "the page is %d px wide on a %d px phone" % (width, inner)


def pick_slot(driver, day, start):
    """Opens DAY's list and chooses the slot starting at START."""
    slot_id = "slot-%s-%s" % (day, start.replace(":", ""))
    details = driver.find_element(By.ID, "day-" + day)
    if details.get_attribute("open") is None:
        details.find_element(By.TAG_NAME, "summary").click()
    driver.find_element(By.CSS_SELECTOR, "label[for='%s']" % slot_id).click()
    assert driver.find_element(By.ID, slot_id).is_selected()


def fill(driver, name, number, phone):
    for field, value in (("name", name), ("id_number", number), ("phone", phone)):
        el = driver.find_element(By.ID, field)
        el.clear()
        el.send_keys(value)


def message_of(page):
    found = re.search(r'id="message"[^>]*>([^<]*)<', page)
    return found.group(1) if found else ""


def main():
    tap = Tap()
    # business: 2 places a slot; construction: 1, for the full slot.
    hall = Hall(booking={"business": dict(BOOKING, booking_capacity="2"),
                         "construction": dict(BOOKING, booking_capacity="1")},
                hall_keys={"booking_ban_after": "3", "booking_ban_days": "30"})
    driver = None
    state = {"urls": []}
    try:
        hall.start_web()
        driver = browser(os.path.join(hall.dir, "chrome"), network_log=True)

        def hall_page_links():
            # hall-web learns which categories take bookings once the hall is loaded.
            wait_for("the booking links", lambda: 'id="book-construction"' in hall.http("GET", "/")[1])
            driver.get(hall.base + "hall")
            link = driver.find_element(By.ID, "book-business")
            assert "企业开办" in link.text, link.text
            assert not driver.find_elements(By.ID, "book-tender"), "tender takes no bookings"
            assert driver.find_element(By.ID, "my-booking").is_displayed()
            fits(driver)
            # The links are below the queues: the top says so.
            driver.find_element(By.CSS_SELECTOR, ".jump a").click()
            wait_for("the links in sight", lambda: driver.execute_script(
                "var r = document.querySelector('.booking-links').getBoundingClientRect();"
                "return r.top >= 0 && r.bottom <= window.innerHeight"))
            shot(driver, "web-booking-hall")
            link.click()
            wait_for("the booking form", lambda: driver.find_elements(By.ID, "booking-form"))
            assert driver.current_url.endswith("/book/business"), driver.current_url
            assert "预约：企业开办" in shown(driver, "booking-title")
            # Today's 09:00 and 09:30 are past the 30-minute cut-off; 10:00 is the first.
            assert not driver.find_elements(By.ID, "slot-2026-11-27-0900")
            assert driver.find_element(By.ID, "slot-2026-11-27-1000").is_enabled()
            assert "今天" in driver.find_element(By.CSS_SELECTOR, "#day-2026-11-27 summary").text
            monday = driver.find_element(By.CSS_SELECTOR, "#day-%s summary" % MONDAY).text
            assert "11月30日 周一" in monday and "余 20" in monday, monday
            assert not driver.find_elements(By.ID, "day-2026-11-28"), "Saturday is no working day"
            fits(driver)
            shot(driver, "web-booking-form")
        tap.run("the hall page links each category that takes bookings to its form (slots of the coming "
                "working days)", hall_page_links)

        def mistyped_check_digit():
            pick_slot(driver, MONDAY, "09:00")
            fill(driver, "张三", MISTYPED, PHONE)
            driver.find_element(By.ID, "booking-submit").click()
            wait_for("the field's error", lambda: shown(driver, "error-id_number"))
            assert "校验不通过" in shown(driver, "error-id_number"), shown(driver, "error-id_number")
            assert "请核对" in shown(driver, "message")
            assert driver.find_element(By.ID, "id_number").get_attribute("aria-invalid") == "true"
            # Shown again: the slot, the name; never the numbers typed.
            assert driver.find_element(By.ID, "slot-%s-0900" % MONDAY).is_selected()
            assert driver.find_element(By.ID, "name").get_attribute("value") == "张三"
            assert driver.find_element(By.ID, "id_number").get_attribute("value") == ""
            assert driver.find_element(By.ID, "phone").get_attribute("value") == ""
            source = driver.page_source
            assert MISTYPED not in source and PHONE not in source
            fits(driver)
            shot(driver, "web-booking-error")
        tap.run("a wrong ID check digit is shown under its field; the page keeps neither number", mistyped_check_digit)

        def booked():
            driver.find_element(By.ID, "id_number").send_keys(ID_NUMBER)
            driver.find_element(By.ID, "phone").send_keys(PHONE)
            driver.find_element(By.ID, "booking-submit").click()
            wait_for("the booking's code", lambda: re.fullmatch(r"\d{8}", shown(driver, "booking-code")))
            code = shown(driver, "booking-code")
            state["code"] = code
            assert "预约成功" in shown(driver, "message")
            assert shown(driver, "booking-category") == "企业开办"
            assert shown(driver, "booking-when") == "11月30日 周一 09:00–09:30", shown(driver, "booking-when")
            assert shown(driver, "booking-name") == "张*", shown(driver, "booking-name")
            assert shown(driver, "booking-person") == "居民身份证 110105********002X", shown(driver, "booking-person")
            assert shown(driver, "booking-phone") == "138****8000", shown(driver, "booking-phone")
            assert "08:30–09:30" in shown(driver, "checkin-when") and "预约签到" in shown(driver, "checkin-when"), \
                shown(driver, "checkin-when")
            source = driver.page_source
            assert ID_NUMBER not in source and PHONE not in source
            # The QR holds just the code: the kiosk's scanner types it.
            qr = os.path.join(hall.dir, "qr.png")
            driver.find_element(By.ID, "booking-qr").screenshot(qr)
            decoded = subprocess.run(["zbarimg", "--raw", "-q", qr], capture_output=True, text=True, timeout=30)
            assert decoded.stdout.strip() == code, (decoded.stdout, decoded.stderr)
            # The code and the QR on the first screen.
            bottom = driver.execute_script("return document.getElementById('booking-qr').getBoundingClientRect().bottom")
            assert bottom <= 640, bottom
            fits(driver)
            shot(driver, "web-booking-done")
            driver.execute_script("document.getElementById('checkin-how').scrollIntoView()")
            driver.find_element(By.CSS_SELECTOR, "#cancel summary").click()
            assert driver.find_element(By.ID, "cancel-submit").is_displayed()
            shot(driver, "web-booking-checkin")
            listed = hall.ctl_json("booking", "list", MONDAY)
            assert [b["state"] for b in listed["bookings"]] == ["booked"], listed
            assert listed["bookings"][0]["channel"] == "phone", listed
        tap.run("booked: the code large, a QR of just the code, day and slot, masked name, ID and phone, "
                "how to check in", booked)

        def no_store():
            for method, path in (("GET", "/book/business"), ("GET", "/booking")):
                status, _, headers = hall.http(method, path)
                assert status == 200 and headers.get("Cache-Control") == "no-store", (path, status, headers)
            status, _, headers = hall.http("POST", "/booking", "code=12345678", FORM)
            assert headers.get("Cache-Control") == "no-store", headers
        tap.run("the booking pages are never cached (Cache-Control: no-store)", no_store)

        def full_slot():
            driver.get(hall.base + "book/construction")
            wait_for("the form", lambda: driver.find_elements(By.ID, "booking-form"))
            pick_slot(driver, MONDAY, "10:00")
            fill(driver, "王五", resident_id("33010219800101123"), "13700001111")
            # Another phone takes the slot's one place meanwhile.
            status, _ = hall.book("construction", MONDAY + " 10:00", "赵六", resident_id("44030419900202456"))
            assert status == 200, status
            driver.find_element(By.ID, "booking-submit").click()
            wait_for("the refusal", lambda: "约满" in shown(driver, "message"))
            assert "约满" in shown(driver, "error-slot"), shown(driver, "error-slot")
            slot = driver.find_element(By.ID, "slot-%s-1000" % MONDAY)
            assert not slot.is_enabled() and not slot.is_selected()
            label = driver.find_element(By.CSS_SELECTOR, "label[for='slot-%s-1000']" % MONDAY).text
            assert "已满" in label, label
            fits(driver)
            shot(driver, "web-booking-full")
        tap.run("a slot taken meanwhile: the form says it is full and shows it so", full_slot)

        def find_and_cancel():
            driver.get(hall.base + "hall")
            driver.find_element(By.ID, "my-booking").click()
            wait_for("the lookup form", lambda: driver.find_elements(By.ID, "find-form"))
            driver.find_element(By.ID, "code").send_keys("1234567")
            driver.find_element(By.ID, "find-submit").click()
            # 7 digits: the browser's own check holds the form back.
            assert driver.find_elements(By.ID, "find-form") and not shown(driver, "booking-code")
            driver.find_element(By.ID, "code").clear()
            driver.find_element(By.ID, "code").send_keys(state["code"])
            fits(driver)
            shot(driver, "web-booking-find")
            driver.find_element(By.ID, "find-submit").click()
            wait_for("the booking", lambda: shown(driver, "booking-code") == state["code"])
            assert shown(driver, "booking-state") == "已预约"
            assert shown(driver, "booking-person") == "居民身份证 110105********002X"
            assert not driver.current_url.endswith(state["code"]) and "?" not in driver.current_url
            shot(driver, "web-booking-mine")
            driver.find_element(By.CSS_SELECTOR, "#cancel summary").click()
            driver.find_element(By.ID, "cancel-submit").click()
            wait_for("cancelled", lambda: shown(driver, "message") == "预约已取消")
            assert shown(driver, "booking-state") == "已取消"
            assert not driver.find_elements(By.ID, "cancel-form") and not driver.find_elements(By.ID, "booking-qr")
            fits(driver)
            shot(driver, "web-booking-cancelled")
            listed = hall.ctl_json("booking", "list", MONDAY)
            mine = [b for b in listed["bookings"] if b["category"] == "business"]
            assert [b["state"] for b in mine] == ["cancelled"], listed
            # Twice: already cancelled, says so.
            _, page, _ = hall.http("GET", "/booking")
            csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
            status, page, _ = hall.http("POST", "/booking", urllib.parse.urlencode({"code": state["code"], "csrf": csrf}),
                                        FORM)
            assert status == 200 and 'id="booking-state" class="state over">已取消' in page, (status, page[:800])
            cancel = re.search(r'id="cancel-form"', page)
            assert not cancel
            status, page, _ = hall.http("POST", "/booking", urllib.parse.urlencode({"code": "00000000", "csrf": csrf}),
                                        FORM)
            assert status == 404 and "没有找到这个预约码" in page, (status, page[:600])
        tap.run("my booking: found by its code (a POST), cancelled from its page", find_and_cancel)

        def nothing_in_urls_or_logs():
            urls = requested_urls(driver)
            assert urls, "the browser's network log is empty"
            for secret in (state["code"], ID_NUMBER, MISTYPED, PHONE):
                bad = [u for u in urls if secret in urllib.parse.unquote(u)]
                assert not bad, (secret, bad)
            for name in ("web.log", "server.log"):
                text = hall.log(name)
                for secret in (state["code"], ID_NUMBER, MISTYPED, PHONE):
                    assert secret not in text, (name, secret)
        tap.run("no URL the browser asked for, and no log line, holds the code, the ID number or the phone",
                nothing_in_urls_or_logs)

        def forged():
            _, page, _ = hall.http("GET", "/book/business")
            csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
            fields = dict(slot=MONDAY + " 14:00", name="钱七", id_number=resident_id("11010119700101001"),
                          phone="13600000000")
            _, find_page, _ = hall.http("GET", "/booking")
            find_csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', find_page).group(1)
            cases = [
                ("/book/business", dict(fields), {}),                                       # no token
                ("/book/business", dict(fields, csrf="0" * 64), {}),                        # a made-up one
                ("/book/construction", dict(fields, csrf=csrf), {}),                        # another category's
                ("/book/business", dict(fields, csrf=csrf), {"Origin": "http://evil.example"}),
                ("/book/business", dict(fields, csrf=csrf), {"Sec-Fetch-Site": "cross-site"}),
                ("/booking/cancel", {"code": state["code"], "csrf": find_csrf}, {}),        # the lookup's token
            ]
            for path, body, headers in cases:
                status, text, _ = hall.http("POST", path, urllib.parse.urlencode(body), dict(FORM, **headers))
                assert status == 403 and "请求无效" in text, (path, headers, status, text[:300])
            listed = hall.ctl_json("booking", "list", MONDAY)
            assert not [b for b in listed["bookings"] if b["start"] == "14:00"], listed
            for path in ("/book/nothing", "/book/" + "x" * 40, "/book/a%2Fb", "/booking/other"):
                status, _, _ = hall.http("GET", path)
                assert status == 404, (path, status)
            status, text, _ = hall.http("GET", "/book/tender")
            assert status == 404 and "暂不提供网上预约" in text, (status, text[:300])
        tap.run("forged booking POSTs are refused (403) and book nothing; unknown pages 404", forged)

        def english():
            status, text, _ = hall.http("GET", "/book/business?lang=en")
            assert status == 200 and 'lang="en"' in text and "Book: Business Start-up" in text, text[:800]
            assert "Mon 30 Nov" in text and "Submit booking" in text, text[:3000]
            status, text, _ = hall.http("GET", "/?lang=en")
            assert "Book an appointment" in text and "book/business?lang=en" in text, text[-1500:]
        tap.run("the booking pages in English", english)

        def refusals_over_http():
            person = resident_id("32010219850505333")
            status, page = hall.book("business", MONDAY + " 14:00", "孙八", person)
            assert status == 200, (status, message_of(page))
            status, page = hall.book("business", MONDAY + " 15:00", "孙八", person)
            assert status == 409 and "已预约过此业务" in message_of(page), (status, message_of(page))
            status, page = hall.book("business", "2026-11-27 09:00", "周九", resident_id("32010219850505334"))
            assert status == 409 and "截止" in message_of(page), (status, message_of(page))
            status, page = hall.book("business", MONDAY + " 14:00", "吴十", resident_id("32010219850505335"),
                                     phone="12345")
            assert status == 422 and re.search(r'id="error-phone">请填写 11 位手机号码', page), (status, page[:300])
            status, page = hall.book("business", MONDAY + " 14:00", "吴十", "330102199001011235",
                                     credit_code="91350100M000100Y4A")
            assert status == 422 and 'id="error-id_number"' in page, (status, message_of(page))
            assert "330102199001011235" not in page
        tap.run("refused over HTTP: the same person twice a day, a slot past its cut-off, a bad phone",
                refusals_over_http)

        def banned_after_three_missed():
            person = resident_id("51010719920303777")
            for day, start in (("2026-11-27", "14:00"), (MONDAY, "10:30"), ("2026-12-01", "09:00")):
                status, page = hall.book("business", "%s %s" % (day, start), "郑十一", person)
                assert status == 200, (day, status, message_of(page))
            # Tuesday noon: all three check-in windows closed without a check-in.
            hall.ctl("clock", "--advance", str(4 * 86400 + 3 * 3600))
            wait_for("three no-shows", lambda: len([b for d in ("2026-11-27", MONDAY, "2026-12-01")
                                                    for b in hall.ctl_json("booking", "list", d)["bookings"]
                                                    if b["name"] == "郑**" and b["state"] == "noshow"]) == 3)
            status, page = hall.book("business", "2026-12-02 09:00", "郑十一", person)
            assert status == 403 and "暂停网上预约" in message_of(page), (status, message_of(page))
            assert "12月31日 周四 起可再次预约" in message_of(page), message_of(page)
        tap.run("three missed bookings: booking is refused, saying from which day one may book again",
                banned_after_three_missed)
    except Exception:
        import traceback
        tap.ok(False, "the hall and the browser started", traceback.format_exc())
    finally:
        if driver:
            driver.quit()
        hall.finish(tap)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
