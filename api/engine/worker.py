"""`katagrad worker`: one host's grading worker on the distributed engine.

It starts its warm zygotes, listens to the queues of the kata versions it holds, runs
`concurrency` gradings at once, heartbeats, retries jobs of workers that went silent, and on
SIGTERM finishes what it holds while taking nothing new.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from typing import Any

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from api.db.engine import make_engine, migrate
from api.db.store import SubmissionStore
from api.engine import limits
from api.engine.jobs import GRADE_TASK, MAINTENANCE_QUEUE, conninfo, queue_for
from api.engine.notify import NotifyPublisher
from api.engine.queue import pending_jobs
from api.library import KataLibrary
from api.metrics import Metrics
from api.queue import InProcessQueue
from api.worker import WorkerPool
from katagrad.errors import EngineUnavailable
from katagrad.settings import Settings
from sandbox import Sandbox, make_sandbox

log = logging.getLogger("katagrad.worker")

OLD_JOBS_HOURS = 24


def connect(settings: Settings) -> Engine:
    """The migrated database, or EngineUnavailable saying why not."""
    if not settings.on_postgres:
        raise EngineUnavailable("`katagrad worker` needs KATAGRAD_DATABASE_URL=postgresql://...; "
                                "SQLite serves one `katagrad serve` process only")
    engine = make_engine(settings)
    try:
        migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        where = engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise EngineUnavailable(f"cannot reach the task engine's database at {where}: "
                                f"{reason}") from None
    return engine


class GradingWorker:
    """The pieces of one worker process, wired; `run` blocks until SIGTERM or SIGINT."""

    def __init__(self, settings: Settings, engine: Engine, concurrency: int,
                 sandbox: Sandbox | None = None) -> None:
        self.settings, self.engine, self.concurrency = settings, engine, concurrency
        self.library = KataLibrary(settings.katas_dir)
        self.sandbox = sandbox or make_sandbox(settings)
        self.store = SubmissionStore(engine)
        self.pool = WorkerPool(settings=settings, store=self.store, queue=InProcessQueue(),
                               sandbox=self.sandbox, bus=NotifyPublisher(engine),
                               metrics=Metrics(self.store.counts, lambda: 0),
                               kata=self.library.part)
        self.queues = sorted({queue_for(h) for h in self.library.digests.values()})
        self.name = f"{socket.gethostname()}-{os.getpid()}"
        self.app = procrastinate.App(
            connector=procrastinate.PsycopgConnector(conninfo=conninfo(settings)))
        self.app.task(name=GRADE_TASK, pass_context=True)(self._grade)

    def _grade(self, context: procrastinate.JobContext, submission_id: str) -> None:
        """One delivery of a job (in a thread): grade unless another holds or ended it."""
        job = context.job
        row = self.store.get(submission_id)
        if row is None or row.terminal:
            return
        if row.kata_hash is not None and row.kata_hash != self.library.digests.get(row.kata_id):
            # only hosts holding that version listen on its queue; a mismatch means this
            # host's katas changed under it: hand the job to a host that has the version
            log.warning("refused: this host lacks the submission's kata version",
                        extra={"submission": submission_id, "kata": row.kata_id})
            raise KataVersionMissing(row.kata_id)
        self.pool.process(submission_id, takeover=job.attempts > 0)

    def run(self) -> None:
        # Procrastinate logs every job with its worker's whole queue list; ours say enough
        logging.getLogger("procrastinate").setLevel(logging.WARNING)
        self.sandbox.warm_up()
        log.info("worker started", extra={
            "worker": self.name, "concurrency": self.concurrency, "sandbox": self.sandbox.name,
            "katas": len(self.library.katas), "queues": len(self.queues)})
        try:
            asyncio.run(self._main())
        finally:
            self.sandbox.close()
            self.engine.dispose()
            log.info("worker stopped", extra={"worker": self.name})

    async def _main(self) -> None:
        async with self.app.open_async():
            sweeper = asyncio.create_task(self._maintain())
            try:
                await self.app.run_worker_async(
                    queues=[*self.queues, MAINTENANCE_QUEUE], concurrency=self.concurrency,
                    name=self.name, install_signal_handlers=True,
                    update_heartbeat_interval=self.settings.heartbeat_s,
                    # prune dead workers' rows long after their jobs were retried
                    stalled_worker_timeout=max(600.0, 10 * self.settings.stalled_after_s))
            finally:
                sweeper.cancel()

    async def _maintain(self) -> None:
        """Every few seconds: retry stalled jobs, defer queued submissions that lost theirs."""
        last_cleanup = 0.0
        while True:
            await asyncio.sleep(self.settings.maintenance_s)
            try:
                await self._sweep()
                if time.monotonic() - last_cleanup > 3600:
                    last_cleanup = time.monotonic()
                    await self.app.job_manager.delete_old_jobs(nb_hours=OLD_JOBS_HOURS)
                    await asyncio.to_thread(limits.prune, self.engine)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the sweep must outlive a database blip
                log.exception("maintenance sweep failed")

    async def _sweep(self) -> None:
        manager = self.app.job_manager
        stalled = await manager.get_stalled_jobs(
            seconds_since_heartbeat=self.settings.stalled_after_s)
        for job in stalled:
            try:
                await manager.retry_job(job)
            except Exception:  # noqa: BLE001 - another worker's sweep retried it first
                continue
            log.warning("retried a job whose worker went silent",
                        extra={"job": job.id, "attempt": job.attempts + 1, **_args(job)})
        orphans = await asyncio.to_thread(pending_jobs, self.engine, self.library.digest)
        for grade_job in orphans:
            options = grade_job.options(self.settings.max_running_per_client)
            try:
                await self.app.configure_task(GRADE_TASK, **options).defer_async(  # type: ignore[arg-type]
                    submission_id=grade_job.submission_id)
            except AlreadyEnqueued:
                continue
            log.info("deferred a queued submission that had no job",
                     extra={"submission": grade_job.submission_id})


class KataVersionMissing(Exception):
    """This host lacks the kata version a submission was made against."""


def _args(job: Any) -> dict[str, Any]:
    return {"submission": (job.task_kwargs or {}).get("submission_id")}


def run(settings: Settings, concurrency: int) -> None:
    """Connect (EngineUnavailable if the database cannot be reached), then work until told."""
    engine = connect(settings)
    GradingWorker(settings, engine, concurrency).run()
