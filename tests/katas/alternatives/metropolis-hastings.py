"""metropolis-hastings written differently: all random numbers drawn up front, a list of
states, acceptance as u < exp(min(0, log ratio))."""

import math

import numpy as np


def metropolis_hastings(log_density, x0, n_samples, step, rng):
    current = np.asarray(x0, dtype=np.float64).copy()
    d = current.shape[0]
    noise = rng.normal(0.0, step, size=(n_samples, d))
    uniforms = rng.uniform(size=n_samples)
    current_lp = float(log_density(current))
    chain = []
    for eps, u in zip(noise, uniforms, strict=True):
        candidate = current + eps
        candidate_lp = float(log_density(candidate))
        if u < math.exp(min(0.0, candidate_lp - current_lp)):
            current, current_lp = candidate, candidate_lp
        chain.append(current)
    return np.vstack(chain) if chain else np.zeros((0, d))
