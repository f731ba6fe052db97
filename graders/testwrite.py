"""Write-the-tests katas (`format = "tests"`): the candidate's tests, graded by the bugs they catch.

The kata ships the function under test as several implementations: `reference.py` and
`correct/*.py` (correct, written differently) and `mutants/*.py` (each with one bug, named by
its docstring's first line). Each implementation runs in its own box beside the candidate's
test file (sandbox/harness/testrunner.py), compiled here into a code object with no source,
no docstrings, no file name and no line numbers, and imported there as `impl`, so that every
box holds the same files but that code object. The boxes run in an order drawn afresh for
each grading. What comes back is plain data (which test passed on this box); which box held
which implementation is known only here, where the verdict is reached:

    score = mutants killed / mutants, provided every test passes on every correct one

A test that fails a correct implementation is named in the report with its message, and
then no kill counts. `suite.py` is the kata's own test suite (it must score 1.0), `stub.py`
the starter file and `weak/*.py` suites that must score below 1.0 (validate proves all three).
"""

from __future__ import annotations

import ast
import importlib.util
import marshal
import secrets
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from graders.grade import NO_OUTPUT, Mode, _fatal
from graders.kata import Framework, Kata
from graders.report import CapturedOutput, CheckResult, Outcome, Report, Status
from graders.static import inspect_code
from katagrad.errors import KatagradError
from katagrad.settings import Settings
from sandbox.base import RunOutcome, RunRequest, Sandbox
from sandbox.harness import envelope, testrunner, wire
from sandbox.harness.envelope import CallResult
from sandbox.limits import Limits, MiB, service_maximums

SUITE = "suite.py"
ANONYMOUS = "<impl>"  # the file name every implementation's code object carries
Progress = Callable[[str, dict[str, Any]], None]


class Role(StrEnum):
    CORRECT = "correct"
    MUTANT = "mutant"


@dataclass(frozen=True)
class Implementation:
    """One implementation of the contract. Only `blob` ever enters a box."""

    label: str  # "reference", "correct:<stem>" or "mutant:<stem>"; trusted-side only
    role: Role
    bug: str  # a mutant's bug class (its docstring's first line); "" for a correct one
    blob: bytes  # the module's code object, marshalled


@dataclass(frozen=True)
class TestRun:
    """One of the candidate's tests on one implementation."""

    test: str
    passed: bool
    message: str = ""


def correct_paths(kata: Kata) -> tuple[Path, ...]:
    return tuple(sorted((kata.path / "correct").glob("*.py")))


def weak_suites(kata: Kata) -> tuple[Path, ...]:
    return tuple(sorted((kata.path / "weak").glob("*.py")))


def suite(kata: Kata) -> str:
    """The kata's own test suite: the reference solution of a tests kata."""
    return (kata.path / SUITE).read_text(encoding="utf-8")


def implementations(kata: Kata) -> tuple[Implementation, ...]:
    """The reference, the other correct implementations and the mutants, compiled."""
    paths = (kata.reference_path, *correct_paths(kata), *kata.mutants)
    return _implementations(kata.reference_path, tuple(p.stat().st_mtime for p in paths))


@lru_cache(maxsize=64)
def _implementations(reference: Path, _mtimes: tuple[float, ...]) -> tuple[Implementation, ...]:
    folder = reference.parent
    found = [Implementation("reference", Role.CORRECT, "", anonymous_blob(reference.read_text()))]
    for p in sorted((folder / "correct").glob("*.py")):
        found.append(Implementation(f"correct:{p.stem}", Role.CORRECT, "",
                                    anonymous_blob(p.read_text())))
    for p in sorted((folder / "mutants").glob("*.py")):
        source = p.read_text()
        found.append(Implementation(f"mutant:{p.stem}", Role.MUTANT, bug_class(source, p.stem),
                                    anonymous_blob(source)))
    return tuple(found)


def bug_class(source: str, fallback: str) -> str:
    """A mutant's bug, as its module docstring's first line states it."""
    doc = ast.get_docstring(ast.parse(source))
    return doc.strip().splitlines()[0] if doc else fallback.replace("_", " ")


def anonymous_blob(source: str) -> bytes:
    """`source` compiled with nothing that tells one implementation from another but its
    code: no docstrings or comments, file name `<impl>`, every line and column 1."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) \
                and node.body and _is_docstring(node.body[0]):
            node.body = node.body[1:] or [ast.Pass()]
    for node in ast.walk(tree):
        for attr in ("lineno", "end_lineno"):
            if attr in node._attributes:
                setattr(node, attr, 1)
        for attr in ("col_offset", "end_col_offset"):
            if attr in node._attributes:
                setattr(node, attr, 0)
    return marshal.dumps(compile(tree, ANONYMOUS, "exec", dont_inherit=True))


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
        and isinstance(stmt.value.value, str)


def test_names(code: str) -> tuple[str, ...]:
    """The tests the file defines: its top-level `def test...():` functions, in file order."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError):
        return ()
    names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)
             and n.name.startswith("test")]
    return tuple(dict.fromkeys(names))


def grade_tests(kata: Kata, code: str, *, sandbox: Sandbox, settings: Settings,
                mode: Mode = Mode.SUBMIT, seed: int | None = None,
                progress: Progress | None = None) -> Report:
    """Grade the candidate's test file `code`: Run tries it on the correct implementations
    only, Submit on every implementation, mutants included."""
    started = time.monotonic()
    notify = progress or (lambda event, data: None)

    def report(status: Outcome, tests: tuple[CheckResult, ...] = (), message: str = "",
               output: CapturedOutput = NO_OUTPUT) -> Report:
        return Report(kata.id, status, tests, message, time.monotonic() - started, output,
                      mode.value)

    rejection = inspect_code(code, kata, settings.max_code_bytes)
    if rejection is not None:
        return report(Outcome.REJECTED, message=rejection.message)
    names = test_names(code)
    impls = [i for i in implementations(kata) if mode is Mode.SUBMIT or i.role is Role.CORRECT]
    secrets.SystemRandom().shuffle(impls)  # the order of the boxes says nothing either
    box_seed = (seed if seed is not None else
                secrets.randbits(62) if mode is Mode.SUBMIT else zlib.crc32(kata.id.encode()))
    plan = testrunner.TestPlan(names, box_seed % 2**62, importlib.util.MAGIC_NUMBER.hex())
    limits = kata.limits.within(service_maximums(settings))
    files = {envelope.SOLUTION: code.encode("utf-8", "surrogatepass"),
             testrunner.TEST_PLAN: plan.dumps()}
    notify("planned", {"checks": []})  # row names would name the mutants before grading
    runs: dict[str, list[TestRun]] = {}
    outputs: list[tuple[str, str]] = []
    for n, impl in enumerate(impls):
        notify("running", {"box": n + 1, "of": len(impls)})
        request = RunRequest(files={**files, testrunner.IMPL: impl.blob}, limits=limits,
                             torch=kata.framework is Framework.TORCH,
                             blocked_modules=tuple(m for m in kata.forbidden_modules
                                                   if "." not in m))
        try:
            outcome = sandbox.run(request)
        except KatagradError as exc:
            return report(Outcome.ERROR, message=f"the sandbox could not run: {exc}")
        runs[impl.label] = _read_runs(outcome, names, limits, settings.max_result_mb * MiB)
        if impl.label == "reference":  # what the tests print, from one box only
            outputs.append((envelope.clean_bytes(outcome.stdout),
                            envelope.clean_bytes(outcome.stderr)))
    rows, headline = _rows(sorted(impls, key=_order), runs, names, mode)
    notify("checks", {"checks": [row.to_json() for row in rows]})
    out = CapturedOutput(*outputs[0], False, limits.output_bytes) if outputs else CapturedOutput()
    return report(Outcome.GRADED, tuple(rows), headline, out)


def _order(impl: Implementation) -> tuple[int, str]:
    return (0 if impl.label == "reference" else 1 if impl.role is Role.CORRECT else 2, impl.label)


def _read_runs(outcome: RunOutcome, names: tuple[str, ...], limits: Limits,
               cap: int) -> list[TestRun]:
    """Each test's pass or failure in one box; a test with no readable result failed."""
    budget = wire.Budget(cap)
    results: dict[str, CallResult] = {}
    for key in (envelope.IMPORT_ID, *(testrunner.result_id(i) for i in range(len(names)))):
        data = outcome.outputs.get(f"{key}.json")
        if data is None:
            continue
        try:
            results[key] = CallResult.from_json(wire.load_json(data, budget))
        except (ValueError, wire.WireError, RecursionError):
            continue
    fatal = _fatal(outcome, results, limits)
    runs = []
    for i, name in enumerate(names):
        res = results.get(testrunner.result_id(i))
        if res is None:
            runs.append(TestRun(name, False, fatal or "no result came back for this test (the "
                                f"process exited with status {outcome.exit_code})"))
        elif res.ok:
            runs.append(TestRun(name, True))
        else:
            err = res.error
            assert err is not None
            where = f"\n{err.where.rstrip()}" if err.where else ""
            runs.append(TestRun(name, False, f"{err.type}: {err.message}{where}"))
    return runs


def _rows(impls: list[Implementation], runs: dict[str, list[TestRun]], names: tuple[str, ...],
          mode: Mode) -> tuple[list[CheckResult], str]:
    """One row per correct implementation (did every test pass?) and, on Submit, one per
    mutant (killed or survived), with the report's headline."""
    correct = [i for i in impls if i.role is Role.CORRECT]
    mutants = [i for i in impls if i.role is Role.MUTANT]
    bad = {i.label: [r for r in runs[i.label] if not r.passed] for i in correct}
    sound = bool(names) and not any(bad.values())
    rows = []
    for k, impl in enumerate(correct, start=1):
        failed = bad[impl.label]
        message = (f"all {len(names)} tests pass" if not failed else "\n".join(
            f"{r.test} fails on a correct implementation: {r.message}" for r in failed))
        points = 1.0 if mode is Mode.RUN and names and not failed else 0.0
        rows.append(CheckResult(
            f"correct implementation {k}", Status.PASS if not failed else Status.FAIL, message,
            points, 1.0 if mode is Mode.RUN else 0.0,
            {"role": "correct", "failed_tests": [{"test": r.test, "message": r.message}
                                                 for r in failed]},
            True, "a correct implementation: every test must pass on it"))
    killed = 0
    for impl in mutants:
        killers = [r.test for r in runs[impl.label] if not r.passed]
        killed += bool(killers)
        message = (f"killed by {', '.join(killers)}" if killers else
                   f"survived: all {len(names)} tests pass on it")
        if killers and not sound:
            message += " (not counted: your tests fail a correct implementation)"
        rows.append(CheckResult(
            impl.label, Status.PASS if killers else Status.FAIL, message,
            1.0 if killers and sound else 0.0, 1.0,
            {"role": "mutant", "bug_class": impl.bug, "killed": bool(killers),
             "killed_by": killers},
            False, impl.bug))
    if not names:
        return rows, "no tests found: define top-level functions named test_...() in your file"
    failing = sorted({r.test for rs in bad.values() for r in rs})
    if failing:
        return rows, (f"your tests fail a correct implementation ({', '.join(failing)}), so no "
                      "mutant counts as killed")
    if mode is Mode.RUN:
        return rows, f"all {len(names)} tests pass on the correct implementations"
    return rows, f"{killed} of {len(mutants)} mutants killed"
