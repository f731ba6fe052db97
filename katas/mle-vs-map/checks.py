"""Checks for mle-vs-map. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check

RTOL = 1e-8


def _regression(rng, n=30, d=4):
    X = rng.standard_normal((n, d))
    return X, X @ rng.standard_normal(d) + 0.7 * rng.standard_normal(n)


def _ridge(X, y, lam):
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)


def _lambda_bugs(s2, t2):
    return {"tau^2 / sigma^2: the ratio is upside down": t2 / s2,
            "sigma / tau: standard deviations where the variances belong": np.sqrt(s2 / t2),
            "1 / tau^2: the noise variance is missing": 1.0 / t2}


def _map_bugs(X, y, s2, t2):
    return {f"ridge with lambda = {name}": _ridge(X, y, lam)
            for name, lam in _lambda_bugs(s2, t2).items()} | {
        "the MLE: the prior is ignored": np.linalg.lstsq(X, y, rcond=None)[0]}


def _coin_bugs(x, a, b):
    k, n = float(np.sum(x)), len(x)
    return {"the posterior mean (k + a) / (n + a + b), not its mode": (k + a) / (n + a + b),
            "the MLE k / n: the prior is ignored": k / n,
            "a and b swapped": (k + b - 1) / (n + a + b - 2)}


@check(points=1, visible=True)
def worked_example(t):
    """The statement's examples: one feature, two points; four coin flips."""
    X, y, x = np.array([[1.0], [2.0]]), np.array([1.0, 3.0]), np.array([1, 1, 0, 1])
    got = yield [t.call("linreg_mle", X, y), t.call("noise_var_mle", X, y),
                 t.call("linreg_map", X, y, 1.0, 1.0), t.call("bernoulli_mle", x),
                 t.call("beta_bernoulli_map", x, 2.0, 2.0)]
    mle, s2, wmap, p, pmap = got
    t.close(mle, t.ref.linreg_mle(X, y), what="linreg_mle", rtol=RTOL)
    t.close(s2, 0.1, what="noise_var_mle", rtol=RTOL,
            bugs={"divided by N - d (the unbiased estimate), not N": 0.2})
    t.close(wmap, t.ref.linreg_map(X, y, 1.0, 1.0), what="linreg_map(X, y, 1, 1)", rtol=RTOL)
    t.close(p, 0.75, what="bernoulli_mle", rtol=RTOL)
    t.close(pmap, 2 / 3, what="beta_bernoulli_map(x, 2, 2)", rtol=RTOL, bugs=_coin_bugs(x, 2, 2))


@check(points=2)
def regression_mle(t):
    """The MLE weights and noise variance for N = 30, d = 4 (and N = 6, d = 4, where dividing
    by N or by N - d differs by a factor 3)."""
    cases = [_regression(t.rng), _regression(t.rng, n=6)]
    got = yield [c for X, y in cases for c in (t.call("linreg_mle", X, y),
                                               t.call("noise_var_mle", X, y))]
    for k, (X, y) in enumerate(cases):
        w, s2 = got[2 * k], got[2 * k + 1]
        t.close(w, t.ref.linreg_mle(X, y), what=f"linreg_mle, N = {len(y)}", rtol=RTOL)
        r = y - X @ t.ref.linreg_mle(X, y)
        t.close(s2, t.ref.noise_var_mle(X, y), what=f"noise_var_mle, N = {len(y)}", rtol=RTOL,
                bugs={"divided by N - d (the unbiased estimate), not N: that is not the MLE":
                      r @ r / (len(y) - X.shape[1]),
                      "the variance of y, not of the residuals": float(np.var(y))})


@check(points=2)
def ridge_lambda_from_variances(t):
    """lambda for sigma^2 = 4, tau^2 = 0.5 (where every classic slip gives another number),
    and for random variances."""
    cases = [(4.0, 0.5), (float(t.rng.uniform(1.5, 5)), float(t.rng.uniform(0.1, 0.6)))]
    got = yield [t.call("ridge_lambda", *c) for c in cases]
    for (s2, t2), g in zip(cases, got, strict=True):
        t.close(g, s2 / t2, what=f"ridge_lambda({s2:.4g}, {t2:.4g})", rtol=RTOL,
                bugs=_lambda_bugs(s2, t2))


@check(points=3)
def regression_map(t):
    """MAP weights for N = 30, d = 4 with a strong and a weak prior; a huge tau^2 approaches
    the MLE and a tiny one shrinks w towards 0, all against the exact ridge solution."""
    X, y = _regression(t.rng)
    s2 = float(t.rng.uniform(1.5, 4.0))
    cases = [(s2, 0.05), (s2, 0.4), (s2, 1e6), (s2, 1e-6)]
    got = yield [t.call("linreg_map", X, y, *c) for c in cases]
    for (a, b), g in zip(cases, got, strict=True):
        t.close(g, t.ref.linreg_map(X, y, a, b), what=f"linreg_map, sigma^2 = {a:.4g}, "
                f"tau^2 = {b:.4g}", rtol=RTOL, atol=1e-12, bugs=_map_bugs(X, y, a, b))


@check(points=2)
def coin_mle_and_map(t):
    """k = 3 of n = 4 with a Beta(2, 5) prior; a uniform Beta(1, 1) prior (MAP = MLE); and 25
    random flips under a random prior; boolean and integer data."""
    fixed = np.array([1, 1, 0, 1])
    flips = t.rng.random(25) < t.rng.uniform(0.2, 0.8)
    a, b = float(t.rng.uniform(1, 6)), float(t.rng.uniform(1, 6))
    cases = [(fixed, 2.0, 5.0), (fixed, 1.0, 1.0), (flips, a, b),
             (flips.astype(np.int64), 3.0, 1.0)]
    got = yield [t.call("bernoulli_mle", flips)] + [t.call("beta_bernoulli_map", *c) for c in cases]
    t.close(got[0], float(flips.mean()), what="bernoulli_mle of 25 boolean flips", rtol=RTOL)
    for (x, a_, b_), g in zip(cases, got[1:], strict=True):
        bugs = _coin_bugs(x, a_, b_) if (a_, b_) != (1.0, 1.0) else {}
        t.close(g, t.ref.beta_bernoulli_map(x, a_, b_), what=f"beta_bernoulli_map, n = {len(x)}, "
                f"Beta({a_:.3g}, {b_:.3g})", rtol=RTOL, bugs=bugs)
