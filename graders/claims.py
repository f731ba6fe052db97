"""Judging an ablation claim ("extend a paper" katas): is it right, and is it calibrated?

A claim is what a candidate reports about the ablation they ran, as plain numbers:

    {"effect": mean over seeds of (ablated - paper), "ci_low": ..., "ci_high": ...,
     "n_seeds": n}      # seeds first_seed, first_seed + 1, ..., first_seed + n - 1

The interval is the paired 95% Student-t interval: effect -/+ t(0.975, n - 1) * s / sqrt(n),
with s the sample standard deviation (ddof = 1) of the per-seed differences.

Right: the trusted side re-runs both arms on the claimed seeds with the reference and the
claim must equal what those runs give. Calibrated: it re-runs the comparison on fresh seeds
the box never saw, and the claimed interval must cover that estimate (widened by four of the
fresh estimate's own standard errors, so a correct claim fails by chance about once in 10^4).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from graders.kit import Trial

KEYS = ("effect", "ci_low", "ci_high", "n_seeds")
CALIBRATION_MARGIN = 4.0  # fresh-estimate standard errors added to each side of the interval


def paired_claim(diffs: Sequence[float], t975: Mapping[int, float]) -> dict[str, float]:
    """The claim that per-seed differences `diffs` support (n >= 2)."""
    n = len(diffs)
    mean = sum(diffs) / n
    se = _std(diffs) / math.sqrt(n)
    half = t975[n - 1] * se
    return {"effect": mean, "ci_low": mean - half, "ci_high": mean + half, "n_seeds": n}


def _std(xs: Sequence[float], ddof: int = 1) -> float:
    m = sum(xs) / len(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - ddof))


def _known_bugs(diffs: Sequence[float], paper: Sequence[float], ablated: Sequence[float],
                t975: Mapping[int, float]) -> dict[str, dict[str, float]]:
    """Values that classic mistakes give, by key: a match names the mistake."""
    n = len(diffs)
    mean = sum(diffs) / n
    s, p = _std(diffs), _std(diffs, ddof=0)
    welch = math.sqrt(_std(paper) ** 2 / n + _std(ablated) ** 2 / n)
    halves = {"1.96 (normal) instead of Student's t(0.975, n - 1)": 1.96 * s / math.sqrt(n),
              "the standard deviation, not the standard error s / sqrt(n)": t975[n - 1] * s,
              "population std (ddof=0) instead of the sample std": t975[n - 1] * p / math.sqrt(n),
              "an unpaired (Welch) interval: the seeds pair the runs": t975[n - 1] * welch,
              "t with n degrees of freedom instead of n - 1": t975.get(n, 0.0) * s / math.sqrt(n)}
    return {
        "effect": {"the effect is paper - ablated, not ablated - paper": -mean,
                   "the effect of the first seed only": diffs[0]},
        "ci_low": {bug: mean - h for bug, h in halves.items()},
        "ci_high": {bug: mean + h for bug, h in halves.items()},
    }


def judge_claim(t: Trial, got: Any, *, first_seed: int, pair: Callable[[int], tuple[float, float]],
                fresh_seeds: Sequence[int], min_seeds: int, max_seeds: int,
                t975: Mapping[int, float], what: str = "claim") -> None:
    """Fail unless `got` is the right claim for `first_seed` and covers the fresh estimate.

    `pair(seed)` is the reference's (paper, ablated) metric for one seed."""
    got = t.mapping(got, list(KEYS), what)
    n_raw = t.number(got["n_seeds"], f"{what}['n_seeds']")
    t.expect(n_raw == int(n_raw), f"{what}['n_seeds'] = {n_raw:g} is not a whole number",
             bug="wrong return structure")
    n = int(n_raw)
    t.expect(min_seeds <= n <= max_seeds,
             f"{what} rests on {n} seeds; the statement asks for {min_seeds} to {max_seeds}",
             bug=f"fewer seeds than the stated minimum ({min_seeds})" if n < min_seeds
             else "more seeds than the stated maximum")
    pairs = [pair(first_seed + i) for i in range(n)]
    paper, ablated = [p for p, _ in pairs], [a for _, a in pairs]
    diffs = [a - p for p, a in pairs]
    want = paired_claim(diffs, t975)
    bugs = _known_bugs(diffs, paper, ablated, t975)
    tol = 1e-4 * max(1e-3, max(abs(d) for d in diffs))
    for key in ("effect", "ci_low", "ci_high"):
        t.close(t.number(got[key], f"{what}['{key}']"), want[key], what=f"{what}['{key}']",
                rtol=1e-4, atol=tol, bugs=bugs.get(key))

    fresh = [a - p for p, a in map(pair, fresh_seeds)]
    estimate = sum(fresh) / len(fresh)
    margin = CALIBRATION_MARGIN * _std(fresh) / math.sqrt(len(fresh))
    low, high = float(got["ci_low"]), float(got["ci_high"])
    t.note(claimed=[round(low, 5), round(high, 5)], fresh_estimate=round(estimate, 5),
           fresh_seeds=len(fresh))
    t.expect(low - margin <= estimate <= high + margin,
             f"{what}: the interval [{low:.4g}, {high:.4g}] misses the effect re-measured on "
             f"{len(fresh)} fresh seeds ({estimate:.4g}, margin {margin:.2g}): not calibrated",
             bug="an interval that is not calibrated")
