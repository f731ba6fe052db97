"""The grading pipeline: static phase → one sandbox run → trusted judging → Report.

    plan      each check's generator builds its inputs and yields the calls it wants
    run       the box gets the submission, the runner and those inputs; nothing else
    judge     decoded results go back into the generators, which compare them with the
              reference on this side of the wall
"""

from __future__ import annotations

import json
import secrets
import signal
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from graders.compare import Fail
from graders.kata import Framework, Kata, Limits
from graders.kit import Call, CallError, CheckSpec, Trial
from graders.loading import kata_code
from graders.report import CapturedOutput, CheckResult, Outcome, Report, Status
from graders.static import inspect_code
from katagrad.errors import KatagradError
from katagrad.settings import Settings
from sandbox.base import LimitHit, RunOutcome, RunRequest, Sandbox
from sandbox.harness import wire

Progress = Callable[[str, dict[str, Any]], None]
NO_OUTPUT = CapturedOutput()


class Mode(StrEnum):
    RUN = "run"  # the visible checks, with fixed inputs a candidate may see
    SUBMIT = "submit"  # every check; hidden ones on inputs from a fresh secret seed


@dataclass
class _Pending:
    spec: CheckSpec
    trial: Trial
    gen: Any
    calls: list[Call]
    single: bool
    result: CheckResult | None = None


def max_limits(settings: Settings) -> Limits:
    return Limits(cpu_s=settings.max_cpu_s, wall_s=settings.max_wall_s,
                  memory_mb=settings.max_memory_mb, processes=settings.max_processes,
                  open_files=settings.max_open_files, file_mb=settings.max_file_mb,
                  scratch_mb=settings.max_scratch_mb, output_kb=settings.max_output_kb)


def grade(kata: Kata, code: str, *, sandbox: Sandbox, settings: Settings,
          mode: Mode = Mode.SUBMIT, seed: int | None = None,
          progress: Progress | None = None) -> Report:
    """Grade `code` for `kata`. Always returns a Report; only real faults raise."""
    started = time.monotonic()
    notify = progress or (lambda event, data: None)

    def report(status: Outcome, tests: tuple[CheckResult, ...] = (), message: str = "",
               output: CapturedOutput = NO_OUTPUT) -> Report:
        return Report(kata.id, status, tests, message, time.monotonic() - started, output,
                      mode.value)

    rejection = inspect_code(code, kata, settings.max_code_bytes)
    if rejection is not None:
        return report(Outcome.REJECTED, message=rejection.message)

    kc = kata_code(kata)
    specs = [c for c in kc.checks if mode is Mode.SUBMIT or c.visible]
    hidden_seed = seed if seed is not None else secrets.randbits(62)
    visible_seed = zlib.crc32(kata.id.encode())
    pending = [_start(i, spec, kc, visible_seed if spec.visible else hidden_seed)
               for i, spec in enumerate(specs)]
    notify("planned", {"checks": [p.spec.name for p in pending]})

    arrays: dict[str, np.ndarray] = {}
    calls = []
    for i, p in enumerate(pending):
        for j, c in enumerate(p.calls):
            calls.append({"id": f"c{i}_{j}", "target": c.target,
                          "seed": (p.trial.seed * 1_000_003 + i * 101 + j) % 2**62,
                          "args": wire.encode(tuple(c.args), arrays),
                          "kwargs": wire.encode(dict(c.kwargs), arrays)})
    plan = {"framework": kata.framework.value, "seed": hidden_seed % 2**62, "calls": calls}
    files = {"code/solution.py": code.encode("utf-8", "surrogatepass"),
             "in/plan.json": json.dumps(plan).encode(), "in/inputs.npz": wire.save_npz(arrays)}
    if kata.harness_path:
        files["lib/kata_harness.py"] = kata.harness_path.read_bytes()
    limits = kata.limits.within(max_limits(settings))
    request = RunRequest(files=files, limits=limits, torch=kata.framework is Framework.TORCH,
                         blocked_modules=tuple(m for m in kata.forbidden_modules if "." not in m))
    notify("running", {})
    try:
        outcome = sandbox.run(request)
    except KatagradError as exc:
        return report(Outcome.ERROR, message=f"the sandbox could not run: {exc}")

    output = CapturedOutput(outcome.stdout.decode("utf-8", "replace"),
                            outcome.stderr.decode("utf-8", "replace"),
                            outcome.output_truncated, limits.output_kb * 1024)
    results = _read_results(outcome, settings.max_result_mb * 1024 * 1024)
    fatal = _fatal(outcome, results, limits)
    tests = []
    for i, p in enumerate(pending):
        res = _judge(i, p, results, fatal, outcome, limits)
        tests.append(res)
        notify("check", res.to_json())
    truncated = (f"output truncated at {_size_kb(limits.output_kb)} (the rest was dropped)"
                 if outcome.output_truncated else "")
    return report(Outcome.GRADED, tuple(tests), "; ".join(m for m in (fatal, truncated) if m),
                  output)


def _start(i: int, spec: CheckSpec, kc: Any, seed: int) -> _Pending:
    trial = Trial(rng=np.random.default_rng([seed, i]), seed=seed, ref=kc.reference,
                  harness=kc.harness, visible=spec.visible)
    gen = spec.fn(trial)
    first = next(gen)  # a kata bug here should surface loudly in validation
    single = isinstance(first, Call)
    calls = [first] if single else list(first)
    if not calls or not all(isinstance(c, Call) for c in calls):
        raise TypeError(f"check {spec.name} must yield a Call or a list of Calls")
    return _Pending(spec, trial, gen, calls, single)


def _read_results(outcome: RunOutcome, cap: int) -> dict[str, Any]:
    """Decode every well-formed result file; a malformed one simply counts as missing."""
    results: dict[str, Any] = {}
    for name, data in outcome.outputs.items():
        if not name.endswith(".json"):
            continue
        key = name[:-5]
        try:
            doc = json.loads(data)
            if not isinstance(doc, dict) or type(doc.get("ok")) is not bool:
                continue
            if key == "import":
                results[key] = doc
                continue
            if doc["ok"]:
                arrays = wire.load_npz(outcome.outputs.get(f"{key}.npz", b""), cap) \
                    if f"{key}.npz" in outcome.outputs else {}
                results[key] = wire.decode(doc.get("value"), arrays)
            else:
                err = doc.get("error") or {}
                results[key] = CallError(str(err.get("type", "Exception"))[:100],
                                         str(err.get("message", ""))[:2000],
                                         str(err.get("where", ""))[:1500])
        except (ValueError, wire.WireError, RecursionError):
            continue
    return results


def _limit_message(limit: LimitHit, limits: Limits) -> str:
    return {
        LimitHit.WALL: f"killed after {limits.wall_s:g} s wall time (an infinite loop, a sleep "
                       "or a blocked read?)",
        LimitHit.CPU: f"exceeded the {limits.cpu_s:g} s CPU-time limit",
        LimitHit.MEMORY: f"exceeded the {_size(limits.memory_mb)} memory limit",
        LimitHit.FILE_SIZE: f"wrote a file over the {_size(limits.file_mb)} file-size limit",
        LimitHit.PROCESSES: f"hit the limit of {limits.processes} processes/threads",
        LimitHit.SCRATCH: f"filled the {_size(limits.scratch_mb)} scratch space (/tmp)",
    }[limit]


def _size(mb: int) -> str:
    return f"{mb // 1024} GiB" if mb % 1024 == 0 else f"{mb} MiB"


def _size_kb(kb: int) -> str:
    return _size(kb // 1024) if kb % 1024 == 0 else f"{kb} KiB"


def _fatal(outcome: RunOutcome, results: dict[str, Any], limits: Limits) -> str | None:
    """Why the run as a whole ended early, if it did."""
    if outcome.limit is not None:
        return _limit_message(outcome.limit, limits)
    if outcome.signal is not None:
        try:
            name = signal.Signals(outcome.signal).name
        except ValueError:
            name = f"signal {outcome.signal}"
        return f"the process was killed by {name}" + (
            " (a segmentation fault)" if outcome.signal == signal.SIGSEGV else "")
    imp = results.get("import")
    if imp is None:
        return (f"the process exited with status {outcome.exit_code} before your file finished "
                "importing (did it call sys.exit or os._exit at import time?)")
    if not imp["ok"]:
        err = imp.get("error") or {}
        where = str(err.get("where", ""))[:1500]
        return (f"your file failed to import: {str(err.get('type', 'Exception'))[:100]}: "
                f"{str(err.get('message', ''))[:2000]}" + (f"\n{where}" if where else ""))
    return None


def _judge(i: int, p: _Pending, results: dict[str, Any], fatal: str | None,
           outcome: RunOutcome, limits: Limits) -> CheckResult:
    spec = p.spec

    def result(status: Status, message: str, diagnostics: dict[str, Any] | None = None,
               points: float = 0.0) -> CheckResult:
        diag = {**p.trial.diagnostics, **(diagnostics or {})}
        return CheckResult(spec.name, status, message, points, spec.points, diag, spec.visible,
                           spec.description)

    got = []
    for j, call in enumerate(p.calls):
        key = f"c{i}_{j}"
        if key not in results:
            if outcome.limit in (LimitHit.WALL, LimitHit.CPU):
                return result(Status.TIMEOUT, fatal or "the run ended before this check")
            why = fatal or (f"no result came back for {call.target} (the process exited "
                            f"with status {outcome.exit_code} before this check)")
            return result(Status.ERROR, why)
        value = results[key]
        if isinstance(value, CallError) and not call.errors_ok:
            where = f"\n{value.where}" if value.where else ""
            return result(Status.ERROR, f"{call.target} raised {value}{where}",
                          {"exception": value.type})
        got.append(value)
    try:
        p.gen.send(got[0] if p.single else got)
    except StopIteration:
        return result(Status.PASS, "ok", points=spec.points)
    except Fail as f:
        return result(Status.FAIL, f.message, f.diagnostics)
    except Exception as exc:  # noqa: BLE001 - a result the check could not use
        return result(Status.ERROR, f"could not use your result ({type(exc).__name__}: {exc})")
    finally:
        p.gen.close()
    return result(Status.ERROR, f"check {spec.name} yielded twice (a kata bug)")
