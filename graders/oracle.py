"""Mutants as bug oracles: after a check fails, name the bug only when it is certain.

A kata's mutants are trusted kata code, each one classic mistake. When a check fails, the
trusted side runs every mutant on the very calls the check made in the box (same arguments,
same per-call seeds) and compares the mutant's outputs with the candidate's. A mutant whose
outputs equal the candidate's on every call of the check reproduces the candidate's results
exactly: the check fails for it in the same way, so the mistake it encodes is named with
certainty. No match claims nothing; two matches are named together (the inputs cannot tell
them apart).

Runs happen in this process, one at a time (mutants may use the global RNGs, which are
seeded per call as the box's runner seeds them), within a time budget per grading.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import io
import random
import re
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from graders import variants
from graders.compare import to_numpy
from graders.context import importable
from graders.kata import Framework, Kata
from graders.kit import GLOBAL_RNG, Call, CallError
from sandbox.harness import wire
from sandbox.harness.wire import Unsupported

BUDGET_S = 5.0  # default oracle time per failed grading (settings.oracle_budget_s)
RTOL, ATOL = 1e-5, 1e-8
_BUG_COMMENT = re.compile(r"#\s*BUG:\s*(.+)")
_run_lock = threading.Lock()
_load_lock = threading.Lock()
_cache: dict[tuple[str, str, tuple[float, ...]], tuple[Mutant, ...]] = {}


@dataclass(frozen=True)
class Mutant:
    """One known-wrong solution of a kata, loaded on the trusted side."""

    stem: str
    bug: str  # the mistake, from the file's docstring or its first `# BUG:` comment
    module: ModuleType | None  # None when it failed to load (then it confirms nothing)


@dataclass(frozen=True)
class Confirmation:
    """Which known mistakes reproduce a failed check's results exactly."""

    check: str
    mutants: tuple[Mutant, ...]

    @property
    def bug(self) -> str:
        return " or ".join(dict.fromkeys(m.bug for m in self.mutants))


@dataclass(frozen=True)
class FailedCheck:
    """What the oracle needs from a failed check: its calls, their seeds, what came back,
    and a replay of the check's judgement on other values (True when they fail it too)."""

    name: str
    calls: Sequence[Call]
    seeds: Sequence[int]
    got: Sequence[Any]
    fails: Callable[[list[Any]], bool]


def describe(path: Path) -> str:
    """A mutant's mistake in words: its module docstring's first line, else its `# BUG:`."""
    text = path.read_text()
    match = re.match(r'\s*(?:"""|\'\'\')\s*(.+)', text)
    if match:
        return match.group(1).strip().rstrip('"\'').strip()
    comment = _BUG_COMMENT.search(text)
    return comment.group(1).strip() if comment else path.stem.replace("_", " ")


def mutants(kata: Kata) -> tuple[Mutant, ...]:
    """The kata's mutants as modules (for its variant), cached until a file changes."""
    files = kata.mutants
    key = (str(kata.path), kata.variant.name if kata.variant else "",
           tuple(f.stat().st_mtime for f in files))
    with _load_lock:
        if key not in _cache:
            _cache[key] = tuple(_load(kata, f) for f in files)
        return _cache[key]


def _load(kata: Kata, path: Path) -> Mutant:
    name = f"_katagrad_mutant_{kata.key.replace('-', '_').replace('@', '_part')}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module: ModuleType | None = importlib.util.module_from_spec(spec)
    try:
        with importable(kata.path, kata.context):
            spec.loader.exec_module(module)  # type: ignore[arg-type]
        variants.bind(module, kata)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - a mutant that cannot load confirms nothing
        module = None
    return Mutant(path.stem, describe(path), module)


def confirm(kata: Kata, harness: ModuleType | None, failed: Sequence[FailedCheck],
            budget_s: float = BUDGET_S, estimate_s: float = 0.0) -> list[Confirmation]:
    """For each failed check, the mutants whose outputs equal the candidate's on every call.

    Mutant code cannot be interrupted in this process, so the budget is kept by not starting
    a mutant that would not finish in it: `estimate_s` is what one costs (the box's run time
    is a fair first guess), then each mutant's measured time is the guess for the next."""
    started = time.monotonic()
    torch = sys.modules.get("torch") if kata.framework is Framework.TORCH else None
    found = {f.name: [] for f in failed}  # type: dict[str, list[Mutant]]
    # A mutant is kata code, but what it prints (a training loop's epoch log) must not reach
    # this process's stdout: `katagrad grade --json` writes its one report there.
    quiet = io.StringIO()
    with _run_lock, GLOBAL_RNG, contextlib.redirect_stdout(quiet), \
            contextlib.redirect_stderr(quiet):
        for mutant in mutants(kata):
            if mutant.module is None:
                continue
            began = time.monotonic()
            if began - started + estimate_s > budget_s:
                break
            for f in failed:
                if _reproduces(mutant.module, harness, f, torch):
                    found[f.name].append(mutant)
            estimate_s = time.monotonic() - began
    return [Confirmation(f.name, tuple(found[f.name])) for f in failed if found[f.name]]


def _reproduces(module: ModuleType, harness: ModuleType | None, f: FailedCheck,
                torch: Any) -> bool:
    values = []
    for call, seed, got in zip(f.calls, f.seeds, f.got, strict=True):
        value = _run(module, harness, call, seed, torch)
        if not same(got, value):
            return False
        values.append(value)
    # Equal within tolerance is not enough near the check's own tolerance: the mutant's
    # values must fail the check as the candidate's did.
    return f.fails(values)


def _run(module: ModuleType, harness: ModuleType | None, call: Call, seed: int,
         torch: Any) -> Any:
    """The call as the box's runner makes it, its value normalised through the wire."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    if torch is not None:
        torch.manual_seed(seed)
    args, kwargs = copy.deepcopy(call.args), copy.deepcopy(call.kwargs)
    try:
        with np.errstate(all="ignore"):
            if call.target.startswith("harness:"):
                if harness is None:
                    return None
                value = getattr(harness, call.target[8:])(module, *args, **kwargs)
            else:
                value = getattr(module, call.target)(*args, **kwargs)
        arrays: dict[str, np.ndarray] = {}
        return wire.decode(wire.encode(value, arrays), arrays)
    except Exception as exc:  # noqa: BLE001 - a raising mutant matches a raising candidate
        return CallError(type(exc).__name__, str(exc))


def same(a: Any, b: Any, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """Whether two decoded values are equal: same structure, numbers within tolerance."""
    if isinstance(a, Unsupported) or isinstance(b, Unsupported):
        return False
    if isinstance(a, CallError) or isinstance(b, CallError):
        return isinstance(a, CallError) and isinstance(b, CallError) and a.type == b.type
    if isinstance(a, Mapping) or isinstance(b, Mapping):
        return (isinstance(a, Mapping) and isinstance(b, Mapping) and a.keys() == b.keys()
                and all(same(a[k], b[k], rtol, atol) for k in a))
    if isinstance(a, list | tuple) or isinstance(b, list | tuple):
        return (isinstance(a, list | tuple) and isinstance(b, list | tuple) and len(a) == len(b)
                and all(same(x, y, rtol, atol) for x, y in zip(a, b, strict=True)))
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):  # never `==` with an array on the other side
        return isinstance(a, str) and isinstance(b, str) and a == b
    try:
        x, y = to_numpy(a), to_numpy(b)
    except (TypeError, ValueError):
        return False
    if x.shape != y.shape or x.dtype.kind not in "biuf" or y.dtype.kind not in "biuf":
        return False
    if x.dtype.kind == "f" or y.dtype.kind == "f":
        x64, y64 = x.astype(np.float64), y.astype(np.float64)
        if x.dtype == np.float32 or y.dtype == np.float32:
            rtol = max(rtol, 1e-4)
        scale = float(np.max(np.abs(y64[np.isfinite(y64)]), initial=0.0))
        return bool(np.allclose(x64, y64, rtol=rtol, atol=atol + rtol * 0.1 * scale,
                                equal_nan=True))
    return bool(np.array_equal(x, y))


def headline(tests: Sequence[Any], confirmations: Sequence[Confirmation]) -> str:
    """The report's top-level message: the most specific certain explanation of a failure.

    A mutant reproducing the most failed checks comes first; then a check whose value equals
    a named mistake of its `bugs={...}` table (a value match, equally certain); otherwise
    where the first failure sits, stated as a symptom, never as a cause.
    """
    failing = [t for t in tests if t.status.value != "pass"]
    if not failing:
        return ""
    if confirmations:
        counts: dict[str, list[str]] = {}
        for c in confirmations:
            counts.setdefault(c.bug, []).append(c.check)
        bug, checks = max(counts.items(), key=lambda kv: len(kv[1]))
        return (f"Your results equal a known mistake: {bug} (reproduced exactly in "
                f"{', '.join(checks)})")
    for t in failing:
        matched = t.diagnostics.get("bug_matched")
        if matched:
            return f"{t.name}: {t.diagnostics.get('what', 'the result')} equals what this " \
                   f"known mistake gives: {matched}"
    first = failing[0]
    where = first.message.split("\n")[0]
    return (f"{len(failing)} of {len(tests)} checks did not pass; the first is {first.name}: "
            f"{where}")
