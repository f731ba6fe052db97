"""Server-Sent Events for one submission: status changes, per-check progress, the report.

A client that connects late gets the history so far; one that connects after the end gets
the final state at once. If live events stop (another process graded it), the database is
polled.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.concurrency import run_in_threadpool

from api.db.store import Submission
from api.service import Service

POLL_S = 2.0


def frame(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, allow_nan=False)}\n\n"


def _final(sub: Submission) -> str:
    return frame("report", {"id": sub.id, "status": sub.status.value, "report": sub.report,
                            "error": sub.error})


async def submission_events(service: Service, submission_id: str,
                            client_id: str) -> AsyncIterator[str]:
    sub = service.bus.subscribe(submission_id)  # before reading the row: no gap
    try:
        row = await run_in_threadpool(service.store.get, submission_id, client_id)
        if row is None:
            return
        if row.terminal:
            yield _final(row)
            return
        yield frame("status", {"id": row.id, "status": row.status.value})
        pending = list(sub.history)
        while True:
            if pending:
                event, data = pending.pop(0)
            else:
                try:
                    event, data = await asyncio.wait_for(sub.queue.get(), timeout=POLL_S)
                except TimeoutError:
                    row = await run_in_threadpool(service.store.get, submission_id)
                    if row is not None and row.terminal:
                        yield _final(row)
                        return
                    yield ": waiting\n\n"
                    continue
            if event == "end":
                yield frame("report", data)
                return
            yield frame(event, data)
    finally:
        service.bus.unsubscribe(sub)
