"""Browser fixtures: the built UI, a real `katagrad serve`, Debian's Chromium under Playwright."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from katagrad.settings import ROOT
from tests.api.conftest import Server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}
GRADING_TIMEOUT_MS = 180_000  # a grading on a loaded 2-core machine can take a while


@pytest.fixture(scope="session")
def web_dist() -> Path:
    """web/dist, built (npm ci + vite) when missing or older than its sources."""
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: the UI cannot be built (scripts/install.sh)")
    subprocess.run(["bash", str(ROOT / "scripts" / "build-web.sh")], check=True, timeout=900)
    return ROOT / "web" / "dist"


@pytest.fixture(scope="session")
def live_server(web_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("web"), KATAGRAD_RATE_BURST="1000",
                    KATAGRAD_IP_RATE_BURST="1000", KATAGRAD_WORKERS="2")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: scripts/install.sh installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any, live_server: Server, tmp_path: Path) -> Iterator[Any]:
    """A fresh browser context (its own cookie, its own drafts) at desktop size."""
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    context.set_default_timeout(30_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def screenshot(page: Any, name: str) -> None:
    """Save the page at desktop and tablet widths under artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("desktop", DESKTOP), ("tablet", TABLET)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(150)  # let layout settle after the resize
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(size)
