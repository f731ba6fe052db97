"""The worker pool: threads that claim queued submissions, grade them, store the verdict.

Each grading mostly waits on a sandbox subprocess, so threads are enough; the pool size
bounds how many sandboxes run at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from api.db.store import Submission, SubmissionStore
from api.events import Publisher
from api.metrics import Metrics
from api.queue import JobQueue
from graders import variants
from graders.grade import Mode, grade
from graders.kata import Kata
from katagrad.settings import Settings
from sandbox import Sandbox

log = logging.getLogger("katagrad.worker")


class WorkerPool:
    def __init__(self, *, settings: Settings, store: SubmissionStore, queue: JobQueue,
                 sandbox: Sandbox, bus: Publisher, metrics: Metrics,
                 kata: Callable[[str], Kata]) -> None:
        self.settings, self.store, self.queue = settings, store, queue
        self.sandbox, self.bus, self.metrics, self.kata = sandbox, bus, metrics, kata
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    def start(self) -> None:
        for i in range(self.settings.workers):
            t = threading.Thread(target=self._loop, name=f"grader-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop taking work; gradings still running after `timeout` are redone next start."""
        self._stopping.set()
        self.queue.close()
        deadline = time.monotonic() + timeout
        for t in self._threads:
            t.join(max(0.0, deadline - time.monotonic()))

    def _loop(self) -> None:
        while not self._stopping.is_set():
            submission_id = self.queue.get(timeout=1.0)
            if submission_id is None:
                continue
            try:
                self.process(submission_id)
            except Exception:  # noqa: BLE001 - a worker must outlive any one submission
                log.exception("worker failed on a submission", extra={"submission": submission_id})

    def process(self, submission_id: str, takeover: bool = False) -> None:
        """Claim, grade and finish one submission; a no-op if someone else claimed it."""
        sub = self.store.claim(submission_id, takeover)
        if sub is None:
            return
        self.metrics.queue_wait.observe(max(0.0, time.time() - sub.created_at.timestamp()))
        self.bus.publish(sub.id, "status", {"id": sub.id, "status": "running"})
        log.info("grading started", extra={"submission": sub.id, "kata": sub.kata_id,
                                           "mode": sub.mode, "attempt": sub.attempts})
        started = time.monotonic()
        report: dict[str, Any] | None = None
        error: str | None = None
        if sub.attempts > self.settings.max_attempts:
            error = (f"grading was interrupted {sub.attempts - 1} times (the server stopped "
                     "while grading it); giving up")
        else:
            try:
                report = self._grade(sub)
            except Exception as exc:  # noqa: BLE001 - a fault becomes the submission's error
                log.exception("grading failed", extra={"submission": sub.id})
                error = f"katagrad could not grade this submission ({type(exc).__name__})"
        self._finish(sub, report, error, time.monotonic() - started)

    def _grade(self, sub: Submission) -> dict[str, Any]:
        kata = variants.pick(self.kata(sub.kata_id), sub.variant)  # the one it was made for

        def progress(event: str, data: dict[str, Any]) -> None:
            self.bus.publish(sub.id, event, data)

        report = grade(kata, sub.code, sandbox=self.sandbox, settings=self.settings,
                       mode=Mode(sub.mode), progress=progress)
        return report.to_json()

    def _finish(self, sub: Submission, report: dict[str, Any] | None, error: str | None,
                took: float) -> None:
        stored = time.perf_counter()
        if not self.store.finish(sub, report, error):
            log.warning("a newer claim holds this submission; result dropped",
                        extra={"submission": sub.id, "attempt": sub.attempts})
            return
        status = "done" if report is not None else "error"
        self.metrics.finished.labels(status).inc()
        self.metrics.latency.labels(sub.mode).observe(took)
        log.info("submission finished", extra={
            "submission": sub.id, "kata": sub.kata_id, "mode": sub.mode, "status": status,
            "score": report["score"] if report else None, "duration_s": round(took, 4)})
        if report is not None:  # the live event also says how long storing it took
            store_ms = round(1000 * (time.perf_counter() - stored), 1)
            report = {**report, "phases_ms": {**report.get("phases_ms", {}), "store": store_ms}}
        self.bus.publish(sub.id, "end", {"id": sub.id, "status": status, "report": report,
                                         "error": error})
        self.bus.forget(sub.id)
