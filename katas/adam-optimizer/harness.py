"""Public probes for adam-optimizer: they run your Adam and return plain arrays."""

import numpy as np


def adam_trajectory(solution, params, grads, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    """Step Adam through grads[k][i] for i = 0..T-1; return each param at steps 0..T, (T+1, ...)."""
    held = {k: np.array(v) for k, v in params.items()}  # the caller's arrays
    opt = solution.Adam(dict(held), lr=lr, betas=tuple(betas), eps=eps)
    steps = len(next(iter(grads.values())))
    trajectory = {k: [p.copy()] for k, p in held.items()}
    for i in range(steps):
        opt.step({k: np.array(g[i]) for k, g in grads.items()})
        for k, p in held.items():
            trajectory[k].append(p.copy())
    return {k: np.stack(ps) for k, ps in trajectory.items()}


def quadratic(x, scales, centre):
    """f(x) = 1/2 sum_i scales_i (x_i - centre_i)^2 and its gradient."""
    d = x - centre
    return 0.5 * float(np.sum(scales * d**2)), scales * d


def adam_minimise(solution, x0, scales, centre, lr, steps):
    """Minimise `quadratic` with your Adam from x0; return the losses at steps 0..steps."""
    x = np.array(x0, dtype=np.float64)
    opt = solution.Adam({"x": x}, lr=lr)
    losses = []
    for _ in range(steps):
        f, g = quadratic(x, scales, centre)
        losses.append(f)
        opt.step({"x": g})
    losses.append(quadratic(x, scales, centre)[0])
    return np.array(losses)
