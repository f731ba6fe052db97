"""The grading pipeline: static phase → one sandbox run → trusted judging → Report.

    plan      each check's generator builds its inputs and yields the calls it wants
    run       the box gets the submission, the runner and those inputs; nothing else
    judge     decoded results go back into the generators, which compare them with the
              reference on this side of the wall
"""

from __future__ import annotations

import logging
import secrets
import signal
import time
import zlib
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import numpy as np

from graders import context, oracle
from graders.compare import Fail
from graders.kata import Framework, Kata, KataFormat
from graders.kit import GLOBAL_RNG, Call, CallError, CheckSpec, Trial
from graders.loading import KataCode, kata_code
from graders.report import CapturedOutput, CheckResult, Outcome, Report, Status
from graders.static import inspect_code
from graders.timing import Phases
from katagrad.errors import KatagradError
from katagrad.settings import Settings
from sandbox.base import LimitHit, RunOutcome, RunRequest, Sandbox
from sandbox.harness import envelope, wire
from sandbox.harness.envelope import CallResult, Plan, PlannedCall, call_id
from sandbox.limits import Limits, MiB, service_maximums

log = logging.getLogger(__name__)
Progress = Callable[[str, dict[str, Any]], None]
NO_OUTPUT = CapturedOutput()


class Mode(StrEnum):
    RUN = "run"  # the visible checks, with fixed inputs a candidate may see
    SUBMIT = "submit"  # every check; hidden ones on inputs from a fresh secret seed


@dataclass
class _Pending:
    spec: CheckSpec
    trial: Trial
    gen: Generator[Any, Any, None]
    calls: list[Call]
    single: bool
    seeds: list[int] = field(default_factory=list)  # each call's RNG seed in the box
    got: list[Any] | None = None  # the decoded results the check judged


def grade(kata: Kata, code: str, *, sandbox: Sandbox, settings: Settings,
          mode: Mode = Mode.SUBMIT, seed: int | None = None,
          progress: Progress | None = None, explain: bool = True) -> Report:
    """Grade `code` for `kata`. Always returns a Report; only real faults raise.

    `explain` runs the bug oracle over failed checks (graders/oracle.py); `validate`, which
    only needs the verdict, turns it off."""
    if kata.format is KataFormat.TESTS:  # the candidate wrote tests, not the solution
        from graders import testwrite
        return testwrite.grade_tests(kata, code, sandbox=sandbox, settings=settings, mode=mode,
                                     seed=seed, progress=progress)
    started = time.monotonic()
    phases = Phases()
    notify = progress or (lambda event, data: None)

    def report(status: Outcome, tests: tuple[CheckResult, ...] = (), message: str = "",
               output: CapturedOutput = NO_OUTPUT) -> Report:
        return Report(kata.key, status, tests, message, time.monotonic() - started, output,
                      mode.value, phases.seconds())

    with phases("static"):
        rejection = inspect_code(code, kata, settings.max_code_bytes)
    if rejection is not None:
        return report(Outcome.REJECTED, message=rejection.message)

    plan_started = time.perf_counter()
    kc = kata_code(kata)
    specs = [c for c in kc.checks if mode is Mode.SUBMIT or c.visible]
    hidden_seed = seed if seed is not None else secrets.randbits(62)
    visible_seed = zlib.crc32(kata.id.encode())
    # Trusted check code runs one grading at a time per process (the API's workers and
    # validate's are threads): checks and references seed and draw from torch's and NumPy's
    # global generators, and another grading's draw between a seed and its use changes the
    # numbers (a correct solution then fails by luck; seen at K = 20). The box runs outside it.
    with GLOBAL_RNG:
        pending = [_start(i, spec, kc, visible_seed if spec.visible else hidden_seed)
                   for i, spec in enumerate(specs)]
    notify("planned", {"checks": [p.spec.name for p in pending]})

    arrays: dict[str, np.ndarray] = {}
    for i, p in enumerate(pending):
        p.seeds = [(p.trial.seed * 1_000_003 + i * 101 + j) % 2**62 for j in range(len(p.calls))]
    calls = tuple(
        PlannedCall(call_id(i, j), c.target, p.seeds[j],
                    wire.encode(tuple(c.args), arrays), wire.encode(dict(c.kwargs), arrays))
        for i, p in enumerate(pending) for j, c in enumerate(p.calls))
    plan = Plan(kata.framework.value, hidden_seed % 2**62, calls)
    files = {envelope.SOLUTION: code.encode("utf-8", "surrogatepass"),
             envelope.PLAN: plan.dumps(), envelope.INPUTS: wire.save_arrays(arrays)}
    files.update(context.box_files(kata.context))
    if kata.harness_path:
        files[envelope.KATA_HARNESS] = kata.harness_path.read_bytes()
    limits = kata.limits.within(service_maximums(settings))
    request = RunRequest(files=files, limits=limits, torch=kata.framework is Framework.TORCH,
                         blocked_modules=tuple(m for m in kata.forbidden_modules if "." not in m))
    phases.add("plan", time.perf_counter() - plan_started)
    notify("running", {})
    try:
        outcome = sandbox.run(request)
    except KatagradError as exc:
        return report(Outcome.ERROR, message=f"the sandbox could not run: {exc}")
    phases.update(outcome.phases)

    output = CapturedOutput(envelope.clean_bytes(outcome.stdout),
                            envelope.clean_bytes(outcome.stderr),
                            outcome.output_truncated, limits.output_bytes)
    budget = wire.Budget(settings.max_result_mb * MiB)
    with phases("decode"):
        results = _read_results(outcome, [c.id for c in calls], budget)
    fatal = _fatal(outcome, results, limits)
    with phases("judge"), GLOBAL_RNG:
        tests = [_judge(i, p, results, fatal, outcome, limits)
                 for i, p in enumerate(pending)]
    headline = ""
    if explain:
        with phases("oracle"):
            tests, headline = _explain(kata, kc, pending, tests, visible_seed, hidden_seed,
                                       settings.oracle_budget_s, outcome.wall_s)
    notify("checks", {"checks": [res.to_json() for res in tests]})  # one frame, not one each
    truncated = (f"output truncated at {_size_kb(limits.output_kb)} (the rest was dropped)"
                 if outcome.output_truncated else "")
    over = (f"results over the {_size(settings.max_result_mb)} decoding cap were ignored"
            if budget.exceeded else "")
    return report(Outcome.GRADED, tuple(tests),
                  "; ".join(m for m in (headline, fatal, truncated, over) if m), output)


def _explain(kata: Kata, kc: KataCode, pending: list[_Pending], tests: list[CheckResult],
             visible_seed: int, hidden_seed: int, budget_s: float,
             estimate_s: float) -> tuple[list[CheckResult], str]:
    """Run the kata's mutants on the failed checks' calls (graders/oracle.py); name a bug
    on a check only where a mutant reproduces it, and lead the report with the best one."""
    failed = []
    for i, (p, res) in enumerate(zip(pending, tests, strict=True)):
        if res.status is Status.FAIL and p.got is not None:
            seed = visible_seed if p.spec.visible else hidden_seed

            def fails(values: list[Any], i: int = i, p: _Pending = p, seed: int = seed) -> bool:
                return _replay_fails(i, p.spec, kc, seed, values, p.single)

            failed.append(oracle.FailedCheck(p.spec.name, p.calls, p.seeds, p.got, fails))
    if not failed:
        return tests, ""
    try:
        found = oracle.confirm(kata, kc.harness, failed, budget_s, estimate_s)
    except Exception:  # noqa: BLE001 - the oracle only explains; it never costs a verdict
        log.exception("bug oracle failed on %s; the report names no bug", kata.id)
        found = []
    confirmations = {c.check: c for c in found}
    explained = []
    for res in tests:
        c = confirmations.get(res.name)
        if c is not None:
            res = replace(res, message=f"{res.message}\n→ your results equal a known mistake: "
                                       f"{c.bug}",
                          diagnostics={**res.diagnostics, "confirmed_bug": c.bug,
                                       "confirmed_by": [m.stem for m in c.mutants]})
        explained.append(res)
    return explained, oracle.headline(explained, list(confirmations.values()))


def _replay_fails(i: int, spec: CheckSpec, kc: KataCode, seed: int, values: list[Any],
                  single: bool) -> bool:
    """Judge `values` with a fresh run of check `i` on the same inputs: does it fail?"""
    p = _start(i, spec, kc, seed)
    try:
        p.gen.send(values[0] if single else values)
    except StopIteration:
        return False
    except Fail:
        return True
    except Exception:  # noqa: BLE001 - a value the check cannot use is not a reproduction
        return False
    finally:
        p.gen.close()
    return False




def _start(i: int, spec: CheckSpec, kc: KataCode, seed: int) -> _Pending:
    trial = Trial(rng=np.random.default_rng([seed, i]), seed=seed, ref=kc.reference,
                  harness=kc.harness, visible=spec.visible, variant=kc.variant)
    gen = spec.fn(trial)
    first = next(gen)  # a kata bug here should surface loudly in validation
    single = isinstance(first, Call)
    calls = [first] if single else list(first)
    if not calls or not all(isinstance(c, Call) for c in calls):
        raise TypeError(f"check {spec.name} must yield a Call or a list of Calls")
    return _Pending(spec, trial, gen, calls, single)


def _read_results(outcome: RunOutcome, planned: list[str], budget: wire.Budget) -> dict[str, Any]:
    """Decode the import result and each planned call's; a malformed one counts as missing.

    Only the ids the plan asked for are read: whatever else the box left in out/ is ignored.
    Everything decoded for one grading (documents and arrays together) is charged to one
    `budget`, each array by its declared size before it is decompressed; a result that would
    overrun it counts as missing. A call's value is its decoded tree, or a
    CallError when the submission raised.
    """
    results: dict[str, Any] = {}
    for key in (envelope.IMPORT_ID, *planned):
        data = outcome.outputs.get(f"{key}.json")
        if data is None:
            continue
        try:
            res = CallResult.from_json(wire.load_json(data, budget))
            if key == envelope.IMPORT_ID:
                results[key] = res
            elif res.ok:
                blob = outcome.outputs.get(f"{key}.arrays")
                arrays = wire.load_arrays(blob, budget) if blob is not None else {}
                results[key] = wire.decode(res.value, arrays)
            else:
                assert res.error is not None
                results[key] = CallError(res.error.type, res.error.message, res.error.where)
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
    imp = results.get(envelope.IMPORT_ID)
    if imp is None:
        return (f"the process exited with status {outcome.exit_code} before your file finished "
                "importing (did it call sys.exit or os._exit at import time?)")
    if imp.error is not None:
        err = imp.error
        return f"your file failed to import: {err.type}: {err.message}" + (
            f"\n{err.where}" if err.where else "")
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
        key = call_id(i, j)
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
    p.got = got
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
