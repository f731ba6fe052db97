"""The interview round in real Chromium: an interviewer creates an interview, a candidate
opens the invite, watches the timer run, solves the kata and explains it; the interviewer
sees the score, the playback and the explanation, and exports the report."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from katagrad.settings import ROOT
from tests.api.conftest import Server
from tests.web.conftest import DESKTOP, GRADING_TIMEOUT_MS

KATA = "attention-numpy"
REFERENCE = (ROOT / "katas" / KATA / "reference.py").read_text()
EXPLANATION = "I subtract the row max before exponentiating so softmax cannot overflow."


def add_interviewer(server: Server, name: str) -> str:
    """`katagrad interviewer add` against the live server's database; the printed password."""
    exe = str(Path(sys.executable).parent / "katagrad")
    out = subprocess.run([exe, "interviewer", "add", name], env=server.env, capture_output=True,
                         text=True, timeout=120, check=True)
    return next(line.split(": ", 1)[1] for line in out.stdout.splitlines()
                if line.startswith("password: "))


def context(browser: Any, server: Server) -> Any:
    ctx = browser.new_context(viewport=DESKTOP, base_url=server.url, accept_downloads=True)
    ctx.set_default_timeout(30_000)
    return ctx


def test_interview_round_end_to_end(browser: Any, live_server: Server, tmp_path: Path) -> None:
    password = add_interviewer(live_server, "alice")
    errors: list[str] = []
    iv_ctx, cand_ctx = context(browser, live_server), context(browser, live_server)
    try:
        # the interviewer signs in and creates an interview
        iv = iv_ctx.new_page()
        iv.on("pageerror", lambda e: errors.append(str(e)))
        iv.goto("/interviewer")
        expect(iv).to_have_url(re.compile("/interviewer/login$"))
        iv.get_by_label("Name").fill("alice")
        iv.get_by_label("Password").fill(password)
        iv.get_by_role("button", name="Sign in").click()
        expect(iv.get_by_role("heading", name="Interviews", exact=True)).to_be_visible()
        iv.get_by_label("Candidate name (optional)").fill("Ada Lovelace")
        iv.get_by_label("Katas (one or more)").select_option(KATA)
        iv.get_by_label("Duration (minutes)").fill("45")
        iv.get_by_role("button", name="Create interview").click()
        invite = iv.get_by_label("Invite link")
        expect(invite).to_have_value(re.compile(r"/interview/[A-Za-z0-9_-]{43,}$"))
        url = invite.input_value()
        row = iv.locator("tr[data-interview]").first
        expect(row).to_contain_text("Ada Lovelace")
        expect(row).to_contain_text("Not started")

        # the candidate opens the link: the countdown runs
        cand = cand_ctx.new_page()
        cand.on("pageerror", lambda e: errors.append(str(e)))
        cand.goto(url)
        countdown = cand.get_by_test_id("countdown")
        expect(countdown).to_have_text(re.compile(r"^4[45]:\d\d$"))
        first = countdown.inner_text()
        expect(countdown).not_to_have_text(first, timeout=5_000)  # it ticks

        # solves the kata in the practice editor, submits, reads the verdict
        cand.locator(".cm-content").click()
        cand.keyboard.press("Control+a")
        cand.keyboard.insert_text(REFERENCE)
        cand.get_by_role("button", name="Submit").click()
        expect(cand.get_by_test_id("verdict")).to_be_visible(timeout=GRADING_TIMEOUT_MS)
        expect(cand.get_by_test_id("score")).to_have_text("100 %")
        cand.get_by_label("Explain your choices").fill(EXPLANATION)
        cand.get_by_role("button", name="Save explanation").click()
        expect(cand.get_by_text("Explanation saved")).to_be_visible()

        # the dashboard shows live progress; the review shows score, playback, explanation
        expect(row).to_contain_text("In progress", timeout=15_000)
        expect(row).to_contain_text("100 %", timeout=15_000)
        row.get_by_role("link", name="Review").click()
        expect(iv.get_by_test_id("interview-state")).to_have_text("In progress")
        expect(iv.get_by_test_id("best-score")).to_have_text("100 %")
        expect(iv.get_by_test_id("explanation")).to_have_text(EXPLANATION)
        playback = iv.get_by_test_id(f"playback-{KATA}")
        expect(playback.get_by_test_id("playback-label")).to_contain_text("submit")
        expect(playback.locator(".playback-code")).to_contain_text("def ")
        iv.get_by_label("Correctness score").select_option("4")
        iv.get_by_label("Correctness notes").fill("every hidden check passes")
        iv.get_by_role("button", name="Save rubric").click()
        expect(iv.get_by_text("Rubric saved")).to_be_visible()

        with iv.expect_download() as dl:
            iv.get_by_role("link", name="Export Markdown").click()
        report = Path(dl.value.path()).read_text()
        assert report.startswith("# Interview review: Ada Lovelace")
        assert f"> {EXPLANATION}" in report and "| 100 % | 100 % |" in report
        assert "| Correctness | 4 | every hidden check passes |" in report
        with iv.expect_download() as dl:
            iv.get_by_role("link", name="Export JSON").click()
        assert '"best_score": 1.0' in Path(dl.value.path()).read_text()
    finally:
        iv_ctx.close()
        cand_ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
