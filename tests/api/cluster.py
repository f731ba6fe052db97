"""A local cluster for tests: one PostgreSQL database, `katagrad serve` API processes with
workers=0, and `katagrad worker` processes, each logging JSON to its own file."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from katagrad.settings import ROOT
from tests.api.conftest import free_port

KATAGRAD = str(Path(sys.executable).parent / "katagrad")


def fresh_database(admin_url: str) -> str:
    """A new, empty database on the test cluster; its URL."""
    name = f"cluster_{secrets.token_hex(6)}"
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


class Proc:
    """One katagrad process with its log file."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.argv, self.env, self.log = argv, env, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as f:
            self.proc = subprocess.Popen(self.argv, env=self.env, stdout=f,
                                         stderr=subprocess.STDOUT, cwd=ROOT)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def signal(self, sig: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def wait(self, timeout: float) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.signal(signal.SIGTERM)
            try:
                self.wait(60)
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGKILL)
                self.wait(30)

    def records(self) -> list[dict[str, Any]]:
        out = []
        if self.log.exists():
            for line in self.log.read_text(errors="replace").splitlines():
                if line.startswith("{"):
                    with contextlib.suppress(ValueError):
                        out.append(json.loads(line))
        return out

    def ids(self, msg: str) -> list[str]:
        """Submission ids of this process's log records with message `msg`."""
        return [r["submission"] for r in self.records() if r.get("msg") == msg]

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


class Cluster:
    """Processes sharing one database; `stop_all` ends what is left."""

    def __init__(self, tmp_path: Path, database_url: str, **env: str) -> None:
        self.tmp = tmp_path
        self.env = {**os.environ, "KATAGRAD_DATABASE_URL": database_url,
                    "KATAGRAD_LOG_FORMAT": "json", "KATAGRAD_SECRET_KEY": "k" * 40,
                    "KATAGRAD_RATE_PER_MINUTE": "100000", "KATAGRAD_RATE_BURST": "10000",
                    "KATAGRAD_IP_RATE_PER_MINUTE": "100000", "KATAGRAD_IP_RATE_BURST": "10000",
                    "KATAGRAD_HEARTBEAT_S": "1", "KATAGRAD_STALLED_AFTER_S": "4",
                    "KATAGRAD_MAINTENANCE_S": "1", **env}
        self.procs: list[Proc] = []
        self.url = ""

    def api(self, **env: str) -> Proc:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        p = Proc([KATAGRAD, "serve"],
                 {**self.env, "KATAGRAD_WORKERS": "0", "KATAGRAD_PORT": str(port),
                  "KATAGRAD_DATA_DIR": str(self.tmp / f"api-{len(self.procs)}"), **env},
                 self.tmp / f"api-{len(self.procs)}.log")
        self.procs.append(p)
        p.start()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert p.alive(), f"API exited:\n{p.tail()}"
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return p
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"API did not come up:\n{p.tail()}")

    def worker(self, concurrency: int = 2, wait_ready: bool = True, **env: str) -> Proc:
        n = len(self.procs)
        p = Proc([KATAGRAD, "worker", "--concurrency", str(concurrency)],
                 {**self.env, "KATAGRAD_DATA_DIR": str(self.tmp / f"worker-{n}"), **env},
                 self.tmp / f"worker-{n}.log")
        self.procs.append(p)
        p.start()
        if wait_ready:
            deadline = time.monotonic() + 120
            while not any(r.get("msg") == "worker started" for r in p.records()):
                assert p.alive(), f"worker exited:\n{p.tail()}"
                assert time.monotonic() < deadline, f"worker did not start:\n{p.tail()}"
                time.sleep(0.2)
        return p

    def client(self) -> httpx.Client:
        c = httpx.Client(base_url=self.url, timeout=60)
        r = c.get("/api/submissions")
        c.headers["X-Client-Token"] = r.headers["x-client-token"]
        return c

    def stop_all(self) -> None:
        for p in self.procs:
            if p.alive():
                p.signal(signal.SIGKILL)
                p.wait(30)


def wait_until(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)
