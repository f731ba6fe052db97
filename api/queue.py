"""The grading queue interface, and its in-process implementation.

The database row is the truth; the queue only says "this id may be ready". A Redis- or
Postgres-backed queue (LISTEN/NOTIFY, SKIP LOCKED) can implement `JobQueue` for several
server processes: workers already claim rows with a conditional UPDATE, so a duplicate or
stale notification is harmless.
"""

from __future__ import annotations

import queue
from typing import Protocol


class JobQueue(Protocol):
    """Notifications of submission ids ready to grade."""

    def put(self, submission_id: str) -> None: ...

    def get(self, timeout: float) -> str | None:
        """The next id, or None after `timeout` seconds or once closed."""

    def depth(self) -> int: ...

    def close(self) -> None:
        """Wake every waiting `get`; later gets return None."""


class InProcessQueue:
    """A FIFO in this process's memory; rebuilt from the database at start."""

    def __init__(self) -> None:
        self._q: queue.Queue[str | None] = queue.Queue()
        self._closed = False

    def put(self, submission_id: str) -> None:
        self._q.put(submission_id)

    def get(self, timeout: float) -> str | None:
        if self._closed:
            return None
        try:
            item = self._q.get(timeout=timeout)
        except queue.Empty:
            return None
        if item is None:
            self._q.put(None)  # pass the wake-up on to the next waiter
        return item

    def depth(self) -> int:
        return 0 if self._closed else self._q.qsize()

    def close(self) -> None:
        self._closed = True
        self._q.put(None)
