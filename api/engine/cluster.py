"""What an API-only process (`katagrad serve` with workers=0) uses instead of its
in-process parts: the engine queue, the progress listener, shared rate limits."""

from __future__ import annotations

from sqlalchemy import Engine

from api.db.store import SubmissionStore
from api.engine.jobs import conninfo
from api.engine.limits import SharedTokenBucket
from api.engine.notify import NotifyListener
from api.engine.queue import EngineQueue
from api.events import EventBus
from api.library import KataLibrary
from api.ratelimit import RateLimiter
from katagrad.settings import Settings


class ClusterParts:
    def __init__(self, settings: Settings, engine: Engine, store: SubmissionStore,
                 bus: EventBus, katas: KataLibrary) -> None:
        self.queue = EngineQueue(settings, engine, katas.digest)
        self.listener = NotifyListener(conninfo(settings), bus, store)
        s = settings
        self.limiters: tuple[RateLimiter, RateLimiter, RateLimiter] = (
            SharedTokenBucket(engine, "client", s.rate_per_minute, s.rate_burst),
            SharedTokenBucket(engine, "ip", s.ip_rate_per_minute, s.ip_rate_burst),
            SharedTokenBucket(engine, "login", s.login_per_minute, s.login_burst))

    def start(self) -> int:
        """Listen for progress, then defer queued submissions that lost their job; how many."""
        self.listener.start()
        return self.queue.open()

    def stop(self) -> None:
        self.listener.stop()
        self.queue.close()
