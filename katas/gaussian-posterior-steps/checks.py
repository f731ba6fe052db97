"""Checks for gaussian-posterior-steps, part 1. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check

TOL = {"rtol": 1e-9, "atol": 1e-12}


def setting(rng, n):
    mu0 = float(rng.normal(0, 2))
    var0 = float(rng.uniform(0.5, 4.0))
    noise_var = float(rng.uniform(0.25, 3.0))
    x = rng.normal(rng.normal(mu0, np.sqrt(var0)), np.sqrt(noise_var), size=n)
    return x, mu0, var0, noise_var


def _compare(t, got, x, mu0, var0, noise_var):
    mu, var = t.items(got, 2, "(mu_n, var_n)")
    want_mu, want_var = t.ref.posterior(x, mu0, var0, noise_var)
    n = x.size
    one = 1 / (1 / var0 + 1 / noise_var) if n else var0
    t.close(t.number(var, "var_n"), want_var, what="var_n", **TOL,
            bugs={"posterior precision ignores n (one observation counted)": one})
    t.close(t.number(mu, "mu_n"), want_mu, what="mu_n", **TOL, bugs={
        "prior ignored: the sample mean (MLE)": float(x.mean()) if n else mu0,
        "data weighted by its mean, not its sum":
            want_var * (mu0 / var0 + (x.mean() if n else 0.0) / noise_var),
    })


@check(points=1, visible=True)
def worked_example(t):
    """The worked example from the statement."""
    x = np.array([2.0, 4.0])
    got = yield t.call("posterior", x, 0.0, 1.0, 1.0)
    _compare(t, got, x, 0.0, 1.0, 1.0)


@check(points=2)
def random_data(t):
    """n = 7 observations, random prior and noise."""
    x, mu0, var0, noise_var = setting(t.rng, 7)
    got = yield t.call("posterior", x, mu0, var0, noise_var)
    _compare(t, got, x, mu0, var0, noise_var)


@check(points=2)
def strong_prior(t):
    """A confident prior (var0 = 0.01) and n = 3: the posterior stays near mu0."""
    x, mu0, _, noise_var = setting(t.rng, 3)
    got = yield t.call("posterior", x, mu0, 0.01, noise_var)
    _compare(t, got, x, mu0, 0.01, noise_var)


@check(points=1)
def no_data(t):
    """With no observations the posterior is the prior."""
    _, mu0, var0, noise_var = setting(t.rng, 0)
    x = np.zeros(0)
    got = yield t.call("posterior", x, mu0, var0, noise_var)
    _compare(t, got, x, mu0, var0, noise_var)
