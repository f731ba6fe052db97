"""Interviews in the database: accounts, sessions, interviews, links to submissions,
snapshots, explanations and the rubric, as domain objects. Every lookup is scoped to its owner."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from api.db.models import Base, SubmissionRow
from api.interviews import crypto
from api.interviews.domain import (
    Attempt,
    Dimension,
    Interview,
    Interviewer,
    ScratchRun,
    Snapshot,
    Template,
    Timing,
    dimensions_from_json,
    dimensions_to_json,
    lockout_s,
    now,
)
from api.interviews.models import (
    InterviewerRow,
    InterviewKataRow,
    InterviewRow,
    InterviewSubmissionRow,
    LoginFailureRow,
    ScratchRunRow,
    SessionRow,
    SignalRow,
    SnapshotRow,
    TemplateRow,
)


def _utc(dt: datetime | None) -> datetime | None:
    return dt.replace(tzinfo=UTC) if dt is not None and dt.tzinfo is None else dt


def _interview(row: InterviewRow, katas: list[InterviewKataRow]) -> Interview:
    katas = sorted(katas, key=lambda k: k.position)
    timing = Timing(row.duration_s, row.extra_s, _utc(row.opens_at), _utc(row.closes_at),
                    _utc(row.started_at), _utc(row.ended_at), _utc(row.revoked_at))
    return Interview(row.id, row.interviewer_id, row.candidate_name, row.candidate_email,
                     timing, _utc(row.created_at),  # type: ignore[arg-type]
                     tuple(k.kata_id for k in katas), {k.kata_id: k.explanation for k in katas},
                     json.loads(row.rubric or "{}"), dimensions_from_json(row.rubric_spec or ""),
                     {k.kata_id: k.variant for k in katas if k.variant}, row.holder_client)


def _template(row: TemplateRow) -> Template:
    return Template(row.id, row.name, tuple(json.loads(row.kata_ids)), row.duration_s,
                    dimensions_from_json(row.rubric_spec), _utc(row.created_at))  # type: ignore[arg-type]


class NameTaken(Exception):
    pass


class InterviewStore:
    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def _s(self) -> Session:
        return self._sessions()

    # accounts -----------------------------------------------------------------------------
    def add_interviewer(self, name: str, password: str) -> Interviewer:
        row = InterviewerRow(id=crypto.new_id(), name=name,
                             password_hash=crypto.hash_password(password), created_at=now())
        try:
            with self._s() as s, s.begin():
                s.add(row)
        except IntegrityError:
            raise NameTaken(name) from None
        return Interviewer(row.id, row.name, row.created_at)

    def interviewers(self) -> list[Interviewer]:
        with self._s() as s:
            rows = s.scalars(select(InterviewerRow).order_by(InterviewerRow.name))
            return [Interviewer(r.id, r.name, _utc(r.created_at)) for r in rows]  # type: ignore[arg-type]

    def remove_interviewer(self, name: str) -> bool:
        """Remove the account, its sessions and its interviews."""
        with self._s() as s, s.begin():
            row = s.scalars(select(InterviewerRow).where(InterviewerRow.name == name)).first()
            if row is None:
                return False
            ids = list(s.scalars(select(InterviewRow.id)
                                 .where(InterviewRow.interviewer_id == row.id)))
            for model in (SnapshotRow, ScratchRunRow, SignalRow, InterviewSubmissionRow,
                          InterviewKataRow):
                s.execute(delete(model).where(model.interview_id.in_(ids)))
            s.execute(delete(TemplateRow).where(TemplateRow.interviewer_id == row.id))
            s.execute(delete(InterviewRow).where(InterviewRow.interviewer_id == row.id))
            s.execute(delete(SessionRow).where(SessionRow.interviewer_id == row.id))
            s.delete(row)
            return True

    def login(self, name: str, password: str,
              lifetime: timedelta) -> tuple[str, Interviewer] | None:
        """A new session token for the right name and password, else None."""
        with self._s() as s:
            row = s.scalars(select(InterviewerRow).where(InterviewerRow.name == name)).first()
        if not crypto.check_password(row.password_hash if row else None, password) or row is None:
            return None
        token = crypto.new_token()
        with self._s() as s, s.begin():
            s.add(SessionRow(token_hash=crypto.token_hash(token), interviewer_id=row.id,
                             created_at=now(), expires_at=now() + lifetime))
        return token, Interviewer(row.id, row.name, _utc(row.created_at))  # type: ignore[arg-type]

    def locked_for(self, name: str) -> float:
        """Seconds until this name may try to sign in again (0: now)."""
        with self._s() as s:
            row = s.get(LoginFailureRow, name)
        until = _utc(row.locked_until) if row is not None else None
        return max(0.0, (until - now()).total_seconds()) if until is not None else 0.0

    def login_failed(self, name: str) -> float:
        """Count a failed sign-in for this name; the lock it now has, in seconds."""
        with contextlib.suppress(IntegrityError), self._s() as s, s.begin():
            s.add(LoginFailureRow(name=name, failures=0))  # the first failure (or a race: kept)
        with self._s() as s, s.begin():
            s.execute(update(LoginFailureRow).where(LoginFailureRow.name == name)
                      .values(failures=LoginFailureRow.failures + 1))
            row = s.get(LoginFailureRow, name)
            assert row is not None
            wait = lockout_s(row.failures)
            row.locked_until = now() + timedelta(seconds=wait) if wait else None
        return wait

    def login_succeeded(self, name: str) -> None:
        with self._s() as s, s.begin():
            s.execute(delete(LoginFailureRow).where(LoginFailureRow.name == name))

    def session(self, token: str | None) -> Interviewer | None:
        """The interviewer a live session token belongs to."""
        if not token or len(token) > 200:
            return None
        with self._s() as s:
            found = s.execute(select(SessionRow, InterviewerRow)
                              .join(InterviewerRow, InterviewerRow.id == SessionRow.interviewer_id)
                              .where(SessionRow.token_hash == crypto.token_hash(token))).first()
        if found is None:
            return None
        sess, who = found
        if _utc(sess.expires_at) <= now():  # type: ignore[operator]
            return None
        return Interviewer(who.id, who.name, _utc(who.created_at))  # type: ignore[arg-type]

    def logout(self, token: str) -> None:
        with self._s() as s, s.begin():
            s.execute(delete(SessionRow).where(SessionRow.token_hash == crypto.token_hash(token)))

    # interviews ---------------------------------------------------------------------------
    def create(self, interviewer_id: str, kata_ids: list[str], duration_s: int,
               candidate_name: str = "", candidate_email: str = "",
               opens_at: datetime | None = None, closes_at: datetime | None = None,
               dimensions: tuple[Dimension, ...] | None = None,
               variants: dict[str, str] | None = None) -> tuple[Interview, str]:
        """A new interview and its invite token (returned once; only its hash is kept).
        `variants` pins a kata variant per kata id (graders/variants.py)."""
        token = crypto.new_token()
        row = InterviewRow(id=crypto.new_id(), interviewer_id=interviewer_id,
                           token_hash=crypto.token_hash(token), candidate_name=candidate_name,
                           candidate_email=candidate_email, duration_s=duration_s, extra_s=0,
                           opens_at=opens_at, closes_at=closes_at, created_at=now(), rubric="{}",
                           rubric_spec=dimensions_to_json(dimensions) if dimensions else "")
        katas = [InterviewKataRow(interview_id=row.id, kata_id=k, position=i, explanation="",
                                  variant=(variants or {}).get(k))
                 for i, k in enumerate(kata_ids)]
        with self._s() as s, s.begin():
            s.add(row)
            s.flush()
            s.add_all(katas)
        return _interview(row, katas), token

    def _load(self, s: Session, row: InterviewRow | None) -> Interview | None:
        if row is None:
            return None
        katas = list(s.scalars(select(InterviewKataRow)
                               .where(InterviewKataRow.interview_id == row.id)))
        return _interview(row, katas)

    def owned(self, interview_id: str, interviewer_id: str) -> Interview | None:
        """The interview if it exists and belongs to this interviewer."""
        with self._s() as s:
            row = s.get(InterviewRow, interview_id)
            if row is None or not crypto.same(row.interviewer_id, interviewer_id):
                return None
            return self._load(s, row)

    def by_token(self, token: str) -> Interview | None:
        if not token or len(token) > 200:
            return None
        with self._s() as s:
            row = s.scalars(select(InterviewRow)
                            .where(InterviewRow.token_hash == crypto.token_hash(token))).first()
            return self._load(s, row)

    def list_for(self, interviewer_id: str) -> list[Interview]:
        with self._s() as s:
            rows = list(s.scalars(select(InterviewRow)
                                  .where(InterviewRow.interviewer_id == interviewer_id)
                                  .order_by(InterviewRow.created_at.desc())))
            katas = list(s.scalars(select(InterviewKataRow).where(
                InterviewKataRow.interview_id.in_([r.id for r in rows]))))
        return [_interview(r, [k for k in katas if k.interview_id == r.id]) for r in rows]

    def _update(self, interview_id: str, *where: Any, **values: Any) -> bool:
        stmt = update(InterviewRow).where(InterviewRow.id == interview_id, *where).values(**values)
        with self._s() as s, s.begin():
            return s.execute(stmt).rowcount == 1  # type: ignore[attr-defined, no-any-return]

    def new_token(self, interview_id: str) -> str:
        """Replace the invite token; the old link stops working. The new one is returned once."""
        token = crypto.new_token()
        self._update(interview_id, token_hash=crypto.token_hash(token))
        return token

    def start(self, interview_id: str) -> None:
        """Start the clock at the first open; later opens change nothing."""
        self._update(interview_id, InterviewRow.started_at.is_(None), started_at=now())

    def finish(self, interview_id: str) -> None:
        self._update(interview_id, InterviewRow.ended_at.is_(None), ended_at=now())

    def revoke(self, interview_id: str) -> None:
        self._update(interview_id, InterviewRow.revoked_at.is_(None), revoked_at=now())

    def extend(self, interview_id: str, seconds: int) -> None:
        self._update(interview_id, extra_s=InterviewRow.extra_s + seconds)

    def set_rubric(self, interview_id: str, rubric: dict[str, Any]) -> None:
        self._update(interview_id, rubric=json.dumps(rubric))

    def set_started_at(self, interview_id: str, at: datetime) -> None:
        """For tests and operators: move the clock's origin."""
        self._update(interview_id, started_at=at)

    # templates ----------------------------------------------------------------------------
    def add_template(self, interviewer_id: str, name: str, kata_ids: list[str], duration_s: int,
                     dimensions: tuple[Dimension, ...]) -> Template:
        """Save a round setup; a template of the same name (this interviewer's) is replaced."""
        with self._s() as s, s.begin():
            s.execute(delete(TemplateRow).where(TemplateRow.interviewer_id == interviewer_id,
                                                TemplateRow.name == name))
            s.flush()
            row = TemplateRow(id=crypto.new_id(), interviewer_id=interviewer_id, name=name,
                              kata_ids=json.dumps(kata_ids), duration_s=duration_s,
                              rubric_spec=dimensions_to_json(dimensions), created_at=now())
            s.add(row)
        return _template(row)

    def templates(self, interviewer_id: str) -> list[Template]:
        with self._s() as s:
            return [_template(r) for r in s.scalars(
                select(TemplateRow).where(TemplateRow.interviewer_id == interviewer_id)
                .order_by(TemplateRow.name))]

    def remove_template(self, template_id: str, interviewer_id: str) -> bool:
        """False when absent or someone else's."""
        with self._s() as s, s.begin():
            return s.execute(delete(TemplateRow).where(  # type: ignore[attr-defined, no-any-return]
                TemplateRow.id == template_id,
                TemplateRow.interviewer_id == interviewer_id)).rowcount == 1

    def set_explanation(self, interview_id: str, kata_id: str, text: str) -> None:
        with self._s() as s, s.begin():
            s.execute(update(InterviewKataRow)
                      .where(InterviewKataRow.interview_id == interview_id,
                             InterviewKataRow.kata_id == kata_id)
                      .values(explanation=text))

    # submissions and snapshots ------------------------------------------------------------
    @staticmethod
    def linking(interview_id: str, kata_id: str) -> Callable[[str], list[Base]]:
        """Rows tying a new submission to this interview, for the submission's transaction."""
        return lambda submission_id: [InterviewSubmissionRow(
            submission_id=submission_id, interview_id=interview_id, kata_id=kata_id)]

    def attempts(self, interview_id: str) -> dict[str, list[Attempt]]:
        """kata id -> its runs and submissions, oldest first."""
        q = (select(InterviewSubmissionRow.kata_id, SubmissionRow)
             .join(SubmissionRow, SubmissionRow.id == InterviewSubmissionRow.submission_id)
             .where(InterviewSubmissionRow.interview_id == interview_id)
             .order_by(SubmissionRow.created_at))
        out: dict[str, list[Attempt]] = {}
        with self._s() as s:
            for kata_id, r in s.execute(q).all():
                out.setdefault(kata_id, []).append(Attempt(
                    r.id, r.mode, r.status, r.score, _utc(r.created_at),  # type: ignore[arg-type]
                    json.loads(r.report) if r.report else None))
        return out

    def snapshot(self, interview_id: str, kata_id: str, code: str, source: str,
                 max_count: int) -> bool:
        """Record the editor's content; False when it equals the latest one. At the cap the
        log is thinned where it is densest (the interior snapshot closest in time to the one
        before it goes), so the first and the newest code are always kept."""
        with self._s() as s, s.begin():
            last = s.scalars(select(SnapshotRow)
                             .where(SnapshotRow.interview_id == interview_id,
                                    SnapshotRow.kata_id == kata_id)
                             .order_by(SnapshotRow.id.desc()).limit(1)).first()
            if last is not None and last.code == code:
                return False
            times = s.execute(select(SnapshotRow.id, SnapshotRow.at)
                              .where(SnapshotRow.interview_id == interview_id,
                                     SnapshotRow.kata_id == kata_id)
                              .order_by(SnapshotRow.id)).all()
            if len(times) >= max_count and last is not None:
                if len(times) < 3:  # nothing between the first and the newest: overwrite
                    last.code, last.at, last.source = code, now(), source
                    return True
                gaps = [(_utc(times[i].at) - _utc(times[i - 1].at), times[i].id)  # type: ignore[operator]
                        for i in range(1, len(times) - 1)]
                s.execute(delete(SnapshotRow).where(SnapshotRow.id == min(gaps)[1]))
            s.add(SnapshotRow(interview_id=interview_id, kata_id=kata_id, at=now(),
                              source=source, code=code))
            return True

    def snapshots(self, interview_id: str, kata_id: str | None = None) -> list[Snapshot]:
        q = select(SnapshotRow).where(SnapshotRow.interview_id == interview_id)
        if kata_id is not None:
            q = q.where(SnapshotRow.kata_id == kata_id)
        with self._s() as s:
            return [Snapshot(r.id, r.kata_id, _utc(r.at), r.source, r.code)  # type: ignore[arg-type]
                    for r in s.scalars(q.order_by(SnapshotRow.id))]

    def snapshot_counts(self, interview_id: str) -> dict[str, int]:
        q = (select(SnapshotRow.kata_id, func.count())
             .where(SnapshotRow.interview_id == interview_id).group_by(SnapshotRow.kata_id))
        with self._s() as s:
            return {k: n for k, n in s.execute(q).all()}

    def latest_code(self, interview_id: str) -> dict[str, str]:
        """kata id -> the newest snapshot's code (to restore the editor on reload)."""
        return {snap.kata_id: snap.code for snap in self.snapshots(interview_id)}

    # scratch runs -------------------------------------------------------------------------
    def record_scratch(self, interview_id: str, run: ScratchRun, max_count: int) -> None:
        """Keep a scratch run (its output already capped) for the timeline. At the cap the
        latest one is overwritten, so the newest is always kept."""
        values = dict(kata_id=run.kata_id, at=run.at, code=run.code, status=run.status,
                      message=run.message, exit_code=run.exit_code, wall_s=run.wall_s,
                      stdout=run.stdout, stderr=run.stderr, figures=run.figures)
        with self._s() as s, s.begin():
            count = s.scalar(select(func.count()).select_from(ScratchRunRow)
                             .where(ScratchRunRow.interview_id == interview_id,
                                    ScratchRunRow.kata_id == run.kata_id)) or 0
            last = s.scalars(select(ScratchRunRow)
                             .where(ScratchRunRow.interview_id == interview_id,
                                    ScratchRunRow.kata_id == run.kata_id)
                             .order_by(ScratchRunRow.id.desc()).limit(1)).first()
            if count >= max_count and last is not None:
                for key, value in values.items():
                    setattr(last, key, value)
            else:
                s.add(ScratchRunRow(interview_id=interview_id, **values))

    def scratch_runs(self, interview_id: str) -> dict[str, list[ScratchRun]]:
        """kata id -> its scratch runs, oldest first."""
        out: dict[str, list[ScratchRun]] = {}
        with self._s() as s:
            for r in s.scalars(select(ScratchRunRow)
                               .where(ScratchRunRow.interview_id == interview_id)
                               .order_by(ScratchRunRow.id)):
                out.setdefault(r.kata_id, []).append(ScratchRun(
                    r.id, r.kata_id, _utc(r.at), r.code, r.status,  # type: ignore[arg-type]
                    r.message, r.exit_code, r.wall_s, r.stdout, r.stderr, r.figures))
        return out
