"""hamiltonian-monte-carlo written differently: leapfrog as kick-drift-kick without merging,
energies through a small closure, uniforms compared as probabilities."""

import math

import numpy as np


def leapfrog(grad_log_density, q, p, step_size, n_steps):
    position = np.asarray(q, dtype=float).copy()
    momentum = np.asarray(p, dtype=float).copy()
    half = step_size / 2.0
    for _ in range(int(n_steps)):
        momentum += half * np.asarray(grad_log_density(position))
        position += step_size * momentum
        momentum += half * np.asarray(grad_log_density(position))
    return position, momentum


def hmc_step(log_density, grad_log_density, q, p, step_size, n_steps, u):
    def energy(x, m):
        return -float(log_density(x)) + 0.5 * float(np.dot(m, m))

    start = np.asarray(q, dtype=float)
    end, end_momentum = leapfrog(grad_log_density, start, p, step_size, n_steps)
    log_ratio = energy(start, np.asarray(p, dtype=float)) - energy(end, end_momentum)
    accept = log_ratio >= 0 or u < math.exp(log_ratio)
    return (end, True) if accept else (start.copy(), False)


def hmc_sample(log_density, grad_log_density, x0, n_samples, step_size, n_steps, rng):
    state = np.asarray(x0, dtype=float)
    out = np.zeros((n_samples, state.shape[0]))
    for k in range(n_samples):
        momentum = rng.normal(size=state.shape[0])
        state, _ = hmc_step(log_density, grad_log_density, state, momentum, step_size, n_steps,
                            rng.uniform())
        out[k] = state
    return out
