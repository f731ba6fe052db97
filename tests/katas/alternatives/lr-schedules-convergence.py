"""lr-schedules-convergence written differently: schedules by a per-step loop, the iterates in
the eigenbasis of A, the worst case and the noise floor from per-direction recurrences."""

import math

import numpy as np


def lr_schedule(name, lr0, steps, warmup=0):
    out = []
    for t in range(steps):
        if name == "constant":
            lr = lr0
        elif name == "inverse":
            lr = lr0 / (t + 1)
        elif name == "inverse_sqrt":
            lr = lr0 / math.sqrt(t + 1)
        elif name == "cosine":
            lr = lr0 * (1 + math.cos(math.pi * t / steps)) / 2
        elif t < warmup:
            lr = lr0 * (t + 1) / warmup
        else:
            lr = lr0 * (1 + math.cos(math.pi * (t - warmup) / (steps - warmup))) / 2
        out.append(lr)
    return np.array(out, dtype=float)


def run_schedule(A, b, x0, lrs, noise=None):
    lam, Q = np.linalg.eigh(A)
    xstar = np.linalg.solve(A, b)
    z = Q.T @ (np.asarray(x0, float) - xstar)  # the error in the eigenbasis
    rows = [z]
    for t, lr in enumerate(lrs):
        z = (1 - lr * lam) * z
        if noise is not None:
            z = z - lr * (Q.T @ noise[t])
        rows.append(z)
    return np.array(rows) @ Q.T + xstar


def worst_case_factor(A, lrs):
    lam = np.linalg.eigvalsh(A)
    best = 0.0
    for l in lam:
        f = 1.0
        for lr in lrs:
            f *= abs(1 - lr * l)
        best = max(best, f)
    return best


def sgd_noise_floor(A, lr, noise_var):
    total = 0.0
    for l in np.linalg.eigvalsh(A):
        c = (1 - lr * l) ** 2
        if c >= 1:
            return math.inf
        total += lr * lr * noise_var / (1 - c)
    return total
