"""gradient-check written differently: perturb a private copy through a flat view, never x."""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    work = np.array(x, dtype=np.float64, copy=True)  # x itself is never touched
    flat = work.reshape(-1)  # a view: writing flat[k] changes work
    grad = np.empty(flat.size)
    for k in range(flat.size):
        saved = flat[k]
        flat[k] = saved + h
        up = f(work)
        flat[k] = saved - h
        down = f(work)
        flat[k] = saved
        grad[k] = 0.5 * (up - down) / h
    return grad.reshape(x.shape)


def relative_error(a, b):
    a, b = np.asarray(a, dtype=np.float64).ravel(), np.asarray(b, dtype=np.float64).ravel()
    num, den = np.abs(a - b), np.abs(a) + np.abs(b)
    ratios = [n / d if d > 1e-12 else n / 1e-12 for n, d in zip(num, den, strict=True)]
    return max(ratios)
