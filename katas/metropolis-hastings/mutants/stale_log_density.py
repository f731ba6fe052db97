import numpy as np


def metropolis_hastings(log_density, x0, n_samples, step, rng):
    x = np.array(x0, dtype=float)
    log_p = log_density(x)
    samples = np.zeros((n_samples, x.size))
    for i in range(n_samples):
        proposal = x + step * rng.standard_normal(x.size)
        log_p_new = log_density(proposal)
        if np.log(rng.random()) < log_p_new - log_p:
            x = proposal  # BUG: log_p is not updated with the new state
        samples[i] = x
    return samples
