import numpy as np


def metropolis_hastings(log_density, x0, n_samples, step, rng):
    x = np.array(x0, dtype=float)
    out = []
    for _ in range(n_samples):
        proposal = x + step * rng.standard_normal(x.shape)
        ratio = np.exp(log_density(proposal) - log_density(x))
        if rng.random() < max(1.0, ratio):  # BUG: max instead of min, always accepts
            x = proposal
        out.append(x.copy())
    return np.array(out)
