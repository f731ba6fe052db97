"""A write-the-tests kata in the browser: the contract, then the mutation table after Submit."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from katagrad.settings import ROOT
from tests.web.conftest import GRADING_TIMEOUT_MS, screenshot

KATA = "write-tests-softmax"
KATA_DIR = ROOT / "katas" / KATA
WEAK = (KATA_DIR / "weak" / "no_edge_cases.py").read_text()  # kills 3 of the 5 mutants
DRAFT_KEY = f"katagrad:draft:{KATA}"


def test_submit_tests_and_see_which_bugs_they_catch(page: Any) -> None:
    page.goto(f"/katas/{KATA}")
    expect(page.locator(".cm-content")).to_be_visible()
    expect(page.get_by_role("heading", name="The contract")).to_be_visible()
    expect(page.get_by_test_id("tests-grading")).to_contain_text("How your tests are graded")
    expect(page.locator(".cm-content")).to_contain_text("from impl import logsumexp, softmax")
    bugs = [line.split('"""')[1] for line in
            (p.read_text().splitlines()[0] for p in sorted((KATA_DIR / "mutants").glob("*.py")))]
    body = page.locator("body").inner_text()
    assert not any(bug in body for bug in bugs)  # no bug is named before grading

    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(WEAK)
    page.wait_for_function("([key, code]) => localStorage.getItem(key) === code",
                           arg=[DRAFT_KEY, WEAK])
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_test_id("verdict")).to_be_visible(timeout=GRADING_TIMEOUT_MS)
    expect(page.get_by_test_id("score")).to_have_text("60 %")

    table = page.get_by_test_id("mutant-table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(5)
    expect(table.locator("tr[data-killed='true']")).to_have_count(3)
    expect(table.locator("tr[data-killed='false']")).to_have_count(2)
    expect(page.locator(".mutants h3")).to_have_text("Bugs your tests caught: 3 of 5")
    naive = table.locator("tr[data-mutant='mutant:naive_exp']")
    expect(naive).to_contain_text("no max shift: exp overflows for large inputs")
    expect(naive).to_contain_text("Killed")
    expect(naive).to_contain_text("test_logsumexp_large")
    expect(table.locator("tr[data-mutant='mutant:all_neg_inf_nan']")).to_contain_text("Survived")
    screenshot(page, "kata-write-tests-submit")
