"""Every follow-up part, on K fresh hidden seeds, held to the bar of a kata: reference and a
differently written correct solution 1.0 on every seed, each of its own >= 3 mutants caught
on every seed, and the code it starts from (part n-1's reference with part n's stub
appended) below 1.0. Part 1 of these katas is covered by test_katas.py."""

from __future__ import annotations

import pytest

from graders.kata import load_katas
from graders.parts import find_part
from graders.validate import validate
from katagrad.settings import ROOT
from tests.katas.test_katas import ALTERNATIVES, warm  # noqa: F401 - the fixture

PARTS = sorted(p.key for k in load_katas(ROOT / "katas").values() for p in k.parts)


def test_at_least_three_katas_have_parts() -> None:
    assert len({key.split("@")[0] for key in PARTS}) >= 3


@pytest.mark.parametrize("key", PARTS)
def test_part_validates_on_every_seed(key, warm, settings) -> None:  # noqa: F811
    assert (ALTERNATIVES / f"{key}.py").is_file(), \
        f"write a correct solution in another style at {ALTERNATIVES / key}.py"
    part = find_part(settings.katas_dir, key)
    verdicts = validate([part], warm, settings, seeds=settings.validate_seeds, workers=2,
                        alternatives=ALTERNATIVES)
    bad = [f"{v.subject}: {v.detail} (seeds {list(v.bad_seeds)})" for v in verdicts if not v.ok]
    assert not bad, "\n".join(bad)
    assert {v.subject for v in verdicts} >= {"reference", "alternative", "stub"}
    assert sum(v.subject.startswith("mutant:") for v in verdicts) >= 3
    assert all(v.kata == key for v in verdicts)
