"""Checks for logsumexp-cross-entropy. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check

OVERFLOW = "overflow: exp of large logits without subtracting the max first"
UNDERFLOW = "log(softmax(x)) underflows: softmax rounds to 0 and log(0) = -inf"
ALL_NEG_INF = "an all -inf slice gives NaN (-inf - -inf) instead of -inf"


def _finite_where_expected(t, got, want, what):
    """Name the stability bug when `got` is non-finite where `want` is finite (or vice versa)."""
    if not isinstance(got, np.ndarray) or got.shape != np.shape(want) or got.dtype.kind != "f":
        return
    g, w = got.astype(np.float64), np.asarray(want)
    finite = np.isfinite(w)
    likely = (g == -np.inf) & (w > -1.0)  # a class with probability > 1/e lost to -inf
    neg_inf = (g == -np.inf) & finite
    checks = [
        (likely.any(), neg_inf, OVERFLOW,
         "(log_softmax = x - logsumexp(x), and logsumexp overflowed to inf)"),
        (True, (np.isnan(g) | (g == np.inf)) & finite, OVERFLOW,
         "(exp(710) is already inf; shift by the max so every exponent is <= 0)"),
        (True, neg_inf, UNDERFLOW,
         "(compute x - logsumexp(x) instead of taking the log of a tiny probability)"),
        (True, np.isnan(g) & (w == -np.inf), ALL_NEG_INF,
         "(when the max is -inf, shift by 0 instead)"),
    ]
    for trigger, bad, bug, hint in checks:
        if trigger and bad.any():
            idx = tuple(int(i) for i in np.argwhere(bad)[0])
            t.fail(f"{what}: {int(bad.sum())} of {g.size} values are {g[idx]} where "
                   f"{'a finite value' if finite[idx] else '-inf'} was expected, first at index "
                   f"{idx} — looks like: {bug} {hint}", bug=bug, first_bad_index=list(idx))


def _lse_bugs(x, axis, ref):
    return {"the max subtracted before exp is not added back":
            ref.logsumexp(x, axis) - np.max(x, axis=axis)}


def _huge_logits(rng, shape):
    x = 1e4 * rng.standard_normal(shape)
    x[0] = 2e4 + np.arange(shape[-1])  # all large and close together
    return x


@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: logsumexp, log_softmax and cross_entropy of a (2, 3) array."""
    x = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, -np.inf]])
    y = np.array([2, 0])
    lse, lsm, ce = yield [t.call("logsumexp", x), t.call("log_softmax", x),
                          t.call("cross_entropy", x, y)]
    for got, want, what in ((lse, t.ref.logsumexp(x), "logsumexp(x)"),
                            (lsm, t.ref.log_softmax(x), "log_softmax(x)")):
        _finite_where_expected(t, got, want, what)
    t.close(lse, t.ref.logsumexp(x), what="logsumexp(x)", bugs=_lse_bugs(x, -1, t.ref))
    t.close(lsm, t.ref.log_softmax(x), what="log_softmax(x)")
    t.close(ce, t.ref.cross_entropy(x, y), what="cross_entropy(x, y)",
            bugs=_reduction_bug(t, x, y))


@check(points=1, visible=True)
def small_batch_loss(t):
    """cross_entropy of 4 examples and 3 classes with moderate logits."""
    x = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.2, 0.2, 3.1], [0.0, 0.0, 0.0]])
    y = np.array([0, 1, 2, 1])
    got = yield t.call("cross_entropy", x, y)
    t.close(got, t.ref.cross_entropy(x, y), what="cross_entropy(x, y)",
            bugs=_reduction_bug(t, x, y))


@check(points=2)
def logsumexp_any_axis(t):
    """logsumexp over axis 0, 1 and -1 of a (3, 4, 5) array removes that axis."""
    x = 3 * t.rng.standard_normal((3, 4, 5))
    got = yield [t.call("logsumexp", x, axis) for axis in (0, 1, -1)]
    for axis, g in zip((0, 1, -1), got, strict=True):
        t.close(g, t.ref.logsumexp(x, axis), what=f"logsumexp(x, axis={axis})",
                bugs=_lse_bugs(x, axis, t.ref))


@check(points=2)
def logsumexp_huge_logits(t):
    """logsumexp of logits of magnitude 1e4 is finite and exact."""
    x = _huge_logits(t.rng, (6, 9))
    got = yield t.call("logsumexp", x)
    want = t.ref.logsumexp(x)
    _finite_where_expected(t, got, want, "logsumexp of large logits")
    t.close(got, want, what="logsumexp of large logits", bugs=_lse_bugs(x, -1, t.ref))


@check(points=2)
def logsumexp_neg_inf(t):
    """-inf entries are ignored, and an all -inf row gives -inf, not NaN."""
    x = 5 * t.rng.standard_normal((5, 7))
    x[t.rng.random((5, 7)) < 0.4] = -np.inf
    x[:, 0] = 1.0
    x[2] = -np.inf
    got = yield t.call("logsumexp", x)
    want = t.ref.logsumexp(x)
    _finite_where_expected(t, got, want, "logsumexp with -inf entries")
    t.close(got, want, what="logsumexp with -inf entries")


@check(points=2)
def log_softmax_huge_logits(t):
    """log_softmax of logits of magnitude 1e4: every finite logit gets a finite log-probability."""
    x = _huge_logits(t.rng, (5, 8))
    got = yield t.call("log_softmax", x)
    want = t.ref.log_softmax(x)
    _finite_where_expected(t, got, want, "log_softmax of large logits")
    t.close(got, want, what="log_softmax of large logits")


@check(points=2)
def log_softmax_axis_and_neg_inf(t):
    """log_softmax over axis 0 of a (6, 4) array with some -inf logits."""
    x = 4 * t.rng.standard_normal((6, 4))
    x[t.rng.random((6, 4)) < 0.3] = -np.inf
    x[0] = 0.5
    got = yield t.call("log_softmax", x, 0)
    want = t.ref.log_softmax(x, 0)
    _finite_where_expected(t, got, want, "log_softmax(x, axis=0)")
    with np.errstate(invalid="ignore"):  # a row may be all -inf: that variant is NaN there
        wrong_axis = t.ref.log_softmax(x, -1)
    t.close(got, want, what="log_softmax(x, axis=0)",
            bugs={"normalised over the last axis instead of axis 0": wrong_axis})


def _reduction_bug(t, x, y):
    """The other reduction over the batch than the kata's variant asks for."""
    n, want = len(y), t.ref.cross_entropy(x, y)
    if t.variant.get("REDUCTION", "mean") == "mean":
        return {"sum over the batch instead of the mean": n * want}
    return {"mean over the batch instead of the sum": want / n}


def _ce_bugs(t, x, y):
    ref = t.ref
    logp = ref.log_softmax(x)
    return {**_reduction_bug(t, x, y),
            "indexed logp[:, y] (an N x N block) instead of logp[arange(N), y]":
                -np.mean(logp[:, y]),
            "positive log-likelihood (the minus sign is missing)": -ref.cross_entropy(x, y)}


@check(points=2)
def cross_entropy_random(t):
    """Mean NLL over a batch of 32 with 10 classes."""
    x = 3 * t.rng.standard_normal((32, 10))
    y = t.rng.integers(0, 10, 32)
    got = yield t.call("cross_entropy", x, y)
    t.close(got, t.ref.cross_entropy(x, y), what="cross_entropy(logits, y)",
            bugs=_ce_bugs(t, x, y))


@check(points=2)
def cross_entropy_huge_logits(t):
    """Mean NLL with logits of magnitude 1e4, including confidently wrong predictions."""
    x = _huge_logits(t.rng, (16, 5))
    y = t.rng.integers(0, 5, 16)
    got = yield t.call("cross_entropy", x, y)
    want = t.ref.cross_entropy(x, y)
    value = np.asarray(got, dtype=np.float64) if isinstance(got, float | np.ndarray
                                                            | np.floating) else None
    if value is not None and value.ndim == 0 and not np.isfinite(value):
        t.fail(f"cross_entropy of large logits is {float(value)}, expected a finite loss: exp "
               "overflowed, or log(softmax) underflowed to log(0); take log-probabilities as "
               "x - logsumexp(x) with the max shifted out", bug="non-finite loss for large logits")
    t.close(got, want, what="cross_entropy of large logits", bugs=_ce_bugs(t, x, y))
