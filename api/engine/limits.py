"""Token buckets shared by every API process, one row per key in PostgreSQL.

A row lock serialises takers of one key; different keys never wait on each other. Why not
pyrate-limiter's PostgresBucket: it keeps one table per bucket (so one per client token) and
refuses a request whenever another holds its table lock (`LOCK TABLE ... NOWAIT`), which
rejects legitimate bursts (docs/adr/0001-task-engine.md).
"""

from __future__ import annotations

from sqlalchemy import Engine, text

_CREATE = ("INSERT INTO rate_buckets (key, tokens, at) VALUES (:key, :burst, clock_timestamp()) "
           "ON CONFLICT (key) DO NOTHING")
_READ = ("SELECT tokens, EXTRACT(EPOCH FROM clock_timestamp() - at) FROM rate_buckets "
         "WHERE key = :key FOR UPDATE")
_WRITE = "UPDATE rate_buckets SET tokens = :tokens, at = clock_timestamp() WHERE key = :key"


class SharedTokenBucket:
    """`rate_per_minute` on average, `burst` at once, per key, across processes and hosts."""

    def __init__(self, engine: Engine, name: str, rate_per_minute: float, burst: int) -> None:
        self.engine, self.name = engine, name
        self.rate = rate_per_minute / 60.0
        self.burst = float(burst)

    def take(self, key: str) -> float:
        """0.0 when allowed (a token is spent); otherwise the seconds until one is available."""
        key = f"{self.name}:{key}"[:200]
        with self.engine.begin() as conn:
            conn.execute(text(_CREATE), {"key": key, "burst": self.burst})
            tokens, elapsed = conn.execute(text(_READ), {"key": key}).one()
            tokens = min(self.burst, tokens + max(0.0, float(elapsed)) * self.rate)
            wait = 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate
            conn.execute(text(_WRITE), {"key": key, "tokens": tokens - 1.0 if not wait else tokens})
        return wait


def prune(engine: Engine) -> int:
    """Forget buckets untouched for a day (they would be full again anyway)."""
    with engine.begin() as conn:
        result = conn.execute(text("DELETE FROM rate_buckets WHERE at < now() - interval '1 day'"))
        return int(result.rowcount)  # type: ignore[attr-defined]
