"""Run one command with a wall deadline and capped output, then kill whatever it left behind."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: bytes
    stderr: bytes
    truncated: bool
    timed_out: bool
    wall_s: float


def run_capped(
    argv: Sequence[str],
    *,
    deadline_s: float,
    output_cap: int,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
    kill_tree: Callable[[], None] | None = None,
) -> Finished:
    """Run `argv` in its own session; keep `output_cap` bytes of stdout+stderr, drain the rest.

    At the deadline the whole process group is SIGKILLed (and `kill_tree`, if given, kills
    anything that left the group). The call returns within the deadline plus a short grace.
    """
    started = time.monotonic()
    proc = subprocess.Popen(
        list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=env, cwd=cwd, start_new_session=True, close_fds=True,
    )
    kept = {"stdout": bytearray(), "stderr": bytearray()}
    truncated = False
    timed_out = False
    sel = selectors.DefaultSelector()
    assert proc.stdout is not None and proc.stderr is not None
    sel.register(proc.stdout, selectors.EVENT_READ, "stdout")
    sel.register(proc.stderr, selectors.EVENT_READ, "stderr")
    open_streams = 2
    try:
        while open_streams:
            left = started + deadline_s - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            for key, _ in sel.select(timeout=min(left, 0.5)):
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    sel.unregister(key.fileobj)
                    open_streams -= 1
                    continue
                room = output_cap - len(kept["stdout"]) - len(kept["stderr"])
                if room > 0:
                    kept[key.data] += chunk[:room]
                if len(chunk) > max(room, 0):
                    truncated = True
        if not timed_out:
            left = started + deadline_s - time.monotonic()
            try:
                proc.wait(timeout=max(left, 0.01))
            except subprocess.TimeoutExpired:
                timed_out = True
    finally:
        if timed_out or proc.poll() is None:
            _kill_group(proc.pid)
        if kill_tree is not None:
            kill_tree()
        proc.wait()
        sel.close()
        proc.stdout.close()
        proc.stderr.close()
    return Finished(proc.returncode, bytes(kept["stdout"]), bytes(kept["stderr"]),
                    truncated, timed_out, time.monotonic() - started)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass
