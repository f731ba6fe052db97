"""Server-Sent Events for one submission: status changes, per-check progress, the report;
and for an interview's candidate: the round's state as the interviewer changes it.

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
from api.interviews.domain import now
from api.interviews.schemas import CandidateView
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


LIVE_POLL_S = 0.5  # extend, revoke and finish reach the candidate's page within about this
LIVE_MAX_S = 600.0  # then the stream ends and the browser's EventSource reconnects
HEARTBEAT_S = 15.0


async def interview_events(service: Service, token: str, poll_s: float = LIVE_POLL_S,
                           max_s: float = LIVE_MAX_S) -> AsyncIterator[str]:
    """The candidate's view of the round, sent first and again each time its state, deadline
    or end changes, or the interviewer unlocks a follow-up part (read from the database, so
    a change made by any process arrives)."""
    loop = asyncio.get_running_loop()
    start = last_sent = loop.time()
    seen: tuple[object, ...] | None = None
    yield "retry: 1000\n\n"
    while loop.time() - start < max_s:
        iv = await run_in_threadpool(service.interviews.by_token, token)
        if iv is None:
            return
        at = now()
        unlocked = await run_in_threadpool(service.parts.unlocked_by_hand, iv.id)
        key = (iv.timing.state(at), iv.timing.deadline(), iv.timing.ended_at, unlocked)
        if key != seen:
            seen = key
            view = CandidateView.of(iv, service.katas.title, {}, at)  # code left out: not live
            yield frame("view", view.model_dump(mode="json"))
            last_sent = loop.time()
        elif loop.time() - last_sent >= HEARTBEAT_S:
            yield ": alive\n\n"
            last_sent = loop.time()
        await asyncio.sleep(poll_s)
