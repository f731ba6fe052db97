"""Checks for bayesian-update. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check


def _check_beta(t, got, alpha, beta, data, what):
    a_got, b_got = t.items(got, 2, what + " (alpha_post, beta_post)")
    a_got, b_got = t.number(a_got, what + " alpha_post"), t.number(b_got, what + " beta_post")
    heads = int(np.sum(data))
    tails = len(data) - heads
    want = t.ref.beta_bernoulli_posterior(alpha, beta, data)
    bugs = {(alpha + tails, beta + heads): "the counts are swapped: each 1 (success) adds to "
            "alpha, each 0 to beta",
            (heads, tails): "the prior is ignored: the prior's alpha and beta must be added to "
            "the counts",
            (alpha + heads, beta + len(data)): "beta counts all observations instead of the "
            "zeros only"}
    if not np.allclose((a_got, b_got), want, rtol=1e-9, atol=1e-9):
        bug = next((name for value, name in bugs.items()
                    if np.allclose((a_got, b_got), value, rtol=1e-9, atol=1e-9)), None)
        t.fail(f"{what}: got ({a_got:g}, {b_got:g})"
               + (f", expected {tuple(float(w) for w in want)}" if t.visible else "")
               + f" for {heads} ones and {tails} zeros"
               + (f" — looks like: {bug}" if bug else ""), bug=bug)


def _check_predictive(t, got, alpha, beta, what):
    want = t.ref.posterior_predictive(alpha, beta)
    t.close(t.number(got, what), want, what=what, bugs={
        "P(x = 0) instead of P(x = 1): beta / (alpha + beta)": beta / (alpha + beta),
        "the posterior mode (alpha - 1) / (alpha + beta - 2) instead of the mean":
            (alpha - 1) / (alpha + beta - 2) if alpha + beta != 2 else np.nan,
        "alpha / beta (odds) instead of alpha / (alpha + beta)": alpha / beta,
    })


OTHER_READING = {  # the prior's parameter read the other way round
    "precision": "prior precision used as a variance (prior N(0, lambda I) instead of "
                 "N(0, I / lambda))",
    "variance": "prior variance used as a precision (prior N(0, I / tau^2) instead of "
                "N(0, tau^2 I))",
}


def _blr_bugs(X, y, lam, s2, prior="precision"):
    """What each mistake gives; `lam` is the prior precision, whatever the variant passed."""
    d = X.shape[1]

    def post(precision, rhs):
        cov = np.linalg.inv(precision)
        return cov @ rhs, cov

    xtx, xty = X.T @ X, X.T @ y
    return {
        OTHER_READING[prior]: post(np.eye(d) / lam + xtx / s2, xty / s2),
        "the noise variance is missing: X^T X and X^T y must be divided by sigma^2":
            post(lam * np.eye(d) + xtx, xty),
        "noise variance scales the prior term instead of the data term":
            post(lam * s2 * np.eye(d) + xtx, xty),
        "the prior is ignored: this is the maximum-likelihood (least-squares) fit":
            post(xtx / s2, xty / s2),
        "noise standard deviation used where the variance belongs":
            post(lam * np.eye(d) + xtx / np.sqrt(s2), xty / np.sqrt(s2)),
    }


def _check_blr(t, got, X, y, lam, s2, what="blr_posterior"):
    mean, cov = t.items(got, 2, f"{what} (mean, cov)")
    want_mean, want_cov = t.ref.blr_posterior(X, y, lam, s2)
    try:
        prior = t.variant.get("PRIOR", "precision")
        bugs = _blr_bugs(X, y, lam if prior == "precision" else 1.0 / lam, s2, prior)
    except np.linalg.LinAlgError:  # a singular variant (e.g. MLE with n < d) matches nothing
        bugs = {}
    t.close(cov, want_cov, what=f"{what} covariance", atol=1e-10,
            bugs={k: v[1] for k, v in bugs.items()} | {
                "returned the precision matrix instead of its inverse":
                    np.linalg.inv(want_cov)})
    t.close(mean, want_mean, what=f"{what} mean", atol=1e-10,
            bugs={k: v[0] for k, v in bugs.items()})


def _regression(rng, n, d, lam, s2):
    X = rng.standard_normal((n, d))
    w = rng.normal(0, 1 / np.sqrt(lam), d)
    y = X @ w + rng.normal(0, np.sqrt(s2), n)
    return X, y


@check(points=1, visible=True)
def beta_worked_example(t):
    """Beta(2, 2) prior, data [1, 1, 0, 1]: posterior Beta(5, 3), predictive 0.625."""
    data = np.array([1, 1, 0, 1])
    got = yield [t.call("beta_bernoulli_posterior", 2.0, 2.0, data),
                 t.call("posterior_predictive", 5.0, 3.0)]
    _check_beta(t, got[0], 2.0, 2.0, data, "beta_bernoulli_posterior(2, 2, [1, 1, 0, 1])")
    _check_predictive(t, got[1], 5.0, 3.0, "posterior_predictive(5, 3)")


@check(points=1, visible=True)
def blr_worked_example(t):
    """The one-dimensional regression from the statement: mean 7/6, variance 1/6."""
    X, y = np.array([[1.0], [2.0]]), np.array([1.0, 3.0])
    got = yield t.call("blr_posterior", X, y, 1.0, 1.0)
    _check_blr(t, got, X, y, 1.0, 1.0)


@check(points=2)
def beta_random_data(t):
    """Random 0/1 data of length 37 (integers) and 20 (booleans), an asymmetric prior."""
    alpha, beta = float(t.rng.uniform(0.5, 5)), float(t.rng.uniform(0.5, 5))
    ints = (t.rng.random(37) < 0.3).astype(np.int64)
    bools = t.rng.random(20) < 0.8
    got = yield [t.call("beta_bernoulli_posterior", alpha, beta, ints),
                 t.call("beta_bernoulli_posterior", alpha, beta, bools)]
    _check_beta(t, got[0], alpha, beta, ints, "posterior after 37 integer observations")
    _check_beta(t, got[1], alpha, beta, bools, "posterior after 20 boolean observations")


@check(points=1)
def beta_no_data(t):
    """No observations: the posterior is the prior."""
    alpha, beta = float(t.rng.uniform(0.5, 5)), float(t.rng.uniform(0.5, 5))
    got = yield t.call("beta_bernoulli_posterior", alpha, beta, np.zeros(0, dtype=np.int64))
    _check_beta(t, got, alpha, beta, np.zeros(0), "posterior with no data")


@check(points=2)
def predictive_random(t):
    """posterior_predictive for three random (alpha, beta)."""
    params = [(float(a), float(b)) for a, b in t.rng.uniform(0.3, 20, (3, 2))]
    got = yield [t.call("posterior_predictive", a, b) for a, b in params]
    for g, (a, b) in zip(got, params, strict=True):
        _check_predictive(t, g, a, b, f"posterior_predictive({a:.3g}, {b:.3g})")


@check(points=3)
def blr_random(t):
    """n = 30 observations of d = 4 weights, lambda = 2.5, sigma^2 = 0.3."""
    X, y = _regression(t.rng, 30, 4, 2.5, 0.3)
    got = yield t.call("blr_posterior", X, y, 2.5, 0.3)
    _check_blr(t, got, X, y, 2.5, 0.3)


@check(points=2)
def blr_strong_prior(t):
    """A strong prior (lambda = 50) and noisy data (sigma^2 = 4): the mean shrinks to 0."""
    X, y = _regression(t.rng, 12, 3, 1.0, 4.0)
    got = yield t.call("blr_posterior", X, y, 50.0, 4.0)
    _check_blr(t, got, X, y, 50.0, 4.0)


@check(points=2)
def blr_fewer_points_than_weights(t):
    """n = 3 < d = 6: the prior keeps the posterior proper."""
    X, y = _regression(t.rng, 3, 6, 0.7, 0.5)
    got = yield t.call("blr_posterior", X, y, 0.7, 0.5)
    _check_blr(t, got, X, y, 0.7, 0.5)
