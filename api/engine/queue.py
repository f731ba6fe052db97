"""The API's side of the engine: `JobQueue` whose `put` defers a Procrastinate job."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import Engine, text

from api.engine.jobs import GRADE_TASK, GradeJob, conninfo
from katagrad.errors import KataNotFound
from katagrad.settings import Settings

log = logging.getLogger("katagrad.engine")

# Queued submissions, with what the job needs; `missing` keeps those that already have a job.
_PENDING = """
SELECT s.id, s.client_id, s.kata_id, s.kata_hash,
       EXISTS (SELECT 1 FROM interview_submissions i WHERE i.submission_id = s.id),
       (SELECT count(*) FROM submissions p
         WHERE p.client_id = s.client_id AND (p.created_at, p.id) < (s.created_at, s.id))
  FROM submissions s
 WHERE s.status = 'queued' AND {where}
 ORDER BY s.created_at, s.id
"""
_WITHOUT_JOB = """
s.created_at < now() - make_interval(secs => :grace)
AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs j
                 WHERE j.queueing_lock = 'submission:' || s.id
                   AND j.status IN ('todo', 'doing'))
"""


def pending_jobs(engine: Engine, digest: Callable[[str], str], submission_id: str | None = None,
                 grace_s: float = 5.0) -> list[GradeJob]:
    """One submission's job, or every queued submission's that has no waiting job."""
    params: dict[str, object]
    if submission_id is not None:
        q, params = _PENDING.format(where="s.id = :id"), {"id": submission_id}
    else:
        q, params = _PENDING.format(where=_WITHOUT_JOB), {"grace": grace_s}
    with engine.connect() as conn:
        rows = conn.execute(text(q), params).all()
    jobs = []
    for sid, client_id, kata_id, kata_hash, interview, ordinal in rows:
        if kata_hash is None:  # submitted before versions were recorded: this host's version
            try:
                kata_hash = digest(kata_id)
            except KataNotFound:
                continue
        jobs.append(GradeJob(sid, client_id, kata_hash, bool(interview), int(ordinal)))
    return jobs


class EngineQueue:
    """`JobQueue` for an API process that leaves grading to `katagrad worker` processes."""

    def __init__(self, settings: Settings, engine: Engine, digest: Callable[[str], str]) -> None:
        self.settings, self.engine, self.digest = settings, engine, digest
        self.app = procrastinate.App(
            connector=procrastinate.SyncPsycopgConnector(conninfo=conninfo(settings)))
        self._closed = threading.Event()
        self._open = False

    def open(self) -> int:
        """Connect, and defer every queued submission that lost its job; how many did."""
        self.app.open()
        self._open = True
        return sum(self._defer(job) for job in pending_jobs(self.engine, self.digest, grace_s=0))

    def put(self, submission_id: str) -> None:
        try:
            for job in pending_jobs(self.engine, self.digest, submission_id):
                self._defer(job)
        except Exception:  # noqa: BLE001 - the row is committed; a worker's sweep defers it
            log.exception("could not defer a job; the workers' sweep will",
                          extra={"submission": submission_id})

    def _defer(self, job: GradeJob) -> bool:
        options = job.options(self.settings.max_running_per_client)
        try:
            self.app.configure_task(GRADE_TASK, **options).defer(  # type: ignore[arg-type]
                submission_id=job.submission_id)
        except AlreadyEnqueued:
            return False
        return True

    def get(self, timeout: float) -> str | None:
        """Nothing is graded in an API-only process."""
        self._closed.wait(timeout)
        return None

    def depth(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(
                text("SELECT count(*) FROM submissions WHERE status = 'queued'")).scalar_one())

    def close(self) -> None:
        self._closed.set()
        if self._open:
            self._open = False
            self.app.close()
