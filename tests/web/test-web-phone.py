#!/usr/bin/python3
"""test-web-phone.py — the visitor's phone page in a real browser (headless
Chromium driven by Selenium) against the real hall-server and hall-web.

A ticket is issued through common/ (hallctl) and printed as the kiosk
prints it; the browser opens the URL decoded from the printed QR code
(zbarimg).  Desks call the tickets ahead and the page's "people ahead"
falls without a reload; at the hall's notify_ahead the near-turn alert
shows; when called, the page shows the window; after finish a 差评 with a
reason is submitted from the page and the case is there for the manager;
a second rating is refused; an unknown token gets the error page, an
expired one its own; forged cross-site POSTs are refused and change
nothing.  Screenshots at 360x640 go to $HALL_BUILD/test-output/.
"""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hall import Hall, Tap, browser, shot, wait_for  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402



def text_of(driver, element_id):
    el = driver.find_element(By.ID, element_id)
    return el.text if el.is_displayed() else ""


def form_body(**fields):
    return urllib.parse.urlencode(fields)


def main():
    tap = Tap()
    hall = Hall(notify_ahead=2)
    driver = None
    state = {}
    try:
        hall.start_web()
        for window, staff in (("1", "1001"), ("2", "1002")):
            hall.ctl("signin", window, staff)
        for _ in range(4):
            hall.ctl("issue", "business")
        driver = browser(os.path.join(hall.dir, "chrome"))

        def qr_opens_page():
            url, _ = hall.issue_png("business")
            state["url"] = url
            assert url.startswith(hall.base + "t/"), url
            token = url[len(hall.base + "t/"):]
            assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token), token
            assert "A005" not in url and "2026" not in url, url
            state["token"] = token
            driver.get(url)
            wait_for("the page's number", lambda: text_of(driver, "number") == "A005")
            assert "4" in text_of(driver, "ahead"), text_of(driver, "ahead")
            assert "预计等待" in text_of(driver, "wait")
            assert "1号" in text_of(driver, "windows") and "2号" in text_of(driver, "windows")
            driver.execute_script("window.hallSamePage = 'yes';")
            shot(driver, "web-waiting")
        tap.run("the printed ticket's QR opens its page (token, not day and number)", qr_opens_page)

        def ahead_falls_live():
            hall.ctl("call", "1")                                   # A001
            wait_for("3 ahead", lambda: "3" in text_of(driver, "ahead"))
            assert driver.execute_script("return window.hallSamePage") == "yes", "the page reloaded"
            assert not driver.find_element(By.ID, "near").is_displayed()
        tap.run("people ahead falls as desks call, without a reload", ahead_falls_live)

        def near_alert():
            hall.ctl("call", "2")                                   # A002: A005 has 2 ahead
            wait_for("the near alert", lambda: driver.find_element(By.ID, "near").is_displayed())
            assert "2" in text_of(driver, "near"), text_of(driver, "near")
            assert driver.execute_script("return window.hallSamePage") == "yes", "the page reloaded"
            shot(driver, "web-near")
        tap.run("at notify_ahead people ahead the near-turn alert shows", near_alert)

        def called_shows_window():
            for window in ("1", "2"):
                hall.ctl("start", window)
                hall.ctl("finish", window)
            hall.ctl("call", "1")                                   # A003
            hall.ctl("call", "2")                                   # A004
            hall.ctl("start", "1")
            hall.ctl("finish", "1")
            hall.ctl("call", "1")                                   # A005
            wait_for("the called banner", lambda: driver.find_element(By.ID, "called").is_displayed())
            assert "请到 1 号窗口" in text_of(driver, "called"), text_of(driver, "called")
            assert driver.execute_script("return window.hallSamePage") == "yes", "the page reloaded"
            shot(driver, "web-called")
        tap.run("called: the page shows the window", called_shows_window)

        def bad_rating_from_page():
            hall.ctl("start", "1")
            hall.ctl("finish", "1")
            wait_for("the rating form", lambda: driver.find_elements(By.ID, "rate-form"))
            state["csrf"] = driver.find_element(By.NAME, "csrf").get_attribute("value")
            shot(driver, "web-rating")
            driver.find_element(By.ID, "level-1").click()
            driver.find_element(By.ID, "reason-wait_long").click()
            driver.find_element(By.ID, "text").send_keys("等了很久")
            driver.find_element(By.ID, "rate-submit").click()
            wait_for("the thanks", lambda: "感谢您的评价" in text_of(driver, "message"))
            assert not driver.find_elements(By.ID, "rate-form")
            shot(driver, "web-rated")
            cases = hall.ctl_json("cases")
            found = [c for c in cases.get("cases", []) if c.get("number") == "A005"]
            assert found, cases
            rating = hall.ctl_json("find", "A005")
            kinds = [e["type"] for e in rating["history"]]
            assert "rating.given" in kinds and "case.opened" in kinds, kinds
            given = [e for e in rating["history"] if e["type"] == "rating.given"][0]
            assert given["detail"]["rating"]["channel"] == "phone", given
        tap.run("a 差评 with a reason from the page opens the manager's case (channel phone)",
                bad_rating_from_page)

        def second_rating_refused():
            status, text, _ = hall.http("POST", "/t/%s/rate" % state["token"],
                                        form_body(level="5", csrf=state["csrf"]),
                                        {"Content-Type": "application/x-www-form-urlencoded",
                                         "Origin": hall.base.rstrip("/")})
            assert status == 409 and "已评价" in text, (status, text[:300])
            pad = hall.ctl_run("rate", "1", "5")
            assert pad.returncode != 0 and "already_rated" in pad.stderr, (pad.stdout, pad.stderr)
        tap.run("a second rating, from the page or the window's pad, is refused (已评价)",
                second_rating_refused)

        def unknown_token():
            status, text, headers = hall.http("GET", "/t/AAAAAAAAAAAAAAAAAAAAAA")
            assert status == 404 and "链接无效" in text, (status, text[:200])
            assert "frame-ancestors 'none'" in headers.get("Content-Security-Policy", "")
            driver.get(hall.base + "t/AAAAAAAAAAAAAAAAAAAAAA")
            wait_for("the error page", lambda: text_of(driver, "error-title") == "链接无效")
            shot(driver, "web-error")
            for path in ("/t/short", "/t/" + "A" * 300, "/api/t/AAAAAAAAAAAAAAAAAAAAAA", "/nothing",
                         "/static/../../etc/passwd"):
                status, text, _ = hall.http("GET", path)
                assert 400 <= status < 500, (path, status)
        tap.run("an unknown or malformed link gets a clear Chinese 4xx page", unknown_token)

        def forged_posts():
            url, _ = hall.issue_png("business")
            token = url.rsplit("/", 1)[1]
            for w in ("1",):
                hall.ctl("call", w)
                hall.ctl("start", w)
                hall.ctl("finish", w)
            number = hall.ctl_json("ticket", "A006")["ticket"]["state"]
            _, page, _ = hall.http("GET", "/t/" + token)
            csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
            form = {"Content-Type": "application/x-www-form-urlencoded"}
            cases = [
                (form_body(level="5"), dict(form)),                                     # no form token
                (form_body(level="5", csrf="0" * 64), dict(form)),                      # a made-up one
                (form_body(level="5", csrf=state["csrf"]), dict(form)),                 # another ticket's
                (form_body(level="5", csrf=csrf.group(1) if csrf else ""),
                 dict(form, Origin="http://evil.example")),                             # another site
                (form_body(level="5", csrf=csrf.group(1) if csrf else ""),
                 dict(form, **{"Sec-Fetch-Site": "cross-site"})),
            ]
            for body, headers in cases:
                status, text, _ = hall.http("POST", "/t/%s/rate" % token, body, headers)
                assert status == 403 and "请求无效" in text, (headers, status, text[:200])
            view = hall.ctl_json("find", "A006")
            assert not [e for e in view["history"] if e["type"] == "rating.given"], view["history"]
            assert number in ("finished", "waiting", "called", "serving")
            big = hall.http("POST", "/t/%s/rate" % token, "level=5&csrf=" + "x" * 5000, form)
            assert big[0] == 413, big[0]
            status, _, _ = hall.http("DELETE", "/")
            assert status == 405, status
        tap.run("forged cross-site POSTs are refused (403) and change nothing; big bodies 413",
                forged_posts)

        def english_and_hall_page():
            status, text, _ = hall.http("GET", "/t/%s?lang=en" % state["token"])
            assert status == 200 and "Your number" in text and 'lang="en"' in text, text[:400]
            status, text, _ = hall.http("GET", "/")
            assert status == 200 and "企业开办" in text and "预计等待" in text, text[:400]
            driver.get(hall.base)
            shot(driver, "web-hall")
        tap.run("the English switch, and the hall page with each category's wait", english_and_hall_page)

        def no_window_promises_nothing():
            url, png = hall.issue_png("construction")            # windows 3 (primary), 4 and 8: nobody there
            driver.get(url)
            wait_for("no promise", lambda: "当前暂无窗口办理此业务" in text_of(driver, "wait"))
            assert "办理窗口：暂无" in text_of(driver, "windows"), text_of(driver, "windows")
            driver.execute_script("window.hallSamePage = 'construction';")
            hall.ctl("signin", "3", "1003")
            wait_for("a band", lambda: "预计等待约" in text_of(driver, "wait") or "不到" in text_of(driver, "wait"))
            assert "3号" in text_of(driver, "windows"), text_of(driver, "windows")
            reply = hall.ctl_json("ticket", "B001")
            assert reply["open_windows"] == 1 and reply["estimated_wait"] is not None, reply
            hall.ctl("pause", "3")
            wait_for("no promise again", lambda: "当前暂无窗口办理此业务" in text_of(driver, "wait"))
            assert driver.execute_script("return window.hallSamePage") == "construction", "the page reloaded"
            reply = hall.ctl_json("ticket", "B001")
            assert reply["open_windows"] == 0 and reply["estimated_wait"] is None, reply
            _, text, _ = hall.http("GET", "/")
            assert re.search(r"工程建设[^<]*</th><td>1</td><td>当前暂无窗口办理此业务", text), text[:1500]
        tap.run("no window serves the category: the page (and the reply, the hall page) promise nothing, "
                "live as the last window opens and pauses", no_window_promises_nothing)

        def expired_link():
            hall.ctl("clock", "--advance", "86400")
            wait_for("the expired page", lambda: hall.http("GET", "/t/" + state["token"])[0] in (404, 410)
                     and hall.http("GET", "/t/" + state["token"])[0] == 410)
            status, text, _ = hall.http("GET", "/t/" + state["token"])
            assert "此号票已过期" in text, text[:300]
        tap.run("the next day the link has expired: its own page (410)", expired_link)
    except Exception:
        import traceback
        tap.ok(False, "the hall and the browser started", traceback.format_exc())
    finally:
        if driver:
            driver.quit()
        web = hall.web
        keep = os.environ.get("HALL_KEEP_TEST_DIR")
        os.environ["HALL_KEEP_TEST_DIR"] = "1"
        hall.close()
        logs = {name: hall.log(name) for name in ("web.log", "server.log")}
        if not keep:
            del os.environ["HALL_KEEP_TEST_DIR"]
            import shutil
            shutil.rmtree(hall.dir, ignore_errors=True)
        tap.ok(web is not None and web.returncode == 0, "hall-web stops cleanly on SIGTERM",
               "exit code %s\n%s" % (web.returncode if web else None, logs["web.log"][-3000:]))
        if tap.failed:
            for name, text in logs.items():
                for line in text.splitlines()[-30:]:
                    print("# %s: %s" % (name, line))
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
