import numpy as np


def metropolis_hastings(log_density, x0, n_samples, step, rng):
    """n_samples states of a random-walk Metropolis-Hastings chain started at x0; (n_samples, d)."""
    raise NotImplementedError
