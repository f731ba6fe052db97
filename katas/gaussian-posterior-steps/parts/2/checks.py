"""Checks for gaussian-posterior-steps, part 2. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check

TOL = {"rtol": 1e-9, "atol": 1e-12}


def setting(rng, n):
    mu0 = float(rng.normal(0, 2))
    var0 = float(rng.uniform(0.5, 4.0))
    noise_var = float(rng.uniform(0.25, 3.0))
    x = rng.normal(rng.normal(mu0, np.sqrt(var0)), np.sqrt(noise_var), size=n)
    return x, mu0, var0, noise_var


def _predictive(t, got, x, mu0, var0, noise_var):
    mean, var = t.items(got, 2, "(mean, var)")
    want_mean, want_var = t.ref.predictive(x, mu0, var0, noise_var)
    _, var_n = t.ref.posterior(x, mu0, var0, noise_var)
    t.close(t.number(var, "predictive var"), want_var, what="predictive variance", **TOL,
            bugs={"the observation noise left out (the posterior variance of mu)": var_n,
                  "the posterior uncertainty left out (noise only)": noise_var})
    t.close(t.number(mean, "predictive mean"), want_mean, what="predictive mean", **TOL)


def _sequential(t, got, x, mu0, var0, noise_var):
    means, variances = t.items(got, 2, "(means, variances)")
    want_means, want_vars = t.ref.sequential(x, mu0, var0, noise_var)
    from_prior = [t.ref.posterior(x[i - 1:i], mu0, var0, noise_var) for i in range(1, x.size + 1)]
    bugs_m = {"each observation updated from the original prior, not the last posterior":
              np.array([mu0, *(m for m, _ in from_prior)])}
    t.close(variances, want_vars, what="variances", **TOL, bugs={
        "the prior entry (index 0) left out": want_vars[1:]})
    t.close(means, want_means, what="means", **TOL, bugs=bugs_m)


@check(points=1, visible=True)
def worked_example(t):
    """The worked examples from the statement."""
    x = np.array([2.0, 4.0])
    got = yield [t.call("predictive", x, 0.0, 1.0, 1.0), t.call("sequential", x, 0.0, 1.0, 1.0)]
    _predictive(t, got[0], x, 0.0, 1.0, 1.0)
    _sequential(t, got[1], x, 0.0, 1.0, 1.0)


@check(points=2)
def predictive_random(t):
    """The predictive of n = 6 random observations, random prior and noise."""
    x, mu0, var0, noise_var = setting(t.rng, 6)
    got = yield t.call("predictive", x, mu0, var0, noise_var)
    _predictive(t, got, x, mu0, var0, noise_var)


@check(points=2)
def sequential_random(t):
    """Sequential updates over n = 9 observations end at the batch posterior."""
    x, mu0, var0, noise_var = setting(t.rng, 9)
    got = yield t.call("sequential", x, mu0, var0, noise_var)
    _sequential(t, got, x, mu0, var0, noise_var)
    means, variances = got
    batch = t.ref.posterior(x, mu0, var0, noise_var)
    t.close(np.array([means[-1], variances[-1]]), np.array(batch),
            what="the last entry against the batch posterior", **TOL)
