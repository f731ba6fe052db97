"""UNSAFE: runs the runner as a plain subprocess with rlimits and no isolation at all.

For kata authors on a machine without bubblewrap. The settings refuse it unless
KATAGRAD_ALLOW_UNSANDBOXED is set, and the CLI prints a warning whenever it is used.
"""

from __future__ import annotations

import sys

from katagrad.settings import Settings
from sandbox.base import LimitHit, RunOutcome, RunRequest
from sandbox.box import collect_outputs, harness_files, make_box, remove_box
from sandbox.harness import envelope
from sandbox.limits import MiB, rlimits
from sandbox.process import run_capped


class UnsafeLocalSandbox:
    name = "unsafe-local"
    isolation = "NONE (unsafe-local: submissions run as this user, unconfined)"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def check(self) -> None:
        return None

    def status(self) -> dict[str, object] | None:
        return None

    def warm_up(self) -> None:
        return None  # nothing lives between runs

    def close(self) -> None:
        return None

    def run(self, request: RunRequest) -> RunOutcome:
        limits = request.limits
        box = make_box({**harness_files(), **request.files}, owner_uid=None)
        try:
            argv = ["prlimit", *(r.prlimit_arg() for r in rlimits(limits, has_cgroup=False)),
                    "--", sys.executable, "-I", "-B", str(box / envelope.RUNNER), str(box)]
            done = run_capped(argv, deadline_s=limits.wall_s, output_cap=limits.output_bytes,
                              env={"PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1",
                                   "HOME": str(box)}, cwd=str(box))
            outputs, notes = collect_outputs(box / envelope.OUT, self.settings.max_result_mb * MiB)
            code = done.returncode if done.returncode >= 0 else None
            sig = -done.returncode if done.returncode < 0 else None
            return RunOutcome(code, sig, LimitHit.WALL if done.timed_out else None, done.stdout,
                              done.stderr, done.truncated, outputs, done.wall_s, tuple(notes))
        finally:
            remove_box(box)
