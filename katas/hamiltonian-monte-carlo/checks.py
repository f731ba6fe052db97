"""Checks for hamiltonian-monte-carlo. Trusted: never enters the sandbox.

The integrator and the corrected step are deterministic and checked exactly: leapfrog on a
quadratic potential is a linear map whose matrix is computed here independently, and the
accept/reject decision is checked with uniforms u placed between the right acceptance
probability and the ones the classic mistakes compute. Only the chain is checked statistically
(see `sampler_moments`).
"""

import numpy as np

from graders.compare import as_array
from graders.kit import check

from . import harness

SIGMAS, CHAINS = 6.0, 64


# ---- what the classic mistakes compute, for the bugs= names

def _symplectic_euler(grad, q, p, eps, n):
    for _ in range(n):
        p = p + eps * grad(q)
        q = q + eps * p
    return q, p


def _explicit_euler(grad, q, p, eps, n):
    for _ in range(n):
        q, p = q + eps * p, p + eps * grad(q)
    return q, p


def _leapfrog_bugs(ref, grad, q, p, eps, n):
    return {
        "full momentum steps at the ends instead of half steps (symplectic Euler: neither "
        "reversible nor second order)": _symplectic_euler(grad, q, p, eps, n),
        "explicit Euler: q and p both updated from the old state (not volume preserving)":
            _explicit_euler(grad, q, p, eps, n),
        "momentum pushed up the potential: p -= eps/2 * grad log pi (the force is +grad log pi)":
            ref.leapfrog(lambda x: -grad(x), q, p, eps, n),
    }


def _leapfrog_matrix(precision, eps, n):
    """Leapfrog for U(q) = q'Aq/2 as a (2d, 2d) matrix acting on (q, p)."""
    d = len(precision)
    eye, zero = np.eye(d), np.zeros((d, d))
    kick = np.block([[eye, zero], [-0.5 * eps * precision, eye]])  # p -= eps/2 A q
    drift = np.block([[eye, eps * eye], [zero, eye]])  # q += eps p
    step = kick @ drift @ kick
    return np.linalg.matrix_power(step, n)


def _spd(rng, d, low=0.5, high=4.0):
    rot, _ = np.linalg.qr(rng.standard_normal((d, d)))
    return rot @ np.diag(rng.uniform(low, high, d)) @ rot.T


def _pair(t, got, n, d, what):
    q, p = t.items(got, 2, what)
    return q, p


# ---- visible checks

@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: one leapfrog step on the 1-D standard normal, then hmc_step."""
    one = (np.zeros(1), np.eye(1))
    got = yield [t.probe("leapfrogs", "gaussian", *one, [[1.0]], [[0.0]], 0.5, 1),
                 t.probe("steps", "gaussian", *one, [[1.0], [1.0]], [[0.0], [0.0]], 0.5, 1,
                         [0.99, 0.995])]
    q, p = t.items(got[0], 2, "leapfrog")
    t.close(q, np.array([[0.875]]), what="q after one leapfrog step")
    t.close(p, np.array([[-0.46875]]), what="p after one leapfrog step")
    q_next, accepted = t.items(got[1], 2, "hmc_step")
    # exp(-dH) = exp(0.5 - 0.49267578) = 1.00735: accepted whatever u is
    t.close(q_next, np.array([[0.875], [0.875]]), what="hmc_step's next state")
    t.close(accepted, np.array([True, True]), what="hmc_step's accepted flag")


@check(points=1, visible=True)
def energy_error_is_second_order(t):
    """Over a trajectory of fixed length 1.2 on the correlated Gaussian, halving the step size
    divides the energy error |H(end) - H(start)| by about 4 (leapfrog is second order).

    The average over 8 starts must shrink by a factor between 3 and 5.5 at each halving
    (step sizes 0.2, 0.1, 0.05); the reference gives about 4.
    """
    mean, precision = harness.GAUSS_MEAN, np.linalg.inv(harness.GAUSS_COV)
    white = np.array([[1.0, -0.5, 0.3, 2.0, -1.0, 0.0, 1.5, -2.0],
                      [0.0, 1.0, -0.8, 0.5, -1.2, 2.0, 0.3, 1.0]])  # (2, 8)
    qs = mean + (np.linalg.cholesky(harness.GAUSS_COV) @ white).T  # (8, 2) starts
    ps = np.array([[0.5, 1.0], [-1.0, 0.2], [1.3, -0.7], [0.0, 1.0], [2.0, 0.5], [-0.3, -1.5],
                   [1.0, 1.0], [-0.8, 0.4]])
    sizes = [0.2, 0.1, 0.05]
    got = yield [t.probe("leapfrogs", "gaussian", mean, precision, qs, ps, eps, round(1.2 / eps))
                 for eps in sizes]

    def energy(q, p):
        r = q - mean
        return 0.5 * np.einsum("ni,ij,nj->n", r, precision, r) + 0.5 * np.sum(p**2, -1)

    errors = []
    for g, eps in zip(got, sizes, strict=True):
        q, p = t.items(g, 2, f"leapfrog with step {eps}")
        q = as_array(q, qs, f"q with step {eps}").astype(np.float64)
        p = as_array(p, ps, f"p with step {eps}").astype(np.float64)
        t.expect(q.shape == qs.shape and p.shape == ps.shape,
                 f"leapfrog with step {eps}: shapes {q.shape}, {p.shape}, expected (2,) each",
                 bug="wrong shape")
        errors.append(float(np.mean(np.abs(energy(q, p) - energy(qs, ps)))))
    ratios = [errors[0] / max(errors[1], 1e-300), errors[1] / max(errors[2], 1e-300)]
    t.note(mean_energy_errors=[round(e, 8) for e in errors], ratios=[round(r, 3) for r in ratios])
    t.expect(all(3.0 <= r <= 5.5 for r in ratios),
             f"mean |H(end) - H(start)| is {errors[0]:.3g}, {errors[1]:.3g}, {errors[2]:.3g} for "
             f"step sizes 0.2, 0.1, 0.05: ratios {ratios[0]:.2f} and {ratios[1]:.2f}, expected "
             "about 4 for a second-order integrator (a ratio near 2 means first order: are the "
             "half steps for the momentum at both ends?)", bug="not second order")


@check(points=1, visible=True)
def sampler_uses_the_given_rng(t):
    """hmc_sample draws all randomness from `rng`: the same seed gives the same chain, another
    seed another chain; shape (n_samples, d)."""
    x0, seeds = [[1.0, -1.0]], [[5], [5], [6]]
    got = yield [t.probe("chains", x0, 20, 0.3, 5, s) for s in seeds]
    a, b, c = (as_array(g, np.zeros((1, 20, 2)), "a chain of 20 states") for g in got)
    t.expect(a.shape == (1, 20, 2), f"hmc_sample returned shape {a.shape[1:]}, expected (20, 2)",
             bug="wrong shape")
    t.expect(np.array_equal(a, b), "two runs with rng = np.random.default_rng(5) gave different "
             "chains: draw every random number from the rng argument",
             bug="ignores the rng argument")
    t.expect(not np.array_equal(a, c), "seeds 5 and 6 gave the same chain",
             bug="ignores the rng argument")


# ---- hidden checks

@check(points=2)
def leapfrog_exact_on_a_quadratic(t):
    """On U(q) = q'Aq/2 (a random 3-D precision A, mean 0) leapfrog is a linear map; the
    candidate's end points must equal that map's to rtol 1e-9, for 1 and for 7 steps."""
    precision = _spd(t.rng, 3)
    eps = 0.8 / np.sqrt(np.linalg.eigvalsh(precision).max())  # stable
    qs, ps = t.rng.standard_normal((4, 3)), t.rng.standard_normal((4, 3))
    grad = harness.gaussian(np.zeros(3), precision)[1]
    calls = [t.probe("leapfrogs", "gaussian", np.zeros(3), precision, qs, ps, eps, n)
             for n in (1, 7)]
    got = yield calls
    for g, n in zip(got, (1, 7), strict=True):
        q, p = t.items(g, 2, f"leapfrog, {n} steps")
        want = np.concatenate([qs, ps], 1) @ _leapfrog_matrix(precision, eps, n).T  # (4, 6)
        bugs = [_leapfrog_bugs(t.ref, grad, q0, p0, eps, n) for q0, p0 in zip(qs, ps, strict=True)]
        names = list(bugs[0])
        t.close(q, want[:, :3], what=f"q after {n} leapfrog steps", rtol=1e-9, atol=1e-12,
                bugs={k: np.array([b[k][0] for b in bugs]) for k in names})
        t.close(p, want[:, 3:], what=f"p after {n} leapfrog steps", rtol=1e-9, atol=1e-12,
                bugs={k: np.array([b[k][1] for b in bugs]) for k in names})


@check(points=2)
def leapfrog_on_a_non_gaussian(t):
    """On the 2-D quartic target of harness.py (non-linear forces) the end points equal the
    reference leapfrog's to rtol 1e-9 (10 steps of size 0.1)."""
    qs, ps = t.rng.uniform(-1.5, 1.5, (5, 2)), t.rng.standard_normal((5, 2))
    got = yield t.probe("leapfrogs", "quartic", None, None, qs, ps, 0.1, 10)
    q, p = t.items(got, 2, "leapfrog")
    grad = harness.quartic()[1]
    want = [t.ref.leapfrog(grad, q0, p0, 0.1, 10) for q0, p0 in zip(qs, ps, strict=True)]
    bugs = [_leapfrog_bugs(t.ref, grad, q0, p0, 0.1, 10) for q0, p0 in zip(qs, ps, strict=True)]
    names = list(bugs[0])
    t.close(q, np.array([w[0] for w in want]), what="q after 10 steps on the quartic target",
            rtol=1e-9, atol=1e-12, bugs={k: np.array([b[k][0] for b in bugs]) for k in names})
    t.close(p, np.array([w[1] for w in want]), what="p after 10 steps on the quartic target",
            rtol=1e-9, atol=1e-12, bugs={k: np.array([b[k][1] for b in bugs]) for k in names})


@check(points=2)
def leapfrog_is_reversible(t):
    """Integrating from (q', -p') retraces the path: it ends at (q, -p) to 1e-9, on the
    quartic target, 12 steps of size 0.15."""
    qs, ps = t.rng.uniform(-1.5, 1.5, (4, 2)), t.rng.standard_normal((4, 2))
    got = yield t.probe("roundtrips", "quartic", None, None, qs, ps, 0.15, 12)
    q1, p1, q2, p2 = (as_array(x, qs, "leapfrog").astype(np.float64)
                      for x in t.items(got, 4, "leapfrog there and back"))
    t.expect(all(a.shape == qs.shape for a in (q1, p1, q2, p2)), "leapfrog: wrong shapes",
             bug="wrong shape")
    err = float(max(np.abs(q2 - qs).max(), np.abs(p2 + ps).max()))
    t.note(reversal_error=err)
    t.expect(err < 1e-9, f"running leapfrog back from (q', -p') ends {err:.3g} away from "
             "(q, -p): the integrator is not time-reversible, so the Metropolis correction is "
             "no longer exact (half steps for the momentum at BOTH ends?)", bug="not reversible")


@check(points=2)
def leapfrog_preserves_volume(t):
    """On a quadratic potential the leapfrog map is linear; its Jacobian, read off from the
    candidate's images of the 2d unit vectors, must have determinant 1 (to 1e-8)."""
    d = 2
    precision = _spd(t.rng, d)
    eps = 0.9 / np.sqrt(np.linalg.eigvalsh(precision).max())
    basis = np.eye(2 * d)
    got = yield t.probe("leapfrogs", "gaussian", np.zeros(d), precision, basis[:, :d],
                        basis[:, d:], eps, 5)
    q, p = (as_array(x, np.zeros((2 * d, d)), "leapfrog") for x in t.items(got, 2, "leapfrog"))
    t.expect(q.shape == (2 * d, d) and p.shape == (2 * d, d), "leapfrog: wrong shapes",
             bug="wrong shape")
    jac = np.concatenate([q, p], 1).T  # column j: the image of unit vector j
    det = float(np.linalg.det(jac))
    t.note(jacobian_determinant=det)
    t.expect(abs(det - 1) < 1e-8, f"the leapfrog map's Jacobian determinant is {det:.6g}, not 1: "
             "the integrator does not preserve volume in (q, p) (updating q and p both from the "
             "old state is explicit Euler, which expands volume)", bug="not volume preserving")


def _decision_cases(t, ref, logp, grad, eps, n):
    """(q, p, u) cases whose right decision differs from the mistakes' decisions.

    For each (q, p) the right log acceptance is -dH; the mistakes use -dU (no kinetic energy)
    and +dH (reversed). u is put halfway (in log space) between the right value and a wrong
    one, so the right and the wrong step decide differently, deterministically. (Over 300
    seeds a qualifying (q, p) was always among the first 7 of the 300 drawn.)
    """
    cov = harness.GAUSS_COV
    chol = np.linalg.cholesky(cov)
    pool_q = harness.GAUSS_MEAN + t.rng.standard_normal((300, 2)) @ chol.T
    pool_p = 1.5 * t.rng.standard_normal((300, 2))
    cases = []
    for wrong in ("kinetic", "reversed"):
        for q, p in zip(pool_q, pool_p, strict=True):
            q1, p1 = ref.leapfrog(grad, q, p, eps, n)
            d_h = ref.hamiltonian(logp, q1, p1) - ref.hamiltonian(logp, q, p)
            right = min(0.0, -d_h)
            bad = min(0.0, logp(q1) - logp(q)) if wrong == "kinetic" else min(0.0, d_h)
            if abs(right - bad) > 0.5:
                cases.append((q, p, float(np.exp(0.5 * (right + bad)))))
                break
    rest = t.rng.integers(0, 300, 4)
    cases += [(pool_q[i], pool_p[i], float(t.rng.random())) for i in rest]
    return cases


@check(points=3)
def hmc_step_accepts_and_rejects_exactly(t):
    """hmc_step on the correlated Gaussian (step 0.45, 5 leapfrog steps): with the uniform u
    given, the next state and the accepted flag equal the reference's. Among the cases, u
    is placed so that forgetting the kinetic energy, or reversing the sign of the energy
    difference, gives the other decision."""
    mean, precision = harness.GAUSS_MEAN, np.linalg.inv(harness.GAUSS_COV)
    logp, grad = harness.gaussian(mean, precision)
    eps, n = 0.45, 5
    cases = _decision_cases(t, t.ref, logp, grad, eps, n)
    qs, ps, us = (np.array([c[i] for c in cases]) for i in range(3))
    got = yield t.probe("steps", "gaussian", mean, precision, qs, ps, eps, n, us)
    q_next, accepted = t.items(got, 2, "hmc_step results")
    want = [t.ref.hmc_step(logp, grad, q, p, eps, n, u) for q, p, u in cases]

    def decide(log_accept):
        return np.array([np.log(u) < la for u, la in zip(us, log_accept, strict=True)])

    ends = [t.ref.leapfrog(grad, q, p, eps, n) for q, p, _ in cases]
    d_h = np.array([t.ref.hamiltonian(logp, *e) - t.ref.hamiltonian(logp, q, p)
                    for e, (q, p, _) in zip(ends, cases, strict=True)])
    d_logp = np.array([logp(e[0]) - logp(q) for e, (q, _, _) in zip(ends, cases, strict=True)])
    t.close(accepted, np.array([w[1] for w in want]), what="accepted flags",
            bugs={"the kinetic energy is left out: accepted on pi(q')/pi(q) alone":
                  decide(d_logp),
                  "the energy difference has the wrong sign: accept with exp(H(q',p') - "
                  "H(q,p)), it must be exp(H(q,p) - H(q',p'))": decide(d_h)})
    t.close(q_next, np.array([w[0] for w in want]), what="next states", rtol=1e-9, atol=1e-12)


def _acceptance_rate(rng, eps, n, draws=200_000):
    """E[min(1, exp(-dH))] under the target and fresh momentum, and its Monte-Carlo error."""
    precision = np.linalg.inv(harness.GAUSS_COV)
    q = rng.standard_normal((draws, 2)) @ np.linalg.cholesky(harness.GAUSS_COV).T
    p = rng.standard_normal((draws, 2))
    z = np.concatenate([q, p], 1) @ _leapfrog_matrix(precision, eps, n).T
    energy = 0.5 * (np.einsum("ni,ij,nj->n", q, precision, q) + np.sum(p**2, 1))
    energy1 = 0.5 * (np.einsum("ni,ij,nj->n", z[:, :2], precision, z[:, :2])
                     + np.sum(z[:, 2:] ** 2, 1))
    a = np.minimum(1.0, np.exp(np.minimum(0.0, energy - energy1)))
    return float(a.mean()), float(a.std() / np.sqrt(draws))


@check(points=3)
def sampler_moments(t):
    """hmc_sample's chains have the target's mean, covariance and acceptance rate.

    64 chains of 25 iterations (step 0.35, 5 leapfrog steps) on the 2-D Gaussian with
    correlation 0.9, each chain started from a draw of the target, so every state is an exact
    draw and the per-chain averages are independent across chains. Each of 6 statistics
    (2 means, 3 covariance entries, the acceptance rate) must lie within 6 standard errors of
    the exact value, the standard error taken from the spread over the 64 chains. Per statistic
    a Student-t(63) tail beyond 6 has probability about 1e-7, so a correct sampler fails this
    check less than once in 10^6 gradings (500 simulated gradings of a vectorised copy of
    the reference: largest deviation 3.6 standard errors).
    """
    eps, n, n_samples = 0.35, 5, 25
    chol = np.linalg.cholesky(harness.GAUSS_COV)
    x0s = harness.GAUSS_MEAN + t.rng.standard_normal((CHAINS, 2)) @ chol.T
    seeds = t.rng.integers(0, 2**31, CHAINS)
    got = yield t.probe("chains", x0s, n_samples, eps, n, seeds)
    arr = as_array(got, np.zeros((CHAINS, n_samples, 2)), "chains").astype(np.float64)
    t.expect(arr.shape == (CHAINS, n_samples, 2),
             f"chains have shape {arr.shape[1:]}, expected (n_samples, d) = ({n_samples}, 2)",
             bug="wrong shape")
    t.expect(np.all(np.isfinite(arr)), "the chains contain NaN or Inf", bug="non-finite values")
    prev = np.concatenate([x0s[:, None], arr[:, :-1]], 1)
    moved = np.any(arr != prev, -1).mean(1)  # (chains,)
    want_rate, rate_se_mc = _acceptance_rate(t.rng, eps, n)
    stats = {"acceptance rate": (moved, want_rate, rate_se_mc)}
    r = arr - harness.GAUSS_MEAN
    for i in range(2):
        stats[f"mean of x[{i}]"] = (arr[..., i].mean(1), harness.GAUSS_MEAN[i], 0.0)
        for j in range(i, 2):
            stats[f"covariance of x[{i}], x[{j}]"] = ((r[..., i] * r[..., j]).mean(1),
                                                      harness.GAUSS_COV[i, j], 0.0)
    worst = (None, 0.0)
    for name, (per_chain, want, extra) in stats.items():
        se = float(np.sqrt(per_chain.var(ddof=1) / CHAINS + extra**2))
        z = abs(per_chain.mean() - want) / max(se, 1e-12)
        if z > worst[1]:
            worst = ((name, float(per_chain.mean()), want, se), z)
    t.note(acceptance_rate=round(float(moved.mean()), 4), expected_rate=round(want_rate, 4),
           max_standard_errors_off=round(worst[1], 2))
    if worst[0] is not None and worst[1] > SIGMAS:
        name, est, want, se = worst[0]
        t.fail(f"the {name} over {CHAINS} chains is {est:.3f}, the target's is {want:.3f} "
               f"({worst[1]:.1f} standard errors of {se:.3f} off): the chain does not sample "
               "the target (fresh momentum every iteration? the correct acceptance test?)",
               bug="wrong stationary distribution", statistic=name, standard_errors_off=worst[1])
