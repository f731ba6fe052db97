"""What a kata's checks.py is written with.

A check is a generator: it builds inputs from `t.rng`, yields the calls to make in the box,
receives the candidate's decoded results, and compares them with the reference it runs
itself. Raising `Fail` (or letting a `t.close` raise it) fails the check; returning passes.

    @check(points=2)
    def stable_for_large_logits(t):
        x = 1e3 * t.rng.standard_normal((4, 9))
        got = yield t.call("softmax", x)
        t.close(got, t.ref.softmax(x), what="softmax(x)")

The generator runs only on the trusted side: the box receives the calls' arguments and
nothing else, so expected values, the reference and this code never enter it.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np

from graders import compare
from graders.compare import Fail, kind_of

__all__ = ["GLOBAL_RNG", "Call", "CallError", "CheckSpec", "Fail", "Trial", "check"]

# torch (like random and np.random) has one global generator per process, and the checks of
# several gradings run in threads of one process: trusted code that seeds it or draws from it
# (torch.manual_seed, building an nn.Module) holds this lock, or another thread's draws land
# between its seed and its weights. grade() holds it while checks plan and judge, and the bug
# oracle while it runs mutants; check code may take it again (it is reentrant).
GLOBAL_RNG = threading.RLock()


@dataclass(frozen=True)
class Call:
    """One call to make inside the box: a solution function or a `harness:` probe."""

    target: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    errors_ok: bool = False


@dataclass(frozen=True)
class CallError:
    """The candidate's code raised instead of returning."""

    type: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"{self.type}: {self.message}"


CheckFn = Callable[["Trial"], Generator[Any, Any, None]]


@dataclass(frozen=True)
class CheckSpec:
    """A check as declared in checks.py."""

    name: str
    fn: CheckFn
    points: float
    visible: bool
    description: str


def check(*, points: float = 1.0, visible: bool = False) -> Callable[[CheckFn], CheckSpec]:
    """Declare a check; `visible` ones are what Run shows, all of them grade a Submit."""

    def wrap(fn: CheckFn) -> CheckSpec:
        if not inspect.isgeneratorfunction(fn):
            raise TypeError(f"check {fn.__name__} must yield the calls it makes")
        doc = inspect.getdoc(fn) or ""
        return CheckSpec(fn.__name__, fn, float(points), visible, doc.split("\n\n")[0])

    return wrap


class Trial:
    """What a check body sees: its inputs' RNG, the reference, and comparison helpers."""

    def __init__(self, *, rng: np.random.Generator, seed: int, ref: ModuleType,
                 harness: ModuleType | None, visible: bool,
                 variant: dict[str, Any] | None = None) -> None:
        self.rng, self.seed, self.ref, self.harness, self.visible = rng, seed, ref, harness, visible
        self.variant: dict[str, Any] = variant or {}  # the kata variant's values (variants.py)
        self.diagnostics: dict[str, Any] = {}

    # -- building calls
    def call(self, target: str, *args: Any, **kwargs: Any) -> Call:
        """Call `target` from the candidate's module with these plain-data arguments."""
        return Call(target, args, kwargs)

    def call_may_raise(self, target: str, *args: Any, **kwargs: Any) -> Call:
        """Like `call`, but a raised exception comes back as a CallError instead of failing."""
        return Call(target, args, kwargs, errors_ok=True)

    def probe(self, name: str, *args: Any, **kwargs: Any) -> Call:
        """Call `name(solution, *args, **kwargs)` from the kata's public harness.py."""
        return Call(f"harness:{name}", args, kwargs)

    # -- judging
    def close(self, got: Any, want: Any, *, what: str = "result", rtol: float = 1e-5,
              atol: float = 1e-8, bugs: dict[str, Any] | None = None) -> dict[str, Any]:
        """Fail unless `got` matches `want`; names known bugs when `got` matches one."""
        diag = compare.close(got, want, what=what, rtol=rtol, atol=atol, reveal=self.visible,
                             bugs=bugs)
        self.diagnostics.setdefault("compared", []).append(
            {k: diag[k] for k in ("what", "max_abs_error", "max_rel_error") if k in diag})
        return diag

    def fail(self, message: str, bug: str | None = None, **diagnostics: Any) -> None:
        raise Fail(message, bug=bug, **diagnostics)

    def expect(self, condition: Any, message: str, bug: str | None = None,
               **diagnostics: Any) -> None:
        if not condition:
            raise Fail(message, bug=bug, **diagnostics)

    def items(self, got: Any, n: int, what: str = "result") -> Sequence[Any]:
        """`got` as a tuple/list of exactly `n` items, or a failure saying what came back."""
        if not isinstance(got, tuple | list) or len(got) != n:
            size = f" of length {len(got)}" if isinstance(got, tuple | list) else ""
            raise Fail(f"{what}: expected a tuple of {n} values, got {kind_of(got)}{size}",
                       bug="wrong return structure")
        return got

    def number(self, got: Any, what: str = "result") -> float:
        """`got` as a finite float, or a failure (a 0-d array or tensor counts as a number)."""
        arr = compare.as_array(got, 0.0, what)
        value = float(arr)
        if not np.isfinite(value):
            raise Fail(f"{what}: {value} is not finite", bug="non-finite values")
        return value

    def mapping(self, got: Any, keys: Sequence[str], what: str = "result") -> dict[str, Any]:
        """`got` as a dict with exactly `keys`, or a failure naming the missing/extra ones."""
        if not isinstance(got, dict):
            raise Fail(f"{what}: expected a dict, got {kind_of(got)}", bug="wrong return structure")
        missing, extra = set(keys) - set(got), set(got) - set(keys)
        if missing or extra:
            raise Fail(f"{what}: missing keys {sorted(missing)}, unexpected keys {sorted(extra)}",
                       bug="wrong return structure")
        return got

    def note(self, **diagnostics: Any) -> None:
        """Add diagnostics shown whether the check passes or fails."""
        if "plot" in diagnostics and not self.visible:  # would picture the hidden inputs
            raise ValueError("plot data is for visible checks only (graders/plots.py)")
        self.diagnostics.update(diagnostics)
