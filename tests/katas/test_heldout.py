"""The bug oracle on wrong submissions written independently of the mutants
(tests/katas/heldout/): the report never claims a wrong bug, and names the right one in
at least 90 % of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graders.grade import Mode, grade
from graders.kata import Kata
from sandbox.warm import WarmSandbox

HELDOUT = Path(__file__).parent / "heldout"
FILES = sorted(HELDOUT.glob("*.py"))
CLAIMS = ("Your results equal a known mistake", "equals what this known mistake gives")
named: dict[str, bool] = {}


def header(path: Path) -> tuple[str, re.Pattern[str]]:
    head = dict(re.findall(r"^# (kata|bug): (.+)$", path.read_text(), re.M))
    return head["kata"], re.compile(head["bug"], re.I)


@pytest.fixture(scope="module")
def generous(settings):
    """A budget that a busy machine cannot exhaust: what is measured is the oracle's power."""
    return settings.model_copy(update={"oracle_budget_s": 300.0})


@pytest.fixture(scope="module")
def warm(settings):
    box = WarmSandbox(settings)
    yield box
    box.close()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_no_wrong_claim(path: Path, katas: dict[str, Kata], warm, generous) -> None:
    kata_id, bug = header(path)
    report = grade(katas[kata_id], path.read_text(), sandbox=warm, settings=generous,
                   mode=Mode.SUBMIT, seed=1)
    assert not report.passed, f"{path.name} is wrong but scored 1.0"
    claims = any(c in report.message for c in CLAIMS)
    assert not claims or bug.search(report.message), f"wrong claim: {report.message}"
    named[path.stem] = claims


def test_most_bugs_are_named() -> None:
    if len(named) < len(FILES):
        pytest.skip("runs after every held-out submission was graded")
    share = sum(named.values()) / len(named)
    unnamed = sorted(k for k, v in named.items() if not v)
    assert share >= 0.9, f"{share:.0%} named; not named: {unnamed}"
