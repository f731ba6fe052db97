"""A real `katagrad serve` process: concurrent bursts, and kill -9 losing nothing."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import Counter
from typing import Any

import httpx
import pytest

from tests.api.conftest import KATA, solutions

BURSTS, PER_BURST, CLIENTS = 4, 50, 10  # 200 submissions


async def _burst_submit(url: str) -> tuple[dict[str, tuple[httpx.AsyncClient, bool]],
                                           list[int]]:
    sols = list(solutions().values())
    statuses: list[int] = []
    clients = [httpx.AsyncClient(base_url=url, timeout=60) for _ in range(CLIENTS)]
    for c in clients:  # each browser gets its token first
        r = await c.get("/api/submissions")
        statuses.append(r.status_code)
        c.headers["X-Client-Token"] = r.headers["x-client-token"]
    expected: dict[str, tuple[httpx.AsyncClient, bool]] = {}

    async def one(i: int) -> None:
        code, perfect = sols[i % len(sols)]
        c = clients[i % CLIENTS]
        r = await c.post("/api/submissions", json={"kata_id": KATA, "code": code,
                                                   "mode": "submit"})
        statuses.append(r.status_code)
        if r.status_code == 202:
            expected[r.json()["id"]] = (c, perfect)

    for b in range(BURSTS):
        await asyncio.gather(*(one(b * PER_BURST + i) for i in range(PER_BURST)))
    return expected, statuses


async def _wait_all(expected: dict[str, tuple[httpx.AsyncClient, bool]],
                    statuses: list[int], timeout: float) -> dict[str, dict[str, Any]]:
    done: dict[str, dict[str, Any]] = {}
    deadline = time.monotonic() + timeout
    clients = {id(c): c for c, _ in expected.values()}.values()
    while len(done) < len(expected) and time.monotonic() < deadline:
        for c in clients:
            r = await c.get("/api/submissions", params={"kata_id": KATA, "limit": 500})
            statuses.append(r.status_code)
            for item in r.json()["items"]:
                if item["status"] in ("done", "error"):
                    done[item["id"]] = item
        await asyncio.sleep(1.0)
    return done


@pytest.mark.slow
def test_200_concurrent_submissions_all_graded_correctly(server_factory: Any) -> None:
    server = server_factory(KATAGRAD_RATE_BURST="1000", KATAGRAD_IP_RATE_BURST="1000")
    server.start()

    async def scenario() -> None:
        expected, statuses = await _burst_submit(server.url)
        assert len(expected) == BURSTS * PER_BURST, Counter(statuses)
        done = await _wait_all(expected, statuses, timeout=900)
        assert len(done) == len(expected), f"{len(expected) - len(done)} never finished"
        assert not [s for s in statuses if s >= 500], Counter(statuses)
        wrong = [(sid, item["score"]) for sid, item in done.items()
                 if item["status"] != "done" or (item["score"] == 1.0) != expected[sid][1]]
        assert not wrong, wrong[:5]
        for c in {id(c): c for c, _ in expected.values()}.values():
            await c.aclose()

    asyncio.run(scenario())
    metrics = httpx.get(f"{server.url}/metrics").text
    assert f'katagrad_submissions{{status="done"}} {float(BURSTS * PER_BURST)}' in metrics


@pytest.mark.slow
def test_kill_9_loses_nothing_and_grades_each_once(server_factory: Any) -> None:
    server = server_factory(KATAGRAD_WORKERS="1")
    server.start()
    sols = list(solutions().values())
    http = httpx.Client(base_url=server.url, timeout=30)
    expected = {}
    for i in range(8):
        code, perfect = sols[i % len(sols)]
        r = http.post("/api/submissions", json={"kata_id": KATA, "code": code, "mode": "submit"})
        assert r.status_code == 202
        expected[r.json()["id"]] = perfect
    token = http.cookies.get("katagrad_client")
    db = server.data_dir / "katagrad.db"

    def statuses() -> Counter[str]:
        with sqlite3.connect(db) as conn:
            return Counter(s for (s,) in conn.execute("SELECT status FROM submissions"))

    deadline = time.monotonic() + 60
    while statuses()["running"] == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.kill9()
    before = statuses()
    assert before["queued"] + before["running"] > 0, before  # work was cut off

    server.start()  # same data dir: recovers and grades the rest
    http = httpx.Client(base_url=server.url, timeout=30, headers={"X-Client-Token": token})
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        items = http.get("/api/submissions", params={"limit": 500}).json()["items"]
        if all(i["status"] in ("done", "error") for i in items):
            break
        time.sleep(0.5)
    listed = http.get("/api/submissions", params={"limit": 500}).json()["items"]
    items = {i["id"]: i for i in listed}
    assert set(items) == set(expected)
    for sid, perfect in expected.items():
        sub = http.get(f"/api/submissions/{sid}").json()
        assert sub["status"] == "done" and sub["report"] is not None, sub
        assert (sub["score"] == 1.0) is perfect, (sid, sub["score"])

    # exactly one terminal write per submission, across both server lives
    finished = Counter(r["submission"] for r in server.log_records()
                       if r.get("msg") == "submission finished")
    assert finished == Counter(dict.fromkeys(expected, 1)), finished
    with sqlite3.connect(db) as conn:
        attempts = dict(conn.execute("SELECT id, attempts FROM submissions").fetchall())
    assert all(a >= 1 for a in attempts.values())
    if before["running"]:
        assert max(attempts.values()) == 2  # the interrupted one was graded again, once
    started = [r for r in server.log_records() if r.get("msg") == "service started"]
    assert started[-1]["requeued"] == before["queued"] + before["running"]
