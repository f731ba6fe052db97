"""Checks for pac-bayes-bound. Trusted: never enters the sandbox.

Everything is deterministic: each function is checked against the reference (rtol 1e-9; the
kl inverse to atol 1e-9, which bisection reaches in about 30 halvings), with named bugs for
the classic slips, plus the kl inverse's defining property and Pinsker's ordering of the
two bounds.
"""

import numpy as np

from graders.kit import check

RTOL = 1e-9


def _kl_gauss_bugs(ref, mu_q, s_q, mu_p, s_p):
    right = ref.kl_gaussians(mu_q, s_q, mu_p, s_p)
    if ref.SCALE == "std":  # the kata's variant: what the scale arguments are
        other = ("sigma used where the variance belongs (the arguments are standard deviations)",
                 ref.kl_gaussians(mu_q, np.sqrt(s_q), mu_p, np.sqrt(s_p)))
    else:
        other = ("the variance used where sigma belongs (the arguments are variances)",
                 ref.kl_gaussians(mu_q, np.square(s_q), mu_p, np.square(s_p)))
    return {
        other[0]: other[1],
        "arguments swapped: this is KL(P || Q)": ref.kl_gaussians(mu_p, s_p, mu_q, s_q),
        "missing the factor 1/2": 2 * right,
    }


def _kl_bern_bugs(ref, q, p):
    return {"arguments swapped: kl(p || q) instead of kl(q || p)":
            ref.kl_bernoulli(p, q) if 0 < q < 1 else np.inf,
            "log base 2 (bits) instead of natural log (nats)": ref.kl_bernoulli(q, p) / np.log(2)}


def _complexity(kl, n, delta):
    return (kl + np.log(2 * np.sqrt(n) / delta)) / n


def _bound_bugs(ref, emp, kl, n, delta):
    return {
        "ln(1/delta) instead of ln(2 sqrt(n) / delta)":
            (ref.kl_inverse(emp, (kl + np.log(1 / delta)) / n),
             emp + np.sqrt((kl + np.log(1 / delta)) / (2 * n))),
        "the complexity term is not divided by n":
            (ref.kl_inverse(emp, kl + np.log(2 * np.sqrt(n) / delta)),
             emp + np.sqrt((kl + np.log(2 * np.sqrt(n) / delta)) / 2)),
        "missing the 1/2 under the square root (Pinsker: kl >= 2 (p - q)^2)":
            (np.nan, emp + np.sqrt(_complexity(kl, n, delta))),
    }


# ---- visible

@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: a 2-weight Gaussian posterior, kl(0.1 || 0.3), its inverse,
    and both bounds for emp_risk 0.05, KL 20, n 1000, delta 0.05."""
    got = yield [t.call("kl_gaussians", np.array([1.0, 0.0]), np.array([0.5, 1.0]), 0.0, 1.0),
                 t.call("kl_bernoulli", 0.1, 0.3), t.call("kl_inverse", 0.1, 0.1),
                 t.call("seeger_bound", 0.05, 20.0, 1000, 0.05),
                 t.call("mcallester_bound", 0.05, 20.0, 1000, 0.05)]
    args = (np.array([1.0, 0.0]), np.array([0.5, 1.0]), 0.0, 1.0)
    t.close(t.number(got[0], "kl_gaussians"), t.ref.kl_gaussians(*args), what="kl_gaussians",
            rtol=RTOL, bugs=_kl_gauss_bugs(t.ref, *args))
    t.close(t.number(got[1], "kl_bernoulli"), t.ref.kl_bernoulli(0.1, 0.3), what="kl(0.1 || 0.3)",
            rtol=RTOL, bugs=_kl_bern_bugs(t.ref, 0.1, 0.3))
    t.close(t.number(got[2], "kl_inverse"), t.ref.kl_inverse(0.1, 0.1), what="kl_inverse(0.1, 0.1)",
            rtol=0, atol=1e-9)
    bugs = _bound_bugs(t.ref, 0.05, 20.0, 1000, 0.05)
    t.close(t.number(got[3], "seeger_bound"), t.ref.seeger_bound(0.05, 20.0, 1000, 0.05),
            what="seeger_bound", rtol=0, atol=1e-9, bugs={k: v[0] for k, v in bugs.items()})
    t.close(t.number(got[4], "mcallester_bound"), t.ref.mcallester_bound(0.05, 20.0, 1000, 0.05),
            what="mcallester_bound", rtol=RTOL, bugs={k: v[1] for k, v in bugs.items()})


# ---- hidden

@check(points=2)
def kl_gaussians_exact(t):
    """KL between a 50-weight diagonal Gaussian posterior and an isotropic prior N(0, s^2 I)
    given as scalars, and against a diagonal prior given as arrays."""
    d = 50
    mu_q, s_q = t.rng.normal(0, 1, d), np.exp(t.rng.uniform(-3, 0.5, d))
    s_p, mu_p2, s_p2 = float(t.rng.uniform(0.3, 2.0)), t.rng.normal(0, 0.5, d), \
        np.exp(t.rng.uniform(-1, 1, d))
    got = yield [t.call("kl_gaussians", mu_q, s_q, 0.0, s_p),
                 t.call("kl_gaussians", mu_q, s_q, mu_p2, s_p2)]
    for g, args in zip(got, [(mu_q, s_q, 0.0, s_p), (mu_q, s_q, mu_p2, s_p2)], strict=True):
        t.close(t.number(g, "kl_gaussians"), t.ref.kl_gaussians(*args), what="KL(Q || P)",
                rtol=RTOL, bugs=_kl_gauss_bugs(t.ref, *args))


@check(points=2)
def kl_bernoulli_exact(t):
    """kl(q || p) for random q, p, and at the edges q = 0 and q = 1 (0 log 0 = 0)."""
    cases = [(float(t.rng.uniform(0.01, 0.5)), float(t.rng.uniform(0.05, 0.95)))
             for _ in range(4)] + [(0.0, float(t.rng.uniform(0.1, 0.9))),
                                   (1.0, float(t.rng.uniform(0.1, 0.9)))]
    got = yield [t.call("kl_bernoulli", q, p) for q, p in cases]
    for g, (q, p) in zip(got, cases, strict=True):
        t.close(t.number(g, f"kl_bernoulli({q:.4f}, {p:.4f})"), t.ref.kl_bernoulli(q, p),
                what=f"kl({q:.4f} || {p:.4f})", rtol=RTOL, bugs=_kl_bern_bugs(t.ref, q, p))


@check(points=2)
def kl_inverse_exact(t):
    """kl_inverse(q, c) for random q in [0, 0.4] and c in [0.001, 0.5] to atol 1e-9, plus
    q = 0, c = 0 (answer q) and a c so large that the answer is within 1e-9 of 1."""
    cases = [(float(t.rng.uniform(0, 0.4)), float(np.exp(t.rng.uniform(np.log(1e-3), np.log(0.5)))))
             for _ in range(5)] + [(0.0, float(t.rng.uniform(0.01, 0.2))),
                                   (float(t.rng.uniform(0.1, 0.3)), 0.0), (0.2, 40.0)]
    got = yield [t.call("kl_inverse", q, c) for q, c in cases]
    for g, (q, c) in zip(got, cases, strict=True):
        t.close(t.number(g, "kl_inverse"), t.ref.kl_inverse(q, c),
                what=f"kl_inverse({q:.4f}, {c:.4g})", rtol=0, atol=1e-9,
                bugs={"the lower solution p < q was returned; the bound needs the upper one":
                      _lower_inverse(t.ref, q, c)})


def _lower_inverse(ref, q, c):
    lo, hi = 0.0, q
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if mid > 0 and ref.kl_bernoulli(q, mid) <= c:
            hi = mid
        else:
            lo = mid
    return hi


@check(points=2)
def kl_inverse_property(t):
    """The answer p* lies in [q, 1] and solves kl(q || p*) = c (to 1e-8) when p* < 1 - 1e-6."""
    cases = [(float(t.rng.uniform(0.01, 0.3)), float(t.rng.uniform(0.005, 0.3))) for _ in range(4)]
    got = yield [t.call("kl_inverse", q, c) for q, c in cases]
    for g, (q, c) in zip(got, cases, strict=True):
        p = t.number(g, "kl_inverse")
        t.expect(q <= p <= 1.0, f"kl_inverse({q:.4f}, {c:.4f}) = {p:.6f} is outside [q, 1]: the "
                 "bound on the true risk is the UPPER solution", bug="outside [q, 1]")
        gap = t.ref.kl_bernoulli(q, p) - c
        t.expect(abs(gap) < 1e-8, f"kl({q:.4f} || kl_inverse({q:.4f}, {c:.4f})) differs from "
                 f"{c:.4f} by {gap:.3g}: the bisection stops too early (or searches the wrong "
                 "side)", bug="kl inverse inaccurate")


@check(points=2)
def bounds_exact_and_ordered(t):
    """Both bounds for 4 random settings (n from 100 to 100,000), the kl form never above the
    McAllester form (Pinsker), and the whole pipeline for a 200-weight Gaussian posterior."""
    cases = [(float(t.rng.uniform(0, 0.3)), float(t.rng.uniform(0, 200)),
              int(t.rng.integers(100, 100_000)), float(t.rng.uniform(0.001, 0.1)))
             for _ in range(4)]
    d = 200
    mu_q, s_q = t.rng.normal(0, 0.3, d), np.exp(t.rng.uniform(-2, -0.5, d))
    kl = t.ref.kl_gaussians(mu_q, s_q, 0.0, 1.0)
    cases.append((0.08, kl, 5000, 0.05))
    got = yield [t.call(name, *c) for c in cases for name in ("seeger_bound", "mcallester_bound")]
    for i, (emp, kl_, n, delta) in enumerate(cases):
        seeger = t.number(got[2 * i], "seeger_bound")
        mcall = t.number(got[2 * i + 1], "mcallester_bound")
        bugs = _bound_bugs(t.ref, emp, kl_, n, delta)
        what = f"(emp {emp:.3f}, KL {kl_:.2f}, n {n}, delta {delta:.3f})"
        t.close(seeger, t.ref.seeger_bound(emp, kl_, n, delta), what=f"seeger_bound{what}",
                rtol=0, atol=1e-9, bugs={k: v[0] for k, v in bugs.items()})
        t.close(mcall, t.ref.mcallester_bound(emp, kl_, n, delta),
                what=f"mcallester_bound{what}", rtol=RTOL, bugs={k: v[1] for k, v in bugs.items()})
        t.expect(seeger <= mcall + 1e-12, f"{what}: the kl-form bound {seeger:.6f} is above the "
                 f"McAllester bound {mcall:.6f}, impossible by Pinsker's inequality",
                 bug="bounds out of order")
