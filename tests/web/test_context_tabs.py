"""An extend-a-paper kata in the browser: the paper's files as read-only tabs beside
solution.py, and the kata grades end to end."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from katagrad.settings import ROOT
from tests.web.conftest import GRADING_TIMEOUT_MS, screenshot

KATA = "residual-ablation"
KATA_DIR = ROOT / "katas" / KATA
REFERENCE = (KATA_DIR / "reference.py").read_text()
DRAFT_KEY = f"katagrad:draft:{KATA}"


def test_context_files_are_read_only_tabs_and_the_kata_grades(page: Any) -> None:
    page.goto(f"/katas/{KATA}")
    # the first view of a torch kata imports torch on the server (its checks): seconds
    expect(page.locator(".cm-content").first).to_be_visible(timeout=120_000)
    files = page.get_by_role("tablist", name="Files")
    expect(files.get_by_role("tab")).to_have_text(
        ["solution.py", "model.py (read-only)", "train.py (read-only)"])
    solution = page.get_by_role("textbox", name="Your solution for")
    expect(solution).to_contain_text("def build_ablated")

    # the paper's model: shown in full, selectable, but typing changes nothing
    files.get_by_role("tab", name="model.py (read-only)").click()
    model = page.get_by_role("textbox", name="model.py (read-only context file)")
    expect(model).to_be_visible()
    expect(model).to_contain_text("class ResMLP(nn.Module):")
    expect(model).to_have_attribute("contenteditable", "false")
    expect(solution).to_be_hidden()
    screenshot(page, "extend-context-tab")
    before = model.inner_text()
    model.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("# tampered")
    page.keyboard.press("Backspace")
    assert model.inner_text() == before

    # back to the solution: the reference, submitted, passes every check
    files.get_by_role("tab", name="solution.py").click()
    expect(solution).to_be_visible()
    solution.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(REFERENCE)
    page.wait_for_function("([key, code]) => localStorage.getItem(key) === code",
                           arg=[DRAFT_KEY, REFERENCE])
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_test_id("verdict")).to_be_visible(timeout=GRADING_TIMEOUT_MS)
    expect(page.get_by_test_id("score")).to_have_text("100 %")
    expect(page.locator(".results li.check")).to_have_count(6)
    expect(page.locator(".results li.check:not([data-status='pass'])")).to_have_count(0)
    screenshot(page, "extend-submit")
