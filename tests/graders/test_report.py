"""The report JSON schema, version 1."""

from __future__ import annotations

import json

from graders.report import CapturedOutput, CheckResult, Outcome, Report, Status


def _check(status: Status, points: float, max_points: float = 2.0) -> CheckResult:
    return CheckResult("c", status, "msg", points, max_points,
                       {"max_abs_error": float("nan"), "idx": (1, 2)})


def test_schema_and_strict_json() -> None:
    r = Report("k", Outcome.GRADED, (_check(Status.PASS, 2), _check(Status.FAIL, 0)), "",
               0.5, CapturedOutput("out", "err", True, 1024))
    doc = json.loads(json.dumps(r.to_json(), allow_nan=False))
    assert set(doc) >= {"version", "kata", "status", "passed", "score", "tests", "duration_s"}
    assert doc["version"] == 1 and doc["status"] == "graded"
    assert doc["score"] == 0.5 and doc["passed"] is False
    t = doc["tests"][0]
    assert set(t) >= {"name", "status", "message", "points", "max_points", "diagnostics"}
    assert t["diagnostics"] == {"max_abs_error": "nan", "idx": [1, 2]}
    assert doc["output"] == {"stdout": "out", "stderr": "err", "truncated": True,
                             "limit_bytes": 1024}


def test_passed_exactly_when_score_is_one() -> None:
    full = Report("k", Outcome.GRADED, (_check(Status.PASS, 2),))
    assert full.score == 1.0 and full.passed
    assert not Report("k", Outcome.GRADED, ()).passed


def test_rejected_and_error_score_zero() -> None:
    for status in (Outcome.REJECTED, Outcome.ERROR):
        r = Report("k", status, (_check(Status.PASS, 2),), "why")
        assert r.score == 0.0 and not r.passed
