"""A grader killed mid-run (kill -9) leaves a box, its tmpfs mounts and a cgroup; the next
sandbox sweeps them, and only them: what belongs to a live grader stays."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from sandbox.box import BOX_PREFIX, box_root, mount_tmpfs, remove_box
from sandbox.bwrap import BwrapSandbox
from sandbox.cgroups import Cgroups

MiB = 1024 * 1024


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def _box(owner: int) -> Path:
    box = Path(tempfile.mkdtemp(prefix=f"{BOX_PREFIX}{owner}-", dir=box_root()))
    for sub in ("out", "tmp"):
        (box / sub).mkdir()
        mount_tmpfs(box / sub, MiB, 64, 65534)
    return box


def test_leftovers_of_dead_graders_are_swept_and_live_ones_kept(small_settings) -> None:
    dead, alive = _dead_pid(), os.getpid()
    dead_box, live_box = _box(dead), _box(alive)
    cgroups = Cgroups.detect(small_settings.cgroup_root)
    assert cgroups is not None
    groups = {}
    for owner in (dead, alive):
        name = f"{owner}-sweeptest"
        for parent in cgroups.parents.values():
            (parent / name).mkdir()
        groups[owner] = [p / name for p in cgroups.parents.values()]
    try:
        BwrapSandbox(small_settings)
        mounts = Path("/proc/self/mountinfo").read_text()
        assert not dead_box.exists() and str(dead_box) not in mounts
        assert live_box.exists() and f"{live_box}/out" in mounts
        assert not any(d.exists() for d in groups[dead])
        assert all(d.exists() for d in groups[alive])
    finally:
        remove_box(live_box, (live_box / "out", live_box / "tmp"))
        for d in groups[alive]:
            d.rmdir()
