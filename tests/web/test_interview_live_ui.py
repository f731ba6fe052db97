"""The interviewer's live control in real Chromium (issue 14, §4): an extension reaches an
open candidate page whose time ran out, without a reload; the editor is read-only while time
is up; a reload after Finish says when; the review's refresh keeps unsaved rubric text and the
playback slider where they are; the exports carry the final code."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from playwright.sync_api import expect

from api.interviews.store import InterviewStore
from tests.api.conftest import Server
from tests.web.conftest import GRADING_TIMEOUT_MS, screenshot
from tests.web.test_interview_ui import KATA, REFERENCE, add_interviewer, context


def sign_in_and_create(page: Any, name: str, password: str, candidate: str) -> tuple[str, str]:
    """Sign in, create a 30-minute interview; its invite URL and id."""
    page.goto("/interviewer/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Candidate name (optional)").fill(candidate)
    page.get_by_label("Filter katas").fill("attention numpy")
    page.get_by_label("Katas (one or more)").select_option(KATA)
    page.get_by_label("Duration (minutes)").fill("30")
    page.get_by_role("button", name="Create interview").click()
    url = page.get_by_label("Invite link").input_value()
    row = page.locator("tr[data-interview]", has_text=candidate)
    return url, row.get_attribute("data-interview")


def move_start(server: Server, interview_id: str, minutes_ago: float) -> None:
    """Move the round's clock in the server's own database (time passing, quickly)."""
    engine = sa.create_engine(f"sqlite:///{server.data_dir / 'katagrad.db'}")
    InterviewStore(engine).set_started_at(
        interview_id, datetime.now(UTC) - timedelta(minutes=minutes_ago))
    engine.dispose()


def test_extension_reaches_the_open_page_and_finish_is_remembered(
        browser: Any, live_server: Server) -> None:
    password = add_interviewer(live_server, "erin")
    errors: list[str] = []
    iv_ctx, cand_ctx = context(browser, live_server), context(browser, live_server)
    try:
        iv = iv_ctx.new_page()
        iv.on("pageerror", lambda e: errors.append(str(e)))
        url, iid = sign_in_and_create(iv, "erin", password, "Grace Hopper")
        cand = cand_ctx.new_page()
        cand.on("pageerror", lambda e: errors.append(str(e)))
        cand.on("dialog", lambda d: d.accept())
        cand.goto(url)
        expect(cand.get_by_test_id("countdown")).to_have_text(re.compile(r"^(29|30):\d\d$"))
        expect(cand.get_by_text("30 minutes.", exact=False)).to_be_visible()
        editor = cand.locator(".cm-content")
        expect(editor).to_have_attribute("contenteditable", "true")

        # time runs out while the page is open: it closes by itself, the editor is read-only
        move_start(live_server, iid, 31)
        banner = cand.get_by_test_id("interview-message")
        expect(banner).to_have_text(re.compile(r"^Time is up: the interview ended at \d"))
        expect(banner).not_to_contain_text("T0")  # a local time, not an ISO string
        expect(editor).to_have_attribute("contenteditable", "false")
        expect(cand.get_by_role("button", name="Run")).to_be_disabled()

        # the interviewer gives 7 more minutes from the review page: no reload needed
        iv.goto(f"/interviewer/interviews/{iid}")
        iv.get_by_label("Minutes to add").fill("7")
        iv.get_by_role("button", name="Extend").click()
        expect(iv.get_by_test_id("interview-state")).to_have_text("In progress")
        expect(banner).to_have_text("The interviewer gave you more time.")
        expect(cand.get_by_test_id("countdown")).to_have_text(re.compile(r"^0[567]:\d\d$"))
        expect(editor).to_have_attribute("contenteditable", "true")
        expect(cand.get_by_role("button", name="Run")).to_be_enabled()

        # the candidate finishes; a reload says when, in the browser's time
        cand.get_by_role("button", name="Finish").click()
        expect(banner).to_have_text(re.compile(r"^You finished the interview at \d"))
        cand.reload()
        expect(cand.get_by_test_id("interview-message")).to_have_text(
            re.compile(r"^You finished the interview at \d{1,2}:\d\d"))
        expect(cand.locator(".cm-content")).to_have_attribute("contenteditable", "false")
    finally:
        iv_ctx.close()
        cand_ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_review_refresh_keeps_unsaved_rubric_and_exports_final_code(
        browser: Any, live_server: Server) -> None:
    password = add_interviewer(live_server, "frank")
    errors: list[str] = []
    iv_ctx, cand_ctx = context(browser, live_server), context(browser, live_server)
    try:
        iv = iv_ctx.new_page()
        iv.on("pageerror", lambda e: errors.append(str(e)))
        url, iid = sign_in_and_create(iv, "frank", password, "Alan Turing")
        cand = cand_ctx.new_page()
        cand.on("pageerror", lambda e: errors.append(str(e)))
        cand.goto(url)
        cand.locator(".cm-content").click()
        cand.keyboard.press("Control+a")
        cand.keyboard.insert_text(REFERENCE)
        cand.get_by_role("button", name="Run").click()
        expect(cand.get_by_test_id("verdict")).to_be_visible(timeout=GRADING_TIMEOUT_MS)

        iv.goto(f"/interviewer/interviews/{iid}")
        playback = iv.get_by_test_id(f"playback-{KATA}")
        slider = playback.get_by_role("slider", name="Snapshot")
        expect(playback.get_by_test_id("playback-label")).to_contain_text("1 / 1")
        notes = iv.get_by_label("Correctness notes")
        notes.fill("half-written thought")  # not saved
        expect(iv.get_by_test_id("runs")).to_have_text("1")

        # the candidate works on: the review refreshes (a second run appears) ...
        cand.locator(".cm-content").click()
        cand.keyboard.press("Control+End")
        cand.keyboard.insert_text("\n# final touch\n")
        cand.get_by_role("button", name="Run").click()
        expect(iv.get_by_test_id("runs")).to_have_text("2", timeout=GRADING_TIMEOUT_MS)
        # ... and neither the unsaved notes nor the slider moved
        expect(notes).to_have_value("half-written thought")
        expect(slider).to_have_value("0")
        expect(playback.get_by_test_id("playback-label")).to_contain_text("1 / 2")
        iv.get_by_role("button", name="Save rubric").click()
        expect(iv.get_by_text("Rubric saved")).to_be_visible()
        expect(notes).to_have_value("half-written thought")
        screenshot(iv, "interview-review")

        with iv.expect_download() as dl:
            iv.get_by_role("link", name="Export Markdown").click()
        report = Path(dl.value.path()).read_text()
        final = report.split("### Final code\n\n", 1)[1]
        assert re.match(r"`{3,}python\n", final) and "# final touch" in final
        assert "| Correctness | — | half-written thought |" in report
        printable = iv_ctx.new_page()
        printable.goto(f"/api/interviews/{iid}/export?format=html")
        expect(printable.locator("pre").first).to_contain_text("# final touch")
        expect(printable.locator("h1")).to_have_text("Interview review: Alan Turing")
    finally:
        iv_ctx.close()
        cand_ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_a_round_template_with_its_own_rubric(browser: Any, live_server: Server) -> None:
    password = add_interviewer(live_server, "grace")
    errors: list[str] = []
    ctx = context(browser, live_server)
    try:
        iv = ctx.new_page()
        iv.on("pageerror", lambda e: errors.append(str(e)))
        iv.goto("/interviewer/login")
        iv.get_by_label("Name").fill("grace")
        iv.get_by_label("Password").fill(password)
        iv.get_by_role("button", name="Sign in").click()
        iv.get_by_label("Katas (one or more)").select_option(KATA)
        iv.get_by_label("Duration (minutes)").fill("50")
        iv.get_by_text("Rubric criteria").click()
        iv.get_by_role("button", name="Add criterion").click()
        iv.get_by_label("Criterion 5 name").fill("Derivation")
        iv.get_by_label("Criterion 5 scale").fill("5")
        iv.get_by_label("Template name").fill("ML research round")
        iv.get_by_role("button", name="Save as template").click()
        expect(iv.get_by_text("Template “ML research round” saved.")).to_be_visible()

        iv.reload()  # the template fills the form again
        iv.get_by_label("Start from a template").select_option(label="ML research round")
        expect(iv.get_by_label("Duration (minutes)")).to_have_value("50")
        iv.get_by_text("Rubric criteria").click()
        expect(iv.get_by_label("Criterion 5 name")).to_have_value("Derivation")
        iv.get_by_label("Candidate name (optional)").fill("Emmy Noether")
        iv.get_by_role("button", name="Create interview").click()
        iv.locator("tr[data-interview]", has_text="Emmy Noether").get_by_role(
            "link", name="Review").click()
        score = iv.get_by_label("Derivation score")
        expect(score.locator("option")).to_have_count(6)  # —, 1..5
        score.select_option("5")
        iv.get_by_role("button", name="Save rubric").click()
        expect(iv.get_by_text("Rubric saved")).to_be_visible()
    finally:
        ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
