"""The sandbox interface: `run(RunRequest) -> RunOutcome`. Backends live beside it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from sandbox.limits import Limits


class LimitHit(StrEnum):
    """Which limit ended a run early."""

    WALL = "wall"
    CPU = "cpu"
    MEMORY = "memory"
    FILE_SIZE = "file_size"
    PROCESSES = "processes"
    SCRATCH = "scratch"  # the writable scratch space (/tmp) filled up


@dataclass(frozen=True)
class RunRequest:
    """What enters the box: files by box-relative path, the limits and the runtime."""

    files: Mapping[str, bytes]
    limits: Limits
    torch: bool = False
    blocked_modules: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunOutcome:
    """What came back: exit status, capped output, and the regular files the box left in out/."""

    exit_code: int | None
    signal: int | None
    limit: LimitHit | None
    stdout: bytes
    stderr: bytes
    output_truncated: bool
    outputs: Mapping[str, bytes]
    wall_s: float
    notes: tuple[str, ...] = field(default=())
    cpu_s: float | None = None  # the run's CPU time where its cgroup measured it
    phases: Mapping[str, float] = field(default_factory=dict)  # seconds: box, run, collect


class Sandbox(Protocol):
    """A backend that runs the runner over a box of files and returns plain data.

    Callers use only what is declared here; `sandbox.fake.FakeSandbox` implements it for tests.
    """

    name: str

    @property
    def isolation(self) -> str:
        """What the backend isolates, in words (shown by /api/health and the CLI)."""
        ...

    def run(self, request: RunRequest) -> RunOutcome: ...

    def check(self) -> None:
        """Raise SandboxUnavailable if this backend cannot run here."""

    def status(self) -> dict[str, object] | None:
        """Live state worth publishing (the warm path's zygotes), or None for a stateless one."""

    def warm_up(self) -> None:
        """Start now what the backend keeps between runs (a grading worker, at boot)."""

    def close(self) -> None:
        """Release what the backend keeps between runs (warm zygotes); idempotent."""
