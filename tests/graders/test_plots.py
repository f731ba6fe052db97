"""Plot data for visible checks: capped, strict JSON, refused in hidden checks."""

from __future__ import annotations

import json

import numpy as np
import pytest

from graders import plots
from graders.kit import Trial


def test_heatmaps_are_capped_and_skip_values_that_are_not_numeric() -> None:
    p = plots.heatmaps("w", {"yours": np.ones((2, 40, 50)), "broken": "not an array",
                             "expected": [[np.nan, np.inf]]})
    assert [panel["label"] for panel in p["panels"]] == ["yours", "expected"]
    z = p["panels"][0]["z"]
    assert len(z) == plots.MAX_SIDE and len(z[0]) == plots.MAX_SIDE
    assert p["panels"][1]["z"] == [["nan", "inf"]]
    json.dumps(p, allow_nan=False)  # the report is strict JSON


def test_line_is_subsampled_and_bars_are_rounded() -> None:
    p = plots.line("loss", {"loss": np.linspace(1, 0, 10_000)})
    assert len(p["series"][0]["y"]) <= plots.MAX_POINTS
    assert p["series"][0]["x"][0] == 0
    b = plots.bars("err", ["W1", "b1"], {"max abs error": [1 / 3, float("nan")]})
    assert b["series"][0]["values"] == [0.3333, "nan"]


def test_only_visible_checks_may_carry_a_plot() -> None:
    def trial(visible: bool) -> Trial:
        return Trial(rng=np.random.default_rng(0), seed=0, ref=None, harness=None,  # type: ignore[arg-type]
                     visible=visible)

    trial(True).note(plot=plots.line("loss", {"loss": [1.0, 0.5]}))
    with pytest.raises(ValueError, match="visible checks only"):
        trial(False).note(plot=plots.line("loss", {"loss": [1.0, 0.5]}))
    trial(False).note(other=1)  # other notes are fine in hidden checks


def test_a_long_curve_keeps_its_spike_its_nan_and_its_extremes() -> None:
    y = np.linspace(1, 0, 10_001)
    y[5003], y[7777], y[9001] = 50.0, np.nan, -np.inf
    p = plots.line("loss", {"loss": y})
    s = p["series"][0]
    assert len(s["y"]) <= plots.MAX_POINTS and len(s["x"]) == len(s["y"])
    kept = dict(zip(s["x"], s["y"], strict=True))
    assert kept[5003] == 50.0 and kept[7777] == "nan" and kept[9001] == "-inf"
    assert kept[0] == 1.0 and s["x"] == sorted(s["x"])  # in order, first point included
    json.dumps(p, allow_nan=False)


def test_a_short_curve_is_kept_whole_with_its_own_x() -> None:
    p = plots.line("path", {"lr=0.1": [3.0, 2.0, 1.0]}, x={"lr=0.1": [0.5, 0.25, 0.125]})
    assert p["series"][0] == {"label": "lr=0.1", "x": [0.5, 0.25, 0.125], "y": [3.0, 2.0, 1.0]}
    with pytest.raises(ValueError, match="3 values for 2 x positions"):
        plots.line("bad", {"a": [1.0, 2.0, 3.0]}, x=[0.0, 1.0])


def test_a_huge_array_is_cropped_before_any_conversion() -> None:
    import tracemalloc

    big = np.ones((2, 3000, 3000), dtype=np.float32)  # 72 MB; float64 of it would be 144 MB
    tracemalloc.start()
    try:
        z = plots.grid(big)
        plots.line("loss", {"loss": big})
        plots.bars("b", ["a"], {"v": big})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert z is not None and len(z) == plots.MAX_SIDE
    assert peak < 4 * 1024 * 1024, peak
