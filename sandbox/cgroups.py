"""Per-run control groups: a memory cap, a process cap, CPU accounting and a reliable kill.

Works with cgroup v1 (memory + pids + cpuacct hierarchies, as on these hosts) and with a
unified v2 hierarchy. Where neither is writable, `Cgroups.detect` returns None and the
backends fall back to rlimits.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

PARENT = "katagrad"
KILL_WAIT_S = 10.0  # how long a killed group may take to empty before we give up on it


_WHERE: dict[tuple[tuple[Path, ...], str], int] = {}  # (hierarchies, file) -> which dir


def _controller_file(parents: tuple[Path, ...], name: str,
                     dirs: tuple[Path, ...]) -> Path | None:
    """Which controller dir holds `name` depends only on the hierarchies (the parents), not
    on the run: found by probing once, then reused."""
    key = (parents, name)
    i = _WHERE.get(key)
    if i is None:
        i = next((j for j, d in enumerate(dirs) if (d / name).exists()), -1)
        if i >= 0:  # a miss is not kept: the group may not be made yet
            _WHERE[key] = i
    return dirs[i] / name if i >= 0 else None


@dataclass(frozen=True)
class RunGroup:
    """The cgroup(s) of one run."""

    version: int
    dirs: tuple[Path, ...]  # one per controller (v1) or a single dir (v2)

    @property
    def procs_files(self) -> tuple[Path, ...]:
        return tuple(d / "cgroup.procs" for d in self.dirs)

    def _file(self, name: str) -> Path | None:
        """The controller file `name` in whichever of our dirs has it (looked up once per
        hierarchy layout: the drain loop reads cpuacct.usage many times per run)."""
        return _controller_file(tuple(d.parent for d in self.dirs), name, self.dirs)

    def _read(self, name: str) -> str:
        f = self._file(name)
        try:
            return f.read_text() if f else ""
        except OSError:
            return ""

    def oom_killed(self) -> bool:
        """Whether the kernel killed a process here for exceeding the memory cap."""
        text = self._read("memory.events" if self.version == 2 else "memory.oom_control")
        for line in text.splitlines():
            k, _, v = line.partition(" ")
            if k == "oom_kill":
                return v.strip() not in ("", "0")
        # Old v1 kernels have no oom_kill counter: hitting the cap at all is the best sign.
        return self.version == 1 and self._read("memory.failcnt").strip() not in ("", "0")

    def pids_exhausted(self) -> bool:
        text = self._read("pids.events")
        return any(line.startswith("max ") and line.split()[1] != "0" for line in text.splitlines())

    def cpu_s(self) -> float | None:
        if self.version == 1:
            v = self._read("cpuacct.usage").strip()
            return int(v) / 1e9 if v.isdigit() else None
        for line in self._read("cpu.stat").splitlines():
            if line.startswith("usage_usec "):
                return int(line.split()[1]) / 1e6
        return None

    def kill_all(self, timeout_s: float = KILL_WAIT_S) -> bool:
        """SIGKILL every process in the group until it is empty; False if it never emptied.

        Killed processes may take a while to exit (freeing a large memory image on a busy
        host), so this keeps re-killing and waiting, bounded by `timeout_s`.
        """
        if self.version == 2 and (self.dirs[0] / "cgroup.kill").exists():
            with contextlib.suppress(OSError):
                (self.dirs[0] / "cgroup.kill").write_text("1")
        end = time.monotonic() + timeout_s
        while True:
            pids: set[int] = set()
            for f in self.procs_files:
                with contextlib.suppress(OSError):
                    pids.update(int(p) for p in f.read_text().split())
            if not pids:
                return True
            if time.monotonic() > end:
                return False
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.02)

    def set_limits(self, memory_bytes: int, max_pids: int) -> None:
        """Write the memory and process caps (lowering them for a pooled child's run)."""
        for d in self.dirs:
            if self.version == 2:
                (d / "memory.max").write_text(str(memory_bytes))
                with contextlib.suppress(OSError):
                    (d / "memory.swap.max").write_text("0")
                (d / "pids.max").write_text(str(max_pids))
            elif (d / "memory.limit_in_bytes").exists():
                (d / "memory.limit_in_bytes").write_text(str(memory_bytes))  # before memsw:
                with contextlib.suppress(OSError):  # v1 wants memory <= memory+swap
                    (d / "memory.memsw.limit_in_bytes").write_text(str(memory_bytes))
            elif (d / "pids.max").exists():
                (d / "pids.max").write_text(str(max_pids))

    def remove(self) -> None:
        self.kill_all()
        for d in self.dirs:
            for _ in range(100):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


class Cgroups:
    """Creates run groups under a `katagrad` parent in each needed hierarchy."""

    def __init__(self, version: int, parents: dict[str, Path]) -> None:
        self.version, self.parents = version, parents

    @classmethod
    def detect(cls, root: Path) -> Cgroups | None:
        root = Path(root)
        try:
            if (root / "cgroup.controllers").exists():
                ctrl = (root / "cgroup.controllers").read_text().split()
                if not {"memory", "pids"} <= set(ctrl):
                    return None
                parent = root / PARENT
                parent.mkdir(exist_ok=True)
                sub = parent / "cgroup.subtree_control"
                with contextlib.suppress(OSError):
                    sub.write_text("+memory +pids +cpu")
                return cls(2, {"unified": parent})
            parents = {}
            for c in ("memory", "pids", "cpuacct"):
                base = root / c
                if not (base / "cgroup.procs").exists():
                    return None
                (base / PARENT).mkdir(exist_ok=True)
                parents[c] = base / PARENT
            return cls(1, parents)
        except OSError:
            return None

    def sweep_stale(self) -> int:
        """Kill and remove the run groups of graders that died mid-run (kill -9)."""
        from sandbox.box import owner_alive

        swept = 0
        names = {d.name for parent in self.parents.values() if parent.is_dir()
                 for d in parent.iterdir() if d.is_dir()}
        for name in names:
            if "-" in name and not owner_alive(name.split("-", 1)[0]):
                RunGroup(self.version, tuple(p / name for p in self.parents.values()
                                             if (p / name).is_dir())).remove()
                swept += 1
        return swept

    def create(self, memory_bytes: int, max_pids: int) -> RunGroup:
        name = f"{os.getpid()}-{uuid.uuid4().hex}"  # the pid lets a later grader sweep it
        dirs = []
        try:
            for parent in self.parents.values():
                d = parent / name
                d.mkdir()
                dirs.append(d)
            group = RunGroup(self.version, tuple(dirs))
            group.set_limits(memory_bytes, max_pids)
        except OSError:
            RunGroup(self.version, tuple(dirs)).remove()
            raise
        return group
