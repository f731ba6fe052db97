"""The interview room's integrity in real Chromium (issue 14, §2-§3): the candidate's page
says what it records; a paste and a tab switch become markers on the review's timeline, next
to the Run with the named bug of its first failing check, and clicking a marker moves the
playback; a second browser is refused until the interviewer releases the round."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from katagrad.settings import ROOT
from tests.api.conftest import Server
from tests.web.conftest import GRADING_TIMEOUT_MS, screenshot
from tests.web.test_interview_live_ui import sign_in_and_create
from tests.web.test_interview_ui import KATA, add_interviewer, context

MUTANT = (ROOT / "katas" / KATA / "mutants" / "fully_masked_uniform.py").read_text()
PASTED = "# scores = q @ k.T  (pasted from somewhere)"

PASTE = """(text) => {
  const target = document.querySelector('.cm-content');
  const data = new DataTransfer();
  data.setData('text/plain', text);
  target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}"""


def test_paste_and_tab_switch_are_markers_on_the_review(browser: Any,
                                                          live_server: Server) -> None:
    password = add_interviewer(live_server, "rhea")
    errors: list[str] = []
    iv_ctx, cand_ctx = context(browser, live_server), context(browser, live_server)
    try:
        iv = iv_ctx.new_page()
        iv.on("pageerror", lambda e: errors.append(str(e)))
        url, iid = sign_in_and_create(iv, "rhea", password, "Paste Person")

        cand = cand_ctx.new_page()
        cand.on("pageerror", lambda e: errors.append(str(e)))
        cand.goto(url)
        expect(cand.get_by_test_id("recording-notice")).to_contain_text("each paste")
        expect(cand.get_by_test_id("countdown")).to_have_text(re.compile(r"^\d\d:\d\d$"))
        cand.locator(".cm-content").click()
        cand.keyboard.press("Control+a")
        cand.keyboard.insert_text(MUTANT)
        cand.wait_for_timeout(2500)  # a pause in typing: a snapshot of the edit log
        cand.evaluate(PASTE, PASTED)
        expect(cand.locator(".cm-content")).to_contain_text("pasted from somewhere")
        cand.wait_for_timeout(2500)  # another pause: this snapshot carries the paste

        # a tab switch: another tab comes to the front, then the round's tab again. Headless
        # Chromium keeps every page focused and visible, so the window's blur and focus
        # (what a real switch fires) are dispatched around it.
        cand.evaluate("() => window.dispatchEvent(new Event('blur'))")
        other = cand_ctx.new_page()
        other.bring_to_front()
        cand.wait_for_timeout(1500)
        cand.bring_to_front()
        cand.evaluate("() => window.dispatchEvent(new Event('focus'))")
        other.close()
        cand.keyboard.insert_text("\n# about to run\n")
        cand.get_by_role("button", name="Run").click()
        expect(cand.get_by_test_id("verdict")).to_be_visible(timeout=GRADING_TIMEOUT_MS)
        expect(cand.get_by_role("button", name="Submit")).to_be_enabled(timeout=GRADING_TIMEOUT_MS)
        cand.get_by_role("button", name="Submit").click()  # the hidden checks find the bug

        iv.goto(f"/interviewer/interviews/{iid}")
        timeline = iv.get_by_test_id(f"timeline-{KATA}")
        expect(timeline.locator("[data-kind=paste]")).to_have_count(1, timeout=15_000)
        expect(timeline.locator("[data-kind=paste]")).to_contain_text(f"{len(PASTED)} chars")
        expect(timeline.locator("[data-kind=away]")).to_have_count(1, timeout=15_000)
        run = timeline.locator("[data-kind=run]")
        expect(run).to_have_count(1, timeout=GRADING_TIMEOUT_MS)
        expect(run).to_contain_text(re.compile(r"run · \d+(\.\d+)? %"))
        submit = timeline.locator("[data-kind=submit]")
        expect(submit).to_have_count(1, timeout=GRADING_TIMEOUT_MS)
        # a failing Submit names the bug of its first failing check (or the check)
        expect(submit).to_contain_text(re.compile(r"submit · \d+(\.\d+)? % · \S"))
        expect(submit).not_to_contain_text("all pass")
        # this mutant is a known mistake: the bug oracle names it, and the summary line too
        expect(submit).to_contain_text("fully masked rows become uniform")
        expect(iv.get_by_test_id("kata-summary")).to_contain_text(
            re.compile(r"bugs met: fully masked rows become uniform \(\d\d:\d\d → not fixed\)"),
            timeout=15_000)
        expect(iv.get_by_test_id("signals")).to_contain_text("1 paste")
        expect(iv.get_by_test_id("signals")).to_contain_text("1 time")
        expect(iv.get_by_test_id("kata-summary")).to_contain_text("first run")

        # clicking a marker moves the playback to the code at that moment
        playback = iv.get_by_test_id(f"playback-{KATA}")
        label = playback.get_by_test_id("playback-label")
        expect(label).to_contain_text("run")
        timeline.locator("[data-kind=paste]").click()
        expect(label).not_to_contain_text("run")
        expect(playback.get_by_test_id("playback-code")).to_contain_text("pasted from somewhere")
        expect(playback.locator(".cm-changedLine, .cm-insertedLine").first).to_be_visible()
        run.click()
        expect(label).to_contain_text("run")
        submit.click()  # its code is the run's: the playback stays on that snapshot
        expect(submit).to_have_class(re.compile("current"))
        screenshot(iv, "interview-review-timeline")
        cand.close()
    finally:
        iv_ctx.close()
        cand_ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_a_second_browser_is_refused_until_released(browser: Any, live_server: Server) -> None:
    password = add_interviewer(live_server, "sven")
    errors: list[str] = []
    iv_ctx = context(browser, live_server)
    first_ctx, second_ctx = context(browser, live_server), context(browser, live_server)
    try:
        iv = iv_ctx.new_page()
        iv.on("pageerror", lambda e: errors.append(str(e)))
        url, iid = sign_in_and_create(iv, "sven", password, "Two Browsers")
        first = first_ctx.new_page()
        first.goto(url)
        expect(first.get_by_test_id("countdown")).to_have_text(re.compile(r"^\d\d:\d\d$"))

        second = second_ctx.new_page()
        second.on("pageerror", lambda e: errors.append(str(e)))
        second.goto(url)
        expect(second.get_by_role("heading", name="This round is open in another browser")) \
            .to_be_visible()
        expect(second.get_by_test_id("interview-message")).to_contain_text("interviewer")
        expect(second.locator(".cm-content")).to_have_count(0)
        screenshot(second, "interview-open-elsewhere")

        iv.goto(f"/interviewer/interviews/{iid}")
        iv.once("dialog", lambda d: d.accept())
        iv.get_by_role("button", name="Release browser").click()
        expect(iv.get_by_role("button", name="Release browser")).to_have_count(0)

        second.reload()
        expect(second.get_by_test_id("countdown")).to_have_text(re.compile(r"^\d\d:\d\d$"))
        expect(second.locator(".cm-content")).to_be_visible()
        first.reload()
        expect(first.get_by_role("heading", name="This round is open in another browser")) \
            .to_be_visible()
    finally:
        iv_ctx.close()
        first_ctx.close()
        second_ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
