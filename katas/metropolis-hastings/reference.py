"""Random-walk Metropolis-Hastings, one chain."""

import numpy as np


def metropolis_hastings(log_density, x0, n_samples, step, rng):
    x = np.array(x0, dtype=np.float64)  # (d,) current state
    assert x.ndim == 1 and n_samples >= 0 and step > 0
    log_p = log_density(x)
    samples = np.empty((n_samples, x.size))  # (n_samples, d)
    for i in range(n_samples):
        proposal = x + step * rng.standard_normal(x.size)  # symmetric: q(x'|x) = q(x|x')
        log_p_new = log_density(proposal)
        # accept with probability min(1, p(x')/p(x)), compared in log space
        if np.log(rng.random()) < log_p_new - log_p:
            x, log_p = proposal, log_p_new
        samples[i] = x  # on rejection the current state is recorded again
    return samples
