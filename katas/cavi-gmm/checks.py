"""Checks for cavi-gmm. Trusted: never enters the sandbox.

Every CAVI update is deterministic, so every check is exact (rtol 1e-8) against the
reference; the ELBO's monotonicity and the fixed point are checked on the candidate's own
outputs. Datasets are drawn from the model itself (well-separated means) with t.rng.
"""

import numpy as np

from graders.compare import as_array
from graders.kit import check

RTOL = 1e-8


def _data(rng, n=40, d=2, K=3, prior_var=25.0, spread=1.0):
    mu = rng.normal(0.0, np.sqrt(prior_var), (K, d))  # (K, d) true means
    c = rng.integers(0, K, n)
    x = spread * (mu[c] + rng.standard_normal((n, d)))  # (n, d)
    return x, prior_var


def _init(rng, x, K):
    """Initial q(mu): means at K random data points, variances of various sizes."""
    return x[rng.choice(len(x), K, replace=False)] + 0.1, rng.uniform(0.05, 2.0, K)


def _softmax(z, axis):
    z = z - z.max(axis=axis, keepdims=True)
    return np.exp(z) / np.exp(z).sum(axis=axis, keepdims=True)


def _assignment_bugs(x, m, s2):
    d = x.shape[1]
    full = x @ m.T - 0.5 * (np.sum(m**2, 1) + d * s2)
    return {
        "the variance of q(mu_k) is left out: E[mu_k' mu_k] = m_k'm_k + d s2_k, not m_k'm_k":
            _softmax(x @ m.T - 0.5 * np.sum(m**2, 1), 1),
        "normalised over the points (axis 0) instead of over the components": _softmax(full, 0),
        "the -E[mu_k' mu_k]/2 term is missing: phi_ik is proportional to exp(x_i' m_k) only":
            _softmax(x @ m.T, 1),
        "missing the factor 1/2 on E[mu_k' mu_k]":
            _softmax(x @ m.T - (np.sum(m**2, 1) + d * s2), 1),
    }


def _means_bugs(x, phi, prior_var):
    counts = phi.sum(0)
    return {
        "the prior is ignored: m_k = weighted mean of the points, s2_k = 1 / sum_i phi_ik":
            ((phi.T @ x) / counts[:, None], 1 / counts),
        "prior variance used as a precision: the posterior precision is 1/prior_var + "
        "sum_i phi_ik": ((phi.T @ x) / (prior_var + counts)[:, None], 1 / (prior_var + counts)),
    }


def _elbo_bugs(ref, x, phi, m, s2, prior_var):
    right = ref.elbo(x, phi, m, s2, prior_var)
    d = x.shape[1]
    entropy_c = -float(np.sum(phi * np.log(np.where(phi > 0, phi, 1.0))))
    entropy_mu = float(np.sum(0.5 * d * (np.log(2 * np.pi * s2) + 1)))
    return {
        "the entropy of q(c) is missing (-sum phi log phi)": right - entropy_c,
        "the entropy of q(mu) is missing (d/2 log(2 pi e s2_k) per component)":
            right - entropy_mu,
        "the variance s2 is left out of E[mu_k' mu_k] (and of E||x_i - mu_k||^2)":
            right + float(np.sum(d * s2 / (2 * prior_var)) + np.sum(phi.sum(0) * d * s2 / 2)),
        "the log prior of the assignments (-n log K) is missing": right + len(x) * np.log(len(m)),
        "sign flipped": -right,
    }


def _trace(t, got, n, d, K, n_iters, what):
    phi, m, s2, elbos = t.items(got, 4, what)
    elbos = as_array(elbos, np.zeros(n_iters), f"{what}: elbos").astype(np.float64)
    t.expect(elbos.shape == (n_iters,), f"{what}: elbos has shape {elbos.shape}, expected "
             f"({n_iters},): one ELBO per sweep", bug="wrong shape")
    return phi, m, s2, elbos


def _check_monotone(t, elbos, what):
    drops = np.diff(elbos)
    worst = int(np.argmin(drops)) if len(drops) else 0
    t.expect(np.all(np.isfinite(elbos)), f"{what}: non-finite ELBO values", bug="non-finite values")
    t.expect(not len(drops) or drops[worst] >= -1e-9 * max(1.0, abs(elbos[worst])),
             f"{what}: the ELBO decreased from {elbos[worst]:.10g} to {elbos[worst + 1]:.10g} "
             f"after sweep {worst + 1}. Each CAVI update maximises the ELBO in its block, so "
             "the ELBO never decreases: an update or the ELBO itself is wrong",
             bug="ELBO decreased")


# ---- visible

@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: 3 points in 1-D, K = 2, prior variance 10."""
    x, m0, s20 = np.array([[-2.0], [0.0], [3.0]]), np.array([[-1.0], [1.0]]), np.array([1.0, 1.0])
    phi = t.ref.update_assignments(x, m0, s20)
    m, s2 = t.ref.update_means(x, phi, 10.0)
    got = yield [t.call("update_assignments", x, m0, s20), t.call("update_means", x, phi, 10.0),
                 t.call("elbo", x, phi, m, s2, 10.0)]
    t.close(got[0], phi, what="update_assignments", rtol=RTOL, bugs=_assignment_bugs(x, m0, s20))
    gm, gs2 = t.items(got[1], 2, "update_means")
    bugs = _means_bugs(x, phi, 10.0)
    t.close(gm, m, what="m", rtol=RTOL, bugs={k: v[0] for k, v in bugs.items()})
    t.close(gs2, s2, what="s2", rtol=RTOL, bugs={k: v[1] for k, v in bugs.items()})
    t.close(t.number(got[2], "elbo"), t.ref.elbo(x, phi, m, s2, 10.0), what="elbo", rtol=RTOL,
            bugs=_elbo_bugs(t.ref, x, phi, m, s2, 10.0))


@check(points=1, visible=True)
def elbo_climbs(t):
    """20 sweeps on 60 points from three 2-D clusters: the ELBO never decreases, and the
    trace equals the reference's."""
    rng = np.random.default_rng(11)
    x, prior_var = _data(rng, n=60)
    m0, s20 = _init(rng, x, 3)
    got = yield t.call("cavi", x, m0, s20, prior_var, 20)
    phi, m, s2, elbos = _trace(t, got, 60, 2, 3, 20, "cavi")
    t.note(elbos=[round(float(e), 4) for e in elbos])
    _check_monotone(t, elbos, "cavi")
    want = t.ref.cavi(x, m0, s20, prior_var, 20)
    t.close(elbos, want[3], what="ELBO per sweep", rtol=RTOL)


# ---- hidden

@check(points=2)
def assignments_exact(t):
    """update_assignments on 30 points in 3-D, K = 4, component variances from 0.05 to 3."""
    x, _ = _data(t.rng, n=30, d=3, K=4)
    m, s2 = t.rng.normal(0, 4, (4, 3)), t.rng.uniform(0.05, 3.0, 4)
    got = yield t.call("update_assignments", x, m, s2)
    t.close(got, t.ref.update_assignments(x, m, s2), what="phi", rtol=RTOL, atol=1e-12,
            bugs=_assignment_bugs(x, m, s2))


@check(points=2)
def assignments_far_from_the_means(t):
    """Points and means around 280 units from the origin: the logits exceed 10^4, so the
    softmax over components must be computed stably (subtract the row maximum)."""
    x, _ = _data(t.rng, n=20, d=2, K=3, prior_var=400.0)
    x = x + 200.0
    # means near the points: every logit x_i'm_k - |m_k|^2/2 is about |x_i|^2/2 > 10^4
    m, s2 = x.mean(0) + t.rng.normal(0, 20, (3, 2)), t.rng.uniform(0.1, 1.0, 3)
    got = yield t.call("update_assignments", x, m, s2)
    t.close(got, t.ref.update_assignments(x, m, s2), what="phi for far-away points",
            rtol=RTOL, atol=1e-12, bugs=_assignment_bugs(x, m, s2))


@check(points=2)
def means_exact(t):
    """update_means on 40 points in 2-D with K = 3, soft responsibilities, prior variance
    between 0.5 and 4 (small enough that the prior matters)."""
    x, _ = _data(t.rng, n=40)
    phi = _softmax(t.rng.normal(0, 2, (40, 3)), 1)
    prior_var = float(t.rng.uniform(0.5, 4.0))
    got = yield t.call("update_means", x, phi, prior_var)
    m, s2 = t.items(got, 2, "update_means")
    want, bugs = t.ref.update_means(x, phi, prior_var), _means_bugs(x, phi, prior_var)
    t.close(m, want[0], what="m", rtol=RTOL, bugs={k: v[0] for k, v in bugs.items()})
    t.close(s2, want[1], what="s2", rtol=RTOL, bugs={k: v[1] for k, v in bugs.items()})


@check(points=2)
def elbo_exact(t):
    """elbo for arbitrary (not optimal) q on 25 points in 2-D, K = 3, including a
    responsibility that is exactly 0 (0 log 0 counts as 0)."""
    x, prior_var = _data(t.rng, n=25)
    phi = _softmax(t.rng.normal(0, 1.5, (25, 3)), 1)
    phi[0] = [1.0, 0.0, 0.0]
    m, s2 = t.rng.normal(0, 3, (3, 2)), t.rng.uniform(0.1, 2.0, 3)
    got = yield t.call("elbo", x, phi, m, s2, prior_var)
    t.close(t.number(got, "elbo"), t.ref.elbo(x, phi, m, s2, prior_var), what="ELBO",
            rtol=RTOL, bugs=_elbo_bugs(t.ref, x, phi, m, s2, prior_var))


@check(points=2)
def cavi_trace_and_monotone_elbo(t):
    """cavi for 15 sweeps on 50 points (2-D, K = 3): the ELBO never decreases and the final
    q and every sweep's ELBO equal the reference's."""
    x, prior_var = _data(t.rng, n=50)
    m0, s20 = _init(t.rng, x, 3)
    got = yield t.call("cavi", x, m0, s20, prior_var, 15)
    phi, m, s2, elbos = _trace(t, got, 50, 2, 3, 15, "cavi")
    _check_monotone(t, elbos, "cavi")
    want = t.ref.cavi(x, m0, s20, prior_var, 15)
    t.close(phi, want[0], what="final phi", rtol=RTOL, atol=1e-12)
    t.close(m, want[1], what="final m", rtol=RTOL)
    t.close(s2, want[2], what="final s2", rtol=RTOL)
    t.close(elbos, want[3], what="ELBO per sweep", rtol=RTOL)


def _separated(rng, n=40):
    """Three clusters 7 apart (a rotated triangle) and a start within about 1 of their centres:
    CAVI reaches its fixed point to 1e-12 in well under 100 sweeps (checked on 500 draws)."""
    a = rng.uniform(0, 2 * np.pi)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    mu = 7.0 * np.array([[0.0, 0.0], [1.0, 0.0], [0.5, 0.87]]) @ rot.T + rng.normal(0, 2, 2)
    x = mu[np.arange(n) % 3] + rng.standard_normal((n, 2))
    return x, mu + rng.normal(0, 1, mu.shape), rng.uniform(0.05, 2.0, 3)


@check(points=2)
def fixed_point(t):
    """Started at a fixed point of CAVI (150 reference sweeps on three well-separated clusters),
    one sweep changes nothing: m, s2 and the ELBO stay put (rtol 1e-8); and the candidate's own
    60-sweep run from a nearby start ends at a state that the reference's updates map to
    itself (to 1e-6)."""
    x, m0, s20 = _separated(t.rng)
    prior_var = 25.0
    _, m_star, s2_star, elbos_star = t.ref.cavi(x, m0, s20, prior_var, 150)
    got = yield [t.call("cavi", x, m_star, s2_star, prior_var, 1),
                 t.call("cavi", x, m0, s20, prior_var, 60)]
    _, m1, s21, e1 = _trace(t, got[0], 40, 2, 3, 1, "one sweep from a fixed point")
    t.close(m1, m_star, what="m after one sweep from a fixed point", rtol=RTOL, atol=1e-10)
    t.close(s21, s2_star, what="s2 after one sweep from a fixed point", rtol=RTOL)
    t.close(e1, elbos_star[-1:], what="ELBO at the fixed point", rtol=RTOL)
    phi, m, s2, _ = _trace(t, got[1], 40, 2, 3, 60, "60 sweeps")
    phi = as_array(phi, np.zeros((40, 3)), "phi").astype(np.float64)
    t.close(t.ref.update_assignments(x, m, s2), phi,
            what="phi recomputed from your final q(mu) (it should not move)", rtol=1e-6,
            atol=1e-9)
    m_again, s2_again = t.ref.update_means(x, phi, prior_var)
    t.close(m_again, as_array(m, m_again, "m"),
            what="m recomputed from your final phi (it should not move)", rtol=1e-6, atol=1e-9)
