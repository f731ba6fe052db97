"""Plot data a visible check may attach to its diagnostics, for the browser to draw.

The schema (docs/writing-katas.md, "Pictures") is plain JSON under the `plot` key:

    {"kind": "heatmaps", "title": str, "panels": [{"label": str, "z": [[float]]}]}
    {"kind": "line", "title": str, "series": [{"label": str, "y": [float], "x"?: [float]}]}
    {"kind": "bars", "title": str, "labels": [str], "series": [{"label": str, "values": [float]}]}

with optional "x_label", "y_label" and (line, bars) "log_y". Values are capped here (32 x 32
heatmap cells, 256 line points, 32 bars) so a report stays small; non-finite values travel as
strings ('nan', 'inf') and are drawn as gaps or red cells. Hidden checks may not carry plots:
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
    arr = np.asarray(a, dtype=np.float64)
    if arr.ndim != 1:
        return [_values(row) for row in arr]
    return [float(f"{v:.4g}") if np.isfinite(v) else repr(v) for v in arr.tolist()]


def grid(z: Any) -> list[list[Any]] | None:
    """A 2-D array (the first of a larger stack), capped to 32 x 32; None if not numeric."""
    try:
        arr = np.asarray(z, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if arr.ndim < 2:
        arr = arr.reshape(1, -1) if arr.ndim == 1 else None  # type: ignore[assignment]
        if arr is None:
            return None
    while arr.ndim > 2:
        arr = arr[0]
    return _values(arr[:MAX_SIDE, :MAX_SIDE])


def heatmaps(title: str, panels: Mapping[str, Any], **labels: str) -> dict[str, Any]:
    """Side-by-side heatmaps sharing one colour scale, e.g. {"yours": w, "expected": want}."""
    out = [{"label": name, "z": z} for name, z in ((n, grid(v)) for n, v in panels.items())
           if z is not None]
    return {"kind": "heatmaps", "title": title, "panels": out, **labels}


def line(title: str, series: Mapping[str, Sequence[float]], **options: Any) -> dict[str, Any]:
    """One or more curves over their index (a loss or reward per step), subsampled to 256 points."""
    out = []
    for name, ys in series.items():
        y = np.asarray(ys, dtype=np.float64).ravel()
        step = max(1, int(np.ceil(y.size / MAX_POINTS)))
        x = np.arange(y.size)[::step]
        out.append({"label": name, "x": x.tolist(), "y": _values(y[::step])})
    return {"kind": "line", "title": title, "series": out, **options}


def bars(title: str, labels: Sequence[str], series: Mapping[str, Sequence[float]],
         **options: Any) -> dict[str, Any]:
    """Grouped bars, one group per label (e.g. one per parameter)."""
    labels = [str(x) for x in labels][:MAX_BARS]
    out = [{"label": name, "values": _values(np.asarray(v, dtype=np.float64)[:MAX_BARS])}
           for name, v in series.items()]
    return {"kind": "bars", "title": title, "labels": labels, "series": out, **options}
