"""Checks for elbo-iwae. Trusted: never enters the sandbox."""

import numpy as np

from graders.compare import Fail, as_array
from graders.kit import check


def _log_normal(x, mean, var):
    return -0.5 * (np.log(2 * np.pi * var) + (x - mean) ** 2 / var)


def _random_densities(rng, B, K, level=0.0, spread=3.0):
    log_q = rng.normal(-2.0, 1.0, (B, K))
    log_p = log_q + level + spread * rng.standard_normal((B, K))
    return log_p, log_q


def _logsumexp(a):
    top = a.max(axis=1, keepdims=True)
    return top[:, 0] + np.log(np.exp(a - top).sum(axis=1))


def _elbo_bugs(log_p, log_q):
    log_w = log_p - log_q
    bugs = {
        "log q added instead of subtracted (log w = log p - log q)": np.mean(log_p + log_q, 1),
        "the log-mean-exp (IWAE bound) computed instead of the mean of log-weights":
            _logsumexp(log_w) - np.log(log_w.shape[1]),
        "sum over the K samples instead of the mean": np.sum(log_w, 1),
    }
    if log_w.shape[0] == log_w.shape[1]:
        bugs["averaged over the batch axis (axis 0) instead of the K samples (axis 1)"] = \
            np.mean(log_w, 0)
    return bugs


def _iwae_bugs(log_p, log_q):
    log_w = log_p - log_q
    K = log_w.shape[1]
    bugs = {
        "missing the - log K: that is log(sum of weights), not log(mean of weights)":
            _logsumexp(log_w),
        "the log taken before the mean: the mean of log-weights is the ELBO, not the IWAE bound":
            np.mean(log_w, 1),
        "log q added instead of subtracted (log w = log p - log q)":
            _logsumexp(log_p + log_q) - np.log(K),
    }
    if log_w.shape[0] == K:
        bugs["reduced over the batch axis (axis 0) instead of the K samples (axis 1)"] = \
            _logsumexp(log_w.T) - np.log(K)
    return bugs


def _shape_first(got, B, K, what):
    """Name the K-axis mix-up when the answer has K entries instead of B."""
    arr = as_array(got, np.zeros(B), what)
    if arr.shape == (K,) and K != B:
        raise Fail(f"{what}: shape {arr.shape}, expected ({B},): one value per data point "
                   "(row); you reduced over the batch axis (axis 0) instead of the K samples "
                   "(axis 1)", bug="reduced over the wrong axis")
    return arr


def _finite_iwae(t, got, log_p, log_q, what):
    """A non-finite IWAE value means exp() under- or overflowed; say which and how."""
    arr = _shape_first(got, *log_p.shape, what).astype(np.float64)
    if arr.shape != (log_p.shape[0],) or np.all(np.isfinite(arr)):
        return
    rows = [int(i) for i in np.flatnonzero(~np.isfinite(arr))]
    with np.errstate(all="ignore"):
        naive = np.log(np.mean(np.exp(log_p - log_q), axis=1))
    bug = ("exp() of the log-weights under/overflowed: subtract the maximum before "
           "exponentiating (log-sum-exp)")
    if np.any(np.isfinite(naive[rows])):
        bug = ("the maximum was taken over the whole batch, not per row: rows far below the "
               "batch maximum underflow to -inf")
    t.fail(f"{what}: non-finite values in rows {rows[:8]} although every exact value is finite "
           f"(log-weights range from {np.min(log_p - log_q):.0f} to {np.max(log_p - log_q):.0f})"
           f" — {bug}", bug=bug, non_finite_rows=rows[:8])


def _check_elbo(t, got, log_p, log_q, what="elbo"):
    _shape_first(got, *log_p.shape, what)
    t.close(got, t.ref.elbo(log_p, log_q), what=what, bugs=_elbo_bugs(log_p, log_q))


def _check_iwae(t, got, log_p, log_q, what="iwae_bound"):
    _finite_iwae(t, got, log_p, log_q, what)
    t.close(got, t.ref.iwae_bound(log_p, log_q), what=what, bugs=_iwae_bugs(log_p, log_q))


def _both(t, log_p, log_q):
    return [t.call("elbo", log_p, log_q), t.call("iwae_bound", log_p, log_q)]


@check(points=1, visible=True)
def worked_example(t):
    """The example from the statement: one data point, K = 2."""
    log_p, log_q = np.array([[-1.0, -2.0]]), np.array([[-0.5, -0.5]])
    got_elbo, got_iwae = yield _both(t, log_p, log_q)
    _check_elbo(t, got_elbo, log_p, log_q)
    _check_iwae(t, got_iwae, log_p, log_q)


@check(points=1, visible=True)
def small_batch(t):
    """B = 3 data points with K = 4 samples each."""
    log_p, log_q = _random_densities(t.rng, 3, 4)
    got_elbo, got_iwae = yield _both(t, log_p, log_q)
    _check_elbo(t, got_elbo, log_p, log_q)
    _check_iwae(t, got_iwae, log_p, log_q)


@check(points=2)
def elbo_batched(t):
    """elbo on B = 5, K = 8."""
    log_p, log_q = _random_densities(t.rng, 5, 8)
    got = yield t.call("elbo", log_p, log_q)
    _check_elbo(t, got, log_p, log_q)


@check(points=2)
def iwae_batched(t):
    """iwae_bound on B = 5, K = 8."""
    log_p, log_q = _random_densities(t.rng, 5, 8)
    got = yield t.call("iwae_bound", log_p, log_q)
    _check_iwae(t, got, log_p, log_q)


@check(points=2)
def square_batch(t):
    """B = K = 6: reducing over the wrong axis gives the right shape but wrong values."""
    log_p, log_q = _random_densities(t.rng, 6, 6)
    got_elbo, got_iwae = yield _both(t, log_p, log_q)
    _check_elbo(t, got_elbo, log_p, log_q)
    _check_iwae(t, got_iwae, log_p, log_q)


@check(points=2)
def single_sample(t):
    """K = 1: both estimates equal the single log-weight."""
    log_p, log_q = _random_densities(t.rng, 4, 1)
    got_elbo, got_iwae = yield _both(t, log_p, log_q)
    _check_elbo(t, got_elbo, log_p, log_q)
    _check_iwae(t, got_iwae, log_p, log_q)


@check(points=3)
def extreme_log_weights(t):
    """Rows of log-weights around -1e3, +1e3 and 0 in one batch: exact and finite."""
    log_p, log_q = _random_densities(t.rng, 6, 10)
    log_p += np.array([-1000.0, 1000.0, 0.0, -1200.0, 750.0, -5.0])[:, None]
    got_elbo, got_iwae = yield _both(t, log_p, log_q)
    _check_iwae(t, got_iwae, log_p, log_q, what="iwae_bound for log-weights of magnitude 1e3")
    _check_elbo(t, got_elbo, log_p, log_q, what="elbo for log-weights of magnitude 1e3")


def _conjugate(rng, B, K, posterior):
    """p(z) = N(0, 1), p(x|z) = N(z, s2): returns log p(x, z_k), log q(z_k|x), log p(x)."""
    s2 = 0.5
    x = rng.normal(0.0, np.sqrt(1 + s2), (B, 1))
    post_mean, post_var = x / (1 + s2), s2 / (1 + s2)
    q_mean, q_var = (post_mean, post_var) if posterior else (0.8 * post_mean + 0.3, 0.6)
    z = q_mean + np.sqrt(q_var) * rng.standard_normal((B, K))  # (B, K) samples of q(z|x)
    log_pxz = _log_normal(z, 0.0, 1.0) + _log_normal(x, z, s2)
    log_qz = _log_normal(z, q_mean, q_var)
    return log_pxz, log_qz, _log_normal(x[:, 0], 0.0, 1 + s2)


@check(points=2)
def tight_at_true_posterior(t):
    """When q(z|x) is the exact posterior every weight is p(x): both equal log p(x).

    The model is p(z) = N(0, 1), p(x|z) = N(z, 0.5); log p(x) = log N(x; 0, 1.5) exactly.
    """
    log_p, log_q, log_px = _conjugate(t.rng, 5, 16, posterior=True)
    got_elbo, got_iwae = yield _both(t, log_p, log_q)
    off = {"missing the - log K: that is log(sum of weights), not log(mean of weights)":
           log_px + np.log(16)}
    _finite_iwae(t, got_iwae, log_p, log_q, "iwae_bound")
    t.close(got_iwae, log_px, what="iwae_bound at the true posterior (= log p(x))", rtol=1e-7,
            atol=1e-9, bugs=off)
    _check_elbo(t, got_elbo, log_p, log_q, what="elbo at the true posterior (= log p(x))")


@check(points=3)
def bounds_on_conjugate_gaussian(t):
    """ELBO <= IWAE row by row, and on average IWAE <= log p(x), on a Gaussian model.

    p(z) = N(0, 1), p(x|z) = N(z, 0.5), q(z|x) a deliberately imperfect Gaussian, B = 256 data
    points with K = 64 samples each, log p(x) known in closed form. ELBO <= IWAE holds for
    every row exactly (Jensen). IWAE - log p(x) is negative in expectation; its batch mean
    must stay below 5 standard errors, which a correct solution exceeds with probability
    below 3e-7.
    """
    B, K = 256, 64
    log_p, log_q, log_px = _conjugate(t.rng, B, K, posterior=False)
    got_elbo, got_iwae = yield _both(t, log_p, log_q)
    e = _shape_first(got_elbo, B, K, "elbo").astype(np.float64)
    _finite_iwae(t, got_iwae, log_p, log_q, "iwae_bound")
    w = _shape_first(got_iwae, B, K, "iwae_bound").astype(np.float64)
    if e.shape == w.shape == (B,) and np.all(np.isfinite(e)):
        above = np.flatnonzero(e > w + 1e-6 * (1 + np.abs(w)))
        t.expect(above.size == 0, f"ELBO exceeds the IWAE bound in {above.size} of {B} rows "
                 f"(first: row {above[:1].tolist()}); for the same samples "
                 "log(mean w) >= mean(log w) always (Jensen)", bug="ELBO > IWAE",
                 rows=above[:8].tolist())
        gap = w - log_px
        se = gap.std(ddof=1) / np.sqrt(B)
        t.expect(gap.mean() <= 5 * se, f"the IWAE bound exceeds log p(x) by {gap.mean():.3g} "
                 f"on average over {B} data points ({gap.mean() / se:.1f} standard errors); "
                 f"a lower bound cannot (with K = {K}, log K = {np.log(K):.3g})",
                 bug="IWAE above log p(x)", mean_gap=float(gap.mean()), standard_error=float(se))
        t.note(mean_elbo_gap=float(np.mean(e - log_px)), mean_iwae_gap=float(gap.mean()))
    _check_elbo(t, got_elbo, log_p, log_q)
    _check_iwae(t, got_iwae, log_p, log_q)
