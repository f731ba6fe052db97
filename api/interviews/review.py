"""The interview's domain, pure: the timer (server time only), the review of what the
candidate did, and its export as Markdown and JSON. No database, no HTTP."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

RUBRIC = ("correctness", "code_quality", "testing", "communication")
RUBRIC_TITLES = {"correctness": "Correctness", "code_quality": "Code quality",
                 "testing": "Testing", "communication": "Communication"}


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
        if st is State.FINISHED:
            return (f"time is up: the interview ended at {_iso(self.ended())}; "
                    "nothing more is accepted")
        if st is State.NOT_STARTED:
            return self.start_refusal(now) or "open the interview first; the timer starts then"
        return self.start_refusal(now)


def _iso(dt: datetime | None) -> str:
    return dt.isoformat(timespec="seconds") if dt else "?"


@dataclass(frozen=True)
class Attempt:
    """One run or submit of an interview kata (a row of the shared submissions table)."""

    id: str
    mode: str  # run | submit
    status: str  # queued | running | done | error
    score: float | None
    created_at: datetime
    report: dict[str, Any] | None


@dataclass(frozen=True)
class Verdict:
    name: str
    status: str
    points: float
    max_points: float
    visible: bool
    message: str


@dataclass(frozen=True)
class KataReview:
    kata_id: str
    title: str
    runs: int
    submissions: int
    best_score: float | None
    final_score: float | None
    first_full_pass_s: float | None  # from the start of the round to the first 100 % submit
    checks: tuple[Verdict, ...]  # of the final submission (else the final run)
    checks_from: str | None  # "submit" | "run" | None
    explanation: str
    snapshots: int


@dataclass(frozen=True)
class RubricEntry:
    score: int | None = None  # 1..4
    notes: str = ""


@dataclass(frozen=True)
class Review:
    interview_id: str
    candidate_name: str
    candidate_email: str
    interviewer: str
    state: State
    started_at: datetime | None
    ended_at: datetime | None
    duration_s: int
    katas: tuple[KataReview, ...]
    rubric: dict[str, RubricEntry] = field(default_factory=dict)


def review_kata(kata_id: str, title: str, attempts: list[Attempt], started_at: datetime | None,
                explanation: str, snapshots: int) -> KataReview:
    """Aggregate one kata's attempts (any order) into its review."""
    attempts = sorted(attempts, key=lambda a: (a.created_at, a.id))
    graded = [a for a in attempts if a.status == "done" and a.score is not None]
    submits = [a for a in graded if a.mode == "submit"]
    runs = [a for a in graded if a.mode == "run"]
    full = [a for a in submits if a.score == 1.0]
    first_pass = None
    if full and started_at is not None:
        first_pass = max(0.0, (full[0].created_at - started_at).total_seconds())
    final = submits[-1] if submits else (runs[-1] if runs else None)
    checks: tuple[Verdict, ...] = ()
    if final is not None and final.report is not None:
        checks = tuple(Verdict(t["name"], t["status"], float(t.get("points", 0.0)),
                               float(t.get("max_points", 0.0)), bool(t.get("visible", True)),
                               str(t.get("message", "")))
                       for t in final.report.get("tests", []))
    return KataReview(
        kata_id=kata_id, title=title,
        runs=sum(a.mode == "run" for a in attempts),
        submissions=sum(a.mode == "submit" for a in attempts),
        best_score=max((a.score for a in submits if a.score is not None), default=None),
        final_score=submits[-1].score if submits else None,
        first_full_pass_s=first_pass, checks=checks,
        checks_from=final.mode if final is not None else None,
        explanation=explanation, snapshots=snapshots)


def parse_rubric(data: dict[str, Any]) -> dict[str, RubricEntry]:
    """Stored rubric JSON -> entries for every criterion (missing ones empty)."""
    out = {}
    for key in RUBRIC:
        raw = data.get(key) or {}
        out[key] = RubricEntry(raw.get("score"), str(raw.get("notes", "")))
    return out


def to_json(review: Review) -> dict[str, Any]:
    """The review as plain JSON data (the export and the API's review field)."""
    def ts(dt: datetime | None) -> str | None:
        return dt.isoformat() if dt else None

    return {
        "version": 1,
        "interview_id": review.interview_id,
        "candidate": {"name": review.candidate_name, "email": review.candidate_email},
        "interviewer": review.interviewer,
        "state": review.state.value,
        "started_at": ts(review.started_at), "ended_at": ts(review.ended_at),
        "duration_s": review.duration_s,
        "katas": [{**asdict(k), "checks": [asdict(c) for c in k.checks]} for k in review.katas],
        "rubric": {k: asdict(v) for k, v in review.rubric.items()},
    }


def _pct(score: float | None) -> str:
    return "—" if score is None else f"{round(score * 100, 1):g} %"


def _dur(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")[:200]


def to_markdown(review: Review) -> str:
    """The review as a Markdown report, for pasting into a hiring packet."""
    who = review.candidate_name or "(unnamed candidate)"
    lines = [f"# Interview review: {who}", ""]
    if review.candidate_email:
        lines.append(f"- Email: {review.candidate_email}")
    lines += [f"- Interviewer: {review.interviewer}", f"- State: {review.state.value}",
              f"- Started: {review.started_at.isoformat() if review.started_at else '—'}",
              f"- Ended: {review.ended_at.isoformat() if review.ended_at else '—'}",
              f"- Duration: {review.duration_s // 60} min", ""]
    for k in review.katas:
        lines += [f"## {k.title} (`{k.kata_id}`)", "",
                  "| Best score | Final score | Runs | Submissions | First full pass | Snapshots |",
                  "|---|---|---|---|---|---|",
                  f"| {_pct(k.best_score)} | {_pct(k.final_score)} | {k.runs} | {k.submissions} "
                  f"| {_dur(k.first_full_pass_s)} | {k.snapshots} |", ""]
        if k.checks:
            lines += [f"Checks of the final {k.checks_from}:", "",
                      "| Check | Verdict | Points | Message |", "|---|---|---|---|"]
            lines += [f"| `{c.name}`{'' if c.visible else ' (hidden)'} | {c.status} "
                      f"| {c.points:g}/{c.max_points:g} | {_cell(c.message)} |" for c in k.checks]
            lines.append("")
        lines += ["### Explanation", ""]
        text = k.explanation.strip()
        lines += [("> " + line) if line else ">" for line in text.splitlines()] if text \
            else ["_(none written)_"]
        lines.append("")
    lines += ["## Rubric", "", "| Criterion | Score (1–4) | Notes |", "|---|---|---|"]
    for key in RUBRIC:
        e = review.rubric.get(key, RubricEntry())
        lines.append(f"| {RUBRIC_TITLES[key]} | {e.score if e.score is not None else '—'} "
                     f"| {_cell(e.notes)} |")
    return "\n".join(lines) + "\n"
