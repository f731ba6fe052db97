import numpy as np


def metropolis_hastings(log_density, x0, n_samples, step, rng):
    x = np.array(x0, dtype=float)
    samples = np.zeros((n_samples, x.size))
    for i in range(n_samples):
        proposal = x + step * rng.standard_normal(x.size)
        log_ratio = log_density(proposal) - log_density(x)
        if rng.random() < min(1.0, log_ratio):  # BUG: compares u with the LOG ratio
            x = proposal
        samples[i] = x
    return samples
