"""gradient-estimators written differently: the score in terms of eps (z - mu = sigma eps),
columns filled one at a time."""

import numpy as np


def score_function_grads(f, mu, sigma, eps, baseline=0.0):
    e = np.asarray(eps, dtype=float)
    centred_f = np.asarray(f(mu + sigma * e), dtype=float) - baseline
    out = np.empty((e.size, 2))
    out[:, 0] = centred_f * e / sigma             # (z - mu) / sigma^2
    out[:, 1] = centred_f * (e * e - 1) / sigma   # ((z - mu)^2 - sigma^2) / sigma^3
    return out


def reparam_grads(grad_f, mu, sigma, eps):
    e = np.asarray(eps, dtype=float)
    slope = np.asarray(grad_f(mu + sigma * e), dtype=float)
    return np.column_stack((slope, slope * e))
