"""Fixtures for the sandbox tests: small limits, a dedicated sandbox uid, and host-side probes
(listeners, a canary, a secret) that a hostile submission must not reach."""

from __future__ import annotations

import secrets
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graders.kata import Kata, load_kata
from katagrad.settings import ROOT, Settings, load_settings
from sandbox import bwrap
from sandbox.bwrap import BwrapSandbox
from sandbox.cgroups import Cgroups, RunGroup
from sandbox.warm import WarmSandbox

# A uid no other engineer's sandbox uses, so that "no process of this uid is left" is exact.
HOSTILE_UID = 64123
SMALL = dict(max_cpu_s=2.0, max_wall_s=6.0, max_memory_mb=512, max_processes=32,
             max_open_files=64, max_file_mb=8, max_scratch_mb=16, max_output_kb=64,
             max_result_mb=8)


@pytest.fixture(scope="session")
def small_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(katas_dir=ROOT / "katas", data_dir=tmp_path_factory.mktemp("data"),
                         sandbox_uid=HOSTILE_UID, **SMALL)


@pytest.fixture(scope="session", params=["bwrap", "warm", "pooled"])
def small_sandbox(request: pytest.FixtureRequest,
                  small_settings: Settings) -> Iterator[BwrapSandbox]:
    """The cold bwrap path, the warm path forking each child on demand, and the warm path's
    pre-forked pool (every run served by a pooled child), each with small limits."""
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: scripts/install.sh installs it")
    if request.param == "bwrap":
        yield BwrapSandbox(small_settings)
        return
    pool = 0 if request.param == "warm" else 2
    warm = WarmSandbox(small_settings.model_copy(update={"warm_pool": pool}))
    yield warm
    warm.close()


@pytest.fixture(scope="session")
def attention() -> Kata:
    return load_kata(ROOT / "katas" / "attention-numpy")


@dataclass
class Listeners:
    """Host-side loopback listeners that count every connection they accept."""

    port: int
    abstract: str
    accepted: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def listeners() -> Iterator[Listeners]:
    socks = []
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.bind(("127.0.0.1", 0))
    port = tcp.getsockname()[1]
    socks.append(tcp)
    try:
        tcp6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        tcp6.bind(("::1", port))
        socks.append(tcp6)
    except OSError:
        pass
    name = f"katagrad-hostile-{secrets.token_hex(4)}"
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.bind("\0" + name)
    socks.append(unix)
    found = Listeners(port, name)
    stop = threading.Event()

    def serve(s: socket.socket) -> None:
        s.listen(8)
        s.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, addr = s.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            found.accepted.append(str(addr))
            conn.close()

    threads = [threading.Thread(target=serve, args=(s,), daemon=True) for s in socks]
    for t in threads:
        t.start()
    yield found
    stop.set()
    for t in threads:
        t.join(timeout=2)
    for s in socks:
        s.close()


@dataclass
class Canary:
    path: Path
    content: str


@pytest.fixture(scope="session")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Canary:
    path = tmp_path_factory.mktemp("canary") / "canary.txt"
    content = f"canary {secrets.token_hex(16)}\n"
    path.write_text(content)
    path.chmod(0o666)  # writable by anyone on the host: only the box's walls protect it
    path.parent.chmod(0o777)
    return Canary(path, content)


@dataclass
class Made:
    """What one grading created on the host: its box folders and its cgroups."""

    boxes: list[Path] = field(default_factory=list)
    groups: list[RunGroup] = field(default_factory=list)


@pytest.fixture()
def made(monkeypatch: pytest.MonkeyPatch) -> Made:
    record = Made()
    real_make_box, real_create = bwrap.make_box, Cgroups.create

    def make_box(*args, **kwargs):  # type: ignore[no-untyped-def]
        box = real_make_box(*args, **kwargs)
        record.boxes.append(box)
        return box

    def create(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        group = real_create(self, *args, **kwargs)
        record.groups.append(group)
        return group

    monkeypatch.setattr(bwrap, "make_box", make_box)
    monkeypatch.setattr(Cgroups, "create", create)
    return record


def wait_for(cond, timeout_s: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    """Poll `cond` every 10 ms until it holds (True) or `timeout_s` passes (False)."""
    deadline = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
