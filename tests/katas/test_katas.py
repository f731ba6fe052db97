"""Every kata, on K fresh hidden seeds: reference and a differently written correct solution
1.0 on every seed, every mutant caught on every seed, stub < 1.0; and the CLI grades a good
and a bad file end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graders.grade import Mode, grade
from graders.kata import KataFormat, load_katas
from graders.validate import validate
from katagrad.settings import ROOT
from sandbox.warm import WarmSandbox

KATAS = sorted(load_katas(ROOT / "katas"))
ALTERNATIVES = Path(__file__).parent / "alternatives"
CLI = [sys.executable, "-m", "cli"]


# Katas whose visible checks draw a picture (graders/plots.py), and what kind.
PICTURED = {
    "attention-numpy": "heatmaps", "backprop-mlp": "bars", "batch-norm": "heatmaps",
    "conv2d": "heatmaps", "debug-exploding-gradients": "line", "debug-training-loop": "line",
    "gd-quadratic-step-size": "line", "layer-norm": "heatmaps", "metropolis-hastings": "line",
    "multi-head-attention": "heatmaps", "policy-gradient": "line",
    "reinforce-baseline": "line", "transformer-block": "heatmaps", "vae-manual-kl": "line",
}


def test_library_is_loaded() -> None:
    assert "attention-numpy" in KATAS


@pytest.fixture(scope="module")
def warm(settings):
    """The warm path: K seeds x every solution is thousands of gradings."""
    box = WarmSandbox(settings)
    yield box
    box.close()


@pytest.mark.parametrize("kata_id", KATAS)
def test_kata_validates_on_every_seed(kata_id, katas, warm, settings) -> None:
    """Reference and alternative score 1.0 on each of K fresh hidden seeds, every mutant is
    caught on each of them, the stub fails (K = KATAGRAD_VALIDATE_SEEDS, 20 by default)."""
    assert (ALTERNATIVES / f"{kata_id}.py").is_file(), \
        f"write a correct solution in another style at {ALTERNATIVES / kata_id}.py"
    verdicts = validate([katas[kata_id]], warm, settings, seeds=settings.validate_seeds,
                        workers=2, alternatives=ALTERNATIVES)
    bad = [f"{v.subject}: {v.detail} (seeds {list(v.bad_seeds)})" for v in verdicts if not v.ok]
    assert not bad, "\n".join(bad)
    kata = katas[kata_id]
    if kata.format is KataFormat.TESTS:  # its solutions are suites, its mutants implementations
        assert {v.subject for v in verdicts} >= {"reference", "alternative", "stub"}
        assert sum(v.subject.startswith("weak:") for v in verdicts) >= 2
        assert len(kata.mutants) >= 3
    suffixes = [f"@{v.name}" for v in kata.variants] or [""]
    for suffix in suffixes if kata.format is KataFormat.CODE else []:  # each variant proves it
        names = {v.subject for v in verdicts}
        assert names >= {f"reference{suffix}", f"alternative{suffix}", f"stub{suffix}"}
        assert sum(v.subject.startswith("mutant:") and v.subject.endswith(suffix)
                   for v in verdicts) >= 3
    crosses = {v.subject for v in verdicts if v.subject.startswith("cross:")}
    assert crosses == {f"cross:{a.name}->{b.name}" for a in kata.variants
                       for b in kata.variants if a != b}
    assert all(v.seeds == settings.validate_seeds for v in verdicts
               if not v.subject.startswith(("stub", "weak:")))


def test_variant_katas() -> None:
    """Issue 13: at least eight katas whose variants change what the answer means."""
    with_variants = [k for k in load_katas(ROOT / "katas").values() if len(k.variants) >= 2]
    assert len(with_variants) >= 8, [k.id for k in with_variants]


@pytest.mark.parametrize("kata_id", KATAS)
def test_cli_grades_good_and_bad(kata_id, katas) -> None:
    kata = katas[kata_id]
    tests = kata.format is KataFormat.TESTS  # its solutions are test suites
    good_file = kata.path / "suite.py" if tests else kata.reference_path
    bad_file = kata.path / "stub.py" if tests else kata.mutants[0]
    good = subprocess.run([*CLI, "grade", kata_id, str(good_file), "--json"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert good.returncode == 0, good.stderr
    report = json.loads(good.stdout)
    assert (report["status"], report["passed"], report["score"]) == ("graded", True, 1.0)

    bad = subprocess.run([*CLI, "grade", kata_id, str(bad_file), "--json"],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert bad.returncode == 0, bad.stderr
    report = json.loads(bad.stdout)
    assert report["passed"] is False and report["score"] < 1.0
    failing = [t for t in report["tests"] if t["status"] != "pass"]
    assert failing and all(t["message"] for t in failing)


@pytest.mark.parametrize("kata_id", sorted(PICTURED))
def test_run_draws_a_picture(kata_id, katas, sandbox, settings) -> None:
    kata = katas[kata_id]
    report = grade(kata, kata.reference_path.read_text(), sandbox=sandbox, settings=settings,
                   mode=Mode.RUN)
    assert report.score == 1.0, [t.message for t in report.tests]
    drawn = [t.diagnostics["plot"] for t in report.tests if "plot" in t.diagnostics]
    assert drawn and {p["kind"] for p in drawn} >= {PICTURED[kata_id]}
    for p in drawn:
        parts = p.get("panels") or p.get("series")
        assert parts, p
        assert all(part.get("z") or part.get("y") or part.get("values") for part in parts), p
    json.dumps(report.to_json(), allow_nan=False)
