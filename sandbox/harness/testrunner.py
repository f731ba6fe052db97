"""Runs inside the box for a write-the-tests kata: the candidate's tests against ONE implementation.

The box holds the candidate's test file, one implementation as a marshalled code object (no
source text, no file name, no docstrings, every line number 1) and the list of test names the
trusted side found in the file. Which implementation it is (the reference, another correct
one, or a mutant) is known only outside: nothing in the box names it, and every box of one
grading holds the same files but that code object. The implementation is executed as the
module `impl` and the tests, imported as `solution`, call it; each test's pass or failure is
written as plain data. Nothing here decides a verdict: a test that forges these results can
only say "passed" or "failed" for an implementation it cannot tell apart by anything but its
behaviour.
"""

from __future__ import annotations

import importlib.util
import json
import marshal
import math
import os
import random
import re
import sys
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

TEST_PLAN = "in/tests.json"
IMPL = "in/impl.bin"
IMPL_MODULE = "impl"  # the name the tests import the implementation under, in every box


def result_id(i: int) -> str:
    """The result file of the `i`-th test."""
    return f"t{i}"


@dataclass(frozen=True)
class TestPlan:
    """What the box runs: these test functions, each from this seed, against `impl`."""

    tests: tuple[str, ...]
    seed: int
    magic: str  # importlib's MAGIC_NUMBER (hex) of the interpreter that compiled `impl`

    def dumps(self) -> bytes:
        return json.dumps({"tests": list(self.tests), "seed": self.seed,
                           "magic": self.magic}).encode()

    @staticmethod
    def loads(data: bytes) -> TestPlan:
        doc = json.loads(data)
        return TestPlan(tuple(str(t) for t in doc["tests"]), int(doc["seed"]), str(doc["magic"]))


def main(box: str, write: Callable[[str, Any], None], describe: Callable[[BaseException], Any],
         ok: Callable[..., Any], failed: Callable[[Any], Any]) -> None:
    """Run the plan in `box`. The runner lends its writers: `write(id, result)`,
    `describe(exc)` -> ErrorInfo, `ok()` and `failed(info)` -> CallResult."""
    with open(os.path.join(box, TEST_PLAN), "rb") as f:
        plan = TestPlan.loads(f.read())
    with open(os.path.join(box, IMPL), "rb") as f:
        blob = f.read()
    if plan.magic != importlib.util.MAGIC_NUMBER.hex():
        raise RuntimeError("the implementation was compiled for another Python version")
    impl = types.ModuleType(IMPL_MODULE)
    sys.modules[IMPL_MODULE] = impl
    sys.modules["pytest"] = _pytest_shim()
    exec(marshal.loads(blob), impl.__dict__)  # noqa: S102 - trusted code, compiled outside

    _seed(plan.seed)
    try:
        spec = importlib.util.spec_from_file_location("solution", os.path.join(box, "code",
                                                                                "solution.py"))
        assert spec is not None and spec.loader is not None
        solution = importlib.util.module_from_spec(spec)
        sys.modules["solution"] = solution
        spec.loader.exec_module(solution)
    except BaseException as exc:  # noqa: BLE001 - SystemExit at import is the tests' fault
        write("import", failed(describe(exc)))
        return
    write("import", ok())
    for i, name in enumerate(plan.tests):
        _seed(plan.seed)  # every implementation sees the same random inputs
        started = time.perf_counter()
        try:
            fn = getattr(solution, name, None)
            if not callable(fn):
                raise NameError(f"{name} is not a function at the top level of your file")
            for params in getattr(fn, "_katagrad_params", None) or [{}]:
                fn(**params)
            result = ok(wall_s=time.perf_counter() - started)
        except BaseException as exc:  # noqa: BLE001 - a failed test, whatever it raised
            result = failed(describe(exc))
        write(result_id(i), result)


def _seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)


# -- a small pytest-compatible subset: approx, raises, fail, mark.parametrize -------------------

class _Failed(AssertionError):
    pass


class _Approx:
    """pytest.approx: equal within rel (default 1e-6) or abs (default 1e-12), NaN never."""

    def __init__(self, expected: Any, rel: float | None = None, abs: float | None = None,
                 nan_ok: bool = False) -> None:
        self.expected, self.nan_ok = expected, nan_ok
        self.rel = 1e-6 if rel is None else rel
        self.abs = 1e-12 if abs is None else abs

    def __eq__(self, actual: object) -> bool:
        try:
            want = np.asarray(self.expected, dtype=np.float64)
            got = np.asarray(actual, dtype=np.float64)
        except (TypeError, ValueError):
            return bool(actual == self.expected)
        if want.ndim and got.shape != want.shape:  # approx([...]) compares like with like
            return False
        got, want = np.broadcast_arrays(got, want)  # approx(scalar) == every element
        same_inf = np.isinf(want) & (got == want)
        both_nan = np.isnan(want) & np.isnan(got) & self.nan_ok
        tol = np.maximum(self.rel * np.abs(want), self.abs)
        with np.errstate(invalid="ignore"):
            near = np.abs(got - want) <= tol
        return bool(np.all(same_inf | both_nan | (near & np.isfinite(want))))

    __hash__ = None  # type: ignore[assignment]
    __array_ufunc__ = None  # `array == approx(...)` defers to __eq__ here, as in pytest
    __array_priority__ = 100

    def __repr__(self) -> str:
        tol = max(self.rel * abs(self.expected), self.abs) if isinstance(
            self.expected, int | float) and math.isfinite(self.expected) else None
        return f"{self.expected!r} ± {tol:.1e}" if tol is not None else \
            f"approx({self.expected!r})"


class _Raised:
    value: BaseException | None = None
    type: type | None = None


@contextmanager
def _raises(expected: Any, *, match: str | None = None) -> Iterator[_Raised]:
    info = _Raised()
    try:
        yield info
    except expected as exc:
        info.value, info.type = exc, type(exc)
        if match is not None and not re.search(match, str(exc)):
            raise _Failed(f"Regex {match!r} does not match {str(exc)!r}") from None
        return
    raise _Failed(f"DID NOT RAISE {expected}")


def _fail(reason: str = "") -> None:
    raise _Failed(reason)


def _parametrize(names: str | list[str] | tuple[str, ...], values: Any) -> Callable[[Any], Any]:
    keys = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)

    def wrap(fn: Any) -> Any:
        cases = [dict(zip(keys, v if len(keys) > 1 else (v,), strict=True)) for v in values]
        old = getattr(fn, "_katagrad_params", None) or [{}]
        fn._katagrad_params = [{**a, **b} for b in cases for a in old]
        return fn

    return wrap


def _pytest_shim() -> types.ModuleType:
    mod = types.ModuleType("pytest")
    mod.approx = _Approx  # type: ignore[attr-defined]
    mod.raises = _raises  # type: ignore[attr-defined]
    mod.fail = _fail  # type: ignore[attr-defined]
    mod.mark = types.SimpleNamespace(parametrize=_parametrize)  # type: ignore[attr-defined]
    return mod
