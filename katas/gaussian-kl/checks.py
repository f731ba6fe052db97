"""Checks for gaussian-kl. Trusted: never enters the sandbox."""

import numpy as np

from graders.compare import as_array
from graders.kit import check


def _gaussians(rng, shape, spread=2.0):
    mu1, mu2 = rng.normal(0, 1.5, shape), rng.normal(0, 1.5, shape)
    lv1, lv2 = rng.uniform(-spread, spread, shape), rng.uniform(-spread, spread, shape)
    return mu1, lv1, mu2, lv2


def _bugs(ref, mu1, lv1, mu2, lv2):
    """The value each classic mistake would return for these inputs."""
    kl = ref.kl_diag_gaussians
    right = kl(mu1, lv1, mu2, lv2)
    d = np.broadcast_shapes(*(np.shape(a) for a in (mu1, lv1, mu2, lv2)))[-1]
    var1, var2 = np.exp(lv1), np.exp(lv2)
    std_for_var = 0.5 * np.sum(lv2 - lv1 + np.sqrt(var1 / var2) + (mu1 - mu2) ** 2 / np.sqrt(var2)
                               - 1.0, axis=-1)
    return {
        "arguments swapped: the KL is taken the other way round (KL is not symmetric)":
            kl(mu2, lv2, mu1, lv1),
        "sign flipped (KL is never negative)": -right,
        "missing the factor 1/2": 2 * right,
        "log-variance treated as a log standard deviation (variance = exp(2*logvar))":
            kl(mu1, 2 * lv1, mu2, 2 * lv2),
        "standard deviations used where the variances belong": std_for_var,
        "mean over the dimensions instead of the sum": right / d,
        "the log-variance term log(s2^2/s1^2) is missing":
            right - 0.5 * np.sum(np.broadcast_to(lv2 - lv1, np.broadcast_shapes(
                np.shape(lv1), np.shape(lv2))), axis=-1),
    }


def _check_kl(t, got, args, what):
    t.close(got, t.ref.kl_diag_gaussians(*args), what=what, bugs=_bugs(t.ref, *args))


@check(points=1, visible=True)
def worked_example(t):
    """The example from the statement: N([1, 0], diag[1, 4]) against N(0, I)."""
    args = (np.array([1.0, 0.0]), np.array([0.0, np.log(4.0)]), np.zeros(2), np.zeros(2))
    got = yield t.call("kl_diag_gaussians", *args)
    _check_kl(t, got, args, "KL of the worked example")


@check(points=1, visible=True)
def batch_against_standard_normal(t):
    """A batch of 4 encoder Gaussians in 3-D against the prior N(0, I) given as (d,) arrays."""
    mu1, lv1, _, _ = _gaussians(t.rng, (4, 3), spread=1.0)
    args = (mu1, lv1, np.zeros(3), np.zeros(3))
    got = yield t.call("kl_diag_gaussians", *args)
    _check_kl(t, got, args, "KL(N1 || N(0, I)) for a (4, 3) batch")


@check(points=2)
def batched_general(t):
    """Both Gaussians arbitrary, batch shape (2, 3), d = 5."""
    args = _gaussians(t.rng, (2, 3, 5))
    got = yield t.call("kl_diag_gaussians", *args)
    _check_kl(t, got, args, "KL for a (2, 3, 5) batch")


@check(points=2)
def both_directions(t):
    """KL(N1 || N2) and KL(N2 || N1) differ, and each argument order must be honoured."""
    mu1, lv1, mu2, lv2 = _gaussians(t.rng, (6, 4))
    lv1 = lv1 - 1.5  # a narrow N1 against a wider N2 makes the asymmetry large
    forward, backward = (mu1, lv1, mu2, lv2), (mu2, lv2, mu1, lv1)
    got = yield [t.call("kl_diag_gaussians", *forward), t.call("kl_diag_gaussians", *backward)]
    _check_kl(t, got[0], forward, "KL(N1 || N2)")
    _check_kl(t, got[1], backward, "KL(N2 || N1)")


@check(points=2)
def prior_broadcast(t):
    """A (7, 6) batch of posteriors against a non-standard prior given as (6,) arrays."""
    mu1, lv1, _, _ = _gaussians(t.rng, (7, 6))
    mu2, lv2 = t.rng.normal(0, 1, 6), t.rng.uniform(-1, 1, 6)
    args = (mu1, lv1, mu2, lv2)
    got = yield t.call("kl_diag_gaussians", *args)
    _check_kl(t, got, args, "KL against a broadcast (d,) prior")


@check(points=2)
def zero_iff_equal(t):
    """Rows where N1 == N2 give 0 (to rounding) among rows where they differ."""
    mu1, lv1, mu2, lv2 = _gaussians(t.rng, (8, 5))
    same = np.array([True, False, True, False, False, True, False, False])
    mu2[same], lv2[same] = mu1[same], lv1[same]
    args = (mu1, lv1, mu2, lv2)
    got = yield t.call("kl_diag_gaussians", *args)
    _check_kl(t, got, args, "KL with some identical pairs")


@check(points=2)
def wide_log_variances(t):
    """Log-variances in [-10, 10]: variances from 4.5e-5 to 2.2e4, still accurate."""
    args = _gaussians(t.rng, (5, 8), spread=10.0)
    got = yield t.call("kl_diag_gaussians", *args)
    _check_kl(t, got, args, "KL with log-variances in [-10, 10]")


@check(points=2)
def agrees_with_monte_carlo(t):
    """The closed form agrees with E_{z~N1}[log N1(z) - log N2(z)] estimated from samples.

    20,000 samples of z ~ N1 per pair, 3 pairs; the answer must lie within 5 standard errors
    (plus 1e-3) of the estimate. Per pair a correct answer falls outside with probability
    about 6e-7, so a correct solution fails this check less than once in 100,000 gradings.
    """
    n, d = 20_000, 3
    mu1, lv1, mu2, lv2 = _gaussians(t.rng, (3, d), spread=1.0)
    args = (mu1, lv1, mu2, lv2)
    got = yield t.call("kl_diag_gaussians", *args)
    got = as_array(got, np.zeros(3), "KL").astype(np.float64)
    t.expect(got.shape == (3,), f"KL: shape {got.shape}, expected (3,)", bug="wrong shape")
    t.expect(np.all(np.isfinite(got)), "KL: non-finite values", bug="non-finite values")
    # the expectation is under N1 or, in the "second" variant, under N2
    (ma, la), (mb, lb), under = (((mu1, lv1), (mu2, lv2), "N1")
                                 if t.variant.get("KL_UNDER", "first") == "first"
                                 else ((mu2, lv2), (mu1, lv1), "N2"))
    z = ma + np.exp(0.5 * la) * t.rng.standard_normal((n, 3, d))  # (n, pairs, d)

    def log_normal(x, mu, lv):
        return -0.5 * np.sum(np.log(2 * np.pi) + lv + (x - mu) ** 2 / np.exp(lv), axis=-1)

    log_ratio = log_normal(z, ma, la) - log_normal(z, mb, lb)  # (n, pairs)
    estimate, se = log_ratio.mean(0), log_ratio.std(0, ddof=1) / np.sqrt(n)
    sigmas = np.abs(got - estimate) / se
    if np.any(np.abs(got - estimate) > 5 * se + 1e-3):
        i = int(np.argmax(sigmas))
        bug = next((name for name, alt in _bugs(t.ref, *args).items()
                    if np.allclose(got, alt, rtol=1e-4, atol=1e-6)), None)
        t.fail(f"pair {i}: your KL is {sigmas[i]:.1f} standard errors away from a Monte-Carlo "
               f"estimate of E_{{z~{under}}}[log {under}(z) - log {'N2' if under == 'N1' else 'N1'}"
               f"(z)] from {n} samples"
               + (f" — looks like: {bug}" if bug else ""), bug=bug, worst_pair=i,
               standard_errors_off=float(sigmas[i]))
    t.note(max_standard_errors_off=float(sigmas.max()))
