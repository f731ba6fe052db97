"""A load test against a real `katagrad serve` (uvicorn, the warm path, two workers):
1,000 submissions in bursts over several katas, right and wrong, some hostile. None is lost,
no request answers 5xx, every verdict is right, and the server's memory stays bounded."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from graders import variants
from graders.kata import load_katas
from katagrad.settings import ROOT

TOTAL, BURST, CLIENTS = 1000, 100, 20
KATAS = ("attention-numpy", "dropout", "gaussian-kl", "logsumexp-cross-entropy")
HOSTILE = ROOT / "tests" / "sandbox" / "hostile"
HOSTILE_FILES = ("exit_status_121.py", "unformattable_exceptions.py", "crash_the_runner.py",
                 "lone_surrogates.py", "decode_budget.py", "os_exit_in_call.py",
                 "forged_report.py", "pickle_payload.py")
RSS_GROWTH_MB = 400  # what the server may grow by over 1,000 gradings after warming up


def _cases() -> list[tuple[str, str, bool | None]]:
    """(kata, code, perfect?) with None for hostile code, which must be graded and score 0."""
    cases: list[tuple[str, str, bool | None]] = []
    for kata in KATAS:
        folder = ROOT / "katas" / kata
        cases.append((kata, (folder / "reference.py").read_text(), True))
        cases.append((kata, (folder / "stub.py").read_text(), False))
        cases += [(kata, m.read_text(), False) for m in sorted(folder.glob("mutants/*.py"))[:2]]
    cases += [("attention-numpy", (HOSTILE / name).read_text(), None) for name in HOSTILE_FILES]
    return cases


def _rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no {field} for {pid}")


async def _scenario(url: str, pid: int) -> tuple[dict[str, Any], Counter[int], list[float]]:
    cases = _cases()
    statuses: Counter[int] = Counter()
    # idle connections are dropped before uvicorn's 5 s keep-alive ends them under our feet
    limits = httpx.Limits(keepalive_expiry=2.0)
    clients = [httpx.AsyncClient(base_url=url, timeout=120, limits=limits)
               for _ in range(CLIENTS)]
    for c in clients:  # each browser gets its token first
        r = await c.get("/api/submissions")
        statuses[r.status_code] += 1
        c.headers["X-Client-Token"] = r.headers["x-client-token"]
    expected: dict[str, tuple[int, bool | None, str]] = {}
    katas = load_katas(ROOT / "katas")
    client_ids = [c.headers["X-Client-Token"].split(".")[0] for c in clients]

    def for_client(kata_id: str, code: str, perfect: bool | None, who: int) -> str:
        """A correct answer of kata code for the variant practice gives this client."""
        kata = katas[kata_id]
        if not perfect or not kata.variants:
            return code
        return variants.source(variants.pick(kata, variants.for_client(kata, client_ids[who])),
                               code)
    rss: list[float] = []

    async def submit(i: int) -> None:
        kata, code, perfect = cases[i % len(cases)]
        r = await clients[i % CLIENTS].post("/api/submissions", json={
            "kata_id": kata, "code": for_client(kata, code, perfect, i % CLIENTS),
            "mode": "submit"})
        statuses[r.status_code] += 1
        if r.status_code == 202:
            expected[r.json()["id"]] = (i % CLIENTS, perfect, kata)

    async def poll() -> dict[str, Any]:
        done: dict[str, Any] = {}
        for c in clients:
            r = await c.get("/api/submissions", params={"limit": 500})
            statuses[r.status_code] += 1
            done.update({s["id"]: s for s in r.json()["items"]
                         if s["status"] in ("done", "error")})
        return done

    done: dict[str, Any] = {}
    for start in range(0, TOTAL, BURST):  # a burst, then a pause while the queue drains a bit
        await asyncio.gather(*(submit(i) for i in range(start, start + BURST)))
        rss.append(_rss_mb(pid))
        deadline = time.monotonic() + 30
        while len(expected) - len(done) > BURST and time.monotonic() < deadline:
            done = await poll()
            await asyncio.sleep(1.0)
    deadline = time.monotonic() + 1200
    while len(done) < len(expected) and time.monotonic() < deadline:
        done = await poll()
        await asyncio.sleep(1.0)
    rss.append(_rss_mb(pid))
    for c in clients:
        await c.aclose()
    verdicts = {sid: (done.get(sid), perfect, kata) for sid, (_, perfect, kata) in expected.items()}
    return verdicts, statuses, rss


@pytest.mark.slow
def test_1000_submissions_in_bursts(server_factory: Any) -> None:
    server = server_factory(KATAGRAD_RATE_BURST="100000", KATAGRAD_IP_RATE_BURST="100000",
                            KATAGRAD_MAX_QUEUE_DEPTH="5000", KATAGRAD_WORKERS="2",
                            KATAGRAD_MAX_RESULT_MB="8", KATAGRAD_MAX_WALL_S="20")
    server.start()
    assert server.proc is not None
    pid = server.proc.pid
    verdicts, statuses, rss = asyncio.run(_scenario(server.url, pid))

    assert len(verdicts) == TOTAL, statuses  # every submission was accepted...
    lost = [sid for sid, (item, _, _) in verdicts.items() if item is None]
    assert not lost, f"{len(lost)} never finished"  # ...and every one finished
    assert not [s for s in statuses if s >= 500], statuses
    wrong = []
    for sid, (item, perfect, kata) in verdicts.items():
        ok = item["status"] == "done" and (
            item["score"] == 0.0 if perfect is None else (item["score"] == 1.0) == perfect)
        if not ok:
            wrong.append((sid, kata, perfect, item["status"], item["score"]))
    assert not wrong, wrong[:10]
    growth = max(rss) - rss[0]
    assert growth < RSS_GROWTH_MB, f"server RSS {rss[0]:.0f} -> {max(rss):.0f} MiB"
    health = httpx.get(f"{server.url}/api/health").json()
    assert health["warm"]["cold_fallbacks"] == 0, health["warm"]
