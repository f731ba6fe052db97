"""Token buckets keyed by client token or address, for a single server process.

Several API processes share buckets in PostgreSQL instead (api/engine/limits.py).
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class RateLimiter(Protocol):
    def take(self, key: str) -> float:
        """0.0 when allowed (a token is spent); otherwise the seconds until one is available."""


class TokenBucket:
    """`rate_per_minute` submissions on average, `burst` at once."""

    def __init__(self, rate_per_minute: float, burst: int, max_keys: int = 100_000) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = float(burst)
        self._max_keys = max_keys
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)

    def take(self, key: str) -> float:
        """0.0 when allowed (a token is spent); otherwise the seconds until one is available."""
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                if len(self._buckets) > self._max_keys:
                    self._prune(now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        full = [k for k, (t, at) in self._buckets.items()
                if t + (now - at) * self.rate >= self.burst]
        for k in full:
            del self._buckets[k]
