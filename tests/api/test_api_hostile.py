"""The trust-boundary classes of issue 12 through a real `katagrad serve`, on the warm and the
cold path: a submission's own exit or formatting crash never passes for a box-setup failure,
decoding is bounded, every verdict stays readable, and /api/health never repeats what a box
wrote. The same files run in-process on both paths in tests/sandbox/test_hostile.py."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from katagrad.settings import ROOT
from tests.api.conftest import KATA, wait_terminal

HOSTILE = ROOT / "tests" / "sandbox" / "hostile"
CLASSES = ["exit_status_121.py", "unformattable_exceptions.py", "crash_the_runner.py",
           "lone_surrogates.py", "decode_budget.py", "writable_mounts.py"]
SMALL_ENV = {"KATAGRAD_MAX_CPU_S": "2", "KATAGRAD_MAX_WALL_S": "6",
             "KATAGRAD_MAX_MEMORY_MB": "512", "KATAGRAD_MAX_PROCESSES": "32",
             "KATAGRAD_MAX_OPEN_FILES": "64", "KATAGRAD_MAX_FILE_MB": "8",
             "KATAGRAD_MAX_SCRATCH_MB": "16", "KATAGRAD_MAX_OUTPUT_KB": "64",
             "KATAGRAD_MAX_RESULT_MB": "8"}


def expectation(name: str) -> str:
    m = re.search(r"^# expect: (.+)$", (HOSTILE / name).read_text(), re.MULTILINE)
    assert m
    return m.group(1)


@pytest.mark.parametrize("backend", ["warm", "bwrap"])
def test_trust_boundary_classes_through_http(server_factory: Any, backend: str) -> None:
    server = server_factory(KATAGRAD_SANDBOX=backend, KATAGRAD_WORKERS="2", **SMALL_ENV)
    server.start()
    http = httpx.Client(base_url=server.url, timeout=60)
    ids = {}
    for name in CLASSES:
        r = http.post("/api/submissions", json={"kata_id": KATA, "mode": "submit",
                                                "code": (HOSTILE / name).read_text()})
        assert r.status_code == 202, r.text
        ids[name] = r.json()["id"]
    for name, sid in ids.items():
        sub = wait_terminal(http, sid)
        again = http.get(f"/api/submissions/{sid}")  # readable every time, not only once
        assert again.status_code == 200 and again.json() == sub
        assert sub["status"] == "done", (name, sub)
        report = sub["report"]
        said = "\n".join([report["message"], *(t["message"] for t in report["tests"])])
        assert report["status"] == "graded" and report["score"] == 0.0, (name, said)
        assert re.search(expectation(name), said), (name, said)
        assert "ESCAPED" not in report["output"]["stdout"], (name, report["output"])
    health = http.get("/api/health")
    assert health.status_code == 200
    assert "BOX-WROTE-THIS" not in health.text and "setup failed" not in health.text
    if backend == "warm":
        warm = health.json()["warm"]
        assert warm["cold_fallbacks"] == 0 and warm["last_problem"] == "", warm
