"""The envelope between the warm orchestrator (sandbox/warm.py) and a zygote (sandbox/zygote.py).

One `ZygoteJob` per run, sent as one JSON line beside the child's stdout/stderr descriptors.
Both processes are trusted; the job says how to build the box, never what to decide.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sandbox.limits import Rlimit


@dataclass(frozen=True)
class Mask:
    """Hide a forbidden module: `path` (a package folder if `is_pkg`) shows box file `blocker`."""

    path: str
    is_pkg: bool
    blocker: str

    @property
    def module(self) -> str:
        """The masked module's name (the blocker is `blocked/<name>.py`)."""
        return self.blocker.rsplit("/", 1)[-1].removesuffix(".py")


@dataclass(frozen=True)
class ZygoteJob:
    """How one warm child builds its box and what limits it runs under."""

    box: str  # the host folder of the box (lib/, code/, in/, out/, tmp/, etc/)
    root: str  # where the child mounts its private root before pivoting into it
    uid: int  # the sandbox uid the child becomes
    wall_s: float  # the supervisor's backstop; the orchestrator enforces the wall itself
    rlimits: tuple[Rlimit, ...]
    cgroup_procs: tuple[str, ...]  # cgroup.procs files the supervisor puts the child in
    system_dirs: tuple[str, ...]
    system_files: tuple[str, ...]
    runtime_roots: tuple[str, ...]
    masks: tuple[Mask, ...]
    hidden: tuple[str, ...]  # folders inside a runtime root to hide under an empty tmpfs
    seccomp: bytes | None  # the classic-BPF program, or None where seccomp is unsupported
    # A pooled child builds its box, says it is armed, and waits for its `Go` (the limits
    # and masks of the one submission it will run); `rlimits` and `masks` above are unused.
    pooled: bool = False

    def dumps(self) -> bytes:
        """One JSON line."""
        doc = {**vars(self), "rlimits": [[r.name, r.soft, r.hard] for r in self.rlimits],
               "masks": [[m.path, m.is_pkg, m.blocker] for m in self.masks],
               "seccomp": self.seccomp.hex() if self.seccomp is not None else None}
        return json.dumps(doc).encode() + b"\n"

    @staticmethod
    def loads(data: bytes) -> ZygoteJob:
        doc = json.loads(data)
        return ZygoteJob(
            box=str(doc["box"]), root=str(doc["root"]), uid=int(doc["uid"]),
            wall_s=float(doc["wall_s"]),
            rlimits=tuple(Rlimit(str(n), int(s), int(h)) for n, s, h in doc["rlimits"]),
            cgroup_procs=tuple(doc["cgroup_procs"]), system_dirs=tuple(doc["system_dirs"]),
            system_files=tuple(doc["system_files"]), runtime_roots=tuple(doc["runtime_roots"]),
            masks=tuple(Mask(str(p), bool(k), str(b)) for p, k, b in doc["masks"]),
            hidden=tuple(doc["hidden"]),
            seccomp=bytes.fromhex(doc["seccomp"]) if doc["seccomp"] is not None else None,
            pooled=bool(doc.get("pooled", False)))


@dataclass(frozen=True)
class Go:
    """What a pooled child learns once its submission is known: one JSON line."""

    wall_s: float  # the supervisor's backstop, from now on
    rlimits: tuple[Rlimit, ...]
    masks: tuple[Mask, ...]

    def dumps(self) -> bytes:
        doc = {"wall_s": self.wall_s,
               "rlimits": [[r.name, r.soft, r.hard] for r in self.rlimits],
               "masks": [[m.path, m.is_pkg, m.blocker] for m in self.masks]}
        return json.dumps(doc).encode() + b"\n"

    @staticmethod
    def loads(data: bytes) -> Go:
        doc = json.loads(data)
        return Go(wall_s=float(doc["wall_s"]),
                  rlimits=tuple(Rlimit(str(n), int(s), int(h)) for n, s, h in doc["rlimits"]),
                  masks=tuple(Mask(str(p), bool(k), str(b)) for p, k, b in doc["masks"]))
