"""Compare a candidate's value with the reference's and explain the difference numerically.

Everything here runs on the trusted side over values decoded from the wire, so they are
plain numpy arrays, torch tensors, Python scalars, containers or `Unsupported` markers.
A mismatch raises `Fail` carrying a message and diagnostics; the messages name what to look
at (shape, dtype, NaNs, the worst element, a recognised bug) and reveal expected values only
for visible checks.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from sandbox.harness.wire import Unsupported

SCALAR_TYPES = (bool, int, float, np.generic)
# Rounding floors by the dtype the candidate returned: float32 answers are fine to ~1e-4.
DTYPE_RTOL = {"float16": 1e-2, "bfloat16": 2e-2, "float32": 1e-4}


class Fail(Exception):
    """Raised inside a check: the check fails with this message and these diagnostics."""

    def __init__(self, message: str, bug: str | None = None, **diagnostics: Any) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = dict(diagnostics)
        if bug:
            self.diagnostics["bug"] = bug


def kind_of(value: Any) -> str:
    """A short human name for a value's type, as a candidate would write it."""
    if isinstance(value, Unsupported):
        return str(value)
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor):
        return "torch.Tensor"
    if isinstance(value, np.ndarray):
        return "numpy.ndarray"
    if isinstance(value, np.generic):
        return f"numpy.{type(value).__name__}"
    return type(value).__name__


def _is_tensor(value: Any) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.Tensor)


def _dtype_name(value: Any) -> str:
    if _is_tensor(value):
        return str(value.dtype).removeprefix("torch.")
    if isinstance(value, np.ndarray | np.generic):
        return str(value.dtype)
    return type(value).__name__


def to_numpy(value: Any) -> np.ndarray:
    """A float64/int/bool numpy view of a trusted value (reference output or decoded result)."""
    if _is_tensor(value):
        t = value.detach().cpu()
        if str(t.dtype) in ("torch.bfloat16", "torch.float16"):
            t = t.float()
        return np.asarray(t.numpy())
    return np.asarray(value)


def as_array(got: Any, want: Any, what: str) -> np.ndarray:
    """Type-check `got` against the kind of `want` exactly and return it as a numpy array."""
    if isinstance(got, Unsupported):
        raise Fail(f"{what}: returned a {got}, which cannot be checked", got_type=got.type)
    scalar_want = isinstance(want, SCALAR_TYPES) or (
        isinstance(want, np.ndarray) and want.ndim == 0) or (_is_tensor(want) and want.ndim == 0)
    if scalar_want:
        ok = (isinstance(got, SCALAR_TYPES) and not isinstance(got, bool | np.bool_)) or (
            isinstance(got, np.ndarray) and got.ndim == 0) or (_is_tensor(got) and got.ndim == 0)
        if isinstance(want, bool | np.bool_):
            ok = isinstance(got, bool | np.bool_)
        if not ok:
            raise Fail(f"{what}: expected a number, got {kind_of(got)}"
                       + (f" of shape {tuple(got.shape)}" if hasattr(got, "shape") else ""),
                       expected_type="number", got_type=kind_of(got))
        number = to_numpy(got)
        # An integer that happens to equal a float answer is a number all the same.
        return number.astype(np.float64) if to_numpy(want).dtype.kind == "f" else number
    want_kind, got_kind = kind_of(want), kind_of(got)
    if want_kind != got_kind:
        raise Fail(f"{what}: expected a {want_kind}, got {got_kind}",
                   expected_type=want_kind, got_type=got_kind)
    return to_numpy(got)


def close(
    got: Any,
    want: Any,
    *,
    what: str = "result",
    rtol: float = 1e-5,
    atol: float = 1e-8,
    reveal: bool = False,
    bugs: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Fail unless `got` matches `want` within tolerance; return diagnostics when it does.

    `bugs` maps a named mistake to the value that mistake would produce (or a callable making
    it); when `got` matches one of them, the failure names it.
    """
    g = as_array(got, want, what)
    w = to_numpy(want)
    diag: dict[str, Any] = {"what": what, "expected_shape": list(w.shape),
                            "got_shape": list(g.shape), "got_dtype": _dtype_name(got)}
    if g.shape != w.shape:
        hint = ""
        if g.ndim >= 2 and g.shape[:-2] + g.shape[-2:][::-1] == w.shape:
            hint = " (the last two axes look swapped)"
        elif g.size == w.size:
            hint = " (same number of elements: a reshape or missing/extra axis?)"
        raise Fail(f"{what}: shape {tuple(g.shape)}, expected {tuple(w.shape)}{hint}",
                   bug="wrong shape", **diag)
    if w.dtype.kind == "f" and g.dtype.kind not in "f":
        raise Fail(f"{what}: dtype {diag['got_dtype']}, expected a floating-point result",
                   bug="wrong dtype", **diag)
    if w.dtype.kind in "biu":
        bad = g != w
        if bad.any():
            idx = _index(np.argwhere(bad)[0])
            diag.update(mismatched=int(bad.sum()), first_wrong_index=idx)
            if reveal:
                diag.update(expected_at_index=w[tuple(idx)].item(),
                            got_at_index=g[tuple(idx)].item())
            bug = next((name for name, alt in (bugs or {}).items()
                        if np.array_equal(g, to_numpy(alt() if callable(alt) else alt))), None)
            raise Fail(f"{what}: {int(bad.sum())} of {w.size} entries differ, first at index "
                       f"{tuple(idx)}" + (f" — looks like: {bug}" if bug else ""), bug=bug, **diag)
        return diag

    g64, w64 = g.astype(np.float64), w.astype(np.float64)
    finite_w = np.isfinite(w64)
    nan, inf = np.isnan(g64) & finite_w, np.isinf(g64) & finite_w
    if nan.any() or inf.any():
        bad = nan | inf
        idx = _index(np.argwhere(bad)[0])
        diag.update(nan_count=int(nan.sum()), inf_count=int(inf.sum()), first_bad_index=idx)
        raise Fail(f"{what}: {int(nan.sum())} NaN and {int(inf.sum())} Inf values where finite "
                   f"ones were expected, first at index {tuple(idx)} (overflow in exp? "
                   f"division by zero?)", bug="non-finite values", **diag)
    special = ~finite_w
    if (special & ~((g64 == w64) | (np.isnan(g64) & np.isnan(w64)))).any():
        idx = _index(np.argwhere(special & (g64 != w64))[0])
        raise Fail(f"{what}: expected a non-finite value at index {tuple(idx)}", **diag)

    rtol = max(rtol, DTYPE_RTOL.get(diag["got_dtype"], 0.0))
    scale = float(np.max(np.abs(w64[finite_w]), initial=0.0))
    atol = max(atol, rtol * 0.1 * scale) if diag["got_dtype"] in DTYPE_RTOL else atol
    # Non-finite expected entries were checked above; subtract only where both are finite.
    err = np.abs(np.subtract(g64, w64, where=finite_w, out=np.zeros_like(g64)))
    allowed = atol + rtol * np.abs(np.where(finite_w, w64, 0.0))
    excess = err - allowed
    worst = _index(np.unravel_index(int(np.argmax(err)), err.shape)) if err.size else []
    max_abs = float(err.max()) if err.size else 0.0
    rel = err / np.maximum(np.abs(w64), 1e-12)
    diag.update(max_abs_error=max_abs, max_rel_error=float(np.max(rel, initial=0.0)),
                worst_index=worst, rtol=rtol, atol=atol)
    if err.size and (excess > 0).any():
        bad = int((excess > 0).sum())
        diag.update(mismatched=bad, got_at_worst=float(g64[tuple(worst)]))
        if reveal:
            diag["expected_at_worst"] = float(w64[tuple(worst)])
        named, pattern = _recognise(g64, w64, bugs or {}, rtol, atol)
        message = (f"{what}: {bad} of {err.size} values differ; max abs error {max_abs:.3g} "
                   f"at index {tuple(worst)}")
        if named:  # the value equals the named mistake's value: certain
            diag["bug_matched"] = named
            message += f" — equals the known mistake: {named}"
        elif pattern:  # a shape of the error, said as what it is, not as a cause
            diag["pattern"] = pattern
            message += f" ({pattern})"
        raise Fail(message, bug=named, **diag)
    return diag


def _recognise(g: np.ndarray, w: np.ndarray, bugs: Mapping[str, Any], rtol: float,
               atol: float) -> tuple[str | None, str | None]:
    """(the named mistake `g` equals, a pattern the error follows): either may be None.

    The patterns describe the error, never a cause: "every value is the expected one times
    -1". A pattern is only reported when it explains the error far beyond rounding, so a
    tiny drift is never called "an offset".
    """

    def matches(alt: Any) -> bool:
        return _same(alt, g, rtol, atol)

    # A mistake whose value equals the right one on these inputs (|A v| and v.A v once power
    # iteration has converged on a PSD matrix) cannot be told apart here: never claimed.
    for name, alt in bugs.items():
        if matches(alt) and not _same(alt, w, rtol, atol):
            return name, None
    if not np.all(np.isfinite(w)) or not np.any(w) or not np.all(np.isfinite(g)):
        return None, None
    scale = float(np.max(np.abs(w)))
    if float(np.max(np.abs(g - w))) < 1e-3 * scale:
        return None, None  # a small drift: no pattern is meaningful at this size
    generic: dict[str, Callable[[], Any]] = {"every value has the opposite sign": lambda: -w}
    if w.ndim == 2 and w.shape[0] == w.shape[1]:
        generic["it equals the expected matrix transposed"] = lambda: w.T
    if w.size > 1:
        ratio = float(np.dot(g.ravel(), w.ravel()) / np.dot(w.ravel(), w.ravel()))
        if np.isfinite(ratio) and abs(ratio - 1) > 1e-2 and abs(ratio) > 1e-6:
            generic[f"every value is the expected one times {ratio:.4g}"] = lambda: w * ratio
        offset = float(np.mean(g - w))
        if abs(offset) > 1e-2 * scale:
            generic[f"every value is the expected one plus {offset:.4g}"] = lambda: w + offset
    for name, alt in generic.items():
        if matches(alt):
            return None, name
    return None, None


def _same(alt: Any, x: np.ndarray, rtol: float, atol: float) -> bool:
    """Whether the mistake's value `alt` (or a callable making it) equals `x` within tolerance."""
    try:
        a = to_numpy(alt() if callable(alt) else alt).astype(np.float64)
    except Exception:  # noqa: BLE001 - a variant that cannot be built does not match
        return False
    return a.shape == x.shape and bool(np.allclose(x, a, rtol=rtol, atol=atol, equal_nan=True))


def _index(idx: Any) -> list[int]:
    return [int(i) for i in idx]
