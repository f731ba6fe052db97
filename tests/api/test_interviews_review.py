"""The interview domain without a database: the timer, the review, the exports."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from api.interviews.domain import Attempt, State, Timing
from api.interviews.export import to_json, to_markdown
from api.interviews.review import Review, RubricEntry, parse_rubric, review_kata

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_timer_states() -> None:
    t = Timing(duration_s=3600)
    assert t.state(T0) is State.NOT_STARTED and t.deadline() is None
    assert t.work_refusal(T0) and t.start_refusal(T0) is None
    started = Timing(3600, started_at=T0)
    assert started.state(at(59)) is State.IN_PROGRESS
    assert started.seconds_left(at(59)) == 60.0
    assert started.work_refusal(at(59)) is None
    assert started.state(at(60)) is State.FINISHED and started.seconds_left(at(60)) is None
    assert "time is up" in (started.work_refusal(at(61)) or "")
    extended = Timing(3600, extra_s=600, started_at=T0)
    assert extended.state(at(65)) is State.IN_PROGRESS and extended.deadline() == at(70)
    assert Timing(3600, started_at=T0, ended_at=at(5)).state(at(6)) is State.FINISHED
    assert Timing(3600, started_at=T0, revoked_at=at(1)).state(at(2)) is State.REVOKED


def test_opening_window() -> None:
    t = Timing(3600, opens_at=at(10), closes_at=at(20))
    assert "opens at" in (t.start_refusal(at(0)) or "")
    assert t.start_refusal(at(15)) is None
    assert t.state(at(20)) is State.EXPIRED and "expired" in (t.start_refusal(at(21)) or "")
    # once opened inside the window, the window no longer matters: the deadline does
    assert Timing(3600, opens_at=at(10), closes_at=at(20), started_at=at(19)).state(
        at(30)) is State.IN_PROGRESS


def report(score: float, passed: bool) -> dict:  # type: ignore[type-arg]
    return {"score": score, "tests": [
        {"name": "shapes", "status": "pass", "points": 1, "max_points": 1, "visible": True,
         "message": ""},
        {"name": "hidden_masks", "status": "pass" if passed else "fail",
         "points": 1 if passed else 0, "max_points": 1, "visible": False,
         "message": "" if passed else "wrong | mask"}]}


def test_review_aggregates_attempts() -> None:
    attempts = [
        Attempt("c", "submit", "done", 1.0, at(30), report(1.0, True)),
        Attempt("a", "run", "done", 0.5, at(5), report(0.5, False)),
        Attempt("b", "submit", "done", 0.5, at(10), report(0.5, False)),
        Attempt("d", "submit", "done", 0.5, at(40), report(0.5, False)),
        Attempt("e", "submit", "error", None, at(41), None),
    ]
    k = review_kata("attention", "Attention", attempts, T0, "I scaled by sqrt(d).", 7)
    assert (k.runs, k.submissions) == (1, 4)
    assert k.best_score == 1.0 and k.final_score == 0.5
    assert k.first_full_pass_s == 30 * 60
    assert k.checks_from == "submit" and [c.status for c in k.checks] == ["pass", "fail"]
    empty = review_kata("x", "X", [], None, "", 0)
    assert empty.best_score is None and empty.first_full_pass_s is None and not empty.checks


def test_exports() -> None:
    k = review_kata("attention", "Attention", [
        Attempt("c", "submit", "done", 1.0, at(12), report(1.0, True))], T0,
        "Stable softmax:\n\nsubtract the max.", 3)
    rubric = parse_rubric({"correctness": {"score": 4, "notes": "all | hidden pass"}})
    assert rubric["testing"] == RubricEntry()
    review = Review("iv1", "Ada", "ada@example.org", "alice", State.FINISHED, T0, at(60), 3600,
                    (k,), rubric)
    md = to_markdown(review)
    assert md.startswith("# Interview review: Ada")
    assert "| 100 % | 100 % | 0 | 1 | 12 min 00 s | 3 |" in md
    assert "> Stable softmax:\n>\n> subtract the max." in md
    assert "| Correctness | 4 | all \\| hidden pass |" in md
    assert "`hidden_masks` (hidden) | pass" in md
    data = json.loads(json.dumps(to_json(review)))
    assert data["katas"][0]["first_full_pass_s"] == 720
    assert data["rubric"]["correctness"] == {"score": 4, "notes": "all | hidden pass"}
    assert data["candidate"] == {"name": "Ada", "email": "ada@example.org"}
