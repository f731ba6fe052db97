"""The review as files: JSON data (also the API's review field) and a Markdown report."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from api.interviews.review import RUBRIC, RUBRIC_TITLES, Review, RubricEntry


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
