"""The submission store. Every state change is one conditional UPDATE, so each submission
reaches exactly one terminal state however many workers or restarts race for it.

    queued --claim--> running --finish--> done | error
       ^                 |
       +----recover------+   (at start: a running row was interrupted by a crash)
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from api.db.models import Base, SubmissionRow


class SubmissionStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"  # a Report was stored (the report says graded, rejected or error)
    ERROR = "error"  # katagrad could not produce a Report (a fault, not the candidate's)


TERMINAL = (SubmissionStatus.DONE, SubmissionStatus.ERROR)


@dataclass(frozen=True)
class Submission:
    id: str
    client_id: str
    kata_id: str
    mode: str
    code: str
    status: SubmissionStatus
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    score: float | None
    report: dict[str, Any] | None
    error: str | None
    kata_hash: str | None = None  # the kata version it was submitted against
    variant: str | None = None  # the kata variant it was made for, and is graded against

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL


def _utc(dt: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every one we store is UTC."""
    return dt.replace(tzinfo=UTC) if dt is not None and dt.tzinfo is None else dt


def _domain(row: SubmissionRow) -> Submission:
    return Submission(row.id, row.client_id, row.kata_id, row.mode, row.code,
                      SubmissionStatus(row.status), row.attempts, _utc(row.created_at),  # type: ignore[arg-type]
                      _utc(row.started_at), _utc(row.finished_at), row.score,
                      json.loads(row.report) if row.report is not None else None, row.error,
                      row.kata_hash, row.variant)


def new_submission_id() -> str:
    """128 random bits, URL-safe: unguessable."""
    return secrets.token_urlsafe(16)


class SubmissionStore:
    """Submissions in the database; safe to call from many threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def _session(self) -> Session:
        return self._sessions()

    def create(self, client_id: str, kata_id: str, mode: str, code: str,
               also: Callable[[str], Iterable[Base]] | None = None,
               kata_hash: str | None = None, variant: str | None = None) -> Submission:
        """Write a queued submission and commit it before returning.

        `also(submission_id)` gives rows that belong with it (an interview's link), written in
        the same transaction: both land, or neither does.
        """
        row = SubmissionRow(id=new_submission_id(), client_id=client_id, kata_id=kata_id,
                            mode=mode, code=code, status=SubmissionStatus.QUEUED.value,
                            attempts=0, created_at=datetime.now(UTC), kata_hash=kata_hash,
                            variant=variant)
        with self._session() as s, s.begin():
            s.add(row)
            s.flush()  # the submission first, so rows that refer to it can follow
            if also is not None:
                s.add_all(also(row.id))
        return _domain(row)

    def get(self, submission_id: str, client_id: str | None = None) -> Submission | None:
        """The submission, or None when absent or (given client_id) someone else's."""
        with self._session() as s:
            row = s.get(SubmissionRow, submission_id)
            if row is None or (client_id is not None and row.client_id != client_id):
                return None
            return _domain(row)

    def list_for(self, client_id: str, kata_id: str | None, limit: int) -> list[Submission]:
        """A client's submissions, newest first."""
        q = select(SubmissionRow).where(SubmissionRow.client_id == client_id)
        if kata_id is not None:
            q = q.where(SubmissionRow.kata_id == kata_id)
        q = q.order_by(SubmissionRow.created_at.desc(), SubmissionRow.id).limit(limit)
        with self._session() as s:
            return [_domain(r) for r in s.scalars(q)]

    def claim(self, submission_id: str, takeover: bool = False) -> Submission | None:
        """queued -> running, counting the attempt; None if another worker has it or it ended.

        `takeover` also claims a running row: for the engine's redelivery of a job whose
        worker died. The new attempt number fences the old claim's write out.
        """
        claimable = [SubmissionStatus.QUEUED.value]
        if takeover:
            claimable.append(SubmissionStatus.RUNNING.value)
        stmt = (update(SubmissionRow)
                .where(SubmissionRow.id == submission_id,
                       SubmissionRow.status.in_(claimable))
                .values(status=SubmissionStatus.RUNNING.value,
                        attempts=SubmissionRow.attempts + 1, started_at=datetime.now(UTC)))
        with self._session() as s, s.begin():
            if s.execute(stmt).rowcount != 1:  # type: ignore[attr-defined]
                return None
            row = s.get(SubmissionRow, submission_id)
            assert row is not None
            return _domain(row)

    def finish(self, claimed: Submission, report: dict[str, Any] | None,
               error: str | None = None) -> bool:
        """running -> done (with the report) or error; False if this claim no longer holds."""
        status = SubmissionStatus.DONE if report is not None else SubmissionStatus.ERROR
        stmt = (update(SubmissionRow)
                .where(SubmissionRow.id == claimed.id,
                       SubmissionRow.status == SubmissionStatus.RUNNING.value,
                       SubmissionRow.attempts == claimed.attempts)
                .values(status=status.value, finished_at=datetime.now(UTC),
                        report=json.dumps(report, allow_nan=False) if report else None,
                        score=report["score"] if report else None, error=error))
        with self._session() as s, s.begin():
            return s.execute(stmt).rowcount == 1  # type: ignore[attr-defined, no-any-return]

    def recover(self) -> int:
        """running -> queued for rows a crash interrupted; call once, before workers start."""
        stmt = (update(SubmissionRow)
                .where(SubmissionRow.status == SubmissionStatus.RUNNING.value)
                .values(status=SubmissionStatus.QUEUED.value))
        with self._session() as s, s.begin():
            return s.execute(stmt).rowcount  # type: ignore[attr-defined, no-any-return]

    def queued_ids(self) -> list[str]:
        """Every queued submission, oldest first."""
        q = (select(SubmissionRow.id)
             .where(SubmissionRow.status == SubmissionStatus.QUEUED.value)
             .order_by(SubmissionRow.created_at, SubmissionRow.id))
        with self._session() as s:
            return list(s.scalars(q))

    def counts(self) -> dict[str, int]:
        """How many submissions are in each status."""
        q = select(SubmissionRow.status, func.count()).group_by(SubmissionRow.status)
        with self._session() as s:
            found = {status: n for status, n in s.execute(q).all()}
        return {st.value: found.get(st.value, 0) for st in SubmissionStatus}
