"""Shared fixtures: settings, the real bwrap sandbox, the kata library."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graders.kata import Kata, load_katas
from katagrad.settings import ROOT, Settings, load_settings
from sandbox.bwrap import BwrapSandbox

KATAS_DIR = ROOT / "katas"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings(katas_dir=KATAS_DIR)


@pytest.fixture(scope="session")
def sandbox(settings: Settings) -> BwrapSandbox:
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: scripts/install.sh installs it")
    return BwrapSandbox(settings)


@pytest.fixture(scope="session")
def katas() -> dict[str, Kata]:
    return load_katas(KATAS_DIR)


@pytest.fixture()
def kata_dir(tmp_path: Path) -> Path:
    """A writable copy of the attention-numpy kata, for tests that break a kata on purpose."""
    target = tmp_path / "attention-numpy"
    shutil.copytree(KATAS_DIR / "attention-numpy", target)
    return target
