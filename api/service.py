"""The service's long-lived parts, wired together: store, queue, workers, events, metrics."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from api.clients import ClientTokens
from api.db.engine import make_engine, migrate
from api.db.models import Base
from api.db.store import Submission, SubmissionStore
from api.events import EventBus
from api.interviews.integrity import IntegrityStore
from api.interviews.store import InterviewStore
from api.library import KataLibrary
from api.metrics import Metrics
from api.parts import PartUnlocks
from api.queue import InProcessQueue, JobQueue
from api.ratelimit import RateLimiter, TokenBucket
from api.worker import WorkerPool
from graders import variants
from graders.scratch import ScratchResult, run_scratch
from katagrad.errors import QueueFull, RateLimited
from katagrad.settings import Settings
from sandbox import Sandbox, make_sandbox

if TYPE_CHECKING:
    from api.engine.cluster import ClusterParts

log = logging.getLogger("katagrad.service")


class Service:
    """Everything a request handler may need; built by `start`, torn down by `stop`."""

    def __init__(self, settings: Settings, sandbox: Sandbox | None = None,
                 queue: JobQueue | None = None) -> None:
        self.settings = settings
        self.katas = KataLibrary(settings.katas_dir)
        self.sandbox = sandbox or make_sandbox(settings)
        self.engine = make_engine(settings)
        self.store = SubmissionStore(self.engine)
        self.interviews = InterviewStore(self.engine)
        self.parts = PartUnlocks(self.engine)  # follow-up parts' unlocks (api/parts.py)
        self.integrity = IntegrityStore(self.engine)
        self.bus = EventBus()
        self.tokens = ClientTokens.from_settings(settings)
        self.client_rate: RateLimiter = TokenBucket(settings.rate_per_minute, settings.rate_burst)
        self.ip_rate: RateLimiter = TokenBucket(settings.ip_rate_per_minute,
                                                settings.ip_rate_burst)
        self.login_rate: RateLimiter = TokenBucket(settings.login_per_minute,
                                                   settings.login_burst)
        self.queue = queue or InProcessQueue()
        # Scratch runs go straight to the sandbox from the request (no queue, no row): at most
        # this many at once in this process, the rest are told to retry.
        self.scratch_slots = threading.BoundedSemaphore(settings.scratch_concurrency)
        # workers=0: an API process of a cluster, and `katagrad worker` processes grade
        self.cluster: ClusterParts | None = None
        if settings.workers == 0:
            from api.engine.cluster import ClusterParts

            self.cluster = ClusterParts(settings, self.engine, self.store, self.bus, self.katas)
            self.queue = self.cluster.queue
            self.client_rate, self.ip_rate, self.login_rate = self.cluster.limiters
        self.metrics = Metrics(self.store.counts, self.queue.depth)
        self.pool = WorkerPool(settings=settings, store=self.store, queue=self.queue,
                               sandbox=self.sandbox, bus=self.bus, metrics=self.metrics,
                               kata=self.katas.part)

    def start(self) -> None:
        """Migrate, requeue what a crash interrupted, start the workers."""
        migrate(self.engine)
        if self.cluster is not None:  # running rows are live workers'; the engine retries
            interrupted, requeued = 0, self.cluster.start()  # the dead ones
        else:
            interrupted = self.store.recover()
            pending = self.store.queued_ids()
            for submission_id in pending:
                self.queue.put(submission_id)
            requeued = len(pending)
        self.pool.start()
        log.info("service started", extra={
            "database": self.engine.dialect.name, "sandbox": self.sandbox.name,
            "workers": self.settings.workers, "requeued": requeued,
            "interrupted": interrupted, "katas": len(self.katas.katas)})

    def stop(self) -> None:
        self.pool.stop()
        if self.cluster is not None:
            self.cluster.stop()
        self.sandbox.close()  # the warm backend's zygotes
        self.engine.dispose()
        log.info("service stopped")

    def submit(self, client_id: str, address: str, kata_id: str, mode: str,
               code: str, also: Callable[[str], Iterable[Base]] | None = None,
               variant: str | None = None) -> Submission:
        """Admit (rate, queue depth), persist as queued, then notify the queue. `kata_id` is a
        grading key (a follow-up part's `id@n`): the route checked that it is unlocked.

        The submission records the kata variant it is graded against: `variant` (a round's
        pin; "" for the kata's default), else the one practice gives this client."""
        kata = self.katas.part(kata_id)
        if variant is None:
            variant = variants.for_client(kata, client_id)
        chosen = variants.pick(kata, variant).variant
        self._admit(client_id, address)
        if self.queue.depth() >= self.settings.max_queue_depth:
            self.metrics.rejected.labels("queue_full").inc()
            raise QueueFull(f"{self.queue.depth()} submissions are waiting; try again soon",
                            5.0)
        sub = self.store.create(client_id, kata_id, mode, code, also,
                                kata_hash=self.katas.digest(kata_id),
                                variant=chosen.name if chosen else None)
        self.queue.put(sub.id)
        self.metrics.created.labels(mode).inc()
        log.info("submission queued", extra={"submission": sub.id, "kata": kata_id,
                                             "mode": mode})
        return sub

    def _admit(self, client_id: str, address: str) -> None:
        """Spend a token of this client's and this address's buckets, or raise RateLimited."""
        for bucket, key, who in ((self.client_rate, client_id, "this client"),
                                 (self.ip_rate, address, "this address")):
            wait = bucket.take(key)
            if wait:
                self.metrics.rejected.labels("rate").inc()
                raise RateLimited(f"too many submissions from {who}; retry in {wait:.0f} s",
                                  wait)

    def scratch(self, client_id: str, address: str, kata_id: str, code: str) -> ScratchResult:
        """Run `code` as a script for this kata now, under the same rate buckets as runs;
        nothing is graded, queued or stored here."""
        kata = self.katas.get(kata_id)
        self._admit(client_id, address)
        if not self.scratch_slots.acquire(blocking=False):
            self.metrics.rejected.labels("scratch_busy").inc()
            raise QueueFull("every scratch slot is busy; try again in a few seconds", 3.0)
        try:
            return run_scratch(kata, code, sandbox=self.sandbox, settings=self.settings)
        finally:
            self.scratch_slots.release()
