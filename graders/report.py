"""The verdict: frozen dataclasses that serialise to the report JSON (schema version 1)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graders.timing import as_ms

REPORT_VERSION = 1


class Status(StrEnum):
    """How one check ended."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    TIMEOUT = "timeout"


class Outcome(StrEnum):
    """How a whole grading ended."""

    GRADED = "graded"  # the checks ran; the score says how well
    REJECTED = "rejected"  # refused before running (size, syntax, forbidden import)
    ERROR = "error"  # katagrad could not grade it (not the submission's fault)


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    message: str
    points: float
    max_points: float
    diagnostics: dict[str, Any] = field(default_factory=dict)
    visible: bool = False
    description: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status.value,
            "message": self.message,
            "points": self.points,
            "max_points": self.max_points,
            "diagnostics": _jsonable(self.diagnostics),
            "visible": self.visible,
            "description": self.description,
        }


@dataclass(frozen=True)
class CapturedOutput:
    stdout: str = ""
    stderr: str = ""
    truncated: bool = False
    limit_bytes: int = 0


@dataclass(frozen=True)
class Report:
    kata: str
    status: Outcome
    tests: tuple[CheckResult, ...] = ()
    message: str = ""
    duration_s: float = 0.0
    output: CapturedOutput = CapturedOutput()
    mode: str = "submit"
    phases: dict[str, float] = field(default_factory=dict)  # seconds (graders/timing.py)

    @property
    def score(self) -> float:
        total = sum(t.max_points for t in self.tests)
        if self.status is not Outcome.GRADED or total <= 0:
            return 0.0
        return round(sum(t.points for t in self.tests) / total, 6)

    @property
    def passed(self) -> bool:
        return self.score == 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "kata": self.kata,
            "mode": self.mode,
            "status": self.status.value,
            "passed": self.passed,
            "score": self.score,
            "message": self.message,
            "tests": [t.to_json() for t in self.tests],
            "output": {
                "stdout": self.output.stdout,
                "stderr": self.output.stderr,
                "truncated": self.output.truncated,
                "limit_bytes": self.output.limit_bytes,
            },
            "duration_s": round(self.duration_s, 4),
            "phases_ms": as_ms(self.phases),
        }


def _jsonable(value: Any) -> Any:
    """Diagnostics as strict JSON: NumPy scalars to Python, non-finite floats to strings."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "tolist"):  # NumPy scalar or array
        return _jsonable(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # 'nan', 'inf', '-inf'
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
