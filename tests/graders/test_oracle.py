"""Mutants as bug oracles: a bug is named only when a mutant reproduces the failure exactly."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from graders import oracle
from graders.grade import Mode, grade
from graders.kata import Kata, load_kata
from graders.kit import Call, CallError
from graders.report import CheckResult, Status
from katagrad.settings import ROOT

ATTENTION = ROOT / "katas" / "attention-numpy"


@pytest.fixture()
def kata() -> Kata:
    return load_kata(ATTENTION)


def _attention(q, k, v, mask=None, scale=True):
    d_k = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / (np.sqrt(d_k) if scale else 1.0)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    scores = scores - scores.max(-1, keepdims=True)
    w = np.exp(scores)
    w = w / w.sum(-1, keepdims=True)
    return w @ v, w


def _failed(kata: Kata, got, fails=lambda values: True) -> oracle.FailedCheck:
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal((2, 3, 4)) for _ in range(3))
    return oracle.FailedCheck("attention_random", [Call("scaled_dot_product_attention", (q, k, v))],
                              [123], [got(q, k, v)], fails)


def test_a_mutant_reproducing_the_results_confirms_its_bug(kata) -> None:
    failed = _failed(kata, lambda q, k, v: _attention(q, k, v, scale=False))
    [c] = oracle.confirm(kata, None, [failed])
    assert [m.stem for m in c.mutants] == ["unscaled_scores"]
    assert c.bug == "no 1/sqrt(d_k)"


def test_a_bug_no_mutant_makes_is_refuted(kata) -> None:
    # Scaled by 1/d_k: wrong, but none of the kata's mutants gives these values.
    failed = _failed(kata, lambda q, k, v: _attention(q / np.sqrt(q.shape[-1]), k, v))
    assert oracle.confirm(kata, None, [failed]) == []


def test_a_match_that_would_pass_the_check_confirms_nothing(kata) -> None:
    failed = _failed(kata, lambda q, k, v: _attention(q, k, v, scale=False),
                     fails=lambda values: False)
    assert oracle.confirm(kata, None, [failed]) == []


def test_indistinguishable_mutants_are_named_together(tmp_path: Path) -> None:
    folder = tmp_path / "attention-numpy"
    shutil.copytree(ATTENTION, folder)
    twin = (folder / "mutants" / "unscaled_scores.py").read_text()
    (folder / "mutants" / "raw_scores.py").write_text(
        '"""scores used as q @ k^T without the scale"""\n' + twin)
    kata = load_kata(folder)
    [c] = oracle.confirm(kata, None, [_failed(kata, lambda q, k, v: _attention(q, k, v,
                                                                              scale=False))])
    assert sorted(m.stem for m in c.mutants) == ["raw_scores", "unscaled_scores"]
    assert c.bug == "scores used as q @ k^T without the scale or no 1/sqrt(d_k)"


def test_values_compare_by_structure_and_tolerance() -> None:
    a = {"w": np.ones(3), "n": (1, 2.0)}
    assert oracle.same(a, {"w": np.ones(3) + 1e-12, "n": (1, 2.0)})
    assert not oracle.same(a, {"w": np.ones(3) * 1.01, "n": (1, 2.0)})
    assert not oracle.same(a, {"w": np.ones(4), "n": (1, 2.0)})
    assert not oracle.same(a, {"w": np.ones(3)})
    assert oracle.same(CallError("ValueError", "x"), CallError("ValueError", "y"))
    assert not oracle.same(CallError("ValueError", "x"), np.ones(3))


def _result(name: str, status: Status, **diagnostics) -> CheckResult:
    return CheckResult(name, status, f"{name} message\nmore", 0.0, 1.0, diagnostics)


def test_headline_leads_with_the_mutant_reproducing_most_checks() -> None:
    tests = [_result("a", Status.PASS), _result("b", Status.FAIL, bug_matched="table bug"),
             _result("c", Status.FAIL), _result("d", Status.FAIL)]
    m1 = oracle.Mutant("one", "bug one", None)
    m2 = oracle.Mutant("two", "bug two", None)
    confirmations = [oracle.Confirmation("b", (m1,)), oracle.Confirmation("c", (m2,)),
                     oracle.Confirmation("d", (m2,))]
    assert oracle.headline(tests, confirmations) == (
        "Your results equal a known mistake: bug two (reproduced exactly in c, d)")
    assert oracle.headline(tests, []).startswith("b: the result equals what this known "
                                                 "mistake gives: table bug")
    plain = [_result("a", Status.PASS), _result("c", Status.FAIL)]
    assert oracle.headline(plain, []) == "1 of 2 checks did not pass; the first is c: c message"
    assert oracle.headline([_result("a", Status.PASS)], []) == ""


def test_a_graded_report_leads_with_the_confirmed_bug(kata, sandbox, settings) -> None:
    """End to end: a differently written unscaled attention, named by the oracle."""
    code = (ATTENTION / "reference.py").read_text().replace("/ np.sqrt(d_k)", "/ 1.0")
    assert code != (ATTENTION / "reference.py").read_text()
    report = grade(kata, code, sandbox=sandbox, settings=settings, mode=Mode.SUBMIT, seed=7)
    assert not report.passed
    assert report.message.startswith("Your results equal a known mistake: no 1/sqrt(d_k)")
    confirmed = [t for t in report.tests if "confirmed_bug" in t.diagnostics]
    # Where d_v = d_k, scaling by sqrt(d_v) gives the same results: both are named there.
    assert confirmed and all("unscaled_scores" in t.diagnostics["confirmed_by"]
                             for t in confirmed)


def test_a_string_never_compares_with_an_array() -> None:
    # a forged result (a string where an array belongs) once raised here and cost a verdict
    assert not oracle.same("forged", np.arange(3.0))
    assert not oracle.same(np.arange(3.0), "forged")
    assert not oracle.same(None, np.arange(3.0))
    assert oracle.same(None, None) and oracle.same("a", "a")
