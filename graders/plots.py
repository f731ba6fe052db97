"""Plot data a visible check may attach to its diagnostics, for the browser to draw.

The schema (docs/writing-katas.md, "Pictures") is plain JSON under the `plot` key:

    {"kind": "heatmaps", "title": str, "panels": [{"label": str, "z": [[float]]}]}
    {"kind": "line", "title": str, "series": [{"label": str, "y": [float], "x"?: [float]}]}
    {"kind": "bars", "title": str, "labels": [str], "series": [{"label": str, "values": [float]}]}

with optional "x_label", "y_label" and (line, bars) "log_y". Values are capped here (32 x 32
heatmap cells, 256 line points, 32 bars) so a report stays small; a long curve keeps, per
bucket of steps, its first NaN, its first infinity, its maximum and its minimum (two of them),
so the spike or the NaN a picture is there to show is never dropped. Non-finite values travel
as strings ('nan', 'inf') and are drawn as gaps or red cells. Hidden checks may not carry plots:
they would show the candidate what the hidden inputs produce.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

MAX_SIDE = 32
MAX_POINTS = 256
MAX_BARS = 32


def _values(a: Any) -> list[Any]:
    arr = np.asarray(a, dtype=np.float64)  # callers crop first: at most MAX_SIDE**2 values
    if arr.ndim != 1:
        return [_values(row) for row in arr]
    return [float(f"{v:.4g}") if np.isfinite(v) else repr(v) for v in arr.tolist()]


def _numeric(a: Any) -> np.ndarray | None:
    """`a` as an array without converting its values (no copy of an array), or None."""
    try:
        arr = np.asarray(a)
    except (TypeError, ValueError):
        return None
    return arr if arr.dtype.kind in "biuf" else None


def grid(z: Any) -> list[list[Any]] | None:
    """A 2-D array (the first of a larger stack), capped to 32 x 32; None if not numeric.

    It is cropped before any conversion, so a huge array costs no more than 32 x 32 floats.
    """
    arr = _numeric(z)
    if arr is None or arr.ndim == 0:
        return None
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    while arr.ndim > 2:
        arr = arr[0]
    return _values(arr[:MAX_SIDE, :MAX_SIDE])


def heatmaps(title: str, panels: Mapping[str, Any], **labels: str) -> dict[str, Any]:
    """Side-by-side heatmaps sharing one colour scale, e.g. {"yours": w, "expected": want}."""
    out = [{"label": name, "z": z} for name, z in ((n, grid(v)) for n, v in panels.items())
           if z is not None]
    return {"kind": "heatmaps", "title": title, "panels": out, **labels}


def _kept(y: np.ndarray) -> np.ndarray:
    """Indices of at most MAX_POINTS points of y: per bucket the two that say the most."""
    if y.size <= MAX_POINTS:
        return np.arange(y.size)
    edges = np.linspace(0, y.size, MAX_POINTS // 2 + 1).astype(int)
    keep: list[int] = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        chunk = y[lo:hi]
        finite = np.isfinite(chunk)
        order = [np.flatnonzero(np.isnan(chunk)), np.flatnonzero(np.isinf(chunk))]
        if finite.any():
            values = np.where(finite, chunk, np.nan)
            order += [np.array([np.nanargmax(values)]), np.array([np.nanargmin(values)])]
        picked = list(dict.fromkeys(int(o[0]) for o in order if o.size))[:2]
        keep += sorted(lo + i for i in picked)
    return np.asarray(keep, dtype=np.int64)


def line(title: str, series: Mapping[str, Sequence[float]],
         x: Sequence[float] | Mapping[str, Sequence[float]] | None = None,
         **options: Any) -> dict[str, Any]:
    """Curves over their index (a loss per step) or over `x`, shared by every series (or a
    mapping from series name to its own x, e.g. a trajectory); at most 256 points each, and
    never without the NaN or the spike of a bucket of steps."""
    out = []
    for name, ys in series.items():
        y = _numeric(ys)
        if y is None:
            continue
        y = y.reshape(-1)  # a view where it can be; bucketed before any conversion
        if y.dtype.kind == "b":
            y = y.view(np.uint8)
        xs = x.get(name) if isinstance(x, Mapping) else x
        xv = None if xs is None else _numeric(xs)
        if xs is not None and xv is None:
            raise ValueError(f"series {name!r}: its x positions are not numbers")
        if xv is not None and xv.size != y.size:
            raise ValueError(f"series {name!r}: {y.size} values for {xv.size} x positions")
        keep = _kept(y)
        out.append({"label": name, "x": keep.tolist() if xv is None else
                    _values(xv.reshape(-1)[keep]), "y": _values(y[keep])})
    return {"kind": "line", "title": title, "series": out, **options}


def bars(title: str, labels: Sequence[str], series: Mapping[str, Sequence[float]],
         **options: Any) -> dict[str, Any]:
    """Grouped bars, one group per label (e.g. one per parameter)."""
    labels = [str(x) for x in labels][:MAX_BARS]
    out = [{"label": name, "values": _values(np.asarray(v).reshape(-1)[:MAX_BARS])}
           for name, v in series.items()]
    return {"kind": "bars", "title": title, "labels": labels, "series": out, **options}
