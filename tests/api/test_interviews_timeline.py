"""The review's timeline without a database: Run/Submit/Scratch markers with the named bug
of the first failing check, bugs met in order (and when fixed), paste and focus signals, the
summary line and the exports' counts."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from api.interviews.domain import Attempt, ScratchRun, Signal, SignalKind, State
from api.interviews.export import summary_text, to_html, to_json, to_markdown
from api.interviews.review import BugSpan, Review, review_kata

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def report(*checks: tuple[str, str, str | None]) -> dict[str, Any]:
    """(name, status, confirmed bug) per check."""
    return {"tests": [{"name": n, "status": st, "points": 1.0 if st == "pass" else 0.0,
                       "max_points": 1.0, "visible": True, "message": "",
                       "diagnostics": {"confirmed_bug": bug} if bug else {}}
                      for n, st, bug in checks]}


def attempt(i: int, minutes: float, mode: str, score: float | None,
            rep: dict[str, Any] | None) -> Attempt:
    return Attempt(f"s{i}", mode, "done", score, at(minutes), rep)


SCRATCH = [ScratchRun(1, "vae", at(3), "print(1)", "ok", "exited with status 0", 0, 0.2,
                      "1\n", "", 0)]
ATTEMPTS = [
    attempt(2, 5, "run", 0.5, report(("shape", "pass", None), ("kl", "fail", "KL sign wrong"))),
    attempt(3, 8, "submit", 0.25, report(("kl", "fail", "KL sign wrong"),
                                         ("hidden", "fail", "no reparameterisation"))),
    attempt(4, 12, "run", 1.0, report(("shape", "pass", None), ("kl", "pass", None))),
    attempt(5, 14, "submit", 1.0, report(("kl", "pass", None), ("hidden", "pass", None))),
]
SIGNALS = [Signal("vae", at(6), SignalKind.PASTE, 5000, "x" * 4096),
           Signal("vae", at(9), SignalKind.AWAY, away_s=42.5),
           Signal("vae", at(2), SignalKind.PASTE, 12, "import torch")]


def kata() -> Any:
    return review_kata("vae", "VAE", ATTEMPTS, T0, "", 3, "code", scratch=SCRATCH,
                       signals=SIGNALS)


def test_timeline_marks_name_the_bug_of_the_first_failing_check() -> None:
    k = kata()
    assert [(m.at_s, m.mode, m.score, m.failed) for m in k.timeline] == [
        (300.0, "run", 0.5, "KL sign wrong"),
        (480.0, "submit", 0.25, "KL sign wrong"),
        (720.0, "run", 1.0, None),
        (840.0, "submit", 1.0, None)]
    assert [(m.at_s, m.kind, m.message) for m in k.scratch] == [
        (180.0, "scratch", "exited with status 0")]
    assert k.runs == 2 and k.submissions == 2  # a scratch run is neither
    assert k.first_run_s == 300.0 and k.first_full_pass_s == 840.0


def test_bugs_in_the_order_met_with_when_fixed() -> None:
    # the KL bug goes at the 12:00 run (the mode that found it); the hidden one only at the
    # 14:00 submit, since a Run never runs hidden checks
    assert kata().bugs == (BugSpan("KL sign wrong", 300.0, 720.0),
                           BugSpan("no reparameterisation", 480.0, 840.0))
    assert summary_text(kata()) == ("first run 05:00 · first full pass 14:00 · bugs met: "
                                    "KL sign wrong (05:00 → fixed 12:00), "
                                    "no reparameterisation (08:00 → fixed 14:00)")
    unfixed = review_kata("vae", "VAE", ATTEMPTS[:2], T0, "", 0)
    assert [b.fixed_s for b in unfixed.bugs] == [None, None]
    assert "not fixed" in summary_text(unfixed)


def test_signals_are_counted_and_ordered() -> None:
    k = kata()
    assert [(s.at_s, s.kind) for s in k.signals] == [(120.0, "paste"), (360.0, "paste"),
                                                     (540.0, "away")]
    assert (k.pastes, k.pasted_chars, k.away, k.away_s) == (2, 5012, 1, 42.5)


def review() -> Review:
    return Review("iv1", "Ada", "", "alice", State.FINISHED, T0, at(60), 3600, (kata(),))


def test_exports_carry_the_timeline_signals_and_summary() -> None:
    md = to_markdown(review())
    assert "2 pastes (5012 characters)" in md and "left the page 1 time" in md
    lines = [line for line in md.splitlines() if re.match(r"- \d\d:\d\d ", line)]
    assert [line[2:7] for line in lines] == ["02:00", "03:00", "05:00", "06:00", "08:00",
                                             "09:00", "12:00", "14:00"]  # merged in time order
    assert "first failing: KL sign wrong" in md and "paste · 5000 characters" in md
    data = json.loads(json.dumps(to_json(review())))
    k = data["katas"][0]
    assert k["pastes"] == 2 and k["away"] == 1 and len(k["signals"]) == 3
    assert k["summary"].startswith("first run 05:00")
    assert k["bugs"][0] == {"bug": "KL sign wrong", "first_s": 300.0, "fixed_s": 720.0}
    html = to_html(review())
    assert "left the page · 0 min 42 s" in html or "left the page · 0 min 43 s" in html
    assert "Integrity signals: 2 pastes" in html
