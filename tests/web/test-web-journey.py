#!/usr/bin/python3
"""test-web-journey.py — the phone page of a "一件事" journey ticket (issue
16) in a real browser (headless Chromium, Selenium) against the real
hall-server and hall-web.

The hall gets a journey of three steps (企业开办; 工程建设项目审批;
综合政务服务, optional).  A ticket issued for it (`hallctl journey issue`)
opens its page at 360x640: the theme, "第 1 步 / 共 3 步：企业开办", the
steps with their states and the windows of the current one.  Finishing a
step at its window moves the page live to the next step and its window,
with no reload and no 办结; the last finish shows 办结 and the rating.
An optional step skipped at a window shows 已跳过.  English on ?lang=en.  Screenshots go to $HALL_BUILD/test-output/
(web-journey-*.png).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hall import Hall, Tap, browser, shot, shown, wait_for  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402

JOURNEY = """
[journey startup]
name=企业开办一件事
name_en=Business Start-up, One Visit
steps=business; construction; general?
"""


def steps(driver):
    """The page's step lines: [(state, text)]."""
    return [(li.get_attribute("class").split()[-1][len("step-"):], li.text.replace("\n", " "))
            for li in driver.find_elements(By.CSS_SELECTOR, "#journey-steps li")]


def fits(driver):
    """Nothing wider than the phone's 360 px."""
    return driver.execute_script("return document.documentElement.scrollWidth") <= 360


def main():
    tap = Tap()
    hall = Hall(notify_ahead=2, extra_config=JOURNEY)
    driver = None
    state = {}
    try:
        hall.start_web()
        hall.ctl("signin", "1", "1001")          # business
        hall.ctl("signin", "3", "1003")          # construction
        driver = browser(os.path.join(hall.dir, "chrome"))

        def first_step():
            number, url = hall.journey_issue("startup")
            state["number"], state["url"] = number, url
            state["token"] = url.rsplit("/", 1)[1]
            driver.get(url)
            wait_for("the page's number", lambda: shown(driver, "number") == number)
            assert shown(driver, "category") == "企业开办一件事", shown(driver, "category")
            assert shown(driver, "journey-where") == "第 1 步 / 共 3 步：企业开办", shown(driver, "journey-where")
            lines = steps(driver)
            assert [s for s, _ in lines] == ["current", "pending", "pending"], lines
            assert "企业开办" in lines[0][1] and "→ 1号窗口" in lines[0][1], lines
            assert "工程建设项目审批" in lines[1][1] and "待办理" in lines[1][1], lines
            assert "综合政务服务" in lines[2][1] and "可选" in lines[2][1], lines
            assert "办结" not in driver.find_element(By.TAG_NAME, "body").text
            assert fits(driver)
            driver.execute_script("window.hallSamePage = 'yes';")
            shot(driver, "web-journey-step1")
        tap.run("a journey ticket's page: theme, step 1 of 3, the steps, the current step's window", first_step)

        def next_step_live():
            hall.ctl("call", "1")
            wait_for("the called banner", lambda: "请到 1 号窗口" in shown(driver, "called"))
            hall.ctl("start", "1")
            hall.ctl("finish", "1")
            wait_for("step 2", lambda: shown(driver, "journey-where") == "第 2 步 / 共 3 步：工程建设项目审批")
            assert driver.execute_script("return window.hallSamePage") == "yes", "the page reloaded"
            lines = steps(driver)
            assert [s for s, _ in lines] == ["done", "current", "pending"], lines
            assert "已完成" in lines[0][1], lines
            assert "→ 3号窗口" in lines[1][1], lines
            assert shown(driver, "state") == "排队等候中", shown(driver, "state")
            assert "3号" in shown(driver, "windows"), shown(driver, "windows")
            assert not shown(driver, "called"), shown(driver, "called")
            body = driver.find_element(By.TAG_NAME, "body").text
            assert "办结" not in body and not driver.find_elements(By.ID, "rate-form"), body
            assert fits(driver)
            shot(driver, "web-journey-step2")
            hall.ctl("call", "3")
            wait_for("called to 3", lambda: "请到 3 号窗口" in shown(driver, "called"))
            assert driver.execute_script("return window.hallSamePage") == "yes", "the page reloaded"
            shot(driver, "web-journey-called")
        tap.run("finishing step 1 moves the page live to step 2 and its window, not 办结", next_step_live)

        def english():
            status, text, _ = hall.http("GET", "/api/t/%s?lang=en" % state["token"])
            view = json.loads(text)
            assert status == 200 and view["journey"]["of"] == 3, (status, text[:400])
            where = view["texts"]["journey"]["where"]
            assert where == "Step 2 of 3: Construction Permits", where
            assert view["texts"]["category"] == "Business Start-up, One Visit", view["texts"]
            labels = [s["label"] for s in view["texts"]["journey"]["steps"]]
            assert labels == ["Done", "Now", "To do"], labels
            status, text, _ = hall.http("GET", "/t/%s?lang=en" % state["token"])
            assert "Your steps" in text and "→ Window 3" in text and "optional" in text, text[:2000]
        tap.run("English on ?lang=en: Step 2 of 3, the steps' states", english)

        def last_finish_rates():
            hall.ctl("start", "3")
            hall.ctl("finish", "3")
            wait_for("step 3", lambda: shown(driver, "journey-where") == "第 3 步 / 共 3 步：综合政务服务")
            assert driver.execute_script("return window.hallSamePage") == "yes", "the page reloaded"
            assert "→ 暂无窗口办理" in steps(driver)[2][1], steps(driver)
            hall.ctl("signin", "5", "1005")       # general
            wait_for("window 5", lambda: "→ 5号窗口" in steps(driver)[2][1])
            assert "办结" not in driver.find_element(By.TAG_NAME, "body").text
            hall.ctl("call", "5")
            hall.ctl("start", "5")
            hall.ctl("finish", "5")
            wait_for("the rating form", lambda: driver.find_elements(By.ID, "rate-form"))
            assert shown(driver, "state") == "已办结", shown(driver, "state")
            assert shown(driver, "journey-where") == "已全部办结（共 3 步）", shown(driver, "journey-where")
            assert [s for s, _ in steps(driver)] == ["done", "done", "done"], steps(driver)
            assert fits(driver)
            shot(driver, "web-journey-done")
        tap.run("the last finish: 办结, all steps done, and the rating form", last_finish_rates)

        def skipped_step():
            number, url = hall.journey_issue("startup")
            driver.get(url)
            wait_for("the page's number", lambda: shown(driver, "number") == number)
            for window in ("1", "3"):
                hall.ctl("call", window)
                hall.ctl("start", window)
                if window == "1":
                    hall.ctl("finish", window)
            wait_for("step 2 served", lambda: shown(driver, "journey-where") == "第 2 步 / 共 3 步：工程建设项目审批"
                     and shown(driver, "state") == "正在办理")
            hall.ctl("journey", "skip", "3", "--step", "2")          # the optional 综合政务服务
            wait_for("skipped", lambda: [s for s, _ in steps(driver)] == ["done", "current", "skipped"])
            assert "已跳过" in steps(driver)[2][1], steps(driver)
            assert "办结" not in driver.find_element(By.TAG_NAME, "body").text
            hall.ctl("finish", "3")
            wait_for("the rating form", lambda: driver.find_elements(By.ID, "rate-form"))
            assert shown(driver, "journey-where") == "已全部办结（共 3 步）", shown(driver, "journey-where")
            assert [s for s, _ in steps(driver)] == ["done", "done", "skipped"], steps(driver)
            shot(driver, "web-journey-skipped")
        tap.run("an optional step skipped shows 已跳过; the last required finish is 办结", skipped_step)
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
