import numpy as np


def metropolis_hastings(log_density, x0, n_samples, step, rng):
    x = np.array(x0, dtype=float)
    out = []
    while len(out) < n_samples:
        proposal = x + step * rng.standard_normal(x.shape)
        if np.log(rng.random()) < log_density(proposal) - log_density(x):
            x = proposal
            out.append(x.copy())  # BUG: a rejected step records nothing
    return np.array(out)
