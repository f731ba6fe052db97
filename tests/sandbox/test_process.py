"""run_capped: the deadline holds whatever the child does, output is capped and drained,
and a leftover holding the pipes open cannot keep the call waiting."""

from __future__ import annotations

import contextlib
import os
import signal
import sys

from sandbox.process import EXIT_GRACE_S, run_capped

PY = sys.executable


def test_output_is_capped_and_the_rest_drained() -> None:
    code = "import os\nfor _ in range(64): os.write(1, b'x' * 65536)\n"
    done = run_capped([PY, "-c", code], deadline_s=30, output_cap=1000)
    assert done.returncode == 0 and done.truncated and not done.timed_out
    assert len(done.stdout) + len(done.stderr) == 1000


def test_deadline_kills_a_sleeper_ignoring_sigterm() -> None:
    code = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(60)\n"
    done = run_capped([PY, "-c", code], deadline_s=1, output_cap=1000)
    assert done.timed_out and done.returncode < 0
    assert done.wall_s < 1 + 5


def test_a_daemon_holding_stdout_does_not_hold_the_call() -> None:
    code = ("import os, time\n"
            "if os.fork() == 0:\n    os.setsid()\n"
            "    os.write(2, b'%d\\n' % os.getpid())\n    time.sleep(60)\n"
            "print('done')\n")
    done = run_capped([PY, "-c", code], deadline_s=30, output_cap=1000)
    with contextlib.suppress(ValueError, ProcessLookupError):
        os.kill(int(done.stderr.split()[0]), signal.SIGKILL)  # outside a sandbox: our job
    assert done.returncode == 0 and not done.timed_out and b"done" in done.stdout
    assert done.wall_s < EXIT_GRACE_S + 5


def test_stop_when_ends_the_run() -> None:
    done = run_capped([PY, "-c", "while True: pass"], deadline_s=30, output_cap=100,
                      stop_when=lambda: True)
    assert done.stopped and not done.timed_out
