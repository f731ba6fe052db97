"""From stored interviews to what the routes answer: summaries, progress, the review."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.interviews.review import Review, State, parse_rubric, review_kata
from api.interviews.store import Interview, InterviewStore
from api.library import KataLibrary
from katagrad.errors import KataNotFound


def title(katas: KataLibrary, kata_id: str) -> str:
    try:
        return katas.get(kata_id).title
    except KataNotFound:  # a kata removed since the interview was created
        return kata_id


def build_review(store: InterviewStore, katas: KataLibrary, iv: Interview, interviewer: str,
                 now: datetime) -> Review:
    attempts = store.attempts(iv.id)
    counts = store.snapshot_counts(iv.id)
    t = iv.timing
    state = t.state(now)
    return Review(
        interview_id=iv.id, candidate_name=iv.candidate_name,
        candidate_email=iv.candidate_email, interviewer=interviewer, state=state,
        started_at=t.started_at, ended_at=t.ended() if state is State.FINISHED else None,
        duration_s=t.duration_s + t.extra_s,
        katas=tuple(review_kata(k, title(katas, k), attempts.get(k, []), t.started_at,
                                iv.explanations.get(k, ""), counts.get(k, 0))
                    for k in iv.kata_ids),
        rubric=parse_rubric(iv.rubric))


def summary(store: InterviewStore, katas: KataLibrary, iv: Interview,
            now: datetime) -> dict[str, Any]:
    """The dashboard row: state, time left, live progress per kata."""
    t = iv.timing
    attempts = store.attempts(iv.id)
    progress = []
    for k in iv.kata_ids:
        mine = attempts.get(k, [])
        scores = [a.score for a in mine if a.mode == "submit" and a.score is not None]
        progress.append({"kata_id": k, "title": title(katas, k),
                         "runs": sum(a.mode == "run" for a in mine),
                         "submissions": sum(a.mode == "submit" for a in mine),
                         "best_score": max(scores) if scores else None})
    return {"id": iv.id, "candidate_name": iv.candidate_name,
            "candidate_email": iv.candidate_email, "state": t.state(now).value,
            "kata_ids": list(iv.kata_ids), "duration_s": t.duration_s, "extra_s": t.extra_s,
            "opens_at": t.opens_at, "closes_at": t.closes_at, "created_at": iv.created_at,
            "started_at": t.started_at, "deadline": t.deadline(),
            "seconds_left": t.seconds_left(now), "progress": progress}
