"""Per-check progress across processes: workers NOTIFY, each API process LISTENs and feeds
its own EventBus, which the SSE streams read."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import psycopg
from sqlalchemy import Engine, text

from api.db.store import SubmissionStore
from api.events import EventBus

log = logging.getLogger("katagrad.engine")

CHANNEL = "katagrad_events"
MAX_PAYLOAD = 7900  # PostgreSQL refuses NOTIFY payloads of 8000 bytes or more


def encode(submission_id: str, event: str, data: dict[str, Any]) -> str | None:
    """The NOTIFY payload; a too-large check loses its diagnostics (the report keeps them)."""
    if event == "end":  # the report may be large: listeners read it from the row
        data = {"id": data.get("id"), "status": data.get("status")}
    payload = json.dumps({"s": submission_id, "e": event, "d": data}, allow_nan=False)
    if len(payload.encode()) > MAX_PAYLOAD:
        slim = {k: v for k, v in data.items() if k != "diagnostics"}
        if isinstance(slim.get("message"), str):
            slim["message"] = slim["message"][:1000]
        payload = json.dumps({"s": submission_id, "e": event, "d": slim}, allow_nan=False)
    return payload if len(payload.encode()) <= MAX_PAYLOAD else None


class NotifyPublisher:
    """A worker's `Publisher`: every event is one NOTIFY on the shared database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def publish(self, submission_id: str, event: str, data: dict[str, Any]) -> None:
        payload = encode(submission_id, event, data)
        if payload is None:
            log.warning("progress event too large to send", extra={"submission": submission_id})
            return
        try:
            with self.engine.begin() as conn:
                conn.execute(text("SELECT pg_notify(:channel, :payload)"),
                             {"channel": CHANNEL, "payload": payload})
        except Exception:  # noqa: BLE001 - progress is best effort; the row is the truth
            log.exception("could not send a progress event", extra={"submission": submission_id})

    def forget(self, submission_id: str) -> None:
        """Nothing is kept here."""


class NotifyListener:
    """A thread of an API process that relays every worker's events into its EventBus."""

    def __init__(self, conninfo: str, bus: EventBus, store: SubmissionStore) -> None:
        self.conninfo, self.bus, self.store = conninfo, bus, store
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name="notify-listener", daemon=True)

    def start(self, timeout: float = 10.0) -> None:
        self._thread.start()
        self._listening.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5.0)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._listening.set()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            self._deliver(note.payload)
            except psycopg.Error:
                log.exception("lost the progress channel; reconnecting")
                self._stop.wait(1.0)

    def _deliver(self, payload: str) -> None:
        try:
            msg = json.loads(payload)
            submission_id, event, data = msg["s"], msg["e"], msg["d"]
        except (ValueError, KeyError, TypeError):
            log.warning("malformed progress event dropped")
            return
        if event != "end":
            self.bus.publish(submission_id, event, data)
            return
        row = self.store.get(submission_id)
        if row is not None:
            self.bus.publish(submission_id, "end", {"id": row.id, "status": row.status.value,
                                                    "report": row.report, "error": row.error})
        self.bus.forget(submission_id)
