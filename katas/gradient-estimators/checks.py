"""Checks for gradient-estimators. Trusted: never enters the sandbox.

The per-sample estimates are deterministic given the standard-normal draws eps, so they are
checked exactly; unbiasedness and the variance gap are then checked statistically on the
candidate's own estimates, against exact values (closed forms, Gauss-Hermite quadrature).
"""

import numpy as np

from graders.compare import as_array
from graders.kit import check

from . import harness

RTOL = 1e-9


def _score_variants(name, mu, sigma, eps, baseline):
    f = harness.FUNCTIONS[name][0]
    z = mu + sigma * eps
    fz = f(z)
    d_mu, d_sigma = (z - mu) / sigma**2, ((z - mu) ** 2 - sigma**2) / sigma**3

    def rows(w, a, b):
        return np.stack([w * a, w * b], 1)

    return {
        "d/dsigma log N(z; mu, sigma^2) is missing its -1/sigma term (from the normaliser)":
            rows(fz - baseline, d_mu, (z - mu) ** 2 / sigma**3),
        "d/dmu log N(z; mu, sigma^2) divided by sigma instead of sigma^2":
            rows(fz - baseline, (z - mu) / sigma, d_sigma),
        "the baseline is added to f(z) instead of subtracted": rows(fz + baseline, d_mu, d_sigma),
        "the baseline is ignored": rows(fz, d_mu, d_sigma),
        "score taken with respect to log sigma instead of sigma (missing a factor 1/sigma)":
            rows(fz - baseline, d_mu, d_sigma * sigma),
    }


def _reparam_variants(name, mu, sigma, eps):
    g = harness.FUNCTIONS[name][1](mu + sigma * eps)
    return {
        "dz/dsigma taken as 1; with z = mu + sigma * eps it is eps": np.stack([g, g], 1),
        "dz/dsigma taken as z; with z = mu + sigma * eps it is eps":
            np.stack([g, g * (mu + sigma * eps)], 1),
        "f'(z) * eps used for d/dmu too": np.stack([g * eps, g * eps], 1),
    }


def _exact_gradient(name, mu, sigma):
    if name == "sin":
        e = np.exp(-sigma**2 / 2)
        return np.array([np.cos(mu) * e, -sigma * np.sin(mu) * e])
    if name == "square":
        return np.array([2 * mu, 2 * sigma])
    if name == "cubic":
        return np.array([3 * mu**2 + 3 * sigma**2 - 1, 6 * mu * sigma])
    raise KeyError(name)


def _pair(t, got, n, what):
    score, reparam = t.items(got, 2, what)
    score = as_array(score, np.zeros((n, 2)), "score_function_grads").astype(np.float64)
    reparam = as_array(reparam, np.zeros((n, 2)), "reparam_grads").astype(np.float64)
    for arr, who in ((score, "score_function_grads"), (reparam, "reparam_grads")):
        t.expect(arr.shape == (n, 2), f"{who}: shape {arr.shape}, expected (N, 2) = ({n}, 2): "
                 "one row per sample, columns d/dmu and d/dsigma", bug="wrong shape")
        t.expect(np.all(np.isfinite(arr)), f"{who}: non-finite values", bug="non-finite values")
    return score, reparam


def _moments(name, mu, sigma, estimator, baseline=0.0, nodes=80):
    """Exact mean, variance and 4th central moment of one per-sample estimate, by
    Gauss-Hermite quadrature (exact for the polynomial f used)."""
    x, w = np.polynomial.hermite_e.hermegauss(nodes)
    w = w / np.sqrt(2 * np.pi)
    if estimator == "score":
        f = harness.FUNCTIONS[name][0]
        z = mu + sigma * x
        v = np.stack([(f(z) - baseline) * x / sigma, (f(z) - baseline) * (x**2 - 1) / sigma], 1)
    else:
        g = harness.FUNCTIONS[name][1](mu + sigma * x)
        v = np.stack([g, g * x], 1)
    mean = w @ v
    var = w @ (v - mean) ** 2
    m4 = w @ (v - mean) ** 4
    return mean, var, m4


# ---- visible

@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: f(z) = z^2, mu = 1, sigma = 2, eps = [0.5, -1.0]."""
    eps = np.array([0.5, -1.0])
    got = yield [t.probe("grads", "square", 1.0, 2.0, eps), t.probe("grads", "square", 1.0, 2.0,
                                                                      eps, 1.0)]
    score, reparam = _pair(t, got[0], 2, "the estimators")
    t.close(score, t.ref.score_function_grads(lambda z: z**2, 1.0, 2.0, eps),
            what="score_function_grads", rtol=RTOL,
            bugs=_score_variants("square", 1.0, 2.0, eps, 0.0))
    t.close(reparam, t.ref.reparam_grads(lambda z: 2 * z, 1.0, 2.0, eps), what="reparam_grads",
            rtol=RTOL, bugs=_reparam_variants("square", 1.0, 2.0, eps))
    score_b, _ = _pair(t, got[1], 2, "the estimators with baseline 1")
    t.close(score_b, t.ref.score_function_grads(lambda z: z**2, 1.0, 2.0, eps, 1.0),
            what="score_function_grads with baseline 1", rtol=RTOL,
            bugs=_score_variants("square", 1.0, 2.0, eps, 1.0))


@check(points=1, visible=True)
def both_unbiased_on_a_quadratic(t):
    """With 20,000 fixed draws, f(z) = z^2 at mu = 1.5, sigma = 0.7: both estimators' means
    are within 5 standard errors of the exact gradient (2 mu, 2 sigma) = (3, 1.4)."""
    eps = np.random.default_rng(5).standard_normal(20_000)
    got = yield t.probe("grads", "square", 1.5, 0.7, eps)
    score, reparam = _pair(t, got, len(eps), "the estimators")
    _judge_unbiased(t, {"score function": score, "reparameterisation": reparam},
                    _exact_gradient("square", 1.5, 0.7))


def _judge_unbiased(t, estimates, exact):
    worst = 0.0
    for who, est in estimates.items():
        mean, se = est.mean(0), est.std(0, ddof=1) / np.sqrt(len(est))
        z = np.abs(mean - exact) / np.maximum(se, 1e-300)
        worst = max(worst, float(z.max()))
        for j, param in enumerate(("mu", "sigma")):
            t.expect(z[j] <= 5.0, f"{who}: the mean of the d/d{param} estimates is "
                     f"{mean[j]:.5g} but the exact gradient is {exact[j]:.5g} ({z[j]:.1f} "
                     "standard errors off): the estimator is biased", bug="biased estimator")
    t.note(max_standard_errors_off=round(worst, 2))


# ---- hidden

@check(points=2)
def per_sample_exact(t):
    """Both estimators, sample by sample, for f(z) = z^3 - z with mu and sigma away from 0 and
    1 (so every power of sigma and every mu-shift shows); rtol 1e-9."""
    mu = float(t.rng.choice([-1, 1]) * t.rng.uniform(0.7, 2.0))
    sigma = float(t.rng.uniform(1.5, 2.5) if t.rng.random() < 0.5 else t.rng.uniform(0.3, 0.7))
    eps = t.rng.standard_normal(40)
    got = yield t.probe("grads", "cubic", mu, sigma, eps)
    score, reparam = _pair(t, got, 40, "the estimators")
    f, grad_f = harness.FUNCTIONS["cubic"]
    t.close(score, t.ref.score_function_grads(f, mu, sigma, eps), what="score-function grads",
            rtol=RTOL, atol=1e-12, bugs=_score_variants("cubic", mu, sigma, eps, 0.0))
    t.close(reparam, t.ref.reparam_grads(grad_f, mu, sigma, eps), what="reparameterisation "
            "grads", rtol=RTOL, atol=1e-12, bugs=_reparam_variants("cubic", mu, sigma, eps))


@check(points=2)
def baseline_exact(t):
    """The score-function estimator with a constant baseline b between 0.5 and 3, for the
    softplus f; rtol 1e-9."""
    mu, sigma, b = float(t.rng.uniform(-1, 2)), float(t.rng.uniform(0.5, 2.0)), \
        float(t.rng.uniform(0.5, 3.0))
    eps = t.rng.standard_normal(30)
    got = yield t.probe("grads", "softplus", mu, sigma, eps, b)
    score, _ = _pair(t, got, 30, "the estimators")
    t.close(score, t.ref.score_function_grads(harness.FUNCTIONS["softplus"][0], mu, sigma, eps, b),
            what=f"score-function grads with baseline {b:.3f}", rtol=RTOL, atol=1e-12,
            bugs=_score_variants("softplus", mu, sigma, eps, b))


@check(points=2)
def unbiased(t):
    """Unbiasedness, statistically: f = sin, random mu and sigma, 20,000 draws; the mean of each
    estimator (score function with and without a baseline, reparameterisation) in each of the
    2 coordinates lies within 5 standard errors of the exact gradient
    (cos mu, -sigma sin mu) exp(-sigma^2 / 2). 6 statistics, each a mean of 20,000 i.i.d.
    bounded-moment terms: a two-sided normal tail of 5.7e-7 each, so a correct solution fails
    with probability below 4e-6 (in 2,000 simulated runs of the reference the largest
    deviation was 4.1 standard errors)."""
    mu, sigma = float(t.rng.uniform(-2, 2)), float(t.rng.uniform(0.3, 1.5))
    b = float(t.rng.uniform(-1, 1))
    eps = t.rng.standard_normal(20_000)
    got = yield [t.probe("grads", "sin", mu, sigma, eps), t.probe("grads", "sin", mu, sigma, eps,
                                                                   b)]
    score, reparam = _pair(t, got[0], len(eps), "the estimators")
    score_b, _ = _pair(t, got[1], len(eps), "the estimators with a baseline")
    _judge_unbiased(t, {"score function": score, "score function with a baseline": score_b,
                        "reparameterisation": reparam}, _exact_gradient("sin", mu, sigma))


@check(points=2)
def reparameterisation_has_lower_variance(t):
    """For f(z) = z^2 with mu in [1.5, 2.5] and sigma in [0.3, 0.8] the reparameterisation
    estimator's variance is far below the score function's (exact variances by quadrature).
    Each sample variance over 20,000 draws must lie within 6 standard errors
    (sqrt((m4 - var^2) / N), exact m4) of the exact variance, and the reparameterised one
    must be the smaller. 4 statistics; in 20,000 simulated runs of the reference the largest
    deviation was under 5.5 standard errors (sample variances of these heavy-tailed
    polynomials are right-skewed), so false failures are rarer than 1 in 10,000."""
    mu, sigma = float(t.rng.uniform(1.5, 2.5)), float(t.rng.uniform(0.3, 0.8))
    eps = t.rng.standard_normal(20_000)
    got = yield t.probe("grads", "square", mu, sigma, eps)
    score, reparam = _pair(t, got, len(eps), "the estimators")
    n = len(eps)
    worst = 0.0
    for who, est, key in (("score function", score, "score"),
                          ("reparameterisation", reparam, "reparam")):
        _, var, m4 = _moments("square", mu, sigma, key)
        got_var = est.var(0, ddof=1)
        se = np.sqrt(np.maximum(m4 - var**2, 1e-300) / n)
        z = np.abs(got_var - var) / se
        worst = max(worst, float(z.max()))
        t.expect(np.all(z <= 6.0), f"{who}: per-sample variances {np.round(got_var, 4)}, "
                 f"exact {np.round(var, 4)} ({z.max():.1f} standard errors off)",
                 bug="wrong variance")
    t.note(max_standard_errors_off=round(worst, 2),
           variance_ratio_mu=round(float(score[:, 0].var() / reparam[:, 0].var()), 2))
    t.expect(np.all(reparam.var(0) < score.var(0)), "the reparameterisation estimates vary more "
             "than the score-function ones: for a smooth f the pathwise gradient should win",
             bug="variances inverted")
