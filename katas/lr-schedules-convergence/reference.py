"""Step-size schedules, and what they do to (stochastic) gradient descent on a strongly convex
quadratic f(x) = 1/2 x^T A x - b^T x: the error e_t = x_t - x* evolves as
e_{t+1} = (I - lr_t A) e_t - lr_t xi_t, one independent factor per eigenvalue of A."""

import numpy as np


def lr_schedule(name, lr0, steps, warmup=0):
    t = np.arange(steps, dtype=np.float64)  # step index 0 .. steps - 1
    if name == "constant":
        return np.full(steps, float(lr0))
    if name == "inverse":
        return lr0 / (1.0 + t)
    if name == "inverse_sqrt":
        return lr0 / np.sqrt(1.0 + t)
    if name == "cosine":
        return lr0 * 0.5 * (1.0 + np.cos(np.pi * t / steps))
    if name == "warmup_cosine":
        assert 0 < warmup < steps
        ramp = lr0 * (t + 1.0) / warmup                     # reaches lr0 at t = warmup - 1
        decay = lr0 * 0.5 * (1.0 + np.cos(np.pi * (t - warmup) / (steps - warmup)))
        return np.where(t < warmup, ramp, decay)
    raise ValueError(f"unknown schedule {name!r}")


def run_schedule(A, b, x0, lrs, noise=None):
    A, b = np.asarray(A, dtype=np.float64), np.asarray(b, dtype=np.float64)
    xs = [np.asarray(x0, dtype=np.float64)]                 # (n,)
    for t, lr in enumerate(lrs):
        g = A @ xs[-1] - b                                  # exact gradient
        if noise is not None:
            g = g + noise[t]                                # a stochastic gradient
        xs.append(xs[-1] - lr * g)
    return np.stack(xs)                                     # (T + 1, n)


def worst_case_factor(A, lrs):
    lam = np.linalg.eigvalsh(A)                             # (n,) all > 0
    factors = np.prod(np.abs(1.0 - np.outer(lrs, lam)), axis=0)  # (n,) one per eigenvector
    return float(np.max(factors))                           # the worst starting direction


def sgd_noise_floor(A, lr, noise_var):
    lam = np.linalg.eigvalsh(A)
    if lr * lam[-1] >= 2.0:
        return float("inf")                                 # unstable: the error grows
    # per eigen-direction: v = (1 - lr lam)^2 v + lr^2 s2  =>  v = lr s2 / (lam (2 - lr lam))
    return float(np.sum(lr * noise_var / (lam * (2.0 - lr * lam))))
