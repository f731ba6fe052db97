"""What a person sees in the details: a light catalogue, maths that fits its column, a timeout
that shows its clock, a running check that counts its seconds."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.web.conftest import GRADING_TIMEOUT_MS, TABLET
from tests.web.test_web_ui import KATA, open_kata, replace_code, wait_verdict

LOOP = """import numpy as np

def softmax(x, axis=-1):
    while True:
        pass

def scaled_dot_product_attention(q, k, v, mask=None):
    while True:
        pass
"""


def test_the_catalogue_loads_without_the_editor(page: Any) -> None:
    scripts: dict[str, int] = {}
    page.on("response", lambda r: scripts.__setitem__(r.url, len(r.body()))
            if r.url.endswith(".js") else None)
    page.goto("/")
    expect(page.locator(f"tr[data-kata='{KATA}']")).to_be_visible()
    assert scripts and sum(scripts.values()) < 100_000, scripts  # 838 KB before the split
    assert not any("workbench" in url or "kata-" in url for url in scripts), scripts
    page.get_by_role("link", name="Scaled dot-product attention in NumPy").click()
    expect(page.locator(".cm-content")).to_be_visible()  # the editor comes with the kata page
    assert any("workbench" in url for url in scripts), scripts


def test_display_maths_wraps_inside_its_column(page: Any) -> None:
    open_kata(page)  # desktop: the statement column is about 490 px wide
    displays = page.locator(".statement .katex-display")
    assert displays.count() >= 2
    for i in range(displays.count()):
        box = displays.nth(i).evaluate("""el => {
            const column = el.closest('.statement').getBoundingClientRect();
            const r = el.getBoundingClientRect();
            return {right: r.right, column: column.right, overflow: getComputedStyle(el).overflowX,
                    scroll: el.scrollWidth, client: el.clientWidth}; }""")
        assert box["right"] <= box["column"] + 1, box  # never wider than the statement
        assert box["scroll"] <= box["client"] + 1, box  # wrapped: nothing hidden off the edge
        assert box["overflow"] == "auto", box  # and where it cannot wrap, it scrolls
    # attention's second equation ends with "output = weights v": on screen, inside the column
    tail = displays.nth(1).evaluate("""el => {
        const column = el.closest('.statement').getBoundingClientRect();
        return [...el.querySelectorAll('.katex-html .base')].every(
            b => b.getBoundingClientRect().right <= column.right + 1); }""")
    assert tail
    page.set_viewport_size(TABLET)
    expect(displays.nth(1)).to_contain_text("output")


def test_a_hanging_check_counts_its_seconds_and_times_out_with_a_clock(page: Any) -> None:
    open_kata(page)
    replace_code(page, LOOP)
    page.get_by_role("button", name="Run").click()
    elapsed = page.get_by_test_id("elapsed")
    expect(elapsed).to_have_text(re.compile(r"^· [2-9]\d* s$"), timeout=GRADING_TIMEOUT_MS)
    wait_verdict(page)
    timed_out = page.locator(".results li.check[data-status='timeout']").first
    expect(timed_out).to_contain_text("Timed out")
    icon = timed_out.locator(".status-icon svg[data-icon='timeout']")
    expect(icon).to_be_visible()
    box = icon.bounding_box()
    assert box is not None and box["width"] >= 8 and box["height"] >= 8  # drawn, not a blank
    expect(page.get_by_test_id("elapsed")).to_have_count(0)  # the clock stops with the verdict
