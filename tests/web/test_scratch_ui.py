"""Scratch in Chromium: the candidate runs their file as a script, sees its output and its
figure, and clicks a traceback line to land on it in the editor; in a round, the run is
recorded for the interviewer's review."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import expect

from tests.web.conftest import GRADING_TIMEOUT_MS, SCREENSHOTS, screenshot
from tests.web.test_interview_ui import add_interviewer, context
from tests.web.test_web_ui import open_kata, replace_code

SCRIPT = """import numpy as np
import matplotlib.pyplot as plt


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


if __name__ == "__main__":
    x = np.linspace(-3, 3, 50)
    print("softmax sums to", softmax(x).sum().round(6))
    plt.plot(x, softmax(x), label="softmax")
    plt.legend()
    plt.title("softmax of a ramp")
    plt.show()
    softmax(None)
"""


def test_scratch_shows_output_a_figure_and_a_clickable_traceback(page: Any) -> None:
    open_kata(page)
    replace_code(page, SCRIPT)
    page.get_by_role("button", name="Scratch").click()
    panel = page.locator("section.scratch")
    head = panel.locator(".scratch-head")
    expect(head).to_have_attribute("data-status", "failed", timeout=GRADING_TIMEOUT_MS)
    expect(head).to_contain_text("exited with status 1")
    expect(head).to_contain_text("s wall")
    expect(panel.locator(".scratch-stdout")).to_have_text("softmax sums to 1.0\n")
    stderr = panel.locator(".scratch-stderr")
    expect(stderr).to_contain_text("AttributeError")
    figure = panel.locator("img.scratch-figure")
    expect(figure).to_have_count(1)
    expect(figure).to_have_attribute("alt", "Figure 1 of your script (640×480)")
    assert page.evaluate("() => document.querySelector('img.scratch-figure').naturalWidth") == 640
    # the traceback's line in the candidate's file moves the editor there
    line = stderr.locator("button.trace-line[data-line='17']")
    expect(line).to_be_visible()
    line.click()
    expect(page.locator(".cm-activeLine")).to_have_text("    softmax(None)")
    # a scratch run is no attempt: the Run/Submit results panel stayed empty
    expect(page.get_by_test_id("verdict")).to_have_count(0)
    screenshot(page, "scratch-figure")  # desktop and tablet widths
    # the editor's column scrolls on its own: a tall window shows the whole panel and figure
    page.set_viewport_size({"width": 1280, "height": 2000})
    figure.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "scratch-figure-tall.png"))


def test_scratch_in_an_interview_is_recorded(browser: Any, live_server: Any) -> None:
    """In a round the same button works, and the interviewer's review lists the run."""
    password = add_interviewer(live_server, "scratch-alice")
    with httpx.Client(base_url=live_server.url) as iv:
        me = iv.post("/api/auth/login", json={"name": "scratch-alice", "password": password})
        iv.headers["X-CSRF-Token"] = me.json()["csrf_token"]
        made = iv.post("/api/interviews", json={"kata_ids": ["attention-numpy"]}).json()
        ctx = context(browser, live_server)
        try:
            cand = ctx.new_page()
            cand.goto(f"/interview/{made['token']}")
            cand.locator(".cm-content").click()
            cand.keyboard.press("Control+a")
            cand.keyboard.insert_text("print('hello from the round')\n")
            cand.get_by_role("button", name="Scratch").click()
            head = cand.locator("section.scratch .scratch-head")
            expect(head).to_have_attribute("data-status", "ok", timeout=GRADING_TIMEOUT_MS)
            expect(cand.locator(".scratch-stdout")).to_have_text("hello from the round\n")
        finally:
            ctx.close()
        review = iv.get(f"/api/interviews/{made['id']}").json()["review"]
        [entry] = review["katas"][0]["scratch"]
        assert entry["kind"] == "scratch" and entry["stdout"] == "hello from the round\n"
