import numpy as np


def posterior(x, mu0, var0, noise_var):
    x = np.asarray(x, dtype=np.float64)
    var_n = 1.0 / (1.0 / var0 + x.size / noise_var)
    xbar = x.mean() if x.size else 0.0
    mu_n = var_n * (mu0 / var0 + xbar / noise_var)  # BUG: the mean where the sum belongs
    return float(mu_n), float(var_n)
