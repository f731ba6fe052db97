"""The round's integrity in the database: which browser holds each round (one browser per
invite, released by the interviewer) and the paste and focus signals the candidate's page
sends with its snapshots."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from api.interviews.domain import PASTE_TEXT_CAP, Signal, SignalKind, State, Timing, now
from api.interviews.models import InterviewKataRow, InterviewRow, SignalRow


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


class IntegrityStore:
    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def _s(self) -> Session:
        return self._sessions()

    def claim(self, interview_id: str, client_id: str) -> None:
        """This browser holds the round, unless another already does (then nothing changes)."""
        with self._s() as s, s.begin():
            s.execute(update(InterviewRow).where(InterviewRow.id == interview_id,
                                                 InterviewRow.holder_client.is_(None))
                      .values(holder_client=client_id))

    def release(self, interview_id: str) -> None:
        """Free the round: the next browser that opens the link holds it."""
        with self._s() as s, s.begin():
            s.execute(update(InterviewRow).where(InterviewRow.id == interview_id)
                      .values(holder_client=None))

    def round_katas(self, client_id: str) -> set[str]:
        """The katas of every round in progress that this browser holds."""
        with self._s() as s:
            rows = list(s.scalars(select(InterviewRow).where(
                InterviewRow.holder_client == client_id, InterviewRow.started_at.is_not(None),
                InterviewRow.ended_at.is_(None), InterviewRow.revoked_at.is_(None))))
            live = [r.id for r in rows
                    if Timing(r.duration_s, r.extra_s, started_at=_utc(r.started_at))  # type: ignore[arg-type]
                    .state(now()) is State.IN_PROGRESS]
            return set(s.scalars(select(InterviewKataRow.kata_id)
                                 .where(InterviewKataRow.interview_id.in_(live))))

    def add_signals(self, interview_id: str, signals: list[Signal]) -> None:
        with self._s() as s, s.begin():
            s.add_all(SignalRow(interview_id=interview_id, kata_id=g.kata_id, at=g.at,
                                kind=g.kind.value, chars=g.chars,
                                text=g.text[:PASTE_TEXT_CAP], away_s=g.away_s)
                      for g in signals)

    def signals(self, interview_id: str) -> list[Signal]:
        """Every signal of the round, in the order they happened."""
        with self._s() as s:
            rows = s.scalars(select(SignalRow).where(SignalRow.interview_id == interview_id)
                             .order_by(SignalRow.at, SignalRow.id))
            return [Signal(r.kata_id, _utc(r.at), SignalKind(r.kind), r.chars, r.text, r.away_s)
                    for r in rows]
