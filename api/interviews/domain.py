"""The interview's domain objects and its one rule set, pure: who, what, and the timer
(server time only) that decides what is accepted when. No database, no HTTP."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any


def now() -> datetime:
    """The only clock interviews use."""
    return datetime.now(UTC)


class State(StrEnum):
    NOT_STARTED = "not_started"  # invite sent, never opened (or its window is not open yet)
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"  # deadline passed or the candidate finished early
    EXPIRED = "expired"  # the opening window closed before the candidate opened it
    REVOKED = "revoked"


@dataclass(frozen=True)
class Timing:
    duration_s: int
    extra_s: int = 0
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    revoked_at: datetime | None = None

    def deadline(self) -> datetime | None:
        """When runs and submissions stop being accepted; None before the first open."""
        if self.started_at is None:
            return None
        return self.started_at + timedelta(seconds=self.duration_s + self.extra_s)

    def state(self, now: datetime) -> State:
        if self.revoked_at is not None:
            return State.REVOKED
        if self.started_at is None:
            if self.closes_at is not None and now >= self.closes_at:
                return State.EXPIRED
            return State.NOT_STARTED
        deadline = self.deadline()
        assert deadline is not None
        if self.ended_at is not None or now >= deadline:
            return State.FINISHED
        return State.IN_PROGRESS

    def seconds_left(self, now: datetime) -> float | None:
        """Seconds until the deadline while in progress, else None."""
        if self.state(now) is not State.IN_PROGRESS:
            return None
        deadline = self.deadline()
        assert deadline is not None
        return max(0.0, (deadline - now).total_seconds())

    def ended(self) -> datetime | None:
        """When the round ended: the early finish, else the deadline."""
        return self.ended_at or self.deadline()

    @property
    def finished_early(self) -> bool:
        """The candidate pressed Finish (rather than running out of time)."""
        return self.ended_at is not None

    def start_refusal(self, now: datetime) -> str | None:
        """Why the candidate may not open (start) it now, or None."""
        st = self.state(now)
        if st is State.REVOKED:
            return "this interview was cancelled by the interviewer"
        if st is State.EXPIRED:
            return "this invitation has expired"
        if st is State.NOT_STARTED and self.opens_at is not None and now < self.opens_at:
            return f"this interview opens at {_iso(self.opens_at)}"
        return None

    def work_refusal(self, now: datetime) -> str | None:
        """Why runs, submissions, snapshots and explanations are refused now, or None."""
        st = self.state(now)
        if st is State.IN_PROGRESS:
            return None
        if st is State.FINISHED and self.finished_early:
            return (f"you finished the interview at {_iso(self.ended_at)}; "
                    "nothing more is accepted")
        if st is State.FINISHED:
            return (f"time is up: the interview ended at {_iso(self.ended())}; "
                    "nothing more is accepted")
        if st is State.NOT_STARTED:
            return self.start_refusal(now) or "open the interview first; the timer starts then"
        return self.start_refusal(now)


def _iso(dt: datetime | None) -> str:
    return dt.isoformat(timespec="seconds") if dt else "?"



LOCKOUT_AFTER = 5  # consecutive failed sign-ins for one name before it is locked
LOCKOUT_FIRST_S = 30.0  # the first lock; each further failure doubles it
LOCKOUT_MAX_S = 3600.0


def lockout_s(failures: int) -> float:
    """How long a name is locked after this many consecutive failures (0: not locked)."""
    if failures < LOCKOUT_AFTER:
        return 0.0
    return min(LOCKOUT_MAX_S, LOCKOUT_FIRST_S * 2.0 ** min(failures - LOCKOUT_AFTER, 20))


@dataclass(frozen=True)
class Dimension:
    """One rubric criterion of a round: scored 1..scale, with notes."""

    key: str
    name: str
    description: str = ""
    scale: int = 4


DEFAULT_RUBRIC = (
    Dimension("correctness", "Correctness", "right results, hidden checks and edge cases"),
    Dimension("code_quality", "Code quality", "clear, idiomatic, vectorised where it matters"),
    Dimension("testing", "Testing", "checks shapes and cases of their own"),
    Dimension("communication", "Communication", "explains choices and trade-offs"),
)


def dimensions_from_json(text: str) -> tuple[Dimension, ...]:
    """A stored rubric spec; empty means the default rubric."""
    if not text:
        return DEFAULT_RUBRIC
    return tuple(Dimension(**d) for d in json.loads(text))


def dimensions_to_json(dims: tuple[Dimension, ...]) -> str:
    return "" if dims == DEFAULT_RUBRIC else json.dumps([asdict(d) for d in dims])


@dataclass(frozen=True)
class Template:
    """A saved round setup, reused when creating interviews."""

    id: str
    name: str
    kata_ids: tuple[str, ...]
    duration_s: int
    dimensions: tuple[Dimension, ...]
    created_at: datetime


@dataclass(frozen=True)
class Interviewer:
    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class Interview:
    id: str
    interviewer_id: str
    candidate_name: str
    candidate_email: str
    timing: Timing
    created_at: datetime
    kata_ids: tuple[str, ...]
    explanations: dict[str, str]
    rubric: dict[str, Any]
    dimensions: tuple[Dimension, ...] = DEFAULT_RUBRIC
    variants: dict[str, str] = field(default_factory=dict)  # kata id -> variant pinned for it
    holder: str | None = None  # the client id of the browser that holds the round

    def held_by_other(self, client_id: str) -> bool:
        """Another browser holds the round (one browser per invite)."""
        return self.holder is not None and self.holder != client_id


@dataclass(frozen=True)
class Snapshot:
    id: int
    kata_id: str
    at: datetime
    source: str
    code: str


class SignalKind(StrEnum):
    PASTE = "paste"  # text pasted into the editor
    AWAY = "away"  # the page lost focus (another tab or window) and came back


PASTE_TEXT_CAP = 4096  # characters of a paste kept


@dataclass(frozen=True)
class Signal:
    """An integrity signal the candidate's page recorded (and told the candidate it records)."""

    kata_id: str
    at: datetime
    kind: SignalKind
    chars: int = 0  # a paste's full size
    text: str = ""  # a paste's text, at most PASTE_TEXT_CAP characters
    away_s: float = 0.0  # how long the page was left


@dataclass(frozen=True)
class Attempt:
    """One run or submit of an interview kata (a row of the shared submissions table)."""

    id: str
    mode: str  # run | submit | scratch
    status: str  # queued | running | done | error
    score: float | None
    created_at: datetime
    report: dict[str, Any] | None



SCRATCH_OUTPUT_CHARS = 4000  # of a scratch run's stdout and of its stderr, kept for the review


@dataclass(frozen=True)
class ScratchRun:
    """One scratch run in a round (code and output, no figures), for the timeline."""

    id: int
    kata_id: str
    at: datetime
    code: str
    status: str  # graders.scratch.ScratchStatus
    message: str
    exit_code: int | None
    wall_s: float
    stdout: str
    stderr: str
    figures: int  # how many figures it showed the candidate (not kept)
