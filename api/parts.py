"""Follow-up parts in the service: which parts of a kata a client, or a round, has unlocked.

    practice   part n unlocks when this client's Submit of part n-1 scores 1.0 (its
               submissions inside interviews do not count)
    round      part n unlocks when the round's Submit of part n-1 scores 1.0, or when the
               interviewer unlocks it (migration 0008's `part_unlocks` table)

Part 1 is always open. A locked part's statement and stub are never sent, and a run or
submit of it is refused with PartLocked (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import DateTime, Engine, ForeignKey, Integer, Select, String, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from api.db.models import Base, SubmissionRow
from api.db.store import SubmissionStatus
from api.interviews.models import InterviewSubmissionRow
from graders.kata import Kata
from graders.parts import every_part, part_key
from katagrad.errors import KataNotFound, PartLocked


class PartUnlockRow(Base):
    """An interviewer unlocked part `part` of a kata in one round."""

    __tablename__ = "part_unlocks"

    interview_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True)
    kata_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    part: Mapped[int] = mapped_column(Integer, primary_key=True)
    unlocked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UnlockedBy(StrEnum):
    START = "start"  # part 1
    PASSED = "passed"  # the previous part's Submit scored 1.0
    INTERVIEWER = "interviewer"


@dataclass(frozen=True)
class PartState:
    """One part of a kata, for one client or one round."""

    part: int
    title: str
    unlocked_at: datetime | None  # None: locked (and always None for part 1)
    unlocked_by: UnlockedBy | None

    @property
    def unlocked(self) -> bool:
        return self.unlocked_by is not None


def requested_key(kata_id: str, part: int) -> str:
    """The key a request names; a kata id that already carries `@n` is no kata."""
    if "@" in kata_id:
        raise KataNotFound(kata_id)
    return part_key(kata_id, part)


def require_unlocked(states: list[PartState], kata_id: str, part: int) -> None:
    """PartLocked unless `part` is open; KataNotFound when the kata has no such part."""
    if not 1 <= part <= len(states):
        raise KataNotFound(part_key(kata_id, part))
    if not states[part - 1].unlocked:
        raise PartLocked(f"part {part} of {kata_id} is locked: it unlocks when part "
                         f"{part - 1} passes every check")


def _utc(dt: datetime | None) -> datetime | None:
    return dt.replace(tzinfo=UTC) if dt is not None and dt.tzinfo is None else dt


class PartUnlocks:
    """Unlock state from the database: passes are read from `submissions`, interviewer
    unlocks from `part_unlocks`."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def practice(self, client_id: str, kata: Kata) -> list[PartState]:
        """Every part of `kata` for a practising client."""
        if not kata.parts:
            return _states(kata, {}, {})
        linked = select(InterviewSubmissionRow.submission_id)
        q = (_passes(kata)
             .where(SubmissionRow.client_id == client_id, SubmissionRow.id.not_in(linked)))
        with self._sessions() as s:
            passed = {k: _utc(at) for k, at in s.execute(q).all()}
        return _states(kata, passed, {})

    def interview(self, interview_id: str, kata: Kata) -> list[PartState]:
        """Every part of `kata` in one round."""
        if not kata.parts:
            return _states(kata, {}, {})
        q = (_passes(kata)
             .join(InterviewSubmissionRow,
                   InterviewSubmissionRow.submission_id == SubmissionRow.id)
             .where(InterviewSubmissionRow.interview_id == interview_id))
        unlocks = (select(PartUnlockRow.part, PartUnlockRow.unlocked_at)
                   .where(PartUnlockRow.interview_id == interview_id,
                          PartUnlockRow.kata_id == kata.id))
        with self._sessions() as s:
            passed = {k: _utc(at) for k, at in s.execute(q).all()}
            by_hand = {n: _utc(at) for n, at in s.execute(unlocks).all()}
        return _states(kata, passed, by_hand)

    def unlocked_by_hand(self, interview_id: str) -> int:
        """How many parts the interviewer unlocked in this round (the live view's trigger)."""
        q = (select(func.count()).select_from(PartUnlockRow)
             .where(PartUnlockRow.interview_id == interview_id))
        with self._sessions() as s:
            return int(s.scalar(q) or 0)

    def unlock(self, interview_id: str, kata: Kata, part: int, at: datetime) -> None:
        """The interviewer opens `part` (and any locked part before it); idempotent."""
        states = self.interview(interview_id, kata)
        if not 2 <= part <= len(states):
            raise KataNotFound(part_key(kata.id, part))
        with self._sessions() as s:
            for st in states[1:part]:
                if st.unlocked:
                    continue
                try:
                    with s.begin():
                        s.add(PartUnlockRow(interview_id=interview_id, kata_id=kata.id,
                                            part=st.part, unlocked_at=at))
                except IntegrityError:  # a concurrent click unlocked it first
                    continue


def round_parts(unlocks: PartUnlocks, interview_id: str, katas: dict[str, Kata],
                kata_ids: tuple[str, ...]) -> dict[str, list[PartState]]:
    """Each of a round's katas that has follow-up parts -> its parts' states."""
    return {k: unlocks.interview(interview_id, katas[k]) for k in kata_ids
            if k in katas and katas[k].parts}


def _passes(kata: Kata) -> Select[str, datetime | None]:
    """(part key, when its first full-score Submit finished), for `kata`'s parts."""
    keys = [p.key for p in every_part(kata)]
    return (select(SubmissionRow.kata_id, func.min(SubmissionRow.finished_at))
            .where(SubmissionRow.kata_id.in_(keys), SubmissionRow.mode == "submit",
                   SubmissionRow.status == SubmissionStatus.DONE.value,
                   SubmissionRow.score == 1.0)
            .group_by(SubmissionRow.kata_id))


def _states(kata: Kata, passed: dict[str, datetime | None],
            by_hand: dict[int, datetime | None]) -> list[PartState]:
    """Part n is open once part n-1 is open and passed, or once unlocked by hand."""
    out = [PartState(1, kata.title, None, UnlockedBy.START)]
    for prev, part in zip(every_part(kata), kata.parts, strict=False):
        pass_at = passed.get(prev.key) if out[-1].unlocked else None
        hand_at = by_hand.get(part.part)
        if pass_at is not None and (hand_at is None or pass_at <= hand_at):
            out.append(PartState(part.part, part.title, pass_at, UnlockedBy.PASSED))
        elif hand_at is not None:
            out.append(PartState(part.part, part.title, hand_at, UnlockedBy.INTERVIEWER))
        else:
            out.append(PartState(part.part, part.title, None, None))
    return out
