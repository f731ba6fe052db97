"""Scratch runs in the real sandboxes (cold bwrap and warm): the file runs as a script under the
kata's limits and forbidden modules, sees nothing hidden, and its output and figures come back
capped."""

from __future__ import annotations

import struct
import zlib

import pytest

from graders.kata import Kata
from graders.scratch import ScratchStatus, run_scratch, scratch_request
from katagrad.settings import Settings
from sandbox.base import LimitHit
from sandbox.bwrap import BwrapSandbox
from sandbox.harness import envelope


@pytest.fixture(scope="module")
def plot_settings(small_settings: Settings) -> Settings:
    """The kata's own limits (10 s CPU, 20 s wall): importing matplotlib and building its font
    cache in a fresh box costs about a second of CPU, more on a busy 2-core machine."""
    return small_settings.model_copy(update={"max_cpu_s": 10.0, "max_wall_s": 40.0})


def _scratch(box: BwrapSandbox, kata: Kata, code: str, settings: Settings):  # type: ignore[no-untyped-def]
    return run_scratch(kata, code, sandbox=box, settings=settings)


def test_main_block_runs_and_times_come_back(small_sandbox, attention, small_settings) -> None:
    code = ("import numpy as np\n\ndef softmax(x):\n    return np.exp(x) / np.exp(x).sum()\n\n"
            "print('top level')\n"
            "if __name__ == '__main__':\n    print('main block', softmax(np.zeros(4)).sum())\n")
    res = _scratch(small_sandbox, attention, code, small_settings)
    assert res.status is ScratchStatus.OK, res
    assert res.stdout == "top level\nmain block 1.0\n"
    assert res.exit_code == 0 and res.limit is None and res.figures == ()
    assert res.wall_s > 0 and res.cpu_s is not None and res.cpu_s > 0


def test_traceback_names_editor_lines_only(small_sandbox, attention, small_settings) -> None:
    code = "def f(x):\n    return 1 / x\n\nprint('before')\nf(0)\n"
    res = _scratch(small_sandbox, attention, code, small_settings)
    assert res.status is ScratchStatus.FAILED and res.exit_code == 1
    assert res.stdout == "before\n"
    assert 'File "solution.py", line 5, in <module>' in res.stderr
    assert 'File "solution.py", line 2, in f' in res.stderr
    assert "return 1 / x" in res.stderr  # the source line, as the editor shows it
    assert "ZeroDivisionError" in res.stderr
    assert "runner" not in res.stderr and "/box" not in res.stderr


def test_exit_status_is_the_scripts(small_sandbox, attention, small_settings) -> None:
    res = _scratch(small_sandbox, attention, "import sys\nsys.exit(3)\n", small_settings)
    assert res.status is ScratchStatus.FAILED and res.exit_code == 3
    assert res.message == "exited with status 3"


def test_limits_end_a_runaway_script(small_sandbox, attention, small_settings) -> None:
    res = _scratch(small_sandbox, attention, "while True:\n    pass\n", small_settings)
    assert res.status is ScratchStatus.LIMIT
    assert res.limit in (LimitHit.CPU, LimitHit.WALL)


def test_memory_limit(small_sandbox, attention, small_settings) -> None:
    res = _scratch(small_sandbox, attention,
                   "x = bytearray(2 * 1024**3)\nprint(len(x))\n", small_settings)
    assert res.status in (ScratchStatus.LIMIT, ScratchStatus.FAILED)
    assert "2147483648" not in res.stdout


def test_forbidden_module_blocked_in_the_box(small_sandbox, attention, small_settings) -> None:
    # Past the static phase (which refuses `import torch` before anything runs), the box
    # itself has no torch for this kata.
    rejected = _scratch(small_sandbox, attention, "import torch\n", small_settings)
    assert rejected.status is ScratchStatus.REJECTED and rejected.line == 1
    request = scratch_request(attention, "import builtins\nm = 'tor' + 'ch'\n"
                              "try:\n    getattr(builtins, '__imp' + 'ort__')(m)\n"
                              "except ImportError as e:\n    print('blocked:', e)\n",
                              small_settings)
    outcome = small_sandbox.run(request)
    assert b"blocked: torch is not available in this kata" in outcome.stdout, outcome


def test_hostile_output_is_capped(small_sandbox, attention, small_settings) -> None:
    code = "import sys\nfor _ in range(2000):\n    print('x' * 10000)\n" \
           "    sys.stderr.write('y' * 10000)\n"
    res = _scratch(small_sandbox, attention, code, small_settings)
    assert res.output_truncated
    assert len(res.stdout) + len(res.stderr) <= small_settings.max_output_kb * 1024


def test_box_holds_no_input_no_check_no_kata(small_sandbox, attention, small_settings) -> None:
    code = (
        "import os\n"
        "for root, dirs, files in os.walk('/box'):\n"
        "    for f in files:\n        print(os.path.join(root, f))\n"
        f"print('katas visible:', os.path.exists({str(small_settings.katas_dir)!r}))\n"
        "print(open('/box/in/plan.json').read())\n")
    res = _scratch(small_sandbox, attention, code, small_settings)
    assert res.status is ScratchStatus.OK, res
    listed = {line for line in res.stdout.splitlines() if line.startswith("/box/")}
    assert listed == {"/box/code/solution.py", "/box/in/plan.json", "/box/lib/runner.py",
                      "/box/lib/wire.py", "/box/lib/envelope.py",
                      "/box/lib/scratch_figures.py", "/box/lib/testrunner.py"}, listed
    assert "katas visible: False" in res.stdout
    assert '"calls": []' in res.stdout and '"script": true' in res.stdout


FIGURES = """
import matplotlib.pyplot as plt
import numpy as np

def curve(n):
    return np.cumsum(np.ones(n))

if __name__ == "__main__":
    plt.plot(curve(10))
    plt.title("loss")
    plt.savefig("loss.png")   # saved and then shown: kept once
    plt.show()
    plt.figure(figsize=(2, 2))
    plt.bar([1, 2], [3, 4])
    plt.show()
    print(plt.get_backend())
"""


def test_figures_saved_or_shown_come_back(small_sandbox, attention, plot_settings) -> None:
    res = _scratch(small_sandbox, attention, FIGURES, plot_settings)
    assert res.status is ScratchStatus.OK, res
    assert len(res.figures) == 2, res.stderr
    assert all(f.png.startswith(b"\x89PNG\r\n\x1a\n") for f in res.figures)
    assert res.figures[0].width == 640 and res.figures[0].height == 480  # the saved one
    assert res.figures[1].width == 200 and res.figures[1].height == 200  # shown, 2 x 2 in
    assert "scratch_figures" in res.stdout  # the backend in the box is ours, Agg underneath


def test_figures_are_capped_in_count_and_bytes(small_sandbox, attention, plot_settings) -> None:
    code = ("import matplotlib.pyplot as plt\nimport numpy as np\n"
            "for i in range(7):\n    plt.figure(figsize=(1, 1))\n    plt.plot([0, i])\n"
            "    plt.show()\n"
            "plt.figure(figsize=(20, 20), dpi=100)\n"
            "plt.imshow(np.random.default_rng(0).random((400, 400, 3)))\n"
            "plt.savefig('noise.png')\n")
    res = _scratch(small_sandbox, attention, code, plot_settings)
    assert res.status is ScratchStatus.OK, res
    assert len(res.figures) == envelope.MAX_FIGURES
    assert "only the first 4 figures are shown" in res.stderr


def test_a_forked_script_keeps_every_figure(small_sandbox, attention, plot_settings) -> None:
    """Two processes of one script each show a figure: the second takes the next number
    instead of failing on the first's file."""
    code = ("import os\nimport matplotlib.pyplot as plt\n"
            "pid = os.fork()\n"
            "if pid:\n    os.waitpid(pid, 0)\n"  # the child shows first, then the parent
            "plt.figure(figsize=(1, 1))\nplt.plot([0, 1])\nplt.show()\n"
            "if not pid:\n    os._exit(0)\n")
    res = _scratch(small_sandbox, attention, code, plot_settings)
    assert res.status is ScratchStatus.OK, res
    assert "Traceback" not in res.stderr, res.stderr
    assert len(res.figures) == 2, res.stderr


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * (width + 1))) + chunk(b"IEND", b""))


def test_forged_figures_are_refused(small_sandbox, attention, small_settings) -> None:
    # The script writes straight into out/: a PNG signature over garbage, a decompression
    # bomb's header, a good one; only the good one is shown.
    bomb = _png(60000, 60000)
    code = (f"open('/box/out/fig_0.png', 'wb').write(b'\\x89PNG\\r\\n\\x1a\\n' + b'x' * 100)\n"
            f"open('/box/out/fig_1.png', 'wb').write({bomb!r})\n"
            f"open('/box/out/fig_2.png', 'wb').write({_png(3, 1)!r})\n"
            f"open('/box/out/fig_9.png', 'wb').write({_png(3, 1)!r})\n")
    res = _scratch(small_sandbox, attention, code, small_settings)
    assert res.status is ScratchStatus.OK, res
    assert [(f.width, f.height) for f in res.figures] == [(3, 1)]

