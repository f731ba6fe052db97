"""Follow-up parts in real Chromium: the steps above the statement, part 2 greyed until part 1
passes (practice), or until the interviewer unlocks it from the review (a round)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from katagrad.settings import ROOT
from tests.api.conftest import Server
from tests.web.conftest import GRADING_TIMEOUT_MS
from tests.web.test_interview_ui import add_interviewer, context

KATA = "gaussian-posterior-steps"
PART1 = (ROOT / "katas" / KATA / "reference.py").read_text()
PART2 = (ROOT / "katas" / KATA / "parts/2/reference.py").read_text()
PART2_TEXT = "Bayesian updating one observation at a time"  # in part 2's statement only


def put_code(page: Any, code: str) -> None:
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(code)


def submit_scores_100(page: Any) -> None:
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_test_id("score")).to_have_text("100 %", timeout=GRADING_TIMEOUT_MS)


def test_practice_part_2_unlocks_when_part_1_passes(page: Any) -> None:
    page.goto(f"/katas/{KATA}")
    steps = page.get_by_test_id("part-steps")
    expect(steps.locator(".part-step")).to_have_count(2)
    locked = steps.locator(".part-step.locked")
    expect(locked).to_have_count(1)
    expect(locked).to_contain_text("pass part 1 to unlock")
    expect(locked.get_by_role("button")).to_have_attribute("aria-disabled", "true")
    expect(page.locator(".kata-left")).not_to_contain_text(PART2_TEXT)

    put_code(page, PART1)
    page.wait_for_function("code => localStorage.getItem('katagrad:draft:" + KATA + "') === code",
                           arg=PART1)
    submit_scores_100(page)
    expect(steps.locator(".part-step.locked")).to_have_count(0, timeout=15_000)
    expect(page.get_by_role("status").filter(has_text="Part 2 unlocked")).to_be_visible()
    expect(steps.locator(".part-step.current")).to_contain_text("Part 2")
    expect(page.locator(".kata-left")).to_contain_text(PART2_TEXT)
    expect(page.locator(".cm-content")).to_contain_text("def predictive")  # the stub appended

    put_code(page, PART2)
    submit_scores_100(page)
    steps.locator(".part-button[data-part='1']").click()
    expect(page.locator(".kata-left")).to_contain_text("Part 1: the posterior")


def test_round_part_2_unlocked_by_the_interviewer(browser: Any, live_server: Server) -> None:
    password = add_interviewer(live_server, "parts-iv")
    errors: list[str] = []
    iv_ctx, cand_ctx = context(browser, live_server), context(browser, live_server)
    try:
        iv = iv_ctx.new_page()
        iv.on("pageerror", lambda e: errors.append(str(e)))
        iv.goto("/interviewer/login")
        iv.get_by_label("Name").fill("parts-iv")
        iv.get_by_label("Password").fill(password)
        iv.get_by_role("button", name="Sign in").click()
        expect(iv.get_by_role("heading", name="Interviews", exact=True)).to_be_visible()
        iv.get_by_label("Katas (one or more)").select_option(KATA)
        iv.get_by_role("button", name="Create interview").click()
        invite = iv.get_by_label("Invite link")
        expect(invite).to_have_value(re.compile(r"/interview/[A-Za-z0-9_-]{43,}$"))
        url = invite.input_value()

        cand = cand_ctx.new_page()
        cand.on("pageerror", lambda e: errors.append(str(e)))
        cand.goto(url)
        steps = cand.get_by_test_id("part-steps")
        expect(steps.locator(".part-step.locked")).to_contain_text("pass part 1 to unlock")

        iv.locator("tr[data-interview]").first.get_by_role("link", name="Review").click()
        iv.get_by_test_id(f"unlock-{KATA}-2").click()
        table = iv.get_by_test_id(f"parts-{KATA}")
        expect(table.locator("tr[data-part='2']")).to_contain_text("by you")

        # the candidate's page hears of it live, and shows part 2
        expect(steps.locator(".part-step.locked")).to_have_count(0, timeout=15_000)
        expect(cand.locator(".kata-left")).to_contain_text(PART2_TEXT)
        put_code(cand, PART2)
        submit_scores_100(cand)
        expect(table.locator("tr[data-part='2']")).to_contain_text("100 %", timeout=15_000)
    finally:
        iv_ctx.close()
        cand_ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
