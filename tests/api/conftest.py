"""API fixtures: a service on a throwaway database, solutions with known scores, a real server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from katagrad.settings import ROOT, Settings, load_settings

KATA = "attention-numpy"
KATA_DIR = ROOT / "katas" / KATA
POSTGRES_URL = os.environ.get("KATAGRAD_TEST_POSTGRES_URL")


def solutions() -> dict[str, tuple[str, bool]]:
    """name -> (code, should score 1.0 on submit)."""
    out = {"reference": ((KATA_DIR / "reference.py").read_text(), True),
           "alternative": ((ROOT / "tests/katas/alternatives" / f"{KATA}.py").read_text(), True),
           "stub": ((KATA_DIR / "stub.py").read_text(), False)}
    for m in sorted((KATA_DIR / "mutants").glob("*.py")):
        out[f"mutant:{m.stem}"] = (m.read_text(), False)
    return out


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """None (SQLite under data_dir) or a fresh PostgreSQL schema from scripts/test.sh."""
    if request.param == "sqlite":
        return None
    if not POSTGRES_URL:
        pytest.skip("KATAGRAD_TEST_POSTGRES_URL is unset: scripts/test.sh starts PostgreSQL")
    import sqlalchemy as sa

    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:  # each test starts from an empty database
        # every table, and Procrastinate's types and functions too
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return POSTGRES_URL


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    base: dict[str, Any] = {"data_dir": tmp_path / "data", "workers": 2, "log_format": "text"}
    return load_settings(**{**base, **overrides})


@pytest.fixture()
def api_settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture()
def client(api_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings)) as c:
        yield c


def wait_terminal(client: httpx.Client | TestClient, submission_id: str,
                  timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/submissions/{submission_id}").json()
        if body["status"] in ("done", "error"):
            return body  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError(f"{submission_id} did not finish in {timeout} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`katagrad serve` as a real process, with its logs in a file."""

    def __init__(self, tmp_path: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = tmp_path / "data"
        self.env = {**os.environ, "KATAGRAD_PORT": str(self.port),
                    "KATAGRAD_DATA_DIR": str(self.data_dir), "KATAGRAD_LOG_FORMAT": "json",
                    **env}
        self.logs: list[Path] = []
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.data_dir.parent / f"server-{len(self.logs)}.log"
        self.logs.append(log)
        exe = Path(sys.executable).parent / "katagrad"
        with log.open("wb") as f:
            self.proc = subprocess.Popen([str(exe), "serve"], env=self.env, stdout=f,
                                         stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"server did not come up:\n{log.read_text()[-3000:]}")

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(30)

    def log_records(self) -> list[dict[str, Any]]:
        records = []
        for log in self.logs:
            for line in log.read_text().splitlines():
                if line.startswith("{"):
                    records.append(json.loads(line))
        return records


@pytest.fixture()
def server_factory(tmp_path: Path) -> Iterator[Any]:
    servers: list[Server] = []

    def make(**env: str) -> Server:
        s = Server(tmp_path, **env)
        servers.append(s)
        return s

    yield make
    for s in servers:
        s.stop()
