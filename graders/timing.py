"""Where a grading's time goes: wall-clock seconds per named phase, summed per name.

    phases = Phases()
    with phases("plan"):
        ...
    report.phases  # {"static": 0.0004, "plan": 0.002, "box": ..., "run": ..., ...}

The grading pipeline (graders/grade.py) times static, plan, decode, judge and oracle; the
sandbox reports its own (box, start, run, collect, cleanup) in RunOutcome.phases; the API
worker adds store. Only for reading where the time goes (bench/, the report's phases_ms):
never a verdict's input.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager


class Phases:
    """A stopwatch with named laps."""

    def __init__(self) -> None:
        self._s: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started)

    def add(self, name: str, seconds: float) -> None:
        self._s[name] = self._s.get(name, 0.0) + seconds

    def update(self, more: Mapping[str, float]) -> None:
        for name, seconds in more.items():
            self.add(name, seconds)

    def seconds(self) -> dict[str, float]:
        return dict(self._s)


def as_ms(phases: Mapping[str, float]) -> dict[str, float]:
    """Seconds to milliseconds, rounded to tenths, for a report or a table."""
    return {name: round(1000 * s, 1) for name, s in phases.items()}
