"""The review of what the candidate did, pure: per-kata aggregates of runs and submissions,
the live progress the dashboard shows, and the rubric. No database, no HTTP."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from api.interviews.domain import (
    DEFAULT_RUBRIC,
    Attempt,
    Dimension,
    Interview,
    ScratchRun,
    Signal,
    SignalKind,
    State,
)
from graders.parts import part_key

if TYPE_CHECKING:
    from api.parts import PartState


@dataclass(frozen=True)
class Verdict:
    name: str
    status: str
    points: float
    max_points: float
    visible: bool
    message: str


@dataclass(frozen=True)
class Mark:
    """One graded Run or Submit (or a Scratch run) on the timeline."""

    at_s: float | None  # from the start of the round
    mode: str  # run | submit | scratch
    score: float | None  # None: a scratch run (not graded)
    failed: str | None  # the first failing check's named bug (else its name); None: all pass


@dataclass(frozen=True)
class ScratchMark:
    """One scratch run on the timeline: the code it ran and what it printed (no figures)."""

    at_s: float | None  # from the start of the round
    kind: str  # always "scratch": a timeline entry beside the Marks of runs and submits
    status: str  # ok | failed | limit | rejected | error
    message: str
    exit_code: int | None
    wall_s: float
    stdout: str
    stderr: str
    figures: int
    code: str


@dataclass(frozen=True)
class PartReview:
    """One part of a kata with follow-up parts (graders/parts.py, api/parts.py)."""

    part: int
    title: str
    unlocked_by: str | None  # start | passed | interviewer; None: still locked
    unlocked_at_s: float | None  # from the start of the round
    runs: int
    submissions: int
    best_score: float | None
    final_score: float | None
    first_full_pass_s: float | None


@dataclass(frozen=True)
class SignalMark:
    """A paste or a time away from the page, on the timeline."""

    at_s: float | None
    kind: str  # paste | away
    chars: int = 0
    text: str = ""
    away_s: float = 0.0


@dataclass(frozen=True)
class BugSpan:
    """A named bug the grader confirmed: when it first showed, when it stopped showing."""

    bug: str
    first_s: float | None
    fixed_s: float | None  # the first later graded attempt without it; None: never fixed


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
    final_code: str = ""  # the editor's last snapshot
    timeline: tuple[Mark, ...] = ()
    variant: str = ""  # the kata variant pinned for this candidate, in words ("": none)
    scratch: tuple[ScratchMark, ...] = ()  # the candidate's scratch runs, oldest first
    parts: tuple[PartReview, ...] = ()  # every part, when the kata has follow-up parts
    first_run_s: float | None = None  # from the start of the round to the first Run/Submit
    bugs: tuple[BugSpan, ...] = ()  # confirmed bugs, in the order they were met
    signals: tuple[SignalMark, ...] = ()
    pastes: int = 0
    pasted_chars: int = 0
    away: int = 0  # times the page lost focus
    away_s: float = 0.0


@dataclass(frozen=True)
class RubricEntry:
    score: int | None = None  # 1..the dimension's scale
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
    dimensions: tuple[Dimension, ...] = DEFAULT_RUBRIC


def _bug(test: dict[str, Any]) -> str | None:
    """The named bug of a failing check: the grader's confirmed one, else the comparison's."""
    diagnostics = test.get("diagnostics") or {}
    bug = diagnostics.get("confirmed_bug") or diagnostics.get("bug")
    return str(bug) if bug else None


def _first_failure(report: dict[str, Any] | None) -> str | None:
    for t in (report or {}).get("tests", []):
        if t.get("status") != "pass":
            return _bug(t) or str(t.get("name", "?"))
    return None


def _bugs(report: dict[str, Any] | None) -> list[str]:
    return [b for t in (report or {}).get("tests", [])
            if t.get("status") != "pass" and (b := _bug(t))]


def bug_spans(graded: list[tuple[float | None, str, dict[str, Any] | None]],
              ) -> tuple[BugSpan, ...]:
    """Named bugs in the order met (from (at, mode, report) of graded attempts, oldest first),
    each with when it was first seen and when it went away: a later Submit without it, or a
    later attempt of the mode that found it (a Run never runs the hidden checks)."""
    spans: dict[str, tuple[float | None, str, float | None]] = {}
    for at, mode, report in graded:
        found = _bugs(report)
        for bug in found:
            first, first_mode, _ = spans.get(bug, (at, mode, None))
            spans[bug] = (first, first_mode, None)  # seen (again): not fixed
        for bug, (first, first_mode, fixed) in spans.items():
            if bug not in found and fixed is None and mode in ("submit", first_mode):
                spans[bug] = (first, first_mode, at)
    return tuple(BugSpan(bug, first, fixed) for bug, (first, _, fixed) in spans.items())


def _since(at: datetime, started_at: datetime | None) -> float | None:
    return None if started_at is None else max(0.0, (at - started_at).total_seconds())


def scratch_marks(runs: list[ScratchRun], started_at: datetime | None
                  ) -> tuple[ScratchMark, ...]:
    """A kata's scratch runs as timeline entries, oldest first."""
    return tuple(ScratchMark(_since(r.at, started_at), "scratch", r.status, r.message,
                             r.exit_code, r.wall_s, r.stdout, r.stderr, r.figures, r.code)
                 for r in sorted(runs, key=lambda r: (r.at, r.id)))


def signal_marks(signals: list[Signal], started_at: datetime | None) -> tuple[SignalMark, ...]:
    return tuple(SignalMark(_since(g.at, started_at), g.kind.value, g.chars, g.text, g.away_s)
                 for g in sorted(signals, key=lambda g: g.at))


def review_kata(kata_id: str, title: str, attempts: list[Attempt], started_at: datetime | None,
                explanation: str, snapshots: int, final_code: str = "",
                variant: str = "",
                scratch: list[ScratchRun] | None = None,
                signals: list[Signal] | None = None) -> KataReview:
    """Aggregate one kata's attempts (any order), scratch runs and signals into its review."""
    attempts = sorted(attempts, key=lambda a: (a.created_at, a.id))
    signals = signals or []
    pastes = [g for g in signals if g.kind is SignalKind.PASTE]
    aways = [g for g in signals if g.kind is SignalKind.AWAY]
    tried = [a for a in attempts if a.mode in ("run", "submit")]
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
        explanation=explanation, snapshots=snapshots, final_code=final_code, variant=variant,
        timeline=tuple(Mark(_since(a.created_at, started_at), a.mode, a.score,
                            _first_failure(a.report))
                       for a in graded),
        scratch=scratch_marks(scratch or [], started_at),
        first_run_s=_since(tried[0].created_at, started_at) if tried else None,
        bugs=bug_spans([(_since(a.created_at, started_at), a.mode, a.report)
                        for a in graded if a.mode in ("run", "submit")]),
        signals=signal_marks(signals, started_at),
        pastes=len(pastes), pasted_chars=sum(g.chars for g in pastes),
        away=len(aways), away_s=round(sum(g.away_s for g in aways), 1))


def parse_rubric(data: dict[str, Any],
                 dimensions: tuple[Dimension, ...] = DEFAULT_RUBRIC) -> dict[str, RubricEntry]:
    """Stored rubric JSON -> entries for every criterion of the round (missing ones empty)."""
    out = {}
    for key in (d.key for d in dimensions):
        raw = data.get(key) or {}
        out[key] = RubricEntry(raw.get("score"), str(raw.get("notes", "")))
    return out


def review_parts(kata_id: str, states: list[PartState], attempts: dict[str, list[Attempt]],
                 started_at: datetime | None) -> tuple[PartReview, ...]:
    """Per-part scores and unlock times of one kata; () for a kata of one part."""
    if len(states) < 2:
        return ()
    out = []
    for st in states:
        key = part_key(kata_id, st.part)
        r = review_kata(key, st.title, attempts.get(key, []), started_at, "", 0)
        at = (None if st.unlocked_at is None or started_at is None
              else max(0.0, (st.unlocked_at - started_at).total_seconds()))
        out.append(PartReview(st.part, st.title,
                              st.unlocked_by.value if st.unlocked_by else None, at, r.runs,
                              r.submissions, r.best_score, r.final_score, r.first_full_pass_s))
    return tuple(out)


def build_review(iv: Interview, attempts: dict[str, list[Attempt]], snapshots: dict[str, int],
                 title: Callable[[str], str], interviewer: str, now: datetime,
                 final_code: dict[str, str] | None = None,
                 variant: Callable[[str, str], str] | None = None,
                 scratch: dict[str, list[ScratchRun]] | None = None,
                 parts: dict[str, list[PartState]] | None = None,
                 signals: list[Signal] | None = None) -> Review:
    """The whole review of one interview from its attempts, snapshot counts, scratch runs and
    signals per kata; `variant(kata id, name)` describes a pinned variant in words. Attempts of
    a follow-up part are under its key, `id@n`; `parts` has each kata's unlock state."""
    describe = variant or (lambda kata_id, name: name)
    t = iv.timing
    state = t.state(now)
    parts = parts or {}
    return Review(
        interview_id=iv.id, candidate_name=iv.candidate_name,
        candidate_email=iv.candidate_email, interviewer=interviewer, state=state,
        started_at=t.started_at, ended_at=t.ended() if state is State.FINISHED else None,
        duration_s=t.duration_s + t.extra_s,
        katas=tuple(replace(review_kata(k, title(k), attempts.get(k, []), t.started_at,
                                        iv.explanations.get(k, ""), snapshots.get(k, 0),
                                        (final_code or {}).get(k, ""),
                                        describe(k, iv.variants[k]) if k in iv.variants else "",
                                        (scratch or {}).get(k, []),
                                        [g for g in signals or [] if g.kata_id == k]),
                            parts=review_parts(k, parts.get(k, []), attempts, t.started_at))
                    for k in iv.kata_ids),
        rubric=parse_rubric(iv.rubric, iv.dimensions), dimensions=iv.dimensions)


@dataclass(frozen=True)
class Progress:
    """One kata's live progress, for the dashboard."""

    kata_id: str
    title: str
    runs: int
    submissions: int
    best_score: float | None


def progress(iv: Interview, attempts: dict[str, list[Attempt]],
             title: Callable[[str], str]) -> list[Progress]:
    """Runs, submissions and the best submitted score of each kata, in the round's order."""
    out = []
    for k in iv.kata_ids:
        mine = attempts.get(k, [])
        scores = [a.score for a in mine if a.mode == "submit" and a.score is not None]
        out.append(Progress(k, title(k), runs=sum(a.mode == "run" for a in mine),
                            submissions=sum(a.mode == "submit" for a in mine),
                            best_score=max(scores) if scores else None))
    return out
