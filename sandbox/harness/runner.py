"""Runs inside the box: import the submission, make the planned calls, write results as plain data.

Nothing here decides a verdict. The submission shares this process and may tamper with
anything in it; whatever it makes us write is only data that the trusted side type-checks
and compares with values the box never sees.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import linecache
import os
import random
import signal
import sys
import time
import traceback
import types
import warnings
from collections.abc import Callable
from typing import Any

if __name__ == "__main__":  # cold start: the box's lib/ holds wire.py beside this file
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

try:  # inside the box
    import envelope  # type: ignore[import-not-found]
    import testrunner  # type: ignore[import-not-found]
    import wire  # type: ignore[import-not-found]
except ImportError:  # imported by the warm zygote from the package
    from sandbox.harness import envelope, testrunner, wire

BOX = envelope.BOX
SCRIPT_NAME = "solution.py"  # a scratch run's file, as its tracebacks name it (editor lines)
SOLUTION = envelope.in_box(envelope.SOLUTION)
OUT = envelope.in_box(envelope.OUT)
_spare: list[int] = []  # one descriptor held back so results can be written after EMFILE


def reserve_spare_fd() -> None:
    """Hold one descriptor in reserve; call again after closing every inherited descriptor."""
    _spare[:] = [os.open(os.devnull, os.O_RDONLY)]


reserve_spare_fd()


def _describe(exc: BaseException) -> envelope.ErrorInfo:
    """What the submission raised. Every part is formatted defensively: a hostile __str__,
    __repr__, metaclass or __traceback__ that raises (even a BaseException) only replaces
    that part with a placeholder, so an error report is always written."""
    kind = _safely(lambda: type(exc).__name__, "<unnamed exception>")[:100]
    message = _safely(lambda: str(exc), "<unprintable>")[:2000]
    if isinstance(exc, SystemExit):
        message = _safely(lambda: f"called sys.exit({exc.code!r})", "called sys.exit")[:300]

    def where() -> str:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if f.filename in (SOLUTION, "solution.py")]
        return "".join(traceback.format_list(frames[-3:]))[-1500:]

    return envelope.ErrorInfo(kind, message, _safely(where, ""))


def _safely(text: Callable[[], object], fallback: str) -> str:
    """`text()` as a plain str, or `fallback` if producing it raises anything at all."""
    try:
        value = text()
        return str.__str__(value) if isinstance(value, str) else fallback
    except BaseException:  # noqa: BLE001 - the submission's objects may raise anything
        return fallback


def _write(call_id: str, result: envelope.CallResult,
           arrays: dict[str, np.ndarray] | None = None) -> None:
    if arrays:
        _atomic(f"{call_id}.arrays", wire.save_arrays(arrays))
    _atomic(f"{call_id}.json", wire.dumps(result.to_json()))


def _atomic(name: str, data: bytes) -> None:
    # The temporary name is per process: a submission that forks at import leaves its
    # children running this same code, and with one shared name the first os.replace took
    # the file from under the second (FileNotFoundError, the run ending with status 1).
    tmp = os.path.join(OUT, f".{name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:  # a submission that used up its file descriptors: use the spare
        if exc.errno != errno.EMFILE or not _spare:
            raise
        os.close(_spare.pop())
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, os.path.join(OUT, name))
    if not _spare:
        with contextlib.suppress(OSError):
            reserve_spare_fd()


def _seed(seed: int, torch: Any) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    if torch is not None:
        torch.manual_seed(seed)


def run_script() -> int:
    """A scratch run: the solution runs as `__main__`; its exit status is returned.

    Compiled under the name solution.py, with its source in linecache, so a traceback reads
    `File "solution.py", line N` with N the editor's line and no frame of ours above it.
    """
    figures: Any = importlib.import_module("scratch_figures")  # lib/, on sys.path
    figures.start(OUT)
    os.environ.update(figures.environment(os.environ.get("TMPDIR", "/tmp")))
    with open(SOLUTION, "rb") as f:
        source = f.read()
    text = source.decode("utf-8", "replace")
    linecache.cache[SCRIPT_NAME] = (len(text), None, text.splitlines(True), SCRIPT_NAME)
    module = types.ModuleType("__main__")
    module.__file__ = SCRIPT_NAME
    sys.modules["__main__"] = module
    sys.argv = [SCRIPT_NAME]
    status = 0
    try:
        exec(compile(source, SCRIPT_NAME, "exec", dont_inherit=True), module.__dict__)
    except SystemExit as exc:
        status = _exit_status(exc)
    except BaseException as exc:  # noqa: BLE001 - printed as Python would, minus our frame
        status = 1
        try:
            traceback.print_exception(type(exc), exc, exc.__traceback__ and
                                      exc.__traceback__.tb_next)
        except BaseException:  # noqa: BLE001 - its __str__ or __repr__ raised
            name = _safely(lambda e=exc: type(e).__name__, "exception")  # type: ignore[misc]
            sys.stderr.write(f"{name} (unprintable)\n")
    finally:
        with contextlib.suppress(BaseException):
            figures.collect_saved(os.getcwd())
    return status


def _exit_status(exc: SystemExit) -> int:
    """What `sys.exit(code)` makes a script's status, as the interpreter decides it."""
    code = exc.code
    if code is None:
        return 0
    if type(code) is int:
        return code & 0xFF
    sys.stderr.write(_safely(lambda: str(code), "<unprintable>")[:2000] + "\n")
    return 1


def main(box: str = BOX) -> int:
    """Run the plan in `box`/in against `box`/code/solution.py, writing to `box`/out.

    Returns the process's exit status: 0 for a grading run, the script's for a scratch run."""
    global BOX, SOLUTION, OUT
    BOX, SOLUTION, OUT = box, os.path.join(box, envelope.SOLUTION), os.path.join(box, envelope.OUT)
    lib = os.path.dirname(os.path.join(box, envelope.KATA_HARNESS))  # the kata's public harness
    if lib not in sys.path:
        sys.path.insert(0, lib)
    code = os.path.dirname(SOLUTION)  # a kata's read-only context files (model.py) lie here
    if code not in sys.path:
        sys.path.insert(1, code)
    # Python ignores SIGXFSZ, which turns the file-size rlimit into a mere OSError; let it kill
    # the process instead, so that the trusted side sees which limit was hit.
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    if os.path.exists(os.path.join(BOX, testrunner.TEST_PLAN)):  # a write-the-tests kata
        testrunner.main(BOX, _write, _describe, lambda **kw: envelope.CallResult(True, **kw),
                        lambda error: envelope.CallResult(False, error=error))
        return 0
    with open(os.path.join(BOX, envelope.PLAN), "rb") as f:
        plan = envelope.Plan.loads(f.read())
    torch: Any = None
    if plan.framework == "torch":
        torch = importlib.import_module("torch")
        torch.set_num_threads(1)
    if plan.script:
        _seed(plan.seed, torch)
        return run_script()
    with open(os.path.join(BOX, envelope.INPUTS), "rb") as f:
        inputs = wire.load_arrays(f.read(), 1 << 31)
    harness: Any = None
    if os.path.exists(os.path.join(BOX, envelope.KATA_HARNESS)):
        harness = importlib.import_module("kata_harness")
        # The candidate's stderr shows what their code said, not what the kata's own probe
        # code set off (float(loss) on a tensor that requires grad, say).
        warnings.filterwarnings("ignore", module=r"kata_harness\Z")

    _seed(plan.seed, torch)
    try:
        spec = importlib.util.spec_from_file_location("solution", SOLUTION)
        assert spec is not None and spec.loader is not None
        solution = importlib.util.module_from_spec(spec)
        sys.modules["solution"] = solution
        spec.loader.exec_module(solution)
    except BaseException as exc:  # noqa: BLE001 - SystemExit at import is the submission's fault
        _write(envelope.IMPORT_ID, envelope.CallResult(False, error=_describe(exc)))
        return 0
    _write(envelope.IMPORT_ID, envelope.CallResult(True))

    for call in plan.calls:
        _seed(call.seed, torch)
        started = time.perf_counter()
        arrays: dict[str, np.ndarray] = {}
        try:
            args = wire.decode(call.args, inputs)
            kwargs = wire.decode(call.kwargs, inputs)
            target = call.target
            if target.startswith("harness:"):
                value = getattr(harness, target[8:])(solution, *args, **kwargs)
            else:
                fn = getattr(solution, target, None)
                if fn is None:
                    raise NameError(f"your solution does not define {target!r}")
                value = fn(*args, **kwargs)
            tree, error = wire.encode(value, arrays), None
        except BaseException as exc:  # noqa: BLE001 - every failure is reported, none ends the run
            arrays, tree, error = {}, None, _describe(exc)
        wall_s = time.perf_counter() - started
        _write(call.id, envelope.CallResult(error is None, tree, error, wall_s), arrays)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else BOX))
