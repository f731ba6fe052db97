import numpy as np


def posterior(x, mu0, var0, noise_var):
    n = len(x)
    weight = var0 / (var0 + noise_var / n) if n else 0.0
    xbar = float(np.mean(x)) if n else 0.0
    return weight * xbar + (1.0 - weight) * mu0, var0 * noise_var / (noise_var + n * var0)


def predictive(x, mu0, var0, noise_var):
    mu_n, var_n = posterior(x, mu0, var0, noise_var)
    return mu_n, noise_var + var_n


def sequential(x, mu0, var0, noise_var):
    # In natural parameters: precision and precision-weighted mean accumulate.
    counts = np.arange(len(x) + 1)
    sums = np.concatenate([[0.0], np.cumsum(x)])
    precision = 1.0 / var0 + counts / noise_var
    return (mu0 / var0 + sums / noise_var) / precision, 1.0 / precision
