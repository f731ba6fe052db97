import numpy as np


def leapfrog(grad_log_density, q, p, step_size, n_steps):
    """n_steps leapfrog steps of size step_size from (q, p); returns (q_new, p_new)."""
    raise NotImplementedError


def hmc_step(log_density, grad_log_density, q, p, step_size, n_steps, u):
    """One HMC transition from q with momentum p and uniform u; returns (q_next, accepted)."""
    raise NotImplementedError


def hmc_sample(log_density, grad_log_density, x0, n_samples, step_size, n_steps, rng):
    """n_samples states of an HMC chain started at x0; shape (n_samples, d)."""
    raise NotImplementedError
