"""Checks for dropout. Trusted: never enters the sandbox.

The mask is drawn in the box from a Generator the candidate uses as they like, so it cannot
be predicted here: training-mode checks are statistical. Every statistical bound is 5 standard
errors (two-sided normal tail 5.7e-7 per bound, fewer than 10 bounds per grading), so a correct
solution fails with probability < 1e-5.
"""

import numpy as np

from graders.kit import check

SIGMAS = 5.0


def _output(t, y, x, what):
    """y as a finite float ndarray shaped like x, or a failure saying what came back."""
    t.expect(isinstance(y, np.ndarray), f"{what}: expected a numpy.ndarray, got "
             f"{type(y).__name__}", bug="wrong return type")
    t.expect(y.shape == x.shape, f"{what}: shape {y.shape}, expected {x.shape} (same as x)",
             bug="wrong shape")
    t.expect(y.dtype.kind == "f", f"{what}: dtype {y.dtype}, expected floating point",
             bug="wrong dtype")
    t.expect(np.all(np.isfinite(y)), f"{what}: contains NaN or Inf", bug="non-finite values")
    return y


def _judge_mask(t, y, x, p, what):
    """Dropped units are exactly 0, kept ones exactly x / (1 - p), and the kept fraction is
    1 - p within 5 standard errors."""
    y = _output(t, y, x, what)
    kept = y != 0  # x has no zeros, so a zero means dropped
    n, k = x.size, int(kept.sum())
    t.close(y[kept], x[kept] / (1 - p), what=f"{what}: the kept units", rtol=1e-6, atol=0.0,
            bugs={"kept units not rescaled: inverted dropout divides them by (1 - p)": x[kept],
                  "kept units divided by p instead of (1 - p)": x[kept] / p,
                  "kept units multiplied by (1 - p) instead of divided by it": x[kept] * (1 - p)})
    frac, se = k / n, np.sqrt(p * (1 - p) / n)
    t.note(**{f"{what}: kept fraction": round(frac, 5)})
    if abs(frac - (1 - p)) > SIGMAS * se:
        bug = None
        if abs(frac - p) <= SIGMAS * se:
            bug = "p used as the keep probability instead of the drop probability"
        t.fail(f"{what}: {k} of {n} units kept ({frac:.4f}); with p = {p} expected a fraction "
               f"of {1 - p:.4f} ± {SIGMAS * se:.4f} (5 standard errors)"
               + (f" — looks like: {bug}" if bug else ""), bug=bug, kept_fraction=frac)
    return kept


def _x(rng, shape):
    """Inputs with no zeros, so dropped units can be told apart from kept ones."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)


def _seed(t):
    return int(t.rng.integers(2**62))


@check(points=1, visible=True)
def eval_is_identity(t):
    """training=False returns x unchanged (the statement's example)."""
    x = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]])
    got = yield t.probe("run", x, 0.25, False, 0)
    t.close(got, x, what="dropout(x, 0.25, training=False, rng)", rtol=1e-12, atol=0.0,
            bugs={"scaled by 1 / (1 - p) in eval mode too": x / 0.75,
                  "scaled by (1 - p) in eval mode (that is non-inverted dropout)": x * 0.75})


@check(points=1, visible=True)
def training_small(t):
    """10,000 ones with p = 0.25: each unit is 0 or 4/3, about 75% kept."""
    x = np.ones((100, 100))
    got = yield t.probe("run", x, 0.25, True, 1234)
    _judge_mask(t, got, x, 0.25, "dropout(ones, 0.25, training=True, rng)")


@check(points=3)
def mask_and_scale(t):
    """(250, 400) input, p = 0.3: zeros where dropped, x / (1 - p) where kept, 70% kept."""
    x = _x(t.rng, (250, 400))
    got = yield t.probe("run", x, 0.3, True, _seed(t))
    _judge_mask(t, got, x, 0.3, "training output")


@check(points=2)
def high_drop_rate_3d(t):
    """A (20, 50, 100) input with p = 0.8 keeps the shape and keeps 20% of units."""
    x = _x(t.rng, (20, 50, 100))
    got = yield t.probe("run", x, 0.8, True, _seed(t))
    _judge_mask(t, got, x, 0.8, "training output")


@check(points=2)
def mean_preserved(t):
    """The sum of the output matches the sum of x within 5 standard errors (inverted scaling
    keeps E[output] = x), for positive x and p = 0.6."""
    x = t.rng.uniform(0.5, 1.5, size=(200, 500))
    p = 0.6
    got = yield t.probe("run", x, p, True, _seed(t))
    y = _output(t, got, x, "training output")
    se = np.sqrt(np.sum(x**2) * p / (1 - p))  # std of sum(y) for independent masks
    z = (float(np.sum(y, dtype=np.float64)) - float(np.sum(x))) / se
    ratio = float(np.sum(y, dtype=np.float64) / np.sum(x))
    t.note(sum_ratio=round(ratio, 5), z_score=round(z, 2))
    if abs(z) > SIGMAS:
        bug = None
        for name, r in (("kept units not rescaled", 1 - p), ("p used as the keep probability",
                        p / (1 - p)), ("kept units divided by p", (1 - p) / p)):
            if abs(ratio - r) < 0.02:
                bug = name
        t.fail(f"sum(output) / sum(x) = {ratio:.4f}, {abs(z):.1f} standard errors from 1: the "
               "output's expected value should equal x" + (f" — looks like: {bug}" if bug else ""),
               bug=bug, sum_ratio=ratio)


@check(points=2)
def fresh_masks_from_rng(t):
    """Two calls sharing a Generator draw different masks; a new Generator with the same seed
    reproduces the first (all randomness comes from rng)."""
    x = _x(t.rng, (100, 100))
    p = 0.5
    got = yield t.probe("run_twice_and_replay", x, p, _seed(t))
    first, second, replay = (_output(t, y, x, w) for y, w in zip(
        t.items(got, 3, "probe result"), ("first call", "second call", "replay"), strict=True))
    same = float(np.mean((first != 0) == (second != 0)))  # 0.5 expected for independent masks
    t.expect(same < 0.9, f"two consecutive calls sharing one rng dropped the same units "
             f"({100 * same:.1f}% of positions agree, about 50% expected): draw a fresh mask "
             "from rng on every call", bug="the same mask is reused on every call",
             agreement=same)
    t.expect(np.array_equal(first, replay), "a fresh Generator with the same seed gave a "
             "different output: draw the mask from the rng argument, not from np.random or a "
             "Generator of your own", bug="randomness does not come from rng")
    _judge_mask(t, first, x, p, "first call")


@check(points=1)
def identity_cases(t):
    """Eval mode on a 3-D input with p = 0.6, and training with p = 0, both return x."""
    x = _x(t.rng, (4, 5, 6))
    got = yield [t.probe("run", x, 0.6, False, _seed(t)), t.probe("run", x, 0.0, True, _seed(t))]
    t.close(got[0], x, what="dropout(x, 0.6, training=False, rng)", rtol=1e-12, atol=0.0,
            bugs={"scaled by 1 / (1 - p) in eval mode too": x / 0.4,
                  "scaled by (1 - p) in eval mode (that is non-inverted dropout)": x * 0.4})
    t.close(got[1], x, what="dropout(x, 0.0, training=True, rng)", rtol=1e-12, atol=0.0,
            bugs={"every unit dropped at p = 0: p used as the keep probability":
                  np.zeros_like(x)})
