"""In-memory fan-out of grading progress from worker threads to SSE streams."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any, Protocol

Event = tuple[str, dict[str, Any]]


@dataclass
class Subscription:
    submission_id: str
    history: list[Event]  # what happened before we subscribed
    queue: asyncio.Queue[Event] = field(default_factory=asyncio.Queue)
    loop: asyncio.AbstractEventLoop = field(default_factory=asyncio.get_running_loop)


class Publisher(Protocol):
    """Where a grading reports its progress: this process's bus, or PostgreSQL NOTIFY."""

    def publish(self, submission_id: str, event: str, data: dict[str, Any]) -> None: ...

    def forget(self, submission_id: str) -> None: ...


class EventBus:
    """Per-submission event history (while it runs) and live subscribers."""

    def __init__(self, max_history: int = 500) -> None:
        self._lock = threading.Lock()
        self._history: dict[str, list[Event]] = {}
        self._subs: dict[str, list[Subscription]] = {}
        self._max = max_history

    def subscribe(self, submission_id: str) -> Subscription:
        """Call from the event loop; history and live events never overlap or leave a gap."""
        with self._lock:
            sub = Subscription(submission_id, list(self._history.get(submission_id, ())))
            self._subs.setdefault(submission_id, []).append(sub)
            return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            subs = self._subs.get(sub.submission_id, [])
            if sub in subs:
                subs.remove(sub)
            if not subs:
                self._subs.pop(sub.submission_id, None)

    def publish(self, submission_id: str, event: str, data: dict[str, Any]) -> None:
        """Call from any thread."""
        with self._lock:
            history = self._history.setdefault(submission_id, [])
            if len(history) < self._max:
                history.append((event, data))
            subs = list(self._subs.get(submission_id, ()))
        for sub in subs:
            try:
                sub.loop.call_soon_threadsafe(sub.queue.put_nowait, (event, data))
            except RuntimeError:  # that stream's loop is gone
                self.unsubscribe(sub)

    def forget(self, submission_id: str) -> None:
        """Drop the history once the submission is terminal (late readers use the database)."""
        with self._lock:
            self._history.pop(submission_id, None)
