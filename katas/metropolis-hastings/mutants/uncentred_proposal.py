import numpy as np


def metropolis_hastings(log_density, x0, n_samples, step, rng):
    x = np.array(x0, dtype=float)
    samples = np.zeros((n_samples, x.size))
    for i in range(n_samples):
        # BUG: uniform proposal not centred at x; asymmetric and uncorrected
        proposal = x + step * (rng.random(x.size) - 0.4)
        if np.log(rng.random()) < log_density(proposal) - log_density(x):
            x = proposal
        samples[i] = x
    return samples
