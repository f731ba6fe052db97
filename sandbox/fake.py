"""A sandbox that runs nothing: it answers each request with a given outcome (for tests).

Like httpx's MockTransport, it ships beside the interface it implements, so that tests of
the grading pipeline and of the service need no real box and no canned class of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sandbox.base import LimitHit, RunOutcome, RunRequest

Handler = Callable[[RunRequest], RunOutcome]


def outcome(outputs: dict[str, bytes] | None = None, *, exit_code: int | None = 0,
            signal: int | None = None, limit: LimitHit | None = None, stdout: bytes = b"",
            stderr: bytes = b"", wall_s: float = 0.1) -> RunOutcome:
    """A RunOutcome with quiet defaults: exit 0, no output, the given result files."""
    return RunOutcome(exit_code, signal, limit, stdout, stderr, False, outputs or {}, wall_s)


@dataclass
class FakeSandbox:
    """Answers every run with `handler(request)` (or a fixed outcome) and remembers requests."""

    answer: RunOutcome | Handler = field(default_factory=outcome)
    name: str = "fake"
    isolation: str = "none (a fake sandbox: nothing runs)"
    requests: list[RunRequest] = field(default_factory=list)
    closed: bool = False

    def run(self, request: RunRequest) -> RunOutcome:
        self.requests.append(request)
        return self.answer(request) if callable(self.answer) else self.answer

    def check(self) -> None:
        return None

    def status(self) -> dict[str, object] | None:
        return None

    def warm_up(self) -> None:
        return None  # nothing lives between runs

    def close(self) -> None:
        self.closed = True
