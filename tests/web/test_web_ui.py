"""The browser UI end to end: real Chromium, a real server, real gradings in the sandbox."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from katagrad.settings import ROOT
from tests.web.conftest import GRADING_TIMEOUT_MS, SCREENSHOTS, screenshot

KATA = "attention-numpy"
KATA_DIR = ROOT / "katas" / KATA
REFERENCE = (KATA_DIR / "reference.py").read_text()
UNSCALED = (KATA_DIR / "mutants" / "unscaled_scores.py").read_text()
DRAFT_KEY = f"katagrad:draft:{KATA}"


def open_kata(page: Any) -> None:
    """From the catalogue, the way a candidate gets there."""
    page.goto("/")
    page.get_by_role("link", name="Scaled dot-product attention in NumPy").click()
    expect(page).to_have_url(re.compile(f"/katas/{KATA}$"))
    expect(page.locator(".cm-content")).to_be_visible()


def replace_code(page: Any, code: str) -> None:
    """Select all in the editor and put `code` in its place, as a paste would."""
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(code)
    page.wait_for_function("([key, code]) => localStorage.getItem(key) === code",
                           arg=[DRAFT_KEY, code])  # the editor holds exactly `code`, saved


def wait_verdict(page: Any) -> Any:
    verdict = page.get_by_test_id("verdict")
    expect(verdict).to_be_visible(timeout=GRADING_TIMEOUT_MS)
    return verdict


def test_catalogue_lists_filters_and_searches(page: Any) -> None:
    page.goto("/")
    rows = page.locator("tr[data-kata]")
    expect(rows.first).to_be_visible()
    total = rows.count()
    assert total >= 5
    expect(page.locator(f"tr[data-kata='{KATA}']")).to_contain_text("medium")
    expect(page.locator(f"tr[data-kata='{KATA}']")).to_contain_text("attention")
    screenshot(page, "catalogue")

    page.get_by_label("Search katas by name").fill("attention")
    expect(page.locator(f"tr[data-kata='{KATA}']")).to_be_visible()
    assert 1 <= rows.count() < total
    page.get_by_label("Search katas by name").fill("")
    page.get_by_label("Framework", exact=True).select_option("torch")
    expect(page.locator(f"tr[data-kata='{KATA}']")).to_have_count(0)
    page.get_by_label("Framework", exact=True).select_option("")
    page.get_by_label("Difficulty", exact=True).select_option("medium")
    page.get_by_label("Topic", exact=True).select_option("masking")
    expect(page.locator(f"tr[data-kata='{KATA}']")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="katas")).to_contain_text("of")


def test_statement_renders_maths_and_the_stub_is_in_the_editor(page: Any) -> None:
    open_kata(page)
    statement = page.locator(".statement")
    expect(statement.locator("h2").first).to_contain_text("softmax")
    expect(statement.locator(".katex").first).to_be_visible()  # $…$ went through KaTeX
    assert statement.locator(".katex-display").count() >= 2
    expect(statement).not_to_contain_text("$$")
    expect(page.locator(".cm-content")).to_contain_text("def scaled_dot_product_attention")
    expect(page.locator(".run-checks")).to_contain_text("attention_causal_example")


def test_submit_a_correct_solution_scores_100(page: Any) -> None:
    open_kata(page)
    replace_code(page, REFERENCE)
    page.get_by_role("button", name="Submit").click()
    verdict = wait_verdict(page)
    expect(page.get_by_test_id("score")).to_have_text("100 %")
    expect(verdict).to_contain_text("Accepted")
    checks = page.locator(".results li.check")
    assert checks.count() == 9  # every check, hidden ones included
    expect(page.locator(".results li.check:not([data-status='pass'])")).to_have_count(0)
    expect(page.locator(".results .tag-hidden").first).to_be_visible()
    screenshot(page, "kata-submit-correct")

    # the attempt is in the history, with its code
    page.get_by_role("tab", name="Attempts").click()
    row = page.locator("tr[data-submission]").first
    expect(row).to_contain_text("Submit")
    expect(row).to_contain_text("100 %")
    row.get_by_role("button").click()
    expect(page.locator(".attempt-code")).to_contain_text("def scaled_dot_product_attention")
    expect(page.locator(".history-note")).to_contain_text("Showing your Submit")
    screenshot(page, "kata-attempts")

    # and the catalogue shows the best score
    page.get_by_role("link", name="Katas").first.click()
    expect(page.locator(f"tr[data-kata='{KATA}'] .best")).to_contain_text("100 %")
    expect(page.locator(".progress-line")).to_contain_text("1 of")


def test_a_wrong_solution_names_the_failing_check_and_pictures_the_weights(page: Any) -> None:
    open_kata(page)
    replace_code(page, UNSCALED)
    page.keyboard.press("Control+Enter")  # Run from the keyboard, focus still in the editor
    verdict = wait_verdict(page)
    expect(verdict).to_contain_text("Run · visible checks")
    expect(page.get_by_test_id("score")).not_to_have_text("100 %")
    failing = page.locator(".results li.check[data-check='attention_worked_example']")
    expect(failing).to_have_attribute("data-status", "fail")
    expect(failing).to_contain_text("Failed")  # a word, not only a colour
    expect(failing.locator(".check-message")).to_contain_text("weights")
    expect(failing.locator(".bug")).to_contain_text("not scaled by 1/sqrt(d_k)")
    expect(failing.locator(".diag-grid")).to_contain_text("Max error")
    passing = page.locator(".results li.check[data-check='softmax_small']")
    expect(passing).to_have_attribute("data-status", "pass")
    assert page.locator(".results li.check").count() == 3  # Run: the visible checks only
    expect(page.locator(".results .tag-hidden")).to_have_count(0)

    causal = page.locator(".results li.check[data-check='attention_causal_example']")
    heatmaps = causal.locator("figure.plot-heatmaps")
    expect(heatmaps).to_be_visible()
    expect(heatmaps.locator(".panel-label")).to_have_text(["yours", "expected"])
    assert heatmaps.locator("rect.cell").count() == 2 * 16  # (4, 4) weights, twice
    assert heatmaps.locator("rect.diff").count() == 9  # "9 of 16 values differ", outlined
    expect(heatmaps).to_contain_text("9 cells of yours that differ from expected")
    screenshot(page, "kata-run-wrong")
    causal.screenshot(path=str(SCREENSHOTS / "heatmaps.png"))


def test_run_a_correct_solution_shows_the_visible_checks(page: Any) -> None:
    open_kata(page)
    replace_code(page, REFERENCE)
    page.get_by_role("button", name="Run").click()
    verdict = wait_verdict(page)
    expect(page.get_by_test_id("score")).to_have_text("100 %")
    expect(verdict).to_contain_text("All visible checks pass")
    expect(page.locator(".results li.check[data-status='pass']")).to_have_count(3)


def test_the_draft_survives_a_reload_and_reset_asks_first(page: Any) -> None:
    open_kata(page)
    marker = "# my draft, line 1\n"
    page.locator(".cm-content").click()
    page.keyboard.press("Control+Home")
    page.keyboard.insert_text(marker)
    page.reload()
    expect(page.locator(".cm-content")).to_contain_text("# my draft, line 1")
    expect(page.locator(".saved")).to_have_text("Draft restored")

    page.get_by_role("button", name="Reset").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Reset to the stub?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator(".cm-content")).to_contain_text("# my draft, line 1")
    page.get_by_role("button", name="Reset").click()
    page.get_by_role("dialog").get_by_role("button", name="Reset").click()
    expect(page.locator(".cm-content")).not_to_contain_text("# my draft")
    page.reload()
    expect(page.locator(".cm-content")).not_to_contain_text("# my draft")
    expect(page.locator(".cm-content")).to_contain_text("def softmax")


def test_an_unknown_client_route_and_api_are_kept_apart(page: Any, live_server: Any) -> None:
    page.goto("/katas/no-such-kata")
    expect(page.get_by_role("alert")).to_be_visible()
    response = page.request.get("/api/no-such-route")
    assert response.status == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    html = page.request.get("/katas/attention-numpy")
    assert html.status == 200 and "content-security-policy" in html.headers
