"""Checks for gd-quadratic-step-size. Trusted: never enters the sandbox."""

import numpy as np

from graders import plots
from graders.kit import check


def _spd(rng, n, cond, skew=0.0):
    """A matrix whose symmetric part has eigenvalues spread over [1, cond] (times a scale),
    plus `skew` times a random antisymmetric part, which f never sees."""
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    lam = np.exp(rng.uniform(0, np.log(cond), n))
    lam[0], lam[-1] = 1.0, cond
    S = (q * lam) @ q.T * rng.uniform(0.5, 3.0)
    K = rng.standard_normal((n, n))
    return S + skew * (K - K.T)


def _lam_bugs(A):
    """Eigenvalues a classic mistake would use instead of those of S = (A + A^T) / 2."""
    return {"eigenvalues of A instead of its symmetric part (A + A^T) / 2":
            np.sort(np.linalg.eigvals(A).real)}


def _step_bugs(A):
    lam = np.linalg.eigvalsh((A + A.T) / 2)
    bugs = {"1 / lambda_max instead of 2 / lambda_max": 1.0 / lam[-1],
            "the largest entry max |A_ij| used instead of the largest eigenvalue":
                2.0 / np.max(np.abs(A))}
    for name, wrong in _lam_bugs(A).items():
        bugs[name] = 2.0 / wrong[-1]
    return bugs


def _optimal_bugs(A):
    lam = np.linalg.eigvalsh((A + A.T) / 2)
    bugs = {"1 / lambda_max (the best step for the stiffest direction only)": 1.0 / lam[-1],
            "1 / (lambda_min + lambda_max) instead of 2 / (lambda_min + lambda_max)":
                1.0 / (lam[0] + lam[-1])}
    for name, wrong in _lam_bugs(A).items():
        bugs[name] = 2.0 / (wrong[0] + wrong[-1])
    return bugs


def _rate_bugs(A, lr):
    lam = np.linalg.eigvalsh((A + A.T) / 2)
    bugs = {"max(1 - lr * lambda) without the absolute value": np.max(1 - lr * lam),
            "only lambda_max considered": abs(1 - lr * lam[-1]),
            "only lambda_min considered": abs(1 - lr * lam[0])}
    for name, wrong in _lam_bugs(A).items():
        bugs[name] = np.max(np.abs(1 - lr * wrong))
    return bugs


def _gd_bugs(A, b, x0, lr, steps, ref):
    return {"gradient A x - b instead of (A + A^T)/2 x - b (A is not symmetric)":
            _gd_with(A, b, x0, lr, steps),
            "the trajectory leaves out x0": ref.gradient_descent(A, b, x0, lr, steps)[1:]}


def _gd_with(M, b, x, lr, steps):
    xs = [x]
    for _ in range(steps):
        xs.append(xs[-1] - lr * (M @ xs[-1] - b))
    return np.stack(xs)


@check(points=1, visible=True)
def worked_example(t):
    """The statement's diagonal example: all four functions."""
    A, b = np.array([[2.0, 0.0], [0.0, 10.0]]), np.array([2.0, 10.0])
    traj, eta_max, eta_opt, rate = yield [
        t.call("gradient_descent", A, b, np.zeros(2), 0.1, 2), t.call("max_stable_step", A),
        t.call("optimal_step", A), t.call("convergence_rate", A, 0.1)]
    t.close(traj, t.ref.gradient_descent(A, b, np.zeros(2), 0.1, 2),
            what="gradient_descent(A, b, 0, 0.1, 2)",
            bugs=_gd_bugs(A, b, np.zeros(2), 0.1, 2, t.ref))
    t.close(eta_max, t.ref.max_stable_step(A), what="max_stable_step(A)",
            bugs=_step_bugs(A))
    t.close(eta_opt, t.ref.optimal_step(A), what="optimal_step(A)", bugs=_optimal_bugs(A))
    t.close(rate, t.ref.convergence_rate(A, 0.1), what="convergence_rate(A, 0.1)",
            bugs=_rate_bugs(A, 0.1))


@check(points=1, visible=True)
def trajectories_per_step_size(t):
    """The diagonal example from x0 = (-1, 2), 20 steps at lr 0.05, 0.17 and 0.21 (the largest
    stable step is 0.2): slow, zig-zagging, diverging."""
    A, b, x0 = np.array([[2.0, 0.0], [0.0, 10.0]]), np.array([2.0, 10.0]), np.array([-1.0, 2.0])
    rates = (0.05, 0.17, 0.21)
    got = yield [t.call("gradient_descent", A, b, x0, lr, 20) for lr in rates]
    paths = {f"lr = {lr}": g for lr, g in zip(rates, got, strict=True)
             if isinstance(g, np.ndarray) and g.ndim == 2 and g.shape[-1] == 2}
    t.note(plot=plots.line("Your iterates in the plane, one path per step size (minimum at "
                           "(1, 1))", {k: p[:, 1] for k, p in paths.items()},
                           x={k: p[:, 0] for k, p in paths.items()}, x_label="x[0]",
                           y_label="x[1]"))
    for lr, g in zip(rates, got, strict=True):
        t.close(g, t.ref.gradient_descent(A, b, x0, lr, 20),
                what=f"gradient_descent(A, b, x0, {lr}, 20)",
                bugs=_gd_bugs(A, b, x0, lr, 20, t.ref))


@check(points=1, visible=True)
def rotated_example(t):
    """A symmetric, non-diagonal 2 x 2 matrix with eigenvalues 1 and 3."""
    A = np.array([[2.0, 1.0], [1.0, 2.0]])
    eta_max, rate = yield [t.call("max_stable_step", A), t.call("convergence_rate", A, 0.6)]
    t.close(eta_max, t.ref.max_stable_step(A), what="max_stable_step(A)",
            bugs=_step_bugs(A))
    t.close(rate, t.ref.convergence_rate(A, 0.6), what="convergence_rate(A, 0.6)",
            bugs=_rate_bugs(A, 0.6))


@check(points=2)
def trajectory_nonsymmetric(t):
    """30 steps on a random 5 x 5 non-symmetric A: f sees only the symmetric part."""
    n = 5
    A = _spd(t.rng, n, 20.0, skew=0.5)
    b, x0 = t.rng.standard_normal(n), t.rng.standard_normal(n)
    lr = 0.9 * t.ref.max_stable_step(A)
    got = yield t.call("gradient_descent", A, b, x0, lr, 30)
    t.close(got, t.ref.gradient_descent(A, b, x0, lr, 30), what="gradient_descent trajectory",
            rtol=1e-6, atol=1e-9, bugs=_gd_bugs(A, b, x0, lr, 30, t.ref))


@check(points=2)
def trajectory_unstable_step(t):
    """40 steps just above the stable limit on a symmetric A: the iterates oscillate and grow."""
    n = 4
    A = _spd(t.rng, n, 10.0)
    b, x0 = t.rng.standard_normal(n), t.rng.standard_normal(n)
    lr = 1.05 * t.ref.max_stable_step(A)
    got = yield t.call("gradient_descent", A, b, x0, lr, 40)
    t.close(got, t.ref.gradient_descent(A, b, x0, lr, 40), what="gradient_descent trajectory",
            rtol=1e-6, atol=1e-9, bugs=_gd_bugs(A, b, x0, lr, 40, t.ref))


@check(points=3)
def stable_step_limit(t):
    """max_stable_step of random 6 x 6 matrices, symmetric and not."""
    mats = [_spd(t.rng, 6, 50.0), _spd(t.rng, 6, 50.0, skew=1.0)]
    got = yield [t.call("max_stable_step", A) for A in mats]
    for A, g, kind in zip(mats, got, ("symmetric", "non-symmetric"), strict=True):
        t.close(g, t.ref.max_stable_step(A), what=f"max_stable_step of a {kind} A",
                rtol=1e-6, bugs=_step_bugs(A))


@check(points=2)
def optimal_step_size(t):
    """optimal_step of random 6 x 6 matrices, symmetric and not."""
    mats = [_spd(t.rng, 6, 30.0), _spd(t.rng, 6, 30.0, skew=1.0)]
    got = yield [t.call("optimal_step", A) for A in mats]
    for A, g, kind in zip(mats, got, ("symmetric", "non-symmetric"), strict=True):
        t.close(g, t.ref.optimal_step(A), what=f"optimal_step of a {kind} A", rtol=1e-6,
                bugs=_optimal_bugs(A))


@check(points=3)
def rate_across_step_sizes(t):
    """convergence_rate below, at and above the optimal step, and past the stable limit."""
    A = _spd(t.rng, 5, 25.0, skew=0.5)
    eta_opt, eta_max = t.ref.optimal_step(A), t.ref.max_stable_step(A)
    lrs = [0.5 * eta_opt, eta_opt, 0.5 * (eta_opt + eta_max), 1.2 * eta_max]
    got = yield [t.call("convergence_rate", A, lr) for lr in lrs]
    for lr, g in zip(lrs, got, strict=True):
        t.close(g, t.ref.convergence_rate(A, lr), what=f"convergence_rate(A, {lr:.4g})",
                rtol=1e-6, bugs=_rate_bugs(A, lr))
