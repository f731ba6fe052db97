"""Run one command with a wall deadline and capped output, then kill whatever it left behind."""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

POLL_S = 0.2  # how often the budget check runs while the box is quiet
EXIT_GRACE_S = 0.5  # how long output may still flow once the main process has exited


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: bytes
    stderr: bytes
    truncated: bool
    timed_out: bool
    wall_s: float
    stopped: bool = False  # `stop_when` said so (e.g. the CPU budget of the whole tree)


def run_capped(
    argv: Sequence[str],
    *,
    deadline_s: float,
    output_cap: int,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
    kill_tree: Callable[[], object] | None = None,
    stop_when: Callable[[], bool] | None = None,
    pass_fds: Sequence[int] = (),
) -> Finished:
    """Run `argv` in its own session; keep `output_cap` bytes of stdout+stderr, drain the rest.

    At the deadline, or as soon as `stop_when()` is true, the whole process group is SIGKILLed
    (and `kill_tree`, if given, kills anything that left the group). Once the main process
    has exited, whatever still holds its output open gets `EXIT_GRACE_S`, then is killed too.
    The call returns within the deadline plus a short grace, whatever the box does.
    """
    started = time.monotonic()
    proc = subprocess.Popen(
        list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=env, cwd=cwd, start_new_session=True, close_fds=True, pass_fds=tuple(pass_fds),
    )
    kept = {"stdout": bytearray(), "stderr": bytearray()}
    truncated = timed_out = stopped = False
    exited_at: float | None = None
    sel = selectors.DefaultSelector()
    assert proc.stdout is not None and proc.stderr is not None
    sel.register(proc.stdout, selectors.EVENT_READ, "stdout")
    sel.register(proc.stderr, selectors.EVENT_READ, "stderr")
    open_streams = 2
    try:
        while open_streams:
            now = time.monotonic()
            left = started + deadline_s - now
            if left <= 0:
                timed_out = True
                break
            if stop_when is not None and stop_when():
                stopped = True
                break
            if exited_at is None and proc.poll() is not None:
                exited_at = now
            if exited_at is not None and now - exited_at > EXIT_GRACE_S:
                break  # a leftover holds the pipes open; the finally below kills it
            for key, _ in sel.select(timeout=min(left, POLL_S)):
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
        while not (timed_out or stopped) and proc.poll() is None:
            left = started + deadline_s - time.monotonic()
            if left <= 0:
                timed_out = True
            elif stop_when is not None and stop_when():
                stopped = True
            else:
                time.sleep(min(left, POLL_S / 4))
    finally:
        if timed_out or stopped or proc.poll() is None:
            _kill_group(proc.pid)
        if kill_tree is not None:
            kill_tree()
        proc.wait()
        sel.close()
        proc.stdout.close()
        proc.stderr.close()
    return Finished(proc.returncode, bytes(kept["stdout"]), bytes(kept["stderr"]),
                    truncated, timed_out, time.monotonic() - started, stopped)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
